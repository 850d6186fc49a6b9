"""The units' history before 1 July 2025 (mergers and renames since 2009), kept as data.

``reference/unit_history.csv`` (see ``reference/README.md``) lists each change: the old
unit, its parent, its successor, the day the change took effect and the resolution that
decided it. :func:`read_history` reads and checks the file; :func:`history_rows` turns
merged units into ``localities`` rows (read by :mod:`data_loaders.reference.localities`). Adding a
row is a data edit: no code changes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from data_loaders.reference.text import clean_text, compact_key

HISTORY_FILE = Path(__file__).with_name("unit_history.csv")
HISTORY_COLUMNS = (
    "old_code",
    "old_name",
    "tier",
    "parent_code",
    "change",
    "successor_code",
    "effective",
    "decided_by",
    "source",
    "note",
)
CHANGES = ("merged", "renamed")
# Unit-type words that open a unit's name (longest first).
UNIT_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
FIRST_DAY = date(2009, 1, 1)  # the movement began in 2009
LAST_DAY = date(2025, 7, 1)  # the 2025 reform: the package's snapshots take over


class HistoryError(ValueError):
    """The unit-history file has a row that cannot be used (file, row and column named)."""


def read_history(path: Path | None = None) -> pd.DataFrame:
    """The unit-history file as read and checked (dates parsed, text cleaned).

    Raises :class:`HistoryError` naming the file, row and column of the first problem.
    """
    path = Path(path or HISTORY_FILE)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in HISTORY_COLUMNS if c not in frame.columns]
    if missing:
        raise HistoryError(f"{path.name}: missing column(s) {', '.join(missing)}")
    if "child_count" not in frame.columns:  # optional: direct child units at the time
        frame["child_count"] = ""
    frame = frame.map(clean_text)
    for i, row in enumerate(frame.to_dict("records"), start=2):

        def fail(column: str, why: str, row_no: int = i) -> HistoryError:
            return HistoryError(f"{path.name} row {row_no}, column {column}: {why}")

        for column in ("old_name", "tier", "change", "successor_code", "effective", "decided_by"):
            if not row[column]:
                raise fail(column, "value is required")
        if row["change"] not in CHANGES:
            raise fail("change", f"{row['change']!r} is not one of {', '.join(CHANGES)}")
        if row["tier"] not in ("province", "district", "commune"):
            raise fail("tier", f"{row['tier']!r} is not province, district or commune")
        if row["tier"] != "province" and not row["parent_code"] and row["change"] == "merged":
            raise fail("parent_code", "a district or commune needs its parent's code")
        if _unit_type(row["old_name"]) is None:
            raise fail("old_name", f"{row['old_name']!r} does not start with a unit type")
        try:
            when = date.fromisoformat(row["effective"])
        except ValueError:
            raise fail("effective", f"{row['effective']!r} is not a date (YYYY-MM-DD)") from None
        if not FIRST_DAY <= when <= LAST_DAY:
            raise fail("effective", "the history covers changes from 2009 to 1 July 2025")
        if row["child_count"] and not row["child_count"].isdigit():
            raise fail("child_count", f"{row['child_count']!r} is not a whole number")
    frame["effective"] = [date.fromisoformat(v) for v in frame["effective"]]
    frame["row"] = range(2, len(frame) + 2)
    return frame


def _unit_type(name: str) -> str | None:
    for unit_type in UNIT_TYPES:
        if name.startswith(unit_type + " "):
            return unit_type
    return None


def history_rows(
    history: pd.DataFrame, frame: pd.DataFrame, file_name: str
) -> tuple[list[dict[str, object]], list[tuple[str, str]]]:
    """Localities rows of merged units, and (code, compact old name) of renamed units.

    A parent code names the unit of that time (a history unit wins over the
    snapshot's); a successor code the unit that took over (the snapshot's wins).
    """
    known = frame.set_index("locality_code", drop=False)
    merged = history[history["change"] == "merged"]
    codes: dict[str, str] = {}
    for old, end in zip(merged["old_code"], merged["effective"]):
        last_year = (end - timedelta(days=1)).year
        code = old if old and old not in known.index else f"{old or 'H'}-{last_year}"
        codes.setdefault(old, code)
    rows: dict[str, dict[str, object]] = {}
    renamed: list[tuple[str, str]] = []

    def fail(row: dict[str, object], column: str, why: str) -> HistoryError:
        return HistoryError(f"{file_name} row {row['row']}, column {column}: {why}")

    def successor(row: dict[str, object]) -> str:
        code = str(row["successor_code"])
        if code in known.index:
            return code
        if code in codes:
            return codes[code]
        raise fail(row, "successor_code", f"{code!r} is not a known unit code")

    for row in history.to_dict("records"):
        if row["change"] == "renamed":
            renamed.append((successor(row), compact_key(str(row["old_name"]))))
            continue
        code = codes[str(row["old_code"])]
        if code in rows:
            raise fail(row, "old_code", f"{row['old_code']!r} appears twice")
        rows[code] = {"row": row, "code": code, "successor": successor(row)}

    def parent_of(entry: dict[str, object]) -> str | None:
        row = entry["row"]
        parent = str(row["parent_code"])
        if not parent:
            return None
        if parent in codes and codes[parent] in rows:
            return codes[parent]
        if parent in known.index or parent in rows:
            return parent
        raise fail(row, "parent_code", f"{parent!r} is not a known unit code")

    parents = {code: parent_of(entry) for code, entry in rows.items()}

    def province_of(code: str) -> str:
        seen: set[str] = set()
        while code in rows and code not in seen:
            seen.add(code)
            if rows[code]["row"]["tier"] == "province":
                return code
            parent = parents[code]
            if parent is None:
                break
            code = parent
        if code in known.index:
            return str(known.at[code, "province_code"])
        raise fail(rows[code]["row"], "parent_code", "no province above this unit")

    out: list[dict[str, object]] = []
    for code, entry in rows.items():
        row = entry["row"]
        name = str(row["old_name"])
        unit_type = _unit_type(name) or ""
        succ = entry["successor"]
        anchor = known.loc[succ] if succ in known.index else None
        province = province_of(code)
        current = known["current_province_code"].get(province)
        if current is None and anchor is not None:
            current = anchor["current_province_code"]
        out.append(
            {
                "locality_code": code,
                "official_code": row["old_code"] or None,
                "name": name,
                "short_name": name.removeprefix(unit_type + " "),
                "unit_type": unit_type,
                "tier": row["tier"],
                "era": "pre2025",
                "parent_code": parents[code],
                "province_code": province,
                "current_province_code": current,
                "successor_code": succ,
                "valid_from": None,
                "valid_to": row["effective"] - timedelta(days=1),
                "lat": None if anchor is None else anchor["lat"],
                "lon": None if anchor is None else anchor["lon"],
                "child_count": int(row["child_count"]) if row["child_count"] else None,
            }
        )
    return out, renamed
