"""The "Nhập dữ liệu" page's work, apart from its widgets (no Streamlit here).

A thin adapter over the ingest planner of ``data_loaders`` (plan → show → correct → commit,
history, undo) and the tables the page shows, in words and Vietnamese number formats.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import fmt
from dashboard.review_logic import EDITABLE
from dashboard.source_picker import LIMIT as HISTORY_OPTIONS  # noqa: F401 - history picker
from dashboard.source_picker import choices as history_choices  # noqa: F401
from data_loaders.ingest import (
    Plan,
    SourceMeta,
    changes_with,
    commit_plan,
    plan_candidates,
    plan_file,
    source_history,
    undo_last_run,
)
from data_loaders.ingest.report_ingest import REPORT_SUFFIXES
from data_loaders.sources.tabular import PREFERRED_SHEETS, TABULAR_SUFFIXES, FileProblem, read_table
from data_loaders.sources.template import template_bytes
from data_loaders.storage.problems import IngestProblem

__all__ = [
    "Plan",
    "SourceMeta",
    "changes_with",
    "commit_plan",
    "template_bytes",
    "plan_file",
    "source_history",
    "undo_last_run",
]

UPLOAD_TYPES = sorted(s.lstrip(".") for s in TABULAR_SUFFIXES | REPORT_SUFFIXES)
ROW_COLUMN = "Dòng"  # the spreadsheet row number in the editable table (not editable)
PROBLEM_COLUMN = "Lỗi của dòng"  # the row's problems, last in the editable table (not editable)
KIND_LABELS: dict[str, tuple[str, str]] = {
    "template": ("Biểu mẫu số liệu", "Tally template"),
    "sources": ("Danh sách nguồn", "List of sources"),
    "model_list": ("Danh sách mô hình, điển hình", "List of models and exemplars"),
    "report": ("Văn bản báo cáo", "Report text"),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "added": ("Thêm mới", "Added"),
    "replaced": ("Thay thế", "Replaced"),
    "unchanged": ("Giữ nguyên", "Unchanged"),
    "ok": ("Đã ghi", "Written"),
    "refused": ("Bị từ chối", "Refused"),
    "failed": ("Lỗi ghi", "Failed"),
    "undone": ("Đã hoàn tác", "Undone"),
    "removed": ("Xóa", "Removed"),
}
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "tallies": ("Số liệu", "Figures"),
    "models": ("Mô hình, điển hình", "Models and exemplars"),
    "sources": ("Nguồn", "Sources"),
}
CHANGE_HEADERS = {
    "vi": ("Mã nguồn", "Tên nguồn", "Thay đổi", "Dòng", "Số dòng hiện có", "Số dòng sau khi ghi"),
    "en": ("Source id", "Source", "Change", "Rows of", "Rows now", "Rows after the commit"),
}
PROBLEM_HEADERS = {
    "vi": ("Dòng", "Cột", "Giá trị trong tệp", "Vấn đề", "Giá trị được chấp nhận"),
    "en": ("Row", "Column", "Value in the file", "Problem", "Accepted values"),
}
HISTORY_HEADERS = {
    "vi": (
        "Thời điểm (giờ Việt Nam)",
        "Người nhập",
        "Cách nhập",
        "Tệp",
        "Kết quả",
        "Dòng",
        "Số dòng trước",
        "Số dòng sau",
    ),
    "en": (
        "When (Vietnam time)",
        "By",
        "Loader",
        "File",
        "Result",
        "Rows of",
        "Rows before",
        "Rows after",
    ),
}
LOCAL_TIME = timezone(timedelta(hours=7), "ICT")  # Vietnam: UTC+7 all year
ACCEPTED_SHOWN = 12  # accepted values listed in a problem's line before "…"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0 if lang == "vi" else 1]


LOADER_LABELS: dict[str, tuple[str, str]] = {
    "template": ("Tệp bảng (biểu mẫu, danh sách)", "Spreadsheet (template, list)"),
    "model_list": ("Danh sách mô hình", "Model list"),
    "report_text": ("Văn bản báo cáo", "Report text"),
    "sql": ("Cơ sở dữ liệu SQL", "SQL database"),
    "undo": ("Hoàn tác", "Undo"),
}


def loader_label(loader: str, lang: str = "vi") -> str:
    return _pick(LOADER_LABELS.get(loader, (loader, loader)), lang)


def table_label(table: str | None, lang: str = "vi") -> str:
    return _pick(TABLE_LABELS[table], lang) if table in TABLE_LABELS else "—"


def kind_label(kind: str, lang: str = "vi") -> str:
    return _pick(KIND_LABELS.get(kind, (kind, kind)), lang)


def status_label(status: str, lang: str = "vi") -> str:
    return _pick(STATUS_LABELS.get(status, (status, status)), lang)


def save_upload(data_dir: Path, name: str, data: bytes) -> Path:
    """Keep an upload under ``<data-dir>/uploads/<checksum>/<name>``; refuse other types."""
    suffix = Path(name).suffix.lower()
    if suffix not in TABULAR_SUFFIXES | REPORT_SUFFIXES:
        raise ValueError(
            f"{Path(name).name}: loại tệp {suffix or '(không có)'} không được nhận "
            "(XLSX, CSV, TXT, HTML, DOCX hoặc PDF)"
        )
    folder = Path(data_dir) / "uploads" / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(name).name
    path.write_bytes(data)
    return path


# -- what the plan would do ---------------------------------------------------------------


def changes_frame(
    plan: Plan, lang: str = "vi", changes: Sequence[Any] | None = None
) -> pd.DataFrame:
    """One row per source the file touches: added, replaced or unchanged, rows before/after
    (``changes``: those to show instead of the plan's, e.g. with the details typed)."""
    rows = [
        (
            c.source_id,
            c.title or "—",
            status_label(c.status, lang),
            table_label(getattr(c, "table", None), lang),
            fmt.number(c.rows_before, lang),
            fmt.number(c.rows_after, lang),
        )
        for c in (plan.changes if changes is None else changes)
    ]
    return pd.DataFrame(rows, columns=list(CHANGE_HEADERS[lang]))


def chosen_candidates(items: Sequence[Any], choices: dict[int, dict[str, Any]]) -> list[dict]:
    """The figures of a report that a commit would write with the reviewer's current choices
    (not yet saved): confirmed ones with their edits, and those decided earlier and left so."""
    out = []
    for item in items:
        choice = choices.get(item.id) or {}
        decision = choice.get("decision", "pending")
        if decision == "pending":
            decision = item.decision or "pending"
            if decision in ("confirmed", "corrected"):
                out.append(item.corrected or item.candidate)
            continue
        if decision == "rejected":
            continue
        base = item.corrected or item.candidate
        changes = {k: choice[k] for k in EDITABLE if k in choice and choice[k] != base.get(k)}
        out.append({**base, **changes})  # as ``review_logic.apply_choices`` will save it
    return out


def report_plan(data_dir: Path, doc: Any, candidates: list[dict], path: Path | None) -> Plan:
    """The plan of a report's chosen figures only (what committing them would change)."""
    return plan_candidates(doc, candidates, data_dir, path=path)


def problem_column_id(column: str | None) -> str | None:
    """The column id a problem names: "Chỉ tiêu (metric)" → "metric"; a bare id stays.

    >>> problem_column_id("Chỉ tiêu (metric)"), problem_column_id("value"), problem_column_id(None)
    ('metric', 'value', None)
    """
    if not column:
        return None
    found = re.search(r"\(([a-z_]+)\)\s*$", column)
    return found.group(1) if found else column.strip()


def problem_text(problem: IngestProblem, lang: str = "vi", *, short: bool = False) -> str:
    """The problem's message alone (no file, row, column), in the language; ``short``: without
    the list of accepted values ending it (shown in a column of their own)."""
    text = str(getattr(problem, "message_vi" if lang == "vi" else "message_en", None) or "")
    text = text or problem.message
    if short and _lists_accepted(problem, text) == "end":
        text = text[: text.rfind(_ACCEPTED_WORDS[lang])].rstrip(" ;,.")
    return text


_ACCEPTED_WORDS = {"vi": "chấp nhận:", "en": "accepted:"}


def _lists_accepted(problem: IngestProblem, text: str) -> str | None:
    """Where ``text`` lists the problem's accepted values: "end" (after "accepted:"),
    "inline" (inside the sentence, e.g. the units a name may be), or None."""
    accepted: Sequence[str] = getattr(problem, "accepted", None) or ()
    if not accepted or ", ".join(accepted) not in text:
        return None
    for word in _ACCEPTED_WORDS.values():
        if word in text and text.rstrip().endswith(", ".join(accepted)):
            return "end"
    return "inline"


def accepted_text(problem: IngestProblem, lang: str = "vi") -> str:
    """The accepted values for the table's own column ("" when the message names them in
    its sentence, e.g. the units a name may be)."""
    accepted: Sequence[str] = getattr(problem, "accepted", None) or ()
    if _lists_accepted(problem, problem_text(problem, lang)) == "inline":
        return ""
    shown = ", ".join(accepted[:ACCEPTED_SHOWN])
    return shown + (", …" if len(accepted) > ACCEPTED_SHOWN else "")


def problems_frame(
    problems: Sequence[IngestProblem], lang: str = "vi", path: Path | None = None
) -> pd.DataFrame:
    """Every problem by row and column, with the cell's value (the problem's own, else read
    from ``path``) and the accepted values."""
    cells = _problem_values(path, problems) if path is not None else {}
    rows = []
    for i, p in enumerate(problems):
        value = getattr(p, "value", None)
        value = cells.get(i, "") if value in (None, "") else str(value)
        rows.append(
            (
                "—" if p.row is None else fmt.number(p.row, lang),
                getattr(p, "header", None) or p.column or "—",
                value or "—",
                problem_text(p, lang, short=True),
                accepted_text(p, lang) or "—",
            )
        )
    return pd.DataFrame(rows, columns=list(PROBLEM_HEADERS[lang]))


def _problem_values(path: Path, problems: Sequence[IngestProblem]) -> dict[int, str]:
    """Problem index → the text of the cell it names, read from the file."""
    try:
        _, headers, rows = read_table(Path(path))
        to_id = _column_to_id(Path(path))
    except (FileProblem, OSError):
        return {}
    by_number = dict(rows)
    out = {}
    for i, p in enumerate(problems):
        j = _header_index(headers, p.column, to_id)
        values = by_number.get(p.row) if p.row is not None else None
        if j is not None and values is not None and j < len(values):
            out[i] = _cell_text(values[j])
    return out


# -- correcting the rows with problems in place -----------------------------------------


def _header_index(headers: list[str], column: str | None, to_id) -> int | None:
    """Which column of the file a problem's column names (raw header, id or label)."""
    wanted = problem_column_id(column)
    if wanted is None:
        return None
    for j, header in enumerate(headers):
        if header and (header in (column, wanted) or to_id(header) == wanted):
            return j
    return None


def _column_to_id(path: Path):
    from data_loaders.sources.model_list import is_model_list, model_header_to_id
    from data_loaders.sources.template import header_to_id

    _, headers, _ = read_table(path)
    if is_model_list([model_header_to_id(h) for h in headers]):
        return model_header_to_id
    return header_to_id


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def problem_rows(path: Path, problems: Sequence[IngestProblem], lang: str = "vi") -> pd.DataFrame:
    """The file's rows that have a problem, every cell as text, for an editable table.

    The first column is the spreadsheet row number, the second the row's problems
    (:data:`PROBLEM_COLUMN`, to read while correcting); the others carry the file's headers.
    Empty when no problem names a data row (e.g. a missing column: fix the file itself).
    """
    try:
        header_row, headers, rows = read_table(Path(path))
    except (FileProblem, OSError):
        return pd.DataFrame()
    wanted = {p.row for p in problems if p.row is not None and p.row > header_row}
    picked = [(n, values) for n, values in rows if n in wanted]
    names = _unique_names(headers)
    said: dict[int, list[str]] = {}
    for p in problems:
        if p.row in wanted:
            where = getattr(p, "header", None) or p.column
            text = problem_text(p, lang)
            said.setdefault(p.row, []).append(f"{where}: {text}" if where else text)
    data = [
        [n, " | ".join(said.get(n, [])), *(_cell_text(v) for v in values[: len(names)])]
        for n, values in picked
    ]
    return pd.DataFrame(data, columns=[ROW_COLUMN, PROBLEM_COLUMN, *names])


def _unique_names(headers: list[str]) -> list[str]:
    out: list[str] = []
    for j, header in enumerate(headers):
        name = header or f"({j + 1})"
        while name in out or name in (ROW_COLUMN, PROBLEM_COLUMN):
            name += " "
        out.append(name)
    return out


def problem_cells(path: Path, problems: Sequence[IngestProblem]) -> dict[int, list[str]]:
    """Row number → the names (as in :func:`problem_rows`) of the columns with a problem."""
    try:
        _, headers, _ = read_table(Path(path))
        to_id = _column_to_id(Path(path))
    except (FileProblem, OSError):
        return {}
    names = _unique_names(headers)
    out: dict[int, list[str]] = {}
    for p in problems:
        j = _header_index(headers, p.column, to_id)
        if p.row is not None and j is not None:
            out.setdefault(p.row, []).append(names[j])
    return out


def write_corrected(path: Path, edited: pd.DataFrame, out_dir: Path) -> Path:
    """A copy of ``path`` with the edited rows' cells replaced, same name and format, in a new
    folder under ``out_dir`` (named by the copy's checksum). The original is left as it was."""
    path = Path(path)
    _, headers, _ = read_table(path)
    names = _unique_names(headers)
    updates: dict[int, dict[int, str]] = {}
    for record in edited.to_dict("records"):
        number = int(record[ROW_COLUMN])
        updates[number] = {
            j: "" if record.get(name) is None else str(record.get(name)).strip()
            for j, name in enumerate(names)
            if name in record
        }
    data = _corrected_xlsx(path, updates) if path.suffix.lower() == ".xlsx" else None
    if data is None:
        data = _corrected_csv(path, updates)
    folder = Path(out_dir) / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    target.write_bytes(data)
    return target


def _typed(text: str) -> object:
    """A corrected cell as a spreadsheet would hold it: whole numbers as numbers."""
    if re.fullmatch(r"[0-9]{1,15}", text):
        return int(text)
    return text or None


def _corrected_xlsx(path: Path, updates: dict[int, dict[int, str]]) -> bytes:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    names = {n.lower(): n for n in wb.sheetnames}
    sheet = wb[next((names[p] for p in PREFERRED_SHEETS if p in names), wb.sheetnames[0])]
    for number, cells in updates.items():
        for j, text in cells.items():
            sheet.cell(row=number, column=j + 1, value=_typed(text))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _corrected_csv(path: Path, updates: dict[int, dict[int, str]]) -> bytes:
    from data_loaders.sources.tabular import iter_rows

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for number, values in iter_rows(path):
        row = ["" if v is None else str(v) for v in values]
        for j, text in updates.get(number, {}).items():
            row += [""] * (j + 1 - len(row))
            row[j] = text
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# -- history ----------------------------------------------------------------------------


def local_time(value: datetime | None, lang: str = "vi") -> str:
    """A ledger time (UTC) in Vietnam's time: "03/12/2026 19:40" (English "2026-12-03 19:40").

    >>> local_time(datetime(2026, 12, 3, 12, 40, tzinfo=UTC))
    '03/12/2026 19:40'
    >>> local_time(datetime(2026, 12, 3, 17, 5), "en")  # naive: UTC, as SQLite gives it back
    '2026-12-04 00:05'
    """
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TIME).strftime(
        "%Y-%m-%d %H:%M" if lang == "en" else "%d/%m/%Y %H:%M"
    )


