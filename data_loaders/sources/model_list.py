"""Loader for lists of individual models and exemplars ("Danh sách mô hình, điển hình").

Vectorised over unique values so that a 1,000,000-row list loads in seconds: each distinct
vocabulary cell and each distinct (province, locality, year) is resolved once, and problems
are mapped back to every row (file, row, column) that holds the bad value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from data_loaders.reference import vocabulary
from data_loaders.reference.localities import Harmoniser, looks_like_organisation, unit_row
from data_loaders.reference.text import clean_many, clean_text, fold_key, fold_many
from data_loaders.sources import source_list
from data_loaders.sources.tabular import (
    FileProblem,
    cell_value,
    duplicate_headers,
    read_header,
    read_table,
)
from data_loaders.storage import limits, schema
from data_loaders.storage.messages import Problem, from_error, problem
from data_loaders.storage.problems import IngestProblem

LOADER = "model_list"
MAX_PROBLEMS = limits.MAX_PROBLEMS_KEPT


@dataclass(frozen=True)
class ModelColumn:
    id: str
    label_vi: str
    required: bool


MODEL_COLUMNS: tuple[ModelColumn, ...] = (
    ModelColumn("model_name", "Tên mô hình, điển hình", True),
    ModelColumn("kind", "Loại", False),
    ModelColumn("owner", "Chủ thể thực hiện", False),
    ModelColumn("owner_type", "Loại chủ thể", False),
    ModelColumn("province", "Tỉnh/thành phố", True),
    ModelColumn("locality", "Địa phương/đơn vị", False),
    ModelColumn("field", "Lĩnh vực", False),
    ModelColumn("theme", "Chủ đề", False),
    ModelColumn("year_start", "Từ năm", True),
    ModelColumn("year_end", "Đến năm", False),
    ModelColumn("status", "Tình trạng", False),
    ModelColumn("recognition_level", "Cấp công nhận", False),
    ModelColumn("note", "Ghi chú", False),
    ModelColumn("source_id", "Mã nguồn", False),
    ModelColumn("source_title", "Tên nguồn", False),
    ModelColumn("source_outlet", "Cơ quan ban hành/báo", False),
    ModelColumn("source_url", "Đường dẫn nguồn", False),
    ModelColumn("source_date", "Ngày ban hành", False),
)
_HEADER_KEYS = (
    {fold_key(c.id): c.id for c in MODEL_COLUMNS}
    | {fold_key(c.label_vi): c.id for c in MODEL_COLUMNS}
    | {
        "ten mo hinh": "model_name",
        "ten mo hinh dien hinh": "model_name",
        "name": "model_name",
        "chu the": "owner",
        "don vi thuc hien": "owner",
        "owner name": "owner",
        "nam": "year_start",
        "cap": "recognition_level",
        "level": "recognition_level",
        "model status": "status",
        "trang thai": "status",
        "tinh": "province",
        "dia phuong": "locality",
        "published date": "source_date",
    }
)
STATUS_SPELLINGS = {
    "registered": "registered",
    "dang ky": "registered",
    "dang ki": "registered",
    "da dang ky": "registered",
    "da dang ki": "registered",
    "xay dung": "registered",
    "thuc hien": "registered",
    "recognized": "recognized",
    "recognised": "recognized",
    "cong nhan": "recognized",
    "bieu duong": "recognized",
    "da cong nhan": "recognized",
    "commended": "commended",
    "khen thuong": "commended",
    "duoc khen thuong": "commended",
    "nominated": "nominated",
    "de nghi": "nominated",
    "de nghi cap tren": "nominated",
}
OWNER_SPELLINGS = {
    "collective": "collective",
    "tap the": "collective",
    "individual": "individual",
    "ca nhan": "individual",
    "none": "none",
    "": "none",
}


STATUS_LABELS = {  # (English, Vietnamese) of each accepted status, for messages
    "registered": ("registered", "Đăng ký"),
    "recognized": ("recognized", "Công nhận"),
    "commended": ("commended", "Khen thưởng"),
    "nominated": ("nominated", "Đề nghị cấp trên"),
}
OWNER_LABELS = {"collective": ("collective", "Tập thể"), "individual": ("individual", "Cá nhân")}
_HEADERS_VI = {c.id: c.label_vi for c in MODEL_COLUMNS}


def model_header_vi(column: str) -> str:
    """The Vietnamese header of a model-list column (the text itself when unknown)."""
    return _HEADERS_VI.get(column, column)


def model_header_to_id(header: object) -> str | None:
    return _HEADER_KEYS.get(fold_key(header))


def is_model_list(headers: list[str | None]) -> bool:
    return "model_name" in headers


def _parser_problem(exc: Exception) -> FileProblem:
    """pandas' CSV error as a catalogue problem, with the line when pandas names it."""
    text = str(exc).strip()
    ragged = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if ragged:
        expected, line, found = (int(g) for g in ragged.groups())
        why = Problem("csv_ragged", expected=expected, found=found, detail=text)
        return FileProblem(why, line)
    line = re.search(r"line (\d+)", text)
    return FileProblem(Problem("csv_unreadable", detail=text), int(line[1]) if line else None)


