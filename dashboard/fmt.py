"""Number, percent, period and date formatting for pages and exports: :mod:`metrics.formatting`
(one implementation, shared with the speech kit; its doctests show the formats) and plotly's
separators.
"""

from __future__ import annotations

from metrics.formatting import (  # the one implementation (metrics may not import dashboard)
    LOCALES,
    MISSING,
    auto,
    count,
    number,
    percent,
    period,
    published,
    signed,
)

__all__ = [
    "LOCALES",
    "MISSING",
    "auto",
    "count",
    "number",
    "percent",
    "period",
    "plotly_separators",
    "published",
    "signed",
]


def plotly_separators(lang: str = "vi") -> str:
    """Plotly ``layout.separators``: decimal mark then thousands separator."""
    return ",." if lang == "vi" else ".,"
