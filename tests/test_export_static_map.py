"""Exported maps are drawn without WebGL (``dashboard/exports/static_map.py``) and show what
the screen shows: every province's colour, the grey of "no figure", the colour bar and the
legend are those of the page's own map (its view model), and Chromium draws them with the
basic plotly.js bundle, which has no map (WebGL) traces at all."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from plotly.colors import sample_colorscale

from dashboard import geo, maps, point_maps
from dashboard.charts import Chart
from dashboard.exports import batch, browser, images, static_map
from dashboard.exports.adapt import chart_view

pytestmark = pytest.mark.xdist_group("kaleido")


def _svg(fig) -> str:
    """The SVG picture of a flattened map figure."""
    (picture,) = [i for i in fig.layout.images if i.source.startswith("data:image/svg+xml")]
    return base64.b64decode(picture.source.split(",", 1)[1]).decode("utf-8")


def _fills(svg: str) -> dict[str, str]:
    """The fill of each province path (``data-code``) of the picture; a province drawn twice
    (the selection's outline on top) keeps its first, filled, path."""
    fills: dict[str, str] = {}
    for code, fill in re.findall(r'<path data-code="([^"]+)" d="[^"]*" fill="([^"]+)"', svg):
        fills.setdefault(code, fill)
    return fills


def _rgb(colour: str) -> tuple[int, ...]:
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(round(float(v)) for v in re.findall(r"[\d.]+", colour)[:3])


def _near(a: str, b: str) -> bool:
    """The same colour, to one unit of rounding per channel."""
    return all(abs(x - y) <= 1 for x, y in zip(_rgb(a), _rgb(b)))


def _compare_map(sample_data_dir: Path, query: dict[str, str]):
    charts, ctx = batch.build(sample_data_dir, "so-sanh", query)
    (chart,) = [c for c in charts if c.key == "map"]
    return chart, chart_view(chart, synthetic=ctx.synthetic, lang=ctx.lang)


@pytest.mark.parametrize("query", [{}, {"norm": "per_10k"}, {"norm": "per_10k", "b": "current"}])
def test_the_exported_map_is_drawn_without_webgl(sample_data_dir: Path, query) -> None:
    chart, view = _compare_map(sample_data_dir, query)
    assert {t.type for t in chart.figure.data} == {"choroplethmap"}  # the screen: a WebGL map
    fig = static_map.flattened(images.decorated(view), images.WIDTH, images.HEIGHT)
    kinds = {t.type for t in fig.data}
    assert kinds <= browser.BASIC_TRACES and not kinds & static_map.MAP_TRACES
    assert "map" not in fig.layout.to_plotly_json() and not static_map.has_map(fig)
    assert browser.bundle_for([fig]) == "basic"
    assert "<path" in _svg(fig)


@pytest.mark.parametrize("query", [{}, {"norm": "per_10k"}, {"norm": "per_10k", "b": "current"}])
def test_the_exported_maps_colours_are_the_screens(sample_data_dir: Path, query) -> None:
    chart, view = _compare_map(sample_data_dir, query)
    fig = static_map.flattened(images.decorated(view), images.WIDTH, images.HEIGHT)
    fills = _fills(_svg(fig))
    # the screen's view model: one row per province, its rate or no figure
    shown = chart.data.set_index("code")["rate"]
    assert set(fills) == set(shown.index)
    top = float(shown.max())
    for code, rate in shown.items():
        if pd.isna(rate):
            assert fills[code] == maps.NO_DATA, code
        else:  # plotly's own scale function, not the one under test
            (expected,) = sample_colorscale(maps.SCALE, [rate / top], colortype="rgb")
            assert _near(fills[code], expected), (code, rate, fills[code], expected)
    # the colour bar: the screen's scale, range and legend title, in the figure's separators
    screen = next(t for t in chart.figure.data if t.showscale is not False)
    (bar,) = [t for t in fig.data if t.marker.showscale]
    assert [list(s) for s in bar.marker.colorscale] == [list(s) for s in maps.SCALE]
    assert (bar.marker.cmin, bar.marker.cmax) == (screen.zmin, screen.zmax) == (0, top)
    assert bar.marker.colorbar.to_plotly_json() == screen.colorbar.to_plotly_json()
    # "no figure" is in the legend, grey, exactly when the screen's legend has it
    legend = [t for t in fig.data if t.showlegend]
    without = any(pd.isna(shown))
    assert [(t.name, t.marker.color) for t in legend] == (
        [("Không có số liệu", maps.NO_DATA)] if without else []
    )


def test_the_selected_province_is_outlined_on_top() -> None:
    table = pd.DataFrame(
        {
            "code": ["01", "31", "79"],
            "rate": [1.0, 2.0, 3.0],
            "year_lo": 2022,
            "year_hi": 2022,
            "is_derived": False,
            "basis": "stated",
        }
    )
    rows, _ = maps.shaded(table, "reported", {}, "vi", False)
    screen = maps.figure("reported", rows, "vi", unit="mô hình", selected="79")
    svg = static_map.svg(list(screen.data), 800, 600)
    outline = re.findall(r'<path data-code="79"[^>]*>', svg)
    assert len(outline) == 2 and 'stroke="#d32f2f"' in outline[-1]
    assert svg.rindex('data-code="79"') > max(svg.index(f'data-code="{c}"') for c in ("01", "31"))


def _point_chart() -> Chart:
    outline = geo.subset("current", ("N01",))
    points = pd.DataFrame(
        {
            "code": ["a", "b", "c", "d"],
            "lat": [20.9, 21.0, 21.1, 20.8],
            "lon": [105.6, 105.8, 105.7, 105.5],
            "value": [0.0, 5.0, 10.0, float("nan")],
            "hover": ["a", "b", "c", "d"],
        }
    )
    fig = point_maps.point_figure(outline, points, "vi", unit="mô hình")
    return Chart("points", "Xã của Hà Nội", fig, points, points, "mô hình", ["Hà Nội"])


def test_commune_points_keep_their_colours_and_grey(sample_data_dir: Path) -> None:
    chart = _point_chart()
    fig = static_map.flattened(images.decorated(chart_view(chart, synthetic=False)), 1600, 900)
    assert {t.type for t in fig.data} <= browser.BASIC_TRACES
    svg = _svg(fig)
    circles = re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="([^"]+)" fill="([^"]+)"', svg)
    # grey first (the page's trace order), then the scale's ends and middle
    expected = [("3.5", maps.NO_DATA)] + [
        ("5", c) for c in sample_colorscale(maps.SCALE, [0, 0.5, 1], colortype="rgb")
    ]
    assert len(circles) == 4
    for (r, fill), (want_r, want_fill) in zip(circles, expected):
        assert r == want_r and _near(fill, want_fill), (r, fill, want_r, want_fill)
    assert svg.count("<path") == 1  # the province outline under the points
    # the page shows the points' colour bar (marker.showscale): so does the image
    assert chart.figure.data[-1].marker.showscale is True
    assert [t.marker.showscale for t in fig.data if t.marker.showscale] == [True]


def test_a_figure_without_a_map_is_left_as_it_is() -> None:
    import plotly.graph_objects as go

    bars = go.Figure(go.Bar(x=["a"], y=[1]))
    assert static_map.flattened(bars, 1600, 900) is bars


def test_colours_outside_the_range_are_clamped_and_see_through_ones_kept() -> None:
    scale = [[0, "#000000"], [1, "#ffffff"]]
    assert static_map.colour_at(scale, -5, 0, 10) == "#000000"
    assert static_map.colour_at(scale, 50, 0, 10) == "#ffffff"
    assert static_map.colour_at(scale, 3, 3, 3) == "#000000"  # a range of one value
    clear = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    assert static_map.colour_at(clear, 0, 0, 1) == "rgba(0,0,0,0)"
    with pytest.raises(ValueError, match="unsupported colour"):
        static_map.rgba("teal")


@pytest.mark.slow
def test_chromium_draws_the_flat_map_with_the_basic_bundle(sample_data_dir: Path) -> None:
    """The image itself: drawn by a browser holding only the basic bundle (no map trace, no
    WebGL), with the screen's darkest and grey fills covering whole provinces."""
    from PIL import Image

    chart, view = _compare_map(sample_data_dir, {"norm": "per_10k"})
    browser.stop()
    browser.warm_up("basic")
    png = images.render(view, "png")
    assert browser.running() == {"basic"}
    browser.stop()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (images.WIDTH, images.HEIGHT)
    colours = image.getcolors(maxcolors=1_000_000) or []
    counts = {"#{:02x}{:02x}{:02x}".format(*rgb): n for n, rgb in colours}
    shown = chart.data.set_index("code")["rate"]
    assert counts.get(maps.NO_DATA, 0) > 2_000 if shown.isna().any() else True
    darkest = maps.SCALE[-1][1]
    assert counts.get(darkest, 0) > 200, "the top province is not filled with the top colour"
