"""Locality look-ups for pickers and labels: provinces, children, names, paths.

``boundary="reported"`` lists the units as data is reported (the 63 old
provinces first, then the 34 provinces since 1 July 2025); ``"current"`` lists
the 34 current provinces only (old data rolled up into them).

Examples
--------
>>> from metrics.testing import tiny_engine
>>> e = tiny_engine()
>>> provinces(e, "current")["locality_code"].tolist()
['N01', 'N31']
>>> children(e, "01", "reported")["locality_code"].tolist()
['001', '002']
>>> display_name(e, "00001")
'Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội'
>>> child_tier(e, "01", "reported"), child_tier(e, "N31", "current")
('district', 'commune')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from metrics.engine import Engine

COLUMNS = ["locality_code", "name", "tier", "era", "child_count"]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["era", "name_key"], ascending=[False, True])[COLUMNS].reset_index(
        drop=True
    )


def provinces(engine: Engine, boundary: str = "reported") -> pd.DataFrame:
    """Provinces to choose from (``era`` tells old from 2025 units)."""
    info = engine.localities
    frame = info[info["tier"] == "province"]
    if boundary == "current":
        frame = frame[frame["era"] == "2025"]
    return _sorted(frame)


def children(engine: Engine, code: str, boundary: str = "reported") -> pd.DataFrame:
    """Direct administrative children of ``code`` (districts, or communes).

    A current (2025) province read with ``boundary="current"`` lists its 2025
    communes. Non-administrative reporting units are left out.
    """
    info = engine.localities
    frame = info[(info["parent_code"] == code) & (info["tier"].isin(["district", "commune"]))]
    return _sorted(frame)


def units(engine: Engine, code: str) -> pd.DataFrame:
    """Non-administrative reporting units (a provincial police …) under a province."""
    info = engine.localities
    return _sorted(info[(info["parent_code"] == code) & (info["tier"] == "unit")])


def child_tier(engine: Engine, code: str | None, boundary: str = "reported") -> str:
    """The tier one level below ``code`` (``None``: the provinces)."""
    if code is None:
        return "current_province" if boundary == "current" else "province"
    info = engine.localities
    if code not in info.index:
        return "commune"
    row = info.loc[code]
    if row["tier"] == "province" and row["era"] == "pre2025":
        return "district"
    return "commune"


def name(engine: Engine, code: str) -> str:
    """The unit's name with its type ("Quận Đống Đa"); the code itself when unknown."""
    if code == "VN":
        return "Cả nước"
    info = engine.localities
    return str(info["name"].get(code, code))


def names(engine: Engine, codes: list[str]) -> dict[str, str]:
    return {c: name(engine, c) for c in codes}


def path(engine: Engine, code: str) -> list[str]:
    """Codes from the province down to ``code``."""
    info = engine.localities
    out: list[str] = []
    current: object = code
    while isinstance(current, str) and current in info.index:
        out.append(current)
        current = info.at[current, "parent_code"]
    return list(reversed(out))


def display_name(engine: Engine, code: str) -> str:
    """Name with its parents ("Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội")."""
    return ", ".join(name(engine, c) for c in reversed(path(engine, code))) or code


def tier(engine: Engine, code: str) -> str | None:
    if code == "VN":
        return "nation"
    value = engine.localities["tier"].get(code)
    return None if value is None else str(value)


def era(engine: Engine, code: str) -> str | None:
    value = engine.localities["era"].get(code)
    return None if value is None else str(value)


def communes_count(engine: Engine, code: str, boundary: str = "reported") -> int:
    """Number of communes/wards inside ``code`` (the "per commune" denominator)."""
    info = engine.localities
    if code not in info.index:
        return 0
    row = info.loc[code]
    communes = info["tier"] == "commune"
    if row["tier"] == "district":
        return int(row["child_count"])
    if row["tier"] == "province":
        if boundary == "current" and row["era"] == "2025":
            inside = info["current_province_code"] == code
            old = inside & communes & (info["era"] == "pre2025")
            return int((inside & communes & (info["era"] == "2025")).sum()) or int(old.sum())
        return int(((info["province_code"] == code) & communes).sum())
    return 0


def exists(engine: Engine, code: str) -> bool:
    return code == "VN" or code in engine.localities.index


def search(engine: Engine, text: str, limit: int = 20) -> pd.DataFrame:
    """Localities whose folded name contains the folded ``text`` (provinces first)."""
    from data_loaders.text import fold_key

    key = fold_key(text)
    info = engine.localities
    if not key:
        return info.iloc[0:0][COLUMNS]
    hits = info[info["name_key"].str.contains(key, regex=False)]
    order = hits["tier"].map({"province": 0, "district": 1, "commune": 2, "unit": 3})
    return hits.assign(_o=order).sort_values(["_o", "name_key"]).head(limit)[COLUMNS]
