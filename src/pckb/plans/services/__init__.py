"""Business rules of programs, plans and tasks: every page, API call, import and demo goes through here."""

from .plans import (
    PLAN_WORKFLOW,
    do_close_plan,
    do_create_plan,
    do_create_program,
    do_delete_plan,
    do_delete_program,
    do_issue_plan,
    do_update_plan,
    do_update_program,
)
from .reminders import send_task_reminders
from .tasks import do_assign_task_to_many, do_create_task, do_delete_task, do_update_task
from .workflow import TASK_WORKFLOW, do_cancel_task, do_report_progress, do_transition_task

__all__ = [
    "do_create_program",
    "do_update_program",
    "do_delete_program",
    "do_create_plan",
    "do_update_plan",
    "do_issue_plan",
    "do_close_plan",
    "do_delete_plan",
    "do_create_task",
    "do_assign_task_to_many",
    "do_update_task",
    "do_delete_task",
    "do_transition_task",
    "do_cancel_task",
    "do_report_progress",
    "TASK_WORKFLOW",
    "PLAN_WORKFLOW",
    "send_task_reminders",
]
