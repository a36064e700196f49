"""Vietnamese text helpers: one folding function for every search key (see docs/architecture.md)."""

from __future__ import annotations

import unicodedata

__all__ = ["vn_fold", "nfc"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def nfc(value: str) -> str:
    """Normalise input to NFC so that the same word is stored the same way whatever keyboard typed it."""
    return unicodedata.normalize("NFC", value or "").translate(_APOSTROPHES).strip()


def vn_fold(value: str) -> str:
    """Lower-case, strip every diacritic and fold đ/Đ, so "Điện Biên" and "dien bien" compare equal.

    unicode61 and unaccent differ on đ, hence our own fold applied both when storing and when querying.
    """
    value = (value or "").replace("đ", "d").replace("Đ", "D").translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())
