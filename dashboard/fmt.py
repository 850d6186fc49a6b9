"""Number, percent, period and date formatting for pages and exports: :mod:`metrics.formatting`
(one implementation, shared with the speech kit) and plotly's separators.

>>> number(2084)
'2.084'
>>> number(2084.5, decimals=1)
'2.084,5'
>>> percent(0.125)
'12,5%'
>>> number(2084, lang="en")
'2,084'
>>> period(2016, 2020), period(2022, 2022)
('2016–2020', '2022')
>>> published("2022-12-20"), published("2021-03"), published("2018"), published(None)
('20/12/2022', '03/2021', '2018', '—')
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
