"""Who hears about a round and its reports; everything is sent after the commit, in Vietnamese.

The kinds and their recipients are declared in reports/notification_kinds.py and listed in
docs/notifications.md. The actor never hears of their own action; opening a round for many units
reaches each person once (`notify_grouped`), listing the reports they owe.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pckb.core.choices import Role

__all__ = ["notify_round_opened", "notify_submitted", "notify_decision"]


def _due(rnd: Any) -> str:
    return _("Due date: {date}").format(date=rnd.due_date.strftime("%d/%m/%Y"))


def notify_round_opened(rnd: Any, recipients: list[Any], actor: Any) -> None:
    """Each recipient's editors and managers: a report to write, with its due date."""

    def send() -> None:
        from pckb.notifications.services import Message, notify_grouped, recipients_in

        from ..models import ReportSubmission

        subs = {s.organization_id: s for s in ReportSubmission.objects.filter(round=rnd)}
        with translation.override("vi"):
            messages = [
                (
                    recipients_in(org),
                    Message(
                        title=_("Report requested by {issuer}: {round}").format(issuer=rnd.organization, round=rnd),
                        body=_due(rnd),
                        url=subs[org.pk].get_absolute_url(),
                        target=subs[org.pk],
                    ),
                )
                for org in recipients
                if org.pk in subs
            ]

            def summary(told: list[Any]) -> Any:
                count = len(told)
                return Message(
                    title=ngettext(
                        "{count} report requested: {round}", "{count} reports requested: {round}", count
                    ).format(count=count, round=rnd),
                    body=_due(rnd),
                    url=rnd.get_absolute_url(),
                    target=rnd,
                )

            notify_grouped(
                messages, kind="report.requested", actor=actor, summary=summary, organization=rnd.organization
            )

    transaction.on_commit(send)


def notify_submitted(sub: Any, actor: Any) -> None:
    """The issuing committee's managers: a report to review."""

    def send() -> None:
        from pckb.notifications.services import notify, recipients_in

        rnd = sub.round
        with translation.override("vi"):
            notify(
                recipients_in(rnd.organization, min_role=Role.MANAGER),
                kind="report.submitted",
                title=_("{unit} submitted its report: {round}").format(unit=sub.organization, round=rnd),
                url=sub.get_absolute_url(),
                target=sub,
                organization=rnd.organization,
                actor=actor,
            )

    transaction.on_commit(send)


def notify_decision(sub: Any, state: str, comment: str, actor: Any) -> None:
    """The reporting unit's editors and managers: accepted, or returned with what to correct."""

    def send() -> None:
        from pckb.notifications.services import notify, recipients_in

        with translation.override("vi"):
            if state == "accepted":
                kind, title, body = "report.accepted", _("Report accepted: {round}").format(round=sub.round), ""
            else:
                kind = "report.returned"
                title = _("Report returned for correction: {round}").format(round=sub.round)
                body = comment
            notify(
                recipients_in(sub.organization),
                kind=kind,
                title=title,
                body=body,
                url=sub.get_absolute_url(),
                target=sub,
                organization=sub.organization,
                actor=actor,
            )

    transaction.on_commit(send)
