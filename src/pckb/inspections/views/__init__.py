"""Pages of checklists, inspections, assessments and findings."""

from .assessments import (
    AssessmentAnswersView,
    AssessmentDetailView,
    AssessmentEditView,
    FindingAddView,
    FindingDeleteView,
    FindingDetailView,
    FindingEditView,
)
from .checklists import (
    ChecklistDeleteView,
    ChecklistDetailView,
    ChecklistEditView,
    ChecklistListView,
    ChecklistNewVersionView,
    ChecklistTransitionView,
    CriterionDeleteView,
    CriterionEditView,
    checklist_xlsx,
)
from .inspections import (
    InspectionDeleteView,
    InspectionDetailView,
    InspectionDocumentView,
    InspectionEditView,
    InspectionListView,
    InspectionTransitionView,
    assessments_xlsx,
)

__all__ = [
    "AssessmentAnswersView",
    "AssessmentDetailView",
    "AssessmentEditView",
    "ChecklistDeleteView",
    "ChecklistDetailView",
    "ChecklistEditView",
    "ChecklistListView",
    "ChecklistNewVersionView",
    "ChecklistTransitionView",
    "CriterionDeleteView",
    "CriterionEditView",
    "FindingAddView",
    "FindingDeleteView",
    "FindingDetailView",
    "FindingEditView",
    "InspectionDeleteView",
    "InspectionDetailView",
    "InspectionDocumentView",
    "InspectionEditView",
    "InspectionListView",
    "InspectionTransitionView",
    "assessments_xlsx",
    "checklist_xlsx",
]
