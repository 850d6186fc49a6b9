"""Many simulated users against a running server, over Streamlit's own websocket protocol.

A browser opens ``/`` (the proxy may set its sticky cookie there), then the websocket
``/_stcore/stream`` and sends a ``BackMsg.rerun_script`` per page; the page is loaded
when the server sends ``script_finished``. This is what a person waits for on the server
side (script run, serialisation, websocket), without the browser's own drawing.

``run(url, sessions, pages)`` measures dvk; ``trivial_app()`` starts the floor: a
one-chart Streamlit app run in the same way on the same machine.

Only addresses on this machine are meant as targets (``check_local``).
"""

from __future__ import annotations

import asyncio
import http.cookies
import ipaddress
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dashboard import registry

DEFAULT_PAGES: tuple[str, ...] = registry.LOAD_TEST  # paths: "" is the overview
TIMEOUT = 300.0
RERUNS = 9
TRIVIAL_APP = """
import plotly.express as px
import streamlit as st

choice = st.selectbox("Year", [2021, 2022, 2023])
st.metric("Models", 2084)
st.plotly_chart(px.bar(x=["A", "B", "C"], y=[3, 1, choice - 2020]))
"""


def check_local(url: str) -> None:
    """Refuse any target that is not this machine (load is only sent to loopback)."""
    host = urlsplit(url).hostname or ""
    ok = host == "localhost"
    if not ok:
        try:
            ok = ipaddress.ip_address(host).is_loopback
        except ValueError:
            ok = False
    if not ok:
        raise ValueError(f"load tests only target this machine (127.0.0.1/localhost): {url}")


@dataclass
class Page:
    name: str
    seconds: float
    not_found: bool
    texts: list[str] = field(default_factory=list)


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def first_visit(base: str, jar: dict[str, str]) -> None:
    """GET / as a browser does first: keeps the cookies the proxy or server set."""
    req = urllib.request.Request(base + "/", headers={"Cookie": _cookie_header(jar)})
    with urllib.request.urlopen(req, timeout=30) as resp:
        for header in resp.headers.get_all("Set-Cookie") or []:
            parsed = http.cookies.SimpleCookie(header)
            jar.update({k: m.value for k, m in parsed.items()})


def _texts(msg) -> list[str]:
    """Visible texts of one delta (titles, markdown, captions, alerts), for checks."""
    delta = msg.delta
    if delta.WhichOneof("type") != "new_element":
        return []
    element = delta.new_element
    kind = element.WhichOneof("type")
    part = getattr(element, kind, None) if kind else None
    for attr in ("body", "label", "text"):
        value = getattr(part, attr, None)
        if isinstance(value, str) and value:
            return [value]
    return []


_NOT_FOUND = 15  # ForwardMsg.page_not_found
_FINISHED = 6  # ForwardMsg.script_finished
_FINISHED_RUN = (0, 1)  # FINISHED_SUCCESSFULLY, FINISHED_WITH_COMPILE_ERROR


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def scan(data: bytes) -> tuple[bool, bool]:
    """(page not found, script run finished) from a ForwardMsg's top-level fields only.

    The load generator shares the machine's cores with the servers it measures, so it
    reads no more of each message than these two facts (no full protobuf parse): the
    wire format is walked field by field and the deltas' bodies are skipped.

    >>> from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    >>> done = ForwardMsg(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)
    >>> done.metadata.delta_path.append(3)
    >>> scan(done.SerializeToString()), scan(ForwardMsg(hash="x").SerializeToString())
    ((False, True), (False, False))
    >>> early = ForwardMsg(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN)
    >>> missing = ForwardMsg()
    >>> missing.page_not_found.page_name = "x"
    >>> scan(early.SerializeToString()), scan(missing.SerializeToString())
    ((False, False), (True, False))
    """
    pos, end = 0, len(data)
    not_found = finished = False
    while pos < end:
        tag, pos = _varint(data, pos)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            finished |= field == _FINISHED and value in _FINISHED_RUN
        elif wire == 2:
            size, pos = _varint(data, pos)
            not_found |= field == _NOT_FOUND
            pos += size
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:  # groups are not used by Streamlit's protocol
            raise ValueError(f"unexpected protobuf wire type {wire}")
    return not_found, finished


