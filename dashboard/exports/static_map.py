"""Maps in exported images, drawn without WebGL.

On the page a map is a ``choroplethmap`` (provinces) or ``scattermap`` (communes at their
centres) trace: plotly.js draws those with WebGL, which headless Chromium runs in software —
about two seconds an image, and only the full plotly.js bundle can draw them. An image does not
need a map you can pan, so here the same figure is drawn flat: its polygons and points are
projected (Web Mercator, as on the page) into an SVG in Python, placed as the plot's picture, and
the colour bar and legend entries of the page's traces are kept as plain scatter traces (the
basic bundle draws them). Every colour comes from the page's own trace — its ``z`` or marker
values, ``zmin``/``zmax``, colour scale, outline — so the image shows what the screen shows
(``tests/test_export_static_map.py``).
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Iterator, Sequence
from typing import Any

MAP_TRACES = frozenset({"choroplethmap", "scattermap", "choroplethmapbox", "scattermapbox"})
"""Trace types drawn with WebGL on a tiled map (``*mapbox``: the older names of the same)."""
COLOUR_BAR_PX = 150
"""Width kept free at the right of the plot for the colour bar (bar, ticks and title)."""
LEGEND_PX = 40
"""Height kept free at the bottom of the plot for the legend ("không có số liệu")."""
FILL = 0.96
"""Part of the free area the map's longer side takes (a margin around the country)."""
_RGB = re.compile(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)")


def has_map(fig: Any) -> bool:
    """Whether the figure (a ``go.Figure`` or its dict) has a trace drawn on a tiled map."""
    return any(_get(trace, "type") in MAP_TRACES for trace in _traces(fig))


# -- colours ------------------------------------------------------------------------------
def rgba(colour: str) -> tuple[float, float, float, float]:
    """(r, g, b, alpha) of a CSS colour written as plotly writes them (``#rgb``, ``#rrggbb``,
    ``rgb(…)``, ``rgba(…)``).

    >>> rgba("#41b6c4"), rgba("rgba(0,0,0,0)"), rgba("#fff")
    ((65.0, 182.0, 196.0, 1.0), (0.0, 0.0, 0.0, 0.0), (255.0, 255.0, 255.0, 1.0))
    """
    text = colour.strip().lower()
    if text.startswith("#") and len(text) in (4, 7):
        digits = text[1:] if len(text) == 7 else "".join(c * 2 for c in text[1:])
        return (*(float(int(digits[i : i + 2], 16)) for i in (0, 2, 4)), 1.0)  # type: ignore[return-value]
    found = _RGB.fullmatch(text)
    if found is None:
        raise ValueError(f"unsupported colour {colour!r} (expected #rrggbb, rgb() or rgba())")
    r, g, b, a = found.groups()
    return float(r), float(g), float(b), float(a) if a is not None else 1.0


def colour_at(scale: Sequence[Sequence[Any]], value: float, low: float, high: float) -> str:
    """The colour of ``value`` on a plotly colour ``scale`` spanning ``low``…``high``, as
    plotly.js finds it (linear in RGB between the scale's stops, clamped at both ends); a
    ``#rrggbb`` string, or ``rgba(…)`` when the colour is see-through.

    >>> scale = [[0, "#ffffd9"], [0.5, "#41b6c4"], [1, "#081d58"]]
    >>> colour_at(scale, 0, 0, 10), colour_at(scale, 5, 0, 10), colour_at(scale, 12, 0, 10)
    ('#ffffd9', '#41b6c4', '#081d58')
    >>> colour_at(scale, 2.5, 0, 10)
    '#a0dbcf'
    """
    stops = sorted((float(at), rgba(str(colour))) for at, colour in scale)
    span = high - low
    where = 0.0 if span <= 0 else min(max((value - low) / span, 0.0), 1.0)
    below = max((s for s in stops if s[0] <= where), default=stops[0], key=lambda s: s[0])
    above = min((s for s in stops if s[0] >= where), default=stops[-1], key=lambda s: s[0])
    part = 0.0 if above[0] == below[0] else (where - below[0]) / (above[0] - below[0])
    mixed = [b + (a - b) * part for b, a in zip(below[1], above[1])]
    r, g, b = (math.floor(c + 0.5) for c in mixed[:3])  # rounded as JavaScript rounds
    if mixed[3] < 1:
        return f"rgba({r},{g},{b},{mixed[3]:g})"
    return f"#{r:02x}{g:02x}{b:02x}"


