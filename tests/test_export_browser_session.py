"""How the image browser is run (``dashboard/exports/kaleido_session.py``, ``browser.py``): a
pack's images are drawn on one tab that is not reloaded between them, a tab whose page is gone
is reloaded and draws again, a process ends without waiting for its browser — which is then
stopped and its files deleted by a detached process — and Debian's launcher script is skipped
for the program it starts."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.exports import batch, browser, images
from dashboard.exports.adapt import chart_view

pytestmark = [pytest.mark.xdist_group("kaleido"), pytest.mark.slow]


@pytest.fixture
def reloads(monkeypatch) -> list[str]:
    """The reloads of kaleido's tabs while the test runs (kaleido's own reload is run)."""
    from kaleido._kaleido_tab._tab import _KaleidoTab

    seen: list[str] = []
    reload = _KaleidoTab.reload

    async def counted(self) -> None:
        seen.append(self.tab.target_id)
        await reload(self)

    monkeypatch.setattr(_KaleidoTab, "reload", counted)
    return seen


def _views(sample_data_dir: Path) -> list:
    charts, ctx = batch.build(sample_data_dir, "so-sanh", {"norm": "per_10k"})
    return [chart_view(c, synthetic=ctx.synthetic) for c in charts if c.figure is not None]


def _png(data: bytes) -> tuple[int, int]:
    from PIL import Image

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data)).size


def test_a_packs_images_are_drawn_on_one_tab_without_reloads(
    sample_data_dir: Path, reloads: list[str]
) -> None:
    views = _views(sample_data_dir)
    assert len(views) >= 3
    browser.stop()
    browser.warm_up("basic")
    futures = [images.submit(v, "png") for v in views]  # as a pack asks for them
    drawn = [images.result(v, f) for v, f in zip(views, futures)]
    browser.stop()
    assert [_png(d) for d in drawn] == [(images.WIDTH, images.HEIGHT)] * len(views)
    assert len({d for d in drawn}) == len(views)  # each its own chart
    assert reloads == []


def test_a_tab_whose_page_is_gone_is_reloaded_and_draws_again(
    sample_data_dir: Path, reloads: list[str]
) -> None:
    """What a busy machine does to kaleido (its script context is not the page's): the
    drawing fails, the tab is reloaded as it is handed back, the drawing is asked again."""
    view = _views(sample_data_dir)[0]
    browser.stop()
    browser.warm_up("basic")
    first = images.render(view, "png")
    running = browser.renderer("basic")
    session = running._kaleido  # noqa: SLF001 - the test reaches into the running browser
    tab = session.get_tab()
    forget = tab.send_command("Runtime.evaluate", params={"expression": "delete kaleido_scopes"})
    assert "error" not in asyncio.run_coroutine_threadsafe(forget, running._loop).result(10)  # noqa: SLF001
    again = images.render(view, "png")
    browser.stop()
    assert len(reloads) == 1
    assert again == first


def test_a_process_ends_without_waiting_for_its_browser_whose_files_then_go(
    sample_data_dir: Path,
) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from dashboard.exports import batch, browser, images\n"
        "from dashboard.exports.adapt import chart_view\n"
        "browser.warm_up('basic')\n"
        "charts, _ = batch.build(Path(sys.argv[1]), 'so-sanh', {}, limit=1)\n"
        "images.render(chart_view(charts[0], synthetic=False), 'png')\n"
        "print(browser.renderer('basic')._kaleido.home)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", code, str(sample_data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""  # no warning of a browser closed under the watchdog
    home = Path(done.stdout.strip().splitlines()[-1])
    assert home.name.startswith("dvk-images-")
    for _ in range(600):  # the detached process stops the browser, then deletes its files
        if not home.exists():
            break
        time.sleep(0.1)
    assert not home.exists(), f"{home} is left behind"
    left = subprocess.run(["pgrep", "-f", str(home)], capture_output=True, text=True)
    assert left.stdout.strip() == "", "a browser of the ended process still runs"


def test_debians_launcher_script_is_skipped_for_the_program_it_starts(monkeypatch) -> None:
    found = browser.browser()
    if found is None:
        pytest.skip("no chromium")
    with open(found, "rb") as file:
        script = file.read(2) == b"#!"
    expected = str(browser.DEBIAN_PROGRAM) if script else found
    assert browser.program() == expected
    monkeypatch.setenv("BROWSER_PATH", found)  # a browser named by the user is started as is
    assert browser.program() == found
