"""The space the synthetic data lives in: scales, reporting units, periods, arrow helpers.

Every array here is indexed by a *unit* (one official locality of either era) or
by a *period*; the tally and model generators only draw random numbers over
these arrays, never loop over rows in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from data_loaders.reference.localities import NEW_PREFIX, OLD_VALID_TO

TIERS = ("province", "district", "commune")
PROVINCE, DISTRICT, COMMUNE = 0, 1, 2
PRE2025, ERA2025 = 0, 1
ERAS = ("pre2025", "2025")
EPOCH = date(1970, 1, 1)
URBAN_TYPES = frozenset({"Phường", "Quận", "Thị xã", "Thị trấn"})


@dataclass(frozen=True)
class Scale:
    """How much synthetic data to make."""

    name: str
    provinces: tuple[str, ...] | None  # pre-2025 province codes; None = the whole country
    commune_share: float  # share of communes that report at all
    detail: float  # 0..1 multiplier of the chance of detailed breakdowns
    models: int  # model rows to write


SCALES: dict[str, Scale] = {
    # Bắc Kạn, Hà Nam, Ninh Bình and their 2025 successors (Thái Nguyên, Ninh Bình)
    "small": Scale("small", ("06", "35", "37"), 0.06, 0.25, 3_000),
    "national": Scale("national", None, 1.0, 1.0, 1_050_000),
}


@dataclass
class Units:
    """Reporting units (official localities of both eras), one array entry per unit."""

    code: np.ndarray  # locality_code (object)
    name: np.ndarray  # name with its type prefix
    short_name: np.ndarray
    unit_type: np.ndarray
    tier: np.ndarray  # int8: PROVINCE, DISTRICT, COMMUNE
    era: np.ndarray  # int8: PRE2025, ERA2025
    parent: np.ndarray  # int32 index of the parent unit, -1 for provinces
    province: np.ndarray  # int32 index of the unit's own province (itself for provinces)
    province_code: np.ndarray
    district_code: np.ndarray  # object, None where the unit has no district
    current_province_code: np.ndarray
    region: np.ndarray  # int8: 0 north lowland, 1 north mountains, 2 centre, 3 south
    urban: np.ndarray  # bool
    size: np.ndarray  # float: communes of the unit's province / national median
    activity: np.ndarray  # float: expected models registered in a peak year
    propensity: np.ndarray  # float 0..1: how regularly the unit reports
    detail: np.ndarray  # float 0..1: how detailed its reports are

    def __len__(self) -> int:
        return len(self.code)


@dataclass(frozen=True)
class Period:
    """One reporting period of one era."""

    label: str  # part of source ids: 2019, 2025-h1, 2016-2020
    text: str  # Vietnamese, for source titles
    era: int
    kind: str  # year, half or phase
    start: date
    end: date
    activity: float  # expected models relative to a peak year
    reporting: float  # chance that a regular unit reports for it
    published: str  # when such a report comes out (YYYY-MM)


# -- arrow helpers ---------------------------------------------------------------------------
def dict_array(codes: np.ndarray, values: Sequence[str]) -> pa.DictionaryArray:
    """A dictionary<int32, string> array: ``values[codes]``."""
    return pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(codes, dtype=np.int32)), pa.array(list(values), pa.string())
    )


def take(values: Sequence[str | None] | np.ndarray, index: np.ndarray) -> pa.Array:
    """A string array ``values[index]`` built by arrow (no per-row Python objects)."""
    return pa.array(list(values), pa.string()).take(pa.array(np.asarray(index, dtype=np.int64)))


def days(d: date) -> int:
    return (d - EPOCH).days


def code_positions(values: Sequence[str], wanted: Sequence[str]) -> list[int]:
    """Positions of ``wanted`` ids in ``values`` (a vocabulary order)."""
    where = {v: i for i, v in enumerate(values)}
    return [where[w] for w in wanted]


# -- periods --------------------------------------------------------------------------------
def year_activity(year: float) -> float:
    """Growth of the movement: modest from 2010, near its peak from about 2019."""
    return 0.3 + 0.7 / (1 + np.exp(-(year - 2015) / 1.8))


def year_reporting(year: float) -> float:
    """Share of regular units whose yearly report exists (fewer in the early years)."""
    return 0.3 + 0.65 / (1 + np.exp(-(year - 2014) / 1.5))


def build_periods() -> list[Period]:
    """Years 2010–2024, H1 2025 and two phases (pre-2025 units); H2 2025 and 2026 (2025 units)."""
    periods = [
        Period(
            str(y),
            f"năm {y}",
            PRE2025,
            "year",
            date(y, 1, 1),
            date(y, 12, 31),
            year_activity(y),
            year_reporting(y),
            f"{y}-11",
        )
        for y in range(2010, 2025)
    ]
    periods += [
        Period(
            "2025-h1",
            "6 tháng đầu năm 2025",
            PRE2025,
            "half",
            date(2025, 1, 1),
            date(2025, 6, 30),
            0.5 * year_activity(2025),
            0.6,
            "2025-06",
        ),
        Period(
            "2016-2020",
            "giai đoạn 2016–2020",
            PRE2025,
            "phase",
            date(2016, 1, 1),
            date(2020, 12, 31),
            0.9 * sum(year_activity(y) for y in range(2016, 2021)),
            0.6,
            "2020-10",
        ),
        Period(
            "2021-2025",
            "giai đoạn 2021–2025 (đến 30/6/2025)",
            PRE2025,
            "phase",
            date(2021, 1, 1),
            date(2025, 6, 30),
            0.9 * (sum(year_activity(y) for y in range(2021, 2025)) + 0.5 * year_activity(2025)),
            0.6,
            "2025-06",
        ),
        Period(
            "2025-h2",
            "6 tháng cuối năm 2025",
            ERA2025,
            "half",
            date(2025, 7, 1),
            date(2025, 12, 31),
            0.5 * year_activity(2025),
            0.75,
            "2025-12",
        ),
        Period(
            "2026",
            "năm 2026",
            ERA2025,
            "year",
            date(2026, 1, 1),
            date(2026, 12, 31),
            year_activity(2026),
            0.85,
            "2026-11",
        ),
    ]
    return periods


# -- units ----------------------------------------------------------------------------------
def select_localities(localities: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """Provinces, districts and communes of both eras that the scale covers."""
    table = localities[localities["tier"].isin(TIERS)]
    table = table[table["valid_to"].isna() | (table["valid_to"] >= OLD_VALID_TO)]  # no history
    if scale.provinces is None:
        return table.reset_index(drop=True)
    old = table[(table["era"] == "pre2025") & table["province_code"].isin(scale.provinces)]
    new_provinces = set(old["current_province_code"])
    new = table[(table["era"] == "2025") & table["province_code"].isin(new_provinces)]
    return pd.concat([old, new], ignore_index=True)


def _region(province_code: pd.Series) -> np.ndarray:
    """Rough region from the official province code (codes run north to south)."""
    official = province_code.str.removeprefix(NEW_PREFIX).str[:2]
    number = pd.to_numeric(official, errors="coerce").fillna(1).to_numpy()
    mountains = np.isin(number, [2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20])
    region = np.where(number >= 70, 3, np.where(number >= 38, 2, np.where(mountains, 1, 0)))
    return region.astype(np.int8)


def build_units(localities: pd.DataFrame, scale: Scale, rng: np.random.Generator) -> Units:
    """Reporting units of the scale with their size, activity and reporting habits."""
    table = select_localities(localities, scale)
    code = table["locality_code"].to_numpy(dtype=object)
    position = pd.Series(np.arange(len(table)), index=table["locality_code"])
    tier = table["tier"].map({t: i for i, t in enumerate(TIERS)}).to_numpy(np.int8)
    era = (table["era"] == "2025").to_numpy().astype(np.int8)
    parent = table["parent_code"].map(position).fillna(-1).to_numpy(np.int32)
    province = table["province_code"].map(position).to_numpy(np.int32)
    old_commune = (tier == COMMUNE) & (era == PRE2025)
    district_code = np.where(
        tier == DISTRICT, code, np.where(old_commune, table["parent_code"].to_numpy(object), None)
    )
    # province size: its communes against the median province of its era (whole country)
    communes = localities[localities["tier"] == "commune"].groupby("province_code").size()
    medians = {
        e: communes[
            communes.index.isin(localities.loc[localities["era"] == e, "locality_code"])
        ].median()
        for e in ERAS
    }
    own = table["province_code"].map(communes).fillna(1).to_numpy(float)
    size = own / np.where(era == ERA2025, medians["2025"], medians["pre2025"])
    urban = table["unit_type"].isin(URBAN_TYPES).to_numpy()
    units = Units(
        code=code,
        name=table["name"].to_numpy(dtype=object),
        short_name=table["short_name"].to_numpy(dtype=object),
        unit_type=table["unit_type"].to_numpy(dtype=object),
        tier=tier,
        era=era,
        parent=parent,
        province=province,
        province_code=table["province_code"].to_numpy(dtype=object),
        district_code=district_code.astype(object),
        current_province_code=table["current_province_code"].to_numpy(dtype=object),
        region=_region(table["province_code"]),
        urban=urban,
        size=size,
        activity=np.zeros(len(table)),
        propensity=np.zeros(len(table)),
        detail=np.zeros(len(table)),
    )
    _draw_habits(units, scale, rng)
    return units


def _draw_habits(units: Units, scale: Scale, rng: np.random.Generator) -> None:
    """Activity (bottom-up: communes → districts → provinces), propensity and detail."""
    n = len(units)
    commune = units.tier == COMMUNE
    log_size = np.log2(np.clip(units.size, 0.2, 8))
    base = rng.lognormal(np.log(7.0), 0.6, n) * np.where(units.urban, 1.5, 1.0)
    base *= np.clip(units.size, 0.3, 5) ** 0.15 * np.where(units.era == ERA2025, 2.8, 1.0)
    activity = np.where(commune, base, 0.0)
    for tier, own in ((DISTRICT, 12.0), (PROVINCE, 40.0)):
        rows = units.tier == tier
        below = (units.tier == tier + 1) | ((tier == PROVINCE) & commune & (units.era == ERA2025))
        sums = np.bincount(units.parent[below], weights=activity[below], minlength=n)
        stated = sums * rng.uniform(0.85, 1.3, n) + rng.lognormal(np.log(own), 0.5, n)
        activity = np.where(rows, stated, activity)
    units.activity[:] = activity

    regular = np.clip(0.5 + 0.28 * log_size + 0.15 * (units.era == ERA2025), 0.15, 0.95)
    regular = np.where(units.tier == DISTRICT, np.clip(regular + 0.25, 0.5, 0.97), regular)
    concentration = np.where(commune, 5.0, 12.0)
    propensity = rng.beta(regular * concentration, (1 - regular) * concentration)
    propensity = np.where(units.tier == PROVINCE, 0.97, propensity)
    takes_part = ~commune | (rng.random(n) < scale.commune_share)
    units.propensity[:] = np.where(takes_part, propensity, 0.0)

    detail = np.clip(0.45 + 0.25 * log_size + 0.15 * (units.tier < COMMUNE), 0.03, 0.95)
    detail = rng.beta(detail * 6, (1 - detail) * 6)
    units.detail[:] = np.clip(detail * scale.detail, 0.0, 1.0)
