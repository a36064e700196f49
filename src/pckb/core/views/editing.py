"""Generic pages that change data: a form calling a service, add/edit of a scoped record, a confirmed action.

Every write goes through a service, which re-checks the scope inside its transaction and writes the
audit entry (docs/conventions.md).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views import View

from ..forms import add_service_errors, class_unusable_choice_fields, refuse_unusable_form, unusable_choice_fields
from ..idempotency import FormTokenMixin, mark_failed
from ..scoping import get_object_for_user

__all__ = ["UsableFormMixin", "ServiceFormView", "ServiceEditView", "flash_errors", "ConfirmedActionView"]


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

    def unusable_without_form(self, obj: Any) -> list[str] | None:
        """`unusable_choice_fields(self.get_form(obj))` when it can be read off the form class; None
        when the form must be built to know."""
        return None

    @classmethod
    def usable_by(cls, request: HttpRequest, **kwargs: Any) -> bool:
        view = cls()
        view.setup(request, **kwargs)  # type: ignore[attr-defined]
        try:
            obj = view.get_object_for_form()
            empty = view.unusable_without_form(obj)
            if empty is None:
                empty = unusable_choice_fields(view.get_form(obj))
        except (PermissionDenied, Http404):
            return False
        return not empty


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

    def unusable_without_form(self, obj: Any) -> list[str] | None:
        # A list page asks this for its "add" button on every view: building the add form (its scoped
        # querysets, the proposed owner) cost it milliseconds. Only a new record's form built the
        # standard way (this class's get_form) can be judged from its class.
        if obj is not None or type(self).get_form not in _STANDARD_GET_FORM or self.form_class is None:
            return None
        return class_unusable_choice_fields(self.form_class, self.request.user)

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


# get_form implementations that build `form_class(user=...)` and change nothing on it for a new record.
_STANDARD_GET_FORM = (ServiceFormView.get_form, ServiceEditView.get_form)


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


class ServiceDeleteView(ConfirmedActionView):
    """Confirm, then delete a record through its app's `delete_service(obj, *, actor)`, then go to
    `success_url_name` (or `success_url(obj)`, e.g. the parent's page, read before the delete)."""

    action = "delete"
    template_name = "core/confirm_delete.html"
    delete_service: Any = None
    success_url_name = ""

    def success_url(self, obj: Any) -> str:
        return reverse(self.success_url_name)

    def perform(self, obj: Any) -> str:
        target = self.success_url(obj)
        type(self).delete_service(obj, actor=self.request.user)
        messages.success(self.request, gettext("Deleted."))
        return target
