"""Pages of dissemination records: list (period, organisation, form, export), detail, add/edit/delete."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.views import (
    Column,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceEditView,
)

from .. import services
from ..filters import DisseminationFilterSet
from ..forms import DisseminationForm
from ..models import Dissemination, LegalDocument

__all__ = ["DisseminationListView", "DisseminationDetailView", "DisseminationEditView", "DisseminationDeleteView"]


class DisseminationListView(ScopedListView):
    model = Dissemination
    title = gettext_lazy("Dissemination of legal documents")
    filterset_class = DisseminationFilterSet
    select_related = ("organization",)
    add_url_name = "outreach:dissemination_add"
    export_name = "disseminations"
    default_sort = "-date"
    columns = [
        Column("date", gettext_lazy("Date"), sort="date", card="primary"),
        Column("organization", gettext_lazy("Organization"), sort="organization__name", link=True),
        Column("document_numbers", gettext_lazy("Documents")),
        Column("form", gettext_lazy("Form"), sort="form", card="meta"),
        Column("audience_count", gettext_lazy("Audience"), sort="audience_count", card="primary"),
    ]

    def table_rows(self, objects: Any, columns: list[Column]) -> list[dict[str, Any]]:
        # The documents' numbers of the whole page in one query, not one per row.
        objects = list(objects)
        through = Dissemination.documents.through.objects.filter(dissemination__in=objects).select_related(
            "legaldocument"
        )
        numbers: dict[int, list[str]] = {}
        for row in through:
            numbers.setdefault(row.dissemination_id, []).append(row.legaldocument.number)
        for obj in objects:
            obj.document_numbers = "; ".join(sorted(numbers.get(obj.pk, [])))
        return super().table_rows(objects, columns)

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.GET.get("export") == "xlsx":
            return self._export()
        return super().get(request, *args, **kwargs)

    def _export(self) -> Any:
        from pckb.core.exports import xlsx_response

        rows = []
        qs = self.get_queryset().prefetch_related("documents")[: self.max_export_rows]
        for obj in qs:
            rows.append(
                [
                    obj.date,
                    obj.organization.name,
                    "; ".join(d.number for d in obj.documents.all()),
                    obj.get_form_display(),
                    obj.audience_count,
                    obj.audience,
                ]
            )
        headers = [str(c.label) for c in self.columns] + [str(_("Who was briefed"))]
        return xlsx_response(self.export_name, headers, rows, title=str(self.title))


class DisseminationDetailView(ScopedDetailView):
    model = Dissemination
    template_name = "outreach/dissemination_detail.html"

    def get_queryset(self) -> QuerySet:
        return Dissemination.objects.select_related("organization")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["documents"] = LegalDocument.objects.visible_to(self.request.user).filter(disseminations=self.object)
        return ctx


class DisseminationEditView(ServiceEditView):
    model = Dissemination
    form_class = DisseminationForm
    title_add = gettext_lazy("New dissemination")
    title_edit = gettext_lazy("Edit dissemination")
    parent_title = gettext_lazy("Dissemination of legal documents")
    parent_url_name = "outreach:dissemination_list"
    create_service = services.do_create_dissemination
    update_service = services.do_update_dissemination

    def get_initial(self, obj: Any) -> dict[str, Any]:
        initial = super().get_initial(obj)
        # "Record a dissemination" on a document's page: ?document=<id> ticks it.
        pk = self.request.GET.get("document", "")
        if obj is None and pk.isdigit():
            initial["documents"] = [int(pk)]
        return initial


class DisseminationDeleteView(ServiceDeleteView):
    model = Dissemination
    delete_service = services.do_delete_dissemination
    success_url_name = "outreach:dissemination_list"
