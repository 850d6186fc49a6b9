"""Starting the dashboard on a data directory for browser tests (real Streamlit server)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def dashboard(data_dir: Path, log: Path) -> Iterator[str]:
    """Serve the dashboard on 127.0.0.1 (a free port) until the block ends; yields its URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    pytest.importorskip("playwright.sync_api")
    port = free_port()
    env = {**os.environ, "DVK_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard" / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(log.read_text(errors="replace")) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def settle(page, pause_ms: int = 1000, timeout_ms: int = 30_000, run_ms: int = 60_000) -> None:
    """Wait for the page (``timeout_ms``) and the end of its script run (``run_ms``), then
    ``pause_ms`` for charts to draw."""
    page.wait_for_selector('[data-testid="stSidebar"]', timeout=timeout_ms)
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=run_ms
    )
    page.wait_for_timeout(pause_ms)


def shot(page, name: str, full_page: bool = True) -> None:
    """A screenshot in ``test-artifacts/e2e`` (kept by CI for a look)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def cut_on_pages(
    data_dir: Path,
    tmp_path: Path,
    width: int,
    slugs: tuple[str, ...],
    cut_js: str,
    looked_at: Callable[[object, str], None],
    name: str,
) -> dict[str, list[str]]:
    """Open each page of ``slugs`` at ``width`` px and run ``cut_js`` (a function listing what
    is cut); ``looked_at(page, slug)`` asserts the check found something to look at. Returns
    what was cut per page, with a screenshot ``NAME-cut-SLUG-WIDTH`` of each such page."""
    from playwright.sync_api import sync_playwright

    cut: dict[str, list[str]] = {}
    with dashboard(data_dir, tmp_path / "app.log") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        for slug in slugs:
            page.goto(f"{base}/{slug}")
            settle(page)
            # a freshly started server under load may not have begun the run when settle
            # looked: wait for the page's title, then for the end of its run
            page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
            settle(page)
            looked_at(page, slug)
            found = page.evaluate(cut_js)
            if found:
                cut[slug] = found
                shot(page, f"{name}-cut-{slug}-{width}")
        browser.close()
    return cut
