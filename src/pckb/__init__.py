"""PCKB."""
