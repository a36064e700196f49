"""Pages of trainings and conferences: list, detail (headcounts, conclusions, tasks), add/edit/delete."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.scoping import can, get_object_for_user
from pckb.core.views import (
    Column,
    ConfirmedActionView,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceEditView,
    ServiceFormView,
)
from pckb.organizations.models import Organization

from .. import services
from ..filters import TrainingEventFilterSet
from ..forms import ParticipationForm, TrainingEventForm
from ..models import TrainingEvent, TrainingParticipation

__all__ = [
    "TrainingEventListView",
    "TrainingEventDetailView",
    "TrainingEventEditView",
    "TrainingEventDeleteView",
    "ParticipationView",
    "ParticipationRemoveView",
]


class TrainingEventListView(ScopedListView):
    model = TrainingEvent
    title = gettext_lazy("Trainings and conferences")
    filterset_class = TrainingEventFilterSet
    select_related = ("organization",)
    add_url_name = "outreach:trainingevent_add"
    export_name = "trainings"
    default_sort = "-start_date"
    columns = [
        Column("start_date", gettext_lazy("Date"), sort="start_date", card="primary"),
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("kind", gettext_lazy("Kind"), sort="kind", card="primary"),
        Column("organization", gettext_lazy("Organiser"), sort="organization__name"),
        Column("place", gettext_lazy("Place"), card="meta"),
        Column("headcount", gettext_lazy("Headcount"), sort="headcount"),
    ]

    def base_queryset(self) -> QuerySet:
        return super().base_queryset().annotate(headcount=Sum("participants__headcount"))


def _task_link(event: TrainingEvent, title: str) -> str:
    query = urlencode(
        {
            "source_type": "outreach.trainingevent",
            "source_id": event.pk,
            "organization": event.organization_id,
            "title": title[:500],
        }
    )
    return f"{reverse('plans:task_add')}?{query}"


class TrainingEventDetailView(ScopedDetailView):
    model = TrainingEvent
    template_name = "outreach/trainingevent_detail.html"

    def get_queryset(self) -> QuerySet:
        return TrainingEvent.objects.select_related("organization", "created_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from pckb.plans.models import Task

        ctx = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        participants = list(event.participants.select_related("organization"))
        may_issue = can(user, "add", event.organization)
        ctx.update(
            topics=list(event.topics.all()),
            participants=participants,
            total_headcount=sum(p.headcount for p in participants),
            conclusions=[
                {"text": line, "task_url": _task_link(event, line) if may_issue else ""}
                for line in event.conclusion_lines()
            ],
            tasks=Task.objects.visible_to(user)
            .filter(source_type=ContentType.objects.get_for_model(TrainingEvent), source_id=event.pk)
            .select_related("assignee")
            .order_by("deadline", "pk")[:100],
        )
        return ctx


class TrainingEventEditView(ServiceEditView):
    model = TrainingEvent
    form_class = TrainingEventForm
    title_add = gettext_lazy("New training or conference")
    title_edit = gettext_lazy("Edit training or conference")
    parent_title = gettext_lazy("Trainings and conferences")
    parent_url_name = "outreach:trainingevent_list"
    create_service = services.do_create_training_event
    update_service = services.do_update_training_event


class TrainingEventDeleteView(ServiceDeleteView):
    model = TrainingEvent
    delete_service = services.do_delete_training_event
    success_url_name = "outreach:trainingevent_list"


class ParticipationView(ServiceFormView):
    """Add a participating organisation with its headcount, or change the headcount (`?organization=`)."""

    form_class = ParticipationForm
    title = gettext_lazy("Participating organization and headcount")
    parent_title = gettext_lazy("Trainings and conferences")
    parent_url_name = "outreach:trainingevent_list"
    success_message = gettext_lazy("Saved.")

    def get_object(self) -> TrainingEvent:
        return get_object_for_user(self.request.user, TrainingEvent, self.kwargs["pk"], "change")

    def get_initial(self, obj: TrainingEvent) -> dict[str, Any]:
        pk = self.request.GET.get("organization", "")
        row = TrainingParticipation.objects.filter(event=obj, organization_id=pk if pk.isdigit() else 0).first()
        return {"organization": row.organization_id, "headcount": row.headcount} if row else {}

    def perform(self, form: Any, obj: TrainingEvent) -> TrainingEvent:
        data = form.cleaned_data
        services.do_set_participation(obj, data["organization"], data["headcount"], actor=self.request.user)
        return obj


class ParticipationRemoveView(ConfirmedActionView):
    model = TrainingEvent

    def organization(self) -> Organization:
        return get_object_or_404(Organization, pk=self.kwargs["organization"])

    def confirmation(self, obj: TrainingEvent) -> dict[str, Any]:
        return {
            "title": _("Remove {organization} from the participants?").format(organization=self.organization()),
            "message": _("Its headcount no longer counts towards the event's attendance."),
            "confirm_label": _("Remove"),
            "danger": True,
        }

    def perform(self, obj: TrainingEvent) -> str:
        services.do_remove_participation(obj, self.organization(), actor=self.request.user)
        messages.success(self.request, _("Deleted."))
        return obj.get_absolute_url()

