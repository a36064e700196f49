"""The audit log pages: the scoped, filterable list of audit entries and one entry with its changes."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from .filters import AuditEntryFilterSet
from .models import AuditEntry
from .scoping import get_object_for_user
from .views import Column, ScopedListView

__all__ = [
    "AuditEntryListView",
    "AuditEntryDetailView",
    "field_label",
    "display_value",
    "changes_of",
    "object_link",
    "object_kind",
]

# Shown instead of the name of a related record the reader may not see.
HIDDEN_RECORD = _("(a record you cannot see)")


def _model_of(object_type: str) -> Any:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


@cache
def _field(object_type: str, name: str) -> Any:
    model = _model_of(object_type)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(object_type: str, name: str) -> Any:
    """The translated label of a field of the audited model (the raw name when it no longer exists).

    A reverse relation (a checklist's "criteria", a plan's "scenarios" recorded as one list) reads as the
    related model's plural name."""
    field = _field(object_type, name)
    if field is not None and not hasattr(field, "verbose_name") and getattr(field, "related_model", None):
        return field.related_model._meta.verbose_name_plural
    return getattr(field, "verbose_name", name)


def object_kind(object_type: str) -> str:
    """The translated name of an audited record's kind ("Người dùng"), never "accounts.user"."""
    model = _model_of(object_type)
    return str(capfirst(model._meta.verbose_name)) if model is not None else ""


def _related_names(model: Any, ids: list[Any], user: Any) -> dict[str, str]:
    """Names of related records by id, for those the reader may see (cached for the request)."""
    cache: dict[str, dict[str, str]] = getattr(user, "_pckb_audit_names", None) or {}
    if user is not None:
        user._pckb_audit_names = cache
    key = model._meta.label_lower
    known = cache.setdefault(key, {})
    wanted = [i for i in ids if str(i) not in known]
    if wanted:
        manager = model._default_manager
        if hasattr(manager, "visible_to"):
            found = manager.visible_to(user) if user is not None else manager.none()
        elif model is get_user_model():
            found = manager.all()  # colleagues' names: the audit log names every actor anyway
        else:
            found = manager.none()
        for obj in found.filter(pk__in=wanted):
            known[str(obj.pk)] = getattr(obj, "display_name", None) or str(obj)
        for i in wanted:
            known.setdefault(str(i), str(HIDDEN_RECORD))
    return {str(i): known[str(i)] for i in ids}


def _related_value(field: Any, value: Any, user: Any) -> Any:
    ids = value if isinstance(value, list) else [value]
    if not all(isinstance(i, int | str) for i in ids):
        return value
    names = _related_names(field.related_model, ids, user)
    return ", ".join(names[str(i)] for i in ids)


def display_value(object_type: str, name: str, value: Any, user: Any = None) -> Any:
    """A stored value as people read it: a choice's translated label, dates as d/m/Y, a related record's
    name (when `user` may see it) rather than its id, else the value."""
    field = _field(object_type, name)
    if field is None or value in (None, "", []):
        return value
    if field.is_relation and field.related_model is not None and (field.many_to_one or field.many_to_many):
        return _related_value(field, value, user)
    choices = getattr(field, "flatchoices", None)
    if choices:
        return dict(choices).get(value, value)
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        if moment is not None:
            return dateformat.format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "d/m/Y H:i")
    elif isinstance(value, str) and isinstance(field, models.DateField):
        day = parse_date(value)
        if day is not None:
            return dateformat.format(day, "d/m/Y")
    return value


# Bookkeeping columns that change on every save and tell a reader nothing.
NOISE_FIELDS = frozenset({"updated_at", "search_name"})


def changes_of(entry: AuditEntry, skip_noise: bool = True, user: Any = None) -> list[tuple[Any, Any, Any]]:
    """(field label, before, after) for each changed field, values shown as `user` may read them."""
    kind = entry.object_type
    return [
        (field_label(kind, name), display_value(kind, name, before, user), display_value(kind, name, after, user))
        for name, before, after in entry.changed_fields
        if not (skip_noise and name in NOISE_FIELDS)
    ]


def object_link(entry: AuditEntry, user: Any) -> str:
    """URL of the audited record when it still exists, has a page and the user may see it; else ""."""
    model = _model_of(entry.object_type)
    if model is None or not hasattr(model, "get_absolute_url") or not entry.object_id:
        return ""
    manager = model._default_manager
    qs = manager.visible_to(user) if hasattr(manager, "visible_to") else None
    if qs is None:
        return ""
    obj = qs.filter(pk=entry.object_id).first()
    return obj.get_absolute_url() if obj is not None else ""


class AuditEntryListView(ScopedListView):
    """Entries filed under an organisation in the user's scope (all of them for superusers)."""

    model = AuditEntry
    filterset_class = AuditEntryFilterSet
    title = _("Audit log")
    export_name = "audit-log"
    default_sort = "-time"
    select_related = ("organization",)
    columns = [
        Column("time", _("Time"), sort="time"),
        Column("actor_name", _("Actor"), sort="actor_name"),
        Column("organization", _("Organization")),
        Column("action", _("Action"), sort="action"),
        Column("event_label", _("Event"), sort="event_type"),
        Column("object_repr", _("Object"), link=True),
    ]

    def row_url(self, obj: AuditEntry) -> str:
        return reverse("audit:entry_detail", args=[obj.pk])


class AuditEntryDetailView(LoginRequiredMixin, DetailView):
    """One entry: who, when, where, and each changed field before and after."""

    model = AuditEntry
    template_name = "core/auditentry_detail.html"

    def get_object(self, queryset: Any = None) -> AuditEntry:
        return get_object_for_user(
            self.request.user, AuditEntry.objects.select_related("organization"), self.kwargs["pk"], "view"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        entry = ctx["object"]
        ctx["changes"] = changes_of(entry, skip_noise=False, user=self.request.user)
        ctx["object_kind"] = object_kind(entry.object_type)
        ctx["object_url"] = object_link(entry, self.request.user)
        return ctx
