"""Reading CSV and XLSX files into header-mapped rows with their spreadsheet row numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

TABULAR_SUFFIXES = {".csv", ".xlsx", ".xlsm"}
PREFERRED_SHEETS = ("số liệu", "so lieu", "data", "tallies", "danh sách", "models")


class FileProblem(ValueError):
    """A problem with a whole file (unreadable, no header)."""


@dataclass
class Sheet:
    path: Path
    headers: list[str]  # column ids (None for unknown headers is reported by the caller)
    raw_headers: list[str]
    rows: list[tuple[int, dict[str, object]]]  # (spreadsheet row number, {column id: value})
    unknown_headers: list[str]


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _raw_rows(path: Path, header_only: bool = False) -> list[list[object]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileProblem(f"{path}: not UTF-8 text ({exc}); save the CSV as UTF-8") from exc
        return [list(r) for r in csv.reader(io.StringIO(text), _dialect(text))]
    if suffix in (".xlsx", ".xlsm"):
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook
            raise FileProblem(f"{path}: cannot open the workbook ({exc})") from exc
        names = {n.lower(): n for n in wb.sheetnames}
        chosen = next((names[p] for p in PREFERRED_SHEETS if p in names), wb.sheetnames[0])
        rows = [
            list(r)
            for r in wb[chosen].iter_rows(values_only=True, max_row=20 if header_only else None)
        ]
        wb.close()
        return rows
    raise FileProblem(f"{path}: unsupported file type {suffix!r} (expected CSV or XLSX)")


def read_header(path: Path) -> list[str]:
    """The header row only (cheap, for deciding what kind of list a file holds)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            for line in fh:
                if line.strip():
                    return [c.strip() for c in next(csv.reader([line], _dialect(line)))]
        return []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        for row in _raw_rows(path, header_only=True):
            if any(str(c or "").strip() for c in row):
                return [str(c or "").strip() for c in row]
        return []
    raise FileProblem(f"{path}: unsupported file type {path.suffix!r} (expected CSV or XLSX)")


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_sheet(path: Path, header_to_id: Callable[[object], str | None]) -> Sheet:
    """Read ``path``; the first non-empty row is the header."""
    raw = _raw_rows(Path(path))
    start = next((i for i, r in enumerate(raw) if any(str(c or "").strip() for c in r)), None)
    if start is None:
        raise FileProblem(f"{path}: the file is empty")
    raw_headers = [str(c or "").strip() for c in raw[start]]
    ids = [header_to_id(h) for h in raw_headers]
    unknown = [h for h, i in zip(raw_headers, ids) if h and i is None]
    rows: list[tuple[int, dict[str, object]]] = []
    for offset, values in enumerate(raw[start + 1 :], start=start + 2):
        cells = {
            ids[j]: _cell(v) for j, v in enumerate(values) if j < len(ids) and ids[j] is not None
        }
        if any(v not in (None, "") for v in cells.values()):
            rows.append((offset, cells))
    return Sheet(Path(path), [i for i in ids if i], raw_headers, rows, unknown)


def parse_period(value: object, end: bool) -> date:
    """Read a year, a month or a date; a year or month spans its whole length.

    >>> parse_period("2022", end=True)
    datetime.date(2022, 12, 31)
    >>> parse_period("06/2022", end=False)
    datetime.date(2022, 6, 1)
    >>> parse_period("30/6/2022", end=True)
    datetime.date(2022, 6, 30)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if text.isdigit() and len(text) == 4:
        year = int(text)
        return date(year, 12, 31) if end else date(year, 1, 1)
    for sep in ("-", "/", "."):
        parts = text.split(sep)
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            a, b = parts
            year, month = (int(a), int(b)) if len(a) == 4 else (int(b), int(a))
            if end:
                nxt = date(year + month // 12, month % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1)
            return date(year, month, 1)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            if len(parts[0]) == 4:
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    raise ValueError(f"{value!r} is not a year (2022), a month (06/2022) or a date (30/06/2022)")


def parse_count(value: object) -> int:
    """Read a non-negative whole number written the Vietnamese way.

    >>> parse_count("2.084")
    2084
    >>> parse_count(371)
    371
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value!r} is not a whole number")
        number = int(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text.count(".") >= 1 and all(len(p) == 3 for p in text.split(".")[1:]):
            text = text.replace(".", "")
        if not text.lstrip("-").isdigit():
            raise ValueError(f"{value!r} is not a whole number")
        number = int(text)
    if number < 0:
        raise ValueError(f"{value!r} is negative; counts are never negative")
    return number
