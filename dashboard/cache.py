"""All caching of the dashboard, in one place.

The engine (one DuckDB connection over the Parquet files) is a resource;
query *results* — small DataFrames — are kept by the engine per data version
(:meth:`metrics.engine.Engine.result`: plain Python keys, no hashing of
arguments by Streamlit, no pickling), so a re-ingest shows at the next rerun. The
big tables are never cached or copied: DuckDB reads them from Parquet on demand.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard import citing, tables
from dashboard.citing import SourceRef
from data_loaders import config
from metrics import (
    catalogue,
    comparisons,
    distributions,
    filters,
    quality,
    sources,
    totals,
    trends,
)
from metrics.engine import Engine
from metrics.engine import Version as Version  # re-exported
from metrics.filters import Filter
from metrics.rules import resolve

TTL = None
MAX = 256
SERVING_MEMORY_LIMIT = "160MB"
"""DuckDB's buffers in the serving process (it spills beyond): a first question over the whole
country can take several hundred MiB otherwise, and the process must stay under 500 MiB."""
T = TypeVar("T")


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
_freezes_left = 0


def _freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    """Move what survived a full collection into the collector's permanent generation.

    A full collection walks every object the process holds — ~250,000 after dvk's imports
    and caches, a third of a warm rerun when Streamlit collected after every run. What
    survives a full collection (modules, the engine, cached answers, the sessions' state)
    mostly lives as long as the process, so once many objects are left to walk they are
    frozen: later collections walk only what came after. Frozen objects are still freed
    when no longer referenced; only reference cycles among them would be kept, which is
    why freezing stops after ``FREEZES`` times.
    """
    global _freezes_left
    if phase != "stop" or info.get("generation") != 2 or _freezes_left <= 0:
        return
    if len(gc.get_objects(generation=2)) >= FREEZE_AT:
        _freezes_left -= 1
        gc.freeze()


@st.cache_resource(show_spinner=False)
def _engine(directory: str) -> Engine:
    global _freezes_left
    if _freeze_survivors not in gc.callbacks:  # once per process (the engine is a resource)
        _freezes_left = FREEZES
        gc.callbacks.append(_freeze_survivors)
    return Engine(Path(directory), auto_build=True, memory_limit=SERVING_MEMORY_LIMIT)


def engine() -> Engine:
    """The engine of the configured data directory (one per process)."""
    return _engine(str(data_dir()))


def version() -> Version:
    return engine().version()


def _per_version(fn: Callable[..., T]) -> Callable[..., T]:
    """Keep ``fn(v, ...)``'s answers in the engine per data version (``v`` is not part of
    the key: the engine checks the version itself on every call)."""
    name = fn.__name__

    @functools.wraps(fn)
    def kept(v: Version, *args: Any, **kwargs: Any) -> T:
        key = (__name__, name, args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:
            return fn(v, *args, **kwargs)
        return engine().result(key, lambda: fn(v, *args, **kwargs))

    return kept


def clear() -> None:
    """Forget every cached answer (the next run asks the data again)."""
    st.cache_data.clear()
    engine().clear_results()


@_per_version
def profile(v: Version) -> dict[str, dict[str, list[str]]]:
    return filters.profile(engine())


@_per_version
def year_bounds(v: Version) -> tuple[int, int] | None:
    return filters.year_bounds(engine())


@_per_version
def is_synthetic(v: Version) -> bool:
    return bool(engine().scalar("SELECT bool_or(is_synthetic) FROM sources") or False)


@_per_version
def compare(
    v: Version,
    f: Filter,
    codes: tuple[str, ...] | None,
    tier: str | None,
    scope: tuple[str, ...] | None,
    norm: str,
) -> comparisons.Comparison:
    return comparisons.compare(engine(), f, codes=codes, tier=tier, scope=scope, norm=norm)


@_per_version
def resolved(
    v: Version, f: Filter, codes: tuple[str, ...], by: tuple[str, ...] = ()
) -> pd.DataFrame:
    return resolve(engine(), f, codes=codes, by=by)


@_per_version
def funnel(v: Version, f: Filter, codes: tuple[str, ...]) -> pd.DataFrame:
    return comparisons.funnel(engine(), f, codes)


@_per_version
def distribution(v: Version, f: Filter, dim: str, target: str) -> distributions.Distribution:
    total = resolved(v, f, (target,)) if dim != "year" else None
    return distributions.distribution(engine(), f, dim, target, total=total)


@_per_version
def breakdown(v: Version, f: Filter, dims: tuple[str, ...], target: str) -> pd.DataFrame:
    return distributions.breakdown(engine(), f, dims, target)


@_per_version
def yearly(v: Version, f: Filter, codes: tuple[str, ...]) -> pd.DataFrame:
    return trends.yearly(engine(), f, codes)


@_per_version
def phases(v: Version, f: Filter, codes: tuple[str, ...]) -> pd.DataFrame:
    return trends.phases(engine(), f, codes)


@_per_version
def change(v: Version, f: Filter, code: str) -> dict[str, object]:
    """The figure (shared with :func:`resolved`) and the previous period's."""
    now = resolved(v, f, (code,))
    out = trends.change(engine(), f, code, now=now)
    return out


