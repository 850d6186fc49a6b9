"""SQL fragments of steps 1–2 of ``metrics/RULES.md`` (one figure per fact; totals never
added to their own breakdown), below both the stored cells (:mod:`metrics.materialised`) and
the full rules statement (:mod:`metrics.rules`), which compose them.

>>> total_id("field"), total_id("theme")
('all', 'none')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from data_loaders.reference import vocabulary
from metrics.filters import DIMENSIONS, Filter, profile, scope_sql, where
from metrics.sqlparts import literal, named

if TYPE_CHECKING:
    from metrics.engine import Engine

TOTALS: dict[str, str] = {"field": "all", "subject": "all", "kind": "any"}
QUALIFIER_TOTAL = "none"
STRICT: tuple[str, ...] = ("field", "subject")
RESOLVE_ORDER: tuple[str, ...] = ("field", "subject", "kind", "theme", "level", "award")
PART_MASKS: dict[str, dict[str, int]] = {
    "field": {"economy": 1, "culture_society": 2, "defense_security": 4, "political_system": 8},
    "subject": {"collective": 1, "individual": 2},
}
BY_OPTIONS: tuple[str, ...] = (*DIMENSIONS, "year")
RANK = "(rank * 4294967296 + value)"  # latest source first, then the larger value


def total_id(dim: str) -> str:
    """The id that stands for "all values" of ``dim``."""
    return TOTALS.get(dim, QUALIFIER_TOTAL)


def _code_sql(dim: str) -> str:
    """A small integer for a ``dim`` value: 0 is the total, parts are positive.

    For ``field`` and ``subject`` parts are bit masks (a field combination
    covers several bits), so ``bit_or`` and ``sum`` tell whether a breakdown is
    complete with each part once.
    """
    total = total_id(dim)
    if dim in PART_MASKS:
        masks = PART_MASKS[dim]
        if dim == "field":
            parts = " + ".join(
                f"{m} * contains(t.{dim}, {literal(v)})::INT" for v, m in masks.items()
            )
        else:
            whens = " ".join(f"WHEN {literal(v)} THEN {m}" for v, m in masks.items())
            parts = f"CASE t.{dim} {whens} ELSE 0 END"
        return f"(CASE WHEN t.{dim} = {literal(total)} THEN 0 ELSE {parts} END)::SMALLINT AS {dim}"
    ids = [i for i in vocabulary.ids(dim) if i != total]
    whens = " ".join(f"WHEN {literal(v)} THEN {n}" for n, v in enumerate(ids, start=1))
    return f"(CASE t.{dim} WHEN {literal(total)} THEN 0 {whens} ELSE 62 END)::SMALLINT AS {dim}"


_SLOT = 15  # bits per lenient dimension in the packed ``lb`` column


def _fast_ctes(dims: list[str], cell: list[str], prefix: str = "") -> list[str]:
    """CTEs ending in ``fast``: a stated total, or a one-dimension breakdown of stated totals.

    Each ``base`` row gets ``cat``: 0 when every resolved dimension is at its
    total, ``i`` when only the i-th is not, -1 otherwise, and ``part``: its part
    code (field/subject masks; a bit for the other dimensions, packed in
    ``_SLOT``-bit slots). Cells are first grouped by ``cat`` (few rows), then the
    lowest ``cat`` whose breakdown is exact wins. ``fast.value`` is NULL where
    neither gives an exact answer (the slow path then handles the cell), so the
    result always equals the step-by-step one. Every CTE name starts with ``prefix``.
    """
    base, b1, b2, b3, l1, cb, l2, fast = named(
        prefix, "base", "b1", "b2", "b3", "l1", "cb", "l2", "fast"
    )
    k = ", ".join(cell)
    if not dims:
        return [
            f"{fast} AS MATERIALIZED (SELECT {k}, arg_max(value, {RANK})::BIGINT AS value, "
            f"arg_max(is_derived, {RANK}) AS is_derived FROM {base} GROUP BY {k})"
        ]
    lenient = [d for d in dims if d not in STRICT]
    offset = {d: i * _SLOT for i, d in enumerate(lenient)}

    def bit(d: str) -> str:
        return f"(1::BIGINT << (least({d}, {_SLOT - 1}) + {offset[d]}))"

    nz = " + ".join(f"({d} <> 0)::INT" for d in dims)
    bits = "".join(f", CASE WHEN {d} <> 0 THEN {bit(d)} ELSE 0 END AS bit_{d}" for d in lenient)
    cat_whens = " ".join(f"WHEN {d} <> 0 THEN {i}" for i, d in enumerate(dims, start=1))
    part_whens = " ".join(
        f"WHEN {i} THEN " + (f"{d}::BIGINT" if d in STRICT else f"bit_{d}")
        for i, d in enumerate(dims, start=1)
    )
    lb = " | ".join(f"bit_{d}" for d in lenient) or "0"
    oks = []
    for i, d in enumerate(dims, start=1):
        if d in STRICT:
            full = sum(PART_MASKS[d].values())
            oks.append(f"WHEN {i} THEN po = {full} AND ps = {full}")
        else:
            mask = ((1 << _SLOT) - 1) << offset[d]
            oks.append(f"WHEN {i} THEN ps = po AND po = (cellbits & {mask}::BIGINT)")
    return [
        f"{b1} AS (SELECT *, {nz} AS nz{bits} FROM {base})",
        f"{b2} AS (SELECT *, CASE WHEN nz = 0 THEN 0 WHEN nz > 1 THEN -1 ELSE CASE {cat_whens} "
        f"END END AS cat, {lb} AS lb FROM {b1})",
        f"{b3} AS (SELECT *, CASE cat {part_whens} ELSE 0 END AS part FROM {b2})",
        f"{l1} AS MATERIALIZED (SELECT {k}, cat, count(*) AS n, sum(value) AS vs, "
        "bool_or(is_derived) AS d, "
        f"arg_max(value * 2 + is_derived::INT, {RANK}) AS pk, bit_or(part) AS po, "
        f"sum(part) AS ps, bit_or(lb) AS lb FROM {b3} GROUP BY {k}, cat)",
        f"{cb} AS (SELECT {k}, bit_or(lb) AS cellbits FROM {l1} GROUP BY {k})",
        f"{l2} AS (SELECT {l1}.*, {cb}.cellbits, CASE WHEN cat = 0 THEN TRUE WHEN cat < 0 "
        f"THEN FALSE ELSE CASE cat {' '.join(oks)} END END AS ok FROM {l1} JOIN {cb} USING ({k}))",
        f"{fast} AS MATERIALIZED (SELECT {k}, "
        "arg_min(CASE WHEN cat = 0 THEN pk // 2 ELSE vs END, cat) FILTER (WHERE ok)::BIGINT "
        "AS value, arg_min(CASE WHEN cat = 0 THEN pk % 2 = 1 ELSE n > 1 OR d END, cat) "
        f"FILTER (WHERE ok) AS is_derived FROM {l2} GROUP BY {k})",
    ]


def _step_sql(dim: str, keys: list[str], prev: str) -> str:
    """One slow-path step: rows of ``prev`` grouped without ``dim``."""
    k = ", ".join(keys)
    known = f"count(*) FILTER (WHERE {dim} <> 0 AND value IS NULL) = 0"
    if dim in STRICT:
        full = sum(PART_MASKS[dim].values())
        complete = (
            f"{known} AND bit_or({dim}) FILTER (WHERE {dim} <> 0) = {full} "
            f"AND sum({dim}) FILTER (WHERE {dim} <> 0) = {full}"
        )
    else:
        complete = f"{known} AND count(*) FILTER (WHERE {dim} <> 0) > 0"
    has_total = f"count(value) FILTER (WHERE {dim} = 0) > 0"
    return (
        f"SELECT {k}, CASE WHEN {has_total} THEN max(value) FILTER (WHERE {dim} = 0) "
        f"WHEN {complete} THEN sum(value) FILTER (WHERE {dim} <> 0) END::BIGINT AS value, "
        f"CASE WHEN {has_total} THEN bool_or(is_derived) FILTER (WHERE {dim} = 0) "
        f"ELSE bool_or(is_derived) OR count(*) FILTER (WHERE {dim} <> 0) > 1 END AS is_derived "
        f"FROM {prev} GROUP BY {k}"
    )


def _trivial(dim: str, values: list[str]) -> bool:
    """A dimension with one value for the metric needs no step: its rows are the figures
    (unless that value is a lone part of a strict breakdown, which is no total)."""
    return len(values) == 1 and (dim not in STRICT or values[0] == total_id(dim))


def plan(
    engine: Engine,
    f: Filter,
    by: Sequence[str],
    scope: Sequence[str] | None,
    tier: str | None,
    status: bool = True,
) -> tuple[str, list[Any], list[str], list[str]]:
    """Filter condition, its parameters, the ``by`` dimensions and the dimensions to resolve."""
    unknown = [b for b in by if b not in BY_OPTIONS]
    if unknown:
        raise ValueError(f"cannot break down by {unknown}; choose from {BY_OPTIONS}")
    cond, params = where(engine, f, "t", scope=scope is None, status=status)
    if scope is not None:
        scond, sparams = scope_sql(engine, list(scope), f.boundary, "t")
        cond += f" AND {scond}"
        params += sparams
    fixed = f.fixed()
    by_dims = [b for b in by if b in DIMENSIONS]
    for dim in by_dims:  # a breakdown never contains its own total
        if dim in TOTALS and dim not in fixed:
            cond += f" AND t.{dim} <> {literal(TOTALS[dim])}"
    if "year" in by:
        cond += " AND t.year_start = t.year_end"
    if tier is not None:
        cond += " AND t.locality_tier = ?"
        params.append(tier)
    seen = profile(engine).get(f.metric or "", {})
    dims = [
        d
        for d in RESOLVE_ORDER
        if d not in fixed and d not in by_dims and not _trivial(d, seen.get(d, []))
    ]
    return cond, params, by_dims, dims


LOCATION = ("locality_tier", "province_code", "district_code", "current_province_code")


def raw_select(
    by_dims: list[str], dims: list[str], cond: str, source: str = "tallies", joins: str = ""
) -> str:
    """Rows of ``source`` (alias ``t``) ready for step 1: dimension codes and source rank.

    ``joins`` (anti-joins) run before the codes are computed, so pruned rows cost little.
    """
    return (
        "SELECT t.locality_code, t.year_start, t.year_end, "
        + "".join(f"t.{d}, " for d in by_dims)
        + "".join(f"{_code_sql(d)}, " for d in dims)
        + "t.value, t.is_derived, coalesce(s.rank, 0) AS rank "
        f"FROM {source} t {joins} LEFT JOIN src s ON s.source_id = t.source_id WHERE {cond}"
    )


def located_select(by_dims: list[str], dims: list[str], cond: str, source: str = "tallies") -> str:
    """The rows a resolution reads, as stored (codes are computed per tier, after pruning).

    ``source`` is ``tallies`` or a file of resolved cells (no dimension left to
    resolve, no source to rank).
    """
    cols = ["locality_code", "year_start", "year_end", *LOCATION, *by_dims, *dims]
    ranked = ", t.source_id" if source == "tallies" else ""
    return (
        f"SELECT {', '.join(f't.{c}' for c in dict.fromkeys(cols))}, t.value, t.is_derived"
        f"{ranked} FROM {source} t WHERE {cond}"
    )


def tier_ctes(
    base: str, by_dims: list[str], dims: list[str], slow: bool, prefix: str = ""
) -> list[str]:
    """From a ``base`` query to ``cells``: the fast path, then (``slow``) the step-by-step one.

    Every CTE name starts with ``prefix`` (several tiers in one statement).
    """
    cell = ["locality_code", "year_start", "year_end", *by_dims]
    base_n, fast, slow_base, cells = named(prefix, "base", "fast", "slow_base", "cells")
    ctes = [f"{base_n} AS MATERIALIZED ({base})", *_fast_ctes(dims, cell, prefix)]
    tail = ""
    if dims and slow:
        on = " AND ".join(f"b.{c} = m.{c}" for c in cell)
        ctes.append(
            f"{slow_base} AS (SELECT b.* FROM {base_n} b SEMI JOIN "
            f"(SELECT {', '.join(cell)} FROM {fast} WHERE value IS NULL) m ON {on})"
        )
        keys = [*cell, *dims]
        (prev,) = named(prefix, "s0")
        ctes.append(
            f"{prev} AS (SELECT {', '.join(keys)}, arg_max(value, {RANK})::BIGINT AS value, "
            f"bool_or(is_derived) AS is_derived FROM {slow_base} GROUP BY {', '.join(keys)})"
        )
        for i, dim in enumerate(dims, start=1):
            keys = [k for k in keys if k != dim]
            (step,) = named(prefix, f"s{i}")
            ctes.append(f"{step} AS ({_step_sql(dim, keys, prev)})")
            prev = step
        tail = f" UNION ALL SELECT {', '.join(cell)}, value, is_derived FROM {prev}"
    ctes.append(
        f"{cells} AS (SELECT * FROM (SELECT {', '.join(cell)}, value, is_derived FROM {fast}"
        f"{tail}) WHERE value IS NOT NULL)"
    )
    return ctes


def cells_ctes(
    engine: Engine,
    f: Filter,
    by: Sequence[str] = (),
    scope: Sequence[str] | None = None,
    slow: bool = True,
    tier: str | None = None,
) -> tuple[list[str], list[Any], list[str]]:
    """CTEs ending in ``cells``: one resolved value per (locality, period, ``by`` values).

    Steps 1–2 of the module docstring, for the rows of one ``tier`` (or all).
    Returns (ctes, params, by-columns); ``scope`` (locality codes) replaces
    ``f.locality`` as the subtree read. ``slow=False`` leaves out the
    step-by-step path (cells it would answer are missing from ``cells``;
    ``fast`` has them with a NULL value).
    """
    cond, params, by_dims, dims = plan(engine, f, by, scope, tier)
    by_cols = ["year_start" if b == "year" else b for b in by]
    return tier_ctes(raw_select(by_dims, dims, cond), by_dims, dims, slow), params, by_cols
