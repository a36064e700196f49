"""Pages of the legal library: list (search, filters, export, import), detail, add/edit/delete, the gap list."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.scoping import can, default_organization, get_object_for_user
from pckb.core.views import (
    Column,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceEditView,
    ServiceFormView,
)
from pckb.organizations.models import Organization

from .. import services
from ..choices import LEGAL_STATUS_BADGES
from ..filters import LegalDocumentFilterSet
from ..forms import GapTasksForm, LegalDocumentForm
from ..models import Dissemination, LegalDocument

__all__ = [
    "LegalDocumentListView",
    "LegalDocumentDetailView",
    "LegalDocumentEditView",
    "LegalDocumentDeleteView",
    "LegalDocumentGapView",
    "GapTasksView",
]


class LegalDocumentListView(ScopedListView):
    model = LegalDocument
    title = gettext_lazy("Legal library")
    template_name = "outreach/legaldocument_list.html"
    filterset_class = LegalDocumentFilterSet
    select_related = ("organization",)
    add_url_name = "outreach:legaldocument_add"
    export_name = "legal-documents"
    default_sort = "-issued_on"
    columns = [
        Column("number", gettext_lazy("Number"), sort="number", link=True),
        Column("doc_type", gettext_lazy("Type"), sort="doc_type", card="primary"),
        Column("subject", gettext_lazy("Subject")),
        Column("issued_on", gettext_lazy("Date issued"), sort="issued_on", card="meta"),
        Column("issuer", gettext_lazy("Issuing authority"), sort="issuer", card="meta"),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["import_organization"] = default_organization(self.request.user, "add")
        return ctx


def _gap_root(request: Any, action: str = "view") -> Organization:
    """Whose gap list: `?organization=` if the user may see it, else the top of the user's own scope."""
    pk = request.GET.get("organization", "")
    if pk:
        if not pk.isdigit():
            raise Http404
        return get_object_for_user(request.user, Organization, pk, "view")
    root = default_organization(request.user, "add") or default_organization(request.user, "view")
    if root is None:
        root = Organization.objects.visible_to(request.user).filter(is_active=True).order_by("depth", "path").first()
    if root is None:
        raise Http404
    return root


class LegalDocumentDetailView(ScopedDetailView):
    model = LegalDocument
    template_name = "outreach/legaldocument_detail.html"

    def get_queryset(self) -> QuerySet:
        return LegalDocument.objects.select_related("organization", "replaced_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from pckb.plans.models import Task

        ctx = super().get_context_data(**kwargs)
        doc, user = self.object, self.request.user
        disseminations = (
            Dissemination.objects.visible_to(user).filter(documents=doc).select_related("organization").order_by("-date")
        )
        ctx.update(
            status_badge=LEGAL_STATUS_BADGES.get(doc.status, "secondary"),
            replaces=LegalDocument.objects.visible_to(user).filter(replaced_by=doc).order_by("-issued_on"),
            disseminations=disseminations[:100],
            can_disseminate=can(user, "add", default_organization(user, "add")),
            # The tasks given from the gap list name the document as their source.
            tasks=Task.objects.visible_to(user)
            .filter(source_type=ContentType.objects.get_for_model(LegalDocument), source_id=doc.pk)
            .select_related("assignee")
            .order_by("deadline", "assignee__name", "pk")[:200],
        )
        return ctx


class LegalDocumentEditView(ServiceEditView):
    model = LegalDocument
    form_class = LegalDocumentForm
    title_add = gettext_lazy("New legal document")
    title_edit = gettext_lazy("Edit legal document")
    parent_title = gettext_lazy("Legal library")
    parent_url_name = "outreach:legaldocument_list"
    create_service = services.do_create_legal_document
    update_service = services.do_update_legal_document


class LegalDocumentDeleteView(ServiceDeleteView):
    model = LegalDocument
    delete_service = services.do_delete_legal_document
    success_url_name = "outreach:legaldocument_list"


class LegalDocumentGapView(ScopedDetailView):
    """The organisations under mine that have not yet disseminated this document."""

    model = LegalDocument
    template_name = "outreach/legaldocument_gaps.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        root = _gap_root(self.request)
        whole = self.request.GET.get("all") == "1"
        gap = services.gap_organizations(self.object, root, whole_subtree=whole)
        rows = list(gap.select_related("parent")[: services.GAP_LIMIT])
        query = f"organization={root.pk}" + ("&all=1" if whole else "")
        ctx.update(
            root=root,
            whole=whole,
            gap=rows,
            gap_capped=len(rows) >= services.GAP_LIMIT,
            query=query,
            can_assign=bool(rows) and can(self.request.user, "add", root),
            has_below=bool(rows) or Organization.objects.filter(parent=root, is_active=True).exists(),
        )
        return ctx


class GapTasksView(ServiceFormView):
    """Turn the gap list into one task per organisation (plans' assign-to-many), source = the document."""

    form_class = GapTasksForm
    title = gettext_lazy("Ask for the dissemination")
    parent_title = gettext_lazy("Legal library")
    parent_url_name = "outreach:legaldocument_list"
    success_message = ""

    def get_object(self) -> LegalDocument:
        document = get_object_for_user(self.request.user, LegalDocument, self.kwargs["pk"], "view")
        self.root = _gap_root(self.request)
        if not can(self.request.user, "add", self.root):
            message = _("Only editors of {organization} may give it tasks.").format(organization=self.root)
            raise PermissionDenied(message)
        self.whole = self.request.GET.get("all") == "1"
        return document

    def gap(self, obj: LegalDocument) -> QuerySet:
        return services.gap_organizations(obj, self.root, whole_subtree=self.whole)

    def get_form_kwargs(self, obj: LegalDocument) -> dict[str, Any]:
        return {"user": self.request.user, "gap": self.gap(obj)}

    def get_initial(self, obj: LegalDocument) -> dict[str, Any]:
        return {
            "assignees": list(self.gap(obj).values_list("pk", flat=True)[: services.GAP_LIMIT]),
            "title": _("Disseminate {document}").format(document=obj),
            "description": obj.subject,
            "deadline": timezone.localdate() + datetime.timedelta(days=30),
        }

    def get_context_data(self, form: Any, obj: Any) -> dict[str, Any]:
        ctx = super().get_context_data(form, obj)
        ctx["intro"] = _("{organization} gives each organization ticked a task to disseminate this document.").format(
            organization=self.root
        )
        ctx["submit_label"] = _("Create the tasks")
        return ctx

    def perform(self, form: Any, obj: LegalDocument) -> Any:
        data = form.cleaned_data
        group = services.do_assign_dissemination_tasks(
            obj,
            self.root,
            data["assignees"],
            actor=self.request.user,
            title=data["title"],
            deadline=data["deadline"],
            description=data["description"],
        )
        messages.success(self.request, _("{count} task(s) created.").format(count=len(data["assignees"])))
        return group

    def success_url(self, result: Any) -> str:
        return result.get_absolute_url()
