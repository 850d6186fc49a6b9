"""Province maps: a comparison at province tier drawn as a choropleth (a :class:`Chart`).

The figures are those of the ranking (``Answers.compare`` at the province tier of the sidebar's
boundary mode), never recomputed here. With ``boundary="current"`` the 34 provinces since
1 July 2025 are drawn, otherwise the 63 provinces before it (:mod:`dashboard.geo`); figures
reported for units of the other boundary version are left off the map and named in a note.

A province without a figure is grey and listed under "không có số liệu" in the legend and the
hover — never coloured like zero. The map is a ``go.Choroplethmap`` on a blank ("white-bg")
style: no tiles or outlines are fetched, in the browser or by kaleido for the image exports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, fmt, geo, map_legend, safe_text
from dashboard.charts import Chart
from dashboard.i18n import t

# sequential, colour-blind safe (ColorBrewer YlGnBu); its lightest step is far from the grey
SCALE: list[list[float | str]] = [
    [0.0, "#ffffd9"],
    [0.25, "#c7e9b4"],
    [0.5, "#41b6c4"],
    [0.75, "#225ea8"],
    [1.0, "#081d58"],
]
NO_DATA = "#bdbdbd"
BORDER = "#7a7a7a"
SELECTED = "#d32f2f"
HEIGHT = 600
NARROWEST = 380
"""Width in pixels of the map's drawing area in the narrowest view (beside its colour bar)."""


@dataclass(frozen=True)
class Shaded:
    """One province on the map: its code, name, value (``None``: no figure) and hover text."""

    code: str
    name: str
    value: float | None
    hover: str
    derived: bool = False
    partial: bool = False


def _view(boundary: str, height: int) -> dict:
    """Centre and zoom showing every polygon (islands included) in a ``height``-pixel map."""
    west, south, east, north = geo.extent(boundary)

    def y(lat: float) -> float:  # Web Mercator, in units of the world's width
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)

    # as wide as the narrowest column draws it (800 px window, sidebar open): no province cut
    span = max(y(north) - y(south), (east - west) / 360 * height / NARROWEST)
    zoom = math.log2(height * 0.96 / (512 * span))
    return {"center": {"lon": (west + east) / 2, "lat": (south + north) / 2}, "zoom": zoom}


