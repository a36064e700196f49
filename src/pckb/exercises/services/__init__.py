"""The services of exercises: every write goes through them (docs/conventions.md)."""

from .exercises import (
    EVALUATION_FIELDS,
    EXERCISE_FIELDS,
    EXERCISE_WORKFLOW,
    do_conduct_exercise,
    do_create_exercise,
    do_delete_exercise,
    do_evaluate_exercise,
    do_remove_participant,
    do_set_participant,
    do_update_exercise,
    participants_of,
)
from .improvements import IMPROVEMENT_FIELDS, do_add_improvement_item, improvement_items
from .queries import calendar_entries, last_drill_dates

__all__ = [
    "EVALUATION_FIELDS",
    "EXERCISE_FIELDS",
    "EXERCISE_WORKFLOW",
    "IMPROVEMENT_FIELDS",
    "calendar_entries",
    "do_add_improvement_item",
    "do_conduct_exercise",
    "do_create_exercise",
    "do_delete_exercise",
    "do_evaluate_exercise",
    "do_remove_participant",
    "do_set_participant",
    "do_update_exercise",
    "improvement_items",
    "last_drill_dates",
    "participants_of",
]
