"""The sources behind the rows a chart or table shows — exactly those rows, nothing wider.

A shown row is one figure of one locality (``code``) for one metric and period. Its sources are
the sources of the tallies the rules of :mod:`metrics.rules` use for it:

- a figure the locality states itself (``own``): that locality's own tallies;
- a figure added up from lower units (``basis == "children"``): the tallies of the units below
  it, except those hidden by a unit in between that states its own figure (a province's
  communes are not used when their district states its total);
- among tallies stating the same fact (same locality, period, metric and dimension values),
  only the one the rules keep: the latest source (then the larger value);
- of a stock (``models_registered``), only a unit's latest figure is used (``metrics/RULES.md``,
  step 3): a tally is not cited when the same unit states the row's own figure (the filter's
  dimension values) at a later date inside the row's period — old Đồng Nai's 5,022 (2009–2015)
  is not behind its 15,000 (2009–2024). Rows split by a dimension (a column ``field``,
  ``level`` …) compare like with like: a later figure of the same part (same value of each
  dimension split by) hides an older one; each part has its own latest date.

Only tallies inside the row's period (``lo`` … ``hi``) and the filter's dimensions count.

Examples
--------
>>> import pandas as pd
>>> from metrics.testing import tiny_engine
>>> from metrics.filters import Filter
>>> rows = pd.DataFrame({"code": ["31", "001", "VN"], "basis": ["stated", "children", None]})
>>> cited = sources_of_rows(tiny_engine(), Filter(years=(2022, 2022)), rows)
>>> cited[["source_id", "codes"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'source_id': 'hn-2022', 'codes': ['VN']}, {'source_id': 'hp-news', 'codes': ['31', 'VN']},
 {'source_id': 'bd-2022', 'codes': ['001']}]

Hải Phòng's 2022 figure is the later report's (``hp-news``, not ``hp-2022``); the nation adds
Hà Nội's own total, so Ba Đình's communes (``bd-2022``) are not behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from metrics import places
from metrics.filters import DIMENSIONS, Filter, where
from metrics.rules import NATION, boundary_version, is_stock, resolve
from metrics.rules_sql import STRICT, total_id
from metrics.sqlparts import literal

if TYPE_CHECKING:
    from metrics.engine import Engine

COLUMNS = ["source_id", "title", "outlet", "url", "published", "is_synthetic", "figures", "codes"]
FACT = "t.locality_code, t.year_start, t.year_end, t.metric, t.kind, t.field, t.theme, "
FACT += "t.subject, t.level, t.award"
DIMS = "t.kind, t.field, t.theme, t.subject, t.level, t.award"
YEAR_MIN, YEAR_MAX = 0, 9999
# Above this many tallies (a whole country), stating the same fact twice is not looked for:
# every tally counts (finding the one kept costs seconds there). Each row still cites only
# tallies of its own locality, or of the units below it that the rules add up.
DEDUP_MAX = 100_000


def same_cell_sql(f: Filter, split: tuple[str, ...], x: str, t: str) -> str:
    """SQL: tally ``x`` makes the figure (or the part, for rows ``split`` by dimensions) that
    tally ``t`` would count towards exist at ``x``'s own date (``metrics/RULES.md``, step 2):
    each dimension split by at ``t``'s value; ``field`` and ``subject`` otherwise at the
    filter's value, else at their total (a part of those gives a figure only with the whole
    breakdown); any value of the other dimensions (each is a figure once the others are added).
    """
    fixed = f.fixed()
    parts = [f"{x}.{d} = {t}.{d}" for d in split]
    parts += [f"{x}.{d} = {literal(fixed.get(d, total_id(d)))}" for d in STRICT if d not in split]
    return " AND ".join(parts) or "TRUE"


def winners_sql(cond: str, dedup: bool) -> str:
    """The tallies under ``cond`` that can be cited: with ``dedup``, one per fact (the
    best-ranked source, then the larger value); else every one (a large selection)."""
    if not dedup:
        return (
            "SELECT t.locality_code, t.province_code, t.district_code, t.current_province_code, "
            f"t.year_start, t.year_end, t.metric, {DIMS}, t.source_id AS sid, t.tally_id AS tid "
            f"FROM tallies t WHERE {cond}"
        )
    return (
        "SELECT t.locality_code, t.province_code, t.district_code, t.current_province_code, "
        f"t.year_start, t.year_end, t.metric, {DIMS}, "
        "arg_max(t.source_id, coalesce(s.rank, 0) * 4294967296 + t.value) AS sid, "
        "arg_max(t.tally_id, coalesce(s.rank, 0) * 4294967296 + t.value) AS tid "
        f"FROM tallies t LEFT JOIN src s ON s.source_id = t.source_id WHERE {cond} "
        f"GROUP BY {FACT}, t.province_code, t.district_code, t.current_province_code"
    )


def _later(f: Filter, splits: Sequence[tuple[str, ...]], row: str, tally: str) -> str:
    """SQL: a stock's row (``row.latest``) does not use ``tally``: the same unit states the
    same figure or part (:func:`same_cell_sql`; ``row.split`` indexes ``splits``) at a later
    date inside the row's period (later end, or the same end and a longer period)."""
    whens = [
        f"({row}.split = {i} AND EXISTS (SELECT 1 FROM w x "
        f"WHERE x.locality_code = {tally}.locality_code AND x.metric = {tally}.metric "
        f"AND x.year_start >= {row}.lo AND x.year_end <= {row}.hi "
        f"AND (x.year_end > {tally}.year_end OR (x.year_end = {tally}.year_end "
        f"AND x.year_start < {tally}.year_start)) AND {same_cell_sql(f, split, 'x', tally)}))"
        for i, split in enumerate(splits)
    ]
    return f"({row}.latest AND ({' OR '.join(whens) or 'FALSE'}))"


