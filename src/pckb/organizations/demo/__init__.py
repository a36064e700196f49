"""The demo's organisation tree, committees, rosters and logins (data only; pckb.demo.loader builds them)."""
