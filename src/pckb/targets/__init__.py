"""Key targets: the list of protected sites, their response plans, scenarios and readiness (#10)."""
