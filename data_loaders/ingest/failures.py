"""Plain-words problems for inputs that cannot be read and data directories that cannot be
written (no Python internals). The Vietnamese message says what is wrong in the user's words;
the reading library's own text stays in the English variant and the log."""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa

from data_loaders.sources.sql_source import sql_problem
from data_loaders.sources.tabular import FileProblem
from data_loaders.sources.unreadable import limit_problem, not_opened
from data_loaders.storage.limits import LimitExceeded
from data_loaders.storage.messages import Problem, from_error, os_reason, problem
from data_loaders.storage.problems import IngestProblem

log = logging.getLogger("dvk.ingest")
READ_ERRORS = (FileProblem, OSError, ValueError, ImportError, sa.exc.SQLAlchemyError)


def read_problem(label: Path, exc: BaseException) -> IngestProblem:
    """A plain-words problem for an input that could not be read (no Python internals)."""
    if isinstance(exc, FileProblem):
        if exc.problem is not None:
            return from_error(label, exc.row, exc.column, exc.problem)
        return problem(label, exc.row, exc.column, "cannot_read", detail=str(exc))
    if isinstance(exc, Problem):
        return from_error(label, None, None, exc)
    if isinstance(exc, sa.exc.SQLAlchemyError):
        why = sql_problem(exc)
        log.warning("%s: the SQL source refused the query: %s", label, why.params["detail"])
        return from_error(label, None, None, why)
    if isinstance(exc, OSError):
        reason = os_reason(exc)
        return problem(label, None, None, "cannot_read_file", detail=reason[0], reason=reason)
    if isinstance(exc, LimitExceeded):
        if exc.code == "damaged" and _is_file(label):
            return from_error(label, None, None, not_opened(Path(label), exc))
        return from_error(label, None, None, limit_problem(exc))
    text = str(exc)
    for prefix in (f"{label}: ", f"{Path(label).name}: "):
        text = text.removeprefix(prefix)
    if isinstance(exc, ValueError):
        log.warning("cannot read %s: %s", label, text)
        if _is_file(label):  # what the file really is says more than the reader's words
            why = not_opened(Path(label), exc)
            if why.code != "not_kind":
                return from_error(label, None, None, why)
        return problem(label, None, None, "cannot_read", detail=text)
    return problem(label, None, None, "defect", detail=f"{type(exc).__name__}: {text}")


def _is_file(label: Path) -> bool:
    try:
        return Path(label).is_file()
    except OSError:
        return False


def write_problem(label: Path, data_dir: Path, exc: OSError) -> IngestProblem:
    reason = os_reason(exc)
    return problem(
        label, None, None, "not_writable", data_dir=data_dir, detail=reason[0], reason=reason
    )
