"""The metric answers a view model reads, without Streamlit (``dvk export``, tests).

:class:`Answers` has the same functions as :mod:`dashboard.cache` (which keeps them in the
server's engine per data version): a view model asks ``ctx.data`` and gets the same figures
whichever of the two answers. Results are kept for the life of the object (one export).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import citing
from dashboard.citing import SourceRef
from metrics import catalogue, comparisons, distributions, filters, totals, trends
from metrics.engine import Engine, Version
from metrics.filters import Filter


class Answers:
    """Answers of one engine, each computed once (keyed by its arguments)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._memo: dict[tuple, Any] = {}

    @classmethod
    def of(cls, data_dir: Path | str) -> Answers:
        return cls(Engine(Path(data_dir), auto_build=True))

    def _once(self, key: tuple, build: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def engine(self) -> Engine:
        return self._engine

    def version(self) -> Version:
        return self._once(("version",), self._engine.version)

    def year_bounds(self, v: Version) -> tuple[int, int] | None:
        return self._once(("year_bounds",), lambda: filters.year_bounds(self._engine))

    def is_synthetic(self, v: Version) -> bool:
        sql = "SELECT bool_or(is_synthetic) FROM sources"
        return self._once(("synthetic",), lambda: bool(self._engine.scalar(sql) or False))

    def compare(
        self,
        v: Version,
        f: Filter,
        codes: tuple[str, ...] | None,
        tier: str | None,
        scope: tuple[str, ...] | None,
        norm: str,
    ) -> comparisons.Comparison:
        return self._once(
            ("compare", f, codes, tier, scope, norm),
            lambda: comparisons.compare(
                self._engine, f, codes=codes, tier=tier, scope=scope, norm=norm
            ),
        )

    def funnel(self, v: Version, f: Filter, codes: tuple[str, ...]) -> pd.DataFrame:
        return self._once(("funnel", f, codes), lambda: comparisons.funnel(self._engine, f, codes))

    def distribution(
        self, v: Version, f: Filter, dim: str, target: str
    ) -> distributions.Distribution:
        from metrics.rules import resolve

        def build() -> distributions.Distribution:
            total = resolve(self._engine, f, codes=(target,)) if dim != "year" else None
            return distributions.distribution(self._engine, f, dim, target, total=total)

        return self._once(("distribution", f, dim, target), build)

    def breakdown(self, v: Version, f: Filter, dims: tuple[str, ...], target: str) -> pd.DataFrame:
        return self._once(
            ("breakdown", f, dims, target),
            lambda: distributions.breakdown(self._engine, f, dims, target),
        )

    def yearly(self, v: Version, f: Filter, codes: tuple[str, ...]) -> pd.DataFrame:
        return self._once(("yearly", f, codes), lambda: trends.yearly(self._engine, f, codes))

    def phases(self, v: Version, f: Filter, codes: tuple[str, ...]) -> pd.DataFrame:
        return self._once(("phases", f, codes), lambda: trends.phases(self._engine, f, codes))

    def total(self, v: Version, f: Filter, scope: str) -> totals.Total:
        return self._once(("total", f, scope), lambda: totals.total(self._engine, f, scope))

    def total_change(
        self, v: Version, f: Filter, scope: str, previous: tuple[int, int]
    ) -> dict[str, object]:
        return self._once(
            ("total_change", f, scope, previous),
            lambda: totals.change(self._engine, f, scope, previous),
        )

    def yearly_totals(self, v: Version, f: Filter, scope: str) -> pd.DataFrame:
        return self._once(
            ("yearly_totals", f, scope), lambda: totals.yearly_totals(self._engine, f, scope)
        )

    def catalogue_counts(self, v: Version, f: Filter, column: str) -> pd.DataFrame:
        return self._once(
            ("catalogue_counts", f, column),
            lambda: catalogue.counts_by_locality(self._engine, f, column),
        )

    def catalogue_sources(
        self, v: Version, f: Filter, column: str, codes: tuple[str, ...]
    ) -> pd.DataFrame:
        return self._once(
            ("catalogue_sources", f, column, codes),
            lambda: catalogue.sources_by_locality(self._engine, f, column, codes),
        )

    def cited(self, v: Version, f: Filter, keys: tuple[tuple, ...]) -> pd.DataFrame:
        from metrics.citations import sources_of_keys

        return self._once(("cited", f, keys), lambda: sources_of_keys(self._engine, f, keys))

    def cited_refs(self, v: Version, f: Filter, keys: tuple[tuple, ...]) -> list[SourceRef]:
        return self._once(("cited_refs", f, keys), lambda: citing.refs(self.cited(v, f, keys)))

    def display_names(self, v: Version, lang: str) -> dict[str, str]:
        from metrics import places

        codes = ["VN", *self._engine.localities.index]
        return self._once(
            ("display_names", lang),
            lambda: places.labels(self._engine, codes, "reported", lang, former=True),
        )

    def centroids(self, v: Version, codes: tuple[str, ...]) -> pd.DataFrame:
        from metrics import points

        return self._once(("centroids", codes), lambda: points.centroids(self._engine, codes))

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
    ) -> Any:  # dashboard.charts.Chart
        from dashboard import maps
        from metrics import places

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

    def speech_kit(
        self, v: Version, f: Filter, codes: tuple[str, ...] = (), focus: tuple[str, ...] = ()
    ) -> list:
        from metrics.speech import speech_kit as build

        return self._once(
            ("speech_kit", f, codes, focus),
            lambda: build(self._engine, f, codes, focus=focus or None),
        )
