"""``dvk serve``'s process handling: Streamlit as a child, signals forwarded, nothing left.

``dvk serve`` becomes a Linux *child subreaper*: every process started below it —
Streamlit, and the background builders of derived figures (``metrics.materialised``),
whoever launched them — is reaped by it once it ends, so no zombie is left. On
SIGTERM or SIGINT (Ctrl-C) it passes SIGTERM to Streamlit's process group and to
its own children, waits for them (a few seconds at most, then SIGKILL) and exits;
the port is free when it returns. Killed outright (SIGKILL, the OOM killer), it cannot clean
up: Streamlit then gets SIGTERM from the kernel (``PR_SET_PDEATHSIG``) and stops by itself, and
a builder stops once the process that started it is gone (``metrics.materialised_build``).

Streamlit itself is started through :func:`main` (``python -m dashboard.serving run app.py``),
which sends every websocket message at once (:func:`no_delay`) and makes each element of a
rerun cheaper (:func:`lighter_reruns`) before handing over to Streamlit's own command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
GRACE_SECONDS = 8.0
WARM_UP_ENV = "DVK_WARM_UP"  # "0": the serving process answers nothing before it is asked
SERVER_ENV = {
    # glibc gives every thread that allocates its own arena (up to 8 per core); Streamlit runs
    # each session's script in a thread, so 50 sessions left ~100 MiB in half-empty arenas.
    "MALLOC_ARENA_MAX": "2",
    # Streamlit runs a full garbage collection after every script run; it walks every object of
    # the process while holding the interpreter lock, so with many sessions each run waits for
    # everyone's collections. Python's own generational collection still runs.
    "STREAMLIT_RUNNER_POST_SCRIPT_GC": "false",
}
"""Defaults of the server's environment (the operator's own values win)."""
BUILDER_DETACH_ENV = "DVK_BUILDER_DETACH"  # "0": builders stay in the server's process group


def become_subreaper() -> bool:
    """Orphaned descendants are re-parented to this process (Linux); False elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` making the child get SIGTERM when this process dies, even by SIGKILL
    (Linux; None elsewhere). libc is loaded here: the child, just forked, only calls it."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def set_up() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request: as if just now
            os.kill(os.getpid(), signal.SIGTERM)

    return set_up


def children(pid: int | None = None) -> list[int]:
    """Direct children of ``pid`` (default: this process), from /proc."""
    pid = os.getpid() if pid is None else pid
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _signal(pids: list[int], group: int | None, signum: int) -> None:
    if group is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signum)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


def _reap(deadline: float) -> bool:
    """Reap ended children until none is left (True) or the deadline passes (False)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def run(cmd: list[str], env: dict[str, str]) -> int:
    """Run the server ``cmd`` until it ends or a signal comes; clean up every descendant."""
    become_subreaper()
    env = {**SERVER_ENV, **env}
    # its own session (a terminal's Ctrl-C reaches dvk serve alone), yet it dies with dvk serve
    server = subprocess.Popen(cmd, env=env, start_new_session=True, preexec_fn=die_with_parent())
    stop = {"signal": 0}

    def on_signal(signum: int, _frame: object) -> None:
        stop["signal"] = signum
        _signal([server.pid], server.pid, signal.SIGTERM)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    code = 1
    try:
        while True:  # reap as we go: builders that end are never left as zombies
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            if pid == server.pid:
                code = os.waitstatus_to_exitcode(status)
                server.returncode = code
                break
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _signal(children(), server.pid, signal.SIGTERM)  # builders, wherever started
        if not _reap(time.monotonic() + GRACE_SECONDS):
            _signal(children(), server.pid, signal.SIGKILL)
            _reap(time.monotonic() + GRACE_SECONDS)
    if stop["signal"]:
        return 128 + stop["signal"] if code not in (0, -stop["signal"]) else 0
    return code


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def no_delay() -> None:
    """Every TCP connection asyncio accepts sends its writes at once (``TCP_NODELAY``).

    asyncio sets ``TCP_NODELAY`` only on sockets whose protocol number is TCP; Streamlit's
    server listens on ``socket.socket(family)`` (protocol 0), so its websockets kept Nagle's
    algorithm: after the first message of a rerun the others waited for the browser's delayed
    acknowledgement, ~40 ms on every rerun of every page (Tornado, Streamlit's former server,
    set the option itself).
    """
    import asyncio.base_events

    asyncio.base_events._set_nodelay = _set_nodelay  # read at each accepted connection


def _leading_emoji(text: str) -> tuple[str, str]:
    """Streamlit's ``string_util.extract_leading_emoji``, searching with its compiled pattern
    directly: ``re.search(pattern, text)`` first looks the pattern up in ``re``'s cache, which
    hashes the whole compiled emoji pattern (some 100 kB) on every call — every widget label or
    option that is not plain ASCII, i.e. every Vietnamese one, paid it on every rerun."""
    if not text or text.isascii():
        return "", text
    from streamlit.emojis import EMOJI_EXTRACTION_REGEX

    found = EMOJI_EXTRACTION_REGEX.search(text)
    if found is None:
        return "", text
    return found.group(1), found.group(2)


def _kept_json(to_json: Callable[..., str]) -> Callable[..., str]:
    """``plotly.io.to_json`` answering a figure's dictionary that carries its JSON already
    (``sent_json``: a chart's figure never changes once built, ``dashboard.charts.sent``) with
    that text, as ``st.plotly_chart`` asks it (``validate=False``); anything else as before."""

    def kept(fig: Any, *args: Any, **kwargs: Any) -> str:
        text = getattr(fig, "sent_json", None) if isinstance(fig, dict) else None
        if text is not None and not args and kwargs == {"validate": False}:
            return text
        return to_json(fig, *args, **kwargs)

    kept.__wrapped__ = to_json  # type: ignore[attr-defined]
    return kept


def _enqueued_some_message(self: Any) -> None:
    """Streamlit's ``Runtime._enqueued_some_message``, without a wake-up through the loop's
    self-pipe when it is called on the loop itself (where every message of a script run is
    queued): the event is set at once. From another thread, as before."""
    objs = self._get_async_objs()
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is objs.eventloop:
        objs.need_send_data.set()
    else:
        objs.eventloop.call_soon_threadsafe(objs.need_send_data.set)


HANDOVER_S = 0.01
"""Longest a script run's element waits before the event loop takes it (see
:func:`_on_scriptrunner_event`); Streamlit itself sends to the browser every 5 ms at most."""
_events_lock = threading.Lock()


def _on_scriptrunner_event(self: Any, *args: Any, **kwargs: Any) -> None:
    """Streamlit's ``AppSession._on_scriptrunner_event``, handing elements over in batches.

    A script run hands each element it draws to the event loop through the loop's self-pipe:
    one wake-up of the loop, and one hand-over of the interpreter lock between the script's
    thread and the loop's, per element — a fifth of a rerun's time for a page of ~130
    elements. Here the events wait in the session's list: the first element of a batch asks
    the loop to take the whole list ``HANDOVER_S`` later; any other event (the run started,
    stopped, finished …) has it taken at once. Events are handled in the order they came, and
    before anything the script's thread schedules after them."""
    from streamlit.runtime.scriptrunner import ScriptRunnerEvent

    event = kwargs.get("event", args[1] if len(args) > 1 else None)
    with _events_lock:
        pending = self.__dict__.setdefault("_dvk_events", [])
        pending.append((args, kwargs))
        first = len(pending) == 1
    if event != ScriptRunnerEvent.ENQUEUE_FORWARD_MSG:
        self._call_soon_on_event_loop(lambda: _handle_events(self))
    elif first:
        loop = self._event_loop
        self._call_soon_on_event_loop(lambda: loop.call_later(HANDOVER_S, _handle_events, self))


def _handle_events(session: Any) -> None:
    """Handle, in order, every event the session's script run has handed over so far."""
    with _events_lock:
        batch = session.__dict__.get("_dvk_events", [])
        session.__dict__["_dvk_events"] = []
    for args, kwargs in batch:
        session._handle_scriptrunner_event_on_event_loop(*args, **kwargs)


def lighter_reruns() -> None:
    """Per-element costs of Streamlit's server, removed without changing what it sends:
    elements handed to the event loop in batches (:func:`_on_scriptrunner_event`), no self-pipe
    wake-up from the loop itself (:func:`_enqueued_some_message`), Vietnamese labels not
    re-hashing the emoji pattern (:func:`_leading_emoji`), a chart's JSON made once
    (:func:`_kept_json`). Applied before Streamlit's runtime
    and sessions are made, so they are bound to the lighter callbacks."""
    import plotly.io
    from streamlit import string_util
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.runtime import Runtime

    string_util.extract_leading_emoji = _leading_emoji
    plotly.io.to_json = _kept_json(plotly.io.to_json)
    Runtime._enqueued_some_message = _enqueued_some_message
    AppSession._on_scriptrunner_event = _on_scriptrunner_event


def warm_up() -> list[str]:
    """Answer the questions of the pages every visitor opens (their default state), so the
    first visitors of a freshly started server find them ready: on a conference morning fifty
    people open the overview at once. Runs on a background thread of the serving process; the
    answers go where the pages look for them (``cache.answers()``, per data version). Returns
    the slugs warmed; a page that fails is logged and left to be answered when asked."""
    import logging

    from dashboard import cache, context, params, registry

    log = logging.getLogger("dvk.serve")
    answers = cache.answers()
    warmed: list[str] = []
    started = time.monotonic()
    for page in registry.PAGES:
        if not page.load_test:
            continue
        try:
            state, _ = params.from_url(page.slug, {}, answers.engine())
            for _chart in page.view_model(context.build(state, answers)):
                pass
            warmed.append(page.slug or "tong-quan")
        except Exception:  # noqa: BLE001 - the page will say it to whoever opens it
            log.warning("warm-up of page %r failed", page.slug, exc_info=True)
    log.warning("warmed %d pages in %.1f s", len(warmed), time.monotonic() - started)
    return warmed


def main() -> None:
    """``python -m dashboard.serving run APP [streamlit options]``: Streamlit's command line,
    with :func:`no_delay` and :func:`lighter_reruns`, and the pages every visitor opens
    answered in the background."""
    no_delay()
    lighter_reruns()
    if os.environ.get(WARM_UP_ENV, "1") != "0":
        threading.Thread(target=warm_up, name="dvk-warm-up", daemon=True).start()
    from streamlit.web import cli as streamlit_cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_cli.main()


if __name__ == "__main__":
    main()
