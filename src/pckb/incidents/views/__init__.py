"""Pages of incidents: the list, the live board and page, alerts, the map."""

from .board import (
    AlertAcknowledgeView,
    AlertListView,
    AlertWebhookView,
    BoardLiveView,
    BoardView,
    IncidentMapView,
    IncidentPointsView,
)
from .incidents import (
    IncidentDetailView,
    IncidentDocumentView,
    IncidentEditView,
    IncidentListView,
    IncidentLiveView,
    IncidentTransitionView,
    LessonTaskView,
    NoteAddView,
    StepCheckView,
)

__all__ = [
    "AlertAcknowledgeView",
    "AlertListView",
    "AlertWebhookView",
    "BoardLiveView",
    "BoardView",
    "IncidentDetailView",
    "IncidentDocumentView",
    "IncidentEditView",
    "IncidentListView",
    "IncidentLiveView",
    "IncidentMapView",
    "IncidentPointsView",
    "IncidentTransitionView",
    "LessonTaskView",
    "NoteAddView",
    "StepCheckView",
]
