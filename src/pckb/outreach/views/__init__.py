"""Pages of trainings and conferences, the legal library and dissemination."""

from .disseminations import (
    DisseminationDeleteView,
    DisseminationDetailView,
    DisseminationEditView,
    DisseminationListView,
)
from .events import (
    ParticipationRemoveView,
    ParticipationView,
    TrainingEventDeleteView,
    TrainingEventDetailView,
    TrainingEventEditView,
    TrainingEventListView,
)
from .library import (
    GapTasksView,
    LegalDocumentDeleteView,
    LegalDocumentDetailView,
    LegalDocumentEditView,
    LegalDocumentGapView,
    LegalDocumentListView,
)

__all__ = [
    "DisseminationDeleteView",
    "DisseminationDetailView",
    "DisseminationEditView",
    "DisseminationListView",
    "GapTasksView",
    "LegalDocumentDeleteView",
    "LegalDocumentDetailView",
    "LegalDocumentEditView",
    "LegalDocumentGapView",
    "LegalDocumentListView",
    "ParticipationRemoveView",
    "ParticipationView",
    "TrainingEventDeleteView",
    "TrainingEventDetailView",
    "TrainingEventEditView",
    "TrainingEventListView",
]
