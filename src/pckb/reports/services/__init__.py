"""The services of periodic reports: every write goes through them (docs/conventions.md)."""

from .reminders import send_round_reminders
from .rounds import ROUND_FIELDS, ROUND_WORKFLOW, default_recipients, do_open_round, do_update_round
from .submissions import (
    SUBMISSION_WORKFLOW,
    do_apply_rollup,
    do_refresh_computed,
    do_update_submission,
    prefill_values,
)
from .templates import (
    TEMPLATE_FIELDS,
    TEMPLATE_WORKFLOW,
    do_create_report_template,
    do_new_template_version,
    do_update_report_template,
)

__all__ = [
    "ROUND_FIELDS",
    "ROUND_WORKFLOW",
    "SUBMISSION_WORKFLOW",
    "TEMPLATE_FIELDS",
    "TEMPLATE_WORKFLOW",
    "default_recipients",
    "do_apply_rollup",
    "do_create_report_template",
    "do_new_template_version",
    "do_open_round",
    "do_refresh_computed",
    "do_update_report_template",
    "do_update_round",
    "do_update_submission",
    "prefill_values",
    "send_round_reminders",
]
