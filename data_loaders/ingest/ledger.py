"""The ingest ledger and audit log: every run recorded, with its per-source changes."""

from __future__ import annotations

import logging
from pathlib import Path

from data_loaders import appdb
from data_loaders.ingest.model import RunResult
from data_loaders.storage import limits

log = logging.getLogger("dvk.ingest")


def record_run(
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