# -- projection ---------------------------------------------------------------------------
def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in units of the world's width (y grows northwards)."""
    lat = min(max(lat, -85.0), 85.0)
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)
    return lon / 360.0, y


def _rings(geometry: dict) -> Iterator[list]:
    """The rings (outer and holes) of a GeoJSON Polygon or MultiPolygon."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


class _Frame:
    """Longitude/latitude → pixels: the extent of every shape, fitted into a box."""

    def __init__(self, points: list[tuple[float, float]], box: tuple[float, ...]) -> None:
        projected = [_mercator(lon, lat) for lon, lat in points] or [(0.0, 0.0)]
        xs, ys = [p[0] for p in projected], [p[1] for p in projected]
        left, top, width, height = box
        west, east, south, north = min(xs), max(xs), min(ys), max(ys)
        span_x, span_y = max(east - west, 1e-9), max(north - south, 1e-9)
        self.scale = FILL * min(width / span_x, height / span_y)
        self.x0 = left + (width - span_x * self.scale) / 2 - west * self.scale
        self.y0 = top + (height - span_y * self.scale) / 2 + north * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _mercator(lon, lat)
        return self.x0 + x * self.scale, self.y0 - y * self.scale


# -- the traces of the page ---------------------------------------------------------------
def _traces(fig: Any) -> list:
    data = fig.get("data") if isinstance(fig, dict) else getattr(fig, "data", None)
    return list(data or ())


def _get(obj: Any, *path: str) -> Any:
    """A nested property of a trace or a plain dict (``None`` when not set)."""
    for key in path:
        if obj is None:
            return None
        obj = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
    return obj


def _plain(value: Any) -> Any:
    """A plotly object (a colour bar, a scale) as plain JSON-like data."""
    if hasattr(value, "to_plotly_json"):
        value = value.to_plotly_json()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _numbers(values: Any) -> list[float | None]:
    out: list[float | None] = []
    for v in list(values) if values is not None else []:
        try:
            number = float(v)
        except (TypeError, ValueError):
            out.append(None)
            continue
        out.append(None if math.isnan(number) else number)
    return out


def _range(values: list[float | None], low: Any, high: Any) -> tuple[float, float]:
    """The colour range of a trace: its ``zmin``/``zmax`` (``cmin``/``cmax``) when set, else
    the range of its values (plotly's ``zauto``)."""
    known = [v for v in values if v is not None] or [0.0]
    return (
        float(low) if low is not None else min(known),
        float(high) if high is not None else max(known),
    )


def province_colours(trace: Any) -> dict[str, str]:
    """The fill of each location of a ``choroplethmap`` trace, as plotly.js colours it."""
    z = _numbers(_get(trace, "z"))
    low, high = _range(z, _get(trace, "zmin"), _get(trace, "zmax"))
    scale = _plain(_get(trace, "colorscale"))
    return {
        str(code): colour_at(scale, value, low, high)
        for code, value in zip(_get(trace, "locations") or (), z)
        if value is not None
    }


def _fill(colour: str) -> str:
    """SVG fill attributes of a colour (see-through colours as fill-opacity)."""
    if colour.startswith("rgba"):
        r, g, b, a = rgba(colour)
        return f'fill="rgb({r:g},{g:g},{b:g})" fill-opacity="{a:g}"'
    return f'fill="{colour}"'


def _path(geometry: dict, frame: _Frame) -> str:
    parts = []
    for ring in _rings(geometry):
        points = [frame(float(p[0]), float(p[1])) for p in ring]
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _features(trace: Any) -> dict[str, dict]:
    """The GeoJSON features of a ``choroplethmap`` trace by the id its ``locations`` name
    (``featureidkey``: ``id`` or a dotted path such as ``properties.code``)."""
    key = str(_get(trace, "featureidkey") or "id")
    geojson = _get(trace, "geojson") or {}
    return {str(_get(f, *key.split("."))): f for f in geojson.get("features", [])}


def _polygons(trace: Any, frame: _Frame) -> list[str]:
    """SVG paths of a ``choroplethmap`` trace, one per location, filled as plotly fills it."""
    colours = province_colours(trace)
    features = _features(trace)
    line = _get(trace, "marker", "line")
    stroke = _get(line, "color") or "#444"
    width = _get(line, "width")
    width = 1.0 if width is None else float(width)
    opacity = _get(trace, "marker", "opacity")
    shapes = []
    for code in _get(trace, "locations") or ():
        feature, colour = features.get(str(code)), colours.get(str(code))
        if feature is None or colour is None:
            continue
        d = _path(feature.get("geometry") or {}, frame)
        if not d:
            continue
        extra = f' opacity="{float(opacity):g}"' if opacity is not None else ""
        shapes.append(
            f'<path data-code="{_escape(str(code))}" d="{d}" {_fill(colour)} stroke="{stroke}" '
            f'stroke-width="{width:g}" stroke-linejoin="round" fill-rule="evenodd"{extra}/>'
        )
    return shapes


def point_colours(trace: Any) -> list[str | None]:
    """The colour of each point of a ``scattermap`` trace (``None``: not drawn)."""
    colour = _get(trace, "marker", "color")
    count = len(list(_get(trace, "lat") or ()))
    if colour is None or isinstance(colour, str):
        return [colour or "#1f77b4"] * count
    values = _numbers(colour)
    low, high = _range(values, _get(trace, "marker", "cmin"), _get(trace, "marker", "cmax"))
    scale = _plain(_get(trace, "marker", "colorscale"))
    return [None if v is None else colour_at(scale, v, low, high) for v in values]


def _points(trace: Any, frame: _Frame) -> list[str]:
    size = _get(trace, "marker", "size")
    sizes = list(size) if isinstance(size, (list, tuple)) else None
    opacity = _get(trace, "marker", "opacity")
    extra = f' opacity="{float(opacity):g}"' if isinstance(opacity, (int, float)) else ""
    shapes = []
    lats, lons = list(_get(trace, "lat") or ()), list(_get(trace, "lon") or ())
    for i, (lat, lon, colour) in enumerate(zip(lats, lons, point_colours(trace))):
        if colour is None or lat is None or lon is None:
            continue
        x, y = frame(float(lon), float(lat))
        diameter = float(sizes[i] if sizes else size if size is not None else 6)
        shapes.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{diameter / 2:g}" {_fill(colour)}{extra}/>'
        )
    return shapes


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _lonlats(traces: list) -> list[tuple[float, float]]:
    """Every vertex and point the map draws (its extent is fitted into the image)."""
    found: list[tuple[float, float]] = []
    for trace in traces:
        kind = _get(trace, "type")
        if kind in ("choroplethmap", "choroplethmapbox"):
            features = _features(trace)
            for code in _get(trace, "locations") or ():
                feature = features.get(str(code)) or {}
                for ring in _rings(feature.get("geometry") or {}):
                    found += [(float(p[0]), float(p[1])) for p in ring]
        else:
            pairs = zip(_get(trace, "lon") or (), _get(trace, "lat") or ())
            found += [(float(lon), float(lat)) for lon, lat in pairs if None not in (lon, lat)]
    return found


