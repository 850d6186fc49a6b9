"""From what the dashboard shows (a :class:`dashboard.charts.Chart`) to an :class:`ExportView`:
every field is read from the chart itself — title, numbers, unit, filters, sources, warnings —
so an export describes exactly the view it was made from, in the language of its link
(``ctx.lang``: the chart's own texts are already in it, the export's words follow)."""

from __future__ import annotations

from typing import Any

from dashboard.exports.model import ExportView

PAGE_CHARTS = "_dvk_page_charts"


def chart_view(chart: Any, *, synthetic: bool, lang: str = "vi") -> ExportView:
    """The export of one dashboard chart, its words in ``lang``."""
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
        lang=lang,
    )
