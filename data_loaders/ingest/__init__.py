"""Ingest orchestration: each file is planned (read, normalised, validated, compared with the
warehouse; nothing written), then committed (written atomically).

A file with any invalid row is refused whole; the warehouse is left as it was.
Re-ingesting the same content changes nothing; a corrected version of a source
replaces that source's rows. Every run is recorded in the ingest ledger and the audit log, with
a snapshot of the rows it replaced so that the last run of a source can be undone exactly
(``data_loaders.ingest.history``). ``dvk ingest``, ``dvk ingest --dry-run`` and the page
"Nhập dữ liệu" all go through :func:`plan_file` → :func:`commit_plan`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from tqdm import tqdm

from data_loaders import appdb
from data_loaders.ingest import history
from data_loaders.ingest.report_ingest import REPORT_SUFFIXES, is_report
from data_loaders.reference.localities import Harmoniser, build_localities, default_harmoniser
from data_loaders.sources.model_list import is_model_list, load_models, model_header_to_id
from data_loaders.sources.tabular import TABULAR_SUFFIXES, FileProblem, read_header
from data_loaders.sources.tally_template import Loaded, load_file
from data_loaders.sources.template import header_to_id
from data_loaders.storage import limits, schema
from data_loaders.storage.limits import LimitExceeded
from data_loaders.storage.messages import problem
from data_loaders.storage.problems import IngestProblem
from data_loaders.storage.warehouse import Warehouse

log = logging.getLogger("dvk.ingest")
COMPARE_SOURCE_COLUMNS = (
    "source_id",
    "title",
    "outlet",
    "url",
    "published",
    "locality_text",
    "note",
)


@dataclass(frozen=True)
class SourceChange:
    """What a file does (or did) to one source."""

    source_id: str
    title: str | None
    status: str  # "added" | "replaced" | "unchanged" (an undo: "replaced" | "removed")
    rows_before: int
    rows_after: int
    table: str = "tallies"  # what the rows are: "tallies", "models" or "sources"

    def as_dict(self) -> dict[str, object]:
        return {
            "source_id": self.source_id,
            "title": self.title,
            "status": self.status,
            "rows_before": self.rows_before,
            "rows_after": self.rows_after,
            "table": self.table,
        }


@dataclass(frozen=True)
class SourceMeta:
    """A source's details, asked on upload and prefilled from the document where it says them."""

    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass
class RunResult:
    path: Path
    status: str  # ok, replaced, unchanged, refused, failed, not read, undone
    rows_in: int = 0
    rows_written: int = 0
    source_ids: list[str] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    loader: str = "template"
    problem_count: int = 0  # every problem found; ``problems`` keeps the first ones
    changes: list[SourceChange] = field(default_factory=list)
    run_id: int | None = None  # the ledger row

    def __post_init__(self) -> None:
        self.problem_count = max(self.problem_count, len(self.problems))

    @property
    def refused(self) -> bool:
        return self.status in ("refused", "failed", "not read")


def discover(paths: Iterable[Path], reports: bool = False) -> list[Path]:
    """Files to ingest: the given files, and CSV/XLSX (and, with ``reports``, report texts)
    under given directories.

    Lists of sources come first so that tally files of the same batch can name them.
    """
    wanted = TABULAR_SUFFIXES | (REPORT_SUFFIXES if reports else set())
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in wanted and not f.name.startswith(("~$", "."))
            )
        else:
            files.append(p)

    order = {"sources": 0, "tallies": 1, "models": 2}
    return sorted(files, key=lambda f: (order.get(classify(f), 1), str(f)))


def classify(path: Path) -> str:
    """``sources``, ``tallies`` or ``models``: what kind of list a file holds."""
    try:
        if path.suffix.lower() not in TABULAR_SUFFIXES:
            return "other"
        headers = [h for h in map(_any_header, read_header(path)) if h]
    except (FileProblem, OSError):
        return "other"
    if is_model_list(headers):
        return "models"
    return "sources" if "value" not in headers and "source_id" in headers else "tallies"


def ensure_localities(wh: Warehouse) -> pd.DataFrame:
    """The localities table, written from the official units on first use; units added to
    the official list since (e.g. new rows of the unit history) are appended. Call under lock."""
    official = build_localities()
    if not wh.path("localities").exists():
        wh.write({"localities": official})
        return wh.read("localities")
    stored = wh.read("localities")
    added = official[~official["locality_code"].isin(stored["locality_code"])]
    if len(added):
        stored = pd.concat([stored, added], ignore_index=True)
        wh.write({"localities": stored})
    return stored


