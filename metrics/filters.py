"""What a question is about: locality (with descendants), period, metric and dimensions.

A :class:`Filter` is frozen and hashable, so it doubles as a cache key. Its
:func:`where` clause is shared by every question family.

Periods: a tally belongs to a selected range ``[y0, y1]`` when its whole period
lies inside it (a 2009–2024 figure is not part of "2022"). The two phases of the
movement are :data:`PHASES`.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> engine = tiny_engine()
>>> f = Filter(metric="models_registered", years=(2022, 2022), locality="01")
>>> rows = tallies(engine, f)
>>> sorted(rows["locality_code"].unique())
['00001', '00002', '002', '01']
>>> phase_of((2016, 2020))
'2016-2020'
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from metrics.engine import Engine

DIMENSIONS: tuple[str, ...] = ("kind", "field", "theme", "subject", "level", "award")
PHASES: dict[str, tuple[int, int]] = {"2016-2020": (2016, 2020), "2021-2025": (2021, 2025)}
BOUNDARIES: tuple[str, ...] = ("reported", "current")
TIERS_BELOW: dict[str, tuple[str, ...]] = {
    "province": ("province", "district", "commune"),
    "district": ("district", "commune"),
    "commune": ("commune",),
    "unit": ("unit",),
}


@dataclass(frozen=True)
class Filter:
    """One selection of tallies. ``None`` means "not restricted" for every field.

    ``boundary="current"`` reads a 2025 province (code ``N..``) as everything
    that now lies in it, old units included (roll-up via ``current_province_code``).
    """

    metric: str = "models_registered"
    years: tuple[int, int] | None = None
    locality: str | None = None
    kind: str | None = None
    field: str | None = None
    theme: str | None = None
    subject: str | None = None
    level: str | None = None
    award: str | None = None
    boundary: str = "reported"
    include_candidates: bool = False

    def replace(self, **changes: Any) -> Filter:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def fixed(self) -> dict[str, str]:
        """The dimensions this filter pins to one value."""
        return {d: getattr(self, d) for d in DIMENSIONS if getattr(self, d) is not None}

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def phase_of(years: tuple[int, int] | None) -> str | None:
    """The phase name when ``years`` is exactly a phase."""
    for name, span in PHASES.items():
        if years == span:
            return name
    return None


def scope_sql(
    engine: Engine, codes: list[str] | tuple[str, ...], boundary: str, alias: str = "t"
) -> tuple[str, list[Any]]:
    """SQL condition selecting rows of these localities and everything below them.

    Conditions are grouped by province with an equality on the province column
    first: DuckDB skips most Parquet pages on an equality, not on an ``IN`` list.
    Unknown codes select nothing (never everything).
    """
    info = engine.localities
    groups: dict[tuple[str, str], dict[str, list[str]]] = {}
    for code in codes:
        if code not in info.index:
            continue
        row = info.loc[code]
        current = boundary == "current" and row["tier"] == "province" and row["era"] == "2025"
        key = (
            ("current_province_code", code) if current else ("province_code", row["province_code"])
        )
        inner = groups.setdefault(key, {})
        if row["tier"] == "province":
            inner["*"] = []
        elif row["tier"] == "district":
            inner.setdefault("district_code", []).append(code)
        else:
            inner.setdefault("locality_code", []).append(code)
    parts: list[str] = []
    params: list[Any] = []
    for (column, value), inner in groups.items():
        cond = f"{alias}.{column} = ?"
        params.append(value)
        if "*" not in inner:
            subs = []
            for col, values in inner.items():
                subs.append(f"{alias}.{col} IN ({', '.join('?' * len(values))})")
                params += values
            cond += " AND (" + " OR ".join(subs) + ")"
        parts.append(f"({cond})")
    if not parts:
        return "FALSE", []
    return "(" + " OR ".join(parts) + ")", params


def where(
    engine: Engine,
    f: Filter,
    alias: str = "t",
    *,
    dims: bool = True,
    metric: bool = True,
    period: bool = True,
    scope: bool = True,
    status: bool = True,
) -> tuple[str, list[Any]]:
    """The SQL ``WHERE`` condition (and its parameters) of ``f`` on ``tallies``.

    Switch parts off to reuse the rest (e.g. ``metric=False`` for the funnel).
    """
    parts: list[str] = []
    params: list[Any] = []
    if status and not f.include_candidates:
        parts.append(f"{alias}.status = 'confirmed'")
    if metric and f.metric:
        parts.append(f"{alias}.metric = ?")
        params.append(f.metric)
    if period and f.years is not None:
        parts.append(f"{alias}.year_start >= ? AND {alias}.year_end <= ?")
        params += [int(f.years[0]), int(f.years[1])]
    if scope and f.locality:
        cond, p = scope_sql(engine, [f.locality], f.boundary, alias)
        parts.append(cond)
        params += p
    if dims:
        for dim, value in f.fixed().items():
            parts.append(f"{alias}.{dim} = ?")
            params.append(value)
    return (" AND ".join(parts) or "TRUE"), params


def tallies(engine: Engine, f: Filter, limit: int | None = 5000) -> pd.DataFrame:
    """The stated tallies matching ``f``, with locality and source names (for tables).

    Only use for small selections (a table shown to a person): ``limit`` caps it.
    """
    cond, params = where(engine, f)
    sql = (
        "SELECT t.tally_id, t.locality_code, l.name AS locality_name, t.locality_tier, "
        "t.province_code, t.year_start, t.year_end, t.metric, t.kind, t.field, t.theme, "
        "t.subject, t.level, t.award, t.value, t.is_derived, t.source_id, s.title AS source_title, "
        "s.published, t.quote, t.status, t.note "
        "FROM tallies t LEFT JOIN localities l ON l.locality_code = t.locality_code "
        "LEFT JOIN sources s ON s.source_id = t.source_id "
        f"WHERE {cond} ORDER BY t.year_start, t.year_end, t.locality_code, t.metric, t.tally_id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return engine.sql(sql, params)


def year_bounds(engine: Engine) -> tuple[int, int] | None:
    """First and last year that any confirmed tally covers."""
    row = engine.sql(
        "SELECT min(year_start) AS lo, max(year_end) AS hi FROM tallies WHERE status = 'confirmed'"
    )
    if row.empty or pd.isna(row["lo"].iloc[0]):
        return None
    return int(row["lo"].iloc[0]), int(row["hi"].iloc[0])


def profile(engine: Engine) -> dict[str, dict[str, list[str]]]:
    """Per metric, the values each dimension takes in confirmed tallies (once per data version).

    Used to offer only meaningful choices and to skip aggregation steps over a
    dimension that has one value.

    >>> from metrics.testing import tiny_engine
    >>> profile(tiny_engine())["models_recognized"]["subject"]
    ['all', 'collective', 'individual']
    """

    def build() -> dict[str, dict[str, list[str]]]:
        cols = ", ".join(f"list(DISTINCT {d}) AS {d}" for d in DIMENSIONS)
        frame = engine.sql(
            f"SELECT metric, {cols}, min(year_start) AS year_lo, max(year_end) AS year_hi "
            "FROM tallies WHERE status = 'confirmed' GROUP BY metric"
        )
        out: dict[str, dict[str, list[str]]] = {}
        for row in frame.to_dict("records"):
            out[row["metric"]] = {d: sorted(row[d]) for d in DIMENSIONS}
            out[row["metric"]]["years"] = [int(row["year_lo"]), int(row["year_hi"])]
        return out

    return engine.memo("profile", build)
