"""Vietnamese text helpers: one folding function for every search key (see docs/architecture.md)."""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["vn_fold", "nfc", "clean_text", "CleanedFieldsMixin", "TEXT_MAX_LENGTH", "PLAUSIBLE_DATES"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def nfc(value: str) -> str:
    """Normalise input to NFC so that the same word is stored the same way whatever keyboard typed it."""
    return unicodedata.normalize("NFC", value or "").translate(_APOSTROPHES).strip()


class _StripMarks(dict):
    """A `str.translate` table deleting non-spacing marks (category Mn), filled as characters are met.

    One table lookup per character instead of a `unicodedata.category` call: the fold runs per cell of
    an import and per commune of its lookup index (#10).
    """

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = kept
        return kept


_STRIP_MARKS = _StripMarks()


def vn_fold(value: str) -> str:
    """Lower-case, strip every diacritic and fold đ/Đ, so "Điện Biên" and "dien bien" compare equal.

    unicode61 and unaccent differ on đ, hence our own fold applied both when storing and when querying.
    """
    return _fold(value or "")


@functools.lru_cache(maxsize=32_768)
def _fold(value: str) -> str:
    # The same names (communes, categories, provinces) are folded again and again in an import (#10).
    value = value.replace("đ", "d").replace("Đ", "D").translate(_APOSTROPHES)
    if not value.isascii():  # ASCII has no marks and NFD leaves it unchanged
        value = unicodedata.normalize("NFD", value).translate(_STRIP_MARKS)
    return " ".join(value.lower().split())


# Bidirectional overrides and isolates (a "U+202E" title reads backwards), zero-width characters and
# the byte-order mark: invisible, so a title made of them looks blank and a name with them looks forged.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff]")
# C0/C1 control characters (BEL, ESC, U+0001...), keeping the tab and the line break of multi-line text.
_CONTROLS_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A long text field (a description, a report section) has no database limit; this is its default one.
TEXT_MAX_LENGTH = 20_000
# Dates a committee's record can plausibly carry; a model narrows them per field with `plausible_dates`.
PLAUSIBLE_DATES = (datetime.date(1945, 1, 1), datetime.date(2100, 12, 31))


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFC, no control characters or invisible direction marks, trimmed; line breaks kept when multi-line."""
    value = unicodedata.normalize("NFC", value or "").translate(_APOSTROPHES)
    value = _INVISIBLE.sub("", value)
    if multiline:
        return _CONTROLS_MULTILINE.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return " ".join(_CONTROLS_ONE_LINE.sub(" ", value).split())


class CleanedFieldsMixin:
    """Every text and date field of a model, checked the same way before the model's own validation.

    Text is cleaned (`clean_text`), so a title of invisible characters is blank and refused as such; a
    long text field is limited to `text_max_length` (default TEXT_MAX_LENGTH); a date must lie within
    `plausible_dates.get(field, PLAUSIBLE_DATES)`. Services call `full_clean()`, so pages, the API and
    imports all get this.
    """

    text_max_length = TEXT_MAX_LENGTH
    plausible_dates: dict[str, tuple[datetime.date, datetime.date]] = {}

    def clean_fields(self, exclude: Any = None) -> None:
        exclude = set(exclude or ())
        errors: dict[str, list[Any]] = {}
        for field in self._meta.concrete_fields:  # type: ignore[attr-defined]
            if field.name in exclude or field.choices:
                continue
            value = getattr(self, field.attname, None)
            if isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
                value = clean_text(value, multiline=isinstance(field, models.TextField))
                setattr(self, field.attname, value)
                limit = field.max_length or self.text_max_length
                if len(value) > limit:
                    errors[field.name] = [
                        _("This text is too long ({length} characters); the limit is {limit}.").format(
                            length=len(value), limit=limit
                        )
                    ]
            elif isinstance(field, models.DateField) and isinstance(value, datetime.date):
                low, high = self.plausible_dates.get(field.name, PLAUSIBLE_DATES)
                day = value.date() if isinstance(value, datetime.datetime) else value
                if not low <= day <= high:
                    errors[field.name] = [
                        _("Enter a date between {low} and {high}.").format(
                            low=low.strftime("%d/%m/%Y"), high=high.strftime("%d/%m/%Y")
                        )
                    ]
        try:
            super().clean_fields(exclude=exclude)  # type: ignore[misc]
        except ValidationError as err:
            for name, messages in err.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
