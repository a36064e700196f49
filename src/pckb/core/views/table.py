"""The body rows of a list page as ready HTML, computed once per page in Python.

A list page of 50 rows × 8 columns has 400 cells; as template code each cell costs a dozen node
renders, a `gettext` for every yes/no and a `localize` for every number: tens of milliseconds of the
100 ms budget at 1,000,000 tasks (tests/bench/bench_tasks.py). Here each column's `<td …>` opening is
built once, repeated values (dates, yes/no, numbers) are formatted once, and a row is one string.

The markup is exactly what core/list.html used to write per cell, with the template's escaping
(`conditional_escape` after `localize`, as `{{ value }}` does): the page reads the same.
"""

from __future__ import annotations

import datetime
import inspect
from decimal import Decimal
from functools import partialmethod
from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils import numberformat
from django.utils.encoding import force_str
from django.utils.formats import get_format, localize
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

__all__ = ["TableRows", "ChoiceLabels", "Localizer", "PkUrl"]

# Values worth formatting once per page: they repeat down a column (a deadline, "Không", 100).
_MEMO_TYPES = (bool, int, float, Decimal, datetime.date)


class PkUrl:
    """`reverse(view_name, args=[pk])` for the many rows of one page, reversed once.

    `reverse` asks for the language, the script prefix and the URL conf on every call (about 100 µs
    each here, 50 per page); an integer pk only changes the digits, so the URL is built around them.
    """

    _PLACEHOLDER = 987654321987654321

    def __init__(self, view_name: str) -> None:
        url = reverse(view_name, args=[self._PLACEHOLDER])
        self.view_name = view_name
        self.parts = url.split(str(self._PLACEHOLDER))

    def __call__(self, pk: int) -> str:
        if len(self.parts) != 2 or not isinstance(pk, int):
            return reverse(self.view_name, args=[pk])
        return f"{self.parts[0]}{pk}{self.parts[1]}"


class Localizer:
    """`{{ value }}`'s localisation, for many values of one page: the separators are looked up once.

    Django's `localize` asks for the language and three formats on every number, about 10 µs each
    time (a summary of 122 assignees × 5 counts: 6 ms); the result is the same.
    """

    def __init__(self) -> None:
        language = get_language()
        self.separators = tuple(
            get_format(name, language, use_l10n=True)
            for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
        )

    def __call__(self, value: Any) -> Any:
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            decimal_sep, grouping, thousand_sep = self.separators
            return numberformat.format(value, decimal_sep, None, grouping, thousand_sep, use_l10n=True)
        return localize(value)

    def html(self, value: Any) -> str:
        """`{{ value }}` in a template: localised, then escaped unless already safe."""
        if isinstance(value, str):
            return conditional_escape(value)
        return conditional_escape(str(self(template_localtime(value))))


class _Labels(dict):
    """A choice field's labels by value (translated now), and the attribute holding the value."""

    attname = ""


class ChoiceLabels:
    """The labels of the choice fields a page shows, translated once (see `column_value`).

    Only where Django's own `get_FOO_display` answers: a model that defines its own keeps it.
    """

    def __init__(self) -> None:
        self._fields: dict[tuple[type, str], _Labels | None] = {}

    def of(self, cls: type, name: str) -> _Labels | None:
        key = (cls, name)
        if key not in self._fields:
            self._fields[key] = self._build(cls, name)
        return self._fields[key]

    @staticmethod
    def _build(cls: type, name: str) -> _Labels | None:
        display = inspect.getattr_static(cls, f"get_{name}_display", None)
        if not isinstance(display, partialmethod) or display.func is not Model._get_FIELD_display:
            return None
        field = display.keywords["field"]
        labels = _Labels(
            (make_hashable(value), force_str(label, strings_only=True)) for value, label in field.flatchoices
        )
        labels.attname = field.attname
        return labels


class TableRows:
    """Renders the `<td>` cells of one page's rows for `columns` (core.views.Column)."""

    def __init__(self, view: Any, columns: list[Any], no_name: str) -> None:
        # Imported here: the template tags import this package (its column_value).
        from ..templatetags.pckb_tags import format_cell, row_class, row_url
        from .lists import column_value

        self.view, self.columns, self.no_name = view, columns, no_name
        self.labels = ChoiceLabels()
        self.localizer = Localizer()
        self._raw, self._format = column_value, format_cell
        self._row_class, self._row_url = row_class, row_url
        self.linked = any(column.link for column in columns)
        self.openings = [self._opening(column) for column in columns]
        self._formatted: dict[tuple[type, Any], Any] = {}
        self._html: dict[tuple[type, Any], str] = {}

    @staticmethod
    def _opening(column: Any) -> SafeString:
        if column.link:
            return format_html('<td data-label="{}" data-card="link">', column.label)
        if column.card:
            return format_html('<td data-label="{}" data-card="{}">', column.label, column.card)
        return format_html('<td data-label="{}">', column.label)

    def row(self, obj: Any) -> dict[str, Any]:
        url = self._row_url(self.view, obj) if self.linked else ""
        parts = []
        for column, opening in zip(self.columns, self.openings, strict=True):
            value = self.value(obj, column)
            if column.link and url:
                inner = format_html('<a href="{}">{}</a>', url, self.html(value or self.no_name))
            else:
                inner = self.html(value)
            parts.append(f"{opening}{inner}</td>")
        return {"css": self._row_class(self.view, obj), "url": url, "cells": mark_safe("\n".join(parts))}  # noqa: S308 - escaped above

    def value(self, obj: Any, column: Any) -> Any:
        """The cell's value as `{% column_value %}` gives it, formatted once per distinct raw value."""
        raw = self._raw(obj, column.name, self.labels)
        if not isinstance(raw, _MEMO_TYPES):
            return self._format(raw)
        key = (type(raw), raw)
        if key not in self._formatted:
            self._formatted[key] = self._format(raw)
        return self._formatted[key]

    def html(self, value: Any) -> str:
        """`{{ value }}` of a cell, formatted once per distinct value (dates, numbers, yes/no)."""
        if isinstance(value, str) or not isinstance(value, _MEMO_TYPES):
            return self.localizer.html(value)
        key = (type(value), value)
        if key not in self._html:
            self._html[key] = self.localizer.html(value)
        return self._html[key]
