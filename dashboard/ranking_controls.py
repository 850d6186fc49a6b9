"""Controls of a long ranking: how many bars to draw (10 / 20 / 50 / all) and a search box
that highlights one unit and tells its rank. Both live in the URL (``top``, ``hl``)."""

from __future__ import annotations

import streamlit as st

from dashboard import state, table_pages
from dashboard.context import Ctx
from dashboard.i18n import t
from metrics.comparisons import Comparison

FOUND = "_dvk_found"


def pick(ctx: Ctx, comp: Comparison, page: str) -> tuple[int | None, str | None]:
    """Draw the two controls; return (bars to draw, ``None`` for all; unit to highlight)."""
    codes = comp.table["code"].tolist()
    names = ctx.data.display_names(ctx.version, ctx.lang)
    left, right = st.columns([1, 3])
    with left:
        top = state.bind(
            st.selectbox,
            "top",
            t("top_n", ctx.lang),
            page=page,
            options=list(state.TOP_CHOICES),
            format_func=lambda v: t("top_all", ctx.lang) if v == "all" else v,
        )
    with right:
        found = state.bind(
            st.selectbox,
            "hl",
            t("find_locality", ctx.lang),
            page=page,
            options=[None, *codes],
            format_func=lambda c: "" if c is None else names.get(c, c),
            placeholder=t("find_locality", ctx.lang),
        )
    follow_found(comp, found, page)
    return (None if top in (None, "all") else int(top)), found


def follow_found(comp: Comparison, found: str | None, page: str) -> None:
    """A newly found unit opens the ranking table's page that holds it (``pg_rank``); an
    address naming both keeps its own page."""
    seen = f"{FOUND}:{page}"
    first = seen not in st.session_state
    if found == st.session_state.get(seen) and not first:
        return
    st.session_state[seen] = found
    if first and state.get("pg_rank", page) != 1:
        return
    codes = comp.table["code"].tolist()
    if found in codes:
        state.put("pg_rank", codes.index(found) // table_pages.PAGE_SIZE + 1, page)
