"""Lĩnh vực & cấp — field × level × subject breakdowns, absolute or share."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state, ui, viewmodels
from dashboard.context import Ctx
from dashboard.i18n import t

PAGE = state.BREAKDOWN


def controls(ctx: Ctx) -> tuple[list[str], str, str]:
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        d1 = state.bind(
            st.selectbox,
            "d1",
            t("dim_first", ctx.lang),
            page=PAGE,
            options=list(state.BREAKDOWN_DIMS),
            format_func=lambda d: t(d, ctx.lang),
        )
    with c2:
        d2 = state.bind(
            st.selectbox,
            "d2",
            t("dim_second", ctx.lang),
            page=PAGE,
            options=[*state.BREAKDOWN_DIMS, "none"],
            format_func=lambda d: t("none_option", ctx.lang) if d == "none" else t(d, ctx.lang),
        )
    with c3:
        mode = state.bind(
            st.segmented_control,
            "mode",
            t("mode", ctx.lang),
            page=PAGE,
            options=["abs", "share"],
            format_func=lambda m: t(f"mode_{m}", ctx.lang),
            required=True,
        )
    with c4:
        chart = state.bind(
            st.selectbox,
            "chart",
            t("chart_type", ctx.lang),
            page=PAGE,
            options=["bar", "treemap", "sunburst"],
            format_func=lambda c: t(f"chart_{c}", ctx.lang),
        )
    dims = [d1] if d2 in ("none", d1) else [d1, d2]
    return dims, mode or "abs", chart


def render(ctx: Ctx) -> None:
    st.title(t("page_breakdown", ctx.lang))
    controls(ctx)
    ctx = ui.page_ctx(ctx)  # the page state with the controls just drawn
    # built once per page state and data version, like every other page's charts
    shown = cache.view(ctx, "breakdown", lambda: list(viewmodels.breakdown(ctx)))
    if not shown:
        title = viewmodels.breakdown_title(ctx, viewmodels.BreakdownChoice.of(ctx))
        st.markdown(f"#### {title}")
        ui.empty(ctx)
        return
    ui.show(ctx, shown[0])


ui.run_page(render)
