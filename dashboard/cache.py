"""What the app keeps across reruns and sessions — the Streamlit-bound part of its answers.

The answers themselves are one implementation, :class:`dashboard.answers.Answers`, shared with
``dvk export``: query *results* — small DataFrames — are kept by the engine per data version
(:meth:`metrics.engine.Engine.result`), so a re-ingest shows at the next rerun. This module
holds what belongs to the serving process: the data directory, the engine (one DuckDB
connection over the Parquet files, a Streamlit resource), the built chart objects shared by
every session, and the freezing of the surviving heap. The big tables are never cached or
copied: DuckDB reads them from Parquet on demand.
"""

from __future__ import annotations

import functools
import gc
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import streamlit as st

from dashboard.answers import Answers
from data_loaders import config
from metrics.engine import Engine
from metrics.engine import Version as Version  # re-exported

if TYPE_CHECKING:
    from dashboard.context import Ctx

T = TypeVar("T")

TTL = None
SERVING_MEMORY_LIMIT = "160MB"
"""DuckDB's buffers in the serving process (it spills beyond): a first question over the whole
country can take several hundred MiB otherwise, and the process must stay under 500 MiB."""


def data_dir() -> Path:
    """The configured data directory (resolved once per value of the setting)."""
    return _resolved(os.environ.get("DVK_DATA_DIR"), os.environ.get("XDG_DATA_HOME"))


@functools.lru_cache(maxsize=8)
def _resolved(setting: str | None, _xdg: str | None) -> Path:
    return config.data_dir(setting)


FREEZES = 16
"""At most this many freezes of the surviving heap (see :func:`_freeze_survivors`)."""
FREEZE_AT = 50_000
"""Objects left to walk by a full collection above which the survivors are frozen."""
THAW_EVERY_S = 60.0
"""The frozen heap is thawed at most this often, so that the next full collection frees the
reference cycles that died frozen (closed sessions), before survivors are frozen again."""
_freezes_left = 0
_thawed_at = time.monotonic()


def _freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    """Move what survived a full collection into the collector's permanent generation.

    A full collection walks every object the process holds — ~250,000 after dvk's imports
    and caches, a third of a warm rerun when Streamlit collected after every run. What
    survives a full collection (modules, the engine, cached answers, the sessions' state)
    mostly lives as long as the process, so once many objects are left to walk they are
    frozen: later collections walk only what came after. Frozen objects are still freed
    when no longer referenced; only reference cycles among them (a closed session) would be
    kept, which is why freezing stops after ``FREEZES`` times and the heap is thawed every
    ``THAW_EVERY_S`` seconds (the next full collection walks it all once and frees them).
    """
    global _freezes_left, _thawed_at
    if phase != "stop" or info.get("generation") != 2:
        return
    now = time.monotonic()
    if gc.get_freeze_count() and now - _thawed_at >= THAW_EVERY_S:
        # sessions alive at a freeze are cycles: frozen, a closed one was never freed
        _thawed_at, _freezes_left = now, FREEZES
        gc.unfreeze()
        return
    if _freezes_left > 0 and len(gc.get_objects(generation=2)) >= FREEZE_AT:
        _freezes_left -= 1
        gc.freeze()


@st.cache_resource(show_spinner=False)
def _engine(directory: str) -> Engine:
    global _freezes_left, _thawed_at
    if _freeze_survivors not in gc.callbacks:  # once per process (the engine is a resource)
        _freezes_left, _thawed_at = FREEZES, time.monotonic()
        gc.callbacks.append(_freeze_survivors)
    return Engine(Path(directory), auto_build=True, memory_limit=SERVING_MEMORY_LIMIT)


def engine() -> Engine:
    """The engine of the configured data directory (one per process)."""
    return _engine(str(data_dir()))


def version() -> Version:
    return engine().version()


def clear() -> None:
    """Forget every cached answer (the next run asks the data again)."""
    st.cache_data.clear()
    engine().clear_results()
    with _views_lock:
        _views.clear()


def _kept_object(key: tuple, build: Callable[[], Any]) -> Any:
    """A built object shared by every session, as it is (charts are never changed once built);
    ``key`` names it fully, data version included. Looked up by Python's own hash: Streamlit's
    cache would hash the key's contents again on every rerun."""
    return _kept(("answers", key), build)


class _ServedAnswers(Answers):
    """The app's answers: the two small facts every run asks (the data's years, whether it is
    synthetic) are kept per data version ``v`` as they are, without the engine checking its
    files and copying the answer on each call. ``v`` is the version the run started with, so a
    new ingest is seen at the next rerun, as before."""

    def year_bounds(self, v: Version) -> tuple[int, int] | None:
        return _kept(
            ("year_bounds", id(self), v), lambda: super(_ServedAnswers, self).year_bounds(v)
        )

    def is_synthetic(self, v: Version) -> bool:
        return _kept(
            ("is_synthetic", id(self), v), lambda: super(_ServedAnswers, self).is_synthetic(v)
        )


@st.cache_resource(show_spinner=False)
def _answers(directory: str) -> Answers:
    return _ServedAnswers(_engine(directory), keep=_kept_object)


def answers() -> Answers:
    """The answers of the configured data directory (the app's ``ctx.data``)."""
    return _answers(str(data_dir()))


VIEWS_MAX = 256
"""Built objects kept: view models and maps of the page states asked last, every session
together (the least recently asked go first)."""
_views: OrderedDict[tuple, Any] = OrderedDict()
_views_lock = threading.Lock()
_building: dict[tuple, threading.Lock] = {}  # keys being built, each with its lock


def _frozen(value: Any) -> Any:
    return tuple(_frozen(v) for v in value) if isinstance(value, list | tuple) else value


def view(ctx: Ctx, name: str, build: Callable[[], T]) -> T:
    """``build()`` — a view model of ``ctx`` — built once per page state and data version.

    A view model is a pure function of the page state and the data (``dashboard/viewmodels.py``)
    and its charts are never changed once built, so every rerun and every session asking the
    same state shares one object: a rerun no longer rebuilds its figures and tables (about
    half of the overview's script time). ``name`` names the view model and any argument of it
    that is not in the page state. The last ``VIEWS_MAX`` are kept.
    """
    state = ctx.state
    if state is None:
        return build()
    key = (name, ctx.version, state.page, state.lang, state.filter, state.scope)
    key += (_frozen(state.values),)
    return _kept(key, build)


def per_version(ctx: Ctx, name: Hashable, build: Callable[[], T]) -> T:
    """``build()`` — something read from the data alone, never changed by its readers — built
    once per data version (``ctx.version``: a new ingest or an undo is seen at the next rerun)
    and shared by every session."""
    return _kept(("per_version", name, ctx.version), build)


def _kept(key: tuple, build: Callable[[], T]) -> T:
    """The object kept under ``key``, built once: sessions asking for it meanwhile wait."""
    try:
        hash(key)
    except TypeError:  # a value that cannot name the object exactly: built for this run only
        return build()
    with _views_lock:
        if key in _views:
            _views.move_to_end(key)
            return _views[key]
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _views_lock:
            if key in _views:
                return _views[key]
        try:
            built = build()
            with _views_lock:
                _views[key] = built
                while len(_views) > VIEWS_MAX:
                    _views.popitem(last=False)
        finally:
            with _views_lock:
                _building.pop(key, None)
    return built
