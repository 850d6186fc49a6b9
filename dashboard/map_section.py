"""Maps on a page, and drilling from a chart: a click on a province (or a locality's bar)
looks into it.

The province map's figures come from the ranking's comparison. A click selects the unit in
the sidebar (URL ``p=``/``d=``/``c=``) and reruns the page; each click is acted on once, so
choosing another place in the sidebar later is not undone by the chart's lingering selection.
"""

from __future__ import annotations

import streamlit as st

from dashboard import cache, control_funnel, maps, point_maps, safe_text, state, ui, views
from dashboard.charts import Chart
from dashboard.context import Ctx
from dashboard.i18n import label, t
from metrics import places
from metrics.comparisons import Comparison

HANDLED = "_dvk_map_click"


def section(ctx: Ctx, norm: str = "absolute") -> None:
    """Draw the map of the provinces' comparison (the ranking's own figures: at national
    scope, the same cached comparison the page ranks) and follow clicks."""
    metric = label("metric", ctx.filter.metric, ctx.lang)
    title = t("map_title", ctx.lang, metric=metric)
    if norm != "absolute":
        title += f" — {t(f'norm_{norm}', ctx.lang)}"
    nation = t("nation", ctx.lang)
    filters = [nation if x == ctx.scope_name else x for x in ctx.filters_text(metric=True)]
    f = ctx.filter.replace(locality=None)
    tier = places.child_tier(cache.engine(), None, f.boundary)
    comp = cache.compare(ctx.version, f, None, tier, None, norm)  # the one the map shades
    if comp.table.empty:  # no province has a figure: an all-grey map, unsourced, says nothing
        st.markdown(f"#### {safe_text.md(title)}")
        ui.empty(ctx)
        return
    chart = cache.province_map(
        ctx.version,
        f,
        norm,
        ctx.lang,
        state.get("p") or state.get("hl", ctx.page),  # the unit looked into / found
        title,
        views.norm_unit(ctx, norm),
        tuple(filters),
        tuple(ui.cited(ctx, comp.table, f)),  # the sources of exactly the provinces shaded
    )
    event = ui.show(ctx, chart, select=True)
    st.caption(t("map_click_hint", ctx.lang))
    follow(ctx, maps.clicked(event), chart.key)


def show_drillable(ctx: Ctx, chart: Chart) -> None:
    """A chart of localities whose bars drill into the unit clicked (codes in customdata)."""
    follow(ctx, maps.clicked(ui.show(ctx, chart, select=True)), chart.key)


def follow(ctx: Ctx, code: str | None, key: str = "map") -> None:
    """Select a clicked unit in the sidebar (once per click of chart ``key``) and rerun."""
    handled = f"{HANDLED}:{key}"
    if code is None:
        st.session_state[handled] = None
        return
    if st.session_state.get(handled) == code:
        return
    st.session_state[handled] = code
    wanted = state.locality_params(cache.engine(), code)
    now = {name: state.get(name) for name in wanted}
    if code == "VN" or not places.exists(cache.engine(), code) or wanted == now:
        return
    for name, value in wanted.items():
        state.put(name, value)
    st.rerun()


def points(ctx: Ctx, comp: Comparison, norm: str = "absolute") -> None:
    """The communes of the ranking as points, inside the chosen province's outline. Units of
    one boundary version only (those of the province's own era); the others are named."""
    province = state.get("p")
    if not province or comp.table.empty:
        return
    engine = cache.engine()
    era = places.era(engine, province)
    eras = comp.table["code"].map(engine.localities["era"])
    table = comp.table[(eras == era) & (comp.table["tier"] == "commune")]
    if table.empty:
        return
    centres = cache.centroids(ctx.version, tuple(table["code"]))
    if centres.empty:
        return
    metric = label("metric", ctx.filter.metric, ctx.lang)
    chart = point_maps.commune_points(
        ctx,
        table,
        centres,
        province=province,
        norm=norm,
        unit=views.norm_unit(ctx, norm),
        key="points",
        title=t("points_title", ctx.lang, metric=metric, scope=ctx.scope_name),
        names=ui.place_names(ctx, tuple(table["code"])),
        filters=ctx.filters_text(metric=True),
        sources=ui.cited(ctx, table),
    )
    left_out = len(comp.table) - len(table)
    if left_out:
        chart.notes.append(t("map_off_map", ctx.lang, n=left_out))
    ui.show(ctx, chart)


def control_funnel_plot(
    ctx: Ctx, comp: Comparison, highlight: str | None, picked: tuple[str, ...]
) -> None:
    """The funnel plot (biểu đồ phễu kiểm soát) under the ranking when the ranking is a rate
    whose denominators differ (see :func:`control_funnel.applies`); a click on a point drills
    into that unit."""
    if comp.norm == "absolute":
        return
    if not control_funnel.applies(comp):
        st.caption(t("control_not_applicable", ctx.lang))
        return
    title = t(
        "control_title",
        ctx.lang,
        metric=label("metric", ctx.filter.metric, ctx.lang),
        norm=t(f"norm_{comp.norm}", ctx.lang),
    )
    show_drillable(ctx, control_funnel.chart(ctx, comp, title, highlight, picked))
