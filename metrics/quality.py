"""Data-quality findings, each linked to the tallies concerned.

Kinds (``kind`` column) and what they mean:

- ``parts_mismatch`` — a source states a total and a breakdown that does not
  add up to it (both numbers are given: ``stated`` and ``parts``);
- ``partial_breakdown`` — only part of a breakdown is stated, with no total
  (no total can be derived; the figure is left out of totals);
- ``period_after_report`` — the period ends after the year the source was
  published (or starts after its date): a plan, a typo, or a wrong year;
- ``conflicting_values`` — one fact (same locality, period, metric and
  dimensions) stated with different values (by two sources, or twice by one);
- ``stated_zero`` — a figure stated as 0 (kept: missing is not zero, but a 0
  is worth a look);
- ``outlier`` — a figure far from others of the same metric, tier and period
  length (robust z-score of log values above 3.5).

Mixed tiers or periods in one comparison are reported by
:func:`metrics.comparisons.compare` (``warnings``).

At national scale findings are counted in full but listed only up to
``limit`` per kind (worst first); facts are grouped by a 64-bit hash of their
keys, which is what keeps a pass over millions of rows under a second.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> found = findings(tiny_engine())
>>> sorted(found.table["kind"].unique())
['conflicting_values', 'list_vs_stated', 'parts_mismatch', 'period_after_report', 'stated_zero']
>>> row = found.table[found.table["kind"] == "parts_mismatch"].iloc[0]
>>> (row["locality_code"], int(row["stated"]), int(row["parts"]), list(row["tally_ids"]))
('01', 100, 105, ['t00', 't01', 't02', 't03', 't04'])
>>> found.counts["conflicting_values"]
1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from metrics.filters import DIMENSIONS, Filter, where
from metrics.materialised import read_findings
from metrics.rules_sql import PART_MASKS, TOTALS
from metrics.sqlparts import literal

if TYPE_CHECKING:
    from metrics.engine import Engine

KINDS: tuple[str, ...] = (
    "parts_mismatch",
    "partial_breakdown",
    "period_after_report",
    "conflicting_values",
    "stated_zero",
    "outlier",
    "list_vs_stated",
)
SEVERITY = {
    "list_vs_stated": "info",
    "parts_mismatch": "error",
    "conflicting_values": "error",
    "period_after_report": "warning",
    "partial_breakdown": "info",
    "stated_zero": "info",
    "outlier": "warning",
}
COLUMNS = [
    "kind",
    "severity",
    "locality_code",
    "locality_name",
    "metric",
    "year_start",
    "year_end",
    "dimension",
    "stated",
    "parts",
    "values",
    "published",
    "score",
    "source_ids",
    "tally_ids",
]
OUTLIER_Z = 3.5
LIMIT = 300


@dataclass(frozen=True)
class Findings:
    """``table``: the findings listed (at most ``limit`` per kind, worst first);
    ``counts``: how many there are of each kind in all."""

    table: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)


def _scope(engine: Engine, f: Filter | None) -> tuple[str, list[Any]]:
    """Rows a finding may concern: confirmed, inside the filter's locality, period and metric."""
    if f is None:
        return "t.status = 'confirmed'", []
    free = f.replace(kind=None, field=None, theme=None, subject=None, level=None, award=None)
    return where(engine, free, "t")


def _mask(dim: str) -> str:
    if dim == "field":
        masks = PART_MASKS["field"].items()
        return " + ".join(f"{m} * contains(t.field, {literal(v)})::INT" for v, m in masks)
    if dim in PART_MASKS:
        whens = " ".join(f"WHEN {literal(v)} THEN {m}" for v, m in PART_MASKS[dim].items())
        return f"CASE t.{dim} {whens} ELSE 0 END"
    return f"CASE t.{dim} WHEN 'model' THEN 1 WHEN 'exemplar' THEN 2 ELSE 0 END"


FACT = ["locality_code", "year_start", "year_end", "metric", *DIMENSIONS]


def _limited(engine: Engine, inner: str, params: list[Any], order: str, limit: int) -> pd.DataFrame:
    """The first ``limit`` rows of ``inner`` and, in column ``total``, how many there are."""
    return engine.sql(
        f"SELECT *, count(*) OVER () AS total FROM ({inner}) ORDER BY {order} LIMIT {int(limit)}",
        params,
    )


