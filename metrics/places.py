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
>>> labels(e, ["00001", "N00004", "VN"])
{'00001': 'Phường Phúc Xá', 'N00004': 'Phường Ba Đình (từ 1/7/2025)', 'VN': 'Cả nước'}
>>> label(e, "001")
'Quận Ba Đình'

Every chart, table, picker and export labels units with :func:`labels`: a unit keeps
its own code, and its label names its parent where its name is not unique in the
list shown ("Xã Tân Minh, Huyện Sóc Sơn"); a unit merged before 1 July 2025 names
the unit that took it over ("Phường Phúc Thành (nay thuộc Phường Vân Giang)").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from metrics.engine import per_version

if TYPE_CHECKING:
    from metrics.engine import Engine

COLUMNS = ["locality_code", "name", "tier", "era", "child_count"]


class Unit(NamedTuple):
    """One row of the localities table, for look-ups by code."""

    name: str
    tier: str
    era: str
    parent_code: str | None
    successor_code: str | None


def _units(engine: Engine) -> dict[str, Unit]:
    """Code → :class:`Unit`, built once per data version (look-ups in a dict, not a frame)."""

    def build() -> dict[str, Unit]:
        info = engine.localities

        def text(value: object) -> str | None:
            return value if isinstance(value, str) else None

        return {
            code: Unit(str(n), str(t), str(e), text(p), text(s))
            for code, n, t, e, p, s in zip(
                info.index,
                info["name"],
                info["tier"],
                info["era"],
                info["parent_code"],
                info["successor_code"],
            )
        }

    return engine.memo("places.units", build)


def _namesakes(engine: Engine) -> dict[str, tuple[str, ...]]:
    """Name → codes of every unit of that name, once per data version."""

    def build() -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for code, unit in _units(engine).items():
            out[unit.name] = (*out.get(unit.name, ()), code)
        return out

    return engine.memo("places.namesakes", build)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["era", "name_key"], ascending=[False, True])[COLUMNS].reset_index(
        drop=True
    )


@per_version
def provinces(engine: Engine, boundary: str = "reported") -> pd.DataFrame:
    """Provinces to choose from (``era`` tells old from 2025 units)."""
    info = engine.localities
    frame = info[info["tier"] == "province"]
    if boundary == "current":
        frame = frame[frame["era"] == "2025"]
    return _sorted(frame)


@per_version
def children(
    engine: Engine, code: str, boundary: str = "reported", *, former: bool | None = None
) -> pd.DataFrame:
    """Direct administrative children of ``code`` (districts, or communes).

    A current (2025) province read with ``boundary="current"`` lists its 2025
    communes. Non-administrative reporting units are left out. Units merged before
    1 July 2025 are listed under a unit of their own time (a merged district), and under
    a unit of the 30 June 2025 snapshot only with ``former=True`` (pickers, so that an old
    unit can be chosen): the children of the snapshot are what coverage counts.
    """
    info = engine.localities
    frame = info[(info["parent_code"] == code) & (info["tier"].isin(["district", "commune"]))]
    if former is None:
        former = merged_into(engine, code) is not None
    if not former and len(frame):
        successor_era = frame["successor_code"].map(info["era"])
        frame = frame[~((frame["era"] == "pre2025") & (successor_era == "pre2025"))]
    return _sorted(frame)


@per_version
def units(engine: Engine, code: str) -> pd.DataFrame:
    """Non-administrative reporting units (a provincial police …) under a province."""
    info = engine.localities
    return _sorted(info[(info["parent_code"] == code) & (info["tier"] == "unit")])


def child_tier(engine: Engine, code: str | None, boundary: str = "reported") -> str:
    """The tier one level below ``code`` (``None``: the provinces)."""
    if code is None:
        return "current_province" if boundary == "current" else "province"
    unit = _units(engine).get(code)
    if unit is not None and unit.tier == "province" and unit.era == "pre2025":
        return "district"
    return "commune"


def name(engine: Engine, code: str) -> str:
    """The unit's name with its type ("Quận Đống Đa"); the code itself when unknown."""
    if code == "VN":
        return "Cả nước"
    unit = _units(engine).get(code)
    return code if unit is None else unit.name


def names(engine: Engine, codes: list[str]) -> dict[str, str]:
    return {c: name(engine, c) for c in codes}


# (vi, en) words of a label
_WORDS = {
    "nation": ("Cả nước", "Whole country"),
    "era_2025": ("từ 1/7/2025", "since 1 July 2025"),
    "now_part_of": ("nay thuộc {name}", "now part of {name}"),
    "formerly": ("trước đây: {names}", "formerly {names}"),
}
MAX_ANCESTORS = 3


def _word(key: str, lang: str, **values: str) -> str:
    vi, en = _WORDS[key]
    return (en if lang == "en" else vi).format(**values)


def merged_into(engine: Engine, code: str) -> str | None:
    """The unit that took over ``code`` when it was merged before 1 July 2025 (its
    successor in the same boundary version), else ``None``."""
    units = _units(engine)
    unit = units.get(code)
    if unit is None or unit.era != "pre2025" or unit.successor_code is None:
        return None
    successor = units.get(unit.successor_code)
    return unit.successor_code if successor is not None and successor.era == "pre2025" else None