def row_keys(rows: pd.DataFrame, metric: str) -> tuple[tuple[Any, ...], ...]:
    """``(code, own, lo, hi, metric, split)`` per row (hashable, for caches).

    ``own``: ``True`` stated, ``False`` added up from below, ``None`` not known (decided by
    whether the locality states a figure itself). ``split``: the rows are parts of a figure
    split by these dimensions (the rows' columns ``field``, ``level`` …).
    """
    n = len(rows)
    split = tuple(d for d in DIMENSIONS if d in rows.columns)

    def column(name: str, default: str | None = None) -> list[Any]:
        if name in rows.columns:
            return rows[name].tolist()
        return column(default) if default is not None else [None] * n

    out = []
    for code, basis, lo, hi, row_metric in zip(
        column("code"),
        column("basis"),
        column("year_lo", "year"),
        column("year_hi", "year"),
        column("metric"),
    ):
        out.append(
            (
                str(code),
                None if not isinstance(basis, str) else basis == "stated",
                YEAR_MIN if lo is None or pd.isna(lo) else int(lo),
                YEAR_MAX if hi is None or pd.isna(hi) else int(hi),
                str(row_metric or metric),
                split,
            )
        )
    return tuple(dict.fromkeys(out))


def sources_of_rows(engine: Engine, f: Filter, rows: pd.DataFrame) -> pd.DataFrame:
    """The sources of ``rows`` (columns ``code``; optional ``basis``, ``year_lo``/``year_hi``
    or ``year``, ``metric``), most used first: ``source_id, title, outlet, url, published,
    is_synthetic, figures, codes`` (``codes``: the shown localities each source supports)."""
    return sources_of_keys(engine, f, row_keys(rows, f.metric))


