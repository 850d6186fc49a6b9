"""The sources behind the rows a chart or table shows — exactly those rows, nothing wider.

A shown row is one figure of one locality (``code``) for one metric and period. Its sources are
the sources of the tallies the rules of :mod:`metrics.rules` use for it:

- a figure the locality states itself (``own``): that locality's own tallies;
- a figure added up from lower units (``basis == "children"``): the tallies of the units below
  it, except those hidden by a unit in between that states its own figure (a province's
  communes are not used when their district states its total);
- among tallies stating the same fact (same locality, period, metric and dimension values),
  only the one the rules keep: the latest source (then the larger value).

Only tallies inside the row's period (``lo`` … ``hi``) and the filter's dimensions count.

Examples
--------
>>> import pandas as pd
>>> from metrics.testing import tiny_engine
>>> from metrics.filters import Filter
>>> rows = pd.DataFrame({"code": ["31", "001", "VN"], "basis": ["stated", "children", None]})
>>> cited = sources_of_rows(tiny_engine(), Filter(years=(2022, 2022)), rows)
>>> cited[["source_id", "codes"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'source_id': 'hn-2022', 'codes': ['VN']}, {'source_id': 'bd-2022', 'codes': ['001']},
 {'source_id': 'hp-news', 'codes': ['31', 'VN']}]

Hải Phòng's 2022 figure is the later report's (``hp-news``, not ``hp-2022``); the nation adds
Hà Nội's own total, so Ba Đình's communes (``bd-2022``) are not behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from metrics.filters import Filter, scope_sql, where
from metrics.rules import NATION

if TYPE_CHECKING:
    from metrics.engine import Engine

COLUMNS = ["source_id", "title", "outlet", "url", "published", "is_synthetic", "figures", "codes"]
FACT = "t.locality_code, t.year_start, t.year_end, t.metric, t.kind, t.field, t.theme, "
FACT += "t.subject, t.level, t.award"
YEAR_MIN, YEAR_MAX = 0, 9999


def row_keys(rows: pd.DataFrame, metric: str) -> tuple[tuple[Any, ...], ...]:
    """``(code, own, lo, hi, metric)`` per row (hashable, for caches).

    ``own``: ``True`` stated, ``False`` added up from below, ``None`` not known (decided by
    whether the locality states a figure itself).
    """
    out = []
    for rec in rows.to_dict("records"):
        basis = rec.get("basis")
        own = None if not isinstance(basis, str) else basis == "stated"
        lo, hi = rec.get("year_lo", rec.get("year")), rec.get("year_hi", rec.get("year"))
        out.append(
            (
                str(rec["code"]),
                own,
                YEAR_MIN if lo is None or pd.isna(lo) else int(lo),
                YEAR_MAX if hi is None or pd.isna(hi) else int(hi),
                str(rec.get("metric") or metric),
            )
        )
    return tuple(dict.fromkeys(out))


def sources_of_rows(engine: Engine, f: Filter, rows: pd.DataFrame) -> pd.DataFrame:
    """The sources of ``rows`` (columns ``code``; optional ``basis``, ``year_lo``/``year_hi``
    or ``year``, ``metric``), most used first: ``source_id, title, outlet, url, published,
    is_synthetic, figures, codes`` (``codes``: the shown localities each source supports)."""
    return sources_of_keys(engine, f, row_keys(rows, f.metric))


def sources_of_keys(engine: Engine, f: Filter, keys: Sequence[tuple[Any, ...]]) -> pd.DataFrame:
    """:func:`sources_of_rows` on the keys of :func:`row_keys`."""
    if not keys:
        return pd.DataFrame(columns=COLUMNS)
    codes, own, lo, hi, metrics = (list(x) for x in zip(*keys))
    cond, params = where(engine, f, "t", metric=False, scope=False)
    if NATION not in codes:
        scond, sparams = scope_sql(engine, sorted(set(codes)), f.boundary, "t")
        cond, params = f"{cond} AND {scond}", params + sparams
    current = f.boundary == "current"
    info = engine.localities
    tiers = [NATION if c == NATION else str(info["tier"].get(c, "")) for c in codes]
    # which units between a row's locality and a tally can hide that tally (they state their own)
    hide_prov = [t == NATION or (current and t == "province") for t in tiers]
    hide_dist = [t in (NATION, "province") for t in tiers]
    hide_cur = [current and t == NATION for t in tiers]
    columns = ["province_code", "district_code"] + (["current_province_code"] if current else [])
    joins = [f"JOIN w ON w.{col} = r2.code" for col in columns]
    joins.append(f"JOIN w ON r2.code = '{NATION}'")
    below = " UNION ALL ".join(
        f"SELECT r2.*, w.* EXCLUDE (metric) FROM r2 {j} AND w.metric = r2.metric "
        "AND w.locality_code <> r2.code"
        for j in joins
    )
    sql = f"""
    WITH r AS (
        SELECT unnest(?::VARCHAR[]) AS code, unnest(?::BOOLEAN[]) AS own,
               unnest(?::INTEGER[]) AS lo, unnest(?::INTEGER[]) AS hi,
               unnest(?::VARCHAR[]) AS metric, unnest(?::BOOLEAN[]) AS hide_prov,
               unnest(?::BOOLEAN[]) AS hide_dist, unnest(?::BOOLEAN[]) AS hide_cur),
    ranked AS (
        SELECT t.tally_id, t.locality_code, t.province_code, t.district_code,
               t.current_province_code, t.year_start, t.year_end, t.metric, t.source_id,
               row_number() OVER (PARTITION BY {FACT}
                                  ORDER BY coalesce(s.rank, 0) DESC, t.value DESC) AS k
        FROM tallies t LEFT JOIN src s ON s.source_id = t.source_id
        WHERE {cond} AND list_contains(?, t.metric)),
    w AS (SELECT * EXCLUDE (k) FROM ranked WHERE k = 1),
    stating AS (SELECT DISTINCT locality_code AS unit, metric AS m FROM w),
    rows_own AS (
        SELECT DISTINCT r.code, r.metric,
               coalesce(r.own, EXISTS (SELECT 1 FROM stating WHERE unit = r.code
                                       AND m = r.metric)) AS own
        FROM r),
    r2 AS (SELECT r.* EXCLUDE (own), o.own FROM r JOIN rows_own o USING (code, metric)),
    used_own AS (
        SELECT r2.code, w.tally_id, w.source_id FROM r2 JOIN w
        ON w.locality_code = r2.code AND w.metric = r2.metric
        WHERE r2.own AND w.year_start >= r2.lo AND w.year_end <= r2.hi),
    cand AS ({below}),
    used_below AS (
        SELECT c.code, c.tally_id, c.source_id FROM cand c
        WHERE NOT c.own AND c.year_start >= c.lo AND c.year_end <= c.hi
          AND NOT (c.hide_prov AND c.province_code IS DISTINCT FROM c.locality_code
                   AND c.province_code IS DISTINCT FROM c.code
                   AND EXISTS (SELECT 1 FROM stating WHERE unit = c.province_code
                               AND m = c.metric))
          AND NOT (c.hide_dist AND c.district_code IS NOT NULL
                   AND c.district_code <> c.locality_code AND c.district_code <> c.code
                   AND EXISTS (SELECT 1 FROM stating WHERE unit = c.district_code
                               AND m = c.metric))
          AND NOT (c.hide_cur AND c.current_province_code IS DISTINCT FROM c.locality_code
                   AND EXISTS (SELECT 1 FROM stating WHERE unit = c.current_province_code
                               AND m = c.metric))),
    used AS (SELECT * FROM used_own UNION ALL SELECT * FROM used_below)
    SELECT s.source_id, s.title, s.outlet, s.url, s.published, s.is_synthetic,
           count(DISTINCT u.tally_id) AS figures, list(DISTINCT u.code ORDER BY u.code) AS codes
    FROM used u JOIN sources s ON s.source_id = u.source_id
    GROUP BY s.source_id, s.title, s.outlet, s.url, s.published, s.is_synthetic
    ORDER BY figures DESC, coalesce(s.published, '') DESC, s.source_id
    """
    values = [codes, own, lo, hi, metrics, hide_prov, hide_dist, hide_cur]
    found = engine.sql(sql, [*values, *params, sorted(set(metrics))])
    found["codes"] = [list(c) for c in found["codes"]]
    return found[COLUMNS]
