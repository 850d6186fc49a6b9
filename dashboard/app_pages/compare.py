"""So sánh địa phương — ranked comparison with normalisation, warnings and the funnel."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, links, map_section, rank_dots, ranking_controls, state, ui, views
from dashboard.context import Ctx
from dashboard.i18n import label, t
from metrics import places
from metrics.comparisons import NORMALISATIONS

PAGE = state.COMPARE
FUNNEL_MAX = 8


def pick_options(ctx: Ctx) -> list[str]:
    """Localities offered for a hand-made comparison: provinces, districts, and the
    communes of the selected province (all communes of the country would be too many)."""
    engine = cache.engine()
    info = engine.localities
    provinces = places.provinces(engine, ctx.filter.boundary)["locality_code"].tolist()
    districts = (
        info.index[(info["tier"] == "district")].tolist()
        if ctx.filter.boundary == "reported"
        else []
    )
    province = state.get("p")
    communes = []
    if province:
        inside = info["province_code"] == province
        if ctx.filter.boundary == "current":
            inside = info["current_province_code"] == province
        communes = info.index[inside & (info["tier"] == "commune")].tolist()
    return list(dict.fromkeys([*provinces, *districts, *communes, *state.get("loc", PAGE)]))


def controls(ctx: Ctx) -> tuple[str, str, tuple[str, ...]]:
    scopes = ["children", "communes", "pick"] if ctx.scope != "VN" else ["children", "pick"]
    name = ctx.scope_name
    left, right = st.columns([3, 2])
    with left:
        scope = state.bind(
            st.radio,
            "scope",
            t("compare_what", ctx.lang),
            page=PAGE,
            options=scopes,
            format_func=lambda s: (
                t("scope_provinces", ctx.lang)
                if s == "children" and ctx.scope == "VN"
                else t(f"scope_{s}", ctx.lang, name=name)
            ),
            horizontal=True,
        )
    with right:
        norm = state.bind(
            st.selectbox,
            "norm",
            t("norm", ctx.lang),
            page=PAGE,
            options=list(NORMALISATIONS),
            format_func=lambda n: t(f"norm_{n}", ctx.lang),
        )
    codes: tuple[str, ...] = ()
    if scope == "pick":
        names = cache.display_names(ctx.version, ctx.lang)
        codes = tuple(
            state.bind(
                st.multiselect,
                "loc",
                t("pick_localities", ctx.lang),
                page=PAGE,
                options=pick_options(ctx),
                format_func=lambda c: names.get(c, c),
                placeholder=t("pick_localities", ctx.lang),
            )
        )
    return scope, norm, codes


def render(ctx: Ctx) -> None:
    st.title(t("page_compare", ctx.lang))
    scope, norm, codes = controls(ctx)
    engine = cache.engine()
    root = None if ctx.scope == "VN" else (ctx.scope,)
    if scope == "pick":
        if not codes:
            ui.empty(ctx)
            return
        comp = cache.compare(
            ctx.version, ctx.filter.replace(locality=None), codes, None, None, norm
        )
    elif scope == "communes":
        comp = cache.compare(ctx.version, ctx.filter, None, "commune", root, norm)
    else:
        tier = places.child_tier(engine, ctx.filter.locality, ctx.filter.boundary)
        comp = cache.compare(ctx.version, ctx.filter, None, tier, root, norm)
    metric = label("metric", ctx.filter.metric, ctx.lang)
    title = t("compare_title", ctx.lang, metric=metric, norm=t(f"norm_{norm}", ctx.lang))
    if comp.table.empty and comp.apart.empty:
        st.markdown(f"#### {title}")
        ui.empty(ctx)
        return
    if comp.table.empty:
        ui.warnings(ctx, comp.warnings)
        st.markdown(f"#### {title}")
        ui.empty(ctx)
    else:
        top, found = ranking_controls.pick(ctx, comp, PAGE)
        chart, rank_line = views.top_ranking(ctx, comp, "rank", title, top, found, picked=codes)
        if rank_dots.applies(comp, top):  # hundreds of units: dots, not a wall of bars
            chart = rank_dots.replace(ctx, chart, comp, found)
        if rank_line:
            st.info(rank_line, icon=":material/search:")
        map_section.show_drillable(ctx, chart)  # with its warnings; a click on a bar drills in
        ui.guarded(ctx, lambda: map_section.control_funnel_plot(ctx, comp, found, codes))
    groups = views.ranking_apart(ctx, comp, "rank_apart")
    if groups:
        title = t("apart_title", ctx.lang, n=len(comp.apart))
        with st.expander(title, expanded=comp.table.empty):
            for chart in groups:
                ui.show(ctx, chart)
    links.catalogue_picker(ctx, comp.table["code"].head(20).tolist())
    if scope == "children" and ctx.scope == "VN":  # a ranking of provinces: also as a map
        ui.guarded(ctx, lambda: map_section.section(ctx, norm))
    if scope == "communes":  # communes of a province: also as points
        ui.guarded(ctx, lambda: map_section.points(ctx, comp, norm))
    ui.guarded(ctx, lambda: funnel(ctx, tuple(comp.table["code"].head(FUNNEL_MAX))))


def funnel(ctx: Ctx, codes: tuple[str, ...]) -> None:
    table = cache.funnel(ctx.version, ctx.filter.replace(locality=None), codes)
    if table.empty:
        return
    names = ui.place_names(ctx, codes)
    ui.show(ctx, views.funnel(ctx, table, names, "funnel"))


ui.run_page(render)