def _own(engine: Engine, cond: str, params: list, keys: Sequence[tuple[Any, ...]]) -> list[bool]:
    """Whether each row's figure is the locality's own (unknown: it states one itself within
    the row's period)."""
    unknown = sorted({(k[0], k[4]) for k in keys if k[1] is None})
    periods: dict[tuple[str, str], list[tuple[int, int]]] = {}
    if unknown:
        found = engine.sql(
            f"SELECT DISTINCT t.locality_code, t.metric, t.year_start, t.year_end "
            f"FROM tallies t WHERE {cond} "
            "AND t.locality_code IN (SELECT unnest(?::VARCHAR[])) "
            "AND t.metric IN (SELECT unnest(?::VARCHAR[]))",
            [*params, sorted({u[0] for u in unknown}), sorted({u[1] for u in unknown})],
        )
        for rec in found.itertuples(index=False):
            periods.setdefault((rec[0], rec[1]), []).append((int(rec[2]), int(rec[3])))

    def states(k: tuple[Any, ...]) -> bool:
        return any(k[2] <= a and b <= k[3] for a, b in periods.get((k[0], k[4]), []))

    return [k[1] if k[1] is not None else states(k) for k in keys]


def _expand_nation(
    engine: Engine, f: Filter, keys: Sequence[tuple[Any, ...]]
) -> tuple[list[tuple[Any, ...]], list[str]]:
    """The country's figure is the sum of its provinces: its row becomes one row per province
    (each its own figure, else what is below it). Returns the keys and the code each row is
    shown under."""
    provinces = places.provinces(engine, f.boundary)["locality_code"].tolist()
    out, shown = [], []
    for key in keys:
        if key[0] == NATION:
            out += [(p, None, *key[2:]) for p in provinces]
            shown += [NATION] * len(provinces)
        else:
            out.append(key)
            shown.append(key[0])
    return out, shown


def _subtrees(engine: Engine, codes: Sequence[str], boundary: str) -> dict[str, list[str]]:
    """Column of ``tallies`` → codes: the tallies in these units and below them."""
    info = engine.localities
    out: dict[str, list[str]] = {}
    for code in codes:
        if code not in info.index:
            continue
        tier, era = info.at[code, "tier"], info.at[code, "era"]
        if tier == "province" and boundary == "current" and era == "2025":
            column = "current_province_code"
        else:
            column = {"province": "province_code", "district": "district_code"}.get(
                tier, "locality_code"
            )
        out.setdefault(column, []).append(code)
    return out


def _merge_years(
    keys: Sequence[tuple[Any, ...]], shown: list[str], own: list[bool]
) -> list[tuple[Any, ...]]:
    """Single-year rows of one locality (a yearly chart) read as one span of single-year
    tallies: ``(code, shown, own, lo, hi, metric, single, latest, split)`` — ``latest``: the
    row's figure is a stock's latest one (a unit's older figures inside its period are not
    used), ``split``: the dimensions the rows are split by."""
    spans: dict[tuple[Any, ...], list[int]] = {}
    out = []
    for key, where_shown, is_own in zip(keys, shown, own):
        code, _, lo, hi, metric, split = key
        if lo == hi:
            span = spans.setdefault((code, where_shown, is_own, metric), [lo, hi])
            span[0], span[1] = min(span[0], lo), max(span[1], hi)
        else:
            out.append((code, where_shown, is_own, lo, hi, metric, False, is_stock(metric), split))
    out += [(c, w, o, a, b, m, True, False, ()) for (c, w, o, m), (a, b) in spans.items()]
    return out


def sources_of_keys(engine: Engine, f: Filter, keys: Sequence[tuple[Any, ...]]) -> pd.DataFrame:
    """:func:`sources_of_rows` on the keys of :func:`row_keys`."""
    nation = [k for k in keys if k[0] == NATION]
    parts = [_of_units(engine, f, [k for k in keys if k[0] != NATION])]
    parts += [
        _of_nation(engine, f, k)
        for k in _merge_years(nation, [NATION] * len(nation), [False] * len(nation))
    ]
    found = pd.concat([p for p in parts if not p.empty] or [parts[0]], ignore_index=True)
    if found.empty:
        return pd.DataFrame(columns=COLUMNS)
    merged = found.groupby("source_id", sort=False).agg(
        {**{c: "first" for c in COLUMNS[1:6]}, "figures": "sum", "codes": "sum"}
    )
    merged["codes"] = [sorted(set(c)) for c in merged["codes"]]
    merged = merged.reset_index().assign(_p=lambda d: d["published"].fillna(""))
    merged = merged.sort_values(["figures", "_p", "source_id"], ascending=[False, False, True])
    return merged[COLUMNS].reset_index(drop=True)


