"""kaleido's browser as ``browser.py`` runs it: three changes to kaleido's way, each measured on
``dvk export`` (a PNG of a link within 2 s, start-up and exit included).

- **One tab, drawn on again.** kaleido reloads its tab after every image (0.15–0.3 s each), for
  PDFs printed from the page. dvk asks only for PNG and SVG, which plotly.js draws off the page
  (``Plotly.toImage``), so the tab is reused as it is — reloaded only when its page is not the
  loaded one (on a busy machine kaleido can take the blank page's script context for it; see
  ``browser.STALE_PAGE``).
- **The page loads while the browser finishes starting.** choreographer waits 0.1 s after it
  has found the browser's first tab; the page (plotly.js) is already loading by then.
- **The browser's files in one directory of ours** (``home``: the page and Chromium's profile),
  so that a process ending can leave the browser's shutdown and the directory's deletion to a
  detached process (:func:`let_go`) instead of waiting 0.3–0.5 s for them.

choreographer and kaleido are pinned (``.ci/requirements.lock``); the kaleido members this
module relies on are checked by ``tests/test_export_browser_session.py``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kaleido
from choreographer.browsers.chromium import Chromium


class _Profile:
    """Chromium's profile directory (``--user-data-dir``), inside the session's home."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handed_over = False  # deleted by the detached process of :func:`let_go`
        path.mkdir(parents=True, exist_ok=True)

    def clean(self) -> None:
        if not self.handed_over:
            shutil.rmtree(self.path, ignore_errors=True)


def _chromium_in(home: Path) -> type[Chromium]:
    """choreographer's Chromium with its profile in ``home/profile`` (not a temporary
    directory the interpreter would delete, in the foreground, as it ends)."""

    class InHome(Chromium):
        def pre_open(self) -> None:
            self.tmp_dir = _Profile(home / "profile")

        def get_cli(self) -> list[str]:
            # as Debian's launcher adds it: a chart image needs no network
            return [*super().get_cli(), "--disable-background-networking"]

    return InHome


class Session(kaleido.Kaleido):
    """kaleido's browser with one tab that is not reloaded after each image, and whose page
    loads while the browser finishes starting."""

    def __init__(self, home: Path, script: Path, **kwargs: Any) -> None:
        home.mkdir(parents=True, exist_ok=True)
        index = home / "index.html"
        # no MathJax: the charts hold no formulas, and its default is a CDN (no internet here)
        page = kaleido.PageGenerator(plotly=str(script), mathjax=False)
        index.write_text(page.generate_index(), encoding="utf-8")
        self.home = home
        self._populating: asyncio.Future | None = None
        super().__init__(page_generator=index, browser_cls=_chromium_in(home), **kwargs)

    async def populate_targets(self) -> None:
        """Find (or make) the browser's tab and start loading the page in it; returns once the
        tab is there, not when its page has loaded (see :meth:`open`)."""
        if self._populating is None:
            self._populating = asyncio.ensure_future(super().populate_targets())
        while not self.get_tab() and not self._populating.done():
            await asyncio.sleep(0.005)
        if self._populating.done():
            self._populating.result()  # its error, if any

    async def open(self) -> None:
        await super().open()
        if self._populating is not None:
            await self._populating  # the page has loaded: images can be asked for

    async def _return_kaleido_tab(self, tab: Any) -> None:
        if await page_loaded(tab):
            tab.js_logger.reset()  # as a reload does: the page's console log starts afresh
            await self.tabs_ready.put(tab)
        else:  # kaleido's way: reload, then hand the tab back
            await super()._return_kaleido_tab(tab)


async def page_loaded(tab: Any) -> bool:
    """Whether the script context kaleido draws in next holds its page (``kaleido_scopes``)."""
    response = await tab.tab.send_command(
        "Runtime.evaluate",
        params={
            "expression": "typeof kaleido_scopes",
            "contextId": tab._current_js_id,  # noqa: SLF001 - kaleido's own context id
            "returnByValue": True,
        },
    )
    value = (response.get("result") or {}).get("result", {}).get("value")
    return value == "object"


REAPER = (
    'gone() { i=0; while kill -0 "$1" 2>/dev/null && [ $i -lt 600 ]; '
    "do sleep 0.05; i=$((i+1)); done; }; "
    'gone "$3"; kill -TERM "$1" 2>/dev/null; gone "$1"; rm -rf -- "$2"'
)
"""Once this process (``$3``) has ended, stop the browser (its wrapper process ``$1`` stops
Chromium), wait for it and delete its home ``$2`` (each wait 30 s at most: a process not yet
reaped looks alive). Stopping the browser only then keeps choreographer's watchdog from
reporting its end while this process is still ending."""


def let_go(session: Session) -> bool:
    """Hand the browser's shutdown and the deletion of its home to a detached process, so that
    this process can end at once; ``False`` if the browser has not started (nothing to hand)."""
    process = getattr(session, "subprocess", None)
    if process is None or process.poll() is not None:
        return False
    try:
        subprocess.Popen(  # noqa: S603 - fixed command, our own pids and directory
            ["/bin/sh", "-c", REAPER, "dvk-images-reaper"]
            + [str(process.pid), str(session.home), str(os.getpid())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        )
    except OSError:  # no shell to hand it to: the caller closes the browser and waits
        return False
    profile = getattr(session._browser_impl, "tmp_dir", None)  # noqa: SLF001 - see _Profile
    if isinstance(profile, _Profile):
        profile.handed_over = True
    return True
