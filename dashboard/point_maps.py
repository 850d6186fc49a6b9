"""Point maps: the communes of a province at their centres (a :class:`Chart`), coloured on the
province map's scale; a commune without a figure is a grey point, never coloured like zero."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, fmt, geo, map_legend, safe_text
from dashboard.charts import Chart
from dashboard.context import Ctx
from dashboard.i18n import t
from dashboard.maps import BORDER, HEIGHT, NARROWEST, NO_DATA, SCALE


def _coordinates(outline: dict) -> tuple[list[float], list[float]]:
    """(longitudes, latitudes) of every vertex of a GeoJSON feature collection."""
    lons: list[float] = []
    lats: list[float] = []

    def walk(coords: list) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(float(coords[0]))
            lats.append(float(coords[1]))
        else:
            for c in coords:
                walk(c)

    for feature in outline.get("features", []):
        walk(feature["geometry"]["coordinates"])
    return lons, lats


def point_figure(
    outline: dict,
    points: pd.DataFrame,
    lang: str,
    *,
    unit: str,
    percent: bool = False,
    height: int = HEIGHT,
) -> go.Figure:
    """Communes as points at their centres inside a province ``outline`` (GeoJSON).

    ``points``: ``code, lat, lon, value, hover`` (``value`` NaN: no figure, a grey ring)."""
    fig = go.Figure()
    if outline["features"]:
        fig.add_trace(
            go.Choroplethmap(
                featureidkey="id",
                locations=[f["id"] for f in outline["features"]],
                z=[0] * len(outline["features"]),
                colorscale=[[0, "#f5f5f5"], [1, "#f5f5f5"]],
                showscale=False,
                marker={"line": {"color": BORDER, "width": 1}},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    empty = points[points["value"].isna()]
    full = points[points["value"].notna()]
    fig.add_trace(
        go.Scattermap(
            lat=list(empty["lat"]),
            lon=list(empty["lon"]),
            mode="markers",
            marker={"size": 7, "color": NO_DATA},
            name=t("map_no_data", lang),
            showlegend=bool(len(empty)),
            customdata=[[c, h] for c, h in zip(empty["code"], empty["hover"])],
            hovertemplate="%{customdata[1]}<extra></extra>",
        )
    )
    top = float(full["value"].max()) if len(full) else 1.0
    fig.add_trace(
        go.Scattermap(
            lat=list(full["lat"]),
            lon=list(full["lon"]),
            mode="markers",
            marker={
                "size": 10,
                "color": list(full["value"]),
                "colorscale": SCALE,
                "cmin": 0,
                "cmax": top or 1.0,
                "showscale": True,  # coloured points say what their colours mean
                "colorbar": map_legend.colorbar(unit, percent),
            },
            name=unit,
            showlegend=False,
            customdata=[[c, h] for c, h in zip(full["code"], full["hover"])],
            hovertemplate="%{customdata[1]}<extra></extra>",
        )
    )
    lons, lats = _coordinates(outline)
    lats = [*lats, *points["lat"]] or [16.0]  # the whole outline, and every point
    lons = [*lons, *points["lon"]] or [106.0]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)

    # as wide as the narrowest column draws it: no part of the province is cut
    span = max(y(north) - y(south), (east - west) / 360 * height / NARROWEST, 0.0005)
    fig.update_layout(
        **charts.layout_options(lang, height),
    )
    fig.update_layout(
        map={
            "style": "white-bg",
            "center": {"lon": (west + east) / 2, "lat": (south + north) / 2},
            "zoom": math.log2(height * 0.8 / (512 * span)),
        },
        legend={"orientation": "h", "yanchor": "bottom", "y": 0.01, "x": 0.01},
    )
    if outline["features"]:  # polygons last (see :func:`figure`)
        fig.data[0].geojson = outline
    return fig


def commune_points(
    ctx: Ctx,
    table: pd.DataFrame,
    centres: pd.DataFrame,
    *,
    province: str,
    norm: str,
    unit: str,
    key: str,
    title: str,
    names: dict[str, str],
    filters: list[str],
    sources: list,
) -> Chart:
    """The communes of a comparison ``table`` as points (those with a known centre)."""
    lang = ctx.lang
    percent = norm == "share"
    pts = table.merge(centres.rename(columns={"locality_code": "code"}), on="code", how="inner")
    hover = []
    for row in pts.itertuples(index=False):
        name = names.get(row.code, row.code)
        if pd.isna(row.rate):
            hover.append(f"<b>{safe_text.label(name)}</b><br>{t('map_no_rate', lang)}")
        else:
            text = fmt.percent(row.rate, lang) if percent else fmt.auto(row.rate, lang)
            period = fmt.period(row.year_lo, row.year_hi)
            hover.append(f"<b>{safe_text.label(name)}</b><br>{text}<br>{period}")
    points = pd.DataFrame(
        {
            "code": pts["code"],
            "lat": pts["lat"],
            "lon": pts["lon"],
            "value": pts["rate"].astype(float),
            "hover": hover,
        }
    )
    boundary = "current" if province.startswith("N") else "reported"
    fig = point_figure(geo.subset(boundary, (province,)), points, lang, unit=unit, percent=percent)
    shown = points.assign(
        name=[names.get(c, c) for c in points["code"]],
        period_text=[fmt.period(a, b) for a, b in zip(pts["year_lo"], pts["year_hi"])],
    ).sort_values("value", ascending=False, na_position="last")
    columns = {"name": t("locality", lang), "value": unit, "period_text": t("data_period", lang)}
    notes = [t("points_coverage", lang, n=fmt.number(len(points), lang), total=len(table))]
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=points.drop(columns=["hover"]),
        **charts.table_fields(shown, columns, lang, percent=("value",) if percent else ()),
        unit=unit,
        filters=filters,
        sources=sources,
        notes=notes,
    )
