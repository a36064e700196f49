"""The services of incidents: every write goes through them (docs/conventions.md)."""

from .alerts import (
    alert_organizations,
    alertable_organizations,
    check_addressed,
    do_acknowledge_alert,
    escalate_due_alerts,
    escalation_delay,
    standing_office,
)
from .incidents import (
    INCIDENT_FIELDS,
    INCIDENT_WORKFLOW,
    checklist_for,
    do_add_note,
    do_check_step,
    do_create_lesson_task,
    do_report_incident,
    do_update_incident,
    may_take_part,
)
from .webhooks import SIGNATURE_HEADER, alert_payload, do_remove_alert_webhook, do_set_alert_webhook, sign

__all__ = [
    "INCIDENT_FIELDS",
    "INCIDENT_WORKFLOW",
    "SIGNATURE_HEADER",
    "alert_organizations",
    "alertable_organizations",
    "alert_payload",
    "check_addressed",
    "checklist_for",
    "do_acknowledge_alert",
    "do_add_note",
    "do_check_step",
    "do_create_lesson_task",
    "do_remove_alert_webhook",
    "do_report_incident",
    "do_set_alert_webhook",
    "do_update_incident",
    "escalate_due_alerts",
    "escalation_delay",
    "may_take_part",
    "sign",
    "standing_office",
]
