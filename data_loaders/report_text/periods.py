"""Reporting periods stated in prose, anchored on the report's date.

"năm 2022" is that year; "giai đoạn 2016 - 2020" and "(2009-2024)" are
phases; "từ năm 2019 đến nay" runs to the report year ("từ khi phát động phong
trào" starts in 2009, when the movement was launched), and has an open end
when the report year is not known (an undated page); "6 tháng đầu năm" is
January–June of the report year; "qua 15 năm" / "15 năm qua" ends at the report
year and starts at the matching phase the document names (or 15 years earlier);
"đến nay"/"hiện có" mark a stock as of the report year. Comparisons ("so với
năm 2020"), targets ("đến năm 2025") and anniversaries ("kỷ niệm 80 năm
thành lập (1939 - 2019)") are not periods.

An undated page may still tell its year: "sau 10 năm triển khai phong trào" is
2019 (the movement began in 2009), "sau 03 năm thực hiện Kế hoạch số 53-KH/TU,
ngày 10/3/2021" is 2024 (:func:`anchored_year`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from data_loaders.report_text import phrases as ph

MOVEMENT_START = 2009  # Ban Dân vận Trung ương launched the movement in 2009


@dataclass(frozen=True)
class Period:
    """An interval of days; ``end`` is None for "từ năm 2009 đến nay" on an undated page."""

    start: date
    end: date | None

    @classmethod
    def years(cls, first: int, last: int | None = None) -> Period:
        """Whole calendar years ``first``..``last``.

        >>> Period.years(2016, 2018).iso()
        ('2016-01-01', '2018-12-31')
        """
        return cls(date(first, 1, 1), date(first if last is None else last, 12, 31))

    @classmethod
    def months(cls, year: int, first: int, last: int) -> Period:
        """Months ``first``..``last`` of ``year``.

        >>> Period.months(2023, 1, 6).iso()
        ('2023-01-01', '2023-06-30')
        """
        return cls(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]))

    @classmethod
    def since(cls, first: int, year: int | None) -> Period:
        """From ``first`` to the end of the report ``year``; an open end when it is unknown.

        >>> Period.since(2009, 2024).iso(), Period.since(2009, None).iso()
        (('2009-01-01', '2024-12-31'), ('2009-01-01', None))
        """
        return cls(date(first, 1, 1), date(year, 12, 31) if year is not None else None)

    def iso(self) -> tuple[str, str | None]:
        """Start and end as ISO dates (end None when open)."""
        return self.start.isoformat(), self.end.isoformat() if self.end else None


@dataclass(frozen=True)
class PeriodMention:
    """A period stated in a sentence; ``stock`` marks "đến nay"/"hiện có"; ``to_now`` a period
    whose end is the report date ("từ năm 2019 đến nay"), not stated."""

    start: int
    end: int
    period: Period | None
    stock: bool = False
    future: bool = False
    to_now: bool = False
    past_year: bool = False  # "năm qua": the year under review, which a title may name


def _years_before(folded: str, start: int) -> bool:
    head = folded[max(0, start - 40) : start]
    return bool(ph.NOT_PERIOD_BEFORE.search(head))


_UNTIL = re.compile(r"\b(?:den|toi)(?:\s+(?:het|cuoi))?\s*$")
_AIM = re.compile(r"\b(?:phan\s+dau|muc\s+tieu|chi\s+tieu|ke\s+hoach|du\s+kien|se)\b")


def _stock_until(folded: str, start: int) -> bool:
    """ "Đến hết năm 2023, toàn huyện có …" in a later report: a stock as of that year (an aim,
    "phấn đấu đến năm 2025", is not)."""
    head = folded[max(0, start - 40) : start]
    return bool(_UNTIL.search(head)) and not _AIM.search(head)


def _is_anniversary(folded: str, start: int) -> bool:
    return bool(ph.ANNIVERSARY_BEFORE.search(folded[max(0, start - 80) : start]))


def _count(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return ph.SPELLED_SMALL.get(token)


def explicit_years(folded: str) -> list[int]:
    """Years a text states on their own (dates, "năm 2023"), not as phase ends or targets.

    The date a directive or plan was issued ("ngày 12/4/2009, Ban Thường vụ Tỉnh ủy ban hành
    Chỉ thị số 15", "Kế hoạch số 24-KH/BDVTU ngày 20/3/2009") dates that document, not the
    report: an undated page that names no other year does not tell its year.

    >>> from data_loaders.report_text.folding import fold_chars
    >>> explicit_years(fold_chars("ngày 10/4/2018, so với năm 2016, đến năm 2030, năm 2017"))
    [2018, 2017]
    >>> explicit_years(fold_chars("Ngày 12/4/2009, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15"))
    []
    """
    found: list[tuple[int, int]] = []
    issued = [m.span("y") for m in ph.DOCUMENT_DATE.finditer(folded)]
    for match in ph.DATE.finditer(folded):
        span = match.span("y") if match.group("y") else match.span("y2")
        if span in issued or ph.ISSUED_AFTER.match(folded, match.end()):
            continue
        found.append((match.start(), int(match.group("y") or match.group("y2"))))
    for match in ph.PERIOD_YEAR.finditer(folded):
        if not _years_before(folded, match.start()):
            found.append((match.start(), int(match.group("y"))))
    for match in ph.PERIOD_MONTHS.finditer(folded):
        year = match.group("y") or match.group("y2")
        if year:
            found.append((match.start(), int(year)))
    for match in ph.PERIOD_MONTH.finditer(folded):
        if not _years_before(folded, match.start()):
            found.append((match.start(), int(match.group("y"))))
    return [year for _, year in sorted(found)]


def _after_years(match: re.Match[str], folded: str) -> int | None:
    """The year "sau 03 năm triển khai Kế hoạch …, ngày 10/3/2021" points at (None: no anchor).

    "Qua 3 năm thực hiện phong trào" counts from the launch (2009) unless the document names
    a phase of that length ("giai đoạn 2017-2020"): the years are then that phase's.
    """
    n = _count(match.group("n"))
    if not n or n > 30:
        return None
    rest = folded[match.end() : match.end() + 160].split(".")[0].split(";")[0]
    document = ph.DOCUMENT_DATE.search(rest)
    if document:
        return int(document.group("y")) + n
    if ph.MOVEMENT_NAMED.match(rest) and not ph.OTHER_MOVEMENT.search(rest[:80]):
        phases = [
            p.end.year
            for p in document_ranges(folded)
            if p.end and p.start.year >= MOVEMENT_START and p.end.year - p.start.year in (n, n - 1)
        ]
        return max(phases) if phases else MOVEMENT_START + n
    return None


def anchored_year(folded: str) -> int | None:
    """The year an undated text points at with "sau N năm" from a dated plan or the launch.

    >>> from data_loaders.report_text.folding import fold_chars
    >>> anchored_year(fold_chars("Sau 03 năm thực hiện Kế hoạch số 53-KH/TU, ngày 10/3/2021"))
    2024
    >>> anchored_year(fold_chars("Sau 10 năm triển khai phong trào thi đua “Dân vận khéo”"))
    2019
    >>> anchored_year(fold_chars("Sau 5 năm, mô hình giúp 30 hộ thoát nghèo")) is None
    True
    >>> anchored_year(fold_chars("Qua 3 năm thực hiện phong trào … giai đoạn 2017-2020"))
    2020
    """
    found = [_after_years(m, folded) for m in ph.PERIOD_YEARS.finditer(folded)]
    years = [year for year in found if year is not None]
    return max(years) if years else None


def report_year(published: date | None, title: str, folded_text: str) -> int | None:
    """The year figures are anchored on: the publication year, else the latest year stated.

    Years stated on their own win over the ends of phases ("giai đoạn 2021 - 2025"
    in a 2023 report names a plan, not the date of the report); "sau 03 năm thực hiện
    Kế hoạch …, ngày 10/3/2021" states 2024 (:func:`anchored_year`).

    Examples
    --------
    >>> report_year(None, "", "giai đoạn 2021 - 2025 ... 9 tháng đầu năm 2024")
    2024
    >>> report_year(date(2022, 12, 20), "", "năm 2021")
    2022
    >>> report_year(None, "", "Sau 10 năm triển khai phong trào, từ năm 2017 đến nay …")
    2019
    """
    if published is not None:
        return published.year
    from data_loaders.report_text.folding import fold_chars

    folded = fold_chars(title) + "\n" + fold_chars(folded_text)
    anchor = anchored_year(folded)
    singles = explicit_years(folded) + ([anchor] if anchor else [])
    if singles:
        return max(singles)
    ends = [
        int(m.group("b"))
        for m in ph.PERIOD_RANGE.finditer(folded)
        if not _is_anniversary(folded, m.start())
    ]
    return max(ends) if ends else None


def document_ranges(folded: str) -> list[Period]:
    """Every phase ("2016 - 2020") a document names, anniversaries excluded.

    >>> from data_loaders.report_text.folding import fold_chars
    >>> text = "kỷ niệm 80 năm thành lập (1939 - 2019); giai đoạn 2016 - 2020"
    >>> [p.iso() for p in document_ranges(fold_chars(text))]
    [('2016-01-01', '2020-12-31')]
    """
    ranges = []
    for match in ph.PERIOD_RANGE.finditer(folded):
        first, last = int(match.group("a")), int(match.group("b"))
        if first < last <= first + 30 and not _is_anniversary(folded, match.start()):
            ranges.append(Period.years(first, last))
    return ranges


def _resolve_years(n: int, year: int, ranges: list[Period]) -> Period:
    fitting = [
        r
        for r in ranges
        if r.end and r.end.year <= year and r.end.year - r.start.year in (n, n - 1)
    ]
    if fitting:
        return max(fitting, key=lambda r: r.end or r.start)
    return Period.years(year - n, year)


_LAUNCH_YEAR = re.compile(rf"(?<![\d/.])(?:nam\s+)?(?P<y>{ph.YEAR})\b(?![\d/])")


def _launch_year(words: str, year: int | None) -> int:
    """The year a local launch names ("từ khi phát động phong trào (năm 2010) đến nay"),
    else 2009, when the movement was launched.

    >>> from data_loaders.report_text.folding import fold_chars
    >>> _launch_year(fold_chars("từ khi phát động phong trào năm 2010 đến nay"), 2024)
    2010
    >>> _launch_year(fold_chars("từ khi phát động phong trào đến nay"), 2024)
    2009
    """
    for match in _LAUNCH_YEAR.finditer(words):
        stated = int(match.group("y"))
        if stated >= MOVEMENT_START and (year is None or stated <= year):
            return stated
    return MOVEMENT_START


def find_periods(
    folded: str, year: int | None, ranges: list[Period], known: bool = True, dated: bool = False
) -> list[PeriodMention]:
    """Periods stated in one (folded) sentence, in order.

    ``year`` is the report year (None when unknown: relative periods are then
    skipped); ``known`` is False when that year is only a guess (an undated page naming
    phases): "từ năm 2009 đến nay" then has an open end. ``ranges`` are the document's
    phases, used to resolve "qua 15 năm". On a ``dated`` page a phase that runs past the
    year of publication ends with it: no figure counts past its report.

    Examples
    --------
    >>> from data_loaders.report_text.folding import fold_chars
    >>> found = find_periods(fold_chars("Từ năm 2019 đến nay, năm 2022"), 2023, [])
    >>> [m.period.iso() for m in found]
    [('2019-01-01', '2023-12-31'), ('2022-01-01', '2022-12-31')]
    >>> [m.period.iso() for m in find_periods(fold_chars("6 tháng đầu năm"), 2021, [])]
    [('2021-01-01', '2021-06-30')]
    >>> [m.period.iso() for m in find_periods(fold_chars("Từ năm 2009 đến nay"), None, [])]
    [('2009-01-01', None)]
    >>> [m.period.iso() for m in find_periods(fold_chars("Từ năm 2021 đến tháng 6/2024"), 2024, [])]
    [('2021-01-01', '2024-06-30')]
    >>> [m.period.iso() for m in find_periods(fold_chars("Trong tháng 10/2023"), None, [])]
    [('2023-10-01', '2023-10-31')]
    >>> text = fold_chars("Năm 2023 và 6 tháng đầu năm 2024; giai đoạn 2021 - 2025")
    >>> [m.period.iso() for m in find_periods(text, 2024, [], dated=True)]
    [('2023-01-01', '2024-06-30'), ('2021-01-01', '2024-12-31')]
    >>> text = fold_chars("Từ năm 2020 đến hết năm 2024; trong 2 năm 2022 và 2023")
    >>> [m.period.iso() for m in find_periods(text, 2025, [])]
    [('2020-01-01', '2024-12-31'), ('2022-01-01', '2023-12-31')]
    >>> text = fold_chars("Từ khi phát động phong trào đến nay; 5 năm qua")
    >>> [m.period.iso() for m in find_periods(text, 2020, [Period.years(2016, 2020)])]
    [('2009-01-01', '2020-12-31'), ('2016-01-01', '2020-12-31')]
    """
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    now = year if known else None

    def add(
        start: int,
        end: int,
        period: Period | None,
        stock: bool = False,
        to_now: bool = False,
        past_year: bool = False,
    ) -> None:
        if any(a < end and start < b for a, b in taken):
            return
        future = bool(period and year and period.start.year > year)
        if dated and period and period.end and year and period.start.year <= year < period.end.year:
            # no figure counts past its report: the phase ends with the year of publication
            period, to_now = Period(period.start, Period.years(year).end), True
        found.append(PeriodMention(start, end, period, stock, future, to_now, past_year))
        taken.append((start, end))

    for match in ph.PERIOD_SINCE.finditer(folded):
        add(match.start(), match.end(), Period.since(int(match.group("a")), now), to_now=True)
    for match in ph.PERIOD_TO_MONTH.finditer(folded):
        first, last, month = int(match.group("a")), int(match.group("b")), int(match.group("m"))
        if first <= last and 1 <= month <= 12:
            end = Period.months(last, month, month).end
            add(match.start(), match.end(), Period(date(first, 1, 1), end))
    for match in ph.PERIOD_SINCE_LAUNCH.finditer(folded):
        if not ph.OTHER_MOVEMENT.search(folded, match.end(), match.end() + 60):
            first = _launch_year(match.group(0), year)
            add(match.start(), match.end(), Period.since(first, now), to_now=True)
    for match in ph.PERIOD_YEAR_AND_MONTHS.finditer(folded):
        first, last, n = int(match.group("a")), int(match.group("b")), _count(match.group("n"))
        if last == first + 1 and n and 1 <= n <= 12:
            add(
                match.start(), match.end(), Period(date(first, 1, 1), Period.months(last, 1, n).end)
            )
    for match in ph.PERIOD_LISTED_YEARS.finditer(folded):
        first, last = int(match.group("a")), int(match.group("b"))
        if last - first + 1 == _count(match.group("n")):
            add(match.start(), match.end(), Period.years(first, last))
    for match in ph.PERIOD_RANGE.finditer(folded):
        first, last = int(match.group("a")), int(match.group("b"))
        if first < last <= first + 30 and not _is_anniversary(folded, match.start()):
            add(match.start(), match.end(), Period.years(first, last))
    for match in ph.PERIOD_MONTHS.finditer(folded):
        n = _count(match.group("n"))
        stated = match.group("y") or match.group("y2")
        on = int(stated) if stated else year
        if n and on and 1 <= n <= 12:
            first, last = (13 - n, 12) if match.group("part") == "cuoi" else (1, n)
            add(match.start(), match.end(), Period.months(on, first, last))
    for match in ph.PERIOD_QUARTER.finditer(folded):
        quarter = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(match.group("q"), 0) or int(
            match.group("q")
        )
        add(
            match.start(),
            match.end(),
            Period.months(int(match.group("y")), 3 * quarter - 2, 3 * quarter),
        )
    for match in ph.STOCK_DATE.finditer(folded):
        add(match.start(), match.end(), Period.years(int(match.group("y"))), stock=True)
    for match in ph.PERIOD_MONTH.finditer(folded):
        month, on = int(match.group("m")), int(match.group("y"))
        if 1 <= month <= 12 and not _years_before(folded, match.start()):
            add(match.start(), match.end(), Period.months(on, month, month))
    for match in ph.PERIOD_YEAR.finditer(folded):
        stated = int(match.group("y"))
        if not _years_before(folded, match.start()):
            add(match.start(), match.end(), Period.years(stated))
        elif year is not None and stated <= year and _stock_until(folded, match.start()):
            start = folded.rfind("den", 0, match.start())  # "đến hết năm 2023": a stock
            add(max(start, 0), match.end(), Period.years(stated), stock=True)
    if year is not None:
        for regex in (ph.PERIOD_YEARS, ph.PERIOD_YEARS_PAST):
            for match in regex.finditer(folded):
                n = _count(match.group("n"))
                if n and 1 <= n <= 30:
                    add(match.start(), match.end(), _resolve_years(n, year, ranges))
        for match in ph.PERIOD_THIS_YEAR.finditer(folded):
            past = match.group(0).endswith("qua")
            add(match.start(), match.end(), Period.years(year), past_year=past)
    for match in ph.STOCK.finditer(folded):
        add(match.start(), match.end(), None, stock=True)
    return sorted(found, key=lambda m: m.start)