def _nation_era(engine: Engine, f: Filter, metric: str, split: tuple[str, ...]) -> str | None:
    """The boundary version whose provinces the country's figure (or its parts, ``split``)
    adds up, as reported: chosen as :func:`metrics.rules.resolve` chooses it (the version
    whose provinces with a figure are the larger share of its provinces, then the newer)."""
    free = {d: None for d in split}
    rows = resolve(
        engine, f.replace(metric=metric, locality=None, **free), by=split, tier="province"
    )
    eras = rows["code"].map(engine.localities["era"]).dropna()
    units = engine.localities[engine.localities["tier"] == "province"]["era"].value_counts()
    return boundary_version(eras.groupby(eras).size().to_dict(), units.to_dict())


def _latest_only(
    engine: Engine, f: Filter, metric: str, split: tuple[str, ...], cond: str, params: list
) -> tuple[str, str, list]:
    """How to narrow tallies ``t`` under ``cond`` to each unit's latest figure of a stock: a
    tally goes when its unit states the same figure (or part, ``split``) at a later date under
    ``cond`` (:func:`same_cell_sql`). Returns the join and the condition to add to a query on
    ``tallies t`` and their parameters (to come before ``cond``'s). The latest date of each unit
    and part is read first in one grouped pass: a correlated search took seconds over a whole
    country."""
    key = "(t.year_end::INTEGER * 10000 - t.year_start)"  # later end first, then longer
    part = f"concat_ws('|', {', '.join(f't.{d}' for d in split)})" if split else "''"
    fixed = f.fixed()
    strict = [d for d in STRICT if d not in split]
    target = " AND ".join(f"t.{d} = {literal(fixed.get(d, total_id(d)))}" for d in strict)
    found = engine.sql(
        f"SELECT t.locality_code, {part} AS part, max({key}) AS k FROM tallies t "
        f"WHERE {cond} AND {target or 'TRUE'} GROUP BY ALL",
        params,
    )
    join = (
        "LEFT JOIN (SELECT unnest(?::VARCHAR[]) AS c, unnest(?::VARCHAR[]) AS p, "
        f"unnest(?::BIGINT[]) AS k) lt ON lt.c = t.locality_code AND lt.p = {part}"
    )
    columns = [found["locality_code"].tolist(), found["part"].tolist(), found["k"].tolist()]
    return join, f"(lt.k IS NULL OR lt.k <= {key})", columns


