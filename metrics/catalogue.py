"""The catalogue of named models and exemplars: diacritic-insensitive search, filters, pages.

The query is folded like ``models.name_key`` (:func:`data_loaders.reference.text.fold_key`),
so "camera an ninh", "Camera An Ninh" and "cámera an nình" find the same models,
and every word must appear (in any order). A query that is the name of a unit —
today's or a former one ("Phúc Thành", "Thành phố Ninh Bình") — also finds the
models of that unit and of the units inside it.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> page = search(tiny_engine(), CatalogueQuery(text="CAMERA an ninh"))
>>> page.total, page.rows["model_name"].tolist()
(2, ['Camera an ninh khu dân cư', 'Camera an ninh - mắt thần khu phố'])
>>> search(tiny_engine(), CatalogueQuery(text="camera", locality="01")).total
1
>>> search(tiny_engine(), CatalogueQuery(locality="002")).rows["model_name"].tolist()
['Dân vận khéo trong giải phóng mặt bằng', 'Tuyến phố văn minh']
>>> search(tiny_engine(), CatalogueQuery(text="Ba Đình")).rows["model_name"].tolist()
['Camera an ninh khu dân cư']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from data_loaders.reference.text import fold_key
from metrics import places
from metrics.engine import per_version
from metrics.filters import Filter, scope_sql

if TYPE_CHECKING:
    from metrics.engine import Engine

PAGE_SIZE = 25
COLUMNS = (
    "model_id, model_name, kind, owner_name, owner_type, locality_code, field, theme, "
    "year_start, year_end, model_status, recognition_level, source_id"
)


@dataclass(frozen=True)
class CatalogueQuery:
    """What to list: free text, a locality (with descendants) and exact filters."""

    text: str = ""
    locality: str | None = None
    boundary: str = "reported"
    field: str | None = None
    kind: str | None = None
    status: str | None = None
    years: tuple[int, int] | None = None
    page: int = 1
    page_size: int = PAGE_SIZE

    @classmethod
    def of(
        cls, f: Filter, text: str = "", status: str | None = None, page: int = 1
    ) -> CatalogueQuery:
        """The models of filter ``f`` (its place, boundary, field, kind and years) whose name
        holds ``text``, with ``status`` (any when ``None``): what the catalogue page lists."""
        return cls(
            text=text,
            locality=f.locality,
            boundary=f.boundary,
            field=f.field,
            kind=f.kind,
            status=status,
            years=f.years,
            page=page,
        )


@dataclass(frozen=True)
class Page:
    rows: pd.DataFrame
    total: int
    page: int
    pages: int


def _where(engine: Engine, q: CatalogueQuery) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if q.locality:
        cond, p = scope_sql(engine, [q.locality], q.boundary, "m")
        parts.append(cond)
        params += p
    words = fold_key(q.text).split()
    if words:
        named = " AND ".join(["contains(m.name_key, ?)"] * len(words))
        units = units_named(engine, q.text)
        if units:
            marks = ", ".join("?" * len(units))
            inside = " OR ".join(
                f"m.{c} IN ({marks})" for c in ("locality_code", "district_code", "province_code")
            )
            parts.append(f"(({named}) OR {inside})")
            params += [*words, *units, *units, *units]
        else:
            parts.append(f"({named})")
            params += words
    if q.field:
        parts.append("(m.field = ? OR contains(m.field, ?))")
        params += [q.field, q.field]
    if q.kind:
        parts.append("m.kind = ?")
        params.append(q.kind)
    if q.status:
        parts.append("m.model_status = ?")
        params.append(q.status)
    if q.years:
        parts.append("m.year_start <= ? AND coalesce(m.year_end, m.year_start) >= ?")
        params += [int(q.years[1]), int(q.years[0])]
    return (" AND ".join(parts) or "TRUE"), params


@per_version
def search(engine: Engine, q: CatalogueQuery) -> Page:
    """One page of models matching ``q`` (sorted by name), and how many match in all."""
    cond, params = _where(engine, q)
    total = int(engine.scalar(f"SELECT count(*) FROM models m WHERE {cond}", params) or 0)
    pages = max(1, -(-total // q.page_size))
    page = min(max(1, q.page), pages)
    rows = engine.sql(
        f"SELECT {COLUMNS} FROM models m WHERE {cond} ORDER BY m.name_key, m.model_id "
        f"LIMIT {int(q.page_size)} OFFSET {int((page - 1) * q.page_size)}",
        params,
    )
    names = places.labels(engine, list(rows["locality_code"]), q.boundary)
    rows.insert(6, "locality_name", rows["locality_code"].map(names).fillna(rows["locality_code"]))
    return Page(rows, total, page, pages)


def units_named(engine: Engine, text: str) -> list[str]:
    """Codes of the units (of any time, former ones included) whose name, with or without its
    unit type, is ``text`` (folded)."""
    key = fold_key(text)
    if not key:
        return []
    info = engine.localities
    short = engine.memo("short_keys", lambda: info["short_name"].map(fold_key))
    found = info.index[(info["name_key"] == key) | (short == key)].tolist()
    renamed = [
        code
        for code, olds in places.renamed_units().items()
        if code in info.index and any(key in (fold_key(n), places.short_key(n)) for n in olds)
    ]
    return list(dict.fromkeys([*found, *renamed]))


TIER_COLUMNS = ("province_code", "district_code", "locality_code", "current_province_code")


def _models_where(
    engine: Engine, f: Filter, tier_column: str, text: str = "", status: str | None = None
) -> tuple[str, list]:
    """The condition on named models that the sidebar's filter ``f`` and the page's search
    (``text``, ``status``) select — the models the page's table lists — for counts and their
    sources by ``tier_column`` (one of :data:`TIER_COLUMNS`)."""
    if tier_column not in TIER_COLUMNS:
        raise ValueError(tier_column)
    return _where(engine, CatalogueQuery.of(f, text, status))


def counts_by_locality(
    engine: Engine,
    f: Filter,
    tier_column: str = "province_code",
    text: str = "",
    status: str | None = None,
) -> pd.DataFrame:
    """Number of named models per unit (``tier_column``: ``province_code``, ``district_code``,
    ``locality_code`` or ``current_province_code``) among those :func:`search` finds for the
    same filter, ``text`` and ``status``."""
    cond, params = _models_where(engine, f, tier_column, text, status)
    return engine.sql(
        f"SELECT m.{tier_column} AS code, count(*) AS models FROM models m WHERE {cond} "
        f"AND m.{tier_column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC",
        params,
    )


def sources_by_locality(
    engine: Engine,
    f: Filter,
    tier_column: str,
    codes: list[str] | tuple[str, ...],
    text: str = "",
    status: str | None = None,
) -> pd.DataFrame:
    """The sources of the named models counted by :func:`counts_by_locality` for ``codes``:
    ``source_id, title, outlet, url, published, is_synthetic, figures`` (models listed)."""
    cond, params = _models_where(engine, f, tier_column, text, status)
    return engine.sql(
        "SELECT s.source_id, s.title, s.outlet, s.url, s.published, s.is_synthetic, "
        f"count(*) AS figures FROM models m JOIN sources s ON s.source_id = m.source_id "
        f"WHERE {cond} AND list_contains(?, m.{tier_column}) "
        "GROUP BY s.source_id, s.title, s.outlet, s.url, s.published, s.is_synthetic "
        "ORDER BY figures DESC, coalesce(s.published, '') DESC, s.source_id",
        [*params, list(codes)],
    )
