"""Snapshots of the rows an ingest run replaced, so that the run can be undone exactly.

Before a run writes the warehouse, the rows it is about to replace — those of the sources it
touches, in each table it writes — are copied as they are stored (Arrow, same schema) to
``<data-dir>/history/<snapshot>/<table>.parquet`` and fsynced, with a ``manifest.json`` naming the
tables and sources. Only then is the warehouse written (one journalled transaction); a snapshot
whose run wrote nothing is removed. Undo of a source puts back the snapshot's rows of that source
in every table the run wrote, in one warehouse transaction, so the source's rows are again the
very values they were (byte for byte once read).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import select

from data_loaders import appdb
from data_loaders.storage import schema
from data_loaders.storage.warehouse import Warehouse

HISTORY = "history"
MANIFEST = "manifest.json"
# Runs of one source that can be undone one after the other (newest first); the rows replaced by
# older runs, by undone runs and by undos themselves are not kept (see :func:`prune`).
UNDO_DEPTH = 5


def root(data_dir: Path) -> Path:
    return Path(data_dir) / HISTORY


def new_key(sha256: str | None) -> str:
    """A unique, time-ordered snapshot name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{(sha256 or 'none')[:8]}-{secrets.token_hex(3)}"


def _in(table: pa.Table, source_ids: list[str]) -> pa.Array:
    return pc.is_in(table["source_id"], value_set=pa.array(source_ids, pa.string()))


def _of_sources(table: pa.Table, source_ids: list[str]) -> pa.Table:
    return table.filter(_in(table, source_ids))


def write_snapshot(
    wh: Warehouse, key: str, tables: list[str], source_ids: list[str], meta: dict
) -> Path:
    """Copy the stored rows of ``source_ids`` in ``tables`` (call under the warehouse lock)."""
    folder = root(wh.data_dir) / key
    folder.mkdir(parents=True, exist_ok=False)
    for table in tables:
        rows = _of_sources(wh.arrow(table), source_ids)
        path = folder / f"{table}.parquet"
        pq.write_table(rows, path, compression="zstd")
        _fsync(path)
    manifest = {"tables": tables, "source_ids": source_ids, **meta}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    _fsync(folder / MANIFEST)
    return folder


def drop_snapshot(data_dir: Path, key: str) -> None:
    shutil.rmtree(root(data_dir) / key, ignore_errors=True)


def exists(data_dir: Path, key: str | None) -> bool:
    return bool(key) and (root(data_dir) / str(key) / MANIFEST).exists()


def restored_tables(wh: Warehouse, key: str, source_id: str) -> dict[str, pa.Table]:
    """Each table the snapshot's run wrote, with ``source_id``'s rows as the snapshot holds
    them (call under the warehouse lock; nothing is written)."""
    folder = root(wh.data_dir) / key
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    out: dict[str, pa.Table] = {}
    for table in manifest["tables"]:
        saved = pq.read_table(folder / f"{table}.parquet", schema=schema.schema(table))
        current = wh.arrow(table)
        keep = current.filter(pc.invert(_in(current, [source_id])))
        back = saved.filter(_in(saved, [source_id]))
        out[table] = pa.concat_tables([keep, back.cast(keep.schema)])
    return out


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


@dataclass(frozen=True)
class RunRecord:
    """One ingest run as it touched one source (newest first in :func:`source_history`)."""

    run_id: int
    at: datetime | None  # UTC, aware
    user: str | None
    loader: str
    file_name: str
    file_sha256: str | None
    status: str  # added, replaced, unchanged, refused, failed, undone
    rows_before: int | None
    rows_after: int | None  # rows of ``table`` ("tallies", "models" or "sources")
    undone: bool = False  # a later undo put back the rows it replaced
    can_undo: bool = False  # the run an undo of this source would undo now
    undoes: int | None = None  # for an undo: the run it undid
    table: str | None = None


CHANGING = ("ok", "replaced")


def runs_with_sources(data_dir: Path) -> list[appdb.IngestRun]:
    """Every run that touched sources, oldest first."""
    with appdb.session(data_dir) as s:
        return list(
            s.scalars(
                select(appdb.IngestRun)
                .where(appdb.IngestRun.source_ids.isnot(None))
                .order_by(appdb.IngestRun.id)
            ).all()
        )


def runs_of(data_dir: Path, source_id: str) -> list[appdb.IngestRun]:
    return [r for r in runs_with_sources(data_dir) if source_id in (r.source_ids or [])]


def _change(run: appdb.IngestRun, source_id: str) -> dict | None:
    return next((c for c in run.changes or [] if c.get("source_id") == source_id), None)


def undo_stack(runs: list[appdb.IngestRun], source_id: str) -> list[appdb.IngestRun]:
    """The runs that changed ``source_id`` and are not undone, oldest first: each undo undoes
    the newest of them, so undoing again goes one run further back."""
    stack: list[appdb.IngestRun] = []
    for run in runs:
        if run.loader == "undo" and run.undoes is not None:
            stack = [r for r in stack if r.id != run.undoes]
            continue
        change = _change(run, source_id)
        if run.status in CHANGING and (change is None or change.get("status") != "unchanged"):
            stack.append(run)
    return stack


def _utc(value: datetime | None) -> datetime | None:
    """A ledger time as an aware UTC datetime (SQLite gives it back naive)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def source_history(data_dir: Path, source_id: str) -> list[RunRecord]:
    """What each run did to ``source_id`` (time, user, loader, file, rows before/after), newest
    first; ``can_undo`` marks the run that :func:`data_loaders.ingest.undo_last_run` would undo."""
    runs = runs_of(data_dir, source_id)
    stack = undo_stack(runs, source_id)
    undone = {r.undoes for r in runs if r.loader == "undo" and r.undoes is not None}
    out = []
    for run in runs:
        change = _change(run, source_id) or {}
        status = change.get("status") or ("added" if run.status == "ok" else run.status)
        if run.loader == "undo" and run.status == "undone":
            status = "undone"
        out.append(
            RunRecord(
                run_id=run.id,
                at=_utc(run.finished_at or run.started_at),
                user=run.user_name,
                loader=run.loader,
                file_name=Path(run.path).name,
                file_sha256=run.file_sha256,
                status=status,
                rows_before=change.get("rows_before"),
                rows_after=change.get("rows_after"),
                undone=run.id in undone,
                can_undo=bool(stack) and run.id == stack[-1].id and exists(data_dir, run.snapshot),
                undoes=run.undoes,
                table=change.get("table"),
            )
        )
    return out[::-1]


def prune(data_dir: Path, depth: int | None = None) -> list[str]:
    """Remove the snapshots no undo can use any more; returns their names.

    Kept: for each source, the snapshots of the last ``depth`` (default :data:`UNDO_DEPTH`)
    runs an undo of it would undo, one after the other. Gone: those of older runs, of runs
    already undone, of undos, and folders no run names (a run that failed). Call under the
    warehouse lock, after the run is recorded: a run being written has a folder but no row yet.
    """
    depth = UNDO_DEPTH if depth is None else depth
    folder = root(data_dir)
    if not folder.exists():
        return []
    runs = runs_with_sources(data_dir)
    by_source: dict[str, list[appdb.IngestRun]] = {}
    for run in runs:
        for source_id in run.source_ids or []:
            by_source.setdefault(source_id, []).append(run)
    keep = {
        run.snapshot
        for source_id, its_runs in by_source.items()
        for run in undo_stack(its_runs, source_id)[-depth:]
        if depth > 0
        if run.snapshot
    }
    removed = []
    for path in folder.iterdir():
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return sorted(removed)
