"""The shared widgets: dates, files, several choices among many, and choices among thousands.

`DateInput` is a text box showing dd/mm/yyyy with the vendored date picker (Vietnamese month and day
names whatever the browser's language); the server reads dd/mm/yyyy and ISO dates (pckb/formats/).
`FileInput` labels the file input in the page's language instead of the browser's "Choose File".
`CheckboxList` is a searchable list of checkboxes for choosing several organisations.
`SearchSelect` renders only the chosen option and a few presets; a search box beside it asks an
htmx endpoint for matching `<option>`s (see `options_response`); `include` names other fields whose
values go with the search (a commune search narrowed to the chosen province). Without JavaScript the select still
works with its presets. Labels come from the caller so that they are translated in the caller's app.
The behaviour is in static/pckb/pckb.js; no widget writes inline scripts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.db.models import Min, QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

__all__ = [
    "DateInput",
    "FileInput",
    "CheckboxList",
    "SearchSelect",
    "options_response",
    "results_heading",
    "OPTIONS_LIMIT",
    "organization_search",
    "organization_checkboxes",
    "DATE_DISPLAY_FORMAT",
]

OPTIONS_LIMIT = 50

# What every date box shows and the date picker writes; pckb/formats/ makes the server read it back.
DATE_DISPLAY_FORMAT = "%d/%m/%Y"


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box with the vendored date picker, in every language and browser.

    The browser's own `<input type="date">` shows mm/dd/yyyy in an English browser while the pages
    write dd/mm/yyyy, so the box is plain text; pckb.js attaches the picker to `data-pckb-date`.
    """

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "data-pckb-date": "",
            "placeholder": gettext_lazy("dd/mm/yyyy"),
            "autocomplete": "off",
            "inputmode": "numeric",
        }
        attrs = {**defaults, **{k: v for k, v in (attrs or {}).items() if k != "type"}}
        super().__init__(attrs=attrs, format=DATE_DISPLAY_FORMAT)


class FileInput(forms.ClearableFileInput):
    """A file input whose button and "no file" text are in the page's language, not the browser's.

    The native input stays in the tab order (visually hidden); its visible label is the button.
    """

    template_name = "core/widgets/file_input.html"


class CheckboxList(forms.CheckboxSelectMultiple):
    """Several choices among many (organisations): checkboxes with a search box, "choose all shown" and
    "clear", and a live count of what is chosen. Without JavaScript it is a plain list of checkboxes.

    `group_by(obj)` may name another choice (its primary key) to list `obj` under, e.g. an organisation's
    parent: the agencies of each commune then sit under that commune's name. Choices whose group is not
    itself a choice come first, ungrouped.
    """

    template_name = "core/widgets/checkbox_list.html"

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        search_label: Any = "",
        group_by: Callable[[Any], Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.search_label = search_label
        self.group_by = group_by

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list:
        if self.group_by is None:
            return super().optgroups(name, value, attrs)
        choices = list(self.choices)
        labels = {v.instance.pk: label for v, label in choices if hasattr(v, "instance")}
        ungrouped, groups = [], {}
        for option_value, label in choices:
            instance = getattr(option_value, "instance", None)
            key = self.group_by(instance) if instance is not None else None
            if key in labels:
                groups.setdefault(labels[key], []).append((option_value, label))
            else:
                ungrouped.append((option_value, label))
        original = self.choices
        self.choices = [*ungrouped, *groups.items()]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["search_label"] = self.search_label or gettext_lazy("Search the list")
        return context


class SearchSelect(forms.Select):
    """A `<select>` with a search box; `search_url_name` answers `?q=` with `<option>` elements."""

    def __init__(
        self,
        search_url_name: str,
        *,
        search_label: Any = "",
        placeholder: Any = "",
        presets: Callable[[QuerySet], Iterable[Any]] | None = None,
        include: str = "",
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.include = include  # an htmx selector, e.g. "[name=province]"
        self.search_url_name = search_url_name
        self.search_label = search_label
        self.placeholder = placeholder
        self.presets = presets

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list:
        # Render the chosen value and the presets only, never the whole queryset.
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        chosen = [v for v in value if v not in ("", None)]
        objects = list(queryset.filter(pk__in=chosen)) if chosen else []
        if self.presets is not None:
            objects += [o for o in self.presets(queryset) if o not in objects]
        empty = [("", iterator.field.empty_label or "")] if iterator.field.empty_label is not None else []
        original = self.choices
        self.choices = empty + [iterator.choice(o) for o in objects]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        select = super().render(name, value, attrs, renderer)
        select_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        search = format_html(
            '<div class="input-group input-group-sm mb-1">'
            '<span class="input-group-text"><i class="bi bi-search" aria-hidden="true"></i></span>'
            '<input type="search" name="q" class="form-control" autocomplete="off" id="{}_search" '
            'aria-label="{}" aria-controls="{}" placeholder="{}" hx-get="{}" '
            'hx-trigger="input changed delay:300ms, search" hx-target="#{}" hx-swap="innerHTML" '
            'hx-sync="this:replace"{}></div>',
            select_id,
            self.search_label,
            select_id,
            self.placeholder,
            reverse(self.search_url_name),
            select_id,
            format_html(' hx-include="{}"', self.include) if self.include else "",
        )
        return format_html('<div class="pckb-search-select">{}{}</div>', search, select)


def options_response(
    objects: Iterable[Any], label: Callable[[Any], str], *, heading: str, empty: str = "---------"
) -> HttpResponse:
    """The `<option>` list answering a SearchSelect search; `heading` (e.g. "12 results") comes first."""
    rows = format_html_join("", '<option value="{}">{}</option>', ((o.pk, label(o)) for o in objects))
    first = format_html('<option value="">{} ({})</option>', empty, heading)
    return HttpResponse(first + rows)


def results_heading(n: int) -> str:
    """"12 results", or a hint to type more when the list was cut at OPTIONS_LIMIT."""
    if n >= OPTIONS_LIMIT:
        return _("first %(n)d results: type more to narrow the search") % {"n": n}
    return ngettext("%(n)d result", "%(n)d results", n) % {"n": n}


def _near_the_top(queryset: QuerySet) -> QuerySet:
    # Offered before any search: the top two levels of what the user may pick (a few dozen rows).
    top = queryset.aggregate(top=Min("depth"))["top"] or 0
    return queryset.filter(depth__lte=top + 1).order_by("path")[:100]


def organization_search(options_url_name: str) -> SearchSelect:
    """The organisation picker: a search box (there may be thousands), the top levels offered first."""
    return SearchSelect(
        options_url_name,
        search_label=gettext_lazy("Search organizations"),
        placeholder=gettext_lazy("Search by name or code…"),
        presets=_near_the_top,
    )


def organization_checkboxes(search_label: Any = "") -> CheckboxList:
    """Several organisations as checkboxes, each under its parent: names like "Công an xã" repeat."""
    return CheckboxList(search_label=search_label or gettext_lazy("Search organizations"), group_by=_parent_id)


def _parent_id(organization: Any) -> Any:
    return organization.parent_id
