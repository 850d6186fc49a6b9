"""The colour legend of the maps (province choropleth and commune points).

Its title stands above the bar, wrapped into short lines: written along the bar
(``side="right"``) a unit such as "mô hình / 10.000 dân" was longer than the bar in
narrow views and was cut.

>>> wrap("mô hình / 10.000 dân")
'mô hình /<br>10.000 dân'
>>> wrap("lượt khen thưởng / đơn vị trực thuộc")
'lượt khen<br>thưởng / đơn<br>vị trực<br>thuộc'
>>> wrap("%"), wrap("")
('%', '')
"""

from __future__ import annotations

import html
import textwrap

LINE = 12
"""Characters per line of the title: about the width of the bar and its tick labels."""


def wrap(unit: str, width: int = LINE) -> str:
    """``unit`` in lines of at most ``width`` characters (words are not split), HTML-escaped,
    joined by ``<br>`` for Plotly."""
    lines = textwrap.wrap(unit, width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(html.escape(line, quote=False) for line in lines) or html.escape(unit)


def colorbar(unit: str, percent: bool, **place: object) -> dict:
    """A colour bar titled ``unit`` above it, ticks in the axis' format (``charts`` sets
    Vietnamese separators on the figure), ``place``: position keys (``x``, ``xanchor``)."""
    return {
        "title": {"text": wrap(unit), "side": "top", "font": {"size": 12}},
        "tickformat": ".0%" if percent else ",~r",
        "thickness": 14,
        "len": 0.6,
        "outlinewidth": 0,
        **place,
    }
