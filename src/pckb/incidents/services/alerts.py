"""Alerts: who is alerted when an incident is reported, acknowledgement, and escalation when nobody answers."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core import audit
from pckb.core.choices import Role
from pckb.core.models import AuditAction
from pckb.core.services import locked
from pckb.notifications.services import notify, recipients_in
from pckb.organizations.choices import OrganizationKind, OrganizationLevel
from pckb.organizations.models import Membership, Organization

from ..choices import AlertReason, EntryKind
from ..models import Alert, AlertWebhook, Incident
from .timeline import add_entry

__all__ = [
    "alert_organizations",
    "alertable_organizations",
    "alert_scope",
    "check_chosen",
    "check_addressed",
    "send_alerts",
    "do_acknowledge_alert",
    "escalate_due_alerts",
    "escalation_delay",
    "standing_office",
]

ESCALATED = gettext_lazy(
    "{organization} did not acknowledge in time: escalated to the managers and the standing office ({names})."
)
NOT_ADDRESSED = gettext_lazy("This alert is addressed to {organization}: only its own staff can acknowledge it.")


def escalation_delay(severity: int) -> datetime.timedelta:
    minutes = settings.PCKB_INCIDENT_ESCALATION_MINUTES.get(int(severity), 30)
    return datetime.timedelta(minutes=minutes)


def standing_office(committee: Organization) -> Organization:
    """The agency doing a committee's day-to-day work; the committee itself when none is named."""
    return committee.standing_org if committee.standing_org_id else committee


def alert_organizations(reporter: Organization, severity: int, chosen: list[Organization]) -> list[tuple[Any, str]]:
    """(organisation, reason) in order: the standing office of the reporter's committee, those of the
    committees above it up to the severity's level, then the reporter's choices; each once."""
    levels = settings.PCKB_INCIDENT_ALERT_LEVELS.get(int(severity), 0)
    chain = [reporter, *reversed(list(reporter.ancestors()))]
    committees = [o for o in chain if o.kind == OrganizationKind.COMMITTEE][: levels + 1]
    found: list[tuple[Any, str]] = []
    for i, committee in enumerate(committees):
        found.append((standing_office(committee), AlertReason.STANDING if i == 0 else AlertReason.HIGHER))
    found += [(org, AlertReason.CHOSEN) for org in chosen]
    seen: set[int] = set()
    unique = []
    for org, reason in found:
        if org.pk not in seen and org.pk != reporter.pk:
            seen.add(org.pk)
            unique.append((org, reason))
    return unique


def alert_scope(reporter: Organization) -> Organization:
    """Whose tree a reporter may alert beyond the standing offices: its province's committee (the
    military command, border guard, police of the province are there), else its nearest committee."""
    chain = [reporter, *reversed(list(reporter.ancestors()))]
    committees = [o for o in chain if o.kind == OrganizationKind.COMMITTEE]
    for committee in committees:
        if committee.level == OrganizationLevel.PROVINCE:
            return committee
    return committees[0] if committees else reporter


def alertable_organizations(reporter: Organization) -> Any:
    """The organisations a reporter may choose to alert: current ones in `alert_scope(reporter)`'s tree."""
    top = alert_scope(reporter)
    return (
        Organization.objects.filter(path__startswith=top.path, is_active=True)
        .without_historical()
        .exclude(pk=reporter.pk)
        .order_by("path")
    )


def check_chosen(reporter: Organization, chosen: list[Any]) -> list[Organization]:
    """The chosen organisations as rows; one outside the reporter's tree is refused like a missing one."""
    ids = {getattr(o, "pk", o) for o in chosen}
    found = list(alertable_organizations(reporter).filter(pk__in=[i for i in ids if isinstance(i, int)]))
    if len(found) != len(ids):
        raise ValidationError({"alert_organizations": [_("Choose organizations of your province's committee.")]})
    return found


def _on_duty(org: Organization) -> Any:
    """Who answers an alert: the editors and above of the organisation (its on-duty staff)."""
    return recipients_in(org, min_role=Role.EDITOR)


def _alert_title(incident: Incident, prefix: str) -> str:
    drill = "[DIỄN TẬP] " if incident.is_exercise else ""
    return f"{drill}{prefix}: {incident.title}"


