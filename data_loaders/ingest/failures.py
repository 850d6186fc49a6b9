"""Plain-words problems for inputs that cannot be read and data directories that cannot be
written (no Python internals)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from data_loaders.sources.tabular import FileProblem
from data_loaders.storage.limits import LimitExceeded
from data_loaders.storage.messages import problem
from data_loaders.storage.problems import IngestProblem

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


def write_problem(label: Path, data_dir: Path, exc: OSError) -> IngestProblem:
    return problem(
        label, None, None, "not_writable", data_dir=data_dir, detail=exc.strerror or str(exc)
    )
