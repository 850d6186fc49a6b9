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
from data_loaders.reference.localities import Harmoniser, Match, looks_like_organisation, unit_row
from data_loaders.reference.text import clean_text, fold_key
from data_loaders.sources import source_list
from data_loaders.sources.suggest import close_units
from data_loaders.sources.tabular import Sheet, parse_count, parse_period, read_sheet
from data_loaders.sources.template import ALL_COLUMNS, header_to_id
from data_loaders.storage import schema
from data_loaders.storage.messages import Problem, from_error, problem
from data_loaders.storage.problems import IngestProblem

LOADER = "template"
KEY_COLUMNS = ("metric", "kind", "field", "theme", "subject", "level", "award")
# "Cấp địa phương": ids and the Vietnamese words a user writes.
LOCALITY_LEVELS = {
    **{t: t for t in ("province", "district", "commune", "unit")},
    **dict.fromkeys(("tinh", "cap tinh", "thanh pho truc thuoc trung uong"), "province"),
    **dict.fromkeys(("huyen", "cap huyen", "quan", "thi xa", "quan huyen"), "district"),
    **dict.fromkeys(("xa", "cap xa", "phuong", "thi tran", "xa phuong"), "commune"),
    **dict.fromkeys(("don vi", "co quan", "to chuc", "co quan don vi"), "unit"),
}
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


def header_vi(column: str) -> str:
    """The Vietnamese header of a template column (the id when it is no template column)."""
    col = ALL_COLUMNS.get(column)
    return col.label_vi if col else column


def _problem(path: Path, row: int | None, column: str, code: str, **kw) -> IngestProblem:
    return problem(path, row, column, code, header=header_vi(column), **kw)


def load_file(
    path: Path, harmoniser: Harmoniser, known_sources: set[str], localities: pd.DataFrame
) -> Loaded:
    """Read and normalise one template file; problems are collected, not raised."""
    path = Path(path)
    sheet = read_sheet(path, header_to_id)
    sha = source_list.file_sha256(path)
    problems = [
        problem(
            path,
            1,
            h,
            "unknown_header",
            header=h,
            value=h,
            accepted_vi=[c.label_vi for c in ALL_COLUMNS.values()],
            accepted_en=list(ALL_COLUMNS),
        )
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
        problems += [_problem(path, 1, m, "column_missing") for m in missing]
        if "province" not in sheet.headers and "locality" not in sheet.headers:
            problems.append(_problem(path, 1, "province", "column_missing"))
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
            problems.append(_problem(sheet.path, number, "source_id", "required"))
            continue
        if sid in seen:
            problems.append(_problem(sheet.path, number, "source_id", "source_twice", value=sid))
            continue
        seen.add(sid)
        try:
            published = source_list.normalise_published(cells.get("source_date"))
        except ValueError as exc:
            problems.append(
                from_error(sheet.path, number, "source_date", exc, header=header_vi("source_date"))
            )
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
) -> tuple[str | None, str | None, Problem | None]:
    """Return (locality code, problem column, problem)."""
    province = clean_text(cells.get("province"))
    locality = clean_text(cells.get("locality"))
    level = LOCALITY_LEVELS.get(fold_key(cells.get("locality_level")), "")
    province_code = None
    if province:
        match = harmoniser.harmonise(province, tier="province", on=end)
        if not match.ok:
            return None, "province", match_message(match, harmoniser, tier="province")
        province_code = match.code
    if not locality:
        if province_code:
            return province_code, None, None
        return None, "locality", Problem("locality_required")
    if level == "unit" or (
        province_code
        and looks_like_organisation(locality)
        and not harmoniser.harmonise(locality, province, on=end).ok
    ):
        if not province_code:
            return None, "province", Problem("unit_needs_province")
        row = unit_row(locality, province_code, localities)
        new_units[row["locality_code"]] = row
        return row["locality_code"], None, None
    tier = level if level in ("province", "district", "commune") else None
    match = harmoniser.harmonise(locality, province or None, tier=tier, on=end)
    if not match.ok:
        return None, "locality", match_message(match, harmoniser, province or None)
    return match.code, None, None


