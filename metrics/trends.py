"""Trends: yearly series, year-over-year change, phase totals, change against the previous period.

Yearly series use single-year figures only (a 2016–2020 figure has no year);
phase totals use every figure inside the phase (see :mod:`metrics.rules`) and
say how many of its years they cover.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> from metrics.filters import Filter
>>> e = tiny_engine()
>>> yearly(e, Filter(), ["01"])[["code", "year", "value", "change", "change_pct"]]
  code  year  value  change  change_pct
0   01  2021     80    <NA>        <NA>
1   01  2022    100      20        0.25
>>> phases(e, Filter(), ["01"])[["code", "phase", "value", "n_years", "complete"]]
  code      phase  value  n_years  complete
0   01  2016-2020    300        5      True
1   01  2021-2025    100        1     False
>>> previous_period((2022, 2022)), previous_period((2021, 2025))
((2021, 2021), (2016, 2020))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from metrics.engine import per_version
from metrics.filters import PHASES, Filter
from metrics.rules import resolve

if TYPE_CHECKING:
    from metrics.engine import Engine


@per_version
def yearly(engine: Engine, f: Filter, codes: Sequence[str]) -> pd.DataFrame:
    """One row per locality and year: ``code, year, value, is_derived, basis, covered, change,
    change_pct``.

    ``change`` is against the previous calendar year of the same locality, and
    only like for like (``metrics/RULES.md``): empty when that year has no figure
    (a gap is not a zero) or when the two figures do not add up the same units
    (``covered``: the locality itself for a stated figure, else the child units
    added up).
    """
    from metrics import totals  # (it imports comparisons, which imports rules)

    table = resolve(engine, f, by=["year"], codes=codes)
    table = table.sort_values(["code", "year"]).reset_index(drop=True)
    covered: list[tuple[str, ...] | None] = [
        (c,) if b == "stated" else None for c, b in zip(table["code"], table["basis"])
    ]
    for code in table.loc[table["basis"] != "stated", "code"].unique():
        per_year = totals.yearly_totals(engine, f, code).set_index("year")
        for i in table.index[(table["code"] == code) & (table["basis"] != "stated")]:
            year = int(table.at[i, "year"])
            if year in per_year.index and per_year.at[year, "value"] == table.at[i, "value"]:
                covered[i] = per_year.at[year, "covered"]
            else:  # not known which units: never compared
                covered[i] = (f"?{code}-{year}",)
    table["covered"] = covered
    return totals.with_like_for_like_change(table)


@per_version
def phases(engine: Engine, f: Filter, codes: Sequence[str]) -> pd.DataFrame:
    """Totals per phase: ``code, phase, value, n_years, complete, basis, is_derived``."""
    frames = []
    for name, span in PHASES.items():
        res = resolve(engine, f.replace(years=span), codes=codes)
        if len(res):
            length = span[1] - span[0] + 1
            frames.append(res.assign(phase=name, complete=res["n_years"] >= length))
    if not frames:
        return pd.DataFrame(columns=["code", "phase", "value", "n_years", "complete"])
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["code", "phase"]).reset_index(drop=True)[
        [
            "code",
            "phase",
            "value",
            "n_years",
            "complete",
            "basis",
            "is_derived",
            "year_lo",
            "year_hi",
        ]
    ]


def previous_period(years: tuple[int, int]) -> tuple[int, int]:
    """The period of the same length just before ``years`` (a phase → the previous phase)."""
    length = years[1] - years[0] + 1
    return years[0] - length, years[0] - 1


def change(
    engine: Engine, f: Filter, code: str, *, now: pd.DataFrame | None = None
) -> dict[str, object]:
    """The figure for ``f.years`` and for the previous period, with the difference.

    Keys: ``value, previous, previous_years, delta, delta_pct`` (``None`` where unknown).
    ``now`` is the already resolved figure when the caller has it.
    """
    if now is None:
        now = resolve(engine, f, codes=[code])
    value = int(now["value"].iloc[0]) if len(now) else None
    out: dict[str, object] = {"value": value, "previous": None, "previous_years": None}
    if f.years is not None:
        years = previous_period(f.years)
        before = resolve(engine, f.replace(years=years), codes=[code])
        out["previous_years"] = years
        if len(before):
            out["previous"] = int(before["value"].iloc[0])
    prev = out["previous"]
    out["delta"] = value - prev if value is not None and isinstance(prev, int) else None
    out["delta_pct"] = (
        (value - prev) / prev if value is not None and isinstance(prev, int) and prev else None
    )
    return out
