"""Locality comparisons with normalisation, and the registered → recognised → commended funnel.

Normalisations (``metrics/RULES.md``), each returning its denominator and the year of it:

- ``absolute`` — the figure itself;
- ``share`` — share of the total of the localities compared;
- ``per_child`` — per direct child unit (districts of an old province,
  communes of a district or of a 2025 province; old provinces of a 2025
  province rolled up with ``boundary="current"``);
- ``per_commune`` — per commune/ward inside the unit (for a province all its
  communes), as of the unit's own boundaries;
- ``per_10k`` — per 10,000 people, only where a population of a stated year
  exists (:mod:`metrics.population`); the others are listed in ``missing_rate``;
- ``per_year`` — per year of the period the figure covers.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> from metrics.filters import Filter
>>> e = tiny_engine()
>>> c = compare(e, Filter(years=(2022, 2022)), tier="province", norm="per_10k")
>>> c.table[["code", "value", "denominator", "denominator_year", "rate"]].round(2)
  code  value  denominator  denominator_year  rate
0   31   2000    2121841.0              2024  9.43
1   01    100    8685607.0              2024  0.12
>>> compare(e, Filter(years=(2022, 2022)), codes=["01", "001"]).warnings
['mixed_tiers']
>>> funnel(e, Filter(years=(2022, 2022)), ["01"])[["stage", "value"]]
               stage  value
0  models_registered    100
1  models_recognized     20
2      commendations      5
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from metrics import places, population
from metrics.engine import per_version
from metrics.filters import Filter
from metrics.rules import NATION, boundary_version, descendants, resolve

if TYPE_CHECKING:
    from metrics.engine import Engine

NORMALISATIONS: tuple[str, ...] = (
    "absolute",
    "share",
    "per_child",
    "per_commune",
    "per_10k",
    "per_year",
)
FUNNEL: tuple[str, ...] = ("models_registered", "models_recognized", "commendations")


@dataclass(frozen=True)
class Comparison:
    """A ranked comparison. ``table`` columns: ``code, name, tier, value, rate,
    denominator, denominator_year, denominator_note, basis, children_reporting,
    children_total, year_lo, year_hi, n_years, is_derived, rank``.

    ``rate`` is the normalised figure (``value`` itself for ``absolute``).
    ``missing`` lists requested localities with no figure; ``missing_rate`` those
    with a figure but no denominator. ``warnings``: ``mixed_tiers``,
    ``mixed_periods``, ``mixed_boundaries``, ``partial_rollup``, ``set_apart``.

    Like with like (``metrics/RULES.md``): ``table`` ranks one boundary version
    (``era``) of complete figures; ``apart`` holds the figures not ranked with
    them, same columns plus ``reason`` (``other_boundary``, ``partial_rollup``,
    ``derived``) and no rank. ``units`` is how many units of the compared tier
    and version lie in scope (``None`` for a hand-picked list).
    """

    norm: str
    table: pd.DataFrame
    missing: list[str] = field(default_factory=list)
    missing_rate: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    apart: pd.DataFrame = field(default_factory=pd.DataFrame)
    era: str | None = None
    units: int | None = None


@per_version
def compare(
    engine: Engine,
    f: Filter,
    *,
    codes: Sequence[str] | None = None,
    tier: str | None = None,
    scope: Sequence[str] | None = None,
    norm: str = "absolute",
    top: int | None = None,
    like_for_like: bool = True,
) -> Comparison:
    """Compare localities (given ``codes``, or every unit of ``tier`` inside ``scope``).

    With ``like_for_like`` (the default) partial roll-ups, derived figures and
    units of the other boundary version are set apart (``Comparison.apart``).
    """
    if norm not in NORMALISATIONS:
        raise ValueError(f"unknown normalisation {norm!r}; choose from {NORMALISATIONS}")
    res = resolve(engine, f, codes=codes, tier=tier, scope=scope)
    info = engine.localities
    table = res.assign(name=res["code"].map(info["name"]).fillna(res["code"]))
    if NATION in set(table["code"]):
        table.loc[table["code"] == NATION, "name"] = places.name(engine, NATION)
    table["children_total"] = _children_total(engine, table)
    table["era"] = table["code"].map(info["era"])
    units_by_era = _units_by_era(engine, f, tier, scope) if tier is not None else None
    era = boundary_version(table["era"].dropna().value_counts().to_dict(), units_by_era)
    if like_for_like:
        table["reason"] = _reasons(table, era)
    else:
        table["reason"] = pd.Series(pd.NA, index=table.index, dtype="object")
    ranked = table[table["reason"].isna()]
    apart = table[table["reason"].notna()]
    ranked = _sorted(_normalise(engine, ranked, norm, f))
    # a unit without a rate (no denominator for its year) has no place in the ranking
    rated = ranked["rate"].notna().to_numpy()
    ranked["rank"] = pd.array(np.where(rated, np.cumsum(rated), 0), dtype="Int64")
    ranked.loc[~rated, "rank"] = pd.NA
    apart = _normalise(engine, apart, norm, f)
    if norm == "share":  # a share is of the ranked units' total: those set apart are not in it
        apart = apart.assign(rate=np.nan, denominator=np.nan)
    if norm in PER_UNIT:  # a sum of some children over every child (or person): missing read as 0
        partial = apart["reason"] == "partial_rollup"
        apart.loc[partial, ["rate", "denominator"]] = np.nan
    apart = _sorted(apart).assign(rank=pd.NA)
    requested = list(codes) if codes is not None else []
    missing = [c for c in requested if c not in set(res["code"])]
    missing_rate = ranked.loc[ranked["rate"].isna(), "code"].tolist()
    warnings = _warnings(engine, ranked)
    if len(apart):
        warnings.append("set_apart")
    if top is not None:
        ranked = ranked.head(top)
    units = None
    if units_by_era is not None:
        units = units_by_era.get(era or "", 0) if era else sum(units_by_era.values())
    return Comparison(norm, ranked, missing, missing_rate, warnings, apart, era, units)


PER_UNIT = ("per_child", "per_commune", "per_10k")  # rates over the whole unit's size


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(
        ["rate", "value", "name"], ascending=[False, False, True], na_position="last"
    ).reset_index(drop=True)


def is_partial(table: pd.DataFrame) -> pd.Series:
    """Roll-ups that lack some child units (or whose number of children is unknown)."""
    rollup = table["basis"] == "children"
    lacking = (table["children_reporting"] < table["children_total"]).fillna(True)
    return rollup & lacking.astype(bool)


def _reasons(table: pd.DataFrame, era: str | None) -> pd.Series:
    """Why a figure is not ranked with the others (NA: it is ranked)."""
    reason = pd.Series(pd.NA, index=table.index, dtype="object")
    reason[table["is_derived"].astype(bool)] = "derived"
    reason[is_partial(table)] = "partial_rollup"
    if era is not None:
        reason[table["era"].notna() & (table["era"] != era)] = "other_boundary"
    return reason


def _units_by_era(
    engine: Engine, f: Filter, tier: str, scope: Sequence[str] | None
) -> dict[str, int]:
    """How many units of ``tier`` lie in scope, per boundary version."""
    info = engine.localities
    roots = list(scope) if scope is not None else ([f.locality] if f.locality else [])
    if roots:
        codes: set[str] = set()
        for root in roots:
            codes |= descendants(engine, root, f.boundary, tier)
        frame = info.loc[sorted(codes)] if codes else info.iloc[0:0]
    else:
        want = "province" if tier == "current_province" else tier
        frame = info[info["tier"] == want]
        if tier == "current_province":
            frame = frame[frame["era"] == "2025"]
    return {str(k): int(v) for k, v in frame.groupby("era").size().items()}


def _children_total(engine: Engine, table: pd.DataFrame) -> pd.Series:
    """How many child units each compared unit has (old provinces for a 2025 province)."""
    info = engine.localities

    def merged_counts() -> pd.Series:
        old = info[(info["tier"] == "province") & (info["era"] == "pre2025")]
        return old.groupby("current_province_code").size()

    merged = engine.memo("old_provinces_per_current", merged_counts)
    counts = table["code"].map(info["child_count"]).astype("Int64")
    current = table["tier"] == "current_province"
    counts[current] = table.loc[current, "code"].map(merged).fillna(0).astype("Int64")
    counts[~table["tier"].isin(["province", "district", "current_province"])] = pd.NA
    return counts


def _normalise(engine: Engine, table: pd.DataFrame, norm: str, f: Filter) -> pd.DataFrame:
    values = table["value"].astype(float)
    out = table.assign(denominator=np.nan, denominator_year=pd.NA, denominator_note="")
    if table.empty:
        return out.assign(rate=np.nan)
    if norm == "absolute":
        out["rate"] = values
    elif norm == "share":
        total = values.sum()
        out["denominator"] = total
        out["rate"] = values / total if total else np.nan
    elif norm == "per_child":
        den = out["children_total"].astype("Float64").where(lambda c: c > 0)
        out["denominator"] = den.astype(float)
        out["denominator_note"] = out["tier"]
        out["rate"] = values / out["denominator"]
    elif norm == "per_commune":
        counts = [places.communes_count(engine, c, f.boundary) for c in out["code"]]
        den = pd.Series(counts, index=out.index, dtype=float).where(lambda s: s > 0)
        out["denominator"] = den
        out["denominator_note"] = [
            "2025" if places.era(engine, c) == "2025" or t == "current_province" else "pre2025"
            for c, t in zip(out["code"], out["tier"])
        ]
        out["rate"] = values / den
    elif norm == "per_10k":
        year = int(f.years[1]) if f.years else int(out["year_hi"].max() if len(out) else 2025)
        pop = population.for_localities(engine, out["code"].tolist(), year).set_index(
            "locality_code"
        )
        out["denominator"] = out["code"].map(pop["population"]).astype(float)
        out["denominator_year"] = out["code"].map(pop["population_year"]).astype("Int64")
        out["denominator_note"] = out["code"].map(pop["source_title"]).fillna("")
        out["rate"] = values / out["denominator"] * 10_000
    elif norm == "per_year":
        out["denominator"] = out["n_years"].astype(float)
        out["rate"] = values / out["denominator"]
    return out


def _warnings(engine: Engine, table: pd.DataFrame) -> list[str]:
    warnings: list[str] = []
    if table.empty:
        return warnings
    if table["tier"].nunique() > 1:
        warnings.append("mixed_tiers")
    periods = set(zip(table["year_lo"], table["year_hi"], table["n_years"]))
    if len(periods) > 1:
        warnings.append("mixed_periods")
    eras = set(table["code"].map(engine.localities["era"]).dropna())
    if {"pre2025", "2025"} <= eras:
        warnings.append("mixed_boundaries")
    partial = table["children_total"].notna() & (table["basis"] != "stated")
    if (table.loc[partial, "children_reporting"] < table.loc[partial, "children_total"]).any():
        warnings.append("partial_rollup")
    return warnings


def funnel(engine: Engine, f: Filter, codes: Sequence[str]) -> pd.DataFrame:
    """Registered → recognised → commended per locality (three metrics, never summed).

    Columns: ``code, name, stage, value, basis, is_derived, year_lo, year_hi,
    ratio_to_registered``. A ratio is given only between the unit's own figures (not sums of
    its children, which may add different children) of the same period (``year_lo``–
    ``year_hi``): 80 models recognised in 2011 are no share of 1,000 registered over 2008–2011.
    """
    rows = []
    codes = list(dict.fromkeys(codes))  # each unit once, whatever the caller's list holds
    keep = ["code", "value", "basis", "is_derived", "year_lo", "year_hi"]
    for stage in FUNNEL:
        res = resolve(engine, f.replace(metric=stage), codes=codes)
        rows += [{"stage": stage, **r} for r in res[keep].to_dict("records")]
    table = pd.DataFrame(rows, columns=["stage", *keep])
    if table.empty:
        return table.assign(name=[], ratio_to_registered=[])
    table = table.astype({"value": "int64", "year_lo": "int64", "year_hi": "int64"})
    table["is_derived"] = table["is_derived"].astype(bool)
    base = table[table["stage"] == FUNNEL[0]].set_index("code")
    like = (
        (table["year_lo"] == table["code"].map(base["year_lo"]))
        & (table["year_hi"] == table["code"].map(base["year_hi"]))
        & (table["basis"] == "stated")  # two sums of children: maybe not the same children
        & (table["code"].map(base["basis"]) == "stated")
    )
    ratio = table["value"] / table["code"].map(base["value"])
    table["ratio_to_registered"] = ratio.where(like)
    table["name"] = [places.name(engine, c) for c in table["code"]]
    order = {s: i for i, s in enumerate(FUNNEL)}
    position = {c: i for i, c in enumerate(codes)}  # the caller's order (the ranking's)
    table = table.sort_values(
        ["code", "stage"], key=lambda s: s.map(order) if s.name == "stage" else s.map(position)
    )
    return table.reset_index(drop=True)
