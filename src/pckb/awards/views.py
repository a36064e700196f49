"""Pages of commendations: list (filters, export), detail, propose/edit, delete, approve/reject, linked
achievements, and decision batches with their decision (QĐ) drafted in the document register."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.register.views import DraftFromSourceView
from pckb.core.scoping import get_object_for_user
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

from . import services
from .choices import CommendationStatus
from .filters import CommendationBatchFilterSet, CommendationPageFilterSet
from .forms import AchievementForm, CommendationBatchForm, CommendationForm
from .models import Commendation, CommendationBatch

__all__ = [
    "CommendationListView",
    "CommendationDetailView",
    "CommendationEditView",
    "CommendationDeleteView",
    "CommendationTransitionView",
    "AchievementAddView",
    "AchievementRemoveView",
    "CommendationBatchListView",
    "CommendationBatchAddView",
    "CommendationBatchDetailView",
    "CommendationBatchDocumentView",
]


class CommendationListView(ScopedListView):
    model = Commendation
    title = gettext_lazy("Commendations")
    template_name = "awards/commendation_list.html"
    filterset_class = CommendationPageFilterSet
    select_related = ("organization", "recipient_organization")
    add_url_name = "awards:commendation_add"
    export_name = "commendations"
    default_sort = "-year"
    columns = [
        Column("recipient_label", gettext_lazy("Recipient"), link=True),
        Column("form", gettext_lazy("Form of commendation"), sort="form"),
        Column("year", gettext_lazy("Year"), sort="year", card="meta"),
        Column("organization", gettext_lazy("Proposing organization"), sort="organization__name"),
        Column("decision_number", gettext_lazy("Decision number"), card="meta"),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
    ]


class CommendationDetailView(TransitionsMixin, ScopedDetailView):
    model = Commendation
    template_name = "awards/commendation_detail.html"
    transition_url_name = "awards:commendation_transition"

    def get_queryset(self) -> QuerySet:
        return Commendation.objects.select_related("organization", "recipient_organization", "decided_by", "batch")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        proposed = self.object.status == CommendationStatus.PROPOSED
        ctx.update(
            achievements=services.achievements_of(self.object, self.request.user),
            can_edit=ctx["can_change"] and proposed,
        )
        return ctx


class CommendationEditView(ServiceEditView):
    model = Commendation
    form_class = CommendationForm
    title_add = gettext_lazy("Propose a commendation")
    title_edit = gettext_lazy("Edit the proposal")
    parent_title = gettext_lazy("Commendations")
    parent_url_name = "awards:commendation_list"
    create_service = services.do_propose_commendation
    update_service = services.do_update_commendation


class CommendationDeleteView(ServiceDeleteView):
    model = Commendation
    delete_service = services.do_delete_commendation
    success_url_name = "awards:commendation_list"


class CommendationTransitionView(TransitionView):
    """Approve or reject a proposal (managers of the proposing organisation); the decider is recorded."""

    workflow = services.COMMENDATION_WORKFLOW


class AchievementAddView(ServiceFormView):
    form_class = AchievementForm
    title = gettext_lazy("Link an achievement")
    parent_title = gettext_lazy("Commendations")
    parent_url_name = "awards:commendation_list"

    def get_object(self) -> Commendation:
        return get_object_for_user(self.request.user, Commendation, self.kwargs["pk"], "change")

    def perform(self, form: Any, obj: Commendation) -> Commendation:
        records = [record for _link, record in services.achievements_of(obj, self.request.user) if record is not None]
        return services.do_update_commendation(
            obj, actor=self.request.user, achievements=[*records, form.cleaned_data["record"]]
        )


class AchievementRemoveView(ConfirmedActionView):
    model = Commendation
    template_name = "core/confirm_delete.html"

    def confirmation(self, obj: Commendation) -> dict[str, Any]:
        get_object_or_404(obj.achievements, pk=self.kwargs["link"])
        return {"title": _("Remove this linked achievement?")}

    def perform(self, obj: Commendation) -> str:
        link = get_object_or_404(obj.achievements, pk=self.kwargs["link"])
        records = [
            record
            for other, record in services.achievements_of(obj, self.request.user)
            if record is not None and other.pk != link.pk
        ]
        services.do_update_commendation(obj, actor=self.request.user, achievements=records)
        messages.success(self.request, _("Deleted."))
        return obj.get_absolute_url()


class CommendationBatchListView(ScopedListView):
    model = CommendationBatch
    title = gettext_lazy("Commendation batches")
    filterset_class = CommendationBatchFilterSet
    select_related = ("organization",)
    add_url_name = "awards:commendationbatch_add"
    export_name = "commendation-batches"
    default_sort = "-year"
    columns = [
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("year", gettext_lazy("Year"), sort="year", card="primary"),
        Column("organization", gettext_lazy("Deciding organization"), sort="organization__name"),
        Column("decision_number", gettext_lazy("Decision number"), card="primary"),
    ]


class CommendationBatchAddView(ServiceFormView):
    form_class = CommendationBatchForm
    title = gettext_lazy("New commendation batch")
    parent_title = gettext_lazy("Commendation batches")
    parent_url_name = "awards:commendationbatch_list"

    def perform(self, form: Any, obj: Any) -> CommendationBatch:
        data = dict(form.cleaned_data)
        owner = data.pop("organization")
        return services.do_create_batch(owner, actor=self.request.user, **data)


class CommendationBatchDetailView(ScopedDetailView):
    model = CommendationBatch
    template_name = "awards/commendationbatch_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["commendations"] = (
            Commendation.objects.visible_to(self.request.user)
            .filter(batch=self.object)
            .select_related("recipient_organization", "organization")
        )
        return ctx


class CommendationBatchDocumentView(DraftFromSourceView):
    """The batch's decision (QĐ), drafted in the document register; issuing it numbers the commendations."""

    model = CommendationBatch
