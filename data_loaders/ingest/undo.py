"""A source's ingest history, and undo of its last run (its previous rows put back byte for
byte)."""

from __future__ import annotations

import logging
from pathlib import Path

from data_loaders.ingest import history
from data_loaders.ingest.changes import of_sources, rows_of
from data_loaders.ingest.failures import read_problem, write_problem
from data_loaders.ingest.ledger import record_run
from data_loaders.ingest.model import (
    RunResult,
    SourceChange,
)
from data_loaders.storage.messages import problem
from data_loaders.storage.warehouse import Warehouse

log = logging.getLogger("dvk.ingest")


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
        result.problems = [write_problem(label, data_dir, exc)]
        result.problem_count = 1
        record_run(data_dir, result, None, user)
    except Exception as exc:  # noqa: BLE001 - e.g. a damaged snapshot: refuse, say so
        log.exception("undo of %s failed", source_id)
        result.status = "refused"
        result.problems = [read_problem(label, exc)]
        result.problem_count = 1
        record_run(data_dir, result, None, user)
    return result


def _undo_locked(wh: Warehouse, source_id: str, result: RunResult, user: str | None) -> None:
    data_dir, label = wh.data_dir, result.path
    stack = history.undo_stack(history.runs_of(data_dir, source_id), source_id)
    if not stack:
        result.problems = [problem(label, None, None, "nothing_to_undo", value=source_id)]
    elif stack[-1].snapshot and not history.exists(data_dir, stack[-1].snapshot):
        depth = history.UNDO_DEPTH
        why = problem(
            label, None, None, "snapshot_pruned", value=source_id, run=stack[-1].id, depth=depth
        )
        result.problems = [why]
    elif not history.exists(data_dir, stack[-1].snapshot):
        result.problems = [
            problem(label, None, None, "no_snapshot", value=source_id, run=stack[-1].id)
        ]
    if result.problems:
        result.problem_count = 1
        record_run(data_dir, result, None, user)
        return
    target = stack[-1]
    try:
        tables = history.restored_tables(wh, target.snapshot, source_id)
    except (OSError, ValueError) as exc:  # pyarrow's errors are ValueErrors or OSErrors
        log.warning("snapshot %s of run %s cannot be read: %s", target.snapshot, target.id, exc)
        result.problems = [problem(label, None, None, "snapshot_unreadable", run=target.id)]
        result.problem_count = 1
        record_run(data_dir, result, None, user)
        return
    table = next((t for t in ("tallies", "models") if t in tables), "sources")
    before = rows_of(wh.arrow(table), source_id)
    after = rows_of(tables[table], source_id)
    kept = rows_of(tables["sources"], source_id)
    sources_now = wh.arrow("sources")
    titles = sources_now.filter(of_sources(sources_now, [source_id]))["title"].to_pylist()
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
    record_run(data_dir, result, target.file_sha256, user, snapshot=key, undoes=target.id)
    try:
        history.prune(data_dir)  # the undone run's rows and the undo's own: no undo uses them
    except Exception:  # noqa: BLE001 - the undo is written and recorded; costs disk space only
        log.exception("could not prune %s", history.root(data_dir))
