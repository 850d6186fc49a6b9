"""What an export carries: a titled table (and chart) with unit, filters, sources and warnings —
all read from the :class:`dashboard.charts.Chart` the page shows (see ``adapt.chart_view``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.citing import SourceRef, unique

__all__ = ["ExportView", "SourceRef", "cell_text", "vi_date"]


@dataclass
class ExportView:
    """One chart/table of the dashboard as it is exported.

    ``table`` holds numbers (int/float; a share for percentages) where the page shows
    numbers; ``number_formats`` names each numeric column's kind (``int``, ``dec``, ``pct``,
    ``year``)."""

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

    def filter_line(self) -> str:
        return "; ".join(f"{k}: {v}" if k else v for k, v in self.filters) or "Không lọc"

    def source_line(self, limit: int = 3) -> str:
        names = [s.short() for s in self.sources[:limit]]
        more = f" và {len(self.sources) - limit} nguồn khác" if len(self.sources) > limit else ""
        text = "Nguồn: " + ("; ".join(names) + more if names else "không có")
        if self.synthetic:
            text += " — DỮ LIỆU MÔ PHỎNG (synthetic)"
        return text

    def warning_line(self) -> str:
        return ("Lưu ý: " + " ".join(self.warnings)) if self.warnings else ""

    def footer(self) -> str:
        parts = [
            f"Đơn vị: {self.unit or '—'}",
            f"Bộ lọc: {self.filter_line()}",
            self.source_line(),
            self.warning_line(),
            f"Lập ngày {vi_date(self.generated_on)}",
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


def cell_text(value: object, kind: str | None) -> str:
    """A table cell as the page shows it (numbers in Vietnamese format, "—" when missing)."""
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return fmt.MISSING
    if kind == "pct":
        return fmt.percent(value)
    if kind == "year":
        return str(int(value))
    if kind in ("int", "dec") or (isinstance(value, int | float) and not isinstance(value, bool)):
        return fmt.auto(value)
    return str(value)
