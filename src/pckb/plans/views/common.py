"""Pieces shared by the plans pages: service-backed edit views and permission-checked downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from pckb.core.scoping import NOT_FOUND_MESSAGE, get_object_for_user
from pckb.core.views import ScopedEditView

from ..forms import add_service_errors

__all__ = ["ServiceEditView", "attachment_response", "flash_errors"]


class ServiceEditView(ScopedEditView):
    """ScopedEditView whose save goes through a service; a refusal shows on the form (400), nothing saved.

    `create_service(organization, *, actor, **fields)` and `update_service(obj, *, actor, **fields)`
    receive the form's cleaned data.
    """

    create_service: Any = None
    update_service: Any = None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        form = self.get_form(instance)
        if form.is_valid():
            try:
                obj = self.save(form, instance)
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(self.get_success_url(obj))
        return self.render_form(form, instance, status=400)

    def save(self, form: Any, instance: Any) -> Any:
        data = dict(form.cleaned_data)
        if instance is None:
            organization = data.pop("organization")
            return type(self).create_service(organization, actor=self.request.user, **data)
        data.pop("organization", None)
        return type(self).update_service(instance, actor=self.request.user, **data)


def attachment_response(request: HttpRequest, model: Any, pk: int) -> FileResponse:
    """Stream a record's attachment to a user who may see the record (404 for everyone else)."""
    obj = get_object_for_user(request.user, model, pk, "view")
    if not obj.attachment:
        raise Http404(NOT_FOUND_MESSAGE)
    try:
        handle = obj.attachment.open("rb")
    except FileNotFoundError:
        raise Http404(NOT_FOUND_MESSAGE)
    return FileResponse(handle, as_attachment=True, filename=obj.attachment.name.rsplit("/", 1)[-1])


def flash_errors(request: HttpRequest, err: ValidationError) -> None:
    for message in err.messages:
        messages.error(request, message)