def _attach_ids(
    engine: Engine, cond: str, params: list[Any], found: pd.DataFrame, keys: list[str]
) -> pd.DataFrame:
    """Add ``tally_ids``: the rows of each listed finding (matched exactly on ``keys``)."""
    if found.empty:
        return found.assign(tally_ids=[])
    narrow = ["locality_code", "year_start", "year_end", "metric", "source_id"]
    lists = [
        found[k].astype(str).tolist()
        if k != "year_start" and k != "year_end"
        else found[k].astype(int).tolist()
        for k in narrow
    ]
    unnest = ", ".join(
        f"unnest(?::{'INTEGER' if k.startswith('year') else 'VARCHAR'}[]) AS {k}" for k in narrow
    )
    on = " AND ".join(f"t.{k} = k.{k}" for k in narrow)
    group = ", ".join(f"t.{k}" for k in keys)
    rows = engine.sql(
        f"SELECT {group}, list(t.tally_id ORDER BY t.tally_id) AS tally_ids FROM tallies t "
        f"SEMI JOIN (SELECT DISTINCT {unnest}) k ON {on} WHERE {cond} GROUP BY {group}",
        [*lists, *params],
    )
    lookup = {
        tuple(r[:-1]): list(r[-1])
        for r in rows[[*keys, "tally_ids"]].itertuples(index=False, name=None)
    }
    found = found.copy()
    found["tally_ids"] = [
        lookup.get(tuple(r), []) for r in found[keys].itertuples(index=False, name=None)
    ]
    return found


def _breakdowns(engine: Engine, cond: str, params: list[Any], limit: int) -> list[pd.DataFrame]:
    """Totals against their breakdowns, one dimension at a time.

    The grouping keeps only a hash of each fact and a few numbers (small hash
    tables at national scale); the listed findings get their keys back from one
    representative row each.
    """
    frames = []
    full = {"field": 15, "subject": 3, "kind": 3}
    for dim, total in TOTALS.items():
        others = [d for d in DIMENSIONS if d != dim]
        keys = ["locality_code", "year_start", "year_end", "metric", "source_id", *others]
        key_sql = ", ".join(f"t.{k}" for k in keys)
        is_total = f"t.{dim} = {literal(total)}"
        grouped = (
            f"SELECT min(t.tally_id) AS rep, max(t.value) FILTER (WHERE {is_total}) AS stated, "
            f"sum(t.value) FILTER (WHERE NOT {is_total}) AS parts, "
            f"bit_or({_mask(dim)}) FILTER (WHERE NOT {is_total}) AS cover, "
            f"sum({_mask(dim)}) FILTER (WHERE NOT {is_total}) AS cover_sum "
            f"FROM tallies t WHERE {cond} GROUP BY hash({key_sql}) "
            f"HAVING count(*) FILTER (WHERE NOT {is_total}) > 0"
        )
        complete = f"(cover = {full[dim]} AND cover_sum = {full[dim]})"
        mismatch = f"stated IS NOT NULL AND (({complete} AND parts <> stated) OR parts > stated)"
        partial = "FALSE" if dim == "kind" else f"stated IS NULL AND NOT {complete}"
        found = engine.sql(
            f"SELECT rep, stated, parts, finding, count(*) OVER (PARTITION BY finding) AS total "
            f"FROM (SELECT *, CASE WHEN {mismatch} THEN 'parts_mismatch' "
            f"WHEN {partial} THEN 'partial_breakdown' END AS finding FROM ({grouped})) "
            "WHERE finding IS NOT NULL QUALIFY row_number() OVER (PARTITION BY finding "
            f"ORDER BY abs(parts - coalesce(stated, 0)) DESC, rep) <= {int(limit)}",
            params,
        )
        if found.empty:
            continue
        reps = engine.sql(
            f"SELECT t.tally_id AS rep, {', '.join('t.' + k for k in keys)} FROM tallies t "
            "SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS rep) r ON t.tally_id = r.rep",
            [found["rep"].tolist()],
        )
        found = found.merge(reps, on="rep", how="inner")
        found = _attach_ids(engine, cond, params, found, keys)
        found = found.drop(columns=["kind", "rep"], errors="ignore").rename(
            columns={"finding": "kind"}
        )
        frames.append(found.assign(dimension=dim, source_ids=found["source_id"].map(lambda s: [s])))
    return frames


