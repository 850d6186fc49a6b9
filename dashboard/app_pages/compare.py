"""So sánh địa phương — ranked comparison with normalisation, warnings and the funnel (the
charts: ``viewmodels.compare``)."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, links, map_section, ranking_controls, state, ui, viewmodels, views
from dashboard.context import Ctx
from dashboard.i18n import t
from metrics import places
from metrics.comparisons import NORMALISATIONS, Comparison

PAGE = state.COMPARE


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
    scopes = viewmodels.compare_scopes(ctx)
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
        names = ctx.data.display_names(ctx.version, ctx.lang)
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
    controls(ctx)
    ctx = ui.page_ctx(ctx)  # the page state with the controls just drawn
    choice = viewmodels.CompareChoice.of(ctx)
    comp = viewmodels.compare_comparison(ctx, choice)
    if comp is None:  # localities to pick, none picked yet
        ui.empty(ctx)
        return
    title = viewmodels.compare_title(ctx, choice)
    if comp.table.empty and comp.apart.empty:
        st.markdown(f"#### {title}")
        ui.empty(ctx)
        return
    if comp.table.empty:
        ui.warnings(ctx, comp.warnings)
        st.markdown(f"#### {title}")
        ui.empty(ctx)
    else:
        ranking_controls.pick(ctx, comp, PAGE)
        ctx = ui.page_ctx(ctx)
        chart, rank_line = cache.view(
            ctx,
            "compare.ranking",
            lambda: viewmodels.compare_ranking(ctx, viewmodels.CompareChoice.of(ctx), comp),
        )
        if rank_line:
            st.info(rank_line, icon=":material/search:")
        map_section.show_drillable(ctx, chart)  # with its warnings; a click on a bar drills in
        if comp.norm != "absolute":  # a rate: the funnel plot, or why there is none
            control = cache.view(
                ctx,
                "compare.control",
                lambda: viewmodels.control_plot(ctx, viewmodels.CompareChoice.of(ctx), comp),
            )
            if control is None:
                st.caption(t("control_not_applicable", ctx.lang))
            else:
                ui.guarded(ctx, lambda: map_section.show_drillable(ctx, control))
    groups = cache.view(
        ctx, "apart.rank_apart", lambda: views.ranking_apart(ctx, comp, "rank_apart")
    )
    if groups:
        title = t("apart_title", ctx.lang, n=len(comp.apart))
        ui.folded_charts(ctx, title, groups, "fold_rank_apart", unfolded=comp.table.empty)
    links.catalogue_picker(ctx, comp.table, 20, "rank")
    if choice.scope == "children" and ctx.scope == "VN":  # a ranking of provinces: also as a map
        found = ctx.get("hl")  # as the search box left it
        ui.guarded(ctx, lambda: map_section.section(ctx, choice.norm, found))
    if choice.scope == "communes":  # communes of a province: also as points
        ui.guarded(ctx, lambda: map_section.points(ctx, comp, choice.norm))
    ui.guarded(ctx, lambda: funnel(ctx, comp))


def funnel(ctx: Ctx, comp: Comparison) -> None:
    chart = cache.view(ctx, "compare.funnel", lambda: viewmodels.funnel(ctx, comp))
    if chart is not None:
        ui.show(ctx, chart)


ui.run_page(render)