def _of_nation(engine: Engine, f: Filter, key: tuple[Any, ...]) -> pd.DataFrame:
    """The country's figure in one pass: the provinces' own tallies, and below a province that
    states none the tallies its districts do not hide (a district stating its own)."""
    _, _, _, lo, hi, metric, single, latest, split = key
    cond, params = where(engine, f.replace(metric=metric), "t", scope=False)
    if f.boundary == "current":
        top, col = (
            "t.locality_code LIKE 'N%' AND t.locality_tier = 'province'",
            "current_province_code",
        )
    else:
        top, col = "t.locality_tier = 'province'", "province_code"
    period = "t.year_start >= ? AND t.year_end <= ?" + (
        " AND t.year_start = t.year_end" if single else ""
    )
    cond = f"{cond} AND {period}"
    params = [*params, int(lo), int(hi)]
    era = None if f.boundary == "current" or single else _nation_era(engine, f, metric, split)
    if era is not None:  # as reported: the provinces of the version the figure adds, only
        cond += " AND t.locality_code IN (SELECT locality_code FROM loc WHERE era = ?)"
        params.append(era)
    join, keep, first = "", "TRUE", []
    if latest:  # a stock: each unit's latest figure only (no older one it states again later)
        join, keep, first = _latest_only(engine, f, metric, split, cond, params)
    if engine.scalar(f"SELECT count(*) FROM tallies t WHERE {cond}", params) <= DEDUP_MAX:
        cond += (
            " AND t.tally_id IN (SELECT arg_max(t.tally_id, coalesce(s.rank, 0) * 4294967296 "
            f"+ t.value) FROM tallies t LEFT JOIN src s ON s.source_id = t.source_id "
            f"WHERE {cond} GROUP BY {FACT})"
        )
        params = params * 2
    hidden = "(SELECT unit FROM st)"
    sql = f"""
    WITH t AS MATERIALIZED (SELECT t.* FROM tallies t {join} WHERE {cond} AND {keep}),
    st AS (SELECT DISTINCT locality_code AS unit FROM t
           WHERE locality_tier IN ('province', 'district')),
    used AS (
        SELECT t.source_id FROM t WHERE ({top})
           OR (t.{col} NOT IN {hidden}
               AND (t.province_code = t.locality_code OR t.province_code NOT IN {hidden})
               AND (t.district_code IS NULL OR t.district_code = t.locality_code
                    OR t.district_code NOT IN {hidden})))
    SELECT s.source_id, s.title, s.outlet, s.url, s.published, s.is_synthetic,
           count(*) AS figures, [{literal(NATION)}] AS codes
    FROM used u JOIN sources s ON s.source_id = u.source_id
    GROUP BY s.source_id, s.title, s.outlet, s.url, s.published, s.is_synthetic
    """
    found = engine.sql(sql, [*first, *params])
    found["codes"] = [list(c) for c in found["codes"]]
    return found[COLUMNS]


