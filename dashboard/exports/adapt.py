"""From what the dashboard shows (a :class:`dashboard.charts.Chart`) to an :class:`ExportView`:
every field is read from the chart itself — title, numbers, unit, filters, sources, warnings —
so an export describes exactly the view it was made from."""

from __future__ import annotations

from typing import Any

from dashboard.exports.model import ExportView

PAGE_CHARTS = "_dvk_page_charts"


def chart_view(chart: Any, *, synthetic: bool) -> ExportView:
    """The export of one dashboard chart."""
    values = chart.values if chart.values is not None else chart.table
    return ExportView(
        title=chart.title,
        table=values.copy(),
        unit=chart.unit,
        filters=[("", f) for f in chart.filters],
        sources=list(chart.sources),
        figure=chart.figure,
        key_numbers=list(chart.notes),
        number_formats=dict(chart.formats),
        synthetic=synthetic,
        warnings=list(chart.warnings),
    )
