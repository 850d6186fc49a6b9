"""The fast paths of ``dvk export`` (``dashboard/exports/browser.py``, ``batch.py``) stay right:
the vendored basic plotly.js is the plotly package's version, the browser is started before
anything heavy is imported, the bundle guessed from a link is the one its charts need, and a
chart the basic bundle cannot draw is still drawn (by the full bundle)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import params
from dashboard.exports import batch, browser, images
from dashboard.exports.adapt import chart_view

pytestmark = pytest.mark.xdist_group("kaleido")


def test_the_basic_bundle_is_the_plotly_packages_version() -> None:
    basic = browser.js_version(browser.BASIC_JS)
    full = browser.js_version(browser.full_js())
    assert basic and full and basic == full, (
        f"dashboard/exports/vendor/plotly-basic.min.js is plotly.js {basic}, the plotly package "
        f"ships {full}: replace it (dashboard/exports/vendor/README.md)"
    )
    assert browser.basic_usable()


def test_the_link_is_read_without_loading_pandas_plotly_or_duckdb() -> None:
    code = (
        "import sys, json\n"
        "from dashboard.exports import batch, browser\n"
        "batch.browser_for('so-sanh?norm=per_10k', 'png')\n"
        "print(json.dumps(sorted(m for m in ('pandas', 'plotly', 'duckdb', 'kaleido') "
        "if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def test_the_pages_named_in_batch_are_the_pages() -> None:
    from dashboard import registry

    named = (batch.OVERVIEW, batch.COMPARE, batch.BREAKDOWN, batch.TRENDS, batch.CATALOGUE)
    assert named == (
        params.OVERVIEW,
        params.COMPARE,
        params.BREAKDOWN,
        params.TRENDS,
        params.CATALOGUE,
    )
    assert set(named) == {p.slug for p in registry.PAGES if p.shows_charts}
    assert set(batch.NO_CHARTS) == {p.slug for p in registry.PAGES if not p.shows_charts}


LINKS = [
    "",
    "tong-quan?p=01",
    "so-sanh",
    "so-sanh?norm=per_10k",
    "so-sanh?p=01",
    "so-sanh?scope=communes&p=01",
    "linh-vuc",
    "linh-vuc?chart=treemap",
    "linh-vuc?chart=sunburst",
    "xu-huong",
    "xu-huong?p=01",
    "mo-hinh",
]


@pytest.mark.parametrize("link", LINKS)
def test_the_bundle_guessed_from_a_link_is_the_one_its_charts_need(
    sample_data_dir: Path, link: str
) -> None:
    slug, query = batch.split_view(link)
    charts, _ = batch.build(sample_data_dir, slug, query)
    figures = [c.figure for c in charts if c.figure is not None]
    if not figures:
        pytest.skip("no chart for this link in the sample")
    # the image of a link is its first chart's; a pack draws them all
    assert batch.browser_for(link, "png") == browser.bundle_for(figures[:1])
    assert batch.browser_for(link, "pptx") == browser.bundle_for(figures)


def test_bundle_of_figures() -> None:
    import plotly.graph_objects as go

    bars = go.Figure(go.Bar(x=["a"], y=[1]))
    lines = go.Figure(go.Scatter(x=[1, 2], y=[1, 2]))
    treemap = go.Figure(go.Treemap(labels=["a"], parents=[""], values=[1]))
    assert browser.bundle_for([bars, lines]) == "basic"
    assert browser.bundle_for([bars, treemap]) == "full"


@pytest.mark.slow
def test_a_treemap_is_drawn_after_a_basic_browser_started(sample_data_dir: Path) -> None:
    """The wrong guess: the basic browser runs, a treemap comes — the full one draws it. (A
    map no longer needs the full bundle: images draw it flat, ``test_export_static_map.py``.)"""
    from PIL import Image

    browser.stop()
    browser.warm_up("basic")
    charts, ctx = batch.build(sample_data_dir, "tong-quan", {})
    bars = next(c for c in charts if c.figure is not None and c.figure.data[0].type == "bar")
    ranking = images.render(chart_view(bars, synthetic=False), "png")
    assert browser.running() == {"basic"}
    the_map = chart_view(next(c for c in charts if c.key == "map"), synthetic=False)
    assert the_map.figure.data[0].type == "choroplethmap"
    drawn_map = images.render(the_map, "png")
    assert browser.running() == {"basic"}  # drawn flat: no WebGL, no full bundle
    charts, ctx = batch.build(sample_data_dir, "linh-vuc", {"chart": "treemap"})
    tree = next(c for c in charts if c.figure is not None and c.figure.data[0].type == "treemap")
    png = images.render(chart_view(tree, synthetic=False), "png")
    assert browser.running() == {"full"}  # one browser at a time
    for data in (ranking, drawn_map, png):
        image = Image.open(io.BytesIO(data))
        assert image.size == (images.WIDTH, images.HEIGHT)
    # the map and the treemap are drawn: many colours, not a blank plot with a footer
    for data in (drawn_map, png):
        colours = Image.open(io.BytesIO(data)).convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 500
    browser.stop()


@pytest.mark.slow
def test_the_basic_bundle_draws_what_the_full_one_draws(sample_data_dir: Path) -> None:
    from PIL import Image, ImageChops

    charts, _ = batch.build(sample_data_dir, "so-sanh", {"norm": "per_10k"}, limit=1)
    view = chart_view(charts[0], synthetic=False)
    drawn = {}
    for bundle in ("basic", "full"):
        browser.stop()
        browser.warm_up(bundle)
        drawn[bundle] = Image.open(io.BytesIO(images.render(view, "png"))).convert("RGB")
        assert browser.running() == {bundle}
    browser.stop()
    assert drawn["basic"].size == drawn["full"].size
    box = ImageChops.difference(drawn["basic"], drawn["full"]).getbbox()
    assert box is None, f"the two bundles draw differently in {box}"


@pytest.mark.slow
def test_an_image_asked_for_while_the_browser_starts_does_not_wait_for_it(
    sample_data_dir: Path,
) -> None:
    """A pack asks for each chart's image as soon as the chart is built: the request returns
    at once (the next chart is built meanwhile) and the image comes when the browser is up."""
    charts, _ = batch.build(sample_data_dir, "so-sanh", {"norm": "per_10k"}, limit=1)
    view = chart_view(charts[0], synthetic=False)
    browser.stop()
    browser.warm_up("basic")
    starting = browser.renderer("basic")
    future = images.submit(view, "png")
    assert not starting.ready.done() and not future.done()  # asked for before the browser is up
    assert images.result(view, future)[:8] == b"\x89PNG\r\n\x1a\n"
    browser.stop()


def test_a_pack_without_a_browser_is_a_clear_error(
    sample_data_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    from typer.testing import CliRunner

    from dashboard.cli import app

    browser.stop()
    monkeypatch.setattr(browser, "browser", lambda: None)
    out = tmp_path / "deck.pptx"
    args = ["export", "--data-dir", str(sample_data_dir), "--view", "xu-huong"]
    result = CliRunner().invoke(app, [*args, "--format", "pptx", "--out", str(out)])
    browser.stop()
    assert result.exit_code == 1, result.output
    assert "error:" in result.output and "chromium" in result.output
    assert not out.exists()


class _BusyKaleido:
    """kaleido as seen on a busy machine: its tab's first drawing runs in the blank page."""

    def __init__(self, fails: int, error: str = browser.STALE_PAGE) -> None:
        self.fails, self.error, self.calls = fails, error, 0

    async def calc_fig(self, fig: dict, opts: dict) -> bytes:
        self.calls += 1
        if self.calls <= self.fails:
            raise RuntimeError(f"ReferenceError: {self.error}\n    at <anonymous>:1:26")
        return b"PNG"


def test_a_drawing_on_a_page_not_yet_ready_is_asked_again() -> None:
    import asyncio

    busy = _BusyKaleido(fails=1)
    assert asyncio.run(browser.drawn(busy, {}, {})) == b"PNG" and busy.calls == 2
    other = _BusyKaleido(fails=1, error="Plotly is not defined")  # any other error: at once
    with pytest.raises(RuntimeError, match="Plotly"):
        asyncio.run(browser.drawn(other, {}, {}))
    assert other.calls == 1
    stuck = _BusyKaleido(fails=5)  # a page that never comes: the error, after a few tries
    with pytest.raises(RuntimeError, match="kaleido_scopes"):
        asyncio.run(browser.drawn(stuck, {}, {}))
    assert stuck.calls == 3
