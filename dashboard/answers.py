"""The metric answers a view model reads — one implementation for the app and ``dvk export``.

An :class:`Answers` wraps one engine and asks :mod:`metrics`; each answer is kept by the
engine per data version (:meth:`metrics.engine.Engine.result`: plain Python keys, no hashing
by Streamlit, no pickling), so a re-ingest shows at the next question. The app's
``ctx.data`` is an Answers over the server's engine (:func:`dashboard.cache.answers`);
``dvk export`` and tests build one over their own engine (:meth:`Answers.of`). A view model
therefore reads the same code, and the same figures, on screen and in every export.

No Streamlit here: what is bound to the server (the engine resource, the heap freezing, the
store of built chart objects) lives in :mod:`dashboard.cache`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import pandas as pd

from dashboard import citing, tables
from dashboard.citing import SourceRef
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
from metrics.engine import Engine, Version
from metrics.filters import Filter
from metrics.rules import resolve

T = TypeVar("T")
Keeper = Callable[[tuple, Callable[[], Any]], Any]
"""Keeps built objects that are shared, never copied (``(key, build) -> object``)."""


class Answers:
    """The answers of one engine, each computed once per data version.

    Every method takes the data version ``v`` first (the pages' habit); it is not part of the
    key, as the engine checks the version itself on every call. ``keep`` stores objects that
    are shared as they are (built charts); by default they live as long as this object.
    """

    def __init__(self, engine: Engine, keep: Keeper | None = None) -> None:
        self._engine = engine
        self._objects: dict[tuple, Any] = {}
        self._keep = keep or self._keep_here

    @classmethod
    def of(cls, data_dir: Path | str) -> Answers:
        return cls(Engine(Path(data_dir), auto_build=True))

    def _keep_here(self, key: tuple, build: Callable[[], Any]) -> Any:
        if key not in self._objects:
            self._objects[key] = build()
        return self._objects[key]

    def _kept(self, name: str, args: tuple, build: Callable[[], T]) -> T:
        """``build()``, kept in the engine under ``(name, args)`` for this data version."""
        key = (__name__, name, args)
        try:
            hash(key)
        except TypeError:
            return build()
        return self._engine.result(key, build)

    def engine(self) -> Engine:
        return self._engine

    def version(self) -> Version:
        return self._engine.version()

    def profile(self, v: Version) -> dict[str, dict[str, list[str]]]:
        return self._kept("profile", (), lambda: filters.profile(self._engine))

    def year_bounds(self, v: Version) -> tuple[int, int] | None:
        return self._kept("year_bounds", (), lambda: filters.year_bounds(self._engine))

    def is_synthetic(self, v: Version) -> bool:
        sql = "SELECT bool_or(is_synthetic) FROM sources"
        return self._kept("is_synthetic", (), lambda: bool(self._engine.scalar(sql) or False))

    def compare(
        self,
        v: Version,
        f: Filter,
        codes: tuple[str, ...] | None,
        tier: str | None,
        scope: tuple[str, ...] | None,
        norm: str,
    ) -> comparisons.Comparison:
        return self._kept(
            "compare",
            (f, codes, tier, scope, norm),
            lambda: comparisons.compare(
                self._engine, f, codes=codes, tier=tier, scope=scope, norm=norm
            ),
        )

    def resolved(
        self, v: Version, f: Filter, codes: tuple[str, ...], by: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        return self._kept(
            "resolved", (f, codes, by), lambda: resolve(self._engine, f, codes=codes, by=by)
        )

    def funnel(self, v: Version, f: Filter, codes: tuple[str, ...]) -> pd.DataFrame:
        return self._kept("funnel", (f, codes), lambda: comparisons.funnel(self._engine, f, codes))

    def distribution(
        self, v: Version, f: Filter, dim: str, target: str
    ) -> distributions.Distribution:
        def build() -> distributions.Distribution:
            total = self.resolved(v, f, (target,)) if dim != "year" else None
            return distributions.distribution(self._engine, f, dim, target, total=total)

        return self._kept("distribution", (f, dim, target), build)

    def breakdown(self, v: Version, f: Filter, dims: tuple[str, ...], target: str) -> pd.DataFrame:
        return self._kept(
            "breakdown",
            (f, dims, target),
            lambda: distributions.breakdown(self._engine, f, dims, target),
        )

    def yearly(self, v: Version, f: Filter, codes: tuple[str, ...]) -> pd.DataFrame:
        return self._kept("yearly", (f, codes), lambda: trends.yearly(self._engine, f, codes))

    def phases(self, v: Version, f: Filter, codes: tuple[str, ...]) -> pd.DataFrame:
        return self._kept("phases", (f, codes), lambda: trends.phases(self._engine, f, codes))

    def change(self, v: Version, f: Filter, code: str) -> dict[str, object]:
        """The figure (shared with :meth:`resolved`) and the previous period's."""

        def build() -> dict[str, object]:
            now = self.resolved(v, f, (code,))
            return trends.change(self._engine, f, code, now=now)

        return self._kept("change", (f, code), build)

    def total(self, v: Version, f: Filter, scope: str) -> totals.Total:
        """A scope's total with its coverage (:mod:`metrics.totals`)."""
        return self._kept("total", (f, scope), lambda: totals.total(self._engine, f, scope))

    def total_change(
        self, v: Version, f: Filter, scope: str, previous: tuple[int, int]
    ) -> dict[str, object]:
        return self._kept(
            "total_change",
            (f, scope, previous),
            lambda: totals.change(self._engine, f, scope, previous),
        )

    def yearly_totals(self, v: Version, f: Filter, scope: str) -> pd.DataFrame:
        return self._kept(
            "yearly_totals", (f, scope), lambda: totals.yearly_totals(self._engine, f, scope)
        )

    def catalogue_page(self, v: Version, q: catalogue.CatalogueQuery) -> catalogue.Page:
        return self._kept("catalogue_page", (q,), lambda: catalogue.search(self._engine, q))

    def catalogue_counts(
        self, v: Version, f: Filter, column: str, text: str = "", status: str | None = None
    ) -> pd.DataFrame:
        return self._kept(
            "catalogue_counts",
            (f, column, text, status),
            lambda: catalogue.counts_by_locality(self._engine, f, column, text, status),
        )

    def catalogue_sources(
        self,
        v: Version,
        f: Filter,
        column: str,
        codes: tuple[str, ...],
        text: str = "",
        status: str | None = None,
    ) -> pd.DataFrame:
        return self._kept(
            "catalogue_sources",
            (f, column, codes, text, status),
            lambda: catalogue.sources_by_locality(self._engine, f, column, codes, text, status),
        )

    def findings(self, v: Version, data: str, f: Filter | None) -> quality.Findings:
        """Data-quality findings (seconds at national scale, so kept per data version)."""
        return self._kept("findings", (data, f), lambda: quality.findings(self._engine, f))

    def findings_view(
        self, v: Version, data: str, f: Filter | None, lang: str
    ) -> tuple[pd.DataFrame, dict[str, int]]:
        """Findings in words for the quality page (formatted once, not on every rerun)."""
        from metrics import places

        def build() -> tuple[pd.DataFrame, dict[str, int]]:
            result = self.findings(v, data, f)
            found = result.table
            codes = list(found["locality_code"].dropna())
            names = places.labels(self._engine, codes, "reported", lang)
            found = found.assign(
                locality_name=[
                    names.get(c, n) for c, n in zip(found["locality_code"], found["locality_name"])
                ]
            )
            return tables.findings_table(found, lang), result.counts

        return self._kept("findings_view", (data, f, lang), build)

    def sources_table(self, v: Version, f: Filter | None) -> pd.DataFrame:
        return self._kept("sources_table", (f,), lambda: sources.sources_table(self._engine, f))

    def sources_view(
        self, v: Version, f: Filter | None, lang: str
    ) -> tuple[pd.DataFrame, list[str], dict[str, str], dict[str, Any]]:
        """The sources table in words, ids, picker labels and its export cells (formatted
        once)."""
        return self._kept(
            "sources_view", (f, lang), lambda: tables.sources_table(self.sources_table(v, f), lang)
        )

    def sources_of(self, v: Version, f: Filter, codes: tuple[str, ...] | None) -> pd.DataFrame:
        return self._kept(
            "sources_of", (f, codes), lambda: sources.sources_of(self._engine, f, codes)
        )

    def source_figures(self, v: Version, source_id: str) -> pd.DataFrame:
        return self._kept(
            "source_figures", (source_id,), lambda: sources.figures(self._engine, source_id)
        )

    def tallies_by_id(self, v: Version, tally_ids: tuple[str, ...]) -> pd.DataFrame:
        return self._kept(
            "tallies_by_id", (tally_ids,), lambda: sources.tallies_by_id(self._engine, tally_ids)
        )

    def cited(self, v: Version, f: Filter, keys: tuple[tuple, ...]) -> pd.DataFrame:
        """The sources of exactly these shown figures (:func:`metrics.citations.row_keys`)."""
        from metrics.citations import sources_of_keys

        return self._kept("cited", (f, keys), lambda: sources_of_keys(self._engine, f, keys))

    def cited_refs(self, v: Version, f: Filter, keys: tuple[tuple, ...]) -> list[SourceRef]:
        """:meth:`cited` as the sources people read (one :class:`SourceRef` each).

        Kept as a Series of the (frozen) refs: the engine hands out a shallow copy of it, not
        a walk over thousands of refs on every rerun."""

        def build() -> pd.Series:
            return pd.Series(citing.refs(self.cited(v, f, keys)), dtype=object)

        return list(self._kept("cited_refs", (f, keys), build))

    def display_names(self, v: Version, lang: str) -> Mapping[str, str]:
        """Picker labels of every locality, unique over the whole country (2025 units marked,
        merged units with their successor, renamed units with their earlier names), built once
        per data version and language (shared, read-only: ~14,000 labels)."""
        from metrics import places

        def build() -> Mapping[str, str]:
            codes = ["VN", *self._engine.localities.index]
            names = places.labels(self._engine, codes, "reported", lang, former=True)
            return MappingProxyType(names)

        return self._engine.memo(f"display_names:{lang}", build)

    def centroids(self, v: Version, codes: tuple[str, ...]) -> pd.DataFrame:
        from metrics import points

        return self._kept("centroids", (codes,), lambda: points.centroids(self._engine, codes))

    def province_map(
        self,
        v: Version,
        f: Filter,
        norm: str,
        lang: str,
        selected: str | None,
        title: str,
        unit: str,
        filters: tuple[str, ...],
        sources: tuple,
    ) -> Any:  # dashboard.charts.Chart; kept as one object (never changed after it is built)
        """The province map of ``f`` (national scope): the figures of the provinces' ranking."""
        from dashboard import maps
        from metrics import places

        def build() -> Any:
            tier = places.child_tier(self._engine, None, f.boundary)
            comp = self.compare(v, f, None, tier, None, norm)
            return maps.province_chart(
                self._engine,
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

        key = ("province_map", v, f, norm, lang, selected, title, unit, filters, sources)
        return self._keep(key, build)

    def speech_kit(
        self,
        v: Version,
        f: Filter,
        codes: tuple[str, ...] = (),
        focus: tuple[str, ...] = (),
        lang: str = "vi",
    ) -> list:
        """Ready-to-read sentences for the current view in ``lang`` (several queries: kept per
        version)."""
        from metrics.speech import speech_kit as build

        return self._kept(
            "speech_kit",
            (f, codes, focus, lang),
            lambda: build(self._engine, f, codes, focus=focus or None, lang=lang),
        )
