"""The aggregation rules of ``metrics/RULES.md`` (steps 1–4), as one DuckDB statement.

Every question that adds tallies up goes through :func:`resolve`, which applies,
in order:

1. **One figure per fact.** Rows that state the same fact (same locality,
   period, metric and dimension values) count once: the latest source wins
   (then the larger value). The disagreement itself is a quality finding.
2. **Totals are never added to their own breakdown.** ``field`` and ``subject``
   take the stated total (``all``) or, when it is absent, the sum of a
   *complete* breakdown (all four fields, each once; collective + individual),
   marked derived; a partial breakdown gives no total. ``kind`` takes ``any``,
   else the sum of the kinds stated (a count of models alone stays a count).
   ``theme``, ``level`` and ``award`` take the row that names none, else the sum
   of the values stated. Dimensions are resolved one at a time, in the order
   field, subject, kind, theme, level, award (a breakdown is used before the
   totals it makes possible are added up).
3. **Periods never overlap; stocks are never summed.** Within the selected
   years each locality of a flow keeps its periods that no longer overlapping
   period of its own covers (of two as long, the later wins) and adds them up
   (``year_lo``, ``year_hi``, ``n_years``); of a stock (:data:`STOCKS`) it keeps
   only its latest figure (latest end year, then the longest period).
4. **A stated total beats the sum of the loaded children.** A district is its
   own figure, else the sum of its communes; a province its own figure, else
   the sum of its districts (and of its 2025 communes); a 2025 province read
   with ``boundary="current"`` its own figure, else the sum of the old
   provinces now inside it (and of its 2025 communes); the nation the sum of
   its provinces of one boundary version (:func:`boundary_version`; rolled up,
   the 34 provinces). ``basis`` says which was used and ``children_reporting``
   how many children contributed.

The result has one row per target locality (and per ``by`` value): ``code,
tier, <by…>, value, basis, is_derived, children_reporting, year_lo, year_hi,
n_years`` (with ``"year"`` in ``by``, one row per year, single-year figures only).

Speed: step 2 is done in one ``GROUP BY`` when the cell's figure is a stated
total or a one-dimension breakdown of stated totals (the usual case), and by the
one-dimension-at-a-time steps only for the remaining cells; tiers are done
top-down, and rows below a unit that has its own figure are never
aggregated: they could not change the answer.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> from metrics.filters import Filter
>>> e = tiny_engine()
>>> f = Filter(metric="models_registered", years=(2022, 2022))
>>> r = resolve(e, f, tier="district", scope=("01",))
>>> r[["code", "value", "basis", "children_reporting"]]
  code  value     basis  children_reporting
0  001     55  children                   2
1  002     20    stated                <NA>
>>> resolve(e, f.replace(metric="models_recognized"), codes=("01",))[["value", "is_derived"]]
   value  is_derived
0     20        True
>>> resolve(e, f.replace(boundary="current"), tier="current_province")[
...     ["code", "value", "basis", "children_reporting"]]
  code  value     basis  children_reporting
0  N01    100  children                   1
1  N31   2000  children                   1
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from metrics import materialised, rules_sql
from metrics.engine import per_version
from metrics.filters import Filter
from metrics.rules_sql import BY_OPTIONS
from metrics.rules_sql import LOCATION as LOCATION  # re-exported
from metrics.rules_sql import PART_MASKS as PART_MASKS  # re-exported
from metrics.rules_sql import TOTALS as TOTALS  # re-exported
from metrics.rules_sql import cells_ctes as cells_ctes  # re-exported
from metrics.sqlparts import literal, named

if TYPE_CHECKING:
    from metrics.engine import Engine

TARGET_TIERS: tuple[str, ...] = (
    "commune",
    "district",
    "province",
    "current_province",
    "unit",
    "nation",
)
NATION = "VN"
STOCKS: frozenset[str] = frozenset({"models_registered"})
"""Metrics that count what exists at a date ("hiện có", "đến nay"): the latest figure wins."""
OUT_COLUMNS = (
    "value",
    "basis",
    "is_derived",
    "children_reporting",
    "year_lo",
    "year_hi",
    "n_years",
)


def boundary_version(reporting: dict[str, int], units: dict[str, int] | None = None) -> str | None:
    """The boundary version (``"pre2025"`` or ``"2025"``) a list or a total keeps.

    The one whose units report the larger share of the units of that version
    (``units``; without it, the larger number), then the newer one. The SQL of
    the national total applies the same rule.

    >>> boundary_version({"pre2025": 18, "2025": 4}, {"pre2025": 63, "2025": 34})
    'pre2025'
    >>> boundary_version({"pre2025": 1, "2025": 2}, {"pre2025": 63, "2025": 34})
    '2025'
    >>> boundary_version({"pre2025": 2, "2025": 2}), boundary_version({})
    ('2025', None)
    """
    present = {e: n for e, n in reporting.items() if n > 0}
    if not present:
        return None

    def share(era: str) -> float:
        total = (units or {}).get(era) or 0
        return present[era] / total if units is not None and total else float(present[era])

    return max(present, key=lambda e: (share(e), e == "2025"))


TIER_RANK: dict[str, int] = {
    "commune": 0,
    "unit": 0,
    "district": 1,
    "province": 2,
    "current_province": 3,
    "nation": 4,
}
ROW_TIERS: tuple[str, ...] = ("province", "district", "commune", "unit")


def _prune(tier: str, done: list[str], ranks: set[int], current: bool, group: list[str]) -> str:
    """Anti-joins dropping rows of ``tier`` that cannot change the answer.

    A row is not needed when an ancestor has its own figure in the range for
    the same ``by`` values (the same year, for yearly series): a stated total
    wins over its children. An ancestor tier may prune only when no target lies
    between it and ``tier`` (those targets need the rows); ``ranks`` are the
    target levels' ranks.
    """
    row_rank = TIER_RANK[tier]

    def allowed(top: int) -> bool:
        return not any(row_rank <= r < top for r in ranks)

    wanted: list[tuple[str, str]] = []  # (the ancestor tier's values, the row's column)
    if tier in ("district", "commune") and "province" in done:
        if allowed(TIER_RANK["province"]):
            wanted.append((tier_prefix("province") + "lv", "province_code"))
        if current and allowed(TIER_RANK["current_province"]):
            wanted.append((tier_prefix("province") + "lv", "current_province_code"))
    if tier == "commune" and "district" in done and allowed(TIER_RANK["district"]):
        wanted.append((tier_prefix("district") + "lv", "district_code"))
    return " ".join(
        _anti_join(source, f"a{i}", column, group) for i, (source, column) in enumerate(wanted)
    )


def _anti_join(source: str, alias: str, column: str, group: list[str]) -> str:
    """Rows ``t`` whose ancestor (``t.column``) has a value in ``source`` for the same ``group``."""
    same = "".join(f" AND {alias}.{c} = t.{c}" for c in group)
    return f"ANTI JOIN {source} {alias} ON {alias}.locality_code = t.{column}{same}"


def tier_prefix(tier: str) -> str:
    """The prefix of the CTE names of one tier of rows in the rules statement (``p_lv``)."""
    return f"{tier[0]}_"


def _row_tiers(levels: set[str]) -> list[str]:
    """Which tiers of stated rows a set of target levels needs (top-down order)."""
    need: set[str] = set()
    if levels & {"province", "current_province", "nation"}:
        need |= {"province", "district", "commune"}
    if "district" in levels:
        need |= {"district", "commune"}
    if "commune" in levels:
        need.add("commune")
    if "unit" in levels:
        need.add("unit")
    return [t for t in ROW_TIERS if t in need]


def is_stock(metric: str | None) -> bool:
    """Whether ``metric`` is a stock (a count "hiện có", "đến nay"), never added up over years."""
    return metric in STOCKS


def _lv_ctes(by_cols: list[str], stock: bool = False, prefix: str = "") -> list[str]:
    """Step 3 for one tier: ``cells`` → ``lv``, one value per locality (and ``by`` value).

    A flow: a period is left out when a longer overlapping one is stated (of two
    as long, the later wins); the periods kept are added up. A ``stock``: only
    the latest figure counts (latest end year, then the longest period). Every CTE
    name starts with ``prefix``.
    """
    cells, kept_n, lv_n = named(prefix, "cells", "kept", "lv")
    group = ["locality_code", *by_cols]
    g = ", ".join(group)
    if "year_start" in by_cols:  # yearly series: single years only, nothing overlaps
        kept = f"{kept_n} AS (SELECT * FROM {cells})"
    elif stock:
        kept = (
            f"{kept_n} AS (SELECT * FROM {cells} QUALIFY row_number() OVER "
            f"(PARTITION BY {g} ORDER BY year_end DESC, year_start ASC) = 1)"
        )
    else:
        eq = " AND ".join(f"a.{c} = b.{c}" for c in group)

        def span(x: str) -> str:
            return f"({x}.year_end - {x}.year_start)"

        kept = (
            f"{kept_n} AS (SELECT a.* FROM {cells} a ANTI JOIN {cells} b ON "
            f"{eq} AND b.year_start <= a.year_end AND b.year_end >= a.year_start "
            f"AND ({span('b')} > {span('a')} OR ({span('b')} = {span('a')} "
            "AND b.year_end > a.year_end)))"
        )
    lv = (
        f"{lv_n} AS MATERIALIZED (SELECT {g}, sum(value)::BIGINT AS value, "
        "bool_or(is_derived) OR count(*) > 1 AS is_derived, min(year_start) AS year_lo, "
        "max(year_end) AS year_hi, sum(year_end - year_start + 1)::INT AS n_years "
        f"FROM {kept_n} GROUP BY {g})"
    )
    return [kept, lv]


def _children_sql(source: str, parent: str, by_cols: list[str], where: str = "TRUE") -> str:
    """Sum of the children's values per parent code."""
    group = ", ".join([parent, *by_cols])
    return (
        f"SELECT {parent} AS code, {''.join(b + ', ' for b in by_cols)}"
        "sum(value)::BIGINT AS value, bool_or(is_derived) AS is_derived, "
        "count(*)::INT AS children_reporting, min(year_lo) AS year_lo, max(year_hi) AS year_hi, "
        "max(n_years) AS n_years, any_value(province_code) AS province_code, "
        "any_value(current_province_code) AS current_province_code "
        f"FROM {source} WHERE {where} GROUP BY {group}"
    )


