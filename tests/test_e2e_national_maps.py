"""In Chromium on national-shape demo data (every province and district of both boundary
versions): the overview's map of 34 and of 63 provinces, a click on a province, the compare
page's top N bars, search with a rank, and drilling province → district → commune from the ranking's
bars, the dot plot and the funnel plot.

The data is a lighter national set (every province and district of the country, a quarter of
the communes reporting; ~0.5 M tallies, ~10 s) made once for the module;
``DVK_E2E_NATIONAL_DIR`` may name a full ``dvk demo --scale national`` directory instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e_support import ARGS, CHROMIUM, dashboard, settle, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("e2e-national")]
LONG = 120_000


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    given = os.environ.get("DVK_E2E_NATIONAL_DIR")
    if given:
        return Path(given)
    from data_loaders.demo import generate
    from data_loaders.demo.space import SCALES, Scale

    directory = tmp_path_factory.mktemp("national-e2e")
    SCALES["e2e-national"] = Scale("e2e-national", None, 0.25, 0.1, 20_000)
    try:
        generate(directory, scale="e2e-national", seed=14)
    finally:
        del SCALES["e2e-national"]
    return directory


@pytest.fixture(scope="module")
def server(national: Path, tmp_path_factory):
    log = tmp_path_factory.mktemp("national-log") / "server.log"
    with dashboard(national, log) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def _map_features(page) -> int:
    page.wait_for_selector(".js-plotly-plot .maplibregl-canvas", timeout=LONG)
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
            .filter(p => (p._fullData || []).some(t => t.type === 'choroplethmap'))
            .map(p => p._fullData.reduce((n, t) => n + (t.locations || []).length, 0))[0]"""
    )


def _plot_index(page, test: str) -> int:
    """The index of the first plot whose traces pass ``test`` (a JS predicate on a trace)."""
    return page.evaluate(
        f"""() => [...document.querySelectorAll('.js-plotly-plot')]
            .findIndex(p => (p._fullData || []).some(t => {test}))"""
    )


def _wait_plot(page, test: str) -> int:
    """The index of the first plot whose traces pass ``test``, once plotly has drawn it (a
    chart's title shows before its plot is drawn)."""
    predicate = f"""() => [...document.querySelectorAll('.js-plotly-plot')]
        .some(p => (p._fullData || []).some(t => {test}))"""
    page.wait_for_function(predicate, timeout=LONG)
    return _plot_index(page, test)


def _into_view(page, plot: int) -> None:
    page.evaluate(
        f"() => document.querySelectorAll('.js-plotly-plot')[{plot}]"
        ".scrollIntoView({block: 'center'})"
    )
    page.wait_for_timeout(1000)


def _click_point(page, plot: int, trace_test: str) -> str:
    """Click the first point of the first trace of plot ``plot`` passing ``trace_test``;
    return the code it carries."""
    box = page.evaluate(
        f"""() => {{
        const p = document.querySelectorAll('.js-plotly-plot')[{plot}];
        p.scrollIntoView({{block: 'center'}});
        const traces = p.querySelectorAll('.scatterlayer .trace');
        const at = p._fullData.filter(t => t.type === 'scatter')
            .findIndex(t => {trace_test});
        const point = traces[at].querySelector('path.point');
        const r = point.getBoundingClientRect();
        const data = p._fullData.filter(t => t.type === 'scatter')[at];
        return [r.left + r.width / 2, r.top + r.height / 2, data.customdata[0][0]];
    }}"""
    )
    page.mouse.move(box[0], box[1])
    page.wait_for_timeout(300)
    page.mouse.click(box[0], box[1])
    return box[2]


