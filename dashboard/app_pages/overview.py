"""Tổng quan — key figures with sources, leading localities, field split and trend."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, fmt, links, map_section, ui, views
from dashboard.context import Ctx
from dashboard.i18n import label, t
from metrics import places
from metrics.comparisons import FUNNEL
from metrics.trends import previous_period

TOP = 10


def key_figures(ctx: Ctx) -> None:
    st.markdown(f"#### {t('key_figures', ctx.lang)}")
    cols = st.columns(len(FUNNEL) + 1)
    for col, metric in zip(cols, FUNNEL):
        f = ctx.filter.replace(metric=metric)
        result = cache.change(ctx.version, f, ctx.scope)
        delta = delta_value = None
        if result["delta"] is not None and ctx.filter.years:
            delta_value = float(result["delta"])
            prev = fmt.period(*previous_period(ctx.filter.years))
            delta = (
                f"{fmt.signed(result['delta'], ctx.lang)} {t('delta_vs', ctx.lang, period=prev)}"
            )
        srcs = ui.sources_for(ctx, metric=metric)
        with col:
            ui.figure_card(
                ctx,
                label("metric", metric, ctx.lang),
                result["value"],
                delta,
                delta_value,
                t("source_line", ctx.lang, sources="; ".join(srcs)) if srcs else "",
            )
            if srcs:
                st.caption(t("source_line", ctx.lang, sources=srcs[0]))
    with cols[-1]:
        comp = cache.compare(
            ctx.version, ctx.filter, None, child_tier(ctx), scope_tuple(ctx), "absolute"
        )
        total = children_total(ctx)
        reporting = fmt.number(len(comp.table), ctx.lang)
        st.metric(
            t("localities_reporting", ctx.lang),
            f"{reporting} / {fmt.number(total, ctx.lang)}" if total else reporting,
            help=label("metric", ctx.filter.metric, ctx.lang),
            border=True,
        )


def child_tier(ctx: Ctx) -> str:
    return places.child_tier(
        cache.engine(), None if ctx.scope == "VN" else ctx.scope, ctx.filter.boundary
    )


def scope_tuple(ctx: Ctx) -> tuple[str, ...] | None:
    return None if ctx.scope == "VN" else (ctx.scope,)


def children_total(ctx: Ctx) -> int:
    engine = cache.engine()
    if ctx.scope == "VN":
        return len(places.provinces(engine, ctx.filter.boundary))
    return len(places.children(engine, ctx.scope, ctx.filter.boundary))


def leaders(ctx: Ctx) -> None:
    comp = cache.compare(
        ctx.version, ctx.filter, None, child_tier(ctx), scope_tuple(ctx), "absolute"
    )
    title = t("top_localities", ctx.lang, metric=label("metric", ctx.filter.metric, ctx.lang))
    if comp.table.empty:
        st.markdown(f"#### {title}")
        ui.empty(ctx)
        return
    map_section.show_drillable(ctx, views.ranking(ctx, comp, "top", title, top=TOP))
    ui.warnings(ctx, comp.warnings)
    links.catalogue_picker(ctx, comp.table.head(TOP)["code"].tolist())


def field_split(ctx: Ctx) -> None:
    title = t("field_distribution", ctx.lang, metric=label("metric", ctx.filter.metric, ctx.lang))
    dist = cache.distribution(ctx.version, ctx.filter, "field", ctx.scope)
    if dist.table.empty:
        st.markdown(f"#### {title}")
        ui.empty(ctx)
        return
    ui.show(ctx, views.fields(ctx, dist, "fields", title))


def trend(ctx: Ctx) -> None:
    title = t("trend_title", ctx.lang, metric=label("metric", ctx.filter.metric, ctx.lang))
    table = cache.yearly(ctx.version, ctx.filter, (ctx.scope,))
    if table.empty:
        st.markdown(f"#### {title}")
        ui.empty(ctx)
        return
    ui.show(ctx, views.yearly(ctx, table, {ctx.scope: ctx.scope_name}, "trend", title))


def render(ctx: Ctx) -> None:
    st.title(f"{t('page_overview', ctx.lang)} — {ctx.scope_name}")
    st.caption(" · ".join(ctx.filters_text(dims=True)))
    ui.guarded(ctx, lambda: key_figures(ctx))
    ui.guarded(ctx, lambda: map_section.section(ctx))
    left, right = st.columns([3, 2])
    with left:
        ui.guarded(ctx, lambda: leaders(ctx))
    with right:
        ui.guarded(ctx, lambda: field_split(ctx))
    ui.guarded(ctx, lambda: trend(ctx))


ui.run_page(render)
