"""Commendations: proposals, their approval and the decision (QĐ) of an approved batch (#12)."""