@_per_version
def total(v: Version, f: Filter, scope: str) -> totals.Total:
    """A scope's total with its coverage (:mod:`metrics.totals`)."""
    return totals.total(engine(), f, scope)


@_per_version
def total_change(v: Version, f: Filter, scope: str, previous: tuple[int, int]) -> dict[str, object]:
    return totals.change(engine(), f, scope, previous)


@_per_version
def yearly_totals(v: Version, f: Filter, scope: str) -> pd.DataFrame:
    return totals.yearly_totals(engine(), f, scope)


@_per_version
def catalogue_page(v: Version, q: catalogue.CatalogueQuery) -> catalogue.Page:
    return catalogue.search(engine(), q)


@_per_version
def catalogue_counts(v: Version, f: Filter, column: str) -> pd.DataFrame:
    return catalogue.counts_by_locality(engine(), f, column)


@_per_version
def findings(v: Version, data: str, f: Filter | None) -> quality.Findings:
    """Data-quality findings (seconds at national scale, so cached per data version)."""
    return quality.findings(engine(), f)


@_per_version
def findings_view(
    v: Version, data: str, f: Filter | None, lang: str
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Findings in words for the quality page (formatted once, not on every rerun)."""
    from metrics import places

    result = findings(v, data, f)
    found = result.table
    names = places.labels(engine(), list(found["locality_code"].dropna()), "reported", lang)
    found = found.assign(
        locality_name=[
            names.get(c, n) for c, n in zip(found["locality_code"], found["locality_name"])
        ]
    )
    return tables.findings_table(found, lang), result.counts


@_per_version
def sources_table(v: Version, f: Filter | None) -> pd.DataFrame:
    return sources.sources_table(engine(), f)


@_per_version
def sources_view(
    v: Version, f: Filter | None, lang: str
) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    """The sources table in words, ids and picker labels (formatted once)."""
    return tables.sources_table(sources_table(v, f), lang)


@st.cache_resource(show_spinner=False, max_entries=MAX)
def province_map(
    v: Version,
    f: Filter,
    norm: str,
    lang: str,
    selected: str | None,
    title: str,
    unit: str,
    filters: tuple[str, ...],
    sources: tuple,
):  # -> dashboard.charts.Chart; kept as one object (never changed after it is built)
    """The province map of ``f`` (national scope): the figures of the provinces' ranking."""
    from dashboard import maps
    from metrics import places

    tier = places.child_tier(engine(), None, f.boundary)
    comp = compare(v, f, None, tier, None, norm)
    return maps.province_chart(
        engine(),
        comp,
        f.boundary,
        lang=lang,
        norm=norm,
        selected=selected,
        title=title,
        unit=unit,
        filters=list(filters),
        sources=list(sources),
    )


@_per_version
def centroids(v: Version, codes: tuple[str, ...]) -> pd.DataFrame:
    from metrics import points

    return points.centroids(engine(), codes)


@_per_version
def sources_of(v: Version, f: Filter, codes: tuple[str, ...] | None) -> pd.DataFrame:
    return sources.sources_of(engine(), f, codes)


@_per_version
def cited(v: Version, f: Filter, keys: tuple[tuple, ...]) -> pd.DataFrame:
    """The sources of exactly these shown figures (:func:`metrics.citations.row_keys`)."""
    from metrics.citations import sources_of_keys

    return sources_of_keys(engine(), f, keys)


@_per_version
def cited_refs(v: Version, f: Filter, keys: tuple[tuple, ...]) -> list[SourceRef]:
    """:func:`cited` as the sources people read (one :class:`SourceRef` each)."""
    return citing.refs(cited(v, f, keys))


@_per_version
def catalogue_sources(v: Version, f: Filter, column: str, codes: tuple[str, ...]) -> pd.DataFrame:
    return catalogue.sources_by_locality(engine(), f, column, codes)


@_per_version
def source_figures(v: Version, source_id: str) -> pd.DataFrame:
    return sources.figures(engine(), source_id)


@_per_version
def tallies_by_id(v: Version, tally_ids: tuple[str, ...]) -> pd.DataFrame:
    return sources.tallies_by_id(engine(), tally_ids)


def codes_tuple(codes: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if codes is None else tuple(codes)


def display_names(v: Version, lang: str) -> Mapping[str, str]:
    """Picker labels of every locality, unique over the whole country (2025 units marked,
    merged units with their successor, renamed units with their earlier names), built once per
    data version and language (shared, read-only: ~14,000 labels)."""
    from metrics import places

    def build() -> Mapping[str, str]:
        codes = ["VN", *engine().localities.index]
        return MappingProxyType(places.labels(engine(), codes, "reported", lang, former=True))

    return engine().memo(f"display_names:{lang}", build)


@_per_version
def speech_kit(
    v: Version, f: Filter, codes: tuple[str, ...] = (), focus: tuple[str, ...] = ()
) -> list:
    """Ready-to-read sentences for the current view (several queries: cached per data version)."""
    from metrics.speech import speech_kit as build

    return build(engine(), f, codes, focus=focus or None)
