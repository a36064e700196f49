"""Pages of key targets: the list (filters, readiness, export), detail, add/edit, removal, print sheet."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy, pgettext_lazy

from pckb.core.scoping import default_organization
from pckb.core.views import Column, ScopedDetailView, ScopedListView, ServiceEditView
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from .. import services
from ..choices import TargetStatus
from ..filters import KeyTargetPageFilterSet
from ..forms import KeyTargetForm
from ..models import KeyTarget, ResponsePlan
from ..readiness import attach_readiness, readiness_of, with_checks

__all__ = [
    "new_task_url",
    "KeyTargetListView",
    "KeyTargetDetailView",
    "KeyTargetEditView",
    "KeyTargetTransitionView",
    "KeyTargetSheetView",
]


class KeyTargetListView(ScopedListView):
    model = KeyTarget
    title = gettext_lazy("Key targets")
    template_name = "targets/keytarget_list.html"
    filterset_class = KeyTargetPageFilterSet
    select_related = ("category", "admin_unit", "organization")
    add_url_name = "targets:keytarget_add"
    export_name = "key-targets"
    default_sort = "code"
    columns = [
        Column("code", gettext_lazy("Code"), sort="code", card="meta"),
        Column("name", gettext_lazy("Name"), sort="name", link=True),
        Column("category", gettext_lazy("Category"), sort="category__sort_order"),
        Column("admin_unit", pgettext_lazy("place", "Commune"), sort="admin_unit__name"),
        Column("organization", gettext_lazy("Owner organization"), sort="organization__name"),
        Column("importance", gettext_lazy("Importance"), sort="importance", card="meta"),
        Column("readiness.badge_html", gettext_lazy("Readiness"), card="primary"),
    ]

    def base_queryset(self) -> QuerySet:
        return with_checks(super().base_queryset())

    def row_class(self, obj: KeyTarget) -> str:
        # Removed targets stay listed (filter by status) but greyed out.
        return "table-secondary" if obj.status == TargetStatus.REMOVED else ""

    def table_rows(self, objects: Any, columns: list[Column]) -> list[dict[str, Any]]:
        return super().table_rows(attach_readiness(objects), columns)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            # The import's own columns, so that the file re-imports unchanged (targets.imports).
            from ..imports import export_response

            return export_response(self.get_queryset(), self.max_export_rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        owner = default_organization(self.request.user, "add")
        ctx["import_organization"] = owner
        return ctx


class KeyTargetDetailView(TransitionsMixin, ScopedDetailView):
    model = KeyTarget
    template_name = "targets/keytarget_detail.html"
    transition_url_name = "targets:keytarget_transition"

    def get_queryset(self) -> QuerySet:
        return KeyTarget.objects.select_related(
            "category", "province", "admin_unit", "organization", "listing_committee", "protection_force"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from pckb.plans.models import Task

        ctx = super().get_context_data(**kwargs)
        target, user = self.object, self.request.user
        plans = list(
            ResponsePlan.objects.visible_to(user)
            .filter(target=target)
            .select_related("approved_by")
            .prefetch_related("scenarios__scenario")
            .order_by("kind", "-version")
        )
        types = ContentType.objects.get_for_models(KeyTarget, ResponsePlan)
        # Tasks following up the target, or one of its plans (a plan's page starts those).
        about = Q(source_type=types[KeyTarget], source_id=target.pk) | Q(
            source_type=types[ResponsePlan], source_id__in=[p.pk for p in plans]
        )
        ctx.update(
            readiness=readiness_of(target),
            plans=plans,
            current_plans=[p for p in plans if p.status == "approved"],
            scenarios=list(target.scenarios.all()),
            tasks=Task.objects.visible_to(user)
            .filter(about)
            .select_related("assignee")
            .order_by("deadline", "pk")[:100],
            new_task_url=new_task_url(self.request, target),
        )
        return ctx


def new_task_url(request: HttpRequest, source: KeyTarget | ResponsePlan) -> str:
    """The task form with `source` as the new task's source (plans' ?source_type=&source_id=), or ""
    when the user may not issue tasks (the form would not open)."""
    from pckb.plans.views.tasks import TaskEditView

    if not TaskEditView.usable_by(request):
        return ""
    query = urlencode({"source_type": source._meta.label_lower, "source_id": source.pk})
    return f"{reverse('plans:task_add')}?{query}"


class KeyTargetSheetView(KeyTargetDetailView):
    """One page to print: the target, its forces, the current plans and their checklists."""

    template_name = "targets/keytarget_sheet.html"


class KeyTargetEditView(ServiceEditView):
    model = KeyTarget
    form_class = KeyTargetForm
    title_add = gettext_lazy("New key target")
    title_edit = gettext_lazy("Edit key target")
    parent_title = gettext_lazy("Key targets")
    parent_url_name = "targets:keytarget_list"
    create_service = services.do_create_key_target
    update_service = services.do_update_key_target


class KeyTargetTransitionView(TransitionView):
    """Remove from the list (with the reason) or put back (TARGET_WORKFLOW)."""

    workflow = services.TARGET_WORKFLOW
