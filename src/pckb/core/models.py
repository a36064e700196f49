"""Cross-cutting models: the abstract scoped base, the append-only audit trail and attachments."""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Classification
from .scoping import ScopedQuerySet
from .text import CleanedFieldsMixin
from .validators import validate_document_file

__all__ = [
    "OrgScopedModel",
    "AuditEntry",
    "AuditAction",
    "Attachment",
    "AttachmentQuerySet",
    "attachment_owner_models",
    "IdempotencyRecord",
]


class OrgScopedModel(CleanedFieldsMixin, models.Model):
    """Base of every domain row: owner organisation, classification and who/when stamps."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Classification.choices, default=Classification.UNCLASSIFIED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("updated by"),
    )

    objects = ScopedQuerySet.as_manager()
    # The date field that places the record in time (a task's "assigned_on"); None: the day it is written.
    # A merged or dissolved organisation takes (and keeps editable) only records dated within its lifetime.
    record_date_field: str | None = None

    class Meta:
        abstract = True

    def record_date(self) -> datetime.date:
        value = getattr(self, self.record_date_field, None) if self.record_date_field else None
        return value if isinstance(value, datetime.date) else timezone.localdate()

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        """Django's checks, plus the owner's lifetime: every service (create_scoped, update_scoped, a
        module's own) validates through here, so the rule holds for every module without a call of its own."""
        errors: dict[str, list] = {}
        try:
            super().full_clean(*args, **kwargs)
        except ValidationError as err:
            errors = err.update_error_dict(errors)
        for field, message in organization_lifetime_errors(self).items():
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)


def organization_lifetime_errors(record: OrgScopedModel) -> dict[str, str]:
    """Why the record's owner, or an organisation it is shared with (a task's assignee), cannot hold it
    on the record's date: merged or dissolved before it. Field name → message."""
    errors: dict[str, str] = {}
    for name in ("organization", *getattr(record, "shared_scope_fields", ())):
        field = record._meta.get_field(name) if "__" not in name else None
        if field is None or not field.many_to_one or not hasattr(field.related_model, "lifetime_error"):
            continue
        pk = getattr(record, field.attname)
        if pk is None:
            continue
        # Read from the database: the caller's copy of the organisation may predate its merger.
        org = field.related_model._base_manager.select_related("successor").filter(pk=pk).first()
        message = org.lifetime_error(record.record_date()) if org is not None else None
        if message:
            errors[name] = message
    return errors


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("State change")
    LOGIN = "login", _("Signed in")
    OTHER = "other", _("Other")


# Readers' names of the event verbs that are neither an action nor a status of the record
# ("accounts.user.signed_in" reads "Người dùng: Đăng nhập"); any other verb reads as its action.
EVENT_VERB_LABELS = {
    "signed_in": _("Signed in"),
    "password_changed": _("Password changed"),
    "deactivated": _("Deactivated"),
    "reactivated": _("Reactivated"),
    "moved": _("Moved"),
    "email_notifications": _("E-mail preference changed"),
    "recurred": _("Next occurrence created"),
    "renamed": _("Renamed"),
    "merged": _("Merged"),
    "dissolved": _("Dissolved"),
}


