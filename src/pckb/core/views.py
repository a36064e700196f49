"""Generic scoped views: every app's list, detail, edit and delete pages are declarations on these.

Reads go through `visible_to`, single objects through `get_object_for_user`; every write goes through
a service (`ServiceFormView`, `ServiceEditView`, `ConfirmedActionView`), which re-checks the scope
inside its transaction and writes the audit entry (docs/conventions.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import resolve, reverse
from django.utils.translation import gettext, gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from . import audit
from .exports import xlsx_response
from .forms import add_service_errors, refuse_unusable_form, unusable_choice_fields
from .idempotency import FormTokenMixin, mark_failed
from .models import AuditEntry
from .pagination import CappedPaginator
from .scoping import get_object_for_user, writable_organizations

__all__ = [
    "Column",
    "column_value",
    "ScopedListView",
    "ScopedDetailView",
    "ServiceFormView",
    "ServiceEditView",
    "UsableFormMixin",
    "ConfirmedActionView",
    "flash_errors",
    "history_for",
]


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


def column_value(obj: Any, name: str) -> Any:
    value: Any = obj
    for part in name.split("."):
        if value is None:
            return ""
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, "")
        if callable(value) and not hasattr(value, "all"):
            value = value()
    return "" if value is None else value


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

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.visible_to(self.request.user, "view")

    def get_queryset(self) -> QuerySet:
        qs = self.base_queryset()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
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
            qs = self.get_queryset()[: self.max_export_rows]
            columns = self.export_columns or self.columns
            headers = [str(c.label) for c in columns]
            rows = ([column_value(obj, c.name) for c in columns] for obj in qs.iterator(chunk_size=2000))
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
            no_name=gettext("(no name)"),
        )
        return ctx

    def table_rows(self, objects: Any, columns: list[Column]) -> list[dict[str, Any]]:
        """Each row's cells, link and class, computed here once: template tags per cell cost a list of
        50 rows × 9 columns tens of milliseconds (measured at 1,000,000 tasks)."""
        from .templatetags.pckb_tags import column_value as cell
        from .templatetags.pckb_tags import row_class, row_url

        linked = any(column.link for column in columns)
        return [
            {
                "css": row_class(self, obj),
                "url": row_url(self, obj) if linked else "",
                "cells": [(column, cell(obj, column)) for column in columns],
            }
            for obj in objects
        ]

    def add_allowed(self) -> bool:
        """Offer "add" only to those whose add form can be submitted (its own view decides)."""
        if not self.add_url_name:
            return False
        view_class = getattr(resolve(reverse(self.add_url_name)).func, "view_class", None)
        usable_by = getattr(view_class, "usable_by", None)
        if usable_by is None:
            return writable_organizations(self.request.user, "add").exists()
        return usable_by(self.request)


class UsableFormMixin:
    """A form page answers 403 (GET too) when its form cannot be submitted by this user.

    A required choice list with nothing in it means the user lacks the right its choices come from:
    the page explains that rather than showing a form that can only fail. `usable_by(request)` lets a
    list page offer its "add" button only when the add form would open.
    """

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object_for_form(self) -> Any:
        raise ImproperlyConfigured(f"{type(self).__name__} must define get_object_for_form()")

    def get_form(self, obj: Any) -> Any:
        raise ImproperlyConfigured(f"{type(self).__name__} must define get_form()")

    @classmethod
    def usable_by(cls, request: HttpRequest, **kwargs: Any) -> bool:
        view = cls()
        view.setup(request, **kwargs)  # type: ignore[attr-defined]
        try:
            form = view.get_form(view.get_object_for_form())
        except (PermissionDenied, Http404):
            return False
        return not unusable_choice_fields(form)


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


class ServiceFormView(UsableFormMixin, LoginRequiredMixin, FormTokenMixin, View):
    """The one family of pages that change data: GET shows a form, a valid POST calls a service.

    Declare `form_class` (or `get_form`), `get_object` (None to create; fetch with
    `get_object_for_user`, which answers 404/403) and `perform(form, obj)`, which calls the service and
    returns the result. A service ValidationError comes back on the form with status 400 and nothing
    saved; success flashes `success_message` and redirects to `success_url(result)`. A double submit
    (same `{% form_token %}`) redirects to the first one's result without saving again.
    """

    template_name = "core/form.html"
    form_class: Any = None
    title: Any = ""
    success_message: Any = gettext_lazy("Saved.")
    parent_title: Any = ""  # breadcrumb above the form
    parent_url_name = ""
    error_rename: dict[str, str] = {}  # service field → form field, for add_service_errors

    def get_object(self) -> Any:
        return None

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def get_object_for_form(self) -> Any:
        return self.get_object()

    def get_form(self, obj: Any) -> Any:
        if self.form_class is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must define form_class or get_form()")
        post = self.request.method == "POST"
        return self.form_class(
            self.request.POST if post else None,
            self.request.FILES if post else None,
            initial=self.get_initial(obj),
            **self.get_form_kwargs(obj),
        )

    def perform(self, form: Any, obj: Any) -> Any:
        raise ImproperlyConfigured(f"{type(self).__name__} must define perform() (call a service)")

    def get_title(self, obj: Any) -> Any:
        return self.title

    def get_context_data(self, form: Any, obj: Any) -> dict[str, Any]:
        return {
            "form": form,
            "object": obj,
            "title": self.get_title(obj),
            "cancel_url": self.cancel_url(obj),
            "parent_title": self.parent_title,
            "parent_url": reverse(self.parent_url_name) if self.parent_url_name else "",
        }

    def render_form(self, form: Any, obj: Any, status: int = 200) -> HttpResponse:
        return render(self.request, self.template_name, self.get_context_data(form, obj), status=status)

    def cancel_url(self, obj: Any) -> str:
        if obj is not None and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return reverse(self.parent_url_name) if self.parent_url_name else reverse("home")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj)
        refuse_unusable_form(form)
        return self.render_form(form, obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj)
        refuse_unusable_form(form)
        if form.is_valid():
            try:
                result = self.perform(form, obj)
            except ValidationError as err:
                # The service refused: its transaction rolled back; show why on the form.
                add_service_errors(form, err, rename=self.error_rename)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return HttpResponseRedirect(self.success_url(result))
        return self.render_form(form, obj, status=400)

    def success_url(self, result: Any) -> str:
        return result.get_absolute_url()


class ServiceEditView(ServiceFormView):
    """Add (no pk) or edit (pk) a scoped record: a `ScopedModelForm` and the app's two services.

    `create_service(owner, *, actor, **fields)` receives the form's cleaned data with the owner
    (`owner_field`) taken out; `update_service(obj, *, actor, **fields)` the cleaned data of the edit
    form, which has no owner field (the owner is fixed once the record exists). Override
    `service_fields(form, obj)` to translate form fields into service arguments.
    """

    model: Any = None
    title_add: Any = ""
    title_edit: Any = ""
    create_service: Any = None
    update_service: Any = None
    owner_field = "organization"

    def get_object(self) -> Any:
        if "pk" in self.kwargs:
            return get_object_for_user(self.request.user, self.model, self.kwargs["pk"], "change")
        return None

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"user": self.request.user, "instance": obj}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        # Links prefill an add form (?plan=3): only the form's own fields are taken.
        fields = self.form_class._meta.fields or []
        return {k: v for k, v in self.request.GET.items() if k in fields} if obj is None else {}

    def get_form(self, obj: Any) -> Any:
        form = super().get_form(obj)
        if obj is not None:
            form.fields.pop(self.owner_field, None)
        return form

    def get_title(self, obj: Any) -> Any:
        return self.title_edit if obj is not None else self.title_add

    def service_fields(self, form: Any, obj: Any) -> dict[str, Any]:
        return dict(form.cleaned_data)

    def perform(self, form: Any, obj: Any) -> Any:
        data = self.service_fields(form, obj)
        if obj is None:
            owner = data.pop(self.owner_field, None)
            return type(self).create_service(owner, actor=self.request.user, **data)
        return type(self).update_service(obj, actor=self.request.user, **data)


def flash_errors(request: HttpRequest, err: ValidationError) -> None:
    """A service's refusal as error messages on the next page (for actions without a form)."""
    mark_failed(request)  # nothing was saved: the form's token may be sent again
    for message in err.messages:
        messages.error(request, message)


