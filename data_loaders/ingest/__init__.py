"""Ingest orchestration: each file is planned (read, normalised, validated, compared with the
warehouse; nothing written), then committed (written atomically).

A file with any invalid row is refused whole; the warehouse is left as it was.
Re-ingesting the same content changes nothing; a corrected version of a source
replaces that source's rows. Every run is recorded in the ingest ledger and the audit log, with
a snapshot of the rows it replaced so that the last run of a source can be undone exactly
(``data_loaders.ingest.history``). ``dvk ingest``, ``dvk ingest --dry-run`` and the page
"Nhập dữ liệu" all go through :func:`plan_file` → :func:`commit_plan`.

The modules, one step each: ``model`` (Plan, RunResult, SourceChange, SourceMeta), ``files``
(which files, what kind), ``plan``, ``changes`` (per-source added/replaced/unchanged),
``meta`` (a source's details), ``store`` (the warehouse write), ``commit``, ``ledger``,
``failures`` (problems of unreadable inputs), ``undo`` and ``history`` (snapshots).
"""

from __future__ import annotations

from data_loaders.ingest.changes import data_table, source_changes
from data_loaders.ingest.commit import (
    commit_document,
    commit_plan,
    ingest_file,
    ingest_paths,
    ingest_report,
    ingest_sql,
    run_loader,
)
from data_loaders.ingest.failures import READ_ERRORS, read_problem
from data_loaders.ingest.files import classify, detect_kind, discover, load_any
from data_loaders.ingest.model import (
    COMPARE_SOURCE_COLUMNS,
    LoadFn,
    Plan,
    RunResult,
    SourceChange,
    SourceMeta,
)
from data_loaders.ingest.plan import (
    changes_with,
    plan_candidates,
    plan_file,
    plan_input,
    plan_paths,
    plan_report,
)
from data_loaders.ingest.store import apply, ensure_localities, warehouse_is_empty
from data_loaders.ingest.undo import source_history, undo_last_run

__all__ = [
    "COMPARE_SOURCE_COLUMNS",
    "READ_ERRORS",
    "LoadFn",
    "Plan",
    "RunResult",
    "SourceChange",
    "SourceMeta",
    "apply",
    "changes_with",
    "classify",
    "commit_document",
    "commit_plan",
    "data_table",
    "detect_kind",
    "discover",
    "ensure_localities",
    "ingest_file",
    "ingest_paths",
    "ingest_report",
    "ingest_sql",
    "load_any",
    "plan_candidates",
    "plan_file",
    "plan_input",
    "plan_paths",
    "plan_report",
    "read_problem",
    "run_loader",
    "source_changes",
    "source_history",
    "undo_last_run",
    "warehouse_is_empty",
]