def _same(old: pa.Table, new: pd.DataFrame, table: str, columns: Iterable[str]) -> bool:
    """True when ``new`` holds exactly the rows of ``old`` (in any order) on ``columns``."""
    cols = list(columns)
    if old.num_rows != len(new):
        return False

    def canonical(data: pa.Table) -> pa.Table:
        data = data.select(cols)
        data = pa.table(
            {
                c: data[c].cast(pa.string()) if pa.types.is_dictionary(data[c].type) else data[c]
                for c in cols
            }
        )
        return data.take(pc.sort_indices(data, sort_keys=[(c, "ascending") for c in cols[:1]]))

    return canonical(old).equals(canonical(schema.to_arrow(table, new)))


def apply(wh: Warehouse, loaded: Loaded) -> tuple[str, int]:
    """Write one loaded file into the warehouse (under lock). Returns (status, rows written)."""
    sids = pa.array(loaded.source_ids, pa.string())
    defined = pa.array(sorted(set(loaded.sources["source_id"])), pa.string())
    sources_old = wh.arrow("sources")
    keep_src = pc.invert(pc.is_in(sources_old["source_id"], value_set=defined))
    old_src = sources_old.filter(pc.invert(keep_src))
    tables: dict[str, pa.Table | pd.DataFrame] = {}
    same_sources = _same(old_src, loaded.sources, "sources", COMPARE_SOURCE_COLUMNS)
    status = "replaced" if old_src.num_rows else "ok"
    if loaded.kind in ("tallies", "models"):
        table = loaded.kind
        new_rows = loaded.tallies if table == "tallies" else loaded.models
        current = wh.arrow(table)
        mask = pc.is_in(current["source_id"], value_set=sids)
        old_rows = current.filter(mask)
        if same_sources and _same(old_rows, new_rows, table, schema.TABLES[table]):
            return "unchanged", 0
        status = "replaced" if old_rows.num_rows or old_src.num_rows else "ok"
        tables[table] = pa.concat_tables(
            [current.filter(pc.invert(mask)), schema.to_arrow(table, new_rows)]
        )
    elif same_sources:
        return "unchanged", 0
    tables["sources"] = pa.concat_tables(
        [sources_old.filter(keep_src), schema.to_arrow("sources", loaded.sources)]
    )
    if loaded.new_localities:
        locs = wh.read("localities")
        new = pd.DataFrame(loaded.new_localities)
        new = new[~new["locality_code"].isin(locs["locality_code"])]
        if len(new):
            tables["localities"] = pd.concat([locs, new], ignore_index=True)
    wh.write(tables)
    written = {"tallies": len(loaded.tallies), "sources": len(loaded.sources)}
    return status, written.get(loaded.kind, len(loaded.models) if loaded.models is not None else 0)


def _record(
    data_dir: Path,
    result: RunResult,
    sha: str | None,
    user: str | None,
    *,
    snapshot: str | None = None,
    undoes: int | None = None,
) -> int | None:
    """Record the run in the ledger, and a run that changed the warehouse in the audit log."""
    changed = [c for c in result.changes if c.status != "unchanged"]
    try:
        with appdb.session(data_dir) as s:
            run = appdb.IngestRun(
                path=str(result.path),
                loader=result.loader,
                file_sha256=sha,
                source_ids=result.source_ids,
                status=result.status,
                rows_in=result.rows_in,
                rows_written=result.rows_written,
                problems=_ledger_problems(result) or None,
                finished_at=appdb.utcnow(),
                user_name=user,
                snapshot=snapshot,
                changes=[c.as_dict() for c in result.changes] or None,
                undoes=undoes,
            )
            s.add(run)
            s.flush()
            if changed:
                s.add(
                    appdb.AuditEntry(
                        user_name=user,
                        action="ingest:undo" if undoes else "ingest",
                        target=Path(result.path).name,
                        before={c.source_id: c.rows_before for c in changed},
                        after={c.source_id: c.rows_after for c in changed},
                    )
                )
            s.commit()
            result.run_id = run.id
            return run.id
    except Exception:  # noqa: BLE001 - the ledger must never undo a good ingest
        log.exception("could not record the ingest run in the ledger")
        return None


def _ledger_problems(result: RunResult) -> list[str]:
    shown = [str(p) for p in result.problems[: limits.MAX_PROBLEMS_KEPT]]
    if result.problem_count > len(shown):
        shown.append(f"… and {result.problem_count - len(shown):,} more problem(s)")
    return shown


