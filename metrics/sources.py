"""Sources: every source with what it states, and the figures of one source.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> table = sources_table(tiny_engine())
>>> table.loc[table["source_id"] == "hn-2022", ["figures", "localities"]].iloc[0].tolist()
[9, 2]
>>> len(figures(tiny_engine(), "hp-2022"))
2
>>> sources_for(tiny_engine(), ["hp-2022", "nope"])["title"].tolist()
['Hải Phòng biểu dương mô hình 2022']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from metrics.filters import Filter, where

if TYPE_CHECKING:
    from metrics.engine import Engine


def sources_table(engine: Engine, f: Filter | None = None) -> pd.DataFrame:
    """One row per source: ``source_id, title, outlet, url, published, is_synthetic, figures,
    candidates, localities, metrics, year_lo, year_hi`` (newest first).

    With ``f``, only sources with a figure inside its locality/period/metric.
    """
    cond, params = ("TRUE", [])
    if f is not None:
        cond, params = where(
            engine,
            f.replace(kind=None, field=None, theme=None, subject=None, level=None, award=None),
            "t",
            status=False,  # the figures and the candidates are both counted below
        )
    sql = (
        "WITH agg AS (SELECT t.source_id, "
        "count(*) FILTER (WHERE t.status = 'confirmed') AS figures, "
        "count(*) FILTER (WHERE t.status = 'candidate') AS candidates, "
        "count(DISTINCT t.locality_code) AS localities, list(DISTINCT t.metric) AS metrics, "
        "min(t.year_start) AS year_lo, max(t.year_end) AS year_hi "
        f"FROM tallies t WHERE {cond} GROUP BY t.source_id) "
        "SELECT s.source_id, s.title, s.outlet, s.url, s.published, s.locality_text, "
        "s.is_synthetic, coalesce(a.figures, 0) AS figures, "
        "coalesce(a.candidates, 0) AS candidates, "
        "coalesce(a.localities, 0) AS localities, a.metrics, a.year_lo, a.year_hi "
        f"FROM sources s {'JOIN' if f is not None else 'LEFT JOIN'} agg a USING (source_id) "
        "ORDER BY coalesce(s.published, '') DESC, s.source_id"
    )
    table = engine.sql(sql, params)
    table["figures"] = table["figures"].astype(int)
    table["localities"] = table["localities"].astype(int)
    return table


def figures(engine: Engine, source_id: str) -> pd.DataFrame:
    """Every tally a source states (both statuses), with locality names."""
    return engine.sql(
        "SELECT t.tally_id, t.locality_code, l.name AS locality_name, t.year_start, t.year_end, "
        "t.metric, t.kind, t.field, t.theme, t.subject, t.level, t.award, t.value, t.status, "
        "t.quote, t.note FROM tallies t LEFT JOIN localities l USING (locality_code) "
        "WHERE t.source_id = ? ORDER BY t.metric, t.year_start, t.tally_id",
        [source_id],
    )


def sources_for(engine: Engine, source_ids: Sequence[str]) -> pd.DataFrame:
    """Title, outlet, date and address of the given sources (unknown ids are skipped)."""
    ids = list(dict.fromkeys(source_ids))
    if not ids:
        return pd.DataFrame(
            columns=["source_id", "title", "outlet", "url", "published", "is_synthetic"]
        )
    return engine.sql(
        "SELECT source_id, title, outlet, url, published, is_synthetic FROM sources "
        "WHERE list_contains(?, source_id) ORDER BY coalesce(published, '') DESC, source_id",
        [ids],
    )


def sources_of(
    engine: Engine, f: Filter, codes: Sequence[str] | None = None, limit: int = 50
) -> pd.DataFrame:
    """Sources behind the figures selected by ``f`` (optionally only for ``codes`` and their
    descendants), most used first: ``source_id, title, outlet, url, published, figures``.

    Sources of the highest tiers present come first and, when they exist, alone:
    a province figure rests on the province's own report before its communes'.
    """
    from metrics.filters import scope_sql

    cond, params = where(engine, f, "t")
    if codes:
        scond, sparams = scope_sql(engine, list(codes), f.boundary, "t")
        cond += f" AND {scond}"
        params += sparams
    for tiers in ("'province'", "'province', 'district'"):
        top = engine.sql(_sources_sql(f"{cond} AND t.locality_tier IN ({tiers})", limit), params)
        if len(top):
            return top
    return engine.sql(_sources_sql(cond, limit), params)


def _sources_sql(cond: str, limit: int) -> str:
    return (
        "SELECT s.source_id, s.title, s.outlet, s.url, s.published, s.is_synthetic, "
        "count(*) AS figures FROM tallies t JOIN sources s ON s.source_id = t.source_id "
        f"WHERE {cond} GROUP BY ALL ORDER BY figures DESC, max(coalesce(s.published, '')) DESC "
        f"LIMIT {int(limit)}"
    )


def tallies_by_id(engine: Engine, tally_ids: Sequence[str]) -> pd.DataFrame:
    """The rows a finding points to."""
    return engine.sql(
        "SELECT t.tally_id, t.locality_code, l.name AS locality_name, t.year_start, t.year_end, "
        "t.metric, t.kind, t.field, t.theme, t.subject, t.level, t.award, t.value, t.source_id, "
        "s.title AS source_title, s.published, t.status, t.quote, t.note FROM tallies t "
        "LEFT JOIN localities l USING (locality_code) LEFT JOIN sources s USING (source_id) "
        "WHERE list_contains(?, t.tally_id) ORDER BY t.source_id, t.tally_id",
        [list(tally_ids)],
    )