class ConfirmedActionView(LoginRequiredMixin, FormTokenMixin, View):
    """GET: a page saying what will happen; POST: do it (through a service), then redirect.

    Subclasses give `perform(obj) -> url` and, for core/confirm.html, `confirmation(obj)` (title,
    message, confirm_label, danger). A service's ValidationError comes back as messages on
    `cancel_url(obj)` with nothing changed. Rights: `get_object` (404 invisible, 403 read-only). A
    double submit (same `{% form_token %}`) redirects to the first one's result without acting again.
    """

    model: Any = None
    action = "change"
    template_name = "core/confirm.html"

    def get_object(self) -> Any:
        return get_object_for_user(self.request.user, self.model, self.kwargs["pk"], self.action)

    def confirmation(self, obj: Any) -> dict[str, Any]:
        return {}

    def cancel_url(self, obj: Any) -> str:
        return obj.get_absolute_url()

    def perform(self, obj: Any) -> str:
        raise ImproperlyConfigured(f"{type(self).__name__} must define perform() (call a service)")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        context = {"object": obj, "cancel_url": self.cancel_url(obj), **self.confirmation(obj)}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            target = self.perform(obj)
        except ValidationError as err:
            flash_errors(request, err)
            return HttpResponseRedirect(self.cancel_url(obj))
        return HttpResponseRedirect(target)
