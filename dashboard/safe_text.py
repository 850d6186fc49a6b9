"""Text from outside the app (URLs, files, sources, localities) shown as text, never as markup.

Streamlit renders Markdown (links, images, ``:red[…]`` colours, ``:material/…:`` icons,
``$…$`` formulas) in ``st.markdown``, captions, alerts and widget labels; Plotly renders a
subset of HTML (``<a href>``, ``<b>``) in axis and tick labels. Every place that shows such text
passes it through :func:`md` or :func:`label` — the one place the escaping is defined.
"""

from __future__ import annotations

import functools
import html
import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also stops bare-URL autolinks ("http\://…"), emoji/icon codes (":…:") and formulas ("$").
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(value: object) -> str:
    """``value`` as literal text inside Markdown (one line; every markup character escaped).

    >>> md("![b](http://host/b.png)")
    '\\\\!\\\\[b\\\\]\\\\(http\\\\:\\\\/\\\\/host\\\\/b\\\\.png\\\\)'
    >>> md("Xã Tân Minh") == "Xã Tân Minh"
    True
    """
    return _escaped("" if value is None else str(value))


@functools.lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    """:func:`md` of a text, kept: pages escape the same source lines on every rerun."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def label(value: object) -> str:
    """``value`` as literal text in a Plotly label (``<``, ``>``, ``&`` escaped).

    >>> label('<a href="http://host">Xã A</a>')
    '&lt;a href="http://host"&gt;Xã A&lt;/a&gt;'
    """
    return html.escape("" if value is None else str(value), quote=False)
