"""Generic scoped list page: filtered, sortable, paged, with its Excel export."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import resolve, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext
from django.views.generic import ListView

from ..exports import xlsx_response
from ..pagination import CappedPaginator
from ..scoping import writable_organizations
from .table import ChoiceLabels, TableRows

__all__ = ["Column", "column_value", "ScopedListView"]


@dataclass(frozen=True)
class Column:
    """One column of a list page and of its Excel export."""

    name: str  # dotted attribute path, e.g. "parent.name"
    label: Any
    sort: str = ""  # ORM ordering field; empty = not sortable
    link: bool = False  # render as a link to the row's detail page
    # On a phone the rows are stacked cards: "primary" columns come right after the title (e.g. status,
    # deadline), "meta" ones last in small print, the others in between.
    card: str = ""


def column_value(obj: Any, name: str, labels: ChoiceLabels | None = None) -> Any:
    """The value of the dotted attribute path `name` of `obj`: a choice field's label, a method called.

    `labels` (one per page or export) reads choice labels from one dict per field instead of Django's
    `get_FOO_display()`, which rebuilds the field's choices, translating each, on every call.
    """
    value: Any = obj
    for part in name.split("."):
        if value is None:
            return ""
        field_labels = labels.of(type(value), part) if labels is not None else None
        if field_labels is not None:
            raw = getattr(value, field_labels.attname)
            value = force_str(field_labels.get(make_hashable(raw), raw), strings_only=True)
        else:
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part, "")
        if callable(value) and not hasattr(value, "all"):
            value = value()
    return "" if value is None else value


class ScopedListView(LoginRequiredMixin, ListView):
    """Filtered, sortable, paged list of what the user may see, with `?export=xlsx`."""

    filterset_class: Any = None
    columns: list[Column] = []
    export_columns: list[Column] = []  # the Excel export's columns when they differ from the page's
    default_sort = ""
    paginate_by = 50
    # Counting stops at a cap: lists of millions (tasks, audit) would otherwise COUNT(*) every page.
    paginator_class = CappedPaginator
    max_export_rows = 100_000
    template_name = "core/list.html"
    title: Any = ""
    add_url_name = ""
    export_name = "pckb"
    select_related: tuple[str, ...] = ()
    # The fields the columns read (with `select_related` ones as "organization__name"), to load only
    # those; empty: every field. A column reading a field left out costs a query per row.
    only: tuple[str, ...] = ()

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.visible_to(self.request.user, "view")

    def get_queryset(self) -> QuerySet:
        qs = self.base_queryset()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.only:
            qs = qs.only(*self.only)
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            if self.filterset.is_bound and self.filterset.is_valid():
                qs = self.filterset.qs
        return qs.order_by(*self.ordering_fields())

    def sortable(self) -> dict[str, str]:
        return {c.name: c.sort for c in self.columns if c.sort}

    def current_sort(self) -> str:
        requested = self.request.GET.get("sort", "")
        key = requested.lstrip("-")
        return requested if key in self.sortable() else self.default_sort

    def ordering_fields(self) -> list[str]:
        sort = self.current_sort()
        if not sort:
            return ["-pk"]
        key = sort.lstrip("-")
        field = self.sortable().get(key, key)
        prefix = "-" if sort.startswith("-") else ""
        return [f"{prefix}{field}", f"{prefix}pk"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            qs = self.get_queryset()
            columns = self.export_columns or self.columns
            if self.export_columns and self.only:
                qs = qs.defer(None)  # the export's columns may read fields the page leaves unloaded
            qs = qs[: self.max_export_rows]
            headers = [str(c.label) for c in columns]
            labels = ChoiceLabels()
            rows = ([column_value(obj, c.name, labels) for c in columns] for obj in qs.iterator(chunk_size=2000))
            return xlsx_response(self.export_name, headers, rows, title=str(self.title))
        return super().get(request, *args, **kwargs)

    def get_template_names(self) -> list[str]:
        names = super().get_template_names()
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            # An app template that extends core/list.html without its own `table` partial uses core's.
            try:
                get_template(f"{names[0]}#table")
            except TemplateDoesNotExist:
                return ["core/list.html#table"]
            return [f"{names[0]}#table"]
        return names

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "sort", "export"):
            query.pop(key, None)
        # Labels translated once per page, not once per cell (each row repeats them for the phone cards).
        columns = [replace(column, label=str(column.label)) for column in self.columns]
        ctx.update(
            title=self.title,
            columns=columns,
            filterset=self.filterset,
            current_sort=self.current_sort(),
            querystring=query.urlencode(),
            can_add=self.add_allowed(),
            add_url=reverse(self.add_url_name) if self.add_url_name else "",
            rows=self.table_rows(ctx["object_list"], columns),
        )
        return ctx

    def table_rows(self, objects: Any, columns: list[Column]) -> list[dict[str, Any]]:
        """Each row's cells (ready HTML), link and class, computed here once (core.views.table)."""
        table = TableRows(self, columns, gettext("(no name)"))
        return [table.row(obj) for obj in objects]

    def add_allowed(self) -> bool:
        """Offer "add" only to those whose add form can be submitted (its own view decides)."""
        if not self.add_url_name:
            return False
        view_class = getattr(resolve(reverse(self.add_url_name)).func, "view_class", None)
        usable_by = getattr(view_class, "usable_by", None)
        if usable_by is None:
            return writable_organizations(self.request.user, "add").exists()
        return usable_by(self.request)
