"""What an export carries: a titled table (and chart) with unit, filters, sources and warnings —
all read from the :class:`dashboard.charts.Chart` the page shows (see ``adapt.chart_view``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from dashboard import fmt
from dashboard.citing import SourceRef, unique
from dashboard.exports.words import made_on, tr

if TYPE_CHECKING:  # plotly is imported by the exports that draw (start-up counts)
    import plotly.graph_objects as go

__all__ = ["ExportView", "SourceRef", "cell_text", "vi_date"]


@dataclass
class ExportView:
    """One chart/table of the dashboard as it is exported.

    ``table`` holds numbers (int/float; a share for percentages) where the page shows
    numbers; ``number_formats`` names each numeric column's kind (``int``, ``dec``, ``pct``,
    ``year``); ``lang`` is the language of the link it was made from (``vi`` or ``en``): the
    words around the figures and the numbers' separators follow it."""

    title: str
    table: pd.DataFrame
    unit: str = ""
    filters: list[tuple[str, str]] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    figure: go.Figure | None = None
    key_numbers: list[str] = field(default_factory=list)
    number_formats: dict[str, str] = field(default_factory=dict)
    synthetic: bool = False
    generated_on: date = field(default_factory=date.today)
    warnings: list[str] = field(default_factory=list)
    lang: str = "vi"

    def word(self, key: str, **values: object) -> str:
        """An export word (``words.py``) in the view's language."""
        return tr(key, self.lang, **values)

    def filter_line(self) -> str:
        shown = "; ".join(f"{k}: {v}" if k else v for k, v in self.filters)
        return shown or self.word("no_filter")

    def unit_line(self) -> str:
        return f"{self.word('unit')}: {self.unit or '—'}"

    def source_line(self, limit: int = 3) -> str:
        names = [s.short() for s in self.sources[:limit]]
        extra = len(self.sources) - limit
        more = " " + self.word("sources_more", n=extra) if extra > 0 else ""
        listed = "; ".join(names) + more if names else self.word("sources_none")
        text = f"{self.word('source')}: {listed}"
        if self.synthetic:
            text += " — " + self.word("synthetic_mark")
        return text

    def warning_line(self) -> str:
        return f"{self.word('warning')}: " + " ".join(self.warnings) if self.warnings else ""

    def made_on(self) -> str:
        return made_on(self.generated_on, self.lang)

    def cell(self, value: object, column: object) -> str:
        """A cell of the table as the page shows it, in the view's language."""
        return cell_text(value, self.number_formats.get(str(column)), self.lang)

    def footer(self) -> str:
        parts = [
            self.unit_line(),
            f"{self.word('filters')}: {self.filter_line()}",
            self.source_line(),
            self.warning_line(),
            self.made_on(),
        ]
        return " · ".join(p for p in parts if p)


def all_sources(views: Sequence[ExportView]) -> list[SourceRef]:
    """Each source of the views once."""
    return unique(s for v in views for s in v.sources)


def all_warnings(views: Sequence[ExportView]) -> list[str]:
    """Each warning of the views once, in order."""
    return list(dict.fromkeys(w for v in views for w in v.warnings))


def scope_of(views: Sequence[ExportView], default: str = "") -> str:
    """The selection the views show, in words (the first view's filters)."""
    return views[0].filter_line() if views else default


def vi_date(value: object) -> str:
    """A date as precise as known, the Vietnamese way (20/12/2022, 12/2022, 2022).

    >>> vi_date("2022-12-20"), vi_date("2023-11"), vi_date("2018"), vi_date(None)
    ('20/12/2022', '11/2023', '2018', '—')
    """
    return fmt.published(value)


def cell_text(value: object, kind: str | None, lang: str = "vi") -> str:
    """A table cell as the page shows it (numbers in the language's format, "—" when missing).

    >>> cell_text(2084, "int"), cell_text(0.125, "pct"), cell_text(2084, "int", "en")
    ('2.084', '12,5%', '2,084')
    """
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return fmt.MISSING
    if kind == "pct":
        return fmt.percent(value, lang)
    if kind == "year":
        return str(int(value))
    if kind in ("int", "dec") or (isinstance(value, int | float) and not isinstance(value, bool)):
        return fmt.auto(value, lang)
    return str(value)
