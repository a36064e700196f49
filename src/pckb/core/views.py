"""Generic scoped views: every app's list, detail, edit and delete pages are declarations on these.

Reads go through `visible_to`, single objects through `get_object_for_user`, writes re-check the
scope inside the transaction and write an audit entry (docs/conventions.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from . import audit
from .exports import xlsx_response
from .forms import add_service_errors
from .models import AuditEntry
from .pagination import CappedPaginator
from .scoping import NOT_FOUND_MESSAGE, check_write_scope, get_object_for_user, writable_organizations

__all__ = [
    "Column",
    "column_value",
    "ScopedListView",
    "ScopedDetailView",
    "ScopedEditView",
    "ConfirmedActionView",
    "flash_errors",
    "ServiceEditView",
    "ServiceFormView",
    "history_for",
    "attachment_response",
]


@dataclass(frozen=True)
class Column:
    """One column of a list page and of its Excel export."""

    name: str  # dotted attribute path, e.g. "parent.name"
    label: Any
    sort: str = ""  # ORM ordering field; empty = not sortable
    link: bool = False  # render as a link to the row's detail page


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
            headers = [str(c.label) for c in self.columns]
            rows = ([column_value(obj, c.name) for c in self.columns] for obj in qs.iterator(chunk_size=2000))
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
        ctx.update(
            title=self.title,
            columns=self.columns,
            filterset=self.filterset,
            current_sort=self.current_sort(),
            querystring=query.urlencode(),
            can_add=bool(self.add_url_name) and writable_organizations(self.request.user, "add").exists(),
            add_url=reverse(self.add_url_name) if self.add_url_name else "",
        )
        return ctx


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


class ScopedEditView(LoginRequiredMixin, View):
    """Add (no pk) or edit (pk) a scoped record through a ModelForm, audited, scope re-checked."""

    model: Any = None
    form_class: Any = None
    template_name = "core/form.html"
    title_add: Any = ""
    title_edit: Any = ""

    def get_instance(self) -> Any:
        if "pk" in self.kwargs:
            return get_object_for_user(self.request.user, self.model, self.kwargs["pk"], "change")
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_form(self, instance: Any) -> Any:
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        return self.form_class(data, files, instance=instance, initial=self.get_initial(), **self.get_form_kwargs())

    def get_initial(self) -> dict[str, Any]:
        return {k: v for k, v in self.request.GET.items() if k in (self.form_class._meta.fields or [])}

    def render_form(self, form: Any, instance: Any, status: int = 200) -> HttpResponse:
        title = self.title_edit if instance else self.title_add
        return render(
            self.request, self.template_name, {"form": form, "object": instance, "title": title}, status=status
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        return self.render_form(self.get_form(instance), instance)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        form = self.get_form(instance)
        if form.is_valid():
            try:
                obj = self.save(form, instance)
            except ValidationError as err:
                # A service refused: the transaction rolled back; show why on the form.
                add_service_errors(form, err)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(self.get_success_url(obj))
        return self.render_form(form, instance, status=400)

    @transaction.atomic
    def save(self, form: Any, instance: Any) -> Any:
        user = self.request.user
        before = audit.snapshot(instance) if instance else None
        obj = form.save(commit=False)
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = user
            if instance is None:
                obj.created_by = user
        obj.save()
        form.save_m2m()
        # Re-check inside the transaction: raising here rolls the write back.
        check_write_scope(user, self.owner_of(obj), "add" if instance is None else "change")
        if before is None:
            audit.record_create(obj, actor=user)
        else:
            audit.record_update(obj, before, actor=user)
        return obj

    def owner_of(self, obj: Any) -> Any:
        return obj.organization

    def get_success_url(self, obj: Any) -> str:
        return obj.get_absolute_url()


class ServiceEditView(ScopedEditView):
    """ScopedEditView whose save goes through a service; a refusal shows on the form (400), nothing saved.

    `create_service(organization, *, actor, **fields)` and `update_service(obj, *, actor, **fields)`
    receive the form's cleaned data.
    """

    create_service: Any = None
    update_service: Any = None

    def save(self, form: Any, instance: Any) -> Any:
        data = dict(form.cleaned_data)
        if instance is None:
            organization = data.pop("organization")
            return type(self).create_service(organization, actor=self.request.user, **data)
        data.pop("organization", None)
        return type(self).update_service(instance, actor=self.request.user, **data)


class ServiceFormView(LoginRequiredMixin, View):
    """GET shows the form; a valid POST calls `perform` (a service) and redirects to the result.

    Rights are checked by `get_object` (404/403) and again by the service; a service ValidationError
    comes back on the form with status 400 and nothing saved.
    """

    template_name = "core/form.html"
    title: Any = ""
    success_message: Any = gettext_lazy("Saved.")
    parent_title: Any = ""  # breadcrumb above the form
    parent_url_name = ""

    def get_object(self) -> Any:
        return None

    def get_form(self, obj: Any) -> Any:
        raise ImproperlyConfigured(f"{type(self).__name__} must define get_form()")

    def perform(self, form: Any, obj: Any) -> Any:
        raise ImproperlyConfigured(f"{type(self).__name__} must define perform() (call a service)")

    def get_title(self, obj: Any) -> Any:
        return self.title

    def render_form(self, form: Any, obj: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "object": obj,
            "title": self.get_title(obj),
            "cancel_url": self.cancel_url(obj),
            "parent_title": self.parent_title,
            "parent_url": reverse(self.parent_url_name) if self.parent_url_name else "",
        }
        return render(self.request, self.template_name, context, status=status)

    def cancel_url(self, obj: Any) -> str:
        if obj is not None and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return reverse(self.parent_url_name) if self.parent_url_name else reverse("home")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_form(self.get_form(obj), obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj)
        if form.is_valid():
            try:
                result = self.perform(form, obj)
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(self.success_url(result))
        return self.render_form(form, obj, status=400)

    def success_url(self, result: Any) -> str:
        return result.get_absolute_url()


def flash_errors(request: HttpRequest, err: ValidationError) -> None:
    """A service's refusal as error messages on the next page (for actions without a form)."""
    for message in err.messages:
        messages.error(request, message)


class ConfirmedActionView(LoginRequiredMixin, View):
    """GET: a page saying what will happen; POST: do it (through a service), then redirect.

    Subclasses give `perform(obj) -> url` and, for core/confirm.html, `confirmation(obj)` (title,
    message, confirm_label, danger). A service's ValidationError comes back as messages on
    `cancel_url(obj)` with nothing changed. Rights: `get_object` (404 invisible, 403 read-only).
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


def attachment_response(request: HttpRequest, model: Any, pk: Any, field: str = "attachment") -> FileResponse:
    """Stream a record's file to a user who may see the record (404 for everyone else).

    Files are never served from MEDIA_URL directly: that would bypass scoping and clearance.
    """
    obj = get_object_for_user(request.user, model, pk, "view")
    file = getattr(obj, field)
    if not file:
        raise Http404(NOT_FOUND_MESSAGE)
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404(NOT_FOUND_MESSAGE)
    return FileResponse(handle, as_attachment=True, filename=file.name.rsplit("/", 1)[-1])
