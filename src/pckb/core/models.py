"""Cross-cutting models: the abstract scoped base and the append-only audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Classification
from .scoping import ScopedQuerySet

__all__ = ["OrgScopedModel", "AuditEntry", "AuditAction"]


class OrgScopedModel(models.Model):
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

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("State change")
    LOGIN = "login", _("Signed in")
    OTHER = "other", _("Other")


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
            status = next((f for f in model._meta.fields if f.name == "status" and f.choices), None)
            label = dict(status.flatchoices).get(verb) if status is not None else None
        label = label or verb.replace("_", " ")
        return f"{capfirst(model._meta.verbose_name)}: {label}" if model is not None else str(label)

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


from .imports.models import ImportJob, ImportStatus  # noqa: E402 - the import mechanism's model, declared beside it

__all__ += ["ImportJob", "ImportStatus"]
