"""Dates as pages and reports print them: ISO, dd/mm/yyyy, "ngày 20 tháng 12 năm 2022"."""

from __future__ import annotations

import re
from datetime import date

from data_loaders.report_text.folding import fold_chars

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]|$)")
_DMY = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)")
_WORDS = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+((?:19|20)\d{2})\b")


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """A date written as ISO ("2022-12-20T08:00"), "20/12/2022" or in words.

    >>> parse_date("2022-12-20T08:15:00+07:00"), parse_date("Thứ Sáu, 11/10/2019 (GMT+7)")
    (datetime.date(2022, 12, 20), datetime.date(2019, 10, 11))
    >>> parse_date("Hòa Bình, ngày 20 tháng 6 năm 2022")
    datetime.date(2022, 6, 20)
    """
    text = text.strip()
    if not text:
        return None
    if match := _ISO.search(text):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _DMY.search(text):
        return _make(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    if match := _WORDS.search(fold_chars(text)):
        return _make(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return None


def find_date(text: str) -> date | None:
    """The first full date in ``text`` (used on the top of a page or report).

    >>> find_date("Cập nhật 17:39, Thứ Sáu, 11/10/2019 (GMT+7). Kế hoạch ngày 5/3/2018")
    datetime.date(2019, 10, 11)
    """
    candidates = []
    for regex, order in ((_DMY, (3, 2, 1)), (_WORDS, (3, 2, 1))):
        source = fold_chars(text) if regex is _WORDS else text
        for match in regex.finditer(source):
            found = _make(*(int(match.group(i)) for i in order))
            if found:
                candidates.append((match.start(), found))
    return min(candidates)[1] if candidates else None