def _period_after_report(
    engine: Engine, cond: str, params: list[Any], limit: int
) -> list[pd.DataFrame]:
    inner = (
        "SELECT t.locality_code, t.year_start, t.year_end, any_value(t.metric) AS metric, "
        "t.source_id, any_value(s.published) AS published, "
        "list(t.tally_id ORDER BY t.tally_id) AS tally_ids "
        "FROM tallies t JOIN sources s ON s.source_id = t.source_id "
        f"WHERE {cond} AND s.published IS NOT NULL AND length(s.published) >= 4 "
        "AND (TRY_CAST(substr(s.published, 1, 4) AS INTEGER) < t.year_end "
        "OR (length(s.published) = 10 AND TRY_CAST(s.published AS DATE) < t.period_start)) "
        "GROUP BY t.locality_code, t.year_start, t.year_end, t.source_id"
    )
    found = _limited(engine, inner, params, "locality_code, year_start, source_id", limit)
    return [
        found.assign(kind="period_after_report", source_ids=found["source_id"].map(lambda s: [s]))
    ]


def _conflicts(engine: Engine, cond: str, params: list[Any], limit: int) -> list[pd.DataFrame]:
    key_sql = ", ".join(f"t.{k}" for k in FACT)
    reps = ", ".join(f"any_value(t.{k}) AS {k}" for k in FACT)
    inner = (
        f"SELECT {reps}, list(t.value ORDER BY t.source_id, t.tally_id) AS values, "
        "list(t.source_id ORDER BY t.source_id, t.tally_id) AS source_ids, "
        "list(t.tally_id ORDER BY t.source_id, t.tally_id) AS tally_ids "
        f"FROM tallies t WHERE {cond} AND hash({key_sql}) IN ("
        f"SELECT hash({key_sql}) FROM tallies t WHERE {cond} "
        f"GROUP BY hash({key_sql}) HAVING min(t.value) <> max(t.value)) "
        f"GROUP BY hash({key_sql})"
    )
    found = _limited(engine, inner, params + params, "locality_code, year_start, metric", limit)
    return [found.assign(kind="conflicting_values", dimension=None)]


def _zeros(engine: Engine, cond: str, params: list[Any], limit: int) -> list[pd.DataFrame]:
    inner = (
        "SELECT locality_code, year_start, year_end, metric, source_id, [tally_id] AS tally_ids "
        f"FROM tallies t WHERE {cond} AND value = 0"
    )
    found = _limited(engine, inner, params, "locality_code, year_start, metric", limit)
    return [found.assign(kind="stated_zero", source_ids=found["source_id"].map(lambda s: [s]))]


def _outliers(engine: Engine, cond: str, params: list[Any], limit: int) -> list[pd.DataFrame]:
    totals = {**TOTALS, "theme": "none", "award": "none"}
    same = " AND ".join(f"t.{d} = {literal(v)}" for d, v in totals.items() if d != "kind")
    inner = (
        "WITH v AS (SELECT t.tally_id, t.locality_code, t.locality_tier, t.year_start, "
        "t.year_end, t.metric, t.source_id, t.value, ln(t.value + 1) AS lv, "
        "(t.year_end > t.year_start) AS multi "
        f"FROM tallies t WHERE {cond} AND {same}), "
        "g AS (SELECT metric, locality_tier, multi, median(lv) AS med "
        "FROM v GROUP BY ALL HAVING count(*) >= 8), "
        "d AS (SELECT v.metric, v.locality_tier, v.multi, median(abs(v.lv - g.med)) AS mad "
        "FROM v JOIN g USING (metric, locality_tier, multi) GROUP BY ALL) "
        "SELECT v.*, (v.lv - g.med) / (1.4826 * d.mad) AS score FROM v "
        "JOIN g USING (metric, locality_tier, multi) JOIN d USING (metric, locality_tier, multi) "
        f"WHERE d.mad > 0 AND abs(v.lv - g.med) / (1.4826 * d.mad) > {OUTLIER_Z}"
    )
    found = _limited(engine, inner, params, "abs(score) DESC", limit)
    return [
        found.assign(
            kind="outlier",
            stated=found["value"],
            tally_ids=found["tally_id"].map(lambda t: [t]),
            source_ids=found["source_id"].map(lambda s: [s]),
        )
    ]


