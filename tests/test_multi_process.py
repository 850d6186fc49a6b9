"""Two ``dvk serve`` processes behind HAProxy (``dvk proxy-config``), sharing one warehouse
directory and a PostgreSQL app database: sessions land on both, a short link made on
one process opens on the other, and derived figures are built once."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.proxy import COOKIE, haproxy_config
from dashboard.tools import loadtest
from tests.db_fixtures import postgres_url  # noqa: F401 - fixture
from tests.e2e_support import ARGS, CHROMIUM, free_port
from tests.serve_support import serve_cmd, serve_env, stop, wait_http

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.browser]


def _haproxy() -> str:
    exe = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if exe is None:
        pytest.skip("haproxy is not installed (bash .ci/setup --test installs it)")
    return exe


def _both_up(proxy: str, deadline: float) -> None:
    """Wait until HAProxy's health checks see both processes (cookies dvk1 and dvk2)."""
    seen: set[str] = set()
    while seen != {"dvk1", "dvk2"}:
        if time.time() > deadline:
            raise TimeoutError(f"backends seen through the proxy: {seen}")
        try:
            with urllib.request.urlopen(proxy + "/", timeout=5) as resp:
                header = resp.headers.get("Set-Cookie") or ""
        except OSError:
            time.sleep(0.5)
            continue
        found = re.search(rf"{COOKIE}=(dvk\d)", header)
        if found:
            seen.add(found.group(1))
        else:
            time.sleep(0.5)


def test_two_processes_behind_haproxy(
    sample_data_dir: Path,
    tmp_path: Path,
    postgres_url: str,  # noqa: F811
) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    haproxy = _haproxy()
    data = tmp_path / "data"
    shutil.copytree(sample_data_dir, data)
    shutil.rmtree(data / "derived", ignore_errors=True)  # both processes will want them
    ports = [free_port(), free_port()]
    listen = free_port()
    proxy = f"http://127.0.0.1:{listen}"
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(
        haproxy_config(f"127.0.0.1:{listen}", [f"127.0.0.1:{p}" for p in ports]), encoding="utf-8"
    )
    procs: list[subprocess.Popen] = []
    try:
        for i, port in enumerate(ports):  # both start at once, on one data dir and database
            with open(tmp_path / f"serve{i}.log", "wb") as out:
                procs.append(
                    subprocess.Popen(
                        serve_cmd(data, port),
                        env=serve_env(DVK_DATABASE_URL=postgres_url),
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        cwd=tmp_path,
                    )
                )
        with open(tmp_path / "haproxy.log", "wb") as out:
            procs.append(subprocess.Popen([haproxy, "-f", str(cfg), "-db"], stdout=out, stderr=out))
        for i, port in enumerate(ports):
            wait_http(
                f"http://127.0.0.1:{port}/_stcore/health", procs[i], tmp_path / f"serve{i}.log"
            )
        _both_up(proxy, time.time() + 60)

        # simulated users through the proxy: sticky, and spread over both processes
        figures = loadtest.run(proxy, sessions=4, pages=("", "so-sanh"))
        assert figures["page_loads"] == 8
        assert figures["backends"] == ["dvk1", "dvk2"], figures

        # a short link made on process 1 opens the same view on process 2
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            pages = []
            for backend in ("dvk1", "dvk2"):
                context = browser.new_context(viewport={"width": 1300, "height": 900})
                context.add_cookies([{"name": COOKIE, "value": backend, "url": proxy}])
                pages.append(context.new_page())
            first, second = pages
            first.goto(proxy + "/so-sanh?lang=en&norm=share")
            first.get_by_role("button", name="Copy link").click(timeout=120_000)
            first.get_by_role("button", name="Make a short link").click()
            code = first.get_by_text(re.compile(r"\?v=\w+")).first
            code.wait_for(timeout=60_000)
            link = re.search(r"https?://\S+\?v=\w+", code.inner_text()).group(0)
            second.goto(link)
            second.wait_for_url(re.compile(r"so-sanh\?.*lang=en"), timeout=120_000)
            assert "norm=share" in second.url
            assert "Compare" in second.get_by_test_id("stSidebarNav").inner_text()
            browser.close()
    finally:
        for proc in reversed(procs):
            stop(proc)
    # derived figures: built once for the data version, not once per process
    log = (data / "derived" / "build.log").read_text(encoding="utf-8")
    assert len(re.findall(r"stored .*cells-", log)) == 1, log
    assert len(list((data / "derived").glob("cells-*"))) == 1