@cache
def _renamed() -> dict[str, tuple[str, ...]]:
    from data_loaders.reference.unit_history import read_history

    history = read_history()
    renamed = history[history["change"] == "renamed"]
    out: dict[str, tuple[str, ...]] = {}
    for code, old in zip(renamed["successor_code"], renamed["old_name"]):
        out[code] = (*out.get(code, ()), old)
    return out


def renamed_units() -> dict[str, tuple[str, ...]]:
    """Code → earlier names, for every unit renamed in the units' history."""
    return dict(_renamed())


def short_key(full_name: str) -> str:
    """The folded name without its unit type ("Tỉnh Thừa Thiên Huế" → "thua thien hue")."""
    from data_loaders.reference.localities import split_prefix

    return split_prefix(full_name)[1]


def former_names(code: str) -> tuple[str, ...]:
    """Earlier names of a unit that was renamed (same code, same territory), from the units'
    history ("Tỉnh Thừa Thiên Huế" for Thành phố Huế)."""
    return _renamed().get(code, ())


@per_version
def labels(
    engine: Engine,
    codes: Sequence[str],
    boundary: str = "reported",
    lang: str = "vi",
    *,
    former: bool = False,
) -> dict[str, str]:
    """One label per code, unique within ``codes`` (the list shown).

    A label is the unit's name; a unit merged before 1 July 2025 adds the unit that
    took it over; with ``boundary="reported"`` a unit since 1 July 2025 is marked. Where
    two units of the list would read the same, each names its parent (then grand-parent),
    and as a last resort its code — so no label stands for two units. ``former`` (pickers)
    adds the earlier names of renamed units, so that typing an old name finds them.
    """
    units = _units(engine)
    unique = list(dict.fromkeys(codes))
    base: dict[str, tuple[str, str]] = {}
    for code in unique:
        unit = units.get(code)
        if code == "VN":
            base[code] = (_word("nation", lang), "")
        elif unit is None:
            base[code] = (str(code), "")
        else:
            suffix = ""
            successor = merged_into(engine, code)
            if successor is not None:
                suffix = f" ({_word('now_part_of', lang, name=name(engine, successor))})"
            elif boundary == "reported" and unit.era == "2025":
                suffix = f" ({_word('era_2025', lang)})"
            if former and former_names(code):
                suffix += f" ({_word('formerly', lang, names=', '.join(former_names(code)))})"
            base[code] = (unit.name, suffix)
    depth = dict.fromkeys(unique, 0)

    def text(code: str) -> str:
        head, suffix = base[code]
        if not depth[code]:
            return head + suffix
        parents = [name(engine, c) for c in reversed(path(engine, code)[:-1])]
        return ", ".join([head, *parents[: depth[code]]]) + suffix

    out = {code: text(code) for code in unique}
    for _ in range(MAX_ANCESTORS):
        clashes = _clashes(out)
        if not clashes:
            return out
        for code in clashes:
            depth[code] += 1
            out[code] = text(code)
    for code in _clashes(out):
        out[code] = f"{out[code]} [{code}]"
    return out


def label(engine: Engine, code: str, boundary: str = "reported", lang: str = "vi") -> str:
    """The label of one unit named on its own (a selected scope, a title): unique in the
    whole country, so a "Xã Tân Minh" always says which one."""
    unit = _units(engine).get(code)
    if unit is None:
        return labels(engine, [code], boundary, lang)[code]
    namesakes = [c for c in _namesakes(engine)[unit.name] if c != code]
    return labels(engine, [code, *namesakes], boundary, lang)[code]


def _clashes(out: dict[str, str]) -> list[str]:
    seen: dict[str, list[str]] = {}
    for code, label in out.items():
        seen.setdefault(label, []).append(code)
    return [code for group in seen.values() if len(group) > 1 for code in group]


def path(engine: Engine, code: str) -> list[str]:
    """Codes from the province down to ``code``."""
    units = _units(engine)
    out: list[str] = []
    current: str | None = code
    while current is not None and current in units:
        out.append(current)
        current = units[current].parent_code
    return list(reversed(out))


def display_name(engine: Engine, code: str) -> str:
    """Name with its parents ("Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội")."""
    return ", ".join(name(engine, c) for c in reversed(path(engine, code))) or code


def tier(engine: Engine, code: str) -> str | None:
    if code == "VN":
        return "nation"
    unit = _units(engine).get(code)
    return None if unit is None else unit.tier


def era(engine: Engine, code: str) -> str | None:
    unit = _units(engine).get(code)
    return None if unit is None else unit.era


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
    return code == "VN" or code in _units(engine)


def search(engine: Engine, text: str, limit: int = 20) -> pd.DataFrame:
    """Localities whose folded name contains the folded ``text`` (provinces first)."""
    from data_loaders.reference.text import fold_key

    key = fold_key(text)
    info = engine.localities
    if not key:
        return info.iloc[0:0][COLUMNS]
    hits = info[info["name_key"].str.contains(key, regex=False)]
    order = hits["tier"].map({"province": 0, "district": 1, "commune": 2, "unit": 3})
    return hits.assign(_o=order).sort_values(["_o", "name_key"]).head(limit)[COLUMNS]
