"""Synthetic tallies, vectorised over *reports* (one unit reporting for one period).

Every report states a total of models registered; many also state registrants,
recognitions at one or more levels, commendations, nominations, themes and (for
provinces) contest results. Each such figure is a *cross table* over kind × field
× subject whose margins add up exactly; a report states some slice of it (the total
alone, the four fields, the full table …), chosen by the unit's habit of detail.
A small share of stated totals is deliberately off their breakdown, so that the
quality checks have something to find.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from data_loaders.demo.space import (
    COMMUNE,
    DISTRICT,
    ERA2025,
    PRE2025,
    PROVINCE,
    TIERS,
    Period,
    Units,
    days,
    dict_array,
    take,
)
from data_loaders.reference import vocabulary
from data_loaders.storage import schema

DIMENSIONS = ("metric", "kind", "field", "theme", "subject", "level", "award")
VOCAB: dict[str, list[str]] = {d: vocabulary.ids(d) for d in DIMENSIONS}
NOTES = (
    "Dữ liệu mô phỏng (synthetic)",
    "Dữ liệu mô phỏng (synthetic); tổng cố ý lệch so với chi tiết",
)
BAD_NOTE = 1
BAD_SHARE = 0.03  # share of stated totals with a breakdown that do not add up
FIELD_ALPHA = np.array([3.0, 3.5, 2.0, 1.5])  # economy, culture, defence, political system


def code(dimension: str, term: str) -> int:
    return VOCAB[dimension].index(term)


# Axes of a cross table: kind (model, exemplar, any) × field (4 + all) × subject (2 + all).
KIND_CODES = np.array([code("kind", k) for k in ("model", "exemplar", "any")], np.int8)
FIELD_CODES = np.array(
    [
        code("field", f)
        for f in ("economy", "culture_society", "defense_security", "political_system", "all")
    ],
    np.int8,
)
SUBJECT_CODES = np.array([code("subject", s) for s in ("collective", "individual", "all")], np.int8)
ANY, ALL_FIELDS, ALL = 2, 4, 2


def _cells(kinds: range | tuple, fields_: range | tuple, subjects: range | tuple) -> np.ndarray:
    return np.array([k * 15 + f * 3 + s for k in kinds for f in fields_ for s in subjects])


GRAND = ANY * 15 + ALL_FIELDS * 3 + ALL  # flat cell of the stated total
PATTERNS: dict[str, np.ndarray] = {
    "total": _cells((ANY,), (ALL_FIELDS,), (ALL,)),
    "fields": _cells((ANY,), range(5), (ALL,)),
    "subjects": _cells((ANY,), (ALL_FIELDS,), range(3)),
    "kinds": _cells(range(3), (ALL_FIELDS,), (ALL,)),
    "fields_subjects": np.concatenate(
        [_cells((ANY,), range(5), (ALL,)), _cells((ANY,), (ALL_FIELDS,), range(2))]
    ),
    "field_by_subject": _cells((ANY,), range(5), range(3)),
    "kind_by_field": _cells(range(3), range(5), (ALL,)),
    "full": _cells(range(3), range(5), range(3)),
}


@dataclass(frozen=True)
class Breakdown:
    """Chances of each stated slice for the least (low) and most (high) detailed reporter."""

    low: dict[str, float]
    high: dict[str, float]

    def names(self) -> list[str]:
        return list(dict.fromkeys([*self.low, *self.high]))


REGISTERED = Breakdown(
    {"total": 0.5, "fields": 0.3, "subjects": 0.05, "kinds": 0.15},
    {
        "total": 0.02,
        "fields": 0.1,
        "fields_subjects": 0.06,
        "kinds": 0.02,
        "kind_by_field": 0.2,
        "full": 0.6,
    },
)
RECOGNIZED = Breakdown(
    {"total": 0.55, "fields": 0.3, "kinds": 0.15},
    {"total": 0.03, "fields": 0.12, "kind_by_field": 0.25, "full": 0.6},
)
REGISTRANTS = Breakdown(
    {"total": 0.35, "subjects": 0.5, "fields": 0.15},
    {"total": 0.03, "subjects": 0.17, "fields_subjects": 0.2, "field_by_subject": 0.6},
)
COMMENDATIONS = Breakdown(
    {"total": 0.5, "subjects": 0.4, "fields": 0.1},
    {"total": 0.05, "subjects": 0.25, "fields_subjects": 0.2, "field_by_subject": 0.5},
)
NOMINATIONS = Breakdown({"total": 0.8, "fields": 0.2}, {"total": 0.2, "fields": 0.4, "kinds": 0.4})


@dataclass
class Reports:
    """One entry per (unit, period) that reports."""

    unit: np.ndarray  # int32
    period: np.ndarray  # int16
    registered: np.ndarray  # int64: stated total of models registered
    detail: np.ndarray  # float 0..1

    def __len__(self) -> int:
        return len(self.unit)


@dataclass
class Rows:
    """Tally rows as vocabulary codes; ``report`` indexes :class:`Reports`."""

    report: np.ndarray
    metric: np.ndarray
    kind: np.ndarray
    field: np.ndarray
    theme: np.ndarray
    subject: np.ndarray
    level: np.ndarray
    award: np.ndarray
    value: np.ndarray
    note: np.ndarray

    def __len__(self) -> int:
        return len(self.report)

    @classmethod
    def concat(cls, chunks: list[Rows]) -> Rows:
        return cls(
            **{f.name: np.concatenate([getattr(c, f.name) for c in chunks]) for f in fields(cls)}
        )


def make_rows(report: np.ndarray, value: np.ndarray, **terms: str | np.ndarray) -> Rows:
    """Rows for ``report``; each dimension given as an id (for all rows) or an array of codes."""
    n = len(report)
    defaults = {"kind": "any", "field": "all", "theme": "none", "subject": "all"}
    defaults |= {"level": "none", "award": "none"}
    columns: dict[str, np.ndarray] = {}
    for dim in DIMENSIONS:
        term = terms.get(dim, defaults.get(dim))
        if isinstance(term, str):
            columns[dim] = np.full(n, code(dim, term), np.int8)
        else:
            columns[dim] = np.asarray(term, np.int8)
    note = np.asarray(terms.get("note", np.zeros(n, np.int8)), np.int8)
    return Rows(
        report=report.astype(np.int32),
        value=value.astype(np.int64),
        note=note,
        **columns,
    )


# -- which units report when ------------------------------------------------------------------
def select_reports(units: Units, periods: list[Period], rng: np.random.Generator) -> Reports:
    """Reports of every era: regular units report most periods, others few or none."""
    chunks: list[tuple[np.ndarray, np.ndarray]] = []
    for era in (PRE2025, ERA2025):
        unit_ids = np.nonzero((units.era == era) & (units.propensity > 0))[0]
        period_ids = np.array([i for i, p in enumerate(periods) if p.era == era])
        reporting = np.array([periods[i].reporting for i in period_ids])
        phase = np.array([periods[i].kind == "phase" for i in period_ids])
        tier = units.tier[unit_ids]
        propensity = units.propensity[unit_ids][:, None]
        upper = (tier < COMMUNE)[:, None]
        chance = propensity * np.where(upper, reporting**0.3, reporting)
        phase_chance = (
            propensity
            * np.select([tier == PROVINCE, tier == DISTRICT], [0.95, 0.75], 0.15)[:, None]
        )
        chance = np.where(phase[None, :], phase_chance, chance)
        hit_u, hit_p = np.nonzero(rng.random(chance.shape) < chance)
        chunks.append((unit_ids[hit_u], period_ids[hit_p]))
    unit = np.concatenate([c[0] for c in chunks]).astype(np.int32)
    period = np.concatenate([c[1] for c in chunks]).astype(np.int16)
    activity = np.array([p.activity for p in periods])[period]
    reporting = np.array([p.reporting for p in periods])[period]
    mean = units.activity[unit] * activity * rng.lognormal(0.0, 0.3, len(unit))
    registered = rng.poisson(mean) + 1
    detail = np.clip(units.detail[unit] * (0.55 + 0.45 * reporting), 0.0, 1.0)
    return Reports(unit, period, registered.astype(np.int64), detail)


# -- cross tables -------------------------------------------------------------------------------
def split_counts(rng: np.random.Generator, totals: np.ndarray) -> np.ndarray:
    """A (n, 3, 5, 3) table over kind × field × subject with exact margins (index 2/4/2)."""
    n = len(totals)
    field_share = rng.dirichlet(FIELD_ALPHA, size=n)
    model_share = rng.beta(8.0, 2.5, n)
    collective = rng.beta(6.0, 4.0, n)
    kinds = np.stack([model_share, 1 - model_share], axis=1)
    subjects = np.stack([collective, 1 - collective], axis=1)
    p = kinds[:, :, None, None] * field_share[:, None, :, None] * subjects[:, None, None, :]
    p = p.reshape(n, 16)
    p /= p.sum(axis=1, keepdims=True)
    core = rng.multinomial(totals, p).reshape(n, 2, 4, 2)
    table = np.zeros((n, 3, 5, 3), np.int64)
    table[:, :2, :4, :2] = core
    table[:, :2, :4, 2] = core.sum(axis=3)
    table[:, :2, 4, :] = table[:, :2, :4, :].sum(axis=2)
    table[:, 2, :, :] = table[:, :2, :, :].sum(axis=1)
    return table.reshape(n, 45)


def choose_patterns(
    rng: np.random.Generator, detail: np.ndarray, breakdown: Breakdown
) -> tuple[list[str], np.ndarray]:
    names = breakdown.names()
    low = np.array([breakdown.low.get(n, 0.0) for n in names])
    high = np.array([breakdown.high.get(n, 0.0) for n in names])
    weights = (1 - detail)[:, None] * low[None, :] + detail[:, None] * high[None, :]
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    chosen = (rng.random(len(detail))[:, None] > cumulative).sum(axis=1)
    return names, np.minimum(chosen, len(names) - 1)


def spoil_totals(rng: np.random.Generator, table: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Move the stated total off its breakdown for a few eligible reports; returns the mask."""
    bad = eligible & (rng.random(len(table)) < BAD_SHARE)
    total = table[bad, GRAND]
    step = rng.integers(1, np.maximum(2, total // 10 + 2))
    sign = np.where(rng.random(len(total)) < 0.5, -1, 1)
    moved = total + sign * step
    table[bad, GRAND] = np.where(moved < 0, total + step, moved)
    return bad


def cross_rows(
    rng: np.random.Generator,
    report: np.ndarray,
    totals: np.ndarray,
    detail: np.ndarray,
    breakdown: Breakdown,
    **terms: str | np.ndarray,
) -> Rows:
    """Rows of one metric for ``report``: a slice of each report's cross table."""
    table = split_counts(rng, totals)
    names, pattern = choose_patterns(rng, detail, breakdown)
    bad = spoil_totals(rng, table, pattern != names.index("total"))
    per_report = {k: v for k, v in terms.items() if not isinstance(v, str)}
    fixed = {k: v for k, v in terms.items() if isinstance(v, str)}
    chunks = []
    for index, name in enumerate(names):
        sel = np.nonzero(pattern == index)[0]
        if not len(sel):
            continue
        cells = PATTERNS[name]
        width = len(cells)
        values = table[np.ix_(sel, cells)].ravel()
        note = (bad[sel][:, None] & (cells == GRAND)[None, :]).ravel().astype(np.int8)
        cell_terms = {
            "kind": np.tile(KIND_CODES[cells // 15], len(sel)),
            "field": np.tile(FIELD_CODES[(cells // 3) % 5], len(sel)),
            "subject": np.tile(SUBJECT_CODES[cells % 3], len(sel)),
        }
        repeated = {k: np.repeat(v[sel], width) for k, v in per_report.items()}
        chunks.append(
            make_rows(
                np.repeat(report[sel], width),
                values,
                **fixed,
                **repeated,
                **cell_terms,
                note=note,
            )
        )
    return Rows.concat(chunks)


# -- the figures of each report ---------------------------------------------------------------
OWN_LEVEL = ("province", "district", "commune")
# (reporting tier, level recognised, mean share of registered models, chance it is stated)
RECOGNITIONS: tuple[tuple[int, str, float, float], ...] = (
    (COMMUNE, "commune", 0.5, 0.85),
    (COMMUNE, "district", 0.12, 0.45),
    (COMMUNE, "province", 0.04, 0.3),
    (DISTRICT, "district", 0.22, 0.9),
    (DISTRICT, "commune", 0.45, 0.6),
    (DISTRICT, "province", 0.05, 0.45),
    (PROVINCE, "province", 0.1, 0.95),
    (PROVINCE, "district", 0.2, 0.6),
    (PROVINCE, "commune", 0.4, 0.6),
    (PROVINCE, "central", 0.006, 0.25),
)
# (reporting tier, level, award, mean share of own-level recognitions, chance it is stated)
COMMENDATION_LEVELS: tuple[tuple[int, str, str, float, float], ...] = (
    (COMMUNE, "commune", "giay_khen", 0.4, 0.6),
    (COMMUNE, "district", "giay_khen", 0.12, 0.35),
    (COMMUNE, "province", "bang_khen", 0.04, 0.2),
    (DISTRICT, "district", "giay_khen", 0.4, 0.7),
    (DISTRICT, "province", "bang_khen", 0.1, 0.45),
    (PROVINCE, "province", "bang_khen", 0.4, 0.85),
)
THEME_CHANCE: dict[str, float] = {
    "new_rural": 0.35,
    "urban": 0.3,
    "covid": 0.55,
    "digital": 0.4,
    "land": 0.15,
    "environment": 0.25,
    "other": 0.05,
}


def share(rng: np.random.Generator, mean: float, n: int, concentration: float = 20.0) -> np.ndarray:
    """``n`` random shares around ``mean`` (beta distributed)."""
    return rng.beta(mean * concentration, (1 - mean) * concentration, n)


def report_rows(
    rng: np.random.Generator, units: Units, periods: list[Period], reports: Reports
) -> Rows:
    """Every tally row of every report."""
    n = len(reports)
    every = np.arange(n)
    tier = units.tier[reports.unit]
    era = units.era[reports.unit]
    registered, detail = reports.registered, reports.detail
    chunks = [cross_rows(rng, every, registered, detail, REGISTERED, metric="models_registered")]

    stated = rng.random(n) < 0.8
    registrants = rng.binomial(registered[stated], share(rng, 0.9, int(stated.sum())))
    chunks.append(
        cross_rows(
            rng, every[stated], registrants, detail[stated], REGISTRANTS, metric="registrants"
        )
    )
    own = np.zeros(n, np.int64)
    for unit_tier, level, mean, chance in RECOGNITIONS:
        candidates = (tier == unit_tier) & ~((level == "district") & (era == ERA2025))
        values = rng.binomial(registered, share(rng, mean, n))
        if level == OWN_LEVEL[unit_tier]:
            own = np.where(candidates, values, own)
        sel = candidates & (rng.random(n) < chance)
        chunks.append(
            cross_rows(
                rng,
                every[sel],
                values[sel],
                detail[sel],
                RECOGNIZED,
                metric="models_recognized",
                level=level,
            )
        )
    chunks += commendation_rows(rng, every, tier, era, own, detail)
    chunks.append(theme_rows(rng, units, periods, reports))
    chunks.append(contest_rows(rng, units, periods, reports))
    return Rows.concat(chunks)


def commendation_rows(
    rng: np.random.Generator,
    every: np.ndarray,
    tier: np.ndarray,
    era: np.ndarray,
    recognized: np.ndarray,
    detail: np.ndarray,
) -> list[Rows]:
    """Commendations at the report's own and higher levels, and nominations upwards."""
    n = len(every)
    chunks = []
    for unit_tier, level, award, mean, chance in COMMENDATION_LEVELS:
        sel = (tier == unit_tier) & ~((level == "district") & (era == ERA2025))
        sel &= rng.random(n) < chance
        commended = rng.binomial(recognized[sel], share(rng, mean, int(sel.sum()), 10.0))
        chunks.append(
            cross_rows(
                rng,
                every[sel],
                commended,
                detail[sel],
                COMMENDATIONS,
                metric="commendations",
                level=level,
                award=award,
            )
        )
    central = (tier == PROVINCE) & (rng.random(n) < 0.25)
    chunks.append(
        make_rows(
            every[central],
            rng.poisson(2.0, int(central.sum())) + 1,
            metric="commendations",
            level="central",
            award="bang_khen",
        )
    )
    up = np.array(
        [[code("level", "central"), code("level", "province"), code("level", "district")]] * 2
    )
    up[ERA2025, COMMUNE] = code("level", "province")
    sel = rng.random(n) < 0.55
    nominated = rng.binomial(recognized, share(rng, 0.25, n, 10.0))
    chunks.append(
        cross_rows(
            rng,
            every[sel],
            nominated[sel],
            detail[sel],
            NOMINATIONS,
            metric="nominations",
            level=up[era[sel], tier[sel]],
        )
    )
    return chunks


def _theme_chance(theme: str, period: Period, urban: np.ndarray) -> np.ndarray:
    first, last = period.start.year, period.end.year
    chance = np.full(len(urban), THEME_CHANCE[theme])
    if theme == "covid" and (last < 2020 or first > 2022):
        chance[:] = 0.0
    elif theme == "digital":
        chance *= float(np.clip((last - 2018) / 5, 0.0, 1.0))
    elif theme == "urban":
        chance = np.where(urban, chance, 0.03)
    elif theme == "new_rural":
        chance = np.where(urban, 0.05, chance)
    return chance


def theme_rows(
    rng: np.random.Generator, units: Units, periods: list[Period], reports: Reports
) -> Rows:
    """ "Of which" figures for named themes (subsets of the registered total)."""
    n = len(reports)
    urban = units.urban[reports.unit]
    names_themes = rng.random(n) < 0.3 + 0.5 * reports.detail
    chunks = []
    for theme in THEME_CHANCE:
        chance = np.zeros(n)
        for index, period in enumerate(periods):
            at = reports.period == index
            chance[at] = _theme_chance(theme, period, urban[at])
        sel = names_themes & (rng.random(n) < chance)
        values = rng.binomial(reports.registered[sel], share(rng, 0.18, int(sel.sum()), 8.0))
        chunks.append(
            make_rows(np.nonzero(sel)[0], values, metric="models_registered", theme=theme)
        )
    return Rows.concat(chunks)


def contest_rows(
    rng: np.random.Generator, units: Units, periods: list[Period], reports: Reports
) -> Rows:
    """Province contests: entries and prizes A/B/C, at province level."""
    yearly = np.array([p.kind != "phase" for p in periods])[reports.period]
    sel = np.nonzero((units.tier[reports.unit] == PROVINCE) & yearly)[0]
    sel = sel[rng.random(len(sel)) < 0.4]
    scale = units.activity[reports.unit[sel]]
    entries = rng.poisson(scale * rng.uniform(0.3, 2.0, len(sel))) + 20
    chunks = [make_rows(sel, entries, metric="contest_entries", level="province")]
    for award, mean in (("prize_a", 1.5), ("prize_b", 2.5), ("prize_c", 4.0)):
        prizes = rng.poisson(mean, len(sel)) + 1
        chunks.append(
            make_rows(sel, prizes, metric="contest_prizes", level="province", award=award)
        )
    return Rows.concat(chunks)


# -- the arrow table ----------------------------------------------------------------------------
def source_keys(units: Units, reports: Reports, n_periods: int) -> np.ndarray:
    """One integer per report naming its source: (province unit, period, tier)."""
    province = units.province[reports.unit].astype(np.int64)
    return (province * n_periods + reports.period) * len(TIERS) + units.tier[reports.unit]


def tallies_table(
    rows: Rows,
    units: Units,
    periods: list[Period],
    reports: Reports,
    report_source: np.ndarray,
    source_ids: list[str],
) -> pa.Table:
    """The tallies table; ``report_source`` gives each report's position in ``source_ids``."""
    n = len(rows)
    unit = reports.unit[rows.report]
    period = reports.period[rows.report]
    start = np.array([days(p.start) for p in periods], np.int32)[period]
    end = np.array([days(p.end) for p in periods], np.int32)[period]
    serial = pc.utf8_lpad(pa.array(np.arange(1, n + 1)).cast(pa.string()), 9, "0")
    columns: dict[str, pa.Array] = {
        "tally_id": pc.binary_join_element_wise("demo-t", serial, ""),
        "locality_code": take(units.code, unit),
        "locality_tier": dict_array(units.tier[unit], schema.TIERS),
        "province_code": take(units.province_code, unit),
        "district_code": take(units.district_code, unit),
        "current_province_code": take(units.current_province_code, unit),
        "period_start": pa.array(start).cast(pa.date32()),
        "period_end": pa.array(end).cast(pa.date32()),
        "year_start": pa.array(np.array([p.start.year for p in periods], np.int16)[period]),
        "year_end": pa.array(np.array([p.end.year for p in periods], np.int16)[period]),
        **{dim: dict_array(getattr(rows, dim), VOCAB[dim]) for dim in DIMENSIONS},
        "value": pa.array(rows.value),
        "is_derived": pa.array(np.zeros(n, bool)),
        "source_id": take(source_ids, report_source[rows.report]),
        "quote": pa.nulls(n, pa.string()),
        "status": dict_array(np.zeros(n, np.int8), schema.STATUSES),
        "note": take(NOTES, rows.note),
    }
    return pa.Table.from_arrays(
        [columns[c] for c in schema.TABLES["tallies"]], schema=schema.schema("tallies")
    )
