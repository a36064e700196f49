"""The live incidents board, the alerts board, acknowledgement, the map and the alert webhook page."""

from __future__ import annotations

import datetime
import html
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from pckb.core.scoping import default_organization, get_object_for_user, writable_organizations
from pckb.core.views import Column, ConfirmedActionView, ScopedListView, ServiceFormView
from pckb.core.views_map import MapPointsView, detail_url_maker, legend
from pckb.organizations.models import Organization

from .. import services
from ..choices import INCIDENT_STATUS_BADGES, OPEN_STATES, SEVERITY_BADGES, IncidentStatus, Severity
from ..filters import AlertPageFilterSet, IncidentPageFilterSet
from ..forms import AlertWebhookForm
from ..models import Alert, AlertWebhook, ChecklistStep, Incident
from .live import LiveMixin, stamp_of

__all__ = [
    "BoardView",
    "BoardLiveView",
    "AlertListView",
    "AlertAcknowledgeView",
    "IncidentMapView",
    "IncidentPointsView",
    "AlertWebhookView",
]

RECENTLY_CLOSED = 10
DRILL_HEADER = '<div class="card-header bg-warning text-dark fw-bold py-1 text-center">DIỄN TẬP</div>'


def board_rows(user: Any) -> list[Incident]:
    """Open incidents first (most severe, then oldest), then the last few closed ones, each with its
    checklist progress and unacknowledged alerts (two grouped counts, not a join per row)."""
    qs = Incident.objects.visible_to(user).select_related("scenario", "admin_unit", "organization")
    open_rows = list(qs.filter(status__in=OPEN_STATES).order_by("-severity", "reported_at")[:200])
    closed = list(qs.filter(status=IncidentStatus.CLOSED).order_by("-closed_at")[:RECENTLY_CLOSED])
    rows = open_rows + closed
    ids = [row.pk for row in rows]
    steps = {
        r["incident_id"]: r
        for r in ChecklistStep.objects.filter(incident_id__in=ids)
        .values("incident_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=~Q(state="pending")))
    }
    alerts = {
        r["incident_id"]: r
        for r in Alert.objects.filter(incident_id__in=ids, acknowledged_at__isnull=True)
        .values("incident_id")
        .annotate(waiting=Count("pk"), escalated=Count("pk", filter=Q(escalated_at__isnull=False)))
    }
    now, words, url = timezone.now(), _board_words(), detail_url_maker("incidents:incident_detail")
    for row in rows:
        counts, waiting = steps.get(row.pk, {}), alerts.get(row.pk, {})
        row.step_count, row.steps_done = counts.get("total", 0), counts.get("done", 0)
        row.unacknowledged, row.escalated = waiting.get("waiting", 0), waiting.get("escalated", 0)
        row.elapsed = _elapsed((row.closed_at or now) - row.reported_at)
        row.card = mark_safe(board_card(row, words, url))  # noqa: S308 - every text is escaped above
    return rows


def board_card(row: Incident, words: dict[str, str], url: Any) -> str:
    """One card of the board, formatted once in Python: a national board may hold a couple of hundred,
    and a template or format_html per card cost 100 ms there (tests/bench/bench_incidents.py)."""
    e = html.escape
    border = f" border-{'danger' if row.severity >= Severity.HIGH else 'warning'} border-2" if row.is_open else ""
    drill = DRILL_HEADER if row.is_exercise else ""
    if row.unacknowledged:
        colour = "danger" if row.escalated else "warning"
        n = row.unacknowledged
        waiting = f'<span class="badge text-bg-{colour}" data-unacknowledged="{n}">{n}</span>'
    else:
        waiting = "0"
    severity = SEVERITY_BADGES.get(row.severity, "secondary")
    status = INCIDENT_STATUS_BADGES.get(row.status, "secondary")
    elapsed_label = words["elapsed"] if row.is_open else words["duration"]
    return (
        f'<div class="col-12 col-md-6 col-xl-4"><div class="card h-100{border}" data-incident="{row.pk}">{drill}'
        f'<div class="card-body"><h2 class="h6 card-title mb-1"><a href="{url(row.pk)}" class="stretched-link">'
        f'{e(row.title)}</a></h2><div class="d-flex flex-wrap gap-1 mb-2"><span class="badge text-bg-{status}">'
        f'{e(words[row.status])}</span> <span class="badge text-bg-{severity}">{e(words["severity"])} {row.severity}'
        f'</span></div><div class="small text-body-secondary">{e(row.scenario.name)} · {e(row.admin_unit.name)}</div>'
        f'<div class="small text-body-secondary">{e(row.organization.name)}</div>'
        f'<dl class="row small mb-0 mt-2"><dt class="col-7">{e(elapsed_label)}</dt><dd class="col-5 mb-0">'
        f'{e(row.elapsed)}</dd><dt class="col-7">{e(words["checklist"])}</dt><dd class="col-5 mb-0">'
        f'{row.steps_done}/{row.step_count}</dd><dt class="col-7">{e(words["waiting"])}</dt>'
        f'<dd class="col-5 mb-0">{waiting}</dd></dl></div></div></div>'
    )


def _board_words() -> dict[str, str]:
    words = {value: str(label) for value, label in IncidentStatus.choices}
    words.update(
        severity=_("Severity"),
        elapsed=_("Elapsed"),
        duration=_("Duration"),
        checklist=_("Initial response"),
        waiting=_("Unacknowledged alerts"),
    )
    return words


def _elapsed(delta: datetime.timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return _("{d} d {h} h").format(d=days, h=hours)
    return _("{h} h {m} min").format(h=hours, m=minutes) if hours else _("{m} min").format(m=minutes)


def board_stamp(user: Any) -> str:
    """One aggregate over the incidents the user sees: any write to one of them moves it."""
    agg = Incident.objects.visible_to(user).aggregate(last=Max("updated_at"), n=Count("pk"))
    return stamp_of(agg["last"], agg["n"])


class BoardView(LoginRequiredMixin, TemplateView):
    """The live board of the incidents the user sees (their scope), refreshed without reloading."""

    template_name = "incidents/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=gettext_lazy("Live incidents board"),
            can_report=writable_organizations(self.request.user, "add").exists(),
            rows=board_rows(self.request.user),
            stamp=getattr(self, "stamp", None) or board_stamp(self.request.user),
            poll_seconds=settings.PCKB_INCIDENT_POLL_SECONDS,
            status_badges=INCIDENT_STATUS_BADGES,
        )
        return ctx


class BoardLiveView(LiveMixin, BoardView):
    template_name = "incidents/_board.html"

    def current_stamp(self) -> str:
        return board_stamp(self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.unchanged() or super().get(request, *args, **kwargs)


class AlertListView(ScopedListView):
    """The alerts board: every alert the user's organisations sent or received, and where it stands."""

    model = Alert
    title = gettext_lazy("Alerts")
    template_name = "incidents/alert_list.html"
    filterset_class = AlertPageFilterSet
    select_related = ("incident", "organization", "acknowledged_by")
    export_name = "incident-alerts"
    default_sort = "-sent_at"
    columns = [
        Column("incident", gettext_lazy("Incident"), sort="incident__reported_at", link=True),
        Column("organization", gettext_lazy("Alerted organization"), sort="organization__name", card="primary"),
        Column("reason", gettext_lazy("Why alerted"), sort="reason", card="meta"),
        Column("sent_at", gettext_lazy("Sent at"), sort="sent_at"),
        Column("state_label", gettext_lazy("State"), card="primary"),
        Column("acknowledged_at", gettext_lazy("Acknowledged at"), sort="acknowledged_at"),
        Column("acknowledged_by", gettext_lazy("Acknowledged by")),
        Column("escalated_at", gettext_lazy("Escalated at"), sort="escalated_at", card="meta"),
    ]

    def row_class(self, obj: Alert) -> str:
        if obj.acknowledged_at:
            return ""
        return "table-danger" if obj.escalated_at else "table-warning"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["webhook_organization"] = default_organization(self.request.user, "manage")
        return ctx


class AlertAcknowledgeView(ConfirmedActionView):
    """One click by the addressed organisation's staff; the service refuses anyone else (403)."""

    model = Alert
    action = "view"

    def get_object(self) -> Alert:
        alert = super().get_object()
        services.check_addressed(alert, self.request.user)  # 403 before the confirmation, not only on POST
        return alert

    def cancel_url(self, obj: Alert) -> str:
        return obj.incident.get_absolute_url()

    def confirmation(self, obj: Alert) -> dict[str, Any]:
        return {
            "title": _("Acknowledge the alert"),
            "message": _("{organization} confirms it has received the alert about “{incident}”.").format(
                organization=obj.organization.name, incident=obj.incident
            ),
            "confirm_label": _("Acknowledge"),
        }

    def perform(self, obj: Alert) -> str:
        services.do_acknowledge_alert(obj, actor=self.request.user)
        messages.success(self.request, _("Alert acknowledged."))
        return obj.incident.get_absolute_url()


class IncidentPointsView(MapPointsView):
    model = Incident
    filterset_class = IncidentPageFilterSet
    fields = ("pk", "title", "status", "severity", "is_exercise")
    ordering = ("-reported_at",)

    def base_queryset(self) -> QuerySet:
        self.url = detail_url_maker("incidents:incident_detail")
        self.labels = dict(IncidentStatus.choices)
        return super().base_queryset()

    def feature(self, row: dict[str, Any]) -> dict[str, Any]:
        closed = row["status"] == IncidentStatus.CLOSED
        colour = "secondary" if closed else ("danger" if row["severity"] >= Severity.HIGH else "warning")
        title = f"{row['title']} (DIỄN TẬP)" if row["is_exercise"] else row["title"]
        return {"title": title, "url": self.url(row["pk"]), "colour": colour, "detail": str(self.labels[row["status"]])}


class IncidentMapView(LoginRequiredMixin, TemplateView):
    template_name = "incidents/incident_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        ctx.update(
            title=gettext_lazy("Map of incidents"),
            filterset=IncidentPageFilterSet(self.request.GET or None, queryset=Incident.objects.none()),
            points_url=reverse("incidents:incident_points") + suffix,
            list_url=reverse("incidents:incident_list") + suffix,
            map_legend=legend(
                ("danger", _("Open, severity 3–4")), ("warning", _("Open, severity 1–2")), ("secondary", _("Closed"))
            ),
        )
        return ctx


class AlertWebhookView(ServiceFormView):
    """An organisation's gateway URL (managers); the secret is shown once, when made."""

    form_class = AlertWebhookForm
    title = gettext_lazy("Alert webhook")
    success_message = ""
    parent_title = gettext_lazy("Alerts")
    parent_url_name = "incidents:alert_list"

    def get_object(self) -> Organization:
        return get_object_for_user(self.request.user, Organization, self.kwargs["pk"], "manage")

    def get_initial(self, obj: Organization) -> dict[str, Any]:
        hook = AlertWebhook.objects.filter(organization=obj).first()
        return {"url": hook.url, "is_active": hook.is_active} if hook else {"is_active": True}

    def get_title(self, obj: Any) -> Any:
        return _("Alert webhook of {organization}").format(organization=obj.name)

    def perform(self, form: Any, obj: Organization) -> Organization:
        _hook, secret = services.do_set_alert_webhook(obj, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Saved."))
        if secret:
            messages.warning(
                self.request,
                _("The signing secret, shown only now: {secret}. Give it to the gateway's operator.").format(
                    secret=secret
                ),
            )
        return obj

    def success_url(self, result: Organization) -> str:
        return reverse("incidents:alertwebhook_edit", args=[result.pk])
