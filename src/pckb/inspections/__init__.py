"""Inspections: checklists, missions, scored assessments, findings followed up as tasks (#11)."""
