"""Sources as people read them: one :class:`SourceRef` per source behind a chart, and the
"Title (outlet, date)" lines the page, the chart images and every export print.

A missing title, outlet or date is left out (the source id stands in for a missing title);
nothing ever prints "nan", "None" or "NaT".

>>> s = SourceRef("hp", "Hải Phòng tổng kết", float("nan"), None, "2022-12-20")
>>> s.short(), s.line()
('Hải Phòng tổng kết (20/12/2022)', 'Hải Phòng tổng kết (20/12/2022)')
>>> SourceRef("yb", None, "Báo Yên Bái", "https://x.vn", None).line()
'yb — Báo Yên Bái, https://x.vn'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import fmt
from dashboard.i18n import t


def text(value: Any) -> str | None:
    """A real, non-empty string or ``None`` (NaN, NA, None and "" are missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    value = str(value).strip()
    return value if value and value not in ("nan", "None", "NaT", "<NA>") else None


@dataclass(frozen=True)
class SourceRef:
    """One source: id, title, outlet, address, publication date (``YYYY[-MM[-DD]]``)."""

    source_id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    is_synthetic: bool = False

    def __post_init__(self) -> None:
        for name in ("title", "outlet", "url", "published"):
            object.__setattr__(self, name, text(getattr(self, name)))

    @property
    def name(self) -> str:
        return self.title or self.source_id

    @property
    def date_text(self) -> str | None:
        return fmt.published(self.published) if self.published else None

    def short(self) -> str:
        """ "Title (outlet, date)" — what a caption shows."""
        bits = [b for b in (self.outlet, self.date_text) if b]
        return self.name + (f" ({', '.join(bits)})" if bits else "")

    def line(self) -> str:
        """One full line: title — outlet (date), address."""
        out = " — ".join(b for b in (self.name, self.outlet) if b)
        if self.date_text:
            out += f" ({self.date_text})"
        if self.url:
            out += f", {self.url}"
        return out


def refs(frame: pd.DataFrame | None) -> list[SourceRef]:
    """SourceRefs of a sources table (``source_id, title, outlet, url, published[, …]``)."""
    if frame is None or frame.empty:
        return []
    return [
        SourceRef(
            str(r["source_id"]),
            r.get("title"),
            r.get("outlet"),
            r.get("url"),
            r.get("published"),
            r.get("is_synthetic") is True or str(r.get("is_synthetic")) == "True",
        )
        for r in frame.to_dict("records")
    ]


def unique(sources: Iterable[SourceRef]) -> list[SourceRef]:
    """Each source once, in first-seen order."""
    seen: dict[str, SourceRef] = {}
    for s in sources:
        seen.setdefault(s.source_id, s)
    return list(seen.values())


def short_lines(refs: Sequence[SourceRef], lang: str, limit: int = 3) -> list[str]:
    """The first ``limit`` sources' "Title (outlet, date)" lines, then "and N more"."""
    lines = [s.short() for s in refs[:limit]]
    if len(refs) > limit:
        lines.append(t("more_sources", lang, n=len(refs) - limit))
    return lines
