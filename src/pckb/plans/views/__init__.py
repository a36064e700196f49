"""Pages of the plans app (programs, plans, tasks, calendar; the task import is core's ImportView)."""

from .calendar import CalendarView
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
    plan_attachment,
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
    taskupdate_attachment,
)

__all__ = [
    "CalendarView",
    "PlanDeleteView",
    "PlanDetailView",
    "PlanEditView",
    "PlanListView",
    "PlanTransitionView",
    "ProgramDeleteView",
    "ProgramDetailView",
    "ProgramEditView",
    "ProgramListView",
    "plan_attachment",
    "TaskAssignedListView",
    "TaskAssignManyView",
    "TaskDeleteView",
    "TaskDetailView",
    "TaskEditView",
    "TaskGroupDetailView",
    "TaskIssuedListView",
    "TaskProgressView",
    "TaskTransitionView",
    "taskupdate_attachment",
]
