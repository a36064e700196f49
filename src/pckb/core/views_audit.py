"""The audit log pages: the scoped, filterable list of audit entries and one entry with its changes."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_date, parse_datetime
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
]


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
    """The translated label of a field of the audited model (the raw name when it no longer exists)."""
    return getattr(_field(object_type, name), "verbose_name", name)


def display_value(object_type: str, name: str, value: Any) -> Any:
    """A stored value as people read it: a choice's translated label, dates as d/m/Y, else the value."""
    field = _field(object_type, name)
    if field is None or value in (None, ""):
        return value
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


def changes_of(entry: AuditEntry, skip_noise: bool = True) -> list[tuple[Any, Any, Any]]:
    """(field label, before, after) for each changed field, values shown as people read them."""
    kind = entry.object_type
    return [
        (field_label(kind, name), display_value(kind, name, before), display_value(kind, name, after))
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
        ctx["changes"] = changes_of(entry, skip_noise=False)
        ctx["object_url"] = object_link(entry, self.request.user)
        return ctx