def svg(traces: list, width: int, height: int, box: tuple[float, ...] | None = None) -> str:
    """The map traces drawn flat into an SVG of ``width`` × ``height`` pixels; ``box``:
    (left, top, width, height) the shapes are fitted into (default: all of it)."""
    frame = _Frame(_lonlats(traces), box or (0, 0, width, height))
    shapes: list[str] = []
    for trace in traces:  # in the page's order: later traces are drawn on top
        if _get(trace, "visible") is False:
            continue
        kind = _get(trace, "type")
        shapes += _polygons(trace, frame) if "choropleth" in kind else _points(trace, frame)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{"".join(shapes)}</svg>'
    )


# -- the flat figure ----------------------------------------------------------------------
def _stand_ins(trace: Any) -> list[dict]:
    """Plain scatter traces standing in for a map trace's colour bar and legend entry (they
    draw no point: the map itself is the picture)."""
    kind = _get(trace, "type")
    out: list[dict] = []
    empty = {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "hoverinfo": "skip"}
    if "choropleth" in kind:
        z = _numbers(_get(trace, "z"))
        low, high = _range(z, _get(trace, "zmin"), _get(trace, "zmax"))
        scale = _plain(_get(trace, "colorscale"))
        shows_scale = _get(trace, "showscale") is not False  # plotly's default: shown
        bar = _get(trace, "colorbar")
        colours = list(province_colours(trace).values())
        swatch = colours[0] if colours else colour_at(scale, low, low, high)
        line = _plain(_get(trace, "marker", "line")) or {}
        legend_marker = {"symbol": "square", "size": 13, "color": swatch, "line": line}
    else:
        marker = _get(trace, "marker")
        scale = _plain(_get(marker, "colorscale"))
        values = _get(marker, "color")
        numeric = values is not None and not isinstance(values, str)
        cmin, cmax = _get(marker, "cmin"), _get(marker, "cmax")
        low, high = _range(_numbers(values) if numeric else [], cmin, cmax)
        shows_scale = numeric and _get(marker, "showscale") is True  # plotly's default: hidden
        bar = _get(marker, "colorbar")
        colours = [c for c in point_colours(trace) if c]
        size = _get(marker, "size") or 6
        legend_marker = {"size": size, "color": colours[0] if colours else None}
    if shows_scale and scale:
        out.append(
            {
                **empty,
                "showlegend": False,
                "marker": {
                    "color": [low],
                    "colorscale": scale,
                    "cmin": low,
                    "cmax": high,
                    "showscale": True,
                    "colorbar": _plain(bar) or {},
                },
            }
        )
    if _get(trace, "showlegend") is not False and _get(trace, "name"):
        out.append(
            {
                **empty,
                "name": _get(trace, "name"),
                "showlegend": True,
                "marker": legend_marker,
            }
        )
    return out


