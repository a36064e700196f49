"""Sending notifications and managing one's own inbox. Other apps call `notify` (or `notify_grouped`
for an action about several records) and `recipients_in`.

Rules every sender gets from here: the actor never hears of their own action (`actor=`); one action
gives each recipient at most one notification (`notify_grouped` merges); a recipient without the
clearance for the record gets nothing; e-mail follows the recipient's choice per kind (at once, in
the daily digest, or not at all) under the account's e-mail switch.

Reading or opening a notification is not audited: it changes nothing but the reader's own inbox,
and auditing it would flood the trail. Changing one's e-mail preferences is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pckb.core import audit
from pckb.core.choices import Role
from pckb.core.scoping import NOT_FOUND_MESSAGE, clearance_of
from pckb.organizations.models import Membership, Organization

from .choices import Delivery
from .kinds import all_kinds, get_kind
from .models import Notification, NotificationPreference

__all__ = [
    "Message",
    "notify",
    "notify_grouped",
    "delivery_preferences",
    "do_set_notification_preferences",
    "recipients_in",
    "is_local_url",
    "do_mark_notification_read",
    "do_mark_all_notifications_read",
    "do_set_email_notifications",
]

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length


def is_local_url(url: str) -> bool:
    """A path on this site ("/plans/tasks/42/"), never another host, scheme or protocol-relative URL."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def _wants_email(user: Any) -> bool:
    return bool(user.email and user.email_notifications)


def delivery_preferences(user: Any) -> dict[str, str]:
    """The user's delivery per registered kind (e-mail at once where nothing was chosen)."""
    chosen = dict(NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "delivery"))
    return {kind.value: chosen.get(kind.value, Delivery.EMAIL) for kind in all_kinds()}


def _deliveries(users: list[Any], kind: str) -> dict[int, str]:
    """How each recipient gets this kind: the account's e-mail switch first, then the choice per kind."""
    mailable = {user.pk for user in users if _wants_email(user)}
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=mailable, kind=kind).values_list("user_id", "delivery")
    )
    return {user.pk: chosen.get(user.pk, Delivery.EMAIL) if user.pk in mailable else Delivery.INBOX for user in users}


def _unique_active(recipients: Iterable[Any], classification: int, actor: Any = None) -> list[Any]:
    seen: set[int] = set()
    users = []
    actor_pk = getattr(actor, "pk", None)
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        # Nobody is told of what they did themselves.
        if actor_pk is not None and user.pk == actor_pk:
            continue
        # A recipient without the clearance for the target must not even read its title.
        if clearance_of(user) < classification:
            continue
        seen.add(user.pk)
        users.append(user)
    return users


@transaction.atomic
def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    target: models.Model | None = None,
    organization: Organization | None = None,
    dedupe_key: str = "",
    send_email: bool = True,
    actor: Any = None,
    classification: int | None = None,
) -> list[Notification]:
    """Create one notification per recipient (never the `actor`) and e-mail those who want it at once,
    after the commit; those who chose the digest get it in the next daily e-mail.

    With a `dedupe_key`, a recipient who already has a notification with that key gets nothing
    (the database constraint settles races between concurrent senders). `classification` raises the
    level above the target's (a notification listing several records). Returns the rows created.
    """
    if get_kind(kind) is None:
        raise ValueError(f"Unknown notification kind {kind!r}; declare it with notifications.kinds.register_kind.")
    if not title.strip():
        raise ValueError("A notification needs a title.")
    if url and not is_local_url(url):
        raise ValueError("A notification links only to a page of this site, e.g. '/plans/tasks/1/'.")
    if len(url) > URL_MAX:
        raise ValueError(f"The notification link is longer than {URL_MAX} characters.")
    classification = max(int(getattr(target, "classification", 0) or 0), classification or 0)
    users = _unique_active(recipients, classification, actor)
    if not users:
        return []
    deliveries = _deliveries(users, kind) if send_email else {}
    if organization is None and target is not None:
        owner = getattr(target, "organization", None)
        organization = owner if isinstance(owner, Organization) else None
    now = timezone.now()
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            title=title[:TITLE_MAX],
            body=body,
            url=url,
            object_type=audit.object_type_of(target) if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            organization=organization,
            classification=classification,
            dedupe_key=dedupe_key,
            created_at=now,
            delivery=deliveries.get(user.pk, Delivery.INBOX),
        )
        for user in users
    ]
    if dedupe_key:
        created = _create_deduplicated(rows, dedupe_key, now)
    else:
        created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.delivery == Delivery.EMAIL]
    if ids:
        transaction.on_commit(lambda: _enqueue_emails(ids))
    return created


@dataclass(frozen=True)
class Message:
    """What one record of an action tells its recipients (see `notify_grouped`)."""

    title: str
    body: str = ""
    url: str = ""
    target: models.Model | None = None