def _list_vs_stated(engine: Engine, cond: str, params: list[Any], limit: int) -> list[pd.DataFrame]:
    """Named models listed for a locality and period against the stated count of models.

    Only localities with at least one listed model are compared (no list is not a zero list).
    """
    totals = " AND ".join(
        f"t.{d} = {literal(v)}"
        for d, v in {**TOTALS, "theme": "none", "level": "none", "award": "none"}.items()
        if d != "kind"
    )
    inner = (
        "WITH stated AS (SELECT t.locality_code, t.year_start, t.year_end, t.metric, "
        "max(t.value) AS stated, list(t.tally_id) AS tally_ids, list(DISTINCT t.source_id) "
        f"AS source_ids FROM tallies t WHERE {cond} AND t.metric = 'models_registered' AND "
        f"{totals} GROUP BY ALL), listed AS (SELECT s.locality_code, s.year_start, s.year_end, "
        "count(*) AS parts FROM stated s JOIN models m ON m.locality_code = s.locality_code "
        "AND m.year_start <= s.year_end AND m.year_end >= s.year_start GROUP BY ALL) "
        "SELECT s.*, l.parts FROM stated s JOIN listed l USING (locality_code, year_start, "
        "year_end) WHERE l.parts <> s.stated"
    )
    found = _limited(engine, inner, params, "locality_code, year_start", limit)
    return [found.assign(kind="list_vs_stated", dimension="models")]


def findings(
    engine: Engine,
    f: Filter | None = None,
    kinds: tuple[str, ...] = KINDS,
    limit: int = LIMIT,
) -> Findings:
    """Every finding inside ``f``'s locality, period and metric (all when ``f`` is None).

    The findings of the whole data set (a few seconds at national scale) are
    read from :mod:`metrics.materialised` when stored for the current data.
    """
    if f is None and kinds == KINDS and limit == LIMIT:
        stored = engine.findings_dir()
        if stored is not None:
            try:
                return Findings(*read_findings(stored))
            except (OSError, ValueError):  # replaced while read: compute them
                pass
    return compute(engine, f, kinds, limit)


def compute(
    engine: Engine,
    f: Filter | None = None,
    kinds: tuple[str, ...] = KINDS,
    limit: int = LIMIT,
) -> Findings:
    """:func:`findings`, always computed from the warehouse."""
    cond, params = _scope(engine, f)
    parts: list[pd.DataFrame] = []
    if {"parts_mismatch", "partial_breakdown"} & set(kinds):
        parts += _breakdowns(engine, cond, params, limit)
    for kind, run in (
        ("period_after_report", _period_after_report),
        ("conflicting_values", _conflicts),
        ("stated_zero", _zeros),
        ("outlier", _outliers),
        ("list_vs_stated", _list_vs_stated),
    ):
        if kind in kinds:
            parts += run(engine, cond, params, limit)
    parts = [p for p in parts if len(p)]
    counts = {k: 0 for k in KINDS}
    if not parts:
        return Findings(pd.DataFrame(columns=COLUMNS), counts)
    out = pd.concat(parts, ignore_index=True)
    out = out[out["kind"].isin(kinds)]
    for kind, total in out.groupby("kind")["total"].max().items():
        counts[str(kind)] = (
            int(total) if kind != "parts_mismatch" and kind != "partial_breakdown" else 0
        )
    for kind in ("parts_mismatch", "partial_breakdown"):
        part = out[out["kind"] == kind]
        if len(part):
            counts[kind] = int(part.groupby("dimension")["total"].max().sum())
    for col in COLUMNS:
        if col not in out.columns:
            out[col] = None
    out["severity"] = out["kind"].map(SEVERITY)
    names = engine.localities["name"]
    out["locality_name"] = out["locality_code"].map(names).fillna(out["locality_code"])
    for col in ("stated", "parts"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    order = {"error": 0, "warning": 1, "info": 2}
    out = out.assign(_o=out["severity"].map(order), _k=out["kind"].map(KINDS.index))
    out = out.sort_values(["_o", "_k", "locality_code", "year_start", "metric"], kind="stable")
    return Findings(out[COLUMNS].reset_index(drop=True), counts)
