"""``dvk serve`` stops cleanly: SIGTERM/SIGINT stop Streamlit and every background builder,
no zombie is left at any time, and the port is free within seconds."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e_support import free_port
from tests.serve_support import serve_cmd, serve_env, wait_http


def serve_in_terminal(data: Path, port: int, log: Path) -> subprocess.Popen:
    """``dvk serve`` on ``data`` as a terminal starts it (a session of its own: a signal goes to
    dvk serve alone), its output in ``log``."""
    with open(log, "wb") as out:
        return subprocess.Popen(
            serve_cmd(data, port),
            env=serve_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _descendants(root: int) -> dict[int, tuple[str, str]]:
    """pid → (state, command line) of every process below ``root``."""
    parents: dict[int, int] = {}
    info: dict[int, tuple[str, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)] = int(fields[1])
        info[int(entry.name)] = (fields[0], cmd)
    found, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = info[pid]
                frontier.append(pid)
    return found


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as a server restarting does
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


STREAMLIT = "dashboard.serving run"  # dvk serve starts Streamlit's CLI through its launcher


def _serve_building(
    sample_data_dir: Path, tmp_path: Path
) -> tuple[Path, int, Path, subprocess.Popen]:
    """``dvk serve`` on a copy of the sample without derived figures (so it starts a builder):
    the data directory, port, log and the process."""
    data = tmp_path / "data"
    shutil.copytree(sample_data_dir, data)
    shutil.rmtree(data / "derived", ignore_errors=True)
    port = free_port()
    log = tmp_path / "serve.log"
    return data, port, log, serve_in_terminal(data, port, log)


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, pytest.param(signal.SIGINT, marks=pytest.mark.slow)]
)
def test_serve_stops_streamlit_and_builders_without_zombies(
    sample_data_dir: Path, tmp_path: Path, signum: int
) -> None:
    data, port, log, proc = _serve_building(sample_data_dir, tmp_path)
    seen: dict[int, tuple[str, str]] = {}
    try:
        deadline = time.time() + 90
        health = f"http://127.0.0.1:{port}/_stcore/health"
        while time.time() < deadline:  # watch every process started below dvk serve
            seen.update(_descendants(proc.pid))
            commands = [c for _, c in seen.values()]
            if any("metrics.materialised" in c for c in commands) and any(
                STREAMLIT in c for c in commands
            ):
                break
            time.sleep(0.05)
        wait_http(health, proc, log)
        builders = [p for p, (_, c) in seen.items() if "metrics.materialised" in c]
        assert builders, "dvk serve started no background builder"
        assert any(STREAMLIT in c for _, c in seen.values())
        end = time.time() + 120
        while any(_alive(p) and p in _descendants(proc.pid) for p in builders):
            if time.time() > end:
                break
            # a finished builder must be reaped, never left as a zombie
            time.sleep(0.2)
        time.sleep(1.0)
        zombies = {p: c for p, (s, c) in _descendants(proc.pid).items() if s == "Z"}
        assert zombies == {}, zombies
        seen.update(_descendants(proc.pid))
        started = time.monotonic()
        os.kill(proc.pid, signum)
        proc.wait(timeout=30)
        stopped = time.monotonic() - started
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    left = {p: c for p, (_, c) in seen.items() if _alive(p)}
    assert left == {}, left  # Streamlit, builders: all gone, none a zombie
    assert _port_free(port)
    print(f"dvk serve stopped in {stopped:.1f} s after signal {signum}")
    assert stopped < 20, stopped


def _running(pid: int) -> bool:
    """Alive and not a zombie (a zombie holds no port; whoever adopted it reaps it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _kill_all(proc: subprocess.Popen, pids: list[int]) -> None:
    """dvk serve and the processes it started: never left running by a failing test."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_streamlit_dies_with_dvk_serve_killed_outright(
    sample_data_dir: Path, tmp_path: Path
) -> None:
    """SIGKILL (or the OOM killer) leaves dvk serve no time to clean up: Streamlit, in its own
    process group, must still stop by itself and free the port."""
    data = tmp_path / "data"
    shutil.copytree(sample_data_dir, data)
    port = free_port()
    log = tmp_path / "serve.log"
    proc = serve_in_terminal(data, port, log)
    streamlit: list[int] = []
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc, log)
        streamlit = [p for p, (_, c) in _descendants(proc.pid).items() if STREAMLIT in c]
        assert len(streamlit) == 1
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _running(streamlit[0]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _running(streamlit[0]), log.read_text(errors="replace")[-2000:]
        while not _port_free(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _port_free(port)
    finally:
        _kill_all(proc, streamlit)


def test_a_builder_dies_with_dvk_serve_killed_outright(
    sample_data_dir: Path, tmp_path: Path
) -> None:
    """SIGKILL of dvk serve while it builds the derived figures: the builder stops by itself
    (it watches the process that started it) instead of running to its end, and leaves no
    half-written directory (before: it ran on, orphaned, and published its figures)."""
    from metrics import materialised

    data, port, log, proc = _serve_building(sample_data_dir, tmp_path)
    builders: list[int] = []
    seen: dict[int, tuple[str, str]] = {}
    try:
        deadline = time.monotonic() + 60
        while not builders and proc.poll() is None and time.monotonic() < deadline:
            seen.update(_descendants(proc.pid))
            builders = [p for p, (_, c) in seen.items() if "metrics.materialised" in c]
            time.sleep(0.02)
        assert builders, "dvk serve started no background builder"
        os.kill(proc.pid, signal.SIGKILL)  # the moment the build starts: it takes seconds
        proc.wait(timeout=10)
        deadline = time.monotonic() + 30
        while any(_running(p) for p in builders) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_running(p) for p in builders), "the builder outlived dvk serve"
        assert materialised.current(data) is None, "the builder ran to its end"
        assert not list((data / "derived").glob(".tmp-*"))  # nothing half-written
        assert "is gone: stopping" in (data / "derived" / "build.log").read_text()
    finally:
        _kill_all(proc, list(seen))
