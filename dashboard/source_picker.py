"""A source picker that stays small on a national warehouse: a search box and at most
:data:`LIMIT` sources (the import page's history, the quality page's "Xem số liệu của nguồn").

Thousands of sources as the options of one select box are sent to the browser on every rerun;
here a search (any words of the title or id, accents and case ignored) finds any source and the
list holds the chosen one first, then the matching sources in the given order.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

LIMIT = 30  # sources a picker lists at once (a search finds the others)


@functools.lru_cache(maxsize=20_000)
def _folded(text: str) -> str:
    """Accents and case dropped (kept between reruns: a search runs over every source)."""
    from data_loaders.reference.text import fold_key

    return fold_key(text)


def choices(
    sources: Mapping[str, str],
    query: str = "",
    first: Sequence[str] = (),
    limit: int = LIMIT,
) -> tuple[list[str], int]:
    """The source ids a picker offers, and how many sources match ``query``.

    ``first`` (e.g. the chosen source, or the sources of the file just uploaded) lead when they
    are known; then the sources whose id or title holds every word of ``query`` (accents and
    case ignored), in the order of ``sources``; at most ``limit`` in all.

    >>> known = {"a": "Quận Đống Đa", "b": "Hải Phòng 2022", "c": "Đống Đa 2023"}
    >>> choices(known, "dong da"), choices(known, "", first=["c"], limit=2)
    ((['a', 'c'], 2), (['c', 'a'], 3))
    """
    words = _folded(query).split()
    matching = (
        [sid for sid, t in sources.items() if all(w in _folded(f"{sid} {t}") for w in words)]
        if words
        else list(sources)
    )
    lead = [sid for sid in dict.fromkeys(first) if sid in sources]
    return list(dict.fromkeys([*lead, *matching]))[: max(limit, len(lead))], len(matching)


def pick(
    lang: str,
    sources: Mapping[str, str],
    chosen: str | None,
    draw: Callable[[list[str | None]], Any],
    key: str,
) -> Any:
    """The search box, then ``draw(options)`` (the caller's select box: ``None`` first, then
    the chosen source and at most :data:`LIMIT` matching ones), then how many are listed.
    Returns what ``draw`` returns."""
    import streamlit as st

    from dashboard import fmt, safe_text
    from dashboard.i18n import t

    query = st.text_input(
        t("source_search", lang),
        key=key,
        placeholder=t("source_search_hint", lang),
        max_chars=200,
    )
    ids, total = choices(sources, query, [chosen] if chosen else [])
    if chosen and chosen not in ids:  # a source of the address outside the list: still shown
        ids = [chosen, *ids]
    result = draw([None, *ids])
    if query.strip() and total == 0:
        st.caption(t("source_search_none", lang, q=safe_text.md(query.strip()[:60])))
    elif total > len(ids):
        shown, every = fmt.number(len(ids), lang), fmt.number(total, lang)
        st.caption(t("source_search_listed", lang, shown=shown, total=every))
    return result
