"""Two ``dvk serve`` processes behind a real reverse proxy (``dvk proxy-config``).

Behind HAProxy, sharing one warehouse directory and a PostgreSQL app database: sessions
land on both, a short link made on one process opens on the other, and derived figures
are built once. Behind nginx (run as any user, under the test's own directory): sessions
land on both, stay on their process, and a page loads over the proxied websocket."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.proxy import COOKIE, haproxy_config, nginx_config
from dashboard.tools import loadtest
from tests.db_fixtures import postgres_url  # noqa: F401 - fixture
from tests.e2e_support import ARGS, CHROMIUM, free_port
from tests.serve_support import nginx_cmd, nginx_main, serve_cmd, serve_env, stop, wait_http

pytestmark = pytest.mark.slow


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


@contextmanager
def two_serves(
    data: Path, tmp_path: Path, **env: str
) -> Iterator[tuple[list[subprocess.Popen], list[str]]]:
    """Two ``dvk serve`` processes on one data directory, started at once, until the end
    of the block; yields the processes (add the proxy's, it is stopped first) and their
    address:port."""
    ports = [free_port(), free_port()]
    procs: list[subprocess.Popen] = []
    try:
        for i, port in enumerate(ports):
            with open(tmp_path / f"serve{i}.log", "wb") as out:
                procs.append(
                    subprocess.Popen(
                        serve_cmd(data, port),
                        env=serve_env(**env),
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        cwd=tmp_path,
                    )
                )
        for i, port in enumerate(ports):
            wait_http(
                f"http://127.0.0.1:{port}/_stcore/health", procs[i], tmp_path / f"serve{i}.log"
            )
        yield procs, [f"127.0.0.1:{p}" for p in ports]
    finally:
        for proc in reversed(procs):
            stop(proc)


@pytest.mark.postgres
@pytest.mark.browser
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
    listen = free_port()
    proxy = f"http://127.0.0.1:{listen}"
    cfg = tmp_path / "haproxy.cfg"
    # both start at once, on one data dir and database
    with two_serves(data, tmp_path, DVK_DATABASE_URL=postgres_url) as (procs, backends):
        cfg.write_text(haproxy_config(f"127.0.0.1:{listen}", backends), encoding="utf-8")
        with open(tmp_path / "haproxy.log", "wb") as out:
            procs.append(subprocess.Popen([haproxy, "-f", str(cfg), "-db"], stdout=out, stderr=out))
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
    # derived figures: built once for the data version, not once per process
    log = (data / "derived" / "build.log").read_text(encoding="utf-8")
    assert len(re.findall(r"stored .*cells-", log)) == 1, log
    assert len(list((data / "derived").glob("cells-*"))) == 1


def _cookies_given(proxy: str, tries: int = 40) -> set[str]:
    """The sticky cookies the proxy gives new browsers (random: until both are seen)."""
    seen: set[str] = set()
    for _ in range(tries):
        with urllib.request.urlopen(proxy + "/", timeout=30) as resp:
            header = " ".join(resp.headers.get_all("Set-Cookie") or [])
        seen |= set(re.findall(rf"{COOKIE}=(dvk\d)", header))
        if len(seen) == 2:
            break
    return seen


async def _overview(proxy: str, backend: str) -> loadtest.Page:
    """Open the overview over the proxied websocket, as a browser pinned to ``backend``."""
    session = loadtest.Session(proxy, cookies={COOKIE: backend})
    await session.connect()
    try:
        return await session.open("")
    finally:
        await session.close()


@pytest.mark.browser
def test_two_processes_behind_nginx(sample_copy: Path, tmp_path: Path) -> None:
    listen = free_port()
    proxy = f"http://127.0.0.1:{listen}"
    prefix = tmp_path / "nginx"
    conf = tmp_path / "dvk.conf"
    with two_serves(sample_copy, tmp_path) as (procs, backends):
        conf.write_text(nginx_config(f"127.0.0.1:{listen}", backends), encoding="utf-8")
        main = nginx_main(prefix, conf, log_format="$cookie_DVKSRV $upstream_addr $uri")
        with open(tmp_path / "nginx.log", "wb") as out:
            cmd = nginx_cmd(prefix, main, "-g", "daemon off;")
            procs.append(subprocess.Popen(cmd, stdout=out, stderr=out))
        wait_http(proxy + "/_stcore/health", procs[-1], prefix / "error.log")

        assert _cookies_given(proxy) == {"dvk1", "dvk2"}  # new browsers spread over both
        for backend in ("dvk1", "dvk2"):  # a page loads over the websocket, through nginx
            page = asyncio.run(_overview(proxy, backend))
            assert not page.not_found and any("Tổng quan" in t for t in page.texts), page
        if Path(CHROMIUM).exists():  # and in a browser: its cookie, its websocket, the page
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1300, "height": 900})
                page.goto(proxy + "/so-sanh")
                page.get_by_role("heading", name="So sánh").first.wait_for(timeout=120_000)
                cookies = {c["name"]: c["value"] for c in page.context.cookies()}
                browser.close()
            assert cookies.get(COOKIE) in ("dvk1", "dvk2"), cookies
    # every request of a pinned browser, the websocket included, reached its own process
    lines = [ln.split() for ln in (prefix / "access.log").read_text().splitlines()]
    pinned = [(c, up, uri) for c, up, uri in (ln for ln in lines if len(ln) == 3) if c[:3] == "dvk"]
    streams = {(c, up) for c, up, uri in pinned if uri == "/_stcore/stream"}
    assert streams == {("dvk1", backends[0]), ("dvk2", backends[1])}, lines
    assert all(up == backends[int(c[-1]) - 1] for c, up, _ in pinned), lines