def load_any(path: Path, harmoniser, known: set[str], localities: pd.DataFrame) -> Loaded:
    """Pick the loader for ``path`` from its type and header."""
    if path.suffix.lower() not in TABULAR_SUFFIXES:
        raise FileProblem(f"unsupported file type {path.suffix!r} (expected CSV or XLSX)")
    if classify(path) == "models":
        return load_models(path, harmoniser, known, localities)
    return load_file(path, harmoniser, known, localities)


def _any_header(header: object) -> str | None:
    return (
        model_header_to_id(header)
        if model_header_to_id(header) == "model_name"
        else (header_to_id(header))
    )


LoadFn = Callable[[Harmoniser, set[str], pd.DataFrame], Loaded]
READ_ERRORS = (FileProblem, OSError, ValueError, ImportError, sa.exc.SQLAlchemyError)


def read_problem(label: Path, exc: BaseException) -> IngestProblem:
    """A plain-words problem for an input that could not be read (no Python internals)."""
    if isinstance(exc, FileProblem):
        detail = (exc.text("en"), exc.text("vi"))
        return problem(label, exc.row, exc.column, "cannot_read", detail=detail)
    if isinstance(exc, sa.exc.SQLAlchemyError):
        detail = str(getattr(exc, "orig", None) or exc).split("\n")[0]
        return problem(label, None, None, "sql_refused", detail=detail)
    if isinstance(exc, OSError):
        return problem(label, None, None, "cannot_read_file", detail=exc.strerror or str(exc))
    text = str(exc)
    for prefix in (f"{label}: ", f"{Path(label).name}: "):
        text = text.removeprefix(prefix)
    if isinstance(exc, ValueError | LimitExceeded):
        return problem(label, None, None, "cannot_read", detail=text)
    return problem(label, None, None, "defect", detail=f"{type(exc).__name__}: {text}")


def _write_problem(label: Path, data_dir: Path, exc: OSError) -> IngestProblem:
    return problem(
        label, None, None, "not_writable", data_dir=data_dir, detail=exc.strerror or str(exc)
    )


def _count(loaded: Loaded) -> int:
    return max(getattr(loaded, "problem_count", 0), len(loaded.problems))


@dataclass
class Plan:
    """What committing one input WOULD do; nothing is written by planning.

    ``kind``: "template" | "sources" | "model_list" | "report". ``changes``: per source,
    added/replaced/unchanged with its rows before and after. ``problems``: every problem (the
    first ``limits.MAX_PROBLEMS_KEPT``; ``problem_count`` counts all). ``meta``: the details of
    the file's one source as the file states them (None when it defines several or none).
    Report texts also carry their ``document`` and ``candidates`` (one row each).
    """

    path: Path
    kind: str
    rows_read: int
    changes: list[SourceChange]
    problems: list[IngestProblem]
    meta: SourceMeta | None = None
    problem_count: int = 0
    loader: str = "template"
    sha256: str | None = None
    source_ids: list[str] = field(default_factory=list)
    document: Any = None
    candidates: list[dict] | None = None
    status: str = "planned"  # "planned", or "refused"/"failed" when the input cannot be used
    stated: SourceMeta | None = field(default=None, repr=False)  # as the input states them
    loaded: Loaded | None = field(default=None, repr=False)
    load: LoadFn | None = field(default=None, repr=False)
    stamp: tuple = field(default=(), repr=False)

    @property
    def blocking(self) -> bool:
        """True when a commit would be refused."""
        return bool(self.problems) or self.loaded is None

    @property
    def will_write(self) -> bool:
        return not self.blocking and any(c.status != "unchanged" for c in self.changes)