def _choose_sql(stated: str, children: str, tier: str, by_cols: list[str]) -> str:
    """A stated figure, else the children's sum."""
    on = " AND ".join(["s.code = c.code", *[f"s.{b} = c.{b}" for b in by_cols]])
    use = "(s.value IS NOT NULL)"
    cols = ("value", "is_derived", "year_lo", "year_hi", "n_years")
    inner = ", ".join(f"s.{c} AS s_{c}, c.{c} AS c_{c}" for c in cols)
    picks = ", ".join(f"CASE WHEN use_s THEN s_{c} ELSE c_{c} END AS {c}" for c in cols)
    by_sel = "".join(f"coalesce(s.{b}, c.{b}) AS {b}, " for b in by_cols)
    return (
        f"SELECT code, {literal(tier)} AS tier, {''.join(b + ', ' for b in by_cols)}"
        "province_code, current_province_code, "
        "CASE WHEN use_s THEN 'stated' ELSE 'children' END AS basis, "
        "CASE WHEN use_s THEN NULL ELSE c_children_reporting END AS children_reporting, "
        f"{picks} FROM (SELECT coalesce(s.code, c.code) AS code, {by_sel}"
        "coalesce(s.province_code, c.province_code) AS province_code, "
        "coalesce(s.current_province_code, c.current_province_code) AS current_province_code, "
        f"{use} AS use_s, {inner}, c.children_reporting AS c_children_reporting "
        f"FROM ({stated}) s FULL JOIN ({children}) c ON {on})"
    )


