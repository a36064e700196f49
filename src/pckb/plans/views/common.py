"""Pieces shared by the plans pages: service-backed edit views; downloads come from core."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from pckb.core.views import ScopedEditView, attachment_response

__all__ = ["ServiceEditView", "attachment_response", "flash_errors"]


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


def flash_errors(request: HttpRequest, err: ValidationError) -> None:
    for message in err.messages:
        messages.error(request, message)
