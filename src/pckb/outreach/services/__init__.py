"""The services of trainings, the legal library and dissemination: every write goes through them."""

from .disseminations import (
    DISSEMINATION_FIELDS,
    GAP_LIMIT,
    do_assign_dissemination_tasks,
    do_create_dissemination,
    do_delete_dissemination,
    do_update_dissemination,
    gap_organizations,
)
from .events import (
    EVENT_FIELDS,
    clean_headcount,
    do_create_training_event,
    do_delete_training_event,
    do_remove_participation,
    do_set_participation,
    do_update_training_event,
)
from .library import (
    LEGAL_FIELDS,
    PUBLIC_CORE,
    do_create_legal_document,
    do_delete_legal_document,
    do_update_legal_document,
    seed_public_core,
)

__all__ = [
    "DISSEMINATION_FIELDS",
    "EVENT_FIELDS",
    "GAP_LIMIT",
    "LEGAL_FIELDS",
    "PUBLIC_CORE",
    "clean_headcount",
    "do_assign_dissemination_tasks",
    "do_create_dissemination",
    "do_create_legal_document",
    "do_create_training_event",
    "do_delete_dissemination",
    "do_delete_legal_document",
    "do_delete_training_event",
    "do_remove_participation",
    "do_set_participation",
    "do_update_dissemination",
    "do_update_legal_document",
    "do_update_training_event",
    "gap_organizations",
    "seed_public_core",
]