def _when(value: datetime | None) -> str:
    return local_time(value, "vi")


def history_frame(records: Sequence[Any], lang: str = "vi") -> pd.DataFrame:
    """What each run of a source changed, newest first."""
    rows = [
        (
            _when(r.at),
            r.user or "—",
            loader_label(r.loader, lang),
            r.file_name or "—",
            status_label(r.status, lang)
            + (f" ({status_label('undone', lang).lower()})" if r.undone else ""),
            table_label(r.table, lang),
            fmt.number(r.rows_before, lang),
            fmt.number(r.rows_after, lang),
        )
        for r in records
    ]
    return pd.DataFrame(rows, columns=list(HISTORY_HEADERS[lang]))


def known_sources(data_dir: Path) -> dict[str, str]:
    """Source id → title of every source in the warehouse, newest ingest first."""
    from data_loaders.storage.warehouse import Warehouse

    wh = Warehouse(data_dir)
    if not wh.exists("sources"):
        return {}
    frame = wh.read("sources")
    if "ingested_at" in frame.columns:
        frame = frame.sort_values("ingested_at", ascending=False, kind="stable")
    return {
        str(sid): str(title) if isinstance(title, str) and title else str(sid)
        for sid, title in zip(frame["source_id"], frame["title"])
    }


def commit_report(
    data_dir: Path,
    doc: Any,
    candidates: list[dict],
    user: str,
    meta: SourceMeta | None,
    path: Path | None = None,
):
    """Commit a report's reviewed figures, the document (with ``meta``) as their source."""
    plan = plan_candidates(doc, candidates, data_dir, path=path)
    return commit_plan(plan, data_dir, user=user, meta=meta)