def _cell_problem(exc: BaseException, raw: object) -> BaseException:
    """The problem of a cell that could not be read: empty cells are "required"."""
    if raw in (None, ""):
        return Problem("required")
    if isinstance(exc, Problem):
        return exc
    return Problem("not_period", value=raw) if isinstance(exc, TypeError) else exc


def match_message(
    match: Match, harmoniser: Harmoniser, parent: str | None = None, tier: str | None = None
) -> Problem:
    """Why a locality name did not match one unit (shared by the loaders of every source kind),
    with the candidate units by their full names; an unknown name with up to three units of
    a close spelling ("Có phải … không?"), within ``parent`` (the row's province) when given."""
    names = [harmoniser.display(c) for c in match.candidates[:8]]
    if len(match.candidates) > 8:
        names.append(f"(+{len(match.candidates) - 8})")
    if match.status == "ambiguous":
        return Problem("ambiguous_unit", value=match.query, accepted_vi=names, accepted_en=names)
    if match.former:
        return Problem("former_unit", value=match.query, accepted_vi=names, accepted_en=names)
    near = close_units(harmoniser, match.query, parent, tier=tier)
    if near:
        quoted = [f"«{name}»" for name in near]
        choices = (" or ".join(quoted), " hay ".join(quoted))
        return Problem("unknown_unit_suggest", value=match.query, choices=choices)
    return Problem("unknown_unit", value=match.query)


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
        bad: list[tuple[str, BaseException]] = []
        rec: dict[str, object] = {}
        try:
            rec["period_start"] = parse_period(cells.get("period_start"), end=False)
        except (ValueError, TypeError) as exc:
            bad.append(("period_start", _cell_problem(exc, cells.get("period_start"))))
        try:
            rec["period_end"] = parse_period(cells.get("period_end"), end=True)
        except (ValueError, TypeError) as exc:
            bad.append(("period_end", _cell_problem(exc, cells.get("period_end"))))
        if (
            "period_start" in rec
            and "period_end" in rec
            and rec["period_end"] < rec["period_start"]
        ):
            bad.append(("period_end", Problem("period_reversed", value=cells.get("period_end"))))
        for dim in KEY_COLUMNS:
            try:
                rec[dim] = vocabulary.categorise(dim, cells.get(dim))
            except vocabulary.UnknownTerm as exc:
                bad.append((dim, exc if exc.value else Problem("required")))
        raw_value = cells.get("value")
        if raw_value in (None, ""):
            bad.append(("value", Problem("value_required")))
        else:
            try:
                rec["value"] = parse_count(raw_value)
            except ValueError as exc:
                bad.append(("value", _cell_problem(exc, raw_value)))
        end = rec.get("period_end") or date(2025, 6, 30)
        code, col, why = _resolve_locality(cells, end, harmoniser, localities, new_units)
        if code is None:
            bad.append((col or "locality", why or Problem("locality_required")))
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
                    bad.append(("source_title", Problem("source_disagree", value=sid)))
                src_rows.setdefault(sid, src)
            except ValueError as exc:
                bad.append(("source_date", _cell_problem(exc, cells.get("source_date"))))
        elif sid_raw and sid not in known_sources:
            bad.append(("source_id", Problem("unknown_source", value=sid)))
        elif not sid_raw:
            src_rows.setdefault(
                sid,
                source_list.source_row(
                    sid, title=path.stem, file_name=path.name, file_sha=sha, loader=LOADER
                ),
            )
        if bad:
            problems += [from_error(path, number, c, exc, header=header_vi(c)) for c, exc in bad]
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
            problems.append(problem(path, rec["_row"], None, "same_figure", first=first))
    frame = pd.DataFrame(records).drop(columns="_row") if records else schema.empty_frame("tallies")
    if records:
        frame = frame.loc[:, list(schema.TABLES["tallies"])]
        for p in schema.validate("tallies", frame):
            problems.append(problem(path, None, p.column, "schema_check", detail=p.message))
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
