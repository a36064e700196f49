"""Pages of checklists: list, detail with criteria, add/edit a draft, criteria, publish, new version."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.scoping import default_organization, get_object_for_user
from pckb.core.views import (
    Column,
    ConfirmedActionView,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceEditView,
    ServiceFormView,
)
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from .. import services
from ..choices import ChecklistStatus
from ..filters import ChecklistFilterSet
from ..forms import ChecklistForm, CriterionForm
from ..models import Checklist, Criterion
from .campaigns import CampaignAddView

__all__ = [
    "ChecklistListView",
    "ChecklistDetailView",
    "ChecklistEditView",
    "ChecklistDeleteView",
    "ChecklistTransitionView",
    "ChecklistNewVersionView",
    "CriterionEditView",
    "CriterionDeleteView",
    "checklist_xlsx",
]


class ChecklistListView(ScopedListView):
    model = Checklist
    title = gettext_lazy("Checklists")
    filterset_class = ChecklistFilterSet
    select_related = ("organization",)
    add_url_name = "inspections:checklist_add"
    export_name = "checklists"
    default_sort = "title"
    columns = [
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("version", gettext_lazy("Version"), sort="version", card="meta"),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
        Column("organization", gettext_lazy("Committee"), sort="organization__name"),
        Column("published_on", gettext_lazy("Published on"), sort="published_on", card="meta"),
    ]


class ChecklistDetailView(TransitionsMixin, ScopedDetailView):
    model = Checklist
    template_name = "inspections/checklist_detail.html"
    transition_url_name = "inspections:checklist_transition"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        checklist = self.object
        criteria = list(checklist.criteria.all())
        is_draft = checklist.status == ChecklistStatus.DRAFT
        ctx.update(
            groups=[(group, list(rows)) for group, rows in groupby(criteria, key=lambda c: c.group)],
            criteria_count=len(criteria),
            can_edit=ctx["can_change"] and is_draft,
            can_copy=not is_draft and default_organization(self.request.user, "add") is not None,
            # No dead end: the campaign form opens only for those with a committee to send from.
            can_send=not is_draft and CampaignAddView.usable_by(self.request),
        )
        return ctx


class ChecklistEditView(ServiceEditView):
    model = Checklist
    form_class = ChecklistForm
    title_add = gettext_lazy("New checklist")
    title_edit = gettext_lazy("Edit checklist")
    parent_title = gettext_lazy("Checklists")
    parent_url_name = "inspections:checklist_list"
    create_service = services.do_create_checklist
    update_service = services.do_update_checklist


class ChecklistDeleteView(ServiceDeleteView):
    model = Checklist
    delete_service = services.do_delete_checklist
    success_url_name = "inspections:checklist_list"


class ChecklistTransitionView(TransitionView):
    """Publish a draft (CHECKLIST_WORKFLOW): from then on it never changes."""

    workflow = services.CHECKLIST_WORKFLOW


class ChecklistNewVersionView(ConfirmedActionView):
    """A draft copy of a published checklist, to change it (the built-in one: owned by your committee)."""

    model = Checklist
    action = "view"

    def get_object(self) -> Checklist:
        checklist = super().get_object()
        if default_organization(self.request.user, "add") is None:
            raise PermissionDenied(_("You may add records in no organization: ask a manager to make the new version."))
        return checklist

    def confirmation(self, obj: Checklist) -> dict[str, Any]:
        return {
            "title": _("Make a new version of “{checklist}”?").format(checklist=obj),
            "message": _("A draft copy with the same criteria is made; publish it once changed."),
            "confirm_label": _("Make a new version"),
        }

    def perform(self, obj: Checklist) -> str:
        owner = default_organization(self.request.user, "add")
        copy = services.do_new_checklist_version(obj, owner, actor=self.request.user)
        messages.success(self.request, _("A new draft version was made."))
        return copy.get_absolute_url()


class CriterionEditView(ServiceFormView):
    """Add (no `criterion`) or change a criterion of a draft checklist (`pk` is the checklist)."""

    form_class = CriterionForm
    parent_title = gettext_lazy("Checklists")
    parent_url_name = "inspections:checklist_list"

    def get_object(self) -> Checklist:
        return get_object_for_user(self.request.user, Checklist, self.kwargs["pk"], "change")

    def criterion(self, checklist: Checklist) -> Criterion | None:
        if "criterion" not in self.kwargs:
            return None
        return get_object_or_404(Criterion, checklist=checklist, pk=self.kwargs["criterion"])

    def get_title(self, obj: Checklist) -> Any:
        return _("Edit criterion") if "criterion" in self.kwargs else _("Add a criterion")

    def get_form_kwargs(self, obj: Checklist) -> dict[str, Any]:
        return {"user": self.request.user, "instance": self.criterion(obj)}

    def perform(self, form: Any, obj: Checklist) -> Checklist:
        data = dict(form.cleaned_data)
        if not data.get("number"):
            data.pop("number", None)
        criterion = self.criterion(obj)
        if criterion is None:
            services.do_add_criterion(obj, actor=self.request.user, **data)
        else:
            services.do_update_criterion(criterion, actor=self.request.user, **data)
        return obj


class CriterionDeleteView(ConfirmedActionView):
    model = Checklist
    template_name = "core/confirm_delete.html"

    def confirmation(self, obj: Checklist) -> dict[str, Any]:
        return {"title": _("Delete the criterion “{criterion}”?").format(criterion=self.criterion(obj))}

    def criterion(self, checklist: Checklist) -> Criterion:
        return get_object_or_404(Criterion, checklist=checklist, pk=self.kwargs["criterion"])

    def perform(self, obj: Checklist) -> str:
        services.do_delete_criterion(self.criterion(obj), actor=self.request.user)
        messages.success(self.request, _("Deleted."))
        return obj.get_absolute_url()


def checklist_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The criteria as a workbook in the import's columns (re-imports into a new draft unchanged)."""
    from django.contrib.auth.views import redirect_to_login

    from ..imports import checklist_workbook_response

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return checklist_workbook_response(get_object_for_user(request.user, Checklist, pk, "view"))