def _stamp(wh: Warehouse) -> tuple:
    """The warehouse's state as its files' names, times and sizes (changes on every write)."""
    if not wh.root.exists():
        return ()
    return tuple(
        sorted((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in wh.root.glob("*.parquet"))
    )


def _planning_localities(wh: Warehouse) -> pd.DataFrame:
    """The localities a commit would use, without writing them (see :func:`ensure_localities`)."""
    official = build_localities()
    if not wh.path("localities").exists():
        return official
    stored = wh.read("localities")
    added = official[~official["locality_code"].isin(stored["locality_code"])]
    return pd.concat([stored, added], ignore_index=True) if len(added) else stored


def _in(table: pa.Table, ids: list[str]) -> pa.Array:
    return pc.is_in(table["source_id"], value_set=pa.array(ids, pa.string()))


def _rows_of(table: pa.Table, source_id: str) -> int:
    return table.filter(_in(table, [source_id])).num_rows


def data_table(loaded: Loaded) -> str | None:
    """The table a loaded input fills besides ``sources`` (None for a list of sources)."""
    return loaded.kind if loaded.kind in ("tallies", "models") else None


def _digests(data: pa.Table, columns: Iterable[str]) -> dict[str, tuple[int, int, int]]:
    """Per source id: its row count and two order-free 64-bit digests of its rows on
    ``columns`` (sums of two independent row hashes), to compare sources in one pass."""
    if not data.num_rows:
        return {}
    cols = list(columns)
    plain = pa.table(
        {
            c: data[c].cast(pa.string()) if pa.types.is_dictionary(data[c].type) else data[c]
            for c in cols
        }
    ).to_pandas()
    first = pd.util.hash_pandas_object(plain, index=False).to_numpy()
    second = pd.util.hash_pandas_object(plain, index=False, hash_key="dvk-source-rows2").to_numpy()
    ids = data["source_id"]
    if pa.types.is_dictionary(ids.type):
        ids = ids.cast(pa.string())
    codes, uniques = pd.factorize(ids.to_numpy(zero_copy_only=False))
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    counts = np.diff(np.r_[starts, len(order)])
    sums1 = np.add.reduceat(first[order], starts)  # uint64: wraps around, order-free
    sums2 = np.add.reduceat(second[order], starts)
    return {
        str(uniques[ordered[i]]): (int(n), int(x), int(y))
        for i, n, x, y in zip(starts, counts, sums1, sums2)
    }


def _counts(ids: pd.Series | pa.ChunkedArray) -> dict[str, tuple[int, int, int]]:
    """Per source id its row count (digests left 0: used when no comparison is needed)."""
    if isinstance(ids, pd.Series):
        return {str(k): (int(n), 0, 0) for k, n in ids.value_counts().items()}
    if pa.types.is_dictionary(ids.type):
        ids = ids.cast(pa.string())
    counted = pc.value_counts(ids)
    return {
        str(k): (int(n), 0, 0)
        for k, n in zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist())
    }


def _row_digests(
    old: pa.Table, new: pd.DataFrame, table: str
) -> tuple[dict[str, tuple[int, int, int]], dict[str, tuple[int, int, int]]]:
    """Per source, before and after: counts, and digests only where they decide something
    (hashing a million rows costs seconds, so the common cases are settled without it)."""
    if not old.num_rows:  # nothing stored: every source is new
        return {}, _counts(new["source_id"])
    before = _counts(old["source_id"])
    after = _counts(new["source_id"])
    columns = schema.TABLES[table]
    if _same(old, new, table, columns):  # the same rows: every source unchanged
        return before, dict(before)
    if len(set(before) | set(after)) == 1:  # one source, and it differs
        (sid,) = set(before) | set(after)
        return before, {sid: (after.get(sid, (0,))[0], 1, 1)}
    return _digests(old, columns), _digests(schema.to_arrow(table, new), columns)


def source_changes(
    wh: Warehouse, loaded: Loaded, ids: list[str] | None = None
) -> list[SourceChange]:
    """Per source of ``loaded`` (``ids``, its source ids when known): added, replaced or
    unchanged, with its rows before and after. One pass over each table, however many sources."""
    ids = loaded.source_ids if ids is None else ids
    table = data_table(loaded)
    src_old = wh.arrow("sources").filter(_in(wh.arrow("sources"), ids))
    src_before = _digests(src_old, COMPARE_SOURCE_COLUMNS)
    src_after = _digests(schema.to_arrow("sources", loaded.sources), COMPARE_SOURCE_COLUMNS)
    before_rows: dict[str, tuple[int, int, int]] = {}
    after_rows: dict[str, tuple[int, int, int]] = {}
    if table:
        current = wh.arrow(table)
        new_rows = loaded.tallies if table == "tallies" else loaded.models
        before_rows, after_rows = _row_digests(current.filter(_in(current, ids)), new_rows, table)
    titles = {
        **dict(zip(src_old["source_id"].to_pylist(), src_old["title"].to_pylist())),
        **dict(zip(loaded.sources["source_id"], loaded.sources["title"])),
    }
    none = (0, 0, 0)
    out = []
    for sid in ids:
        listed = sid in src_before
        same_src = sid not in src_after or src_before.get(sid) == src_after[sid]
        if table:
            before, after = before_rows.get(sid, none)[0], after_rows.get(sid, none)[0]
            if not before and after and (not listed or same_src):
                status = "added"  # a new source, or the first figures of a listed one
            elif same_src and before_rows.get(sid, none) == after_rows.get(sid, none):
                status = "unchanged"
            else:
                status = "replaced"
        else:
            before, after = int(listed), int(sid in src_after)
            status = "added" if not listed else "unchanged" if same_src else "replaced"
        title = titles.get(sid)
        title = title if isinstance(title, str) and title else None
        out.append(SourceChange(sid, title, status, before, after, table or "sources"))
    return out


