"""Ingest orchestration: each file is normalised, validated and written atomically.

A file with any invalid row is refused whole; the warehouse is left as it was.
Re-ingesting the same content changes nothing; a corrected version of a source
replaces that source's rows. Every run is recorded in the ingest ledger.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from tqdm import tqdm

from data_loaders import appdb
from data_loaders.ingest.report_ingest import REPORT_SUFFIXES
from data_loaders.reference.localities import Harmoniser, build_localities, default_harmoniser
from data_loaders.sources.model_list import is_model_list, load_models, model_header_to_id
from data_loaders.sources.tabular import TABULAR_SUFFIXES, FileProblem, read_header
from data_loaders.sources.tally_template import Loaded, load_file
from data_loaders.sources.template import header_to_id
from data_loaders.storage import limits, schema
from data_loaders.storage.limits import LimitExceeded
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


@dataclass
class RunResult:
    path: Path
    status: str  # ok, replaced, unchanged, refused, failed
    rows_in: int = 0
    rows_written: int = 0
    source_ids: list[str] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    loader: str = "template"
    problem_count: int = 0  # every problem found; ``problems`` keeps the first ones

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


def _record(data_dir: Path, result: RunResult, sha: str | None, user: str | None) -> None:
    try:
        with appdb.session(data_dir) as s:
            s.add(
                appdb.IngestRun(
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
                )
            )
            s.commit()
    except Exception:  # noqa: BLE001 - the ledger must never undo a good ingest
        log.exception("could not record the ingest run in the ledger")


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
        return IngestProblem(str(label), exc.row, exc.column, f"cannot read: {exc}")
    if isinstance(exc, sa.exc.SQLAlchemyError):
        detail = str(getattr(exc, "orig", None) or exc).split("\n")[0]
        return IngestProblem(str(label), None, None, f"the SQL source refused the query: {detail}")
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return IngestProblem(str(label), None, None, f"cannot read the file: {reason}")
    text = str(exc)
    for prefix in (f"{label}: ", f"{Path(label).name}: "):
        text = text.removeprefix(prefix)
    if isinstance(exc, ValueError | LimitExceeded):
        return IngestProblem(str(label), None, None, f"cannot read: {text}")
    return IngestProblem(
        str(label), None, None, f"cannot read ({type(exc).__name__}: {text}); please report this"
    )


def _write_problem(label: Path, data_dir: Path, exc: OSError) -> IngestProblem:
    reason = exc.strerror or str(exc)
    return IngestProblem(
        str(label),
        None,
        None,
        f"the data directory {data_dir} cannot be written ({reason}); nothing was stored "
        "and the warehouse is as it was",
    )


def _count(loaded: Loaded) -> int:
    return max(getattr(loaded, "problem_count", 0), len(loaded.problems))


def run_loader(
    data_dir: Path, label: Path, loader: str, load: LoadFn, user: str | None = None
) -> RunResult:
    """Load under the warehouse lock, write if valid, record the run; never raises on bad input.

    ``load(harmoniser, known_source_ids, localities)`` normalises one input into a ``Loaded``.
    A data directory that cannot be written gives a refused run (the warehouse unchanged).
    """
    wh = Warehouse(data_dir)
    sha = None
    try:
        with wh.lock():
            localities = ensure_localities(wh)
            known = set(wh.read("sources", ["source_id"])["source_id"])
            try:
                loaded = load(default_harmoniser(), known, localities)
            except (*READ_ERRORS, LimitExceeded, RecursionError, MemoryError) as exc:
                result = RunResult(label, "refused", loader=loader)
                result.problems = [read_problem(label, exc)]
                result.problem_count = 1
            else:
                sha = loaded.sha256
                result = _judged(label, loader, loaded)
                if not loaded.problems:
                    result.status, result.rows_written = apply(wh, loaded)
    except OSError as exc:
        log.warning("cannot write to %s: %s", data_dir, exc)
        result = RunResult(label, "failed", loader=loader)
        result.problems = [_write_problem(label, data_dir, exc)]
        result.problem_count = 1
    except Exception as exc:  # noqa: BLE001 - a defect must not abort a batch with a traceback
        log.exception("ingest of %s failed", label)
        result = RunResult(label, "refused", loader=loader)
        result.problems = [read_problem(label, exc)]
        result.problem_count = 1
    _record(data_dir, result, sha, user)
    return result


def _judged(label: Path, loader: str, loaded: Loaded) -> RunResult:
    """The run of a loaded input before writing: refused while it has problems."""
    kind_loader = "model_list" if loaded.kind == "models" and loader == "template" else loader
    return RunResult(
        label,
        "refused",
        loaded.rows_in,
        source_ids=loaded.source_ids,
        problems=loaded.problems[: limits.MAX_PROBLEMS_KEPT],
        loader=kind_loader,
        problem_count=_count(loaded),
    )


def ingest_file(path: Path, data_dir: Path, user: str | None = None) -> RunResult:
    """Ingest one template, source list or model list; never raises for bad input."""
    path = Path(path)
    return run_loader(
        data_dir, path, "template", lambda h, known, locs: load_any(path, h, known, locs), user
    )


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
        problem = IngestProblem(
            str(mapping_path), None, None, str(exc).removeprefix(f"{mapping_path}: ")
        )
        result = RunResult(label, "refused", loader="sql", problems=[problem])
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
    from data_loaders.report_text import extract_file

    try:
        doc, candidates = extract_file(Path(path))
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        result = RunResult(
            Path(path), "refused", loader="report_text", problems=[read_problem(Path(path), exc)]
        )
        _record(data_dir, result, None, user)
        return result
    return commit_document(data_dir, doc, [c.to_dict() for c in candidates], user)


def ingest_paths(
    paths: Iterable[Path],
    data_dir: Path,
    *,
    user: str | None = None,
    progress: bool = True,
    accept_all: bool = False,
) -> list[RunResult]:
    """Ingest every file under ``paths``, one atomic transaction per file.

    Report texts (TXT, HTML, DOCX, PDF) are committed only with ``accept_all``; otherwise
    they are refused with a pointer to the review page.
    """
    from data_loaders.ingest.report_ingest import is_report

    files = discover(paths, reports=accept_all)
    results: list[RunResult] = []
    for f in tqdm(files, desc="Ingest", unit="file", disable=not progress or len(files) < 2):
        stopped = next((r for r in results if r.status == "failed"), None)
        if stopped is not None:
            problem = IngestProblem(
                str(f), None, None, f"not read: the batch stopped at {stopped.path.name}"
            )
            results.append(RunResult(f, "not read", problems=[problem]))
        elif is_report(f):
            if accept_all:
                results.append(ingest_report(f, data_dir, user))
            else:
                problem = IngestProblem(
                    str(f),
                    None,
                    None,
                    "a report text: review its figures "
                    "on the page 'Nhập báo cáo', or use --accept-all",
                )
                results.append(RunResult(f, "refused", loader="report_text", problems=[problem]))
        else:
            results.append(ingest_file(f, data_dir, user))
    return results


def warehouse_is_empty(data_dir: Path) -> bool:
    return not Warehouse(data_dir).exists("tallies")
