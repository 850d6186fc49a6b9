"""The browser that draws chart images: one kaleido (headless Chromium) per process, started
in the background and reused for every image (``images.py`` decorates the charts).

Speed (``dvk export`` of a link within 2 s, start-up included): the browser is the slow part,
so ``dvk export`` starts it (:func:`warm_up`) before it imports pandas or builds a chart — this
module imports nothing heavy — and every image of a pack is then drawn by it in turn. Charts
made only of bars, lines, points and pies — and maps, which images draw flat
(``static_map.py``) — load plotly.js's small "basic" bundle (``vendor/README.md``), which the
browser reads several times faster than the full bundle; other traces (treemaps, sunbursts)
load the full bundle of the ``plotly`` package. One browser runs at a time: one with the full
bundle draws every chart. How kaleido is run (one tab not reloaded, a process that ends
without waiting for the browser) is in ``kaleido_session.py``.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import importlib.util
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

BASIC_TRACES = frozenset({"bar", "scatter", "pie"})  # what plotly-basic.min.js holds
BASIC_JS = Path(__file__).with_name("vendor") / "plotly-basic.min.js"
START_TIMEOUT_S = 120.0
_LOCK = threading.Lock()


class ImageExportError(RuntimeError):
    """The image could not be rendered (kaleido or chromium missing or failing)."""


def browser() -> str | None:
    """The Chromium/Chrome that renders images (``BROWSER_PATH`` wins), or ``None``."""
    from choreographer.browsers.chromium import Chromium

    try:
        return Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - "not found" takes several forms across versions
        return None


DEBIAN_PROGRAM = Path("/usr/lib/chromium/chromium")


def program() -> str | None:
    """The browser program to start: :func:`browser`, except that Debian's ``chromium``
    launcher (a shell script running a dozen small programs before it starts
    ``/usr/lib/chromium/chromium``: 0.1–0.5 s of a PNG's 2 s on a busy machine) is skipped
    for the program it starts — unless ``BROWSER_PATH`` names the browser."""
    found = browser()
    if found is None or os.environ.get("BROWSER_PATH"):
        return found
    try:
        with open(found, "rb") as file:
            script = file.read(2) == b"#!"
    except OSError:
        return found
    usable = DEBIAN_PROGRAM.is_file() and os.access(DEBIAN_PROGRAM, os.X_OK)
    return str(DEBIAN_PROGRAM) if script and usable else found


# -- which plotly.js ----------------------------------------------------------------------
def js_version(path: Path) -> str | None:
    """The version in a plotly.js bundle's banner ("* plotly.js (basic - minified) v4.1.1")."""
    try:
        with path.open(encoding="utf-8") as file:
            head = file.read(200)
    except OSError:
        return None
    for word in head.split():
        if word.startswith("v") and word[1:2].isdigit():
            return word[1:]
    return None


def full_js() -> Path:
    """The full plotly.js bundle shipped with the ``plotly`` package (found without importing
    it: this module stays light)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        raise ImageExportError("the plotly package is not installed")
    return Path(spec.origin).parent / "package_data" / "plotly.min.js"


@lru_cache(maxsize=1)
def basic_usable() -> bool:
    """Whether the vendored basic bundle is the same plotly.js version as the full one (an
    image must not change with the bundle it was drawn with)."""
    version = js_version(BASIC_JS)
    return version is not None and version == js_version(full_js())


def bundle_for(figures: Iterable[Any]) -> str:
    """``basic`` when every trace of the figures is a bar, scatter or pie — or a map, which
    images draw flat with those (``static_map.py``) — else ``full``."""
    from dashboard.exports.static_map import MAP_TRACES

    for fig in figures:
        for trace in getattr(fig, "data", None) or ():
            if getattr(trace, "type", None) not in BASIC_TRACES | MAP_TRACES:
                return "full"
    return "basic" if basic_usable() else "full"


# -- the browser --------------------------------------------------------------------------
class _Renderer:
    """One kaleido browser on its own thread and event loop; images are asked for from any
    thread and drawn in order on one tab."""

    def __init__(self, bundle: str) -> None:
        self.bundle = bundle
        self.ready: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._kaleido: Any = None
        self._closed = False
        self._let_go = False
        self._thread = threading.Thread(target=self._run, name=f"dvk-images-{bundle}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # noqa: BLE001 - handed to whoever asks for an image
            if not self.ready.done():
                self.ready.set_exception(exc)
        if not self.ready.done():  # closed before it was up
            self.ready.set_exception(ImageExportError("the image browser was closed"))

    async def _serve(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        if self._closed:  # closed before it started (see close)
            return
        path = program()
        if path is None:  # kaleido would wait forever for a browser it cannot start
            raise ImageExportError(
                "no Chromium browser found for chart images: install Debian's chromium "
                "(apt-get install chromium) or set BROWSER_PATH"
            )
        from dashboard.exports.kaleido_session import Session

        script = BASIC_JS if self.bundle == "basic" else full_js()
        home = Path(tempfile.mkdtemp(prefix="dvk-images-"))
        try:
            async with Session(home, script, path=path) as k:
                self._kaleido = k
                self.ready.set_result(None)
                await self._stop.wait()
        finally:
            if not self._let_go:
                shutil.rmtree(home, ignore_errors=True)

    def let_go(self) -> None:
        """At exit: leave the browser's shutdown and the deletion of its files to a detached
        process (``kaleido_session.let_go``) instead of waiting for them; a browser still
        starting is closed as :meth:`close` does."""
        from dashboard.exports.kaleido_session import let_go

        if self._kaleido is not None and let_go(self._kaleido):
            self._let_go = True
        else:
            self.close()

    def submit(self, fig: dict, fmt: str, width: int, height: int) -> concurrent.futures.Future:
        """The future bytes of one image; never waits for the browser to start (the caller
        goes on building the next chart meanwhile)."""
        if not self.ready.done():
            out: concurrent.futures.Future = concurrent.futures.Future()

            def when_ready(_: concurrent.futures.Future) -> None:
                try:
                    drawn = self.submit(fig, fmt, width, height)
                except BaseException as exc:  # noqa: BLE001 - the browser did not start
                    out.set_exception(exc)
                    return
                drawn.add_done_callback(lambda d: _copy(d, out))

            self.ready.add_done_callback(when_ready)
            return out
        self.ready.result()  # raises the start's error
        opts = {"format": fmt, "width": width, "height": height}
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(drawn(self._kaleido, fig, opts), self._loop)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and not (self.ready.done() and self.ready.exception())

    def close(self) -> None:
        """Close the browser (once it is up, if it is starting) and wait for it."""
        self._closed = True  # read by _serve after it has set its loop: no start is missed
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and self._thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the loop has just ended
                loop.call_soon_threadsafe(stop.set)
        self._thread.join(timeout=30)


# kaleido 1.x may take the blank page's script context for the loaded one when the machine is
# busy (its tab is navigated, then reloaded after every image); the drawing then fails with this
# error before anything is drawn, and the reloaded tab draws it.
STALE_PAGE = "kaleido_scopes is not defined"


async def drawn(kaleido: Any, fig: dict, opts: dict, attempts: int = 3) -> bytes:
    """The image of ``fig``, asked again of the reloaded tab when the page was not ready."""
    for attempt in range(1, attempts + 1):
        try:
            return await kaleido.calc_fig(fig, opts=opts)
        except Exception as exc:  # noqa: BLE001 - only the stale page is asked again
            if attempt == attempts or STALE_PAGE not in str(exc):
                raise
            await asyncio.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def _copy(source: concurrent.futures.Future, target: concurrent.futures.Future) -> None:
    """Hand a finished future's result (or error) on to another."""
    if source.cancelled():
        target.cancel()
    elif source.exception() is not None:
        target.set_exception(source.exception())
    else:
        target.set_result(source.result())


_RUNNING: dict[str, _Renderer] = {}


def renderer(bundle: str) -> _Renderer:
    """The running browser able to draw ``bundle`` charts (one with the full bundle draws
    every chart); started if none is."""
    with _LOCK:
        for have in ("full", bundle):
            found = _RUNNING.get(have)
            if found is not None and found.alive:
                return found
        for old in list(_RUNNING.values()):  # one browser at a time
            _RUNNING.clear()
            threading.Thread(target=old.close, daemon=True).start()
        _RUNNING[bundle] = _Renderer(bundle)
        return _RUNNING[bundle]


def running() -> set[str]:
    """The bundles of the browsers running now (at most one)."""
    with _LOCK:
        return {bundle for bundle, r in _RUNNING.items() if r.alive}


def warm_up(bundle: str = "basic") -> None:
    """Start the browser in the background (the first image then waits less); an error is
    reported by the image asked for, not here. ``bundle``: ``basic`` or ``full`` — the one
    the coming charts are expected to need (a wrong guess costs a second start)."""
    if bundle == "basic" and not basic_usable():
        bundle = "full"
    renderer(bundle)


def stop() -> None:
    """Close the browser and wait for it (tests; a browser replaced by another)."""
    with _LOCK:
        running = list(_RUNNING.values())
        _RUNNING.clear()
    for running_one in running:
        running_one.close()


def _at_exit() -> None:
    """The process ends: it does not wait for the browser to close (see ``let_go``)."""
    with _LOCK:
        running = list(_RUNNING.values())
        _RUNNING.clear()
    for running_one in running:
        running_one.let_go()


atexit.register(_at_exit)