def send_alerts(incident: Incident, chosen: list[Organization], *, actor: Any) -> list[Alert]:
    """Alert every organisation due (in the report's transaction): rows, timeline, inbox, e-mail, webhook."""
    now = timezone.now()
    alerts = []
    for org, reason in alert_organizations(incident.organization, incident.severity, chosen):
        alert = Alert(
            organization=org,
            sender=incident.organization,
            incident=incident,
            reason=reason,
            sent_at=now,
            escalate_at=now + escalation_delay(incident.severity),
            classification=incident.classification,
            created_by=actor,
            updated_by=actor,
        )
        alert.save()
        alerts.append(alert)
        told = notify(
            _on_duty(org),
            kind="incident.alert",
            title=_alert_title(incident, _("Incident alert")),
            body=_("{type}, {place}. Severity {severity}. Acknowledge the alert on the incident's page.").format(
                type=incident.scenario.name, place=incident.admin_unit.name, severity=incident.severity
            ),
            url=incident.get_absolute_url(),
            target=incident,
            organization=org,
            actor=actor,
        )
        if told:
            # The inbox of at least one on-duty user has it: "delivered" on the alerts board.
            alert.delivered_at = now
            alert.save(update_fields=["delivered_at"])
        add_entry(
            incident,
            EntryKind.ALERT,
            _("Alert sent to {organization} ({reason}).").format(
                organization=org.name, reason=alert.get_reason_display()
            ),
            actor=actor,
            organization=incident.organization,
        )
    incident.participants.add(*[a.organization_id for a in alerts])
    hooks = set(AlertWebhook.objects.filter(organization__in=[a.organization_id for a in alerts], is_active=True)
                .values_list("organization_id", flat=True))
    ids = [a.pk for a in alerts if a.organization_id in hooks]
    if ids:
        transaction.on_commit(lambda: _enqueue_webhooks(ids))
    return alerts


def _enqueue_webhooks(ids: list[int]) -> None:
    from ..tasks import deliver_alert_webhook

    for pk in ids:
        deliver_alert_webhook(pk)


def check_addressed(alert: Alert, actor: Any) -> None:
    """403 unless the actor is editor or above in the addressed organisation itself."""
    addressed = Membership.objects.filter(
        user_id=actor.pk, organization_id=alert.organization_id, role__gte=Role.EDITOR
    ).exists()
    if not addressed:
        raise PermissionDenied(NOT_ADDRESSED.format(organization=alert.organization.name))


@transaction.atomic
def do_acknowledge_alert(alert: Alert, *, actor: Any) -> Alert:
    """One click by the addressed organisation's staff (editor or above there), once."""
    alert = locked(Alert, alert, actor, "view")
    check_addressed(alert, actor)
    if alert.acknowledged_at is not None:
        who = str(alert.acknowledged_by) if alert.acknowledged_by else "—"
        when = timezone.localtime(alert.acknowledged_at).strftime("%H:%M %d/%m/%Y")
        raise ValidationError(_("This alert was already acknowledged by {who} at {when}.").format(who=who, when=when))
    before = {"acknowledged_at": None}
    alert.acknowledged_at, alert.acknowledged_by, alert.updated_by = timezone.now(), actor, actor
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_by", "updated_at"])
    audit.record(
        AuditAction.UPDATE,
        alert,
        actor=actor,
        before=before,
        after={"acknowledged_at": alert.acknowledged_at.isoformat()},
        event_type="incidents.alert.acknowledged",
    )
    add_entry(
        alert.incident,
        EntryKind.ACK,
        _("{organization} acknowledged the alert.").format(organization=alert.organization.name),
        actor=actor,
        organization=alert.organization,
    )
    return alert


def escalate_due_alerts(now: datetime.datetime | None = None) -> int:
    """Escalate every alert still unacknowledged after its delay (the periodic task calls this)."""
    now = now or timezone.now()
    ids = list(
        Alert.objects.filter(acknowledged_at__isnull=True, escalated_at__isnull=True, escalate_at__lte=now)
        .order_by("escalate_at")
        .values_list("pk", flat=True)[:500]
    )
    done = 0
    for pk in ids:
        done += _escalate(pk, now)
    return done


@transaction.atomic
def _escalate(pk: int, now: datetime.datetime) -> int:
    alert = (
        Alert.objects.select_for_update(of=("self",))
        .select_related("incident", "organization")
        .filter(pk=pk, acknowledged_at__isnull=True, escalated_at__isnull=True)
        .first()
    )
    if alert is None:  # acknowledged meanwhile, or another worker took it
        return 0
    org, incident = alert.organization, alert.incident
    committee = org.committee
    office = standing_office(committee) if committee is not None else None
    users = list(recipients_in(org, min_role=Role.MANAGER))
    if office is not None and office.pk != org.pk:
        users += list(_on_duty(office))
    alert.escalated_at = now
    alert.save(update_fields=["escalated_at", "updated_at"])
    audit.record(
        AuditAction.UPDATE,
        alert,
        before={"escalated_at": None},
        after={"escalated_at": now.isoformat()},
        event_type="incidents.alert.escalated",
    )
    notify(
        users,
        kind="incident.escalation",
        title=_alert_title(incident, _("Alert not acknowledged")),
        body=_("{organization} has not acknowledged the alert sent at {time}.").format(
            organization=org.name, time=timezone.localtime(alert.sent_at).strftime("%H:%M %d/%m/%Y")
        ),
        url=incident.get_absolute_url(),
        target=incident,
        organization=org,
        dedupe_key=f"incident-escalation-{alert.pk}",
    )
    names = ", ".join(sorted({o.name for o in [org, office] if o is not None}))
    add_entry(
        incident,
        EntryKind.ESCALATION,
        ESCALATED.format(organization=org.name, names=names),
        organization=org,
    )
    return 1
