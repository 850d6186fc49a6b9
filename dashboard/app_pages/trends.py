"""Xu hướng — yearly series and phases per locality, year-over-year change."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state, ui, views
from dashboard.context import Ctx
from dashboard.i18n import label, t
from metrics import places

PAGE = state.TRENDS
DEFAULT_SERIES = 5


def default_codes(ctx: Ctx) -> tuple[str, ...]:
    """The scope itself and its largest children (by the current figure)."""
    engine = cache.engine()
    tier = places.child_tier(engine, ctx.filter.locality, ctx.filter.boundary)
    root = None if ctx.scope == "VN" else (ctx.scope,)
    comp = cache.compare(ctx.version, ctx.filter, None, tier, root, "absolute")
    return (ctx.scope, *comp.table["code"].head(DEFAULT_SERIES - 1))


def render(ctx: Ctx) -> None:
    st.title(t("page_trends", ctx.lang))
    names_all = cache.display_names(ctx.version, ctx.lang)
    defaults = default_codes(ctx)
    chosen = state.get("loc", PAGE) or defaults
    options = list(dict.fromkeys([*chosen, *defaults, *children(ctx)]))
    picked = state.bind(
        st.multiselect,
        "loc",
        t("trend_localities", ctx.lang),
        page=PAGE,
        options=options,
        format_func=lambda c: t("nation", ctx.lang) if c == "VN" else names_all.get(c, c),
        fallback=defaults,
    )
    codes = tuple(picked) or defaults
    names = ui.place_names(ctx, codes)
    metric = label("metric", ctx.filter.metric, ctx.lang)
    f = ctx.filter.replace(locality=None)
    table = cache.yearly(ctx.version, f, codes)
    if table.empty:
        st.markdown(f"#### {t('yearly_title', ctx.lang, metric=metric)}")
        ui.empty(ctx)
    else:
        ui.show(
            ctx,
            views.yearly(ctx, table, names, "yearly", t("yearly_title", ctx.lang, metric=metric)),
        )
        if table["change"].notna().any():
            ui.show(
                ctx, views.yoy(ctx, table, names, "yoy", t("yoy_title", ctx.lang, metric=metric))
            )
    phases = cache.phases(ctx.version, f.replace(years=None), codes)
    if len(phases):
        ui.show(
            ctx,
            views.phases(ctx, phases, names, "phases", t("phases_title", ctx.lang, metric=metric)),
        )


def children(ctx: Ctx) -> list[str]:
    engine = cache.engine()
    if ctx.scope == "VN":
        return ["VN", *places.provinces(engine, ctx.filter.boundary)["locality_code"]]
    return list(places.children(engine, ctx.scope, ctx.filter.boundary)["locality_code"])


ui.run_page(render)