class AuditEntry(models.Model):
    """One append-only entry of the audit trail, hash-chained to the previous entry.

    Rows are never updated or deleted by the application; `pckb manage audit_verify` recomputes the
    chain. The organisation is a plain id copy (no constraint) so that audit rows never change.
    """

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    organization_path = models.CharField(max_length=255, blank=True, editable=False)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    event_type = models.CharField(_("event"), max_length=64, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    # Copied from the record: its before/after snapshots are as secret as the record itself.
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Classification.choices, default=Classification.UNCLASSIFIED
    )
    # Which HMAC key signed the entry (pckb.core.audit_keys); empty for entries from before keys existed.
    key_id = models.CharField(max_length=32, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_path_lookup = "organization_path"

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            # Scoping is a prefix match on the path: PostgreSQL needs the pattern opclass for LIKE 'x%'.
            models.Index(fields=["organization_path"], name="audit_org_path_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def event_label(self) -> str:
        """A reader's name for the event: "Nhiệm vụ: Đã hoàn thành" rather than "plans.task.done"."""
        from django.apps import apps
        from django.utils.text import capfirst

        verb = self.event_type.rsplit(".", 1)[-1]
        try:
            model = apps.get_model(self.object_type) if self.object_type else None
        except (LookupError, ValueError):
            model = None
        label = dict(AuditAction.choices).get(verb)
        if label is None and model is not None:
            # The state a workflow moved the record to reads best ("Ngừng hoạt động").
            label = _workflow_event_label(model, verb)
        if label is None and model is not None:
            status = next((f for f in model._meta.fields if f.name == "status" and f.choices), None)
            label = dict(status.flatchoices).get(verb) if status is not None else None
        label = label or EVENT_VERB_LABELS.get(verb)
        # Never the raw verb: an event nobody named reads as what was done.
        label = label or dict(AuditAction.choices).get(self.action) or AuditAction.OTHER.label
        return f"{capfirst(model._meta.verbose_name)}: {label}" if model is not None else str(label)

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def _workflow_event_label(model: type[models.Model], event: str) -> str | None:
    """"Ngừng hoạt động" for organizations.organization.deactivated: the state its workflow moved it to."""
    from django.core.exceptions import ImproperlyConfigured

    from .workflow import workflow_for  # core.workflow imports this module

    try:
        return workflow_for(model).event_label(event)
    except ImproperlyConfigured:
        return None


@functools.cache
def attachment_owner_models() -> list[type[models.Model]]:
    """The models that hold attachments: those declaring `attachments = GenericRelation("core.Attachment")`."""
    from django.apps import apps
    from django.contrib.contenttypes.fields import GenericRelation

    return [
        model
        for model in apps.get_models()
        if any(
            isinstance(f, GenericRelation) and f.related_model is Attachment for f in model._meta.private_fields
        )
    ]


class AttachmentQuerySet(models.QuerySet):
    """Attachments are as visible as their owners: scoping goes through the owner's own `visible_to`.

    One `object_id IN (visible owners)` subquery per owner model (an index on (content_type, object_id)
    serves it), so shared scopes, clearance and later changes of the owner apply without copies.
    """

    def visible_to(self, user: Any, action: str = "view", owners: list | None = None) -> AttachmentQuerySet:
        """The attachments of the owners (of every owner model, or of `owners` only) the user may see."""
        q = models.Q(pk__in=[])
        for model in owners or attachment_owner_models():
            owners = model._default_manager.all().visible_to(user, action).values("pk")
            q |= models.Q(content_type=ContentType.objects.get_for_model(model), object_id__in=owners)
        return self.filter(q)

    def of(self, owner: models.Model) -> AttachmentQuerySet:
        """The attachments of one owner (already checked by the caller)."""
        return self.filter(content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk)


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is not the user's (kept in original_name): no path tricks, no clashes.
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{timezone.now():%Y/%m}/{get_random_string(24)}.{suffix}"


class Attachment(models.Model):
    """A file attached to any scoped record (its `owner`), seen and changed only through the owner.

    Owners declare `attachments = GenericRelation("core.Attachment")`; they may define
    `may_attach(user) -> bool` when someone other than their editors adds files (a task's assignee to its
    progress report). The organisation and classification are the owner's (properties, never copies).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    owner = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255, validators=[validate_document_file])
    original_name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    purpose = models.CharField(
        _("purpose"), max_length=100, blank=True, help_text=_("What the file is, e.g. “signed plan” or “photo”.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_owner_idx")]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        """The owner's page (where the file is listed); the file itself is `download_url`."""
        get_url = getattr(self.owner, "get_absolute_url", None)
        url = get_url() if callable(get_url) else ""
        return f"{url}#attachments" if url and "#" not in url else url

    @property
    def organization(self) -> Any:
        owner = self.owner
        if owner is None:
            return None
        return owner if owner._meta.label == "organizations.Organization" else getattr(owner, "organization", None)

    @property
    def classification(self) -> int:
        return int(getattr(self.owner, "classification", Classification.UNCLASSIFIED) or 0)

    @property
    def owner_type(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model}"

    @property
    def download_url(self) -> str:
        return reverse("attachments:download", args=[self.pk])


@receiver(post_delete, sender=Attachment, dispatch_uid="pckb_attachment_file")
def remove_stored_file(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    """Storage housekeeping, not a change of state: a removed attachment row (by `do_delete_attachment` or
    with its deleted owner) takes its stored file along, once the deletion has committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class IdempotencyRecord(models.Model):
    """One write sent with an idempotency key (API header or page form token) and the answer it got.

    Reserved (status_code null) before the write runs, completed in the write's own transaction, kept
    24 hours (core.idempotency). The key is the client's, scoped to the user: another user's same key
    is another record.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the request body")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # The answer's JSON as text: a jsonb column would refuse a \u0000 echoed from a refused body.
    response_body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_uniq")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


from .imports.models import ImportJob, ImportStatus  # noqa: E402 - the import mechanism's model, declared beside it

__all__ += ["ImportJob", "ImportStatus"]

from .register.models import (  # noqa: E402 - the document register's models, declared in its package
    DocumentCounter,
    DocumentHeaderSettings,
    DocumentTemplate,
    OutgoingDocument,
)

__all__ += ["OutgoingDocument", "DocumentCounter", "DocumentHeaderSettings", "DocumentTemplate"]