def _level_ctes(levels: set[str], boundary: str, by_cols: list[str]) -> list[tuple[str, str]]:
    """Step 4: the value of each level needed, from ``lvall`` (every locality's own value)."""
    b = "".join(f"{c}, " for c in by_cols)
    vals = f"{b}value, is_derived, year_lo, year_hi, n_years"
    row = f"code, tier, province_code, district_code, current_province_code, {vals}"
    out: list[tuple[str, str]] = []
    if levels & {"commune", "unit"}:
        out.append(
            (
                "lv_self",
                f"SELECT code, tier, {b}'stated' AS basis, NULL::INT AS children_reporting, "
                "value, is_derived, year_lo, year_hi, n_years FROM lvall "
                "WHERE tier IN ('commune', 'unit')",
            )
        )
    current = "current_province" in levels or ("nation" in levels and boundary == "current")
    province = current or bool(levels & {"province", "nation"})
    if province or "district" in levels:
        kids = _children_sql(
            "lvall", "district_code", by_cols, "tier = 'commune' AND district_code IS NOT NULL"
        )
        stated = "SELECT * FROM lvall WHERE tier = 'district'"
        out.append(("de", _choose_sql(stated, kids, "district", by_cols)))
    if province:
        source = (
            f"(SELECT code, tier, province_code, NULL AS district_code, current_province_code, "
            f"{vals} FROM de UNION ALL SELECT {row} FROM lvall "
            "WHERE tier = 'commune' AND district_code IS NULL)"
        )
        stated = "SELECT * FROM lvall WHERE tier = 'province'"
        out.append(
            (
                "pe",
                _choose_sql(
                    stated, _children_sql(source, "province_code", by_cols), "province", by_cols
                ),
            )
        )
    if current:
        source = (
            f"(SELECT code, tier, province_code, NULL AS district_code, current_province_code, "
            f"{vals} FROM pe WHERE code <> current_province_code UNION ALL "
            f"SELECT {row} FROM lvall WHERE tier = 'commune' AND district_code IS NULL "
            "AND province_code = current_province_code)"
        )
        stated = "SELECT * FROM lvall WHERE tier = 'province' AND code = current_province_code"
        kids = _children_sql(source, "current_province_code", by_cols)
        out.append(("ce", _choose_sql(stated, kids, "current_province", by_cols)))
    if "nation" in levels and current:
        sel = _children_sql(f"(SELECT *, {literal(NATION)} AS nation FROM ce)", "nation", by_cols)
        out.append(
            (
                "ne",
                f"SELECT code, 'nation' AS tier, {b}'children' AS basis, children_reporting, "
                f"value, is_derived, year_lo, year_hi, n_years FROM ({sel})",
            )
        )
    elif "nation" in levels:  # as reported: one boundary version, never both added
        # the version is chosen per year of a yearly series, else once for every ``by`` value
        years = [c for c in by_cols if c == "year_start"]
        ys = "".join(f"{c}, " for c in years)
        part = f"PARTITION BY {', '.join(years)} " if years else ""
        on = " AND ".join(["k.era = x.era", *[f"k.{c} = x.{c}" for c in years]])
        x = (
            "(SELECT p.*, l.era, u.n_units FROM pe p JOIN loc l ON l.locality_code = p.code "
            "JOIN (SELECT era, count(*) AS n_units FROM loc WHERE tier = 'province' "
            "GROUP BY era) u ON u.era = l.era)"
        )
        pick = (
            f"(SELECT {ys}era FROM {x} GROUP BY {ys}era, n_units QUALIFY row_number() OVER "
            f"({part}ORDER BY count(DISTINCT code) / n_units DESC, era = '2025' DESC) = 1)"
        )
        out.append(
            (
                "ne",
                f"SELECT {literal(NATION)} AS code, 'nation' AS tier, {b}'children' AS basis, "
                "count(*)::INT AS children_reporting, sum(value)::BIGINT AS value, "
                "bool_or(is_derived) AS is_derived, min(year_lo) AS year_lo, "
                f"max(year_hi) AS year_hi, max(n_years) AS n_years FROM {x} x "
                f"SEMI JOIN {pick} k ON {on}"
                + (f" GROUP BY {', '.join(by_cols)}" if by_cols else " HAVING count(*) > 0"),
            )
        )
    return out


