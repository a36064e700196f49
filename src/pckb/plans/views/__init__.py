"""Pages of the plans app (programs, plans, tasks, calendar, import)."""

from .calendar import CalendarView
from .imports import PlanImportView, plan_import_template
from .programs import (
    PlanDeleteView,
    PlanDetailView,
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
    "PlanImportView",
    "plan_import_template",
    "PlanDeleteView",
    "PlanDetailView",
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
