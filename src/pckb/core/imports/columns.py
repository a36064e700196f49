"""Column types of an import specification: how a cell is read, checked, stored and offered in the template.

A column turns one raw cell value (what openpyxl read) into a Python value, or raises `CellError`
with a translated message. Values are kept as JSON between the preview and the confirmation
(`to_json` / `from_json`) and shown in the preview with `display`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ..text import nfc, vn_fold

__all__ = [
    "CellError",
    "Column",
    "TextColumn",
    "IntColumn",
    "DecimalColumn",
    "DateColumn",
    "BoolColumn",
    "ChoiceColumn",
    "LookupColumn",
    "OrganizationColumn",
]

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


class CellError(Exception):
    """A cell's value cannot be used; the message is shown after the column's header."""


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a code typed as 12 arrives as 12.0
    return nfc(str(raw)).strip()


class Column:
    """One column: its header, key (the service's argument), whether it is required, and help text."""

    kind = "text"
    number_format = ""

    def __init__(
        self,
        key: str,
        header: Any,
        *,
        required: bool = False,
        help: Any = "",  # noqa: A002 - the natural name in a specification
        width: int = 20,
        default: Any = None,
    ) -> None:
        self.key, self.header, self.required, self.help, self.width, self.default = (
            key,
            header,
            required,
            help,
            width,
            default,
        )

    def parse(self, raw: Any, ctx: Any) -> Any:
        return _text(raw)

    def to_json(self, value: Any) -> Any:
        return value

    def from_json(self, value: Any, ctx: Any) -> Any:
        return value

    def display(self, value: Any) -> str:
        return "" if value is None else str(value)

    def catalogue(self, ctx: Any) -> list[str] | None:
        """The allowed values, offered as a drop-down list in the template (None: free input)."""
        return None

    def hint(self) -> str:
        """What the template's header comment says about the expected value."""
        return ""


class TextColumn(Column):
    def __init__(self, key: str, header: Any, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(key, header, **kwargs)
        self.max_length = max_length
        if self.default is None:
            self.default = ""

    def parse(self, raw: Any, ctx: Any) -> str:
        value = _text(raw)
        if self.max_length and len(value) > self.max_length:
            raise CellError(
                _("{count} characters, at most {max} allowed").format(count=len(value), max=self.max_length)
            )
        return value

    def hint(self) -> str:
        return _("At most {max} characters.").format(max=self.max_length) if self.max_length else ""


class IntColumn(Column):
    kind = "int"

    def __init__(self, key: str, header: Any, *, min_value: int | None = None, max_value: int | None = None, **kw: Any):
        super().__init__(key, header, **kw)
        self.min_value, self.max_value = min_value, max_value

    def parse(self, raw: Any, ctx: Any) -> int:
        try:
            number = Decimal(str(raw).strip().replace(" ", ""))
        except InvalidOperation:
            number = None
        # adjusted() first: int() of "1e999999" would build a million-digit number.
        if number is None or not number.is_finite() or number.adjusted() > 18 or number != number.to_integral_value():
            raise CellError(_("“{value}” is not a whole number").format(value=_text(raw)))
        value = int(number)
        if (self.min_value is not None and value < self.min_value) or (
            self.max_value is not None and value > self.max_value
        ):
            raise CellError(
                _("{value} is outside {min}–{max}").format(value=value, min=self.min_value, max=self.max_value)
            )
        return value

    def hint(self) -> str:
        if self.min_value is not None and self.max_value is not None:
            return _("A whole number from {min} to {max}.").format(min=self.min_value, max=self.max_value)
        return _("A whole number.")


class DecimalColumn(Column):
    kind = "decimal"

    def parse(self, raw: Any, ctx: Any) -> Decimal:
        try:
            value = Decimal(str(raw).strip().replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise CellError(_("“{value}” is not a number").format(value=_text(raw))) from None
        if not value.is_finite() or value.adjusted() > 18:
            raise CellError(_("“{value}” is not a number").format(value=_text(raw)))
        return value

    def to_json(self, value: Any) -> Any:
        return str(value)

    def from_json(self, value: Any, ctx: Any) -> Any:
        return Decimal(value)


class DateColumn(Column):
    """A calendar date: an Excel date cell or text dd/mm/yyyy; years outside a plausible range are refused."""

    kind = "date"
    number_format = "DD/MM/YYYY"

    def __init__(self, key: str, header: Any, *, min_year: int = 1900, max_year: int = 2100, **kwargs: Any) -> None:
        super().__init__(key, header, **kwargs)
        self.min_year, self.max_year = min_year, max_year

    def parse(self, raw: Any, ctx: Any) -> datetime.date:
        value = None
        if isinstance(raw, datetime.datetime):
            value = raw.date()
        elif isinstance(raw, datetime.date):
            value = raw
        else:
            text = _text(raw)
            for fmt in DATE_FORMATS:
                try:
                    value = datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time
                    break
                except ValueError:
                    continue
        if value is None:
            raise CellError(_("“{value}” is not a date dd/mm/yyyy").format(value=_text(raw)))
        if not self.min_year <= value.year <= self.max_year:
            raise CellError(_("the year {year} is not plausible").format(year=value.year))
        return value

    def to_json(self, value: Any) -> Any:
        return value.isoformat() if value else None

    def from_json(self, value: Any, ctx: Any) -> Any:
        return datetime.date.fromisoformat(value) if value else None

    def display(self, value: Any) -> str:
        return value.strftime("%d/%m/%Y") if value else ""

    def hint(self) -> str:
        return _("A date dd/mm/yyyy.")


class ChoiceColumn(Column):
    """One of fixed choices (`TextChoices` or pairs), read by code or by label in Vietnamese or English."""

    kind = "choice"

    def __init__(self, key: str, header: Any, *, choices: Any, **kwargs: Any) -> None:
        super().__init__(key, header, **kwargs)
        self.choices = choices

    def _pairs(self) -> list[tuple[Any, Any]]:
        return list(getattr(self.choices, "choices", self.choices))

    def _lookup(self, ctx: Any) -> dict[str, Any]:
        key = ("choices", self.key)
        if key not in ctx.cache:
            lookup: dict[str, Any] = {}
            for value, label in self._pairs():
                lookup[vn_fold(str(value))] = value
                for language in ("vi", "en"):
                    with translation.override(language):
                        lookup[vn_fold(str(label))] = value
            ctx.cache[key] = lookup
        return ctx.cache[key]

    def parse(self, raw: Any, ctx: Any) -> Any:
        value = self._lookup(ctx).get(vn_fold(_text(raw)))
        if value is None:
            raise CellError(_("“{value}” is not in the list").format(value=_text(raw)))
        return value

    def display(self, value: Any) -> str:
        return str(dict(self._pairs()).get(value, value or ""))

    def catalogue(self, ctx: Any) -> list[str]:
        return [str(label) for _value, label in self._pairs()]


class BoolColumn(ChoiceColumn):
    kind = "bool"

    def __init__(self, key: str, header: Any, **kwargs: Any) -> None:
        from django.utils.translation import gettext_lazy

        super().__init__(key, header, choices=[(True, gettext_lazy("Yes")), (False, gettext_lazy("No"))], **kwargs)

    def parse(self, raw: Any, ctx: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        folded = vn_fold(_text(raw))
        if folded in {"1", "x", "co", "yes", "true", "dung"}:
            return True
        if folded in {"0", "khong", "no", "false", "sai"}:
            return False
        raise CellError(_("“{value}” is not in the list").format(value=_text(raw)))


class LookupColumn(Column):
    """A record chosen among `queryset(ctx)` by one of its `codes(obj)` or, failing that, its `names(obj)`.

    Matching folds case and diacritics. The template offers each record's `label(obj)` in a drop-down
    (the label is accepted too); a name shared by several records is refused with a request to use the
    code. The JSON value is the primary key.
    """

    kind = "lookup"

    def __init__(
        self,
        key: str,
        header: Any,
        *,
        queryset: Callable[[Any], Any],
        codes: Callable[[Any], Iterable[str]] = lambda obj: [],
        names: Callable[[Any], Iterable[str]] = lambda obj: [str(obj)],
        label: Callable[[Any], str] = str,
        **kwargs: Any,
    ) -> None:
        super().__init__(key, header, **kwargs)
        self.queryset, self.codes, self.names, self.label = queryset, codes, names, label

    def _index(self, ctx: Any) -> tuple[dict[str, Any], dict[str, list[Any]], dict[Any, Any]]:
        key = ("lookup", self.key)
        if key not in ctx.cache:
            codes: dict[str, Any] = {}
            names: dict[str, list[Any]] = {}
            by_pk: dict[Any, Any] = {}
            for obj in self.queryset(ctx):
                by_pk[obj.pk] = obj
                for code in self.codes(obj):
                    if code:
                        codes[vn_fold(code)] = obj
                for text in {vn_fold(k) for k in (*self.names(obj), self.label(obj)) if k}:
                    names.setdefault(text, []).append(obj)
            ctx.cache[key] = (codes, names, by_pk)
        return ctx.cache[key]

    def _match(self, text: str, ctx: Any) -> list[Any]:
        codes, names, _by_pk = self._index(ctx)
        folded = vn_fold(text)
        return [codes[folded]] if folded in codes else names.get(folded, [])

    def parse(self, raw: Any, ctx: Any) -> Any:
        text = _text(raw)
        matches = self._match(text, ctx)
        if len(matches) > 1:
            raise CellError(_("several entries are named “{value}”: use the code").format(value=text))
        if not matches:
            raise CellError(_("“{value}” was not found among the allowed entries").format(value=text))
        return matches[0]

    def to_json(self, value: Any) -> Any:
        return value.pk if value is not None else None

    def from_json(self, value: Any, ctx: Any) -> Any:
        # Re-read from the allowed entries: what was allowed at the preview may not be any more.
        return self._index(ctx)[2].get(value) if value is not None else None

    def display(self, value: Any) -> str:
        return self.label(value) if value is not None else ""

    def catalogue(self, ctx: Any) -> list[str]:
        return [self.label(obj) for obj in self._index(ctx)[2].values()]

    def hint(self) -> str:
        return _("Choose from the list, or type the code or the name.")


class OrganizationColumn(LookupColumn):
    """An active organisation among `queryset(ctx)`, by code, name, short name or "Name (code)"."""

    def __init__(self, key: str, header: Any, *, queryset: Callable[[Any], Any], **kwargs: Any) -> None:
        super().__init__(
            key,
            header,
            queryset=lambda ctx: queryset(ctx).filter(is_active=True).order_by("path"),
            codes=lambda org: [org.code],
            names=lambda org: [org.name, org.short_name],
            label=lambda org: f"{org.name} ({org.code})",
            **kwargs,
        )

    def parse(self, raw: Any, ctx: Any) -> Any:
        try:
            return super().parse(raw, ctx)
        except CellError:
            text = _text(raw)
            if len(self._match(text, ctx)) > 1:
                raise CellError(_("several organizations are named “{name}”: use its code").format(name=text)) from None
            raise CellError(_("organization “{name}” not found").format(name=text)) from None
