"""Distributions: how a figure splits by field, level, subject, kind, theme or year.

Each function returns a tidy DataFrame with ``value`` and ``share`` (of the sum
of the parts shown) and the resolved stated total alongside, so a chart can say
when the parts do not add up to it.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> from metrics.filters import Filter
>>> e = tiny_engine()
>>> d = distribution(e, Filter(years=(2022, 2022)), "field", "01")
>>> d.table[["field", "value", "share"]].round(3)
              field  value  share
0           economy     40  0.381
1   culture_society     30  0.286
2  defense_security     20  0.190
3  political_system     15  0.143
>>> d.parts_total, d.stated_total
(105, 100)
>>> f = Filter(metric="models_recognized", years=(2022, 2022))
>>> breakdown(e, f, ("subject", "level"), "01")[["subject", "level", "value"]]
      subject     level  value
0  collective  province     12
1  individual  province      8
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from data_loaders.reference import vocabulary
from metrics.engine import per_version
from metrics.filters import Filter
from metrics.rules import NATION, resolve

if TYPE_CHECKING:
    from metrics.engine import Engine

DIMENSION_ORDER = {d: vocabulary.ids(d) for d in vocabulary.DIMENSIONS}


@dataclass(frozen=True)
class Distribution:
    """Parts of one figure. ``stated_total`` is the resolved total (``None`` if unknown)."""

    dim: str
    table: pd.DataFrame
    parts_total: int
    stated_total: int | None
    total_basis: str | None = None  # "children": the total adds up localities (metrics/RULES.md)

    @property
    def adds_up(self) -> bool:
        return self.stated_total is None or self.stated_total == self.parts_total


def order_key(dim: str, value: str) -> tuple[int, str]:
    """Sort key following the vocabulary's order (combinations after single values)."""
    ids = DIMENSION_ORDER.get(dim, [])
    if value in ids:
        return (ids.index(value), value)
    return (len(ids), value)


def _sorted(frame: pd.DataFrame, dims: Sequence[str]) -> pd.DataFrame:
    if frame.empty:
        return frame.reset_index(drop=True)
    keys = [
        frame[d].map(lambda v, d=d: order_key(d, str(v))) if d != "year" else frame[d] for d in dims
    ]
    order = sorted(range(len(frame)), key=lambda i: tuple(k.iloc[i] for k in keys))
    return frame.iloc[order].reset_index(drop=True)


@per_version
def distribution(
    engine: Engine,
    f: Filter,
    dim: str,
    target: str | None = None,
    *,
    total: pd.DataFrame | None = None,
) -> Distribution:
    """Split of ``f``'s figure for ``target`` (default: the filter's locality, else the nation).

    ``dim`` is a dimension or ``"year"`` (single-year figures only). ``total`` is
    the already resolved figure of ``target`` when the caller has it (saves a query).
    """
    code = target or f.locality or NATION
    parts = resolve(
        engine, f.replace(**{dim: None}) if dim != "year" else f, by=[dim], codes=[code]
    )
    parts = parts[parts["code"] == code]
    total_value: int | None = None
    total_basis: str | None = None
    if dim != "year":
        if total is None:
            total = resolve(engine, f, codes=[code])
        if len(total):
            total_value = int(total["value"].iloc[0])
            total_basis = str(total["basis"].iloc[0])
    table = _sorted(parts, [dim])[
        [dim, "value", "is_derived", "basis", "year_lo", "year_hi", "n_years"]
    ]
    s = int(table["value"].sum())
    table = table.assign(share=table["value"] / s if s else 0.0)
    return Distribution(dim, table, s, total_value, total_basis)


@per_version
def breakdown(
    engine: Engine, f: Filter, dims: Sequence[str], target: str | None = None
) -> pd.DataFrame:
    """Values by two (or more) dimensions, with each cell's share of the whole and of its group.

    Columns: ``<dims…>, value, share, share_in_group`` (the group is the first dimension).
    """
    code = target or f.locality or NATION
    free = {d: None for d in dims if d != "year"}
    table = resolve(engine, f.replace(**free), by=list(dims), codes=[code])
    table = _sorted(table[table["code"] == code], dims)
    if table.empty:
        return table.assign(share=[], share_in_group=[])
    total = table["value"].sum()
    group = table.groupby(dims[0])["value"].transform("sum")
    return table.assign(
        share=table["value"] / total if total else 0.0,
        share_in_group=(table["value"] / group.where(group > 0)).fillna(0.0),
    )