def notify_grouped(
    messages: Iterable[tuple[Iterable[Any], Message]],
    *,
    kind: str,
    actor: Any,
    summary: Callable[[list[Message]], Message],
    organization: Organization | None = None,
) -> list[Notification]:
    """One action about several records (a plan's tasks, a task given to 20 agencies): each recipient
    gets ONE notification. Whoever is concerned by a single record gets that record's message; whoever
    is concerned by several gets `summary(their messages)` (a title, a body listing them, a link to the
    group). Records above a recipient's clearance are left out of what that recipient is told.
    """
    actor_pk = getattr(actor, "pk", None)
    per_user: dict[int, tuple[Any, list[Message]]] = {}
    for recipients, message in messages:
        level = int(getattr(message.target, "classification", 0) or 0)
        for user in recipients:
            if user.pk == actor_pk or not user.is_active or clearance_of(user) < level:
                continue
            told = per_user.setdefault(user.pk, (user, []))[1]
            if message not in told:
                told.append(message)
    # Recipients told the same records share one insert.
    shared: dict[tuple[int, ...], tuple[list[Message], list[Any]]] = {}
    for user, told in per_user.values():
        key = tuple(id(message) for message in told)
        shared.setdefault(key, (told, []))[1].append(user)
    created: list[Notification] = []
    for told, users in shared.values():
        one = told[0] if len(told) == 1 else summary(told)
        level = max(int(getattr(m.target, "classification", 0) or 0) for m in told)
        created += notify(
            users,
            kind=kind,
            title=one.title,
            body=one.body,
            url=one.url,
            target=one.target,
            organization=organization,
            actor=actor,
            classification=level,
        )
    return created


def _create_deduplicated(rows: list[Notification], dedupe_key: str, now: Any) -> list[Notification]:
    ids = [row.recipient_id for row in rows]
    existing = set(
        Notification.objects.filter(dedupe_key=dedupe_key, recipient_id__in=ids).values_list("recipient_id", flat=True)
    )
    fresh = [row for row in rows if row.recipient_id not in existing]
    if not fresh:
        return []
    # A concurrent sender may insert the same key between the check and here: the partial unique
    # constraint drops those rows, and the re-select below returns only the ones this call wrote.
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    users = {row.recipient_id: row.recipient for row in fresh}
    created = list(
        Notification.objects.filter(dedupe_key=dedupe_key, recipient_id__in=list(users), created_at=now).order_by("id")
    )
    for row in created:
        row.recipient = users[row.recipient_id]
    return created


def _enqueue_emails(ids: list[int]) -> None:
    from .tasks import send_notification_email

    for pk in ids:
        send_notification_email(pk)


def recipients_in(organization: Organization, *, min_role: int = Role.EDITOR, max_role: int | None = None) -> QuerySet:
    """Active users holding a role in [min_role, max_role] directly on `organization`.

    When nobody there holds such a role, the nearest ancestor that has such members answers for it
    (a new agency without staff accounts yet is followed up by its committee).
    """
    role_q = Q(role__gte=min_role)
    if max_role is not None:
        role_q &= Q(role__lte=max_role)
    chain = [organization.pk, *reversed(organization.ancestor_ids)]
    User = get_user_model()
    holders = set(
        Membership.objects.filter(role_q, organization_id__in=chain, user__is_active=True)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    for org_id in chain:
        if org_id in holders:
            members = Membership.objects.filter(role_q, organization_id=org_id).values("user_id")
            return User.objects.filter(is_active=True, pk__in=members).order_by("pk")
    return User.objects.none()


def _require_recipient(notification: Notification, actor: Any) -> None:
    if actor is None or not actor.is_authenticated or notification.recipient_id != actor.pk:
        raise Http404(NOT_FOUND_MESSAGE)


@transaction.atomic
def do_mark_notification_read(notification: Notification, *, actor: Any) -> Notification:
    """Mark one of the actor's own notifications read (the first reading time is kept)."""
    _require_recipient(notification, actor)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def do_mark_all_notifications_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())


@transaction.atomic
def do_set_notification_preferences(user: Any, choices: dict[str, str], *, actor: Any) -> dict[str, str]:
    """Set how `user` receives each kind (only the user themself may); unknown kinds or deliveries are
    refused with a field error; only changed kinds are written, audited. Returns the preferences."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if actor is None or not actor.is_authenticated or actor.pk != user.pk:
        raise Http404(NOT_FOUND_MESSAGE)
    errors = {
        kind: [_("Choose one of the offered ways.")]
        for kind, delivery in choices.items()
        if get_kind(kind) is None or delivery not in Delivery.values
    }
    if errors:
        raise ValidationError(errors)
    current = delivery_preferences(user)
    changed = {kind: delivery for kind, delivery in choices.items() if current.get(kind) != delivery}
    if not changed:
        return current
    for kind, delivery in changed.items():
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    audit.record(
        "update",
        user,
        actor=actor,
        before={"notification_preferences": {kind: current[kind] for kind in changed}},
        after={"notification_preferences": changed},
        event_type="accounts.user.notification_preferences",
    )
    return {**current, **changed}


@transaction.atomic
def do_set_email_notifications(user: Any, enabled: bool, *, actor: Any) -> Any:
    """Turn e-mail notifications on or off for `user` (only the user themself may), audited."""
    if actor is None or not actor.is_authenticated or actor.pk != user.pk:
        raise Http404(NOT_FOUND_MESSAGE)
    if user.email_notifications == enabled:
        return user
    before = audit.snapshot(user)
    user.email_notifications = enabled
    user.save(update_fields=["email_notifications"])
    audit.record_update(user, before, actor=actor, event_type="accounts.user.email_notifications")
    return user