def test_the_overview_maps_34_and_63_provinces_and_a_click_looks_into_one(server, page) -> None:
    page.goto(f"{server}/?b=current")
    settle(page, run_ms=LONG)
    assert _map_features(page) == 34
    shot(page, "national-overview-34")
    page.goto(f"{server}/?period=2016-2020")  # figures of the old provinces: the map of 63
    settle(page, run_ms=LONG)
    assert _map_features(page) == 63
    shot(page, "national-overview-63")
    # Nghệ An (40), the largest province, at 104.9° E, 19.2° N: projected by the map itself
    page.locator(".js-plotly-plot .maplibregl-canvas").first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    x, y = page.evaluate(
        """() => {
        const p = [...document.querySelectorAll('.js-plotly-plot')]
            .find(p => (p._fullData || []).some(t => t.type === 'choroplethmap'));
        const m = p._fullLayout.map._subplot.map;
        const pt = m.project([104.9, 19.2]);
        const r = m.getCanvas().getBoundingClientRect();
        return [r.left + pt.x, r.top + pt.y];
    }"""
    )
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    page.wait_for_function("() => location.search.includes('p=40')", timeout=LONG)
    page.locator("h1", has_text="Tổng quan — Tỉnh Nghệ An").wait_for(timeout=LONG)


def test_compare_draws_the_top_twenty_and_search_tells_a_rank(server, page) -> None:
    page.goto(f"{server}/so-sanh?period=2016-2020")
    settle(page, run_ms=LONG)
    page.wait_for_selector(".js-plotly-plot .bars path", timeout=LONG)
    bars = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
            .map(p => p.querySelectorAll('.bars path').length).filter(n => n > 0)[0]"""
    )
    assert bars == 20
    page.get_by_text("Còn ").first.wait_for(timeout=LONG)  # the rest in one line
    shot(page, "national-compare-top20")
    page.get_by_test_id("stSelectbox").filter(has_text="Tìm trong bảng xếp hạng").first.click()
    page.keyboard.type("Cao Bằng")
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('hl=04')", timeout=LONG)
    settle(page, run_ms=LONG)
    line = page.get_by_text("Tỉnh Cao Bằng: hạng ").first
    line.wait_for(timeout=LONG)
    assert " / 63 tỉnh, thành — Cả nước" in line.inner_text()


def test_drill_from_bars_dots_and_the_funnel_plot(server, page) -> None:
    # every province, as dots (more than 50): a dot looks into its province
    page.goto(f"{server}/so-sanh?period=2016-2020&top=all")
    settle(page, run_ms=LONG)
    page.wait_for_selector(".js-plotly-plot .scatterlayer path.point", timeout=LONG)
    dots = _wait_plot(page, "t.type === 'scatter' && t.customdata && t.customdata.length > 50")
    assert dots >= 0
    _into_view(page, dots)
    shot(page, "national-compare-dots")
    code = _click_point(page, dots, "t.customdata && t.customdata.length > 50")
    page.wait_for_function(f"() => location.search.includes('p={code}')", timeout=LONG)
    # a district's bar looks into the district
    settle(page, run_ms=LONG)
    page.wait_for_selector(".js-plotly-plot .bars path", timeout=LONG)
    first = page.locator(".js-plotly-plot .bars path").first
    first.scroll_into_view_if_needed()
    first.click(force=True)
    page.wait_for_function("() => location.search.includes('d=')", timeout=LONG)
    # and a commune's bar looks into the commune
    settle(page, run_ms=LONG)
    page.wait_for_timeout(1500)
    page.wait_for_selector(".js-plotly-plot .bars path", timeout=LONG)
    first = page.locator(".js-plotly-plot .bars path").first
    first.scroll_into_view_if_needed()
    first.click(force=True)
    page.wait_for_function("() => location.search.includes('c=')", timeout=LONG)
    # the funnel plot of provinces per 10,000 people: a point looks into its province
    page.goto(f"{server}/so-sanh?period=2016-2020&norm=per_10k")
    settle(page, run_ms=LONG)
    page.get_by_text("Biểu đồ phễu kiểm soát").first.wait_for(timeout=LONG)
    funnel = _wait_plot(page, "t.name === 'Giới hạn 95%'")
    assert funnel >= 0
    _into_view(page, funnel)
    shot(page, "national-compare-funnel")
    code = _click_point(page, funnel, "!!t.customdata")
    page.wait_for_function(f"() => location.search.includes('p={code}')", timeout=LONG)
