"""Loader for the project's tally template (CSV/XLSX) and for source lists.

normalise → validate → (the caller writes). Every problem names file, row and column.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from data_loaders.reference import vocabulary
from data_loaders.reference.localities import Harmoniser, looks_like_organisation, unit_row
from data_loaders.reference.text import clean_text
from data_loaders.sources import source_list
from data_loaders.sources.tabular import Sheet, parse_count, parse_period, read_sheet
from data_loaders.sources.template import ALL_COLUMNS, header_to_id
from data_loaders.storage import schema
from data_loaders.storage.problems import IngestProblem

LOADER = "template"
KEY_COLUMNS = ("metric", "kind", "field", "theme", "subject", "level", "award")
SOURCE_COLUMNS = ("source_title", "source_outlet", "source_url", "source_date")


@dataclass
class Loaded:
    """What one input file contributes to the warehouse."""

    path: Path
    kind: str  # "tallies", "sources" or "models"
    tallies: pd.DataFrame
    sources: pd.DataFrame
    new_localities: list[dict[str, object]] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    rows_in: int = 0
    sha256: str = ""
    models: pd.DataFrame | None = None
    problem_count: int = 0  # every problem found, when ``problems`` keeps only the first ones

    @property
    def source_ids(self) -> list[str]:
        """Every source the file states figures for or defines."""
        ids = set(self.sources["source_id"]) | set(self.tallies["source_id"])
        if self.models is not None:
            ids |= set(self.models["source_id"])
        return sorted(ids)


def tally_id(record: dict[str, object]) -> str:
    key = "|".join(
        str(record[c])
        for c in ("source_id", "locality_code", "period_start", "period_end", *KEY_COLUMNS, "note")
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def sheet_kind(sheet: Sheet) -> str:
    """``sources`` for a list of sources, ``tallies`` for the tally template."""
    if "value" not in sheet.headers and "source_id" in sheet.headers:
        return "sources"
    return "tallies"


def _label(column: str) -> str:
    col = ALL_COLUMNS.get(column)
    return f"{col.label_vi} ({column})" if col else column


def load_file(
    path: Path, harmoniser: Harmoniser, known_sources: set[str], localities: pd.DataFrame
) -> Loaded:
    """Read and normalise one template file; problems are collected, not raised."""
    path = Path(path)
    sheet = read_sheet(path, header_to_id)
    sha = source_list.file_sha256(path)
    problems = [
        IngestProblem(str(path), 1, h, "unknown column header (not a template column)")
        for h in sheet.unknown_headers
    ]
    if sheet_kind(sheet) == "sources":
        loaded = _load_source_list(sheet, sha)
    else:
        missing = [
            c.id
            for c in ALL_COLUMNS.values()
            if c.required
            and c.id in ("metric", "value", "period_start", "period_end")
            and c.id not in sheet.headers
        ]
        problems += [
            IngestProblem(str(path), 1, _label(m), "required column is missing") for m in missing
        ]
        if "province" not in sheet.headers and "locality" not in sheet.headers:
            problems.append(IngestProblem(str(path), 1, "province", "required column is missing"))
        if problems:
            return Loaded(
                path,
                "tallies",
                schema.empty_frame("tallies"),
                source_list.sources_frame([]),
                problems=problems,
                sha256=sha,
            )
        loaded = load_tallies(sheet, sha, harmoniser, known_sources, localities)
    loaded.problems = problems + loaded.problems
    return loaded


def _source_from_row(cells: dict[str, object], sha: str, path: Path, locality: str | None):
    published = source_list.normalise_published(cells.get("source_date"))
    return source_list.source_row(
        "",
        title=cells.get("source_title"),
        outlet=cells.get("source_outlet"),
        url=cells.get("source_url"),
        published=published,
        locality_text=locality,
        file_name=path.name,
        file_sha=sha,
        loader=LOADER,
        note=cells.get("source_note"),
    )


def _load_source_list(sheet: Sheet, sha: str) -> Loaded:
    rows, problems = [], []
    seen: set[str] = set()
    for number, cells in sheet.rows:
        sid = source_list.slug(str(cells.get("source_id") or ""))
        if not cells.get("source_id"):
            problems.append(
                IngestProblem(str(sheet.path), number, _label("source_id"), "value is required")
            )
            continue
        if sid in seen:
            problems.append(
                IngestProblem(
                    str(sheet.path), number, _label("source_id"), f"source {sid!r} appears twice"
                )
            )
            continue
        seen.add(sid)
        try:
            published = source_list.normalise_published(cells.get("source_date"))
        except ValueError as exc:
            problems.append(IngestProblem(str(sheet.path), number, _label("source_date"), str(exc)))
            continue
        rows.append(
            source_list.source_row(
                sid,
                title=cells.get("source_title"),
                outlet=cells.get("source_outlet"),
                url=cells.get("source_url"),
                published=published,
                locality_text=cells.get("locality"),
                file_name=sheet.path.name,
                file_sha=sha,
                loader=LOADER,
                note=cells.get("note"),
            )
        )
    return Loaded(
        sheet.path,
        "sources",
        schema.empty_frame("tallies"),
        source_list.sources_frame(rows),
        problems=problems,
        rows_in=len(sheet.rows),
        sha256=sha,
    )


def _resolve_locality(
    cells: dict[str, object],
    end: date,
    harmoniser: Harmoniser,
    localities: pd.DataFrame,
    new_units: dict[str, dict[str, object]],
) -> tuple[str | None, str | None, str]:
    """Return (locality code, problem column, problem message)."""
    province = clean_text(cells.get("province"))
    locality = clean_text(cells.get("locality"))
    level = clean_text(cells.get("locality_level")).lower()
    province_code = None
    if province:
        match = harmoniser.harmonise(province, tier="province", on=end)
        if not match.ok:
            return None, "province", match_message(match, harmoniser)
        province_code = match.code
    if not locality:
        if province_code:
            return province_code, None, ""
        return None, "locality", "value is required (or give the province)"
    if level == "unit" or (
        province_code
        and looks_like_organisation(locality)
        and not harmoniser.harmonise(locality, province, on=end).ok
    ):
        if not province_code:
            return None, "province", "a non-administrative unit needs its province"
        row = unit_row(locality, province_code, localities)
        new_units[row["locality_code"]] = row
        return row["locality_code"], None, ""
    tier = level if level in ("province", "district", "commune") else None
    match = harmoniser.harmonise(locality, province or None, tier=tier, on=end)
    if not match.ok:
        return None, "locality", match_message(match, harmoniser)
    return match.code, None, ""


def match_message(match, harmoniser: Harmoniser) -> str:
    """Why a locality name did not match one unit (shared by the loaders of every source kind)."""
    return harmoniser.explain(match)


def load_tallies(
    sheet: Sheet,
    sha: str,
    harmoniser: Harmoniser,
    known_sources: set[str],
    localities: pd.DataFrame,
) -> Loaded:
    """Validate a sheet of tallies (template, report text, SQL rows): records or problems."""
    path = sheet.path
    problems: list[IngestProblem] = []
    records: list[dict[str, object]] = []
    src_rows: dict[str, dict[str, object]] = {}
    new_units: dict[str, dict[str, object]] = {}
    for number, cells in sheet.rows:
        bad: list[tuple[str, str]] = []
        rec: dict[str, object] = {}
        try:
            rec["period_start"] = parse_period(cells.get("period_start"), end=False)
        except (ValueError, TypeError) as exc:
            bad.append(
                ("period_start", str(exc) if cells.get("period_start") else "value is required")
            )
        try:
            rec["period_end"] = parse_period(cells.get("period_end"), end=True)
        except (ValueError, TypeError) as exc:
            bad.append(("period_end", str(exc) if cells.get("period_end") else "value is required"))
        if (
            "period_start" in rec
            and "period_end" in rec
            and rec["period_end"] < rec["period_start"]
        ):
            bad.append(("period_end", "ends before the start of the period"))
        for dim in KEY_COLUMNS:
            try:
                rec[dim] = vocabulary.categorise(dim, cells.get(dim))
            except vocabulary.UnknownTerm as exc:
                bad.append((dim, str(exc) if exc.value else "value is required"))
        raw_value = cells.get("value")
        if raw_value in (None, ""):
            bad.append(
                ("value", "value is required (leave the row out when the figure is unknown)")
            )
        else:
            try:
                rec["value"] = parse_count(raw_value)
            except ValueError as exc:
                bad.append(("value", str(exc)))
        end = rec.get("period_end") or date(2025, 6, 30)
        code, col, msg = _resolve_locality(cells, end, harmoniser, localities, new_units)
        if code is None:
            bad.append((col or "locality", msg))
        # source
        sid_raw = clean_text(cells.get("source_id"))
        has_inline = any(clean_text(cells.get(c)) for c in SOURCE_COLUMNS)
        if sid_raw:
            sid = source_list.slug(sid_raw)
        elif has_inline:
            basis = "|".join(clean_text(cells.get(c)) for c in SOURCE_COLUMNS)
            sid = "src-" + hashlib.sha1(basis.encode()).hexdigest()[:12]
        else:
            sid = source_list.file_source_id(path)
        if has_inline:
            try:
                src = _source_from_row(cells, sha, path, cells.get("locality"))
                src["source_id"] = sid
                prev = src_rows.get(sid)
                if prev and any(prev[k] != src[k] for k in ("title", "outlet", "url", "published")):
                    bad.append(("source_title", f"rows of source {sid!r} disagree on its details"))
                src_rows.setdefault(sid, src)
            except ValueError as exc:
                bad.append(("source_date", str(exc)))
        elif sid_raw and sid not in known_sources:
            bad.append(
                (
                    "source_id",
                    f"unknown source {sid!r}: give source_title/source_url "
                    "on the row or ingest the sources list first",
                )
            )
        elif not sid_raw:
            src_rows.setdefault(
                sid,
                source_list.source_row(
                    sid, title=path.stem, file_name=path.name, file_sha=sha, loader=LOADER
                ),
            )
        if bad:
            problems += [IngestProblem(str(path), number, _label(c), m) for c, m in bad]
            continue
        loc = new_units.get(code) or harmoniser.info[code]
        tier = loc["tier"]
        rec.update(
            locality_code=code,
            locality_tier=tier,
            province_code=loc["province_code"],
            district_code=(
                code
                if tier == "district"
                else loc["parent_code"]
                if tier == "commune" and loc["era"] == "pre2025"
                else None
            ),
            current_province_code=loc["current_province_code"],
            year_start=rec["period_start"].year,
            year_end=rec["period_end"].year,
            is_derived=False,
            source_id=sid,
            quote=clean_text(cells.get("quote")) or None,
            status="confirmed",
            note=clean_text(cells.get("note")) or None,
            _row=number,
        )
        rec["tally_id"] = tally_id(rec)
        records.append(rec)
    seen: dict[str, int] = {}
    for rec in records:
        first = seen.setdefault(rec["tally_id"], rec["_row"])
        if first != rec["_row"]:
            problems.append(
                IngestProblem(
                    str(path),
                    rec["_row"],
                    None,
                    f"same figure (locality, period, metric, breakdown and note) as row {first}",
                )
            )
    frame = pd.DataFrame(records).drop(columns="_row") if records else schema.empty_frame("tallies")
    if records:
        frame = frame.loc[:, list(schema.TABLES["tallies"])]
        for p in schema.validate("tallies", frame):
            problems.append(IngestProblem(str(path), None, p.column, p.message))
    return Loaded(
        path,
        "tallies",
        frame,
        source_list.sources_frame(list(src_rows.values())),
        list(new_units.values()),
        problems,
        len(sheet.rows),
        sha,
    )
