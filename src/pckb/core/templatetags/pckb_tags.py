"""Template helpers shared by every page: list cells, sort and paging links, badges, the user's scope.

Load with `{% load pckb_tags %}`.
"""

from __future__ import annotations

import datetime
import functools
import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django import forms, template
from django.db.models.fields import BLANK_CHOICE_DASH
from django.urls import NoReverseMatch
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pckb.core.choices import CLASSIFICATION_BADGES
from pckb.core.idempotency import FORM_TOKEN_FIELD, new_form_token
from pckb.core.views import column_value as _column_value
from pckb.core.widgets import DateInput, FileInput

__all__ = [
    "format_value",
    "format_cell",
    "column_value",
    "row_url",
    "row_class",
    "field_widget",
    "active_filters",
    "sort_state",
    "list_url",
    "badge",
    "choice_badge",
    "user_scope",
    "pckb_version",
    "verbose_name",
    "minutes",
    "audit_value",
    "audit_changes",
    "form_token",
]

register = template.Library()

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"


def format_value(value: Any) -> Any:
    """How a value reads in a table: dates d/m/Y, booleans Có/Không, related sets as a list."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return dateformat.format(timezone.localtime(value) if timezone.is_aware(value) else value, DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return dateformat.format(value, DATE_FORMAT)
    if hasattr(value, "all") and callable(value.all):
        return ", ".join(str(item) for item in value.all())
    return value


def format_cell(value: Any) -> Any:
    """A raw column value as its table cell shows it: `format_value`, and dates never wrap."""
    if isinstance(value, datetime.date):
        return format_html('<span class="text-nowrap">{}</span>', format_value(value))
    return format_value(value)


@register.simple_tag
def column_value(obj: Any, column: Any) -> Any:
    """The formatted cell of `column` (a core.views.Column) for the row `obj`; dates never wrap."""
    return format_cell(_column_value(obj, column.name))


@register.simple_tag
def row_url(view: Any, obj: Any) -> str:
    """The page of a row: the list view's `row_url(obj)` when it has one, else `obj.get_absolute_url()`."""
    custom = getattr(view, "row_url", None)
    if callable(custom):
        return custom(obj)
    getter = getattr(obj, "get_absolute_url", None)
    if not callable(getter):
        return ""
    try:
        return getter()
    except NoReverseMatch:
        return ""


@register.simple_tag
def row_class(view: Any, obj: Any) -> str:
    """Extra CSS classes of a row (e.g. overdue) when the list view defines `row_class(obj)`."""
    custom = getattr(view, "row_class", None)
    return custom(obj) if callable(custom) else ""


_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


BLANK_LABEL = BLANK_CHOICE_DASH[0][1]


def _name_empty_choice(formfield: Any) -> None:
    # Django's empty choice is "---------" in every language; say "Chọn…" instead, once, here.
    if getattr(formfield, "empty_label", None) == BLANK_LABEL:
        formfield.empty_label = _("Choose…")
    elif isinstance(formfield, forms.ChoiceField) and not isinstance(formfield, forms.ModelChoiceField):
        choices = list(formfield.choices)
        if choices and choices[0][0] in ("", None) and choices[0][1] == BLANK_LABEL:
            formfield.choices = [("", _("Choose…")), *choices[1:]]


def _shared_widget(formfield: Any) -> Any:
    """Django's plain date and file inputs replaced by the shared ones (core.widgets), wherever a form
    forgot: the browser would otherwise speak its own language (mm/dd/yyyy, "Choose File")."""
    widget = formfield.widget
    shared = {forms.DateInput: DateInput, forms.FileInput: FileInput, forms.ClearableFileInput: FileInput}
    replacement = shared.get(type(widget))
    if replacement is None:
        return widget
    attrs = {k: v for k, v in widget.attrs.items() if k != "type"}
    new = replacement(attrs=attrs)
    new.is_required = widget.is_required
    formfield.widget = new
    return new


@register.simple_tag
def field_widget(field: Any, size: str = "") -> str:
    """A form field's widget with Bootstrap classes and its help/error ids in aria-describedby.

    No `required` attribute: the browser would stop the form with its own bubble in its own language
    before the server's translated message could show; `aria-required` still tells screen readers.
    """
    _name_empty_choice(field.field)
    widget = _shared_widget(field.field)
    if isinstance(widget, forms.HiddenInput):
        return str(field)
    field.form.use_required_attribute = False
    if isinstance(widget, FileInput):
        css = "pckb-file-input visually-hidden"
    elif isinstance(widget, _CHECK_WIDGETS):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select" + (f" form-select-{size}" if size else "")
    else:
        css = "form-control" + (f" form-control-{size}" if size else "")
    existing = widget.attrs.get("class", "")
    attrs: dict[str, Any] = {"class": f"{existing} {css}".strip()}
    if field.field.required and not isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        attrs["aria-required"] = "true"
    described = []
    if isinstance(widget, FileInput):
        described.append(f"{field.auto_id}_name")
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def active_filters(filterset: Any) -> int:
    """How many of a list's visible filters are in use (shown on the phone's folded "Filters" button)."""
    data = filterset.form.data or {}
    count = 0
    for field in filterset.form.visible_fields():
        values = data.getlist(field.name) if hasattr(data, "getlist") else [data.get(field.name)]
        count += any(str(v or "").strip() for v in values)
    return count


