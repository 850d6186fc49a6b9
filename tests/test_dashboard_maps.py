"""Province maps: shipped boundaries, the choropleth (no figure ≠ zero), the map on the overview
and compare pages (same figures as the ranking), its image export, and a click in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import shape

from dashboard import geo, maps
from tests.dashboard_fixtures import charts, make_demo, open_page, problems, shown_text


def _provinces(era: str) -> set[str]:
    from data_loaders.reference.localities import build_localities

    info = build_localities()
    return set(info.loc[(info["tier"] == "province") & (info["era"] == era), "locality_code"])


def test_boundary_files_hold_every_province_light_and_clockwise() -> None:
    assert set(geo.codes("reported")) == _provinces("pre2025")
    assert set(geo.codes("current")) == _provinces("2025")
    assert len(geo.codes("reported")) == 63 and len(geo.codes("current")) == 34
    for boundary, name in geo.FILES.items():
        assert (geo.HERE / name).stat().st_size < 300_000, name
        for feature in geo.boundaries(boundary)["features"]:
            polygons = getattr(shape(feature["geometry"]), "geoms", [shape(feature["geometry"])])
            # plotly fills the outside of a counter-clockwise ring ("the world minus Vietnam")
            assert all(not p.exterior.is_ccw for p in polygons), feature["id"]


def test_islands_are_drawn_with_their_provinces() -> None:
    by_code = {f["id"]: shape(f["geometry"]) for f in geo.boundaries("current")["features"]}
    assert by_code["N48"].bounds[2] > 112  # Hoàng Sa, with Đà Nẵng
    assert by_code["N56"].bounds[2] > 114  # Trường Sa, with Khánh Hòa


def _table(rates: dict[str, float | None]) -> pd.DataFrame:
    codes = list(rates)
    return pd.DataFrame(
        {
            "code": codes,
            "value": [0 if r is None else r for r in rates.values()],
            "rate": [float("nan") if r is None else r for r in rates.values()],
            "year_lo": 2022,
            "year_hi": 2022,
            "is_derived": False,
            "basis": "stated",
        }
    )


def test_no_figure_is_grey_and_in_the_legend_zero_is_on_the_scale() -> None:
    table = _table({"01": 0.0, "31": 2084.0, "79": None})
    rows, off_map = maps.shaded(table, "reported", {"01": "Hà Nội"}, "vi", percent=False)
    fig = maps.figure("reported", rows, "vi", unit="mô hình")
    grey, scale = fig.data[0], fig.data[1]
    assert list(scale.locations) == ["01", "31"] and list(scale.z) == [0.0, 2084.0]
    assert scale.zmin == 0 and scale.colorscale[0][1] != maps.NO_DATA
    assert len(grey.locations) == 61 and "79" in grey.locations
    assert {c[1] for c in grey.colorscale} == {maps.NO_DATA}
    assert grey.showlegend and grey.name == "Không có số liệu"
    hover = dict(zip(scale.locations, (c[1] for c in scale.customdata)))
    assert hover["31"] == "<b>31</b><br>2.084<br>2022"  # Vietnamese number, period
    assert hover["01"].startswith("<b>Hà Nội</b><br>0<br>")
    assert off_map == []
    assert fig.layout.map.style == "white-bg"  # nothing fetched: no tiles, no CDN outline


def test_figures_of_the_other_boundary_are_named_not_drawn() -> None:
    table = _table({"01": 5.0, "N01": 9.0})
    rows, off_map = maps.shaded(table, "reported", {}, "vi", percent=False)
    assert off_map == ["N01"] and "N01" not in {r.code for r in rows}


def test_a_rate_without_denominator_is_not_zero() -> None:
    table = _table({"01": 5.0}).assign(rate=[float("nan")])
    rows, _ = maps.shaded(table, "reported", {}, "vi", percent=False)
    hanoi = next(r for r in rows if r.code == "01")
    assert hanoi.value is None and "thiếu mẫu số" in hanoi.hover


def test_a_click_names_the_province() -> None:
    event = {"selection": {"points": [{"location": "N08", "z": 3}], "point_indices": [0]}}
    assert maps.clicked(event) == "N08"
    assert maps.clicked({"selection": {"points": [{"customdata": ["31", "x"]}]}}) == "31"
    assert maps.clicked({"selection": {"points": []}}) is None
    assert maps.clicked(None) is None


# -- the pages (AppTest, bundled real sample) ---------------------------------------------


def _map(at) -> list[dict]:
    found = [c for c in charts(at) if c["data"] and c["data"][0]["type"] == "choroplethmap"]
    assert len(found) == 1, "one map on the page"
    return found[0]["data"]


def _shaded(traces: list[dict]) -> tuple[list[str], dict[str, float]]:
    grey, scale = traces[0], traces[1]
    return list(grey.get("locations", [])), dict(zip(scale["locations"], scale["z"]))


@pytest.mark.parametrize(("boundary", "n"), [("reported", 63), ("current", 34)])
def test_overview_map_follows_the_boundary_with_the_rankings_figures(
    sample_data_dir: Path, monkeypatch, boundary: str, n: int
) -> None:
    from metrics.comparisons import compare
    from metrics.engine import Engine
    from metrics.filters import Filter

    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("tong-quan", {"b": boundary, "m": "models_registered"})
    assert problems(at) == []
    grey, shaded = _shaded(_map(at))
    assert len(grey) + len(shaded) == n and set(grey).isdisjoint(shaded)
    assert grey, "the sample has provinces without a figure: drawn grey"
    engine = Engine(sample_data_dir)
    tier = "current_province" if boundary == "current" else "province"
    ranking = compare(engine, Filter(boundary=boundary), tier=tier).table.set_index("code")
    for code, z in shaded.items():
        assert z == pytest.approx(ranking.at[code, "rate"])
    assert set(grey).isdisjoint(ranking.index[ranking["rate"].notna()])
    captions = " ".join(shown_text(c.value) for c in at.caption)
    assert f"/ {n} tỉnh, thành" in captions and "không có số liệu (không phải số 0)" in captions


def test_compare_page_maps_a_normalised_province_ranking(
    sample_data_dir: Path, monkeypatch
) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("so-sanh", {"norm": "share"})
    assert problems(at) == []
    traces = _map(at)
    grey, shaded = _shaded(traces)
    assert len(grey) + len(shaded) == 63
    assert traces[1]["colorbar"]["tickformat"] == ".0%"
    # shares of the total of the ranking (one boundary version; the others are set apart)
    assert 0 < sum(shaded.values()) <= 1.0 + 1e-9
    picked = open_page("so-sanh", {"scope": "pick", "loc": "01,31"})
    assert not [c for c in charts(picked) if c["data"][0]["type"] == "choroplethmap"]


def test_map_as_a_table_lists_every_province(sample_data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("tong-quan", {"b": "current", "v_map": "table"})
    assert problems(at) == []
    tables = [d.value for d in at.dataframe if "Kỳ số liệu" in d.value.columns]
    assert any(len(t) == 34 and "—" in set(t.iloc[:, 1]) for t in tables)


@pytest.mark.slow
def test_map_exports_as_png_svg_pptx_and_pdf(tmp_path: Path) -> None:
    from dashboard.exports import documents, images
    from dashboard.exports.adapt import chart_view

    if images.browser() is None:
        pytest.skip("no chromium for kaleido")
    chart = maps.choropleth(
        _table({"N01": 10.0, "N31": 0.0}),
        lang="vi",
        boundary="current",
        norm="absolute",
        unit="mô hình",
        key="map",
        title="Bản đồ: Mô hình đăng ký",
        names={"N01": "Thành phố Hà Nội"},
        filters=["Cả nước"],
        sources=[],
    )
    view = chart_view(chart, synthetic=False)
    assert len(view.table) == 34
    png = images.render(view, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    (tmp_path / "map.png").write_bytes(png)
    assert "Bản đồ: Mô hình đăng ký" in images.render(view, "svg").decode()
    deck = documents.deck_pptx([view], "Cả nước", lambda v: images.render(v, "png"))
    pdf = documents.report_pdf([view], "Cả nước", lambda v: images.render(v, "png"))
    assert deck[:2] == b"PK" and pdf[:5] == b"%PDF-"


# -- in Chromium -------------------------------------------------------------------------


@pytest.mark.browser
def test_a_click_on_a_province_drills_into_it(tmp_path_factory) -> None:
    from tests.e2e_support import ARGS, CHROMIUM, dashboard

    data = make_demo(tmp_path_factory.mktemp("maps-demo"))
    log = tmp_path_factory.mktemp("maps-log") / "server.log"
    with dashboard(data, log) as base:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/?b=current")
            page.wait_for_selector(".js-plotly-plot .maplibregl-canvas", timeout=90_000)
            page.wait_for_timeout(1500)
            page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            features = page.evaluate(
                "() => document.querySelector('.js-plotly-plot')._fullData"
                ".reduce((n, t) => n + (t.locations || []).length, 0)"
            )
            assert features == 34
            # Tuyên Quang (N08) at 105.2° E, 21.9° N: projected by the map itself
            x, y = page.evaluate(
                """() => {
                const m = document.querySelector('.js-plotly-plot')._fullLayout.map._subplot.map;
                const pt = m.project([105.2, 21.9]);
                const r = m.getCanvas().getBoundingClientRect();
                return [r.left + pt.x, r.top + pt.y];
            }"""
            )
            page.mouse.move(x, y)
            page.wait_for_timeout(300)
            page.mouse.click(x, y)
            page.wait_for_function("() => location.search.includes('p=N08')", timeout=60_000)
            # the view changed: the page now looks into the province
            page.locator("h1", has_text="Tổng quan — Tỉnh Tuyên Quang").wait_for(timeout=60_000)
            # a bar of the compare page's ranking drills the same way
            page.goto(f"{base}/so-sanh")
            page.wait_for_selector(".js-plotly-plot .bars path", timeout=90_000)
            page.wait_for_timeout(1500)
            first = page.locator(".js-plotly-plot .bars path").first
            first.scroll_into_view_if_needed()
            first.click(force=True)
            page.wait_for_function("() => location.search.includes('p=')", timeout=60_000)
            inside = re.compile(r"Các đơn vị trực thuộc (Tỉnh|Thành phố) ")
            page.get_by_text(inside).first.wait_for(timeout=60_000)  # now its districts
            browser.close()


def test_compare_communes_of_a_province_as_points(tmp_path_factory, monkeypatch) -> None:
    """Demo data: the communes of a province with a figure, at their centres."""
    data = make_demo(tmp_path_factory.mktemp("points-demo"))
    monkeypatch.setenv("DVK_DATA_DIR", str(data))
    from metrics.comparisons import compare
    from metrics.engine import Engine
    from metrics.filters import Filter

    engine = Engine(data)
    province = compare(engine, Filter(), tier="province").table["code"].iloc[0]
    ranked = compare(engine, Filter(locality=province), tier="commune", scope=[province]).table
    at = open_page("so-sanh", {"p": province, "scope": "communes"})
    assert problems(at) == []
    found = [
        c
        for c in charts(at)
        if any(t["type"] == "scattermap" for t in c["data"])
        and c["data"][0]["type"] == "choroplethmap"
    ]
    assert len(found) == 1
    traces = found[0]["data"]
    assert traces[0]["locations"] == [province]  # the province's outline
    marked = traces[2]
    assert len(marked["lat"]) + len(traces[1].get("lat", [])) == len(ranked)
    assert sorted(marked["marker"]["color"]) == sorted(ranked["rate"].dropna().tolist())
    assert all(8 < lat < 24 for lat in marked["lat"]) and all(102 < x < 118 for x in marked["lon"])


def test_the_shared_map_figure_sends_the_same_json_as_a_plain_one() -> None:
    import json

    import plotly.graph_objects as go
    import plotly.io as pio
    import plotly.tools

    rows, _ = maps.shaded(_table({"01": 1.0, "31": 2.0}), "reported", {}, "vi", percent=False)
    fig = maps.figure("reported", rows, "vi", unit="mô hình", selected="01")
    sent = plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True)
    plain = go.Figure(fig).to_dict()
    assert json.loads(pio.to_json(sent, validate=False)) == json.loads(pio.to_json(plain))
    assert len(fig.data[0].geojson["features"]) == 61  # the figure itself is untouched
