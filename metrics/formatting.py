"""Numbers, periods and dates as people read them, Vietnamese first (Babel) — the one place.

The dashboard (``dashboard/fmt.py``), its exports and the speech kit's sentences all format
through this module, so a figure reads the same on a page, in a file and in a sentence.

>>> number(2084)
'2.084'
>>> number(2084.5, decimals=1)
'2.084,5'
>>> percent(0.125)
'12,5%'
>>> number(2084, lang="en")
'2,084'
>>> period(2016, 2020), period(2022, 2022)
('2016–2020', '2022')
>>> published("2022-12-20"), published("2021-03"), published("2018"), published(None)
('20/12/2022', '03/2021', '2018', '—')
>>> count(2084), count(5.63)
('2.084', '5,6')
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal, format_percent

LOCALES = {"vi": "vi_VN", "en": "en_US"}
MISSING = "—"


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "vi_VN")


def is_missing(value: Any) -> bool:
    """``None``, NaN and pandas' missing markers."""
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except TypeError:
        return str(value) in ("<NA>", "nan", "NaT")


def number(value: Any, lang: str = "vi", decimals: int = 0) -> str:
    """A count or rate with the language's separators; ``—`` for a missing value."""
    if is_missing(value):
        return MISSING
    return _number(float(value) if decimals else round(float(value)), lang, decimals)


@lru_cache(maxsize=65_536)  # Babel takes ~0.1 ms a number; a page rerun shows the same ones
def _number(value: float, lang: str, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=_locale(lang))


def auto(value: Any, lang: str = "vi") -> str:
    """Integers as integers, small rates with 2 decimals, other rates with 1."""
    if is_missing(value):
        return MISSING
    v = float(value)
    if v.is_integer():
        return number(v, lang)
    return number(v, lang, decimals=2 if abs(v) < 10 else 1)


def count(value: float | int, lang: str = "vi") -> str:
    """A count as an integer (2.084), a ratio with one decimal (5,6) — as sentences say them."""
    if float(value).is_integer():
        return number(int(value), lang)
    return number(value, lang, decimals=1)


def percent(value: Any, lang: str = "vi", decimals: int = 1) -> str:
    if is_missing(value):
        return MISSING
    return _percent(float(value), lang, decimals)


@lru_cache(maxsize=65_536)
def _percent(value: float, lang: str, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(value, pattern, locale=_locale(lang))


def signed(value: Any, lang: str = "vi") -> str:
    """A change with its sign ("+20", "−369")."""
    if is_missing(value):
        return MISSING
    text = auto(abs(float(value)), lang)
    return ("+" if float(value) >= 0 else "−") + text


def period(start: Any, end: Any) -> str:
    if is_missing(start) or is_missing(end):
        return MISSING
    a, b = int(start), int(end)
    return str(a) if a == b else f"{a}–{b}"


def published(value: Any, missing: str = MISSING, lang: str = "vi") -> str:
    """A source date as precise as known: dd/mm/yyyy, mm/yyyy or yyyy (a ``date``: the day);
    in English in words (20 December 2022, March 2021), never the ambiguous 12/20.

    >>> published(date(2024, 5, 1)), published(float("nan"), missing="không rõ ngày")
    ('01/05/2024', 'không rõ ngày')
    >>> published("2022-12-20", lang="en"), published("2021-03", lang="en")
    ('20 December 2022', 'March 2021')
    """
    if isinstance(value, date):
        value = value.strftime("%Y-%m-%d")
    if is_missing(value) or not str(value).strip():
        return missing
    parts = str(value).strip().split("-")
    if lang == "en" and len(parts) > 1 and all(p.isdigit() for p in parts):
        month = date(2000, int(parts[1]), 1).strftime("%B")
        return " ".join(([str(int(parts[2]))] if len(parts) > 2 else []) + [month, parts[0]])
    return "/".join(reversed(parts))
