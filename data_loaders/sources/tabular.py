"""Reading CSV and XLSX files into header-mapped rows with their spreadsheet row numbers."""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from data_loaders.sources.unreadable import limit_problem, not_opened, sniff
from data_loaders.storage import limits
from data_loaders.storage.messages import Problem

log = logging.getLogger("dvk.ingest")

TABULAR_SUFFIXES = {".csv", ".xlsx", ".xlsm"}
PREFERRED_SHEETS = ("số liệu", "so lieu", "data", "tallies", "danh sách", "models")


class FileProblem(ValueError):
    """A problem with a whole file (unreadable, no header, beyond a limit).

    The message is in plain words without the file name; ``row`` and ``column`` say where,
    when one place is at fault.
    """

    def __init__(
        self,
        message: str | Problem,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        """``message``: a :class:`Problem` (both languages, from the catalogue) or English."""
        self.problem = message if isinstance(message, Problem) else None
        super().__init__(str(message))
        self.row = row
        self.column = column

    def text(self, lang: str) -> str:
        return self.problem.text(lang) if self.problem else str(self)


@dataclass
class Sheet:
    path: Path
    headers: list[str]  # column ids (None for unknown headers is reported by the caller)
    raw_headers: list[str]
    rows: list[tuple[int, dict[str, object]]]  # (spreadsheet row number, {column id: value})
    unknown_headers: list[str]


def cell_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _csv_rows(path: Path, header_only: bool) -> Iterator[tuple[int, list[object]]]:
    if header_only:  # the first rows only: a large list is not read twice
        with path.open("rb") as fh:
            head = fh.read(1 << 20).decode("utf-8-sig", errors="replace")
        reader = csv.reader(io.StringIO(head, newline=None), _dialect(head))
        try:
            for number, values in enumerate(reader, start=1):
                yield number, list(values)
                if number >= 20:
                    return
        except csv.Error as exc:
            raise FileProblem(_csv_problem(exc), reader.line_num) from exc
        return
    data = path.read_bytes()
    if sniff(path) not in ("other", "empty"):
        raise FileProblem(not_opened(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        shown = data[max(start, exc.start - 30) : exc.start + 30].split(b"\n")[0]
        value = _legacy_text(shown)
        raise FileProblem(Problem("not_utf8", byte=exc.start + 1, value=value), line) from exc
    # Any line ending (CRLF, LF, CR alone) ends a row; a line break inside quotes stays text.
    reader = csv.reader(io.StringIO(text, newline=None), _dialect(text))
    row_number = 0
    try:
        for values in reader:
            row_number += 1
            yield row_number, list(values)
            if header_only and row_number >= 20:
                return
    except csv.Error as exc:
        raise FileProblem(_csv_problem(exc), row_number + 1) from exc


def _legacy_text(data: bytes) -> str:
    """Bytes that are not UTF-8 shown as Vietnamese Windows (cp1258) would show them, so that
    the user recognises the cells; undecodable bytes as �."""
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258")).strip()
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace").strip()


def _csv_problem(exc: csv.Error) -> Problem:
    """The catalogue problem for an error of Python's CSV reader."""
    text = str(exc)
    if "NUL" in text:
        return Problem("csv_nul")
    if "field larger than field limit" in text:
        count = (f"> {csv.field_size_limit():,}", f"> {csv.field_size_limit():,}".replace(",", "."))
        limit = (f"{limits.MAX_CELL_CHARS:,}", f"{limits.MAX_CELL_CHARS:,}".replace(",", "."))
        return Problem("cell_too_long", count=count, limit=limit)
    return Problem("csv_unreadable", detail=text)


def _numbers(n: int) -> tuple[str, str]:
    """``n`` in English and Vietnamese digit grouping (30,000,000; 30.000.000)."""
    return f"{n:,}", f"{n:,}".replace(",", ".")


def _xlsx_rows(path: Path, header_only: bool) -> Iterator[tuple[int, list[object]]]:
    if sniff(path) != "zip":  # empty, a renamed web page or PDF, encrypted, old .xls …
        raise FileProblem(not_opened(path))
    try:
        limits.check_package(path, "XLSX")
    except limits.LimitExceeded as exc:
        problem = not_opened(path, exc) if exc.code == "damaged" else limit_problem(exc)
        raise FileProblem(problem) from exc
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook
        log.info("cannot open the workbook %s: %s: %s", path, type(exc).__name__, exc)
        raise FileProblem(not_opened(path, exc)) from exc
    chosen = ""
    try:
        names = {n.lower(): n for n in wb.sheetnames}
        chosen = next((names[p] for p in PREFERRED_SHEETS if p in names), wb.sheetnames[0])
        sheet = wb[chosen]
        # The size a workbook declares (<dimension>) is often stale: read every row present.
        sheet.reset_dimensions()
        cells = 0
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_row=20 if header_only else None), start=1
        ):
            row = list(values)
            while row and row[-1] is None:
                row.pop()
            cells += len(row)
            if cells > limits.MAX_SHEET_CELLS:
                limit = _numbers(limits.MAX_SHEET_CELLS)
                raise FileProblem(Problem("too_many_cells", value=chosen, limit=limit), number)
            yield number, row
    except FileProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken sheet inside a readable package
        log.info("cannot read a sheet of %s: %s: %s", path, type(exc).__name__, exc)
        detail = f"{type(exc).__name__}: {exc}"
        raise FileProblem(Problem("sheet_unreadable", value=chosen, detail=detail)) from exc
    finally:
        wb.close()


def iter_rows(path: Path, header_only: bool = False) -> Iterator[tuple[int, list[object]]]:
    """(spreadsheet row number, cell values) of every row of a CSV or XLSX file.

    Limits (file size, package members, cells per sheet, characters per cell) are checked
    before and while reading; a breach raises :class:`FileProblem` naming row and column.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABULAR_SUFFIXES:
        raise FileProblem(Problem("unsupported", value=suffix))
    try:
        limits.check_file_size(path)
    except limits.LimitExceeded as exc:
        raise FileProblem(limit_problem(exc)) from exc
    rows = _csv_rows(path, header_only) if suffix == ".csv" else _xlsx_rows(path, header_only)
    for number, values in rows:
        for j, value in enumerate(values):
            if isinstance(value, str) and len(value) > limits.MAX_CELL_CHARS:
                count, limit = _numbers(len(value)), _numbers(limits.MAX_CELL_CHARS)
                raise FileProblem(
                    Problem("cell_too_long", count=count, limit=limit), number, column_letter(j)
                )
        yield number, values


def _raw_rows(path: Path, header_only: bool = False) -> list[list[object]]:
    return [values for _, values in iter_rows(path, header_only)]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: Path) -> tuple[int, list[str], list[tuple[int, list[object]]]]:
    """(header row number, header texts, data rows) of a CSV or XLSX file.

    The first non-empty row is the header. Every data row is as wide as the header; a value
    under no header is refused (it would otherwise be lost), as is a file without a header.
    """
    header_row, headers = 0, []
    rows: list[tuple[int, list[object]]] = []
    for number, values in iter_rows(path):
        if not header_row:
            if any(not _blank(v) for v in values):
                header_row = number
                headers = [str(c if c is not None else "").strip() for c in values]
                while headers and not headers[-1]:
                    headers.pop()
            continue
        if all(_blank(v) for v in values):
            continue
        stray = next(
            (
                j
                for j, v in enumerate(values)
                if not _blank(v) and (j >= len(headers) or not headers[j])
            ),
            None,
        )
        if stray is not None:
            raise FileProblem(
                Problem("stray_value", value=str(values[stray])[:40]),
                number,
                column_letter(stray),
            )
        width = len(headers)
        rows.append((number, values[:width] + [None] * (width - len(values))))
    if not header_row:
        raise FileProblem(Problem("file_empty"))
    return header_row, headers, rows


def duplicate_headers(raw_headers: list[str], ids: list[str | None]) -> list[FileProblem]:
    """A problem for each column id given by more than one header (the last would win)."""
    seen: dict[str, int] = {}
    out = []
    for j, cid in enumerate(ids):
        if cid is None:
            continue
        if cid in seen:
            first = seen[cid]
            out.append(
                FileProblem(
                    Problem(
                        "duplicate_header",
                        value=raw_headers[j],
                        first=column_letter(first),
                        first_header=raw_headers[first],
                        id=cid,
                    ),
                    column=column_letter(j),
                )
            )
        else:
            seen[cid] = j
    return out


def read_header(path: Path) -> list[str]:
    """The header row only (cheap, for deciding what kind of list a file holds)."""
    for _, row in iter_rows(Path(path), header_only=True):
        if any(not _blank(c) for c in row):
            return [str(c if c is not None else "").strip() for c in row]
    return []


def _dialect(sample: str) -> type[csv.Dialect]:
    """Excel's CSV dialect with the delimiter its header line uses most (",", ";" or tab).

    Guessing quoting rules from the data (``csv.Sniffer``) misread some files: a quoted
    cell holding a line break or a doubled quote came back changed.

    >>> _dialect("Tỉnh;Số lượng;Ghi chú\\n").delimiter
    ';'
    """
    header = re.split(r"\r\n|\r|\n", sample[:65536], maxsplit=1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ","))

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def read_sheet(path: Path, header_to_id: Callable[[object], str | None]) -> Sheet:
    """Read ``path``; the first non-empty row is the header."""
    header_row, raw_headers, raw = read_table(Path(path))
    ids = [header_to_id(h) for h in raw_headers]
    duplicates = duplicate_headers(raw_headers, ids)
    if duplicates:
        first = duplicates[0]
        raise FileProblem(first.problem or str(first), header_row, first.column)
    unknown = [h for h, i in zip(raw_headers, ids) if h and i is None]
    rows: list[tuple[int, dict[str, object]]] = []
    for number, values in raw:
        cells = {ids[j]: cell_value(v) for j, v in enumerate(values) if ids[j] is not None}
        if any(v not in (None, "") for v in cells.values()):
            rows.append((number, cells))
    return Sheet(Path(path), [i for i in ids if i], raw_headers, rows, unknown)


_ASCII_INT = re.compile(r"[0-9]+")


def _ascii_int(text: str) -> int | None:
    return int(text) if _ASCII_INT.fullmatch(text) else None


def _dated(year: int, month: int, day: int, value: object) -> date:
    check_date(value, year, month, day)
    return date(year, month, day)


def check_date(value: object, year: int, month: int | None, day: int | None) -> None:
    """Raise a :class:`Problem` unless year/month/day is a real date within the movement's years."""
    if limits.year_problem(year):
        raise Problem(
            "year_outside", value=value, year=year, first=limits.FIRST_YEAR, last=limits.last_year()
        )
    if month is None:
        return
    if not 1 <= month <= 12:
        raise Problem("no_month", value=value, month=month)
    if day is None:
        return
    try:
        date(year, month, day)
    except ValueError:
        raise Problem("no_day", value=value, day=day, month_year=f"{month:02d}/{year}") from None


def parse_period(value: object, end: bool) -> date:
    """Read a year, a month or a date; a year or month spans its whole length.

    Only real dates within the movement's years (2009 … this year) are accepted.

    >>> parse_period("2022", end=True)
    datetime.date(2022, 12, 31)
    >>> parse_period("06/2022", end=False)
    datetime.date(2022, 6, 1)
    >>> parse_period("30/6/2022", end=True)
    datetime.date(2022, 6, 30)
    >>> parse_period("13/2022", end=True)
    Traceback (most recent call last):
    ...
    data_loaders.storage.messages.Problem: '13/2022': there is no month 13
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _dated(value.year, value.month, value.day, value.strftime("%d/%m/%Y"))
    text = str(value).strip()
    year = _ascii_int(text) if len(text) == 4 else None
    if year is not None:
        return _dated(year, 12, 31, value) if end else _dated(year, 1, 1, value)
    for sep in ("-", "/", "."):
        parts = [_ascii_int(p) for p in text.split(sep)]
        if any(p is None for p in parts):
            continue
        lengths = [len(p) for p in text.split(sep)]
        if len(parts) == 2 and 4 in lengths and max(lengths) <= 4:
            a, b = parts
            year, month = (a, b) if lengths[0] == 4 else (b, a)
            if end and 1 <= month <= 12:
                nxt = date(year + month // 12, month % 12 + 1, 1) if year < 9999 else None
                last = (nxt.toordinal() - 1) if nxt else date(9999, 12, 31).toordinal()
                return _dated(year, month, date.fromordinal(last).day, value)
            return _dated(year, month, 1, value)
        if len(parts) == 3 and max(lengths) <= 4:
            if lengths[0] == 4:
                return _dated(parts[0], parts[1], parts[2], value)
            if lengths[2] == 4:
                return _dated(parts[2], parts[1], parts[0], value)
    raise Problem("not_period", value=value)


def parse_count(value: object) -> int:
    """Read a non-negative whole number written the Vietnamese way.

    >>> parse_count("2.084")
    2084
    >>> parse_count(371)
    371
    """
    if isinstance(value, bool):
        raise Problem("not_whole_number", value=value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise Problem("not_whole_number", value=value)
        number = int(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text.count(".") >= 1 and all(len(p) == 3 for p in text.split(".")[1:]):
            text = text.replace(".", "")
        digits = _ascii_int(text.removeprefix("-"))
        if digits is None:
            raise Problem("not_whole_number", value=value)
        number = -digits if text.startswith("-") else digits
    if number < 0:
        raise Problem("negative", value=value)
    if number > limits.MAX_COUNT:
        limit = f"{limits.MAX_COUNT:,}"
        raise Problem("too_large", value=value, limit=(limit, limit.replace(",", ".")))
    return number