def _of_units(engine: Engine, f: Filter, keys: Sequence[tuple[Any, ...]]) -> pd.DataFrame:
    """:func:`sources_of_keys` for rows of localities below the country."""
    if not keys:
        return pd.DataFrame(columns=COLUMNS)
    cond, params = where(engine, f, "t", metric=False, scope=False)
    shown = [k[0] for k in keys]
    own = _own(engine, cond, params, keys)
    merged = _merge_years(keys, shown, own)
    codes, shown, own, lo, hi, metrics, single, latest, split = (list(x) for x in zip(*merged))
    splits = list(dict.fromkeys(split))
    split_ids = [splits.index(x) for x in split]
    # only a stock's rows look for a later figure (the search costs seconds over a country)
    later_own = _later(f, splits, "r", "w") if any(latest) else "FALSE"
    later_below = _later(f, splits, "c", "c") if any(latest) else "FALSE"
    kinds = sorted(set(metrics))
    marks = ", ".join("?" * len(kinds))
    # read only what the rows can use: their own tallies, and below those added up from below
    below_codes = sorted({c for c, o in zip(codes, own) if not o})
    parts, scope_params = ["t.locality_code IN (SELECT unnest(?::VARCHAR[]))"], [sorted(set(codes))]
    for column, inside in _subtrees(engine, below_codes, f.boundary).items():
        parts.append(f"t.{column} IN (SELECT unnest(?::VARCHAR[]))")
        scope_params.append(inside)
    cond = f"{cond} AND ({' OR '.join(parts)}) AND t.metric IN ({marks})"
    params = [*params, *scope_params, *kinds]
    size = engine.scalar(f"SELECT count(*) FROM tallies t WHERE {cond}", params)
    winners = winners_sql(cond, dedup=size <= DEDUP_MAX)
    current = f.boundary == "current"
    info = engine.localities
    tiers = [NATION if c == NATION else str(info["tier"].get(c, "")) for c in codes]
    # which units between a row's locality and a tally hide that tally (they state their own)
    hide_prov = [t == NATION or (current and t == "province") for t in tiers]
    hide_dist = [t in (NATION, "province") for t in tiers]
    hide_cur = [current and t == NATION for t in tiers]
    columns = ["province_code", "district_code"] + (["current_province_code"] if current else [])
    below = " UNION ALL ".join(
        f"SELECT r.*, v.* EXCLUDE (metric) FROM r JOIN vis v ON v.{col} = r.code "
        "AND v.metric = r.metric AND NOT r.own AND v.locality_code <> r.code "
        "AND v.year_start >= r.lo AND v.year_end <= r.hi "
        "AND (NOT r.single OR v.year_start = v.year_end)"
        for col in columns
    )
    sql = f"""
    WITH r AS MATERIALIZED (
        SELECT unnest(?::VARCHAR[]) AS code, unnest(?::VARCHAR[]) AS shown,
               unnest(?::BOOLEAN[]) AS own,
               unnest(?::INTEGER[]) AS lo, unnest(?::INTEGER[]) AS hi,
               unnest(?::VARCHAR[]) AS metric, unnest(?::BOOLEAN[]) AS hide_prov,
               unnest(?::BOOLEAN[]) AS hide_dist, unnest(?::BOOLEAN[]) AS hide_cur,
               unnest(?::BOOLEAN[]) AS single, unnest(?::BOOLEAN[]) AS latest,
               unnest(?::INTEGER[]) AS split),
    w AS MATERIALIZED ({winners}),
    stating AS MATERIALIZED (SELECT DISTINCT locality_code AS unit, metric AS m FROM w),
    vis AS MATERIALIZED (
        SELECT w.*, sp.unit IS NOT NULL AS prov_states, sd.unit IS NOT NULL AS dist_states,
               sc.unit IS NOT NULL AS cur_states
        FROM w LEFT JOIN stating sp ON sp.unit = w.province_code AND sp.m = w.metric
        LEFT JOIN stating sd ON sd.unit = w.district_code AND sd.m = w.metric
        LEFT JOIN stating sc ON sc.unit = w.current_province_code AND sc.m = w.metric),
    used_own AS (
        SELECT r.shown, w.sid, w.tid FROM r JOIN w
        ON w.locality_code = r.code AND w.metric = r.metric
        WHERE r.own AND w.year_start >= r.lo AND w.year_end <= r.hi
          AND (NOT r.single OR w.year_start = w.year_end)
          AND NOT {later_own}),
    cand AS ({below}),
    used_below AS (
        SELECT c.shown, c.sid, c.tid FROM cand c
        WHERE NOT {later_below}
          AND NOT ((c.hide_prov AND c.prov_states AND c.province_code <> c.locality_code
                    AND c.province_code <> c.code)
                OR (c.hide_dist AND c.dist_states AND c.district_code <> c.locality_code
                    AND c.district_code <> c.code)
                OR (c.hide_cur AND c.cur_states
                    AND c.current_province_code <> c.locality_code))),
    used AS (
        SELECT shown AS code, sid, tid FROM used_own
        UNION ALL SELECT shown, sid, tid FROM used_below),
    per_source AS (
        SELECT sid, count(DISTINCT tid) AS figures, list(DISTINCT code ORDER BY code) AS codes
        FROM used GROUP BY sid)
    SELECT s.source_id, s.title, s.outlet, s.url, s.published, s.is_synthetic, p.figures,
           p.codes
    FROM per_source p JOIN sources s ON s.source_id = p.sid
    ORDER BY figures DESC, coalesce(s.published, '') DESC, s.source_id
    """
    values = [codes, shown, own, lo, hi, metrics, hide_prov, hide_dist, hide_cur, single, latest]
    values.append(split_ids)
    found = engine.sql(sql, [*values, *params])
    found["codes"] = [list(c) for c in found["codes"]]
    return found[COLUMNS]
