"""The services of commendations: every write goes through them (docs/conventions.md)."""

from .batches import BATCH_FIELDS, batchable_commendations, do_create_batch, do_record_decision
from .commendations import (
    COMMENDATION_FIELDS,
    COMMENDATION_WORKFLOW,
    achievements_of,
    do_approve_commendation,
    do_delete_commendation,
    do_propose_commendation,
    do_reject_commendation,
    do_update_commendation,
)

__all__ = [
    "BATCH_FIELDS",
    "COMMENDATION_FIELDS",
    "COMMENDATION_WORKFLOW",
    "achievements_of",
    "batchable_commendations",
    "do_approve_commendation",
    "do_create_batch",
    "do_delete_commendation",
    "do_propose_commendation",
    "do_record_decision",
    "do_reject_commendation",
    "do_update_commendation",
]