def read_frame(path: Path) -> pd.DataFrame:
    """Read a model list into a string DataFrame with column ids and a ``_row`` column."""
    if path.suffix.lower() == ".csv":
        headers = read_header(path)  # checks the size limit and reads the header row
        _refuse_duplicates(headers)
        try:
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                skip_blank_lines=False,
                on_bad_lines="error",
            )
        except UnicodeDecodeError as exc:
            raise FileProblem(Problem("not_utf8_file")) from exc
        except (pd.errors.ParserError, ValueError) as exc:
            raise _parser_problem(exc) from exc
        frame = frame.loc[(frame != "").any(axis=1)] if len(frame.columns) else frame
        rows = frame.index.to_numpy() + 2
        too_long = (
            max((int(frame[c].str.len().max()) for c in frame.columns), default=0)
            if len(frame)
            else 0
        )
        if too_long > limits.MAX_CELL_CHARS:
            raise FileProblem(
                f"a cell holds {too_long:,} characters, more than the limit of "
                f"{limits.MAX_CELL_CHARS:,}"
            )
        frame = frame.reset_index(drop=True)
    else:
        _header_row, headers, body = read_table(path)
        _refuse_duplicates(headers)
        rows = np.array([number for number, _ in body], dtype=np.int64)
        frame = pd.DataFrame(
            [["" if v is None else str(cell_value(v)) for v in values] for _, values in body],
            columns=headers,
        )
        if not len(body):
            frame = pd.DataFrame(columns=headers)
    frame.columns = [model_header_to_id(c) or f"?{c}" for c in frame.columns]
    frame["_row"] = rows
    return frame


def _refuse_duplicates(headers: list[str]) -> None:
    duplicates = duplicate_headers(headers, [model_header_to_id(h) for h in headers])
    if duplicates:
        raise FileProblem(duplicates[0].problem or str(duplicates[0]), 1, duplicates[0].column)


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.items: list[IngestProblem] = []
        self.not_kept = 0  # problems found beyond MAX_PROBLEMS (counted, not listed)

    @property
    def total(self) -> int:
        return len(self.items) + self.not_kept

    def add_mask(
        self, frame: pd.DataFrame, mask: pd.Series, column: str, message, values: str = ""
    ) -> None:
        """A problem for each row of ``mask``: ``message`` is a message code or a function of
        the cell (of ``column``, or of ``values`` when given) returning a :class:`Problem`."""
        if not mask.any():
            return
        room = MAX_PROBLEMS - len(self.items)
        self.not_kept += max(0, int(mask.sum()) - max(room, 0))
        if room <= 0:
            return
        for row, value in zip(frame.loc[mask, "_row"], frame.loc[mask, values or column]):
            exc = message(value) if callable(message) else message
            if isinstance(exc, str):
                exc = Problem(exc, value=value)
            self.items.append(
                from_error(self.path, int(row), column, exc, header=model_header_vi(column))
            )
            if len(self.items) >= MAX_PROBLEMS:
                return


