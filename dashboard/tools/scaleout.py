"""Throughput of several ``dvk serve`` processes behind HAProxy against one process.

``dvk bench --sessions N --processes P --data-dir DIR`` starts, on this machine, one
``dvk serve`` on ``DIR`` and measures N simulated users (``loadtest.run``); then P
processes on the same directory behind HAProxy (``dvk proxy-config``'s configuration)
and the same N users through the proxy. It prints both, the throughput ratio and the
load generator's own CPU share: the client shares the cores with the servers, so a
heavy client lowers the many-process figure more than the one-process one.

Each server is warmed first (imports, the first script run, the answers of each page)
so that both runs measure served pages, not start-up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from dashboard import proxy
from dashboard.tools import loadtest


def haproxy_exe() -> str:
    exe = shutil.which("haproxy", path="/usr/sbin:/usr/bin:/sbin:/bin")
    if exe is None:
        raise RuntimeError("haproxy is not installed (apt-get install haproxy)")
    return exe


def _all_up(url: str, count: int, seconds: float = 60) -> None:
    """Wait until HAProxy's health checks have all ``count`` backends in (each gives a cookie)."""
    seen: set[str] = set()
    deadline = time.time() + seconds
    while len(seen) < count:
        if time.time() > deadline:
            raise TimeoutError(f"backends seen through the proxy: {sorted(seen)}")
        jar: dict[str, str] = {}
        try:
            loadtest.first_visit(url, jar)
        except OSError:
            time.sleep(0.5)
            continue
        if jar.get(proxy.COOKIE):
            seen.add(jar[proxy.COOKIE])
        else:
            time.sleep(0.3)


@contextmanager
def behind_haproxy(data_dir: Path, processes: int) -> Iterator[str]:
    """``processes`` warmed ``dvk serve`` on ``data_dir`` behind HAProxy; yields its URL."""
    exe = haproxy_exe()
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="dvk-scale-") as tmp:
        urls = [stack.enter_context(loadtest.dvk_server(data_dir)) for _ in range(processes)]
        for url in urls:
            warm(url)
        listen = f"127.0.0.1:{loadtest.free_port()}"
        backends = [u.removeprefix("http://") for u in urls]
        cfg = Path(tmp) / "haproxy.cfg"
        cfg.write_text(proxy.haproxy_config(listen, backends), encoding="utf-8")
        proc = subprocess.Popen(
            [exe, "-f", str(cfg), "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            url = f"http://{listen}"
            _all_up(url, processes)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def warm(url: str) -> None:
    """One user opens every measured page once (imports, first runs, cached answers)."""
    loadtest.run(url, 1)


def run(data_dir: Path, sessions: int, processes: int) -> dict[str, object]:
    """One process, then ``processes`` behind HAProxy, each with ``sessions`` users."""
    if processes < 2:
        raise ValueError("--processes compares several processes with one: give 2 or more")
    haproxy_exe()  # refuse before minutes of measuring
    with loadtest.dvk_server(data_dir) as url:
        warm(url)
        one = loadtest.run(url, sessions)
    with behind_haproxy(data_dir, processes) as url:
        many = loadtest.run(url, sessions)
    return {
        "sessions": sessions,
        "processes": processes,
        "cores": os.cpu_count(),
        "one": one,
        "many": many,
        "throughput_ratio": round(many["pages_per_s"] / one["pages_per_s"], 2),
        "p95_ratio": round(many["p95_s"] / one["p95_s"], 2),
        "load_after": _load(),
    }


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def lines(result: dict[str, object]) -> list[str]:
    """The figures as ``dvk bench`` prints them."""
    cores = result["cores"] or 1
    out = []
    many = f"{result['processes']} processes"
    for name, r in (("1 process", result["one"]), (many, result["many"])):
        share = r["client_cpu_share"]
        out.append(
            f"{name:>12}: {r['page_loads']} page loads, p50 {r['p50_s']:.2f} s, p95 "
            f"{r['p95_s']:.2f} s, {r['pages_per_s']:.2f} pages/s; load generator CPU "
            f"{r['client_cpu_s']:.1f} s = {share:.0%} of one core, {share / cores:.0%} of the "
            f"machine" + (f"; backends {', '.join(r['backends'])}" if r["backends"] else "")
        )
    out.append(
        f"{'ratio':>12}: throughput {result['throughput_ratio']}× (target ≥ 1.6×), "
        f"p95 {result['p95_ratio']}×  (load average at the end {result['load_after']})"
    )
    return out