def _code_levels(engine: Engine, codes: Sequence[str], boundary: str) -> dict[str, str]:
    """The level each code is computed at (a 2025 province rolled up: ``current_province``)."""
    tiers = engine.localities["tier"]
    eras = engine.localities["era"]
    out: dict[str, str] = {}
    for code in codes:
        if code == NATION:
            out[code] = "nation"
            continue
        tier = tiers.get(code)
        if tier == "province" and boundary == "current" and eras.get(code) == "2025":
            out[code] = "current_province"
        elif tier is not None:
            out[code] = str(tier)
    return out


def _levels_for(engine: Engine, codes: Sequence[str], boundary: str) -> set[str]:
    return set(_code_levels(engine, codes, boundary).values())


@per_version
def resolve(
    engine: Engine,
    f: Filter,
    *,
    by: Sequence[str] = (),
    tier: str | None = None,
    codes: Sequence[str] | None = None,
    scope: Sequence[str] | None = None,
    retry: bool = True,
) -> pd.DataFrame:
    """One value per target locality (and ``by`` value) under the rules above.

    Targets are either every locality of ``tier`` (``commune``, ``district``,
    ``province``, ``current_province``, ``unit`` or ``nation``) inside ``scope``
    (default: ``f.locality``), or the given ``codes`` (any tiers; ``"VN"`` is the
    nation), each computed at its own tier from its own subtree.

    Stored cells (:mod:`metrics.materialised`) replace steps 1–2 when they are
    current; if they are replaced while being read, the question is asked once
    more (``retry``).

    Work is done top-down: figures of the highest tier needed are resolved
    first, and rows below a unit that already has a figure for a period are
    never read for that period (a stated total wins over its children).
    """
    if (tier is None) == (codes is None):
        raise ValueError("give exactly one of tier or codes")
    if tier is not None and tier not in TARGET_TIERS:
        raise ValueError(f"unknown target tier {tier!r}")
    by = list(by)
    unknown = [b for b in by if b not in BY_OPTIONS]
    if unknown:
        raise ValueError(f"cannot break down by {unknown}; choose from {BY_OPTIONS}")
    by_cols = ["year_start" if b == "year" else b for b in by]
    empty = pd.DataFrame(
        columns=["code", "tier", *[("year" if b == "year" else b) for b in by], *OUT_COLUMNS]
    )
    engine.localities  # noqa: B018 - makes sure the small ``loc``/``src`` tables are current
    if codes is not None:
        codes = list(dict.fromkeys(codes))
        levels = _levels_for(engine, codes, f.boundary)
        read_scope = None if NATION in codes else list(codes)
    else:
        levels = {tier}  # type: ignore[arg-type]
        read_scope = list(scope) if scope is not None else ([f.locality] if f.locality else None)
    if not levels:
        return empty
    ranks = {TIER_RANK[lv] for lv in levels}
    current = f.boundary == "current"
    f_read = f.replace(locality=None)
    target, tparams = _target_filter(engine, f, tier, codes, scope)
    row_tiers = _row_tiers(levels)
    only = row_tiers[0] if len(row_tiers) == 1 else None  # one tier of rows: read only those

    variant = materialised.usable(f, by)
    stored = engine.cells_dir() if variant else None
    cond, raw_params, by_dims, dims = rules_sql.plan(
        engine, f_read, by, read_scope, only, status=stored is None
    )
    if stored is not None:
        raw = rules_sql.located_select(by_dims, [], cond, source="read_parquet(?)")
        raw_params = [str(stored / f"{variant}.parquet"), *raw_params]
    else:
        raw = rules_sql.located_select(by_dims, dims, cond)

    group = list(by_cols)
    stock = is_stock(f.metric)

    def statement(slow: bool) -> tuple[str, list[Any]]:
        ctes = [f"raw AS MATERIALIZED ({raw})"]
        done: list[str] = []
        for row_tier in row_tiers:
            prefix = tier_prefix(row_tier)
            prune = _prune(row_tier, done, ranks, current, group)
            is_tier = f"t.locality_tier = {literal(row_tier)}"
            if stored is not None:  # steps 1–2 are done: the rows are the cells
                cols = dict.fromkeys(["locality_code", "year_start", "year_end", *by_dims])
                tier_ctes = [
                    f"{prefix}cells AS (SELECT {', '.join(f't.{c}' for c in cols)}, t.value, "
                    f"t.is_derived FROM raw t {prune} WHERE {is_tier})",
                    *_lv_ctes(by_cols, stock, prefix),
                ]
            else:
                base = rules_sql.raw_select(by_dims, dims, is_tier, source="raw", joins=prune)
                tier_ctes = rules_sql.tier_ctes(base, by_dims, dims, slow, prefix) + _lv_ctes(
                    by_cols, stock, prefix
                )
            ctes += tier_ctes
            done.append(row_tier)
        union = " UNION ALL ".join(f"SELECT * FROM {tier_prefix(t)}lv" for t in done)
        unresolved = " + ".join(
            f"(SELECT count(*) FROM {tier_prefix(t)}fast WHERE value IS NULL)" for t in done
        )
        levels_sql = _level_ctes(levels, f.boundary, by_cols)
        out_cols = ", ".join(["code", "tier", *by_cols, *OUT_COLUMNS])
        chosen = " UNION ALL ".join(f"SELECT {out_cols} FROM {n}" for n, _ in levels_sql)
        ctes += [
            "lvall AS MATERIALIZED (SELECT x.locality_code AS code, l.tier, x.* "
            "EXCLUDE (locality_code), l.province_code, l.district_code, "
            f"l.current_province_code FROM ({union}) x JOIN loc l USING (locality_code))",
            *[f"{name} AS MATERIALIZED ({body})" for name, body in levels_sql],
        ]
        extra = "" if slow or stored is not None else f", ({unresolved}) AS unresolved"
        sql = (
            "WITH " + ",\n".join(ctes) + f"\nSELECT *{extra} FROM ({chosen}) WHERE {target} "
            f"ORDER BY {', '.join(['code', *by_cols])}"
        )
        return sql, raw_params + tparams

    if stored is not None:
        try:
            result = engine.sql(*statement(slow=True))
        except duckdb.IOException:  # the cells were replaced while read: ask once more
            if not retry:
                raise
            return resolve(engine, f, by=by, tier=tier, codes=codes, scope=scope, retry=False)
        return _finish(result, empty)
    sql, params = statement(slow=False)
    result = engine.sql(sql, params)
    if result.empty or int(result["unresolved"].iloc[0]) > 0:
        sql, params = statement(slow=True)
        result = engine.sql(sql, params)
    return _finish(result, empty)