def _map_unique(series: pd.Series, func) -> tuple[pd.Series, pd.Series]:
    """Apply ``func`` to each distinct value; return (mapped, error mask)."""
    out: dict[str, object] = {}
    for value in series.unique():
        try:
            out[value] = func(value)
        except (ValueError, KeyError):
            out[value] = None
    mapped = series.map(out)
    return mapped, mapped.isna()


def load_models(
    path: Path, harmoniser: Harmoniser, known_sources: set[str], localities: pd.DataFrame
):
    """Normalise a model list; returns a ``Loaded`` with a ``models`` frame."""
    path = Path(path)
    return load_models_frame(
        read_frame(path), path, source_list.file_sha256(path), harmoniser, known_sources, localities
    )


def load_models_frame(
    frame: pd.DataFrame,
    path: Path,
    sha: str,
    harmoniser: Harmoniser,
    known_sources: set[str],
    localities: pd.DataFrame,
):
    """Normalise a model list already read into a string frame with column ids and ``_row``."""
    from data_loaders.sources.tally_template import Loaded

    problems = _Problems(path)
    for col in [c for c in frame.columns if c.startswith("?") and c != "?"]:
        problems.items.append(
            problem(
                path,
                1,
                col[1:],
                "unknown_header",
                header=col[1:],
                value=col[1:],
                accepted_vi=[c.label_vi for c in MODEL_COLUMNS],
                accepted_en=[c.id for c in MODEL_COLUMNS],
            )
        )
    for col in MODEL_COLUMNS:
        if col.required and col.id not in frame.columns:
            problems.items.append(problem(path, 1, col.id, "column_missing", header=col.label_vi))
    for col in MODEL_COLUMNS:
        if col.id not in frame.columns:
            frame[col.id] = ""
    empty = schema.empty_frame("models")
    if problems.items:
        return Loaded(
            path,
            "models",
            schema.empty_frame("tallies"),
            source_list.sources_frame([]),
            problems=problems.items,
            problem_count=problems.total,
            sha256=sha,
            models=empty,
        )
    frame["model_name"] = _clean_unique(frame["model_name"])
    problems.add_mask(frame, frame["model_name"] == "", "model_name", "required")
    out = pd.DataFrame({"model_name": frame["model_name"]})
    for dim, col in (
        ("kind", "kind"),
        ("field", "field"),
        ("theme", "theme"),
        ("level", "recognition_level"),
    ):
        mapped, bad = _map_unique(frame[col], lambda v, d=dim: vocabulary.categorise(d, v))
        if dim == "kind":
            mapped = mapped.where(frame[col] != "", "model")
            bad = bad & (frame[col] != "")
        problems.add_mask(frame, bad, col, lambda v, d=dim: vocabulary.UnknownTerm(d, v))
        out[col if col != "recognition_level" else "recognition_level"] = mapped
    status, bad = _map_unique(
        frame["status"], lambda v: STATUS_SPELLINGS[fold_key(v) or "registered"]
    )
    problems.add_mask(
        frame,
        bad,
        "status",
        lambda v: Problem(
            "unknown_status",
            value=v,
            accepted_vi=[vi for _en, vi in STATUS_LABELS.values()],
            accepted_en=[en for en, _vi in STATUS_LABELS.values()],
        ),
    )
    out["model_status"] = status
    owner_type, bad = _map_unique(frame["owner_type"], lambda v: OWNER_SPELLINGS[fold_key(v)])
    problems.add_mask(
        frame,
        bad,
        "owner_type",
        lambda v: Problem(
            "unknown_owner_type",
            value=v,
            accepted_vi=[vi for _en, vi in OWNER_LABELS.values()],
            accepted_en=[en for en, _vi in OWNER_LABELS.values()],
        ),
    )
    out["owner_type"] = owner_type
    out["owner_name"] = _clean_unique(frame["owner"]).replace("", None)
    for col in ("year_start", "year_end"):
        raw = frame[col].where(frame[col] != "", frame["year_start"] if col == "year_end" else "")
        raw = raw.str.strip()
        ascii_year = raw.str.fullmatch(r"[0-9]{4}")
        years = pd.to_numeric(raw.where(ascii_year, ""), errors="coerce")
        problems.add_mask(
            frame,
            years.isna(),
            col,
            lambda v: Problem("not_year", value=v) if v else Problem("required"),
        )
        outside = years.notna() & ((years < limits.FIRST_YEAR) | (years > limits.last_year()))
        problems.add_mask(
            frame,
            outside,
            col,
            lambda v: Problem(
                "year_outside",
                value=v,
                year=v,
                first=limits.FIRST_YEAR,
                last=limits.last_year(),
            ),
        )
        out[col] = years.where(years.notna() & ~outside, 0).astype("int16")
    problems.add_mask(frame, out["year_end"] < out["year_start"], "year_end", "year_end_reversed")
    units = _locate(frame, out, harmoniser, localities, problems)
    src_rows = _attach_sources(frame, out, path, sha, known_sources, problems)
    out["note"] = _clean_unique(frame["note"]).replace("", None)
    if problems.items:
        return Loaded(
            path,
            "models",
            schema.empty_frame("tallies"),
            source_list.sources_frame([]),
            problems=problems.items,
            problem_count=problems.total,
            rows_in=len(frame),
            sha256=sha,
            models=empty,
        )
    out["name_key"] = _fold_unique(out["model_name"])
    ids = (
        out["source_id"]
        + "|"
        + out["locality_code"]
        + "|"
        + out["name_key"]
        + "|"
        + out["year_start"].astype(str)
    )
    out["model_id"] = _hash_unique(ids)
    dup = out["model_id"].duplicated(keep="first")
    problems.add_mask(frame, dup, "model_name", "same_model")
    out = out.loc[:, list(schema.TABLES["models"])]
    return Loaded(
        path,
        "models",
        schema.empty_frame("tallies"),
        source_list.sources_frame(src_rows),
        units,
        problems.items,
        len(frame),
        sha,
        models=out,
        problem_count=problems.total,
    )