def figure(
    boundary: str,
    rows: list[Shaded],
    lang: str,
    *,
    unit: str,
    percent: bool = False,
    selected: str | None = None,
    height: int = HEIGHT,
) -> go.Figure:
    """The choropleth of ``rows`` (every province of ``boundary`` should have one)."""
    with_value = [r for r in rows if r.value is not None]
    without = [r for r in rows if r.value is None]
    top = max((r.value for r in with_value), default=0.0) or 1.0
    border = {"color": BORDER, "width": 0.6}
    traces: list[dict] = [
        {
            "type": "choroplethmap",
            "featureidkey": "id",
            "locations": [r.code for r in without],
            "z": [0] * len(without),
            "colorscale": [[0, NO_DATA], [1, NO_DATA]],
            "showscale": False,
            "marker": {"line": border},
            "name": t("map_no_data", lang),
            "showlegend": bool(without),
            "customdata": [[r.code, r.hover] for r in without],
            "hovertemplate": "%{customdata[1]}<extra></extra>",
        },
        {
            "type": "choroplethmap",
            "featureidkey": "id",
            "locations": [r.code for r in with_value],
            "z": [r.value for r in with_value],
            "zmin": 0,
            "zmax": top,
            "colorscale": SCALE,
            "marker": {"line": border},
            "name": unit,
            "showlegend": False,
            "colorbar": map_legend.colorbar(unit, percent, x=1.0, xanchor="right"),
            "customdata": [[r.code, r.hover] for r in with_value],
            "hovertemplate": "%{customdata[1]}<extra></extra>",
        },
    ]
    if selected in {r.code for r in rows}:
        traces.append(
            {
                "type": "choroplethmap",
                "featureidkey": "id",
                "locations": [selected],
                "z": [0],
                "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                "showscale": False,
                "marker": {"line": {"color": SELECTED, "width": 2.5}},
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
    for trace in traces:  # each trace carries only the polygons it draws
        trace["geojson"] = geo.subset(boundary, tuple(trace["locations"]))
    layout = charts.layout_options(
        lang,
        height,
        map={"style": "white-bg", **_view(boundary, height)},
        legend={"orientation": "h", "yanchor": "bottom", "y": 0.01, "x": 0.01},
        dragmode=False,
    )
    return SharedFigure({"data": traces, "layout": layout})  # one pass: updates copy polygons


class SharedFigure(go.Figure):
    """A map figure whose dict form shares its parts instead of deep-copying them: Streamlit
    turns the figure into a dict on every rerun, and copying the polygons each time is most of
    a map's cost. Built once and never changed afterwards, so sharing is safe."""

    def to_dict(self) -> dict:
        return {"data": [dict(trace) for trace in self._data], "layout": dict(self._layout)}


def shaded(
    table: pd.DataFrame, boundary: str, names: dict[str, str], lang: str, percent: bool
) -> tuple[list[Shaded], list[str]]:
    """One :class:`Shaded` per province of the map, from a comparison table (its ``rate``);
    also the codes of figures that are not on this map (units of the other boundary)."""
    on_map = geo.codes(boundary)
    cols = ["rate", "year_lo", "year_hi", "is_derived", "basis"]
    by_code = table.drop_duplicates("code").set_index("code")[cols].to_dict("index")
    rows = []
    for code in on_map:
        name = names.get(code, code)
        row = by_code.get(code)
        if row is not None and pd.notna(row["rate"]):
            value = float(row["rate"])
            text = fmt.percent(value, lang) if percent else fmt.auto(value, lang)
            period = fmt.period(row["year_lo"], row["year_hi"])
            derived, partial = bool(row["is_derived"]), row["basis"] == "children"
            marks = ("*" if derived else "") + ("†" if partial else "")
            hover = f"<b>{safe_text.label(name)}</b>{marks}<br>{text}<br>{period}"
            rows.append(Shaded(code, name, value, hover, derived, partial))
        else:
            stated = row is not None  # a figure, but no denominator for this rate
            why = t("map_no_rate" if stated else "map_no_data", lang)
            rows.append(Shaded(code, name, None, f"<b>{safe_text.label(name)}</b><br>{why}"))
    drawn = set(on_map)
    off_map = [c for c in table["code"] if c not in drawn]
    return rows, off_map


def choropleth(
    table: pd.DataFrame,
    *,
    lang: str,
    boundary: str,
    norm: str,
    unit: str,
    key: str,
    title: str,
    names: dict[str, str],
    filters: list[str],
    sources: list,
    selected: str | None = None,
) -> Chart:
    """The map of a province-tier comparison ``table`` (columns of ``Comparison.table``) for the
    sidebar's ``boundary`` mode."""
    percent = norm == "share"
    rows, off_map = shaded(table, boundary, names, lang, percent)
    fig = figure(boundary, rows, lang, unit=unit, percent=percent, selected=selected)
    data = pd.DataFrame(
        {
            "code": [r.code for r in rows],
            "name": [r.name for r in rows],
            "rate": [r.value for r in rows],
        }
    )
    merged = data.merge(
        table[["code", "value", "year_lo", "year_hi"]].drop_duplicates("code"),
        on="code",
        how="left",
    )
    merged["period_text"] = [fmt.period(a, b) for a, b in zip(merged["year_lo"], merged["year_hi"])]
    columns = {"name": t("locality", lang)}
    if norm != "absolute":
        columns["value"] = t("value", lang)
    columns |= {"rate": unit, "period_text": t("data_period", lang)}
    shown = merged.sort_values("rate", ascending=False, na_position="last")
    total = len(rows)
    count = sum(r.value is not None for r in rows)
    tier = t("map_tier_current" if boundary == "current" else "map_tier_reported", lang)
    notes = [t("map_coverage", lang, n=fmt.number(count, lang), total=total, tier=tier)]
    if off_map:
        notes.append(t("map_off_map", lang, n=fmt.number(len(off_map), lang)))
    if any(r.derived for r in rows):
        notes.append(t("derived_note", lang))
    if any(r.partial for r in rows):
        notes.append(t("children_note", lang))
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=merged.drop(columns=["period_text"]),
        **charts.table_fields(shown, columns, lang, percent=("rate",) if percent else ()),
        unit=unit,
        filters=filters,
        sources=sources,
        notes=notes,
    )


def clicked(event: object) -> str | None:
    """The locality code of a click (a selection event of ``st.plotly_chart``), if any: a map
    location, or the first ``customdata`` item of a bar (see ``charts.ranked_bars``)."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        code = point.get("location")
        if not code and isinstance(point.get("customdata"), list):
            code = point["customdata"][0]
        if isinstance(code, str) and code:
            return code
    return None


def province_chart(
    engine: Any,
    comp: Any,
    boundary: str,
    *,
    lang: str,
    norm: str,
    selected: str | None,
    title: str,
    unit: str,
    filters: list[str],
    sources: list,
) -> Chart:
    """The province map of a national comparison ``comp`` (``metrics.comparisons.Comparison``)
    for the sidebar's ``boundary``: drawn on the provinces of the figures it ranks."""
    from metrics import places

    drawn = "current" if comp.era == "2025" else boundary
    return choropleth(
        comp.table,
        lang=lang,
        boundary=drawn,
        norm=norm,
        unit=unit,
        key="map",
        title=title,
        names=places.labels(engine, geo.codes(drawn), boundary, lang),
        filters=filters,
        sources=sources,
        selected=selected,
    )
