"""The maps' colour legend is readable in narrow views: its title stands above the bar in
short lines (along the bar, a long unit was cut), and the whole country fits the narrowest
drawing area (an 800-pixel window with the sidebar open)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from shapely.geometry import shape

from dashboard import geo, map_legend, maps, point_maps

UNIT = "mô hình, điển hình / 10.000 dân"


def _rows() -> list[maps.Shaded]:
    table = pd.DataFrame(
        {
            "code": ["01", "31"],
            "value": [1, 2],
            "rate": [1.5, 2.5],
            "year_lo": 2022,
            "year_hi": 2022,
            "is_derived": False,
            "basis": "stated",
        }
    )
    return maps.shaded(table, "reported", {}, "vi", percent=False)[0]


def _title_lines(bar) -> list[str]:
    return bar.title.text.split("<br>")


def test_the_colour_bar_title_is_above_the_bar_in_short_lines() -> None:
    fig = maps.figure("reported", _rows(), "vi", unit=UNIT)
    bar = fig.data[1].colorbar
    assert bar.title.side == "top"
    lines = _title_lines(bar)
    assert len(lines) > 1 and all(len(line) <= map_legend.LINE for line in lines), lines
    assert " ".join(lines) == UNIT  # every word kept, in order
    assert bar.x == 1.0 and bar.xanchor == "right"


def test_the_point_map_uses_the_same_legend() -> None:
    outline = {"type": "FeatureCollection", "features": geo.boundaries("reported")["features"][:1]}
    points = pd.DataFrame(
        {"code": ["a", "b"], "lat": [21.0, 21.1], "lon": [105.8, 105.9], "value": [1.0, 2.0]}
    )
    points["hover"] = ["a", "b"]
    fig = point_maps.point_figure(outline, points, "vi", unit=UNIT)
    bars = [t.marker.colorbar for t in fig.data if t.type == "scattermap"]
    titled = [b for b in bars if b.title.text]
    assert titled and all(b.title.side == "top" for b in titled)
    shown = [t for t in fig.data if t.type == "scattermap" and t.marker.showscale]
    assert len(shown) == 1 and shown[0].marker.colorbar.title.text  # the scale is drawn
    province_map = maps.figure("reported", _rows(), "vi", unit=UNIT)
    assert _title_lines(titled[0]) == _title_lines(province_map.data[1].colorbar)


@pytest.mark.parametrize("boundary", ["reported", "current"])
def test_the_whole_country_fits_the_narrowest_map(boundary: str) -> None:
    fig = maps.figure(boundary, _rows(), "vi", unit=UNIT)
    west, south, east, north = geo.extent(boundary)
    view = fig.layout.map
    pixels_per_degree = 512 * 2**view.zoom / 360
    assert (east - west) * pixels_per_degree <= maps.NARROWEST  # islands included
    half = max(view.center.lon - west, east - view.center.lon) * pixels_per_degree
    assert half <= maps.NARROWEST / 2 + 1
    assert math.isclose(view.center.lon, (west + east) / 2)


def test_a_province_of_points_fits_the_narrowest_map() -> None:
    """The outline (not only the communes' centres) sets the view: the whole province shows
    in the narrowest drawing area."""
    feature = next(f for f in geo.boundaries("reported")["features"] if f["id"] == "40")
    outline = {"type": "FeatureCollection", "features": [feature]}
    points = pd.DataFrame(
        {"code": ["a"], "lat": [19.0], "lon": [105.5], "value": [1.0], "hover": ["a"]}
    )
    fig = point_maps.point_figure(outline, points, "vi", unit=UNIT)
    west, _south, east, _north = shape(feature["geometry"]).bounds
    view = fig.layout.map
    pixels_per_degree = 512 * 2**view.zoom / 360
    half = max(view.center.lon - west, east - view.center.lon) * pixels_per_degree
    assert half <= maps.NARROWEST / 2
