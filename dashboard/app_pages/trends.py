"""Xu hướng — yearly series and phases per locality, year-over-year change."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state, ui, viewmodels
from dashboard.context import Ctx
from dashboard.i18n import t
from metrics import places

PAGE = state.TRENDS


def render(ctx: Ctx) -> None:
    st.title(t("page_trends", ctx.lang))
    names_all = ctx.data.display_names(ctx.version, ctx.lang)
    defaults, offered = cache.view(  # kept per page state: not asked again on each rerun
        ctx, "trends.series", lambda: (viewmodels.default_series(ctx), children(ctx))
    )
    chosen = state.get("loc", PAGE) or defaults
    options = list(dict.fromkeys([*chosen, *defaults, *offered]))
    state.bind(
        st.multiselect,
        "loc",
        t("trend_localities", ctx.lang),
        page=PAGE,
        options=options,
        format_func=lambda c: t("nation", ctx.lang) if c == "VN" else names_all.get(c, c),
        fallback=defaults,
    )
    ctx = ui.page_ctx(ctx)  # the page state with the localities just picked
    shown = cache.view(ctx, "trends", lambda: tuple(viewmodels.trends(ctx)))
    if not shown or shown[0].key != "yearly":
        title = t("yearly_title", ctx.lang, metric=viewmodels.metric_name(ctx))
        st.markdown(f"#### {title}")
        ui.empty(ctx)
    for chart in shown:
        ui.show(ctx, chart)


def children(ctx: Ctx) -> list[str]:
    engine = cache.engine()
    if ctx.scope == "VN":
        return ["VN", *places.provinces(engine, ctx.filter.boundary)["locality_code"]]
    return list(places.children(engine, ctx.scope, ctx.filter.boundary)["locality_code"])


ui.run_page(render)
