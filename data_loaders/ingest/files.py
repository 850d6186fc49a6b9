"""Which files an ingest takes, and what kind of list each one holds."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from data_loaders.ingest.report_ingest import REPORT_SUFFIXES, is_report
from data_loaders.sources.model_list import is_model_list, load_models, model_header_to_id
from data_loaders.sources.tabular import TABULAR_SUFFIXES, FileProblem, read_header
from data_loaders.sources.tally_template import Loaded, load_file
from data_loaders.sources.template import header_to_id
from data_loaders.storage.messages import Problem


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


def _any_header(header: object) -> str | None:
    return (
        model_header_to_id(header)
        if model_header_to_id(header) == "model_name"
        else (header_to_id(header))
    )


def load_any(path: Path, harmoniser, known: set[str], localities: pd.DataFrame) -> Loaded:
    """Pick the loader for ``path`` from its type and header."""
    if path.suffix.lower() not in TABULAR_SUFFIXES:
        raise FileProblem(Problem("unsupported", value=path.suffix.lower()))
    if classify(path) == "models":
        return load_models(path, harmoniser, known, localities)
    return load_file(path, harmoniser, known, localities)


def detect_kind(path: Path) -> str:
    """ "template", "sources", "model_list" or "report", from the file's type and header."""
    if is_report(path):
        return "report"
    return {"models": "model_list", "sources": "sources"}.get(classify(Path(path)), "template")


def tabular_kind(path: Path) -> str | None:
    """A report text given to :func:`ingest_file` is read as a table (and refused as one)."""
    return "template" if is_report(path) else None
