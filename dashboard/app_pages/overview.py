"""Tổng quan — key figures with sources, leading localities, field split and trend (the charts:
``viewmodels.overview``)."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, links, map_section, safe_text, ui, viewmodels, views
from dashboard.context import Ctx
from dashboard.i18n import t
from metrics.comparisons import Comparison


def key_figures(ctx: Ctx) -> None:
    """The key-figure cards (``viewmodels.key_figures``), then the list of units reporting."""
    st.markdown(f"#### {t('key_figures', ctx.lang)}")
    cards = cache.view(ctx, "overview.cards", lambda: viewmodels.key_figures(ctx))
    for i, (col, card) in enumerate(zip(st.columns(len(cards)), cards)):
        with col:
            if card.kind == "figure":
                cited = safe_text.md("; ".join(card.sources))
                tip = t("source_line", ctx.lang, sources=cited) if card.sources else ""
                ui.figure_card(ctx, card.label, card.value, card.delta_text, card.delta, tip)
            else:
                st.metric(card.label, card.value_text, help=card.help, border=True)
            # one block under the card, so the cards of the row align (ui.CARD_CSS)
            notes = st.container(key=f"card_notes_{i}")
        with notes:
            for line in card.notes:
                st.caption(line)
            if card.kind == "figure":  # a coverage card's are spelt out in its list of units
                for line in card.warnings:
                    st.caption(f":material/warning: {line}")
            if card.sources:  # the first source, then "and N more" (all of them in the tip)
                more = card.source_count - 1
                first = safe_text.md(card.sources[0]) + (
                    f"; {t('more_sources', ctx.lang, n=more)}" if more else ""
                )
                st.caption(t("source_line", ctx.lang, sources=first))
            if card.kind == "coverage":
                coverage_list(ctx)
    table = cache.view(
        ctx, "overview.cards_table", lambda: viewmodels.key_figures_table(ctx, cards)
    )
    if table is not None:  # in the page's exports (the panel below), first
        ui.record(table)


def coverage_list(ctx: Ctx) -> None:
    """The units a total adds up, those left out and those without a figure, one click away
    (the texts kept per page state and data version)."""
    found = cache.view(
        ctx,
        "overview.coverage",
        lambda: views.coverage_list(ctx, ctx.data.total(ctx.version, ctx.filter, ctx.scope)),
    )
    if found is None:
        return
    with st.popover(found.label, icon=":material/list:", width="stretch"):
        st.markdown(found.lines)
        for line in found.captions:
            st.caption(line)


def leaders(ctx: Ctx) -> None:
    comp = cache.view(
        ctx, "overview.leaders_comparison", lambda: viewmodels.leaders_comparison(ctx)
    )
    chart = cache.view(ctx, "overview.leaders", lambda: viewmodels.leaders(ctx, comp))
    if chart is None:
        st.markdown(f"#### {viewmodels.leaders_title(ctx)}")
        ui.empty(ctx)
    else:
        map_section.show_drillable(ctx, chart)  # with its warnings; a click on a bar drills in
    apart(ctx, comp, "top_apart")
    links.catalogue_picker(ctx, comp.table, viewmodels.TOP, "top")


def apart(ctx: Ctx, comp: Comparison, key: str) -> None:
    """The figures not ranked with the others, in their own labelled group (folded)."""
    groups = cache.view(
        ctx,
        f"apart.{key}",
        lambda: [viewmodels.narrow(c) for c in views.ranking_apart(ctx, comp, key)],
    )
    if groups:
        ui.folded_charts(ctx, t("apart_title", ctx.lang, n=len(comp.apart)), groups, f"fold_{key}")


def field_split(ctx: Ctx) -> None:
    chart = cache.view(ctx, "overview.fields", lambda: viewmodels.field_split(ctx))
    if chart is None:
        st.markdown(f"#### {viewmodels.fields_title(ctx)}")
        ui.empty(ctx)
        return
    ui.show(ctx, chart, narrow=True)  # in the narrow right-hand column


def trend(ctx: Ctx) -> None:
    chart = cache.view(
        ctx, "overview.trend", lambda: viewmodels.trend(ctx, viewmodels.yearly_totals(ctx))
    )
    if chart is None:
        st.markdown(f"#### {viewmodels.trend_title(ctx, viewmodels.yearly_totals(ctx))}")
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