def outside_province(plan: Plan, province_code: str) -> list[str]:
    """The places of a planned file's figures or models that an editor limited to
    ``province_code`` may not commit (elsewhere, or not placed), by name."""
    loaded = plan.loaded
    if loaded is None:
        return []
    frames = [f for f in (loaded.tallies, loaded.models) if f is not None and len(f)]
    codes = {str(c) for f in frames for c in f["locality_code"]}
    added = {str(r.get("locality_code")): r for r in loaded.new_localities or []}
    return _outside(codes, province_code, added)


def source_outside(data_dir: Path, source_id: str, province_code: str) -> list[str]:
    """The places outside ``province_code`` of a stored source's figures or models, and of
    those its undo would put back (the rows kept before its last run)."""
    import pyarrow.compute as pc

    from data_loaders.ingest import history
    from data_loaders.storage.warehouse import Warehouse

    wh = Warehouse(data_dir)
    tables = [wh.arrow(t) for t in ("tallies", "models") if wh.exists(t)]
    stack = history.undo_stack(history.runs_of(data_dir, source_id), source_id)
    if stack and history.exists(data_dir, stack[-1].snapshot):
        restored = history.restored_tables(wh, str(stack[-1].snapshot), source_id)
        tables += [restored[t] for t in ("tallies", "models") if t in restored]
    codes: set[str] = set()
    for rows in tables:
        mask = pc.equal(rows["source_id"], source_id)
        codes |= {str(c) for c in rows.filter(mask)["locality_code"].to_pylist()}
    stored = wh.read("localities") if wh.exists("localities") else pd.DataFrame()
    added = (
        {
            str(r["locality_code"]): r
            for r in stored[stored["locality_code"].isin(codes)].to_dict("records")
        }
        if len(stored)
        else {}
    )
    return _outside(codes, province_code, added)


def _outside(codes: set[str], province_code: str, added: dict[str, dict]) -> list[str]:
    from data_loaders.reference.localities import default_harmoniser

    info = default_harmoniser().info
    out = set()
    for code in codes:
        unit = info.get(code) or added.get(code) or {}
        # a unit of the province in its own era, or an old unit now inside it
        within = {code, str(unit.get("province_code")), str(unit.get("current_province_code"))}
        if province_code not in within:
            out.add(str(unit.get("name") or code))
    return sorted(out)
