"""Pages of programs and plans: lists, details, add/edit, issue/close/delete with confirmation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from pckb.core.register.views import DraftFromSourceView
from pckb.core.scoping import can
from pckb.core.views import (
    Column,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceEditView,
)
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from .. import services
from ..choices import PlanStatus
from ..filters import PlanFilterSet, ProgramFilterSet
from ..forms import PlanForm, ProgramForm
from ..models import Plan, Program, Task
from .summary import completion_rows

__all__ = [
    "ProgramListView",
    "ProgramDetailView",
    "ProgramEditView",
    "ProgramDeleteView",
    "PlanListView",
    "PlanDetailView",
    "PlanEditView",
    "PlanDeleteView",
    "PlanTransitionView",
    "PlanDocumentView",
]


class ProgramListView(ScopedListView):
    model = Program
    title = gettext_lazy("Programs")
    filterset_class = ProgramFilterSet
    select_related = ("organization",)
    add_url_name = "plans:program_add"
    export_name = "programs"
    default_sort = "-period_from"
    columns = [
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("organization", gettext_lazy("Issuing committee"), sort="organization__name"),
        Column("period_from", gettext_lazy("From"), sort="period_from"),
        Column("period_to", gettext_lazy("To"), sort="period_to"),
        Column("legal_basis", gettext_lazy("Legal basis")),
    ]


class ProgramDetailView(ScopedDetailView):
    model = Program
    template_name = "plans/program_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["plans"] = Plan.objects.visible_to(self.request.user).filter(program=self.object).order_by("-period_from")
        ctx["can_delete"] = can(self.request.user, "delete", self.object.organization)
        return ctx


class ProgramEditView(ServiceEditView):
    model = Program
    form_class = ProgramForm
    title_add = gettext_lazy("New program")
    title_edit = gettext_lazy("Edit program")
    create_service = services.do_create_program
    update_service = services.do_update_program


class ProgramDeleteView(ServiceDeleteView):
    model = Program
    delete_service = services.do_delete_program
    success_url_name = "plans:program_list"


class PlanListView(ScopedListView):
    model = Plan
    title = gettext_lazy("Plans")
    filterset_class = PlanFilterSet
    select_related = ("organization", "program")
    add_url_name = "plans:plan_add"
    export_name = "plans"
    default_sort = "-period_from"
    columns = [
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("document_number", gettext_lazy("Document number"), sort="document_number"),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("organization", gettext_lazy("Issuing committee"), sort="organization__name"),
        Column("period_from", gettext_lazy("From"), sort="period_from"),
        Column("period_to", gettext_lazy("To"), sort="period_to"),
        Column("status", gettext_lazy("Status"), sort="status"),
    ]


class PlanDetailView(TransitionsMixin, ScopedDetailView):
    model = Plan
    template_name = "plans/plan_detail.html"
    transition_url_name = "plans:plan_transition"
    task_limit = 500

    def get_queryset(self) -> Any:
        return Plan.objects.select_related("organization", "program", "issued_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        tasks = Task.objects.visible_to(user).filter(plan=plan)
        summary = tasks.completion_by_assignee()
        total = sum(row["total"] - row["cancelled"] for row in summary)
        completed = sum(row["completed"] for row in summary)
        ctx.update(
            tasks=tasks.with_overdue().select_related("assignee").order_by("deadline", "pk")[: self.task_limit],
            task_count=sum(row["total"] for row in summary),
            task_limit=self.task_limit,
            summary=completion_rows(summary),
            completed=completed,
            percent=round(100 * completed / total) if total else 0,
            can_add_tasks=ctx["can_change"] and plan.status != PlanStatus.CLOSED,
            can_delete=ctx["can_change"] and plan.status == PlanStatus.DRAFT,
        )
        return ctx


class PlanEditView(ServiceEditView):
    model = Plan
    form_class = PlanForm
    title_add = gettext_lazy("New plan")
    title_edit = gettext_lazy("Edit plan")
    create_service = services.do_create_plan
    update_service = services.do_update_plan


class PlanDeleteView(ServiceDeleteView):
    model = Plan
    delete_service = services.do_delete_plan
    success_url_name = "plans:plan_list"


class PlanTransitionView(TransitionView):
    """Issue or close a plan (PLAN_WORKFLOW) after confirmation; /issue/ and /close/ fix the target."""

    workflow = services.PLAN_WORKFLOW


class PlanDocumentView(DraftFromSourceView):
    """ "Soạn Kế hoạch (văn bản)": the plan's Kế hoạch drafted in the document register."""

    model = Plan
