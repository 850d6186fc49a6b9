"""From what the dashboard shows (a :class:`dashboard.charts.Chart` and its sources) to an
:class:`ExportView`; and the charts a page has shown in this run."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.exports.model import ExportView, SourceRef

PAGE_CHARTS = "_dvk_page_charts"


def source_refs(sources: pd.DataFrame | None) -> list[SourceRef]:
    if sources is None or sources.empty:
        return []

    def text(value: Any) -> str | None:
        return value if isinstance(value, str) and value else None

    return [
        SourceRef(str(r.source_id), text(r.title), text(r.outlet), text(r.url), text(r.published))
        for r in sources.itertuples(index=False)
    ]


def chart_view(chart: Any, sources: pd.DataFrame | None, *, synthetic: bool) -> ExportView:
    """The export of one dashboard chart: its figure, its people-readable table, unit,
    active filters and the structured sources behind it."""
    table = chart.table.copy()
    formats = {c: "pct" for c in table.columns if "%" in str(c) or "tỷ lệ" in str(c).lower()}
    return ExportView(
        title=chart.title,
        table=table,
        unit=chart.unit,
        filters=[("", f) for f in chart.filters],
        sources=source_refs(sources),
        figure=chart.figure,
        key_numbers=list(getattr(chart, "notes", []))[:4],
        number_formats=formats,
        synthetic=synthetic,
    )
