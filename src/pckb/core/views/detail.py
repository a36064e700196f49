"""Generic detail page of a scoped record, and the History tab every detail page shows."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q, QuerySet
from django.views.generic import DetailView

from .. import audit
from ..models import AuditEntry
from ..scoping import get_object_for_user

__all__ = ["history_for", "ScopedDetailView"]


def history_for(obj: Any, user: Any, *, also: Q | None = None, limit: int = 200) -> QuerySet:
    """The object's audit entries the user may see: every History tab (records, organisations, users).

    The same query as the audit log (`AuditEntry.objects.visible_to`): entries filed under an
    organisation outside the reader's scope, or above the reader's clearance, stay hidden even when
    the record itself is visible now (e.g. after it was declassified). `also` adds entries about
    related rows (a user's memberships).
    """
    about = Q(object_type=audit.object_type_of(obj), object_id=str(obj.pk))
    if also is not None:
        about |= also
    return AuditEntry.objects.visible_to(user).filter(about).select_related("actor").order_by("-id")[:limit]


class ScopedDetailView(LoginRequiredMixin, DetailView):
    """One record the user may see (404 otherwise), with its History."""

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        return get_object_for_user(self.request.user, queryset or self.get_queryset(), self.kwargs["pk"], "view")

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        obj = ctx["object"]
        ctx["history"] = history_for(obj, self.request.user)
        ctx["can_change"] = (
            self.model._default_manager.visible_to(self.request.user, "change").filter(pk=obj.pk).exists()
        )
        return ctx
