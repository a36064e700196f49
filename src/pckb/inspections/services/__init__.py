"""The services of inspections: every write goes through them (docs/conventions.md)."""

from .assessments import ASSESSMENT_FIELDS, do_answer_assessment, do_update_assessment, score_of
from .campaigns import (
    CAMPAIGN_FIELDS,
    SELF_ASSESSMENT_WORKFLOW,
    do_answer_self_assessment,
    do_create_campaign,
    do_submit_self_assessment,
)
from .checklists import (
    CHECKLIST_FIELDS,
    CHECKLIST_WORKFLOW,
    CRITERION_FIELDS,
    do_add_criterion,
    do_create_checklist,
    do_delete_checklist,
    do_delete_criterion,
    do_new_checklist_version,
    do_publish_checklist,
    do_update_checklist,
    do_update_criterion,
)
from .findings import FINDING_FIELDS, do_create_finding, do_delete_finding, do_update_finding
from .inspections import (
    INSPECTION_FIELDS,
    INSPECTION_WORKFLOW,
    do_create_inspection,
    do_delete_inspection,
    do_transition_inspection,
    do_update_inspection,
)

__all__ = [
    "CAMPAIGN_FIELDS",
    "SELF_ASSESSMENT_WORKFLOW",
    "do_answer_self_assessment",
    "do_create_campaign",
    "do_submit_self_assessment",
    "ASSESSMENT_FIELDS",
    "CHECKLIST_FIELDS",
    "CHECKLIST_WORKFLOW",
    "CRITERION_FIELDS",
    "FINDING_FIELDS",
    "INSPECTION_FIELDS",
    "INSPECTION_WORKFLOW",
    "do_add_criterion",
    "do_answer_assessment",
    "do_create_checklist",
    "do_create_finding",
    "do_create_inspection",
    "do_delete_checklist",
    "do_delete_criterion",
    "do_delete_finding",
    "do_delete_inspection",
    "do_new_checklist_version",
    "do_publish_checklist",
    "do_transition_inspection",
    "do_update_assessment",
    "do_update_checklist",
    "do_update_criterion",
    "do_update_finding",
    "do_update_inspection",
    "score_of",
]
