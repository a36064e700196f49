"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext

__all__ = ["add_service_errors", "unusable_choice_fields", "refuse_unusable_form"]


def add_service_errors(form: forms.BaseForm, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, on top otherwise.

    `rename` maps a model field to the form field that edits it (e.g. password → password1).
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    rename = rename or {}
    for field, errors in error.error_dict.items():
        name = rename.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


def unusable_choice_fields(form: forms.BaseForm) -> list[str]:
    """Labels of the form's required choice fields that offer nothing to choose.

    Such a form can never be submitted: the user lacks the right its choices come from (an editor of an
    agency offered no issuing committee, a viewer no organisation to assign in).
    """
    empty = []
    for name, field in form.fields.items():
        if not field.required or field.disabled:
            continue
        if isinstance(field, forms.ModelChoiceField):
            nothing = not field.queryset.exists()
        elif isinstance(field, forms.ChoiceField):
            nothing = not any(value not in ("", None) for value, _label in field.choices)
        else:
            continue
        if nothing:
            empty.append(str(capfirst(field.label or name)))
    return empty


def refuse_unusable_form(form: forms.BaseForm) -> None:
    """403, with the reason, instead of a form whose required choice list is empty (GET and POST alike)."""
    empty = unusable_choice_fields(form)
    if empty:
        raise PermissionDenied(
            gettext("You cannot use this form: your roles leave nothing to choose for “{field}”.").format(
                field=empty[0]
            )
        )