def _finish(result: pd.DataFrame, empty: pd.DataFrame) -> pd.DataFrame:
    """The result in the documented shape (``empty`` when nothing was found)."""
    if result.empty:
        return empty
    result["children_reporting"] = result["children_reporting"].astype("Int64")
    result["value"] = result["value"].astype("int64")
    result = result.rename(columns={"year_start": "year"})
    return result[list(empty.columns)]


def _target_filter(
    engine: Engine,
    f: Filter,
    tier: str | None,
    codes: Sequence[str] | None,
    scope: Sequence[str] | None,
) -> tuple[str, list[Any]]:
    if codes is not None:  # each code once, at its own level (not also as a lower level)
        keys = [f"{c}|{t}" for c, t in _code_levels(engine, codes, f.boundary).items()]
        return "list_contains(?, code || '|' || tier)", [keys]
    assert tier is not None
    roots = list(scope) if scope is not None else ([f.locality] if f.locality else [])
    if not roots or tier == "nation":
        return "tier = ?", [tier]
    wanted: set[str] = set()
    for root in roots:
        wanted |= descendants(engine, root, f.boundary, tier)
    return "tier = ? AND list_contains(?, code)", [tier, sorted(wanted)]


def descendants(engine: Engine, code: str, boundary: str, tier: str) -> set[str]:
    """Codes of ``tier`` inside ``code`` (itself when it is of that tier).

    >>> from metrics.testing import tiny_engine
    >>> sorted(descendants(tiny_engine(), "01", "reported", "commune"))
    ['00001', '00002', '00003']
    >>> sorted(descendants(tiny_engine(), "N31", "current", "province"))
    ['30', '31']
    """
    info = engine.localities
    if code not in info.index:
        return set()
    row = info.loc[code]
    want = "province" if tier == "current_province" else tier
    is_current = row["tier"] == "province" and boundary == "current" and row["era"] == "2025"
    if tier == "current_province":
        return {code} if is_current else set()
    if is_current and want == "province":
        inside = (info["current_province_code"] == code) & (info["era"] == "pre2025")
        return set(info.index[inside & (info["tier"] == "province")])
    if row["tier"] == want:
        return {code}
    if is_current:
        inside = info["current_province_code"] == code
    elif row["tier"] == "province":
        inside = info["province_code"] == code
    elif row["tier"] == "district":
        inside = info["parent_code"] == code
    else:
        return set()
    return set(info.index[inside & (info["tier"] == want)])
