"""Pages of inspection missions: list, detail (units, follow-up board, documents, history), add/edit,
delete, the workflow, the team decision and conclusion documents, the assessment table as Excel."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

from pckb.core.register.views import DraftFromSourceView
from pckb.core.scoping import get_object_for_user
from pckb.core.views import (
    Column,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceEditView,
)
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from .. import services
from ..filters import InspectionPageFilterSet
from ..forms import InspectionForm
from ..models import Assessment, Finding, Inspection

__all__ = [
    "InspectionListView",
    "InspectionDetailView",
    "InspectionEditView",
    "InspectionDeleteView",
    "InspectionTransitionView",
    "InspectionDocumentView",
    "assessments_xlsx",
]


class InspectionListView(ScopedListView):
    model = Inspection
    title = gettext_lazy("Inspections")
    filterset_class = InspectionPageFilterSet
    select_related = ("organization",)
    add_url_name = "inspections:inspection_add"
    export_name = "inspections"
    default_sort = "-visit_from"
    columns = [
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("organization", gettext_lazy("Inspecting committee"), sort="organization__name"),
        Column("units_label", gettext_lazy("Inspected units")),
        Column("visit_from", gettext_lazy("Visit from"), sort="visit_from", card="primary"),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
        Column("decision_number", gettext_lazy("Decision number"), card="meta"),
    ]

    def base_queryset(self) -> QuerySet:
        return super().base_queryset().prefetch_related("inspected")

    def table_rows(self, objects: Any, columns: list[Column]) -> list[dict[str, Any]]:
        for obj in objects:
            obj.units_label = ", ".join(str(org) for org in obj.inspected.all())
        return super().table_rows(objects, columns)


class InspectionDetailView(TransitionsMixin, ScopedDetailView):
    model = Inspection
    template_name = "inspections/inspection_detail.html"
    transition_url_name = "inspections:inspection_transition"

    def get_queryset(self) -> QuerySet:
        return Inspection.objects.select_related("organization", "checklist").prefetch_related("key_targets")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        inspection, user = self.object, self.request.user
        assessments = list(
            Assessment.objects.visible_to(user).filter(inspection=inspection).select_related("inspected")
        )
        findings = list(
            Finding.objects.visible_to(user)
            .filter(assessment__inspection=inspection)
            .select_related("assessment__inspected", "criterion", "task")
            .order_by("assessment__inspected__name", "id")
        )
        is_open = inspection.status in ("planned", "in_progress")
        ctx.update(
            assessments=assessments,
            units=list(inspection.inspected.all()),
            findings=findings,
            team=inspection.team_member_lines(),
            can_edit=ctx["can_change"] and is_open,
            can_add_finding=ctx["can_change"] and is_open and bool(assessments),
            can_draft=ctx["can_change"],
        )
        return ctx


class InspectionEditView(ServiceEditView):
    model = Inspection
    form_class = InspectionForm
    title_add = gettext_lazy("New inspection")
    title_edit = gettext_lazy("Edit inspection")
    parent_title = gettext_lazy("Inspections")
    parent_url_name = "inspections:inspection_list"
    create_service = services.do_create_inspection
    update_service = services.do_update_inspection


class InspectionDeleteView(ServiceDeleteView):
    model = Inspection
    delete_service = services.do_delete_inspection
    success_url_name = "inspections:inspection_list"


class InspectionTransitionView(TransitionView):
    """Start, conclude (findings become tasks), start the follow-up, close (INSPECTION_WORKFLOW)."""

    workflow = services.INSPECTION_WORKFLOW


class InspectionDocumentView(DraftFromSourceView):
    """The team decision (QĐ) or the conclusion notice (TB), drafted in the document register."""

    model = Inspection


def assessments_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment table (criteria × units) of what the user may read, as a workbook."""
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    from ..exports import assessment_workbook_response

    inspection = get_object_for_user(request.user, Inspection, pk, "view")
    return assessment_workbook_response(inspection, request.user)
