"""Province abbreviations of the target codes (`QNI-0042`) and Vietnam's bounding box."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["PROVINCE_ABBREVIATIONS", "province_abbreviation", "format_code", "CODE_DIGITS", "LAT_RANGE", "LON_RANGE"]

# The 34 provinces and cities in force since 1 July 2025, by their statistical code.
PROVINCE_ABBREVIATIONS = {
    "01": "HNI",
    "04": "CBG",
    "08": "TQG",
    "11": "DBN",
    "12": "LCU",
    "14": "SLA",
    "15": "LCI",
    "19": "TNN",
    "20": "LSN",
    "22": "QNI",
    "24": "BNH",
    "25": "PTO",
    "31": "HPG",
    "33": "HYN",
    "37": "NBH",
    "38": "THA",
    "40": "NAN",
    "42": "HTH",
    "44": "QTI",
    "46": "HUE",
    "48": "DNG",
    "51": "QNG",
    "52": "GLI",
    "56": "KHA",
    "66": "DLK",
    "68": "LDG",
    "75": "DNI",
    "79": "HCM",
    "80": "TNH",
    "82": "DTP",
    "86": "VLG",
    "91": "AGG",
    "92": "CTO",
    "96": "CMU",
}
CODE_DIGITS = 4

# The mainland, the coastal islands and the Hoàng Sa and Trường Sa archipelagos.
LAT_RANGE = (Decimal("6.0"), Decimal("23.5"))
LON_RANGE = (Decimal("102.0"), Decimal("117.9"))


def province_abbreviation(code: str) -> str:
    """The three letters of a current province; a retired province (old records) keeps "P" + its code."""
    return PROVINCE_ABBREVIATIONS.get(code, f"P{code}")


def format_code(prefix: str, number: int) -> str:
    return f"{prefix}-{number:0{CODE_DIGITS}d}"