class Session:
    """One simulated browser tab: cookies, one websocket, pages opened one after another.

    ``texts=True`` also keeps the visible texts of each page (a full parse of every
    message, for checks); load runs leave it off to keep the client light."""

    def __init__(
        self, base: str, cookies: dict[str, str] | None = None, texts: bool = True
    ) -> None:
        self.base = base.rstrip("/")
        self.jar = dict(cookies or {})
        self.ws = None
        self.texts = texts

    async def connect(self) -> None:
        import websockets

        await asyncio.to_thread(first_visit, self.base, self.jar)
        url = "ws" + self.base.removeprefix("http") + "/_stcore/stream"
        protocols = ["streamlit", self.jar.get("_streamlit_xsrf", "")]
        self.ws = await websockets.connect(
            url,
            subprotocols=[p for p in protocols if p] or ["streamlit"],
            additional_headers={"Cookie": _cookie_header(self.jar), "Origin": self.base},
            max_size=None,
            open_timeout=60,
            ping_interval=None,  # a server too busy to answer pings is measured, not dropped
        )

    async def send(self, raw: bytes, name: str = "") -> Page:
        """Send one BackMsg (bytes); wait for the end of the script run it causes."""

        start = time.perf_counter()
        await self.ws.send(raw)
        async with asyncio.timeout(TIMEOUT):  # one deadline per page, not a task per message
            return await self._receive(name, start)

    async def _receive(self, name: str, start: float) -> Page:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        not_found, texts = False, []
        while True:
            data = await self.ws.recv()
            if not self.texts:
                missing, finished = scan(data)
                not_found |= missing
                if finished:
                    return Page(name, time.perf_counter() - start, not_found)
                continue
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "page_not_found":
                not_found = True
            elif kind == "delta":
                texts += _texts(msg)
            elif kind == "script_finished" and msg.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
            ):
                return Page(name, time.perf_counter() - start, not_found, texts)

    async def open(self, page_name: str, query: str = "") -> Page:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page_name
        return await self.send(msg.SerializeToString(), page_name)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def _user(base: str, pages: tuple[str, ...], out: list[Page], sticky: list[str]) -> None:
    session = Session(base, texts=False)
    await session.connect()
    sticky.append(session.jar.get("DVKSRV", ""))
    try:
        for name in pages:
            out.append(await session.open(name))
    finally:
        await session.close()


async def _reruns(base: str, page: str, reruns: int) -> tuple[float, float]:
    """One session: open ``page`` (first load), then rerun it ``reruns`` times; seconds."""
    session = Session(base, texts=False)
    await session.connect()
    try:
        first = (await session.open(page)).seconds
        times = [(await session.open(page)).seconds for _ in range(reruns)]
    finally:
        await session.close()
    return first, statistics.median(times)


def rerun_ms(url: str, pages: tuple[str, ...], reruns: int = RERUNS) -> dict[str, dict[str, float]]:
    """Per page, the median time of a warm rerun as the browser asks for it (one session,
    nothing else running): ``{page: {"first_ms", "rerun_ms"}}`` (``""`` is the default page).
    """
    check_local(url)
    out: dict[str, dict[str, float]] = {}
    for page in pages:
        first, median = asyncio.run(_reruns(url, page, reruns))
        out[page] = {"first_ms": round(first * 1000, 1), "rerun_ms": round(median * 1000, 1)}
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run(url: str, sessions: int, pages: tuple[str, ...] = DEFAULT_PAGES) -> dict[str, object]:
    """``sessions`` users at once, each opening ``pages`` in turn; page-load figures."""
    check_local(url)
    out: list[Page] = []
    sticky: list[str] = []

    async def main() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(_user(url, pages, out, sticky) for _ in range(sessions)))
        return time.perf_counter() - start

    cpu = time.process_time()
    wall = asyncio.run(main())
    cpu = time.process_time() - cpu
    seconds = [p.seconds for p in out]
    return {
        "url": url,
        "sessions": sessions,
        "pages_per_session": len(pages),
        "page_loads": len(out),
        "p50_s": round(statistics.median(seconds), 3),
        "p95_s": round(percentile(seconds, 0.95), 3),
        "wall_s": round(wall, 2),
        "pages_per_s": round(len(out) / wall, 2),
        "backends": sorted({s for s in sticky if s}),
        # the load generator's own CPU (all its threads), as a share of one core's wall time
        "client_cpu_s": round(cpu, 2),
        "client_cpu_share": round(cpu / wall, 3) if wall else None,
    }


