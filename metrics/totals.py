"""Totals over a scope that state what they cover (``metrics/RULES.md``, "Totals").

A scope's total is its own stated figure when it has one. Otherwise it is the
sum of its direct children's figures, of one boundary version only
(:func:`metrics.rules.boundary_version`), and it says how many units of that
tier and version report out of how many lie in scope. ``rows`` are exactly the
figures added up, so ``value == rows["value"].sum()`` always holds.

A change between two periods (or two years) is given only when both totals
cover the same units: a total over "the localities that happened to report"
is no trend.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> from metrics.filters import Filter
>>> e = tiny_engine()
>>> t = total(e, Filter(metric="models_registered", years=(2022, 2022)), "VN")
>>> t.value, t.reporting, t.units, t.complete, t.era, t.rows["code"].tolist()
(2100, 2, 3, False, 'pre2025', ['31', '01'])
>>> total(e, Filter(metric="models_registered", years=(2022, 2022)), "01").basis
'stated'
>>> y = yearly_totals(e, Filter(metric="models_registered"), "VN")
>>> y[["year", "value", "reporting", "units", "change"]]
   year  value  reporting  units  change
0  2021     80          1      3    <NA>
1  2022   2100          2      3    <NA>
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from metrics import places
from metrics.comparisons import is_partial
from metrics.filters import Filter
from metrics.rules import NATION, boundary_version, descendants, resolve

if TYPE_CHECKING:
    from metrics.engine import Engine

ROW_COLUMNS = ["code", "tier", "era", "value", "basis", "children_reporting", "year_lo", "year_hi"]


@dataclass(frozen=True)
class Total:
    """One total with its coverage.

    ``basis``: ``stated`` (the scope's own figure; ``rows`` is that one row) or
    ``children`` (the sum of ``rows``, one per child unit with a figure, all of
    boundary version ``era``). ``reporting`` / ``units``: children with a figure
    / children of that tier and version in scope (1 / 1 for a stated figure).
    ``complete``: every unit in scope reports with a complete figure, so the total
    may be called the scope's total; otherwise it is "the total of the localities
    with a figure". ``left_out``: children of the other boundary version, not
    added. ``missing``: units in scope without a figure.
    """

    scope: str
    value: int | None
    basis: str | None
    tier: str
    era: str | None
    reporting: int
    units: int
    complete: bool
    rows: pd.DataFrame
    left_out: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ROW_COLUMNS))
    missing: tuple[str, ...] = ()
    year_lo: int | None = None
    year_hi: int | None = None

    @property
    def codes(self) -> frozenset[str]:
        """The units whose figures the total adds up."""
        return frozenset(self.rows["code"])


def _children_tier(engine: Engine, scope: str, boundary: str) -> str:
    return places.child_tier(engine, None if scope == NATION else scope, boundary)


def units_in_scope(engine: Engine, scope: str, boundary: str, tier: str) -> pd.DataFrame:
    """Codes and boundary versions of the units of ``tier`` inside ``scope``."""
    info = engine.localities
    if scope == NATION:
        want = "province" if tier == "current_province" else tier
        frame = info[info["tier"] == want]
        if tier == "current_province":
            frame = frame[frame["era"] == "2025"]
    else:
        codes = sorted(descendants(engine, scope, boundary, tier))
        frame = info.loc[codes] if codes else info.iloc[0:0]
    return frame[["locality_code", "era"]].rename(columns={"locality_code": "code"})


def unit_count(engine: Engine, scope: str, listed: int) -> int:
    """How many units lie directly below ``scope``: the ``listed`` ones, or, for a unit merged
    before 1 July 2025 (whose children are mostly listed under its successor), the number of
    children it had at the time (``child_count`` of ``data_loaders/reference/unit_history.csv``).
    """
    if scope == NATION or places.merged_into(engine, scope) is None:
        return listed
    return max(listed, int(engine.localities.at[scope, "child_count"]))


def _rows(engine: Engine, table: pd.DataFrame) -> pd.DataFrame:
    out = table.assign(era=table["code"].map(engine.localities["era"]))
    return out[ROW_COLUMNS].reset_index(drop=True)


def _complete_rows(engine: Engine, rows: pd.DataFrame) -> bool:
    """No row is a roll-up lacking some of its children."""
    if rows.empty:
        return False
    counts = rows["code"].map(engine.localities["child_count"])
    frame = rows.assign(children_total=counts.astype("Int64"))
    return not bool(is_partial(frame).any())


def _from_children(
    engine: Engine,
    f: Filter,
    scope: str,
    tier: str,
    children: pd.DataFrame,
    units: pd.DataFrame | None = None,
) -> Total:
    """The total of ``children`` (resolved figures of one period, tier ``tier``)."""
    if units is None:
        units = units_in_scope(engine, scope, f.boundary, tier)
    per_era = units.groupby("era").size().to_dict()
    rows = _rows(engine, children)
    era = boundary_version(rows["era"].dropna().value_counts().to_dict(), per_era)
    keep = rows["era"].eq(era) | rows["era"].isna() if era else rows["era"].isna()
    kept = rows[keep].sort_values(["value", "code"], ascending=[False, True])
    kept = kept.reset_index(drop=True)
    in_scope = units[units["era"] == era] if era else units
    missing = tuple(sorted(set(in_scope["code"]) - set(kept["code"])))
    count = unit_count(engine, scope, len(in_scope))
    value = int(kept["value"].sum()) if len(kept) else None
    return Total(
        scope=scope,
        value=value,
        basis="children" if len(kept) else None,
        tier=tier,
        era=era,
        reporting=len(kept),
        units=count,
        complete=not missing and len(kept) >= count and _complete_rows(engine, kept),
        rows=kept,
        left_out=rows[~keep].reset_index(drop=True),
        missing=missing,
        year_lo=int(kept["year_lo"].min()) if len(kept) else None,
        year_hi=int(kept["year_hi"].max()) if len(kept) else None,
    )


def _stated(engine: Engine, scope: str, own: pd.DataFrame, tier: str) -> Total:
    rows = _rows(engine, own)
    return Total(
        scope=scope,
        value=int(own["value"].iloc[0]),
        basis="stated",
        tier=str(own["tier"].iloc[0]),
        era=rows["era"].iloc[0] if pd.notna(rows["era"].iloc[0]) else None,
        reporting=1,
        units=1,
        complete=True,
        rows=rows,
        year_lo=int(own["year_lo"].iloc[0]),
        year_hi=int(own["year_hi"].iloc[0]),
    )


def total(engine: Engine, f: Filter, scope: str) -> Total:
    """The total of ``f`` over ``scope`` (a locality code or ``"VN"``) with its coverage."""
    f = f.replace(locality=None)
    tier = _children_tier(engine, scope, f.boundary)
    if scope != NATION:
        own = resolve(engine, f, codes=[scope])
        if len(own) and own["basis"].iloc[0] == "stated":
            return _stated(engine, scope, own, tier)
    children = resolve(engine, f, tier=tier, scope=None if scope == NATION else [scope])
    return _from_children(engine, f, scope, tier, children)


def change(engine: Engine, f: Filter, scope: str, previous: tuple[int, int]) -> dict[str, object]:
    """The total now and for the ``previous`` years, compared only like for like.

    Keys: ``now`` and ``before`` (:class:`Total`), ``delta`` and ``delta_pct``
    (``None`` unless both totals add the figures of the same units), and
    ``like_for_like``.
    """
    now = total(engine, f, scope)
    before = total(engine, f.replace(years=previous), scope)
    same = (
        now.value is not None
        and before.value is not None
        and now.basis == before.basis
        and now.codes == before.codes
    )
    delta = now.value - before.value if same else None  # type: ignore[operator]
    pct = delta / before.value if same and before.value else None  # type: ignore[operator]
    return {"now": now, "before": before, "delta": delta, "delta_pct": pct, "like_for_like": same}


def yearly_totals(engine: Engine, f: Filter, scope: str) -> pd.DataFrame:
    """One total per single year: ``code, year, value, basis, era, reporting, units,
    complete, covered, change, change_pct``.

    ``covered`` is the tuple of codes added up that year; ``change`` is against
    the previous calendar year only when the same units are added up both years.
    """
    f = f.replace(locality=None)
    tier = _children_tier(engine, scope, f.boundary)
    own = resolve(engine, f, by=["year"], codes=[scope]) if scope != NATION else None
    stated_years = (
        set(own.loc[own["basis"] == "stated", "year"].astype(int)) if own is not None else set()
    )
    children = resolve(
        engine, f, by=["year"], tier=tier, scope=None if scope == NATION else [scope]
    )
    years = sorted(stated_years | set(children["year"].astype(int)))
    units = units_in_scope(engine, scope, f.boundary, tier)
    out = []
    for year in years:
        if year in stated_years:
            assert own is not None
            row = own[own["year"] == year]
            tot = _stated(engine, scope, row, tier)
        else:
            year_rows = children[children["year"] == year]
            tot = _from_children(engine, f, scope, tier, year_rows, units)
        if tot.value is None:
            continue
        out.append(
            {
                "code": scope,
                "year": year,
                "value": tot.value,
                "basis": tot.basis,
                "era": tot.era,
                "reporting": tot.reporting,
                "units": tot.units,
                "complete": tot.complete,
                "covered": tuple(sorted(tot.codes)),
            }
        )
    columns = ["code", "year", "value", "basis", "era", "reporting", "units", "complete"]
    table = pd.DataFrame(out, columns=[*columns, "covered"])
    return with_like_for_like_change(table)


def with_like_for_like_change(table: pd.DataFrame) -> pd.DataFrame:
    """``change``/``change_pct`` against the previous calendar year of the same ``code``,
    only where both years add up the same units (``covered``) on the same ``basis``."""
    table = table.sort_values(["code", "year"]).reset_index(drop=True)
    group = table.groupby("code")
    prev = group["value"].shift(1)
    same = (
        (group["year"].shift(1) == table["year"] - 1)
        & (group["covered"].shift(1) == table["covered"])
        & (group["basis"].shift(1) == table["basis"])
    )
    change = (table["value"] - prev).where(same)
    table["change"] = change.astype("Int64")
    table["change_pct"] = (change / prev.where(prev > 0)).where(same).astype("Float64")
    return table