def _query(context: template.Context, **params: Any) -> str:
    """The list's current filters plus `params` (empty values dropped) as "?a=1&b=2"."""
    parts = [context.get("querystring") or ""]
    extra = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    parts.append(extra)
    return "?" + "&".join(p for p in parts if p)


@register.simple_tag(takes_context=True)
def sort_state(context: template.Context, column: Any) -> dict[str, str]:
    """For a sortable column header: the link toggling asc/desc, its aria-sort value and an icon."""
    current = context.get("current_sort") or ""
    if current == column.name:
        next_sort, aria, icon = f"-{column.name}", "ascending", "bi-sort-up"
    elif current == f"-{column.name}":
        next_sort, aria, icon = column.name, "descending", "bi-sort-down"
    else:
        next_sort, aria, icon = column.name, "none", "bi-arrow-down-up"
    return {"url": _query(context, sort=next_sort), "aria": aria, "icon": icon}


@register.simple_tag(takes_context=True)
def list_url(context: template.Context, page: Any = "", export: str = "") -> str:
    """A link of the list keeping its filters and sort: another `page`, or the Excel `export`."""
    return _query(context, sort=context.get("current_sort") or "", page=page, export=export)


@register.simple_tag
def badge(label: Any, colour: str = "secondary") -> str:
    """A Bootstrap badge; `colour` is a contextual name (primary, success, warning, danger...)."""
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)


@register.simple_tag
def choice_badge(obj: Any, field: str, colours: dict | None = None) -> str:
    """The display label of a choice field as a badge coloured from `colours` (value -> colour).

    Without `colours`, classification-like fields use CLASSIFICATION_BADGES and others are grey.
    """
    value = getattr(obj, field)
    display = getattr(obj, f"get_{field}_display", None)
    label = display() if callable(display) else value
    if colours is None and field in {"classification", "clearance"}:
        colours = CLASSIFICATION_BADGES
    return badge(label, (colours or {}).get(value, "secondary"))


@register.simple_tag(takes_context=True)
def user_scope(context: template.Context) -> dict[str, Any]:
    """The signed-in user's memberships (organisation and role) and whether they administer users.

    Computed once per request and kept on it, since the navigation bar and pages may both ask.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"memberships": [], "is_admin": False}
    cached = getattr(request, "_pckb_user_scope", None)
    if cached is None:
        from pckb.core.choices import Role

        memberships = list(user.memberships.select_related("organization").order_by("organization__path"))
        cached = {
            "memberships": memberships,
            "is_admin": user.is_superuser or any(m.role >= Role.ADMIN for m in memberships),
        }
        request._pckb_user_scope = cached
    return cached


@register.simple_tag
@functools.cache  # the installed version does not change while the process runs; reading it costs ~1 ms
def pckb_version() -> str:
    try:
        return version("pckb")
    except PackageNotFoundError:
        return ""


@register.filter
def verbose_name(obj: Any) -> Any:
    """The translated name of a record's kind, e.g. "organization"."""
    meta = getattr(obj, "_meta", None)
    return meta.verbose_name if meta is not None else ""


@register.filter
def minutes(value: Any) -> int:
    """A timedelta in whole minutes (at least 1), e.g. the lockout cool-off."""
    if not isinstance(value, datetime.timedelta):
        return 0
    return max(1, int(value.total_seconds() // 60))


@register.filter
def audit_value(value: Any) -> str:
    """A before/after value of the audit trail, short and readable."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


@register.simple_tag(takes_context=True)
def audit_changes(context: Any, entry: Any) -> list[tuple[Any, Any, Any]]:
    """(field label, before, after) for each changed field of an audit entry, bookkeeping fields left out;
    related records by the name the reader may see."""
    from pckb.core.views_audit import changes_of

    request = context.get("request")
    return changes_of(entry, user=getattr(request, "user", None))


@register.filter
def percent_class(value: Any) -> str:
    """`pckb-w-N` for a progress bar of N % (0-100): widths are classes, style attributes break the CSP."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        number = 0
    return f"pckb-w-{min(100, max(0, number))}"


@register.simple_tag
def form_token() -> str:
    """A one-time token, next to `{% csrf_token %}` in a form that saves: a double submit saves once
    (core.idempotency.FormTokenMixin on the view)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN_FIELD, new_form_token())
