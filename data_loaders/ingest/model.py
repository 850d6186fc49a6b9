"""The ingest's records: a plan (what committing an input would do), a run's result, and
what a file does to each of its sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from data_loaders.reference.localities import Harmoniser
from data_loaders.sources.tally_template import Loaded
from data_loaders.storage.problems import IngestProblem

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


LoadFn = Callable[[Harmoniser, set[str], pd.DataFrame], Loaded]


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
