"""Pages of the plans app (programs, plans, tasks, calendar; the task import is core's ImportView)."""

from .calendar import CalendarView
from .programs import (
    PlanDeleteView,
    PlanDetailView,
    PlanDocumentView,
    PlanEditView,
    PlanListView,
    PlanTransitionView,
    ProgramDeleteView,
    ProgramDetailView,
    ProgramEditView,
    ProgramListView,
)
from .tasks import (
    TaskAssignedListView,
    TaskAssignManyView,
    TaskDeleteView,
    TaskDetailView,
    TaskEditView,
    TaskGroupDetailView,
    TaskIssuedListView,
    TaskProgressView,
    TaskTransitionView,
)

__all__ = [
    "CalendarView",
    "PlanDeleteView",
    "PlanDetailView",
    "PlanDocumentView",
    "PlanEditView",
    "PlanListView",
    "PlanTransitionView",
    "ProgramDeleteView",
    "ProgramDetailView",
    "ProgramEditView",
    "ProgramListView",
    "TaskAssignedListView",
    "TaskAssignManyView",
    "TaskDeleteView",
    "TaskDetailView",
    "TaskEditView",
    "TaskGroupDetailView",
    "TaskIssuedListView",
    "TaskProgressView",
    "TaskTransitionView",
]
