"""Form helpers shared by every app: scoped choice fields, the scoped forms, service errors on a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext

from .choices import Classification
from .related import Limit, related_choices, takes_dated_records
from .scoping import clearance_of, default_organization
from .widgets import DateInput

__all__ = [
    "ScopedModelChoiceField",
    "ScopedModelMultipleChoiceField",
    "ScopedForm",
    "ScopedModelForm",
    "scoped_formfield",
    "classification_choices",
    "add_service_errors",
    "unusable_choice_fields",
    "class_unusable_choice_fields",
    "refuse_unusable_form",
]

# Every date box: dd/mm/yyyy text with the vendored picker (core.widgets.DateInput), whatever the browser.
DATE = DateInput()


class _Scoped:
    """Choices are `related_choices(user, model, action, limit)`; until a user is bound there are none."""

    def _setup(self, queryset: Any, model: type[models.Model] | None, action: str, limit: Limit | None) -> Any:
        self.scoped_model = model if model is not None else queryset.model
        self.action, self.limit = action, limit
        return self.scoped_model._default_manager.none()

    historical = False  # accept merged or dissolved organisations (a form of dated records sets it)

    def choices_key(self) -> tuple[Any, ...]:
        """Fields with equal keys offer the same rows (e.g. a task's issuer, assignee and supporters)."""
        return (self.scoped_model, self.action, self.limit, self.historical)

    def bind_user(self, user: Any, choices: Any = None) -> None:
        """Offer what `user` may pick; `choices` is `related_choices` of an equal key, already built."""
        if choices is not None:
            qs = choices.all()
        else:
            qs = related_choices(user, self.scoped_model, self.action, self.limit, historical=self.historical)
        limit_choices_to = self.get_limit_choices_to()
        self.queryset = qs.complex_filter(limit_choices_to) if limit_choices_to else qs
        self.bound_queryset = self.queryset  # a form that narrows the choices later replaces the queryset

    def offers_bound_choices(self) -> bool:
        """Are the choices still those of `bind_user` (`choices_key` and the limit_choices_to)?"""
        return getattr(self, "bound_queryset", None) is not None and self.queryset is self.bound_queryset


class ScopedModelChoiceField(_Scoped, forms.ModelChoiceField):
    """The one related-record field of the forms (ModelForms get it for every foreign key).

    `ScopedModelChoiceField(Plan, action="view")`; the form binds the user (`ScopedForm`). An id outside
    the choices, hidden or missing, is the same error (Django's, which does not repeat the id).
    """

    def __init__(
        self,
        model: type[models.Model] | None = None,
        *,
        queryset: Any = None,
        action: str = "view",
        limit: Limit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(queryset=self._setup(queryset, model, action, limit), **kwargs)


class ScopedModelMultipleChoiceField(_Scoped, forms.ModelMultipleChoiceField):
    """Several related records; same rules as ScopedModelChoiceField."""

    # Django's message here repeats the submitted id; use the single field's, the same for every id.
    default_error_messages = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}

    def __init__(
        self,
        model: type[models.Model] | None = None,
        *,
        queryset: Any = None,
        action: str = "view",
        limit: Limit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(queryset=self._setup(queryset, model, action, limit), **kwargs)


def scoped_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """ModelForm field factory: foreign keys and many-to-many become scoped fields (view by default)."""
    # Meta.field_classes may give a narrowed scoped field (e.g. a `partial` with a `limit`).
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ScopedModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", ScopedModelChoiceField)
    return db_field.formfield(**kwargs)


def classification_choices(user: Any) -> list[tuple[int, Any]]:
    """The classifications the user may file a record at: up to their own clearance."""
    limit = clearance_of(user)
    return [(value, label) for value, label in Classification.choices if value <= limit]


class ScopedForm(forms.Form):
    """A form for a user: every scoped choice field offers what `related_choices` allows them.

    `related_actions` names the action per field ("view" when absent), e.g. {"organization": "add"}.
    """

    related_actions: dict[str, str] = {}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        _bind(self, user)


def _bind(form: forms.BaseForm, user: Any) -> None:
    meta = getattr(form, "_meta", None)
    dated = takes_dated_records(getattr(meta, "model", None))
    # Building a scoped queryset (an IN list of the user's organisations) costs about a millisecond:
    # fields offering the same rows share one, each field filtering its own clone.
    built: dict[tuple[Any, ...], Any] = {}
    for name, field in form.fields.items():
        if isinstance(field, _Scoped):
            field.action = form.related_actions.get(name, field.action)
            field.historical = field.historical or dated
            key = field.choices_key()
            if key not in built:
                built[key] = related_choices(
                    user, field.scoped_model, field.action, field.limit, historical=field.historical
                )
            field.bind_user(user, built[key])
        elif isinstance(field, forms.ModelChoiceField):
            raise TypeError(f"{type(form).__name__}.{name}: use a core.forms scoped choice field")
        if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
            field.widget = DateInput()


class ScopedModelForm(forms.ModelForm):
    """A ModelForm for a user: related fields scoped (see ScopedForm), `organization` defaulting to the
    user's one writable subtree, `classification` up to the user's clearance, dates as date pickers.

    It only checks its fields: the service validates the whole record (`full_clean()`) and takes the
    audit snapshot, so the form leaves the instance untouched (no ModelForm `_post_clean`).
    """

    related_actions: dict[str, str] = {"organization": "add"}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Runs before ModelFormMetaclass builds the fields from Meta: make every FK a scoped field.
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(scoped_formfield)
        super().__init_subclass__(**kwargs)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        _bind(self, user)
        if "organization" in self.fields and self.instance.pk is None and not self.initial.get("organization"):
            self.initial["organization"] = default_organization(user, self.related_actions.get("organization", "add"))
        if "classification" in self.fields:
            self.fields["classification"].choices = classification_choices(user)

    def _post_clean(self) -> None:
        pass


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
    # Required fields offering the same rows (a task's issuer and assignee) ask the database once.
    known: dict[tuple[Any, ...], bool] = {}
    for name, field in form.fields.items():
        if not field.required or field.disabled:
            continue
        if isinstance(field, _Scoped) and field.offers_bound_choices():
            key = (*field.choices_key(), repr(field.get_limit_choices_to()))
            if key not in known:
                known[key] = not field.queryset.exists()
            nothing = known[key]
        elif isinstance(field, forms.ModelChoiceField):
            nothing = not field.queryset.exists()
        elif isinstance(field, forms.ChoiceField):
            nothing = not any(value not in ("", None) for value, _label in field.choices)
        else:
            continue
        if nothing:
            empty.append(str(capfirst(field.label or name)))
    return empty


def class_unusable_choice_fields(form_class: type[forms.BaseForm], user: Any) -> list[str] | None:
    """`unusable_choice_fields(form_class(user=user))` without building the form, or None when that
    cannot be told from the class: a form with an `__init__` of its own may change its fields.

    A ScopedForm / ScopedModelForm's `__init__` only binds the scoped fields to the user (same
    `related_choices`) and limits `classification` to the user's clearance: the same rule, read off
    `base_fields`, without copying every field, building every queryset and proposing an owner.
    """
    if form_class.__init__ not in (ScopedForm.__init__, ScopedModelForm.__init__):
        return None
    actions = getattr(form_class, "related_actions", {})
    meta = getattr(form_class, "_meta", None)
    dated = takes_dated_records(getattr(meta, "model", None))
    empty = []
    known: dict[tuple[Any, ...], bool] = {}
    for name, field in form_class.base_fields.items():
        if not field.required or field.disabled:
            continue
        if isinstance(field, _Scoped):
            action = actions.get(name, field.action)
            limit_choices_to = field.get_limit_choices_to()
            historical = field.historical or dated
            key = (field.scoped_model, action, field.limit, historical, repr(limit_choices_to))
            if key not in known:
                qs = related_choices(user, field.scoped_model, action, field.limit, historical=historical)
                known[key] = not (qs.complex_filter(limit_choices_to) if limit_choices_to else qs).exists()
            nothing = known[key]
        elif isinstance(field, forms.ModelChoiceField):
            return None  # the form refuses an unscoped one (_bind): let it say so
        elif isinstance(field, forms.ChoiceField):
            choices = (
                classification_choices(user)
                if name == "classification" and issubclass(form_class, ScopedModelForm)
                else field.choices
            )
            nothing = not any(value not in ("", None) for value, _label in choices)
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
