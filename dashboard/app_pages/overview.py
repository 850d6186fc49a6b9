"""Tổng quan — key figures with sources, leading localities, field split and trend (the charts:
``viewmodels.overview``)."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, fmt, links, map_section, safe_text, ui, viewmodels, views
from dashboard.context import Ctx
from dashboard.i18n import label, t
from metrics import totals
from metrics.comparisons import FUNNEL, Comparison
from metrics.trends import previous_period


def key_figures(ctx: Ctx) -> None:
    st.markdown(f"#### {t('key_figures', ctx.lang)}")
    cols = st.columns(len(FUNNEL) + 1)
    for col, metric in zip(cols, FUNNEL):
        f = ctx.filter.replace(metric=metric)
        total = ctx.data.total(ctx.version, f, ctx.scope)
        delta = delta_value = None
        note = ""
        if ctx.filter.years and total.value is not None:
            previous = previous_period(ctx.filter.years)
            result = ctx.data.total_change(ctx.version, f, ctx.scope, previous)
            prev = fmt.period(*previous)
            if result["delta"] is not None:
                delta_value = float(result["delta"])
                delta = (
                    f"{fmt.signed(result['delta'], ctx.lang)} "
                    f"{t('delta_vs', ctx.lang, period=prev)}"
                )
            elif result["before"].value is not None:
                note = t("no_delta_unlike", ctx.lang, period=prev)
        srcs = ui.sources_for(ctx, codes=source_codes(ctx, total), metric=metric)
        with col:
            ui.figure_card(
                ctx,
                label("metric", metric, ctx.lang),
                total.value,
                delta,
                delta_value,
                t("source_line", ctx.lang, sources=safe_text.md("; ".join(srcs))) if srcs else "",
            )
            if total.value is not None:
                label_text = views.total_label(ctx, total)
                coverage = views.coverage_text(ctx, total, ctx.scope_name)
                st.caption(" · ".join(x for x in (label_text, coverage) if x))
            if note:
                st.caption(note)
            if srcs:
                st.caption(t("source_line", ctx.lang, sources=safe_text.md(srcs[0])))
    with cols[-1]:
        total = ctx.data.total(ctx.version, ctx.filter, ctx.scope)
        if total.basis == "stated":
            shown = views.coverage_text(ctx, total, ctx.scope_name)
            st.metric(t("localities_reporting", ctx.lang), "1 / 1", help=shown, border=True)
        else:
            st.metric(
                t("localities_reporting", ctx.lang),
                f"{fmt.number(total.reporting, ctx.lang)} / {fmt.number(total.units, ctx.lang)}",
                help=label("metric", ctx.filter.metric, ctx.lang),
                border=True,
            )
        coverage_list(ctx, total)


def source_codes(ctx: Ctx, total: totals.Total) -> tuple[str, ...] | None:
    """The units whose figures a total adds up (``None``: the whole scope)."""
    if total.value is None or total.basis == "stated":
        return None if ctx.scope == "VN" else (ctx.scope,)
    return tuple(sorted(total.codes)) if len(total.codes) < 60 else None


def coverage_list(ctx: Ctx, total: totals.Total) -> None:
    """The units a total adds up, those left out and those without a figure, one click away."""
    if total.value is None or total.basis == "stated":
        return
    tiers = views.tier_plural(ctx, total.tier)
    with st.popover(
        t("coverage_list", ctx.lang, n=fmt.number(total.reporting, ctx.lang), tier=tiers),
        icon=":material/list:",
        width="stretch",
    ):
        names = ui.place_names(ctx, tuple(total.rows["code"]))
        rows = total.rows
        marks = ["†" if b == "children" else "" for b in rows["basis"]]
        lines = [
            f"- {names[c]}{m}: {fmt.number(v, ctx.lang)} ({fmt.period(a, b)})"
            for c, m, v, a, b in zip(
                rows["code"], marks, rows["value"], rows["year_lo"], rows["year_hi"]
            )
        ]
        st.markdown("\n".join(lines))
        if any(marks):
            st.caption(t("children_note", ctx.lang))
        if len(total.left_out):
            other = total.left_out["era"].iloc[0]
            out_names = ui.place_names(ctx, tuple(total.left_out["code"]))
            st.caption(
                t(
                    "left_out",
                    ctx.lang,
                    n=len(total.left_out),
                    era=views.era_label(ctx, other),
                    names=", ".join(
                        f"{out_names[c]} {fmt.number(v, ctx.lang)}"
                        for c, v in zip(total.left_out["code"], total.left_out["value"])
                    ),
                )
            )
        if total.missing and len(total.missing) <= 80:
            missing = ui.place_names(ctx, total.missing)
            st.caption(
                t("coverage_missing", ctx.lang, names=", ".join(missing[c] for c in total.missing))
            )


def leaders(ctx: Ctx) -> None:
    comp = viewmodels.leaders_comparison(ctx)
    chart = cache.view(ctx, "overview.leaders", lambda: viewmodels.leaders(ctx, comp))
    if chart is None:
        st.markdown(f"#### {viewmodels.leaders_title(ctx)}")
        ui.empty(ctx)
    else:
        map_section.show_drillable(ctx, chart)  # with its warnings; a click on a bar drills in
    apart(ctx, comp, "top_apart")
    if len(comp.table):
        links.catalogue_picker(ctx, comp.table.head(viewmodels.TOP)["code"].tolist())


def apart(ctx: Ctx, comp: Comparison, key: str) -> None:
    """The figures not ranked with the others, in their own labelled group (folded)."""
    groups = cache.view(ctx, f"apart.{key}", lambda: views.ranking_apart(ctx, comp, key))
    if groups:
        with st.expander(t("apart_title", ctx.lang, n=len(comp.apart))):
            for chart in groups:
                ui.show(ctx, chart)


def field_split(ctx: Ctx) -> None:
    chart = cache.view(ctx, "overview.fields", lambda: viewmodels.field_split(ctx))
    if chart is None:
        st.markdown(f"#### {viewmodels.fields_title(ctx)}")
        ui.empty(ctx)
        return
    ui.show(ctx, chart, narrow=True)  # in the narrow right-hand column


def trend(ctx: Ctx) -> None:
    table = viewmodels.yearly_totals(ctx)
    chart = cache.view(ctx, "overview.trend", lambda: viewmodels.trend(ctx, table))
    if chart is None:
        st.markdown(f"#### {viewmodels.trend_title(ctx, table)}")
        ui.empty(ctx)
        return
    ui.show(ctx, chart)


def render(ctx: Ctx) -> None:
    st.title(f"{t('page_overview', ctx.lang)} — {ctx.scope_name}")
    st.caption(safe_text.md(" · ".join(ctx.filters_text(dims=True))))
    ui.guarded(ctx, lambda: key_figures(ctx))
    ui.guarded(ctx, lambda: map_section.section(ctx))
    left, right = st.columns([3, 2])
    with left:
        ui.guarded(ctx, lambda: leaders(ctx))
    with right:
        ui.guarded(ctx, lambda: field_split(ctx))
    ui.guarded(ctx, lambda: trend(ctx))


ui.run_page(render)