def flattened(fig: Any, width: int, height: int) -> Any:
    """A copy of ``fig`` (a ``go.Figure`` laid out for a ``width`` × ``height`` image) with
    its map drawn flat as the plot's picture: no WebGL, and only traces the basic plotly.js
    bundle draws. A figure without a map is returned as it is."""
    import plotly.graph_objects as go

    if not has_map(fig):
        return fig
    layout = _plain(fig.layout)
    margin = layout.get("margin") or {}
    plot_w = max(int(width - margin.get("l", 80) - margin.get("r", 80)), 1)
    plot_h = max(int(height - margin.get("t", 100) - margin.get("b", 80)), 1)
    maps = [t for t in fig.data if t.type in MAP_TRACES]
    others = [t.to_plotly_json() for t in fig.data if t.type not in MAP_TRACES]
    stand_ins = [s for t in maps for s in _stand_ins(t)]
    right = COLOUR_BAR_PX if any(s["marker"].get("showscale") for s in stand_ins) else 0
    bottom = LEGEND_PX if any(s.get("showlegend") for s in stand_ins) else 0
    box = (0, 0, max(plot_w - right, 1), max(plot_h - bottom, 1))
    picture = svg(maps, plot_w, plot_h, box)
    for key in ("map", "mapbox"):
        layout.pop(key, None)
    layout["images"] = [
        *layout.get("images", []),
        {
            "source": "data:image/svg+xml;base64,"
            + base64.b64encode(picture.encode("utf-8")).decode("ascii"),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 1,
            "sizex": 1,
            "sizey": 1,
            "xanchor": "left",
            "yanchor": "top",
            "sizing": "stretch",
            "layer": "below",
        },
    ]
    hidden = {"visible": False, "range": [0, 1], "fixedrange": True}
    layout["xaxis"] = {**layout.get("xaxis", {}), **hidden}
    layout["yaxis"] = {**layout.get("yaxis", {}), **hidden}
    return go.Figure({"data": [*others, *stand_ins], "layout": layout})
