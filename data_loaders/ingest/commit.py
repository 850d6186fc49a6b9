"""Commit: write what a plan planned, once, atomically, recorded in the ledger (with the rows it
replaced kept for undo) and the audit log; and the batch ingest of files and SQL sources."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from tqdm import tqdm

from data_loaders.ingest import history
from data_loaders.ingest.changes import data_table, source_changes
from data_loaders.ingest.failures import read_problem, write_problem
from data_loaders.ingest.files import discover, tabular_kind
from data_loaders.ingest.ledger import record_run
from data_loaders.ingest.meta import MetaProblem, with_meta
from data_loaders.ingest.model import (
    LoadFn,
    Plan,
    RunResult,
    SourceMeta,
)
from data_loaders.ingest.plan import fill, needs_review, plan_file, plan_input, plan_report
from data_loaders.ingest.report_ingest import is_report
from data_loaders.ingest.store import apply, ensure_localities, stamp
from data_loaders.storage import limits
from data_loaders.storage.messages import problem
from data_loaders.storage.warehouse import Warehouse

log = logging.getLogger("dvk.ingest")


def refused_result(plan: Plan, status: str = "refused") -> RunResult:
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
        result = refused_result(plan, plan.status if plan.status != "planned" else "refused")
        record_run(data_dir, result, plan.sha256, user)
        return result
    wh = Warehouse(data_dir)
    key = None
    loaded = plan.loaded
    try:
        with wh.lock():
            basis = plan
            if stamp(wh) != plan.stamp and plan.load is not None:
                basis = replace(plan, problems=[], changes=[], loaded=None, status="planned")
                fill(basis, wh, plan.kind)
                if basis.blocking:
                    result = refused_result(basis, basis.status)
                    record_run(data_dir, result, basis.sha256, user)
                    return result
                loaded = basis.loaded
            ensure_localities(wh)
            try:
                loaded = with_meta(loaded, meta or basis.meta, basis.stated)
            except MetaProblem as exc:
                result = refused_result(plan)
                result.problems = [
                    problem(plan.path, None, None, "meta_needs_one_source", count=exc.count)
                ]
                result.problem_count = 1
                record_run(data_dir, result, plan.sha256, user)
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
            record_run(data_dir, result, loaded.sha256, user, snapshot=key)
            if key:
                _prune(data_dir)
            return result
    except OSError as exc:
        log.warning("cannot write to %s: %s", data_dir, exc)
        if key:
            history.drop_snapshot(data_dir, key)
        result = RunResult(plan.path, "failed", loader=plan.loader)
        result.problems = [write_problem(plan.path, data_dir, exc)]
        result.problem_count = 1
        record_run(data_dir, result, plan.sha256, user)
        return result
    except Exception as exc:  # noqa: BLE001 - a defect must not abort a batch with a traceback
        log.exception("ingest of %s failed", plan.path)
        if key:
            history.drop_snapshot(data_dir, key)
        result = RunResult(plan.path, "refused", loader=plan.loader)
        result.problems = [read_problem(plan.path, exc)]
        result.problem_count = 1
        record_run(data_dir, result, plan.sha256, user)
        return result


def _prune(data_dir: Path) -> None:
    """Drop the snapshots no undo can use (under the lock); a failure costs only disk space."""
    try:
        history.prune(data_dir)
    except Exception:  # noqa: BLE001 - the run is written and recorded: never undo it for this
        log.exception("could not prune %s", history.root(data_dir))


def run_loader(
    data_dir: Path, label: Path, loader: str, load: LoadFn, user: str | None = None
) -> RunResult:
    """Plan then commit one input; never raises on bad input (see :func:`plan_input`)."""
    return commit_plan(plan_input(data_dir, label, loader, load), data_dir, user=user)


def ingest_file(path: Path, data_dir: Path, user: str | None = None) -> RunResult:
    """Ingest one template, source list or model list; never raises for bad input."""
    return commit_plan(plan_file(path, data_dir, kind=tabular_kind(path)), data_dir, user=user)


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
        why = read_problem(mapping_path, exc)
        result = RunResult(label, "refused", loader="sql", problems=[why])
        record_run(data_dir, result, None, user)
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
            plan = needs_review(f)
            results.append(refused_result(plan))
        elif is_report(f):
            results.append(ingest_report(f, data_dir, user))
        else:
            results.append(ingest_file(f, data_dir, user))
    return results