def _per_value(series: pd.Series, bulk) -> pd.Series:
    """Apply a bulk text function once per distinct value (or straight, when most differ)."""
    unique = series.unique()
    if len(unique) > len(series) // 2:
        return pd.Series(bulk([str(v) for v in series.tolist()]), index=series.index)
    keys = [str(v) for v in unique]
    return series.map(dict(zip(keys, bulk(keys))))


def _clean_unique(series: pd.Series) -> pd.Series:
    """clean_text over a column."""
    return _per_value(series, clean_many)


def _fold_unique(series: pd.Series) -> pd.Series:
    """fold_key over a column of already clean text."""
    return _per_value(series, fold_many)


def _hash_unique(series: pd.Series) -> pd.Series:
    hashes = pd.util.hash_pandas_object(series, index=False).to_numpy()
    return pd.Series([f"{h:016x}" for h in hashes.tolist()], index=series.index)


def _locate(frame, out, harmoniser: Harmoniser, localities, problems: _Problems) -> list:
    keys = _clean_unique(frame["province"]) + "\x1f" + _clean_unique(frame["locality"])
    # only the era matters for resolution: every year before 2025 resolves alike
    keys = keys + "\x1f" + out["year_end"].clip(upper=2025).clip(lower=2024).astype(str)
    resolved: dict[str, tuple[str | None, str]] = {}
    units: dict[str, dict[str, object]] = {}
    for key in keys.unique():
        province, locality, year = key.split("\x1f")
        on = date(int(year), 12, 31) if year.isdigit() and int(year) > 0 else None
        resolved[key] = _resolve(province, locality, on, harmoniser, localities, units)
    codes = keys.map({k: v[0] for k, v in resolved.items()})
    bad = codes.isna()
    messages = keys.map({k: v[1] for k, v in resolved.items()})
    if bad.any():
        frame["_locmsg"] = messages
        problems.add_mask(frame, bad, "locality", lambda why: why, values="_locmsg")
    info = {**harmoniser.info, **units}
    out["locality_code"] = codes.fillna("")
    used = codes.dropna().unique()
    get = lambda col: codes.map({c: info[c][col] for c in used})  # noqa: E731
    out["province_code"] = get("province_code")
    out["current_province_code"] = get("current_province_code")
    tier, era, parent = get("tier"), get("era"), get("parent_code")
    out["district_code"] = np.where(
        tier == "district", codes, np.where((tier == "commune") & (era == "pre2025"), parent, None)
    )
    return list(units.values())