@contextmanager
def trivial_app(port: int, served_like_dvk: bool = False) -> Iterator[str]:
    """The floor: a one-chart Streamlit app on 127.0.0.1:``port`` until the block ends.

    By default plain ``streamlit run``; ``served_like_dvk``: started as ``dvk serve`` starts
    Streamlit (``dashboard.serving``: its environment and websocket settings), to tell what
    dvk's pages cost from what its serving changes."""
    from dashboard import serving

    with tempfile.TemporaryDirectory(prefix="dvk-trivial-") as tmp:
        script = Path(tmp) / "trivial.py"
        script.write_text(TRIVIAL_APP, encoding="utf-8")
        launcher = "dashboard.serving" if served_like_dvk else "streamlit"
        cmd = [sys.executable, "-m", launcher, "run", str(script)]
        cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
        cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
        cmd += ["--server.fileWatcherType", "none"]
        env = {**serving.SERVER_ENV, **os.environ} if served_like_dvk else None
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=30)


@contextmanager
def dvk_server(data_dir: Path, port: int | None = None) -> Iterator[str]:
    """``dvk serve`` on ``data_dir`` at 127.0.0.1:``port`` (default: a free one) until the
    block ends; the bundled sample is never loaded into it."""
    port = port or free_port()
    cmd = [sys.executable, "-m", "dashboard.cli", "serve", "--data-dir", str(data_dir)]
    cmd += ["--port", str(port), "--address", "127.0.0.1"]
    env = {**os.environ, "DVK_LOAD_SAMPLE": "0"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base)
        wait_idle(base)  # its warm-up thread done: warm reruns are measured alone
        yield base
    finally:
        proc.terminate()  # dvk serve stops Streamlit and its builders (dashboard.serving)
        proc.wait(timeout=60)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening_pid(port: int) -> int | None:
    """The process listening on TCP ``port`` of this machine (from /proc; Linux)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:  # LISTEN
                inodes.add(cols[9])
    wanted = {f"socket:[{i}]" for i in inodes}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) in wanted:
                    return int(proc.name)
        except OSError:
            continue
    return None


def peak_rss_mib(pid: int) -> float | None:
    """Peak resident memory (``VmHWM``) of process ``pid`` in MiB, ``None`` if unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def server_memory(url: str) -> dict[str, object]:
    """Which process serves ``url`` on this machine and its peak memory so far."""
    port = urlsplit(url).port or 80
    pid = listening_pid(port)
    name = ""
    if pid is not None:
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            pid = None
    return {"pid": pid, "process": name, "peak_rss_mib": peak_rss_mib(pid) if pid else None}


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) process ``pid`` has used so far, ``None`` if unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(base: str, share: float = 0.05, window: float = 0.5, seconds: float = 120) -> bool:
    """Wait until the server of ``base`` is idle (:func:`wait_idle_pid`): ``dvk serve``
    answers the default pages on a background thread once started, and a rerun timed
    meanwhile would share the interpreter with it."""
    pid = listening_pid(urlsplit(base).port or 80)
    return pid is not None and wait_idle_pid(pid, share, window, seconds)


def wait_idle_pid(pid: int, share: float = 0.05, window: float = 0.5, seconds: float = 120) -> bool:
    """Wait until process ``pid`` uses under ``share`` of a core over ``window`` seconds;
    ``False`` if it is still busy after ``seconds`` or cannot be read (gone)."""
    deadline = time.monotonic() + seconds
    before = cpu_seconds(pid)
    while before is not None and time.monotonic() < deadline:
        time.sleep(window)
        after = cpu_seconds(pid)
        if after is None:
            return False
        if after - before < share * window:
            return True
        before = after
    return False


def wait_ready(base: str, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            if time.time() > deadline:
                raise TimeoutError(f"{base} did not answer /_stcore/health") from None
            time.sleep(0.3)
