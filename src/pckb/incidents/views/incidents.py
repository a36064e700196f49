"""Pages of one incident: list, report/edit, the live page, transitions, checklist, notes, lessons."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from pckb.core.choices import Role
from pckb.core.register.views import DraftFromSourceView
from pckb.core.scoping import get_object_for_user
from pckb.core.views import Column, ScopedDetailView, ScopedListView, ServiceEditView, ServiceFormView
from pckb.core.workflow.views import TransitionsMixin, TransitionView
from pckb.organizations.models import Membership

from .. import services
from ..choices import INCIDENT_STATUS_BADGES, IncidentStatus
from ..filters import IncidentPageFilterSet
from ..forms import IncidentForm, LessonTaskForm, NoteForm, StepForm
from ..models import Alert, ChecklistStep, Incident
from ..timeline import timeline_of
from .live import LiveMixin, stamp_of

__all__ = [
    "IncidentListView",
    "IncidentDetailView",
    "IncidentLiveView",
    "IncidentEditView",
    "IncidentTransitionView",
    "StepCheckView",
    "NoteAddView",
    "LessonTaskView",
    "IncidentDocumentView",
]


class IncidentListView(ScopedListView):
    model = Incident
    title = gettext_lazy("Incidents")
    template_name = "incidents/incident_list.html"
    filterset_class = IncidentPageFilterSet
    select_related = ("scenario", "admin_unit", "organization")
    add_url_name = "incidents:incident_add"
    export_name = "incidents"
    default_sort = "-reported_at"
    columns = [
        Column("display_title", gettext_lazy("Title"), sort="title", link=True),
        Column("scenario", gettext_lazy("Type of incident"), sort="scenario__sort_order"),
        Column("reported_at", gettext_lazy("Time of report"), sort="reported_at", card="primary"),
        Column("severity", gettext_lazy("Severity"), sort="severity", card="primary"),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
        Column("admin_unit", pgettext_lazy("place", "Commune"), sort="admin_unit__name", card="meta"),
        Column("organization", gettext_lazy("Reporting organization"), sort="organization__name", card="meta"),
    ]

    def row_class(self, obj: Incident) -> str:
        return "table-warning" if obj.is_exercise else ""


def incident_context(incident: Incident, user: Any) -> dict[str, Any]:
    """What the incident page and its live part show (re-read at each change)."""
    from pckb.plans.models import Task

    alerts = list(
        Alert.objects.visible_to(user)
        .filter(incident=incident)
        .select_related("organization", "acknowledged_by")
        .order_by("sent_at", "pk")
    )
    mine = set(
        Membership.objects.filter(
            user_id=user.pk, role__gte=Role.EDITOR, organization_id__in=[a.organization_id for a in alerts]
        )
        .values_list("organization_id", flat=True)
    )
    steps = list(incident.steps.select_related("done_by"))
    can_change = incident.is_open and Incident.objects.visible_to(user, "change").filter(pk=incident.pk).exists()
    return {
        "steps": steps,
        "steps_done": sum(1 for s in steps if s.state != "pending"),
        "alerts": alerts,
        "ack_ids": {a.pk for a in alerts if a.organization_id in mine and a.acknowledged_at is None},
        "timeline": timeline_of(incident),
        "can_check": can_change,
        "can_note": incident.is_open and services.may_take_part(incident, user),
        "can_lesson": incident.status in (IncidentStatus.CONTAINED, IncidentStatus.CLOSED)
        and Incident.objects.visible_to(user, "add").filter(pk=incident.pk).exists(),
        "tasks": Task.objects.visible_to(user)
        .filter(source_type=ContentType.objects.get_for_model(Incident), source_id=incident.pk)
        .select_related("assignee")
        .order_by("deadline", "pk")[:100],
        "stamp": stamp_of(incident.updated_at),
        "status_badges": INCIDENT_STATUS_BADGES,
    }


class IncidentDetailView(TransitionsMixin, ScopedDetailView):
    model = Incident
    template_name = "incidents/incident_detail.html"
    transition_url_name = "incidents:incident_transition"

    def get_queryset(self) -> QuerySet:
        return Incident.objects.select_related("scenario", "admin_unit", "organization", "target")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(incident_context(self.object, self.request.user))
        return ctx


class IncidentLiveView(LiveMixin, IncidentDetailView):
    """The live part of the incident page: 204 while nothing changed since the page's stamp."""

    template_name = "incidents/_live.html"

    def current_stamp(self) -> str:
        incident = get_object_for_user(self.request.user, Incident, self.kwargs["pk"], "view")
        return stamp_of(incident.updated_at)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        unchanged = self.unchanged()
        return unchanged or super().get(request, *args, **kwargs)


class IncidentEditView(ServiceEditView):
    model = Incident
    form_class = IncidentForm
    title_add = gettext_lazy("Report an incident")
    title_edit = gettext_lazy("Correct the report")
    parent_title = gettext_lazy("Incidents")
    parent_url_name = "incidents:incident_list"
    create_service = services.do_report_incident
    update_service = services.do_update_incident


class IncidentTransitionView(TransitionView):
    workflow = services.INCIDENT_WORKFLOW


class _IncidentForm(ServiceFormView):
    """A form about one incident (`pk`), for those with `action` on it."""

    action = "change"
    parent_url_name = "incidents:incident_list"

    def get_object(self) -> Incident:
        return get_object_for_user(self.request.user, Incident, self.kwargs["pk"], self.action)


class StepCheckView(_IncidentForm):
    """Tick a checklist step, or mark it not applicable with the reason."""

    form_class = StepForm
    title = gettext_lazy("Checklist step")
    success_message = ""

    def step(self, obj: Incident) -> ChecklistStep:
        return get_object_or_404(ChecklistStep, incident=obj, pk=self.kwargs["step"])

    def get_title(self, obj: Any) -> Any:
        return self.step(obj).text

    def perform(self, form: Any, obj: Incident) -> Incident:
        data = form.cleaned_data
        services.do_check_step(self.step(obj), actor=self.request.user, done=data["done"], reason=data["reason"])
        return obj


class NoteAddView(_IncidentForm):
    """A note from any organisation taking part (it may only read the incident)."""

    action = "view"
    form_class = NoteForm
    title = gettext_lazy("Add a note")
    success_message = ""

    def get_object(self) -> Incident:
        incident = super().get_object()
        if not services.may_take_part(incident, self.request.user):
            raise PermissionDenied(_("Only the organizations taking part in the response can add notes."))
        return incident

    def perform(self, form: Any, obj: Incident) -> Incident:
        services.do_add_note(obj, form.cleaned_data["text"], actor=self.request.user)
        return obj


class LessonTaskView(_IncidentForm):
    """A lesson learnt becomes a task of the plans tracker, issued by the incident's owner."""

    action = "add"
    form_class = LessonTaskForm
    title = gettext_lazy("Lesson to a task")
    success_message = gettext_lazy("The task was created.")

    def perform(self, form: Any, obj: Incident) -> Any:
        services.do_create_lesson_task(obj, actor=self.request.user, **form.cleaned_data)
        return obj


class IncidentDocumentView(DraftFromSourceView):
    """Draft the incident report (Báo cáo) with the timeline as its annex."""

    model = Incident