def _resolve(province, locality, on, harmoniser: Harmoniser, localities, units):
    from data_loaders.sources.tally_template import match_message

    prov = harmoniser.harmonise(province, tier="province", on=on) if province else None
    if prov is not None and not prov.ok:
        return None, match_message(prov, harmoniser, tier="province")
    if not locality:
        return (prov.code, None) if prov else (None, Problem("place_required"))
    if (
        prov
        and looks_like_organisation(locality)
        and not harmoniser.harmonise(locality, province, on=on).ok
    ):
        row = unit_row(locality, prov.code, localities)
        units[row["locality_code"]] = row
        return row["locality_code"], None
    match = harmoniser.harmonise(locality, province or None, on=on)
    if match.ok:
        return match.code, None
    return None, match_message(match, harmoniser, province or None)


def _attach_sources(frame, out, path: Path, sha: str, known: set[str], problems) -> list:
    inline = pd.DataFrame(
        {
            c: _clean_unique(frame[c])
            for c in ("source_title", "source_outlet", "source_url", "source_date")
        }
    )
    has_inline = (inline != "").any(axis=1)
    sid = frame["source_id"].map(
        {v: source_list.slug(v) if clean_text(v) else "" for v in frame["source_id"].unique()}
    )
    basis = (
        inline["source_title"]
        + "|"
        + inline["source_outlet"]
        + "|"
        + inline["source_url"]
        + "|"
        + inline["source_date"]
    )
    sid = sid.where(
        sid != "",
        np.where(
            has_inline, "src-" + _hash_unique(basis).str[:12], source_list.file_source_id(path)
        ),
    )
    out["source_id"] = sid
    rows: dict[str, dict[str, object]] = {}
    for s, group in frame[has_inline].assign(_sid=sid[has_inline]).groupby("_sid"):
        first = group.iloc[0]
        try:
            published = source_list.normalise_published(first["source_date"])
        except ValueError as exc:
            problems.items.append(
                from_error(
                    path,
                    int(first["_row"]),
                    "source_date",
                    exc,
                    header=model_header_vi("source_date"),
                )
            )
            continue
        rows[s] = source_list.source_row(
            s,
            title=first["source_title"],
            outlet=first["source_outlet"],
            url=first["source_url"],
            published=published,
            file_name=path.name,
            file_sha=sha,
            loader=LOADER,
        )
    unknown = ~has_inline & (frame["source_id"] != "") & ~sid.isin(known)
    problems.add_mask(
        frame,
        unknown,
        "source_id",
        lambda v: Problem("unknown_source", value=v),
    )
    if (~has_inline & (frame["source_id"] == "")).any():
        fid = source_list.file_source_id(path)
        rows.setdefault(
            fid,
            source_list.source_row(
                fid, title=path.stem, file_name=path.name, file_sha=sha, loader=LOADER
            ),
        )
    return list(rows.values())
