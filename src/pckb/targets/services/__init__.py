"""The services of key targets: every write goes through them (docs/conventions.md)."""

from .plans import (
    PLAN_FIELDS,
    RESPONSE_PLAN_WORKFLOW,
    clean_steps,
    do_approve_response_plan,
    do_create_response_plan,
    do_delete_response_plan,
    do_remove_plan_scenario,
    do_set_plan_scenario,
    do_update_response_plan,
    initial_response_steps,
)
from .reviews import send_review_reminders
from .targets import (
    TARGET_FIELDS,
    TARGET_WORKFLOW,
    do_create_key_target,
    do_remove_key_target,
    do_restore_key_target,
    do_update_key_target,
)

__all__ = [
    "PLAN_FIELDS",
    "RESPONSE_PLAN_WORKFLOW",
    "TARGET_FIELDS",
    "TARGET_WORKFLOW",
    "clean_steps",
    "do_approve_response_plan",
    "do_create_key_target",
    "do_create_response_plan",
    "do_delete_response_plan",
    "do_remove_key_target",
    "do_remove_plan_scenario",
    "do_restore_key_target",
    "do_set_plan_scenario",
    "do_update_key_target",
    "do_update_response_plan",
    "initial_response_steps",
    "send_review_reminders",
]