def _stored_meta(wh: Warehouse, loaded: Loaded) -> SourceMeta | None:
    """The stored details of the input's one source when the input itself does not state them
    (a file or document that is its own source, already ingested): what the user gave then."""
    if len(loaded.sources) != 1:
        return None
    sid = loaded.sources["source_id"].iloc[0]
    if not str(sid).startswith(("file-", "doc-")):
        return None
    stored = wh.read("sources")
    stored = stored[stored["source_id"] == sid]
    return _meta_of_row(stored.iloc[0]) if len(stored) else None


def _meta_of(loaded: Loaded) -> SourceMeta | None:
    """The details of the input's one source, as it states them."""
    if len(loaded.sources) != 1:
        return None
    return _meta_of_row(loaded.sources.iloc[0])


def _meta_of_row(row: pd.Series) -> SourceMeta:
    published = row.get("published")
    day = None
    if isinstance(published, str) and len(published) == 10:
        day = date.fromisoformat(published)
    return SourceMeta(
        title=_text(row.get("title")),
        outlet=_text(row.get("outlet")),
        published=day,
        url=_text(row.get("url")),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


class _MetaProblem(ValueError):
    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(f"{count} sources")


def _with_meta(loaded: Loaded, meta: SourceMeta | None, stated: SourceMeta | None) -> Loaded:
    """``loaded`` with the details the user gave for its one source (those differing from what
    the file states; a date left as the file states it keeps its precision)."""
    if meta is None or meta == stated:
        return loaded  # as the input states them
    if len(loaded.sources) != 1:
        raise _MetaProblem(len(loaded.sources))
    frame = loaded.sources.copy()
    base = stated or SourceMeta()
    for name in ("title", "outlet", "url"):
        value = getattr(meta, name)
        if value != getattr(base, name):
            frame.loc[frame.index[0], name] = (value or "").strip() or None
    if meta.published != base.published:
        published = meta.published
        if isinstance(published, datetime):
            published = published.date()
        frame.loc[frame.index[0], "published"] = published.isoformat() if published else None
    return replace(loaded, sources=frame)


def _kind_of(loaded: Loaded, loader: str) -> str:
    if loader in ("report_text", "report"):
        return "report"
    return {"tallies": "template", "sources": "sources", "models": "model_list"}[loaded.kind]


def plan_input(
    data_dir: Path, label: Path, loader: str, load: LoadFn, kind: str | None = None
) -> Plan:
    """Load one input against the warehouse and say what committing it would do (no writes).

    ``load(harmoniser, known_source_ids, localities)`` normalises the input into a ``Loaded``.
    Never raises on bad input: a file that cannot be read gives a plan with its problem.
    """
    wh = Warehouse(data_dir)
    plan = Plan(Path(label), kind or "template", 0, [], [], loader=loader, load=load)
    try:
        with wh.lock():
            _fill(plan, wh, kind)
    except OSError as exc:
        log.warning("cannot use %s: %s", data_dir, exc)
        plan.problems = [_write_problem(label, data_dir, exc)]
        plan.problem_count, plan.status, plan.loaded = 1, "failed", None
    except Exception as exc:  # noqa: BLE001 - a defect must not abort a batch with a traceback
        log.exception("ingest of %s failed", label)
        plan.problems = [read_problem(label, exc)]
        plan.problem_count, plan.status, plan.loaded = 1, "refused", None
    return plan


def _fill(plan: Plan, wh: Warehouse, kind: str | None) -> None:
    """Load ``plan``'s input against the warehouse as it is (call under its lock)."""
    plan.stamp = _stamp(wh)
    localities = _planning_localities(wh)
    known = set(wh.read("sources", ["source_id"])["source_id"])
    try:
        loaded = plan.load(default_harmoniser(), known, localities)
    except (*READ_ERRORS, LimitExceeded, RecursionError, MemoryError) as exc:
        plan.problems = [read_problem(plan.path, exc)]
        plan.problem_count, plan.status = 1, "refused"
        return
    if loaded.kind == "models" and plan.loader == "template":
        plan.loader = "model_list"
    plan.kind = kind or _kind_of(loaded, plan.loader)
    plan.rows_read = loaded.rows_in
    plan.sha256 = loaded.sha256
    plan.source_ids = loaded.source_ids
    plan.problems = loaded.problems[: limits.MAX_PROBLEMS_KEPT]
    plan.problem_count = _count(loaded)
    plan.stated = _meta_of(loaded)
    plan.meta = _stored_meta(wh, loaded) or plan.stated
    plan.loaded = loaded
    if loaded.problems:
        plan.status = "refused"
    else:
        plan.changes = source_changes(
            wh, _with_meta(loaded, plan.meta, plan.stated), plan.source_ids
        )


def _refused(plan: Plan, status: str = "refused") -> RunResult:
    return RunResult(
        plan.path,
        status,
        plan.rows_read,
        source_ids=plan.source_ids,
        problems=plan.problems[: limits.MAX_PROBLEMS_KEPT],
        loader=plan.loader,
        problem_count=max(plan.problem_count, len(plan.problems)),
    )


def commit_plan(
    plan: Plan, data_dir: Path, *, user: str | None = None, meta: SourceMeta | None = None
) -> RunResult:
    """Write what ``plan`` planned: one atomic warehouse write, idempotent, recorded in the
    ledger (with the loader's name, the rows it replaced kept for undo) and the audit log.

    Refused (nothing written) while the plan has problems. When the warehouse changed since the
    plan, the input is checked again against it first. ``meta`` overrides the details of the
    input's one source (title, outlet, date, URL); without it, ``plan.meta`` stands (for a file
    that is its own source, the details given when it was first committed are kept).
    """
    if plan.blocking:
        result = _refused(plan, plan.status if plan.status != "planned" else "refused")
        _record(data_dir, result, plan.sha256, user)
        return result
    wh = Warehouse(data_dir)
    key = None
    loaded = plan.loaded
    try:
        with wh.lock():
            basis = plan
            if _stamp(wh) != plan.stamp and plan.load is not None:
                basis = replace(plan, problems=[], changes=[], loaded=None, status="planned")
                _fill(basis, wh, plan.kind)
                if basis.blocking:
                    result = _refused(basis, basis.status)
                    _record(data_dir, result, basis.sha256, user)
                    return result
                loaded = basis.loaded
            ensure_localities(wh)
            try:
                loaded = _with_meta(loaded, meta or basis.meta, basis.stated)
            except _MetaProblem as exc:
                result = _refused(plan)
                result.problems = [
                    problem(plan.path, None, None, "meta_needs_one_source", count=exc.count)
                ]
                result.problem_count = 1
                _record(data_dir, result, plan.sha256, user)
                return result
            if basis is plan and (meta is None or meta == plan.meta):
                changes = plan.changes  # the warehouse is as planned against
            else:
                changes = source_changes(wh, loaded, basis.source_ids)
            result = RunResult(
                plan.path,
                "unchanged",
                loaded.rows_in,
                source_ids=basis.source_ids,
                loader=plan.loader,
                changes=changes,
            )
            if any(c.status != "unchanged" for c in changes):
                key = history.new_key(loaded.sha256)
                table = data_table(loaded)
                history.write_snapshot(
                    wh,
                    key,
                    ["sources", table] if table else ["sources"],
                    basis.source_ids,
                    {"path": str(plan.path), "loader": plan.loader, "sha256": loaded.sha256},
                )
            result.status, result.rows_written = apply(wh, loaded)
            if result.status == "unchanged" and key:
                history.drop_snapshot(data_dir, key)
                key = None
            # recorded before the lock is released, so that an undo always sees this run
            _record(data_dir, result, loaded.sha256, user, snapshot=key)
            return result
    except OSError as exc:
        log.warning("cannot write to %s: %s", data_dir, exc)
        if key:
            history.drop_snapshot(data_dir, key)
        result = RunResult(plan.path, "failed", loader=plan.loader)
        result.problems = [_write_problem(plan.path, data_dir, exc)]
        result.problem_count = 1
        _record(data_dir, result, plan.sha256, user)
        return result
    except Exception as exc:  # noqa: BLE001 - a defect must not abort a batch with a traceback
        log.exception("ingest of %s failed", plan.path)
        if key:
            history.drop_snapshot(data_dir, key)
        result = RunResult(plan.path, "refused", loader=plan.loader)
        result.problems = [read_problem(plan.path, exc)]
        result.problem_count = 1
        _record(data_dir, result, plan.sha256, user)
        return result


def run_loader(
    data_dir: Path, label: Path, loader: str, load: LoadFn, user: str | None = None
) -> RunResult:
    """Plan then commit one input; never raises on bad input (see :func:`plan_input`)."""
    return commit_plan(plan_input(data_dir, label, loader, load), data_dir, user=user)


def detect_kind(path: Path) -> str:
    """ "template", "sources", "model_list" or "report", from the file's type and header."""
    if is_report(path):
        return "report"
    return {"models": "model_list", "sources": "sources"}.get(classify(Path(path)), "template")


def plan_file(path: Path, data_dir: Path, *, kind: str | None = None) -> Plan:
    """Plan one file of any kind the CLI takes (the kind detected unless given)."""
    path = Path(path)
    kind = kind or detect_kind(path)
    if kind == "report":
        return plan_report(path, data_dir)
    if kind == "model_list":
        load = lambda h, known, locs: load_models(path, h, known, locs)  # noqa: E731
    else:
        load = lambda h, known, locs: load_any(path, h, known, locs)  # noqa: E731
    return plan_input(data_dir, path, "template", load)


def plan_report(path: Path, data_dir: Path) -> Plan:
    """Plan a report text: its candidate figures, each one row (row = position)."""
    from data_loaders.report_text import extract_file

    path = Path(path)
    try:
        doc, candidates = extract_file(path)
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        plan = Plan(path, "report", 0, [], [read_problem(path, exc)], loader="report_text")
        plan.problem_count, plan.status = 1, "refused"
        return plan
    return plan_candidates(doc, [c.to_dict() for c in candidates], data_dir, path=path)


def plan_candidates(
    doc: Any, candidates: list[dict], data_dir: Path, *, path: Path | None = None
) -> Plan:
    """Plan the (reviewed or corrected) candidates of one report text, its document as source."""
    from data_loaders.ingest.report_ingest import candidates_to_loaded

    plan = plan_input(
        data_dir,
        Path(path or doc.file_name),
        "report_text",
        lambda h, known, locs: candidates_to_loaded(doc, candidates, h, known, locs),
        "report",
    )
    plan.document, plan.candidates = doc, candidates
    return plan


def ingest_file(path: Path, data_dir: Path, user: str | None = None) -> RunResult:
    """Ingest one template, source list or model list; never raises for bad input."""
    return commit_plan(plan_file(path, data_dir, kind=_tabular_kind(path)), data_dir, user=user)


def _tabular_kind(path: Path) -> str | None:
    """A report text given to :func:`ingest_file` is read as a table (and refused as one)."""
    return "template" if is_report(path) else None


def ingest_sql(
    url: str,
    mapping_path: Path,
    data_dir: Path,
    *,
    query: str | None = None,
    table: str | None = None,
    user: str | None = None,
) -> RunResult:
    """Ingest tallies or models read from a SQL database through a mapping file."""
    from data_loaders.sources.sql_source import load_sql, read_mapping

    label = Path(f"sql:{table or 'query'}")
    try:
        mapping = read_mapping(mapping_path)
    except ValueError as exc:
        detail = str(exc).removeprefix(f"{mapping_path}: ")
        why = problem(mapping_path, None, None, "mapping_unreadable", detail=detail)
        result = RunResult(label, "refused", loader="sql", problems=[why])
        _record(data_dir, result, None, user)
        return result
    return run_loader(
        data_dir,
        label,
        "sql",
        lambda h, known, locs: load_sql(
            url,
            mapping,
            query=query,
            table=table,
            harmoniser=h,
            known_sources=known,
            localities=locs,
        ),
        user,
    )


def commit_document(
    data_dir: Path, doc: object, candidates: list[dict], user: str | None = None
) -> RunResult:
    """Write reviewed (or accepted) candidates of one report, the document as their source."""
    from data_loaders.ingest.report_ingest import candidates_to_loaded

    return run_loader(
        data_dir,
        Path(doc.file_name),
        "report_text",
        lambda h, known, locs: candidates_to_loaded(doc, candidates, h, known, locs),
        user,
    )


def ingest_report(path: Path, data_dir: Path, user: str | None = None) -> RunResult:
    """``dvk ingest REPORT --accept-all``: extract and commit every candidate of a report."""
    return commit_plan(plan_report(Path(path), data_dir), data_dir, user=user)


def _needs_review(path: Path) -> Plan:
    """A report text met without ``--accept-all``: refused with a pointer to the review page."""
    plan = Plan(path, "report", 0, [], [problem(path, None, None, "report_needs_review")])
    plan.loader, plan.status, plan.problem_count = "report_text", "refused", 1
    return plan


def plan_paths(paths: Iterable[Path], data_dir: Path, *, accept_all: bool = False) -> list[Plan]:
    """``dvk ingest --dry-run``: the plan of every file under ``paths`` (nothing written).

    Each file is planned against the warehouse as it is now: a tally file naming sources that
    a list of the same batch defines shows them as unknown until that list is committed.
    """
    plans = []
    for f in discover(paths, reports=accept_all):
        plans.append(
            _needs_review(f) if is_report(f) and not accept_all else plan_file(f, data_dir)
        )
    return plans


def ingest_paths(
    paths: Iterable[Path],
    data_dir: Path,
    *,
    user: str | None = None,
    progress: bool = True,
    accept_all: bool = False,
) -> list[RunResult]:
    """Ingest every file under ``paths``, one atomic transaction per file (plan → commit).

    Report texts (TXT, HTML, DOCX, PDF) are committed only with ``accept_all``; otherwise
    they are refused with a pointer to the review page.
    """
    files = discover(paths, reports=accept_all)
    results: list[RunResult] = []
    for f in tqdm(files, desc="Ingest", unit="file", disable=not progress or len(files) < 2):
        stopped = next((r for r in results if r.status == "failed"), None)
        if stopped is not None:
            why = problem(f, None, None, "not_read_batch", value=stopped.path.name)
            results.append(RunResult(f, "not read", problems=[why]))
        elif is_report(f) and not accept_all:
            plan = _needs_review(f)
            results.append(_refused(plan))
        elif is_report(f):
            results.append(ingest_report(f, data_dir, user))
        else:
            results.append(ingest_file(f, data_dir, user))
    return results


def source_history(data_dir: Path, source_id: str) -> list[history.RunRecord]:
    """What each ingest run did to ``source_id``, newest first (``data_loaders.ingest.history``)."""
    return history.source_history(data_dir, source_id)


def undo_last_run(data_dir: Path, source_id: str, *, user: str | None = None) -> RunResult:
    """Put back ``source_id``'s rows as they were before its last run (byte for byte).

    The undo is a run of its own in the ledger (loader ``undo``) and the audit log. Undoing
    again undoes the run before, and so on back to the source's first run, whose undo removes
    the source. Refused (nothing written) when no run is left to undo, or when the run to undo
    was ingested before runs kept the rows they replaced.
    """
    label = Path(f"undo:{source_id}")
    result = RunResult(label, "refused", loader="undo", source_ids=[source_id])
    wh = Warehouse(data_dir)
    try:
        with wh.lock():  # the ledger is read and written under the lock: one undo at a time
            _undo_locked(wh, source_id, result, user)
    except OSError as exc:
        result.status = "failed"
        result.problems = [_write_problem(label, data_dir, exc)]
        result.problem_count = 1
        _record(data_dir, result, None, user)
    except Exception as exc:  # noqa: BLE001 - e.g. a damaged snapshot: refuse, say so
        log.exception("undo of %s failed", source_id)
        result.status = "refused"
        result.problems = [read_problem(label, exc)]
        result.problem_count = 1
        _record(data_dir, result, None, user)
    return result


def _undo_locked(wh: Warehouse, source_id: str, result: RunResult, user: str | None) -> None:
    data_dir, label = wh.data_dir, result.path
    stack = history.undo_stack(history.runs_of(data_dir, source_id), source_id)
    if not stack:
        result.problems = [problem(label, None, None, "nothing_to_undo", value=source_id)]
    elif not history.exists(data_dir, stack[-1].snapshot):
        result.problems = [
            problem(label, None, None, "no_snapshot", value=source_id, run=stack[-1].id)
        ]
    if result.problems:
        result.problem_count = 1
        _record(data_dir, result, None, user)
        return
    target = stack[-1]
    try:
        tables = history.restored_tables(wh, target.snapshot, source_id)
    except (OSError, ValueError) as exc:  # pyarrow's errors are ValueErrors or OSErrors
        log.warning("snapshot %s of run %s cannot be read: %s", target.snapshot, target.id, exc)
        result.problems = [problem(label, None, None, "snapshot_unreadable", run=target.id)]
        result.problem_count = 1
        _record(data_dir, result, None, user)
        return
    table = next((t for t in ("tallies", "models") if t in tables), "sources")
    before = _rows_of(wh.arrow(table), source_id)
    after = _rows_of(tables[table], source_id)
    kept = _rows_of(tables["sources"], source_id)
    sources_now = wh.arrow("sources")
    titles = sources_now.filter(_in(sources_now, [source_id]))["title"].to_pylist()
    key = history.new_key(None)
    history.write_snapshot(
        wh, key, list(tables), [source_id], {"path": str(label), "loader": "undo"}
    )
    try:
        wh.write(tables)
    except BaseException:
        history.drop_snapshot(data_dir, key)
        raise
    result.path = Path(target.path)  # the file whose run is undone
    result.status, result.rows_written = "undone", after
    status = "removed" if not after and not kept else "replaced"
    title = next((t for t in titles if t), None)
    result.changes = [SourceChange(source_id, title, status, before, after, table)]
    _record(data_dir, result, target.file_sha256, user, snapshot=key, undoes=target.id)


def warehouse_is_empty(data_dir: Path) -> bool:
    return not Warehouse(data_dir).exists("tallies")
