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
from decimal import Decimal
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

__all__ = ["TableRows"]

# Values worth formatting once per page: they repeat down a column (a deadline, "Không", 100).
_MEMO_TYPES = (bool, int, float, Decimal, datetime.date)


class TableRows:
    """Renders the `<td>` cells of one page's rows for `columns` (core.views.Column)."""

    def __init__(self, view: Any, columns: list[Any], no_name: str) -> None:
        # Imported here: the template tags import this package (its column_value).
        from ..templatetags.pckb_tags import format_cell, row_class, row_url
        from .lists import column_value

        self.view, self.columns, self.no_name = view, columns, no_name
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
        raw = self._raw(obj, column.name)
        if not isinstance(raw, _MEMO_TYPES):
            return self._format(raw)
        key = (type(raw), raw)
        if key not in self._formatted:
            self._formatted[key] = self._format(raw)
        return self._formatted[key]

    def html(self, value: Any) -> str:
        """`{{ value }}` in a template: localised (numbers, dates), then escaped unless already safe."""
        if isinstance(value, str):
            return conditional_escape(value)
        if not isinstance(value, _MEMO_TYPES):
            return conditional_escape(str(localize(template_localtime(value))))
        key = (type(value), value)
        if key not in self._html:
            self._html[key] = conditional_escape(str(localize(template_localtime(value))))
        return self._html[key]
