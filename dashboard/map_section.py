"""Maps on a page, and drilling from a chart: a click on a province (or a locality's bar)
looks into it.

The province map's figures come from the ranking's comparison. A click selects the unit in
the sidebar (URL ``p=``/``d=``/``c=``) and reruns the page; each click is acted on once, so
choosing another place in the sidebar later is not undone by the chart's lingering selection.
"""

from __future__ import annotations

import streamlit as st

from dashboard import cache, maps, safe_text, state, ui, viewmodels
from dashboard.charts import Chart
from dashboard.context import Ctx
from dashboard.i18n import t
from metrics import places
from metrics.comparisons import Comparison

HANDLED = "_dvk_map_click"


def section(ctx: Ctx, norm: str = "absolute", highlight: str | None = None) -> None:
    """Draw the map of the provinces' comparison (``viewmodels.province_map``; ``highlight``:
    the unit found by the ranking's search box) and follow clicks."""
    chart = cache.view(
        ctx, f"map.{norm}.{highlight}", lambda: viewmodels.province_map(ctx, norm, highlight)
    )
    if chart is None:  # no province has a figure: an all-grey map, unsourced, says nothing
        st.markdown(f"#### {safe_text.md(viewmodels.map_title(ctx, norm))}")
        ui.empty(ctx)
        return
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
    """The communes of the ranking as points (``viewmodels.commune_points``)."""
    chart = viewmodels.commune_points(ctx, comp, norm)
    if chart is not None:
        ui.show(ctx, chart)
