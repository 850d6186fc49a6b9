"""Official administrative units and locality-name harmonisation.

Units come from the maintained ``vietnamadminunits`` package (offline data):
the three-tier structure in force until 30 June 2025 (era ``pre2025``: 63
provinces, districts, communes) and the two-tier structure since 1 July 2025
(era ``2025``: 34 provinces, communes), with each old unit's successor.

Codes: pre-2025 units keep their official code (2, 3 or 5 digits by tier);
2025 units are ``N`` + official code; non-administrative reporting units
(a provincial police, a party bloc, an enterprise) are ``U<province>-<key>``.

The package holds only the snapshots just before and just after 1 July 2025.
Earlier changes (2009 – June 2025 mergers and renames) are data, in
``reference/unit_history.csv``, read by :mod:`data_loaders.reference.unit_history`: a merged unit
becomes a row of its own (era ``pre2025``, ``valid_to`` the day before the
change, ``successor_code`` the unit that took it over, code: its official code,
or ``<code>-<last year>`` when the successor kept that code); a renamed unit
keeps its code and its old name is matched to it. A former name that the
package knows but the history does not is reported, never matched to the unit
that absorbed it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from data_loaders.reference.text import clean_text, compact_key, fold_key
from data_loaders.reference.unit_history import HISTORY_FILE, history_rows, read_history
from data_loaders.storage import schema

REFORM_DATE = date(2025, 7, 1)
OLD_VALID_TO = date(2025, 6, 30)
NEW_PREFIX = "N"

# Folded type prefixes (longest first) → canonical unit type key.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("thanh pho truc thuoc trung uong", "thanhpho"),
    ("thanh pho", "thanhpho"),
    ("thi tran", "thitran"),
    ("dac khu", "dackhu"),
    ("thi xa", "thixa"),
    ("phuong", "phuong"),
    ("huyen", "huyen"),
    ("tinh", "tinh"),
    ("quan", "quan"),
    ("xa", "xa"),
    ("tp", "thanhpho"),
    ("tx", "thixa"),
    ("tt", "thitran"),
    ("q", "quan"),
    ("h", "huyen"),
    ("p", "phuong"),
    ("x", "xa"),
)
_TYPE_TIERS: dict[str, set[str]] = {
    "tinh": {"province"},
    "thanhpho": {"province", "district"},
    "quan": {"district"},
    "huyen": {"district"},
    "thixa": {"district"},
    "phuong": {"commune"},
    "xa": {"commune"},
    "thitran": {"commune"},
    "dackhu": {"commune"},
}
# Words that mark a reporting unit that is not an administrative unit.
_ORG_WORDS = re.compile(
    r"^(cong an|bo chi huy|bo doi|dang uy|dang bo|lien doan|hoi |ban |cong ty|tong cong ty|"
    r"ngan hang|truong |benh vien|doan |uy ban mat tran|mat tran|so |cuc |vien |trung tam|"
    r"khoi |lu doan|su doan|quan khu|bo tu lenh|tinh doan|thanh doan|chi cuc|kho bac|bao )"
)


def split_prefix(name: str) -> tuple[str | None, str]:
    """Split a name into (unit type key, folded short name).

    >>> split_prefix("Q. Đống Đa")
    ('quan', 'dong da')
    >>> split_prefix("TP.HCM")
    ('thanhpho', 'hcm')
    >>> split_prefix("Hải Phòng")
    (None, 'hai phong')
    """
    key = fold_key(name)
    for prefix, type_key in _PREFIXES:
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
            return type_key, key[len(prefix) + 1 :]
    if re.match(r"^tp[a-z]{2,}$", key):  # "TPHCM"
        return "thanhpho", key[2:]
    return None, key


def build_localities(history: Path | None = None) -> pd.DataFrame:
    """All official units of both eras, and the earlier units of ``history``
    (default: the bundled ``reference/unit_history.csv``), as a ``localities`` table."""
    return _build(str(history or HISTORY_FILE))[0].copy()


def aliases(history: Path | None = None) -> dict[str, list[str]]:
    """Known other names (compact keys) of each unit: the package's, and the old
    names of renamed units from ``history``."""
    return _build(str(history or HISTORY_FILE))[1]


def renamed_names(history: Path | None = None) -> frozenset[tuple[str, str]]:
    """(code, compact old name) of the units the unit history says were renamed."""
    return _build(str(history or HISTORY_FILE))[2]


def former_names() -> dict[str, frozenset[str]]:
    """Per pre-2025 unit, the names (compact keys) of units it absorbed, from the package."""
    return _snapshots()[2]


@cache
def _build(
    history_path: str,
) -> tuple[pd.DataFrame, dict[str, list[str]], frozenset[tuple[str, str]]]:
    frame, alias_map, _ = _snapshots()
    path = Path(history_path)
    extra, renamed = history_rows(read_history(path), frame, path.name)
    alias_map = {code: list(names) for code, names in alias_map.items()}
    for code, old in renamed:
        alias_map.setdefault(code, []).append(old)
    stated = {r["locality_code"]: r["child_count"] for r in extra if r["child_count"] is not None}
    frame = pd.concat([frame, pd.DataFrame(extra, columns=frame.columns)], ignore_index=True)
    frame["valid_to"] = [
        OLD_VALID_TO if e == "pre2025" and v is None else v
        for e, v in zip(frame["era"], frame["valid_to"])
    ]
    frame["name_key"] = frame["name"].map(fold_key)
    frame["short_key"] = frame["short_name"].map(fold_key)
    # a unit counts the children of its own time: a snapshot unit those of the snapshot, a
    # merged unit those the history states (most are listed under its successor), else
    # the merged units listed under it — so per-commune rates are not divided by the wrong number
    merged = frame["locality_code"].isin([r["locality_code"] for r in extra])
    snapshot = frame[~merged].groupby("parent_code").size()
    former = frame[merged].groupby("parent_code").size()
    codes = frame["locality_code"]
    counted = codes.map(snapshot).where(~merged, codes.map(former))
    counted = codes.map(stated).fillna(counted).fillna(0)
    frame["child_count"] = counted.astype("int32")
    return frame.loc[:, list(schema.TABLES["localities"])], alias_map, frozenset(renamed)


@cache
def _snapshots() -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, frozenset[str]]]:
    """The package's two snapshots (no history yet), its aliases and its former names."""
    # the package's public functions and tables, never its files (pinned in pyproject.toml)
    from vietnamadminunits.converter import converter_2025
    from vietnamadminunits.database import get_data

    legacy = get_data(table="admin_units_legacy")
    current = get_data(table="admin_units")
    conv = converter_2025.converter_data  # old → new units, as its converter reads them

    new_prov_by_key = {r["provinceKey"]: r["provinceCode"] for r in current}
    old_to_new_prov: dict[str, str] = {}
    for new_key, old_keys in conv["DICT_PROVINCE"].items():
        for old_key in old_keys:
            old_to_new_prov[old_key] = new_prov_by_key[new_key]
    new_ward_code = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in current}
    ward_successor: dict[str, str] = {}
    for new_pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, olds in wards.items():
            for old in olds:
                if (new_pkey, new_wkey) in new_ward_code:
                    ward_successor[old] = new_ward_code[(new_pkey, new_wkey)]
    for new_pkey, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, options in olds.items():
            default = next((o for o in options if o["isDefaultNewWard"]), options[0])
            if (new_pkey, default["newWardKey"]) in new_ward_code:
                ward_successor.setdefault(old, new_ward_code[(new_pkey, default["newWardKey"])])

    rows: list[dict[str, object]] = []
    aliases: list[tuple[str, list[str]]] = []
    former: dict[str, frozenset[str]] = {}
    seen: set[str] = set()

    def add(code: str, kw: str | None, **values: object) -> None:
        if code in seen:
            return
        seen.add(code)
        rows.append({"locality_code": code, **values})
        aliases.append((code, json.loads(kw) if kw else []))

    for r in legacy:  # the package's "alias" lists name the units each one absorbed
        for code, alias in (
            (r["districtCode"], r["districtAlias"]),
            (r["wardCode"], r["wardAlias"]),
        ):
            if code and alias and code not in former:
                former[code] = frozenset(json.loads(alias))

    for r in legacy:
        pcode, new_p = r["provinceCode"], NEW_PREFIX + old_to_new_prov[r["provinceKey"]]
        add(
            pcode,
            r["provinceKeywords"],
            official_code=pcode,
            name=r["province"],
            short_name=r["provinceShort"],
            unit_type=r["province"].removesuffix(" " + r["provinceShort"]),
            tier="province",
            era="pre2025",
            parent_code=None,
            province_code=pcode,
            current_province_code=new_p,
            successor_code=new_p,
            lat=r["provinceLat"],
            lon=r["provinceLon"],
        )
        add(
            r["districtCode"],
            r["districtKeywords"],
            official_code=r["districtCode"],
            name=r["district"],
            short_name=r["districtShort"],
            unit_type=r["districtType"],
            tier="district",
            era="pre2025",
            parent_code=pcode,
            province_code=pcode,
            current_province_code=new_p,
            successor_code=new_p,
            lat=r["districtLat"],
            lon=r["districtLon"],
        )
        if r["wardCode"]:
            old_key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
            succ = ward_successor.get(old_key)
            add(
                r["wardCode"],
                r["wardKeywords"],
                official_code=r["wardCode"],
                name=r["ward"],
                short_name=r["wardShort"],
                unit_type=r["wardType"],
                tier="commune",
                era="pre2025",
                parent_code=r["districtCode"],
                province_code=pcode,
                current_province_code=new_p,
                successor_code=NEW_PREFIX + succ if succ else new_p,
                lat=r["wardLat"],
                lon=r["wardLon"],
            )
    for r in current:
        pcode = NEW_PREFIX + r["provinceCode"]
        add(
            pcode,
            r["provinceKeywords"],
            official_code=r["provinceCode"],
            name=r["province"],
            short_name=r["provinceShort"],
            unit_type=r["province"].removesuffix(" " + r["provinceShort"]),
            tier="province",
            era="2025",
            parent_code=None,
            province_code=pcode,
            current_province_code=pcode,
            successor_code=None,
            lat=r["provinceLat"],
            lon=r["provinceLon"],
        )
        add(
            NEW_PREFIX + r["wardCode"],
            r["wardKeywords"],
            official_code=r["wardCode"],
            name=r["ward"],
            short_name=r["wardShort"],
            unit_type=r["wardType"],
            tier="commune",
            era="2025",
            parent_code=pcode,
            province_code=pcode,
            current_province_code=pcode,
            successor_code=None,
            lat=r["wardLat"],
            lon=r["wardLon"],
        )

    frame = pd.DataFrame(rows)
    # a few upstream names capitalise the type word ("Thị Xã Mường Lay"): use the unit type
    frame["name"] = [
        utype + name[len(utype) :] if name.lower().startswith(utype.lower() + " ") else name
        for name, utype in zip(frame["name"], frame["unit_type"])
    ]
    # the package appends the type to duplicated short names ("Tân Thành Xã"): use the real name
    frame["short_name"] = [
        name.removeprefix(f"{utype} ") for name, utype in zip(frame["name"], frame["unit_type"])
    ]
    frame["district_code"] = None
    frame["valid_from"] = [REFORM_DATE if e == "2025" else None for e in frame["era"]]
    frame["valid_to"] = [OLD_VALID_TO if e == "pre2025" else None for e in frame["era"]]
    for column in ("name_key", "short_key", "child_count"):
        frame[column] = None
    return frame.loc[:, list(schema.TABLES["localities"])], dict(aliases), former


def unit_row(name: str, province_code: str, localities: pd.DataFrame) -> dict[str, object]:
    """A localities row for a non-administrative reporting unit under a province."""
    prov = localities.loc[localities["locality_code"] == province_code].iloc[0]
    clean = clean_text(name)
    return {
        "locality_code": f"U{province_code}-{compact_key(clean)[:40]}",
        "official_code": None,
        "name": clean,
        "short_name": clean,
        "unit_type": "Đơn vị",
        "tier": "unit",
        "era": prov["era"],
        "parent_code": province_code,
        "province_code": province_code,
        "current_province_code": prov["current_province_code"],
        "valid_from": prov["valid_from"],
        "valid_to": prov["valid_to"],
        "successor_code": None,
        "name_key": fold_key(clean),
        "short_key": fold_key(clean),
        "child_count": 0,
        "lat": prov["lat"],
        "lon": prov["lon"],
    }


def looks_like_organisation(name: str) -> bool:
    """True for names of reporting units that are not administrative units.

    >>> looks_like_organisation("Công an tỉnh")
    True
    >>> looks_like_organisation("Huyện Yên Bình")
    False
    """
    return bool(_ORG_WORDS.match(fold_key(name) + " "))


@dataclass(frozen=True)
class _Entry:
    code: str
    type_key: str | None
    exact: bool
    former: bool = False  # the name of a unit this one absorbed (not this unit's own)


@dataclass
class Match:
    """The outcome of harmonising one name."""

    query: str
    status: str  # "ok", "ambiguous" or "unknown"
    code: str | None = None
    candidates: list[str] = field(default_factory=list)
    via_alias: bool = False
    # "unknown" with candidates: a former unit's name missing from the unit history;
    # the candidates are the units that absorbed it (never chosen silently)
    former: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class Harmoniser:
    """Resolves locality names (any spelling) to locality codes."""

    def __init__(self, localities: pd.DataFrame | None = None, history: Path | None = None) -> None:
        table = build_localities(history) if localities is None else localities
        self.table = table.set_index("locality_code", drop=False)
        self.info: dict[str, dict[str, object]] = {
            r["locality_code"]: r for r in table.to_dict("records")
        }
        self.index: dict[str, list[_Entry]] = defaultdict(list)
        alias_map = aliases(history)
        renamed = renamed_names(history)
        absorbed = former_names()
        type_of = {
            code: split_prefix(name)[0] or compact_key(utype)
            for code, name, utype in zip(table["locality_code"], table["name"], table["unit_type"])
        }
        for code, short in zip(table["locality_code"], table["short_name"]):
            own = compact_key(short)
            self.index[own].append(_Entry(code, type_of[code], True))
            for alias in alias_map.get(code, []):
                type_key, short_alias = self._split_compact(alias)
                former = alias in absorbed.get(code, ()) and short_alias != own
                entry = _Entry(code, type_key, False, former)
                # "Huyện Mộc Châu" → Thị xã Mộc Châu: a rename in the unit history may change
                # only the unit type (the package's own such names may be larger units')
                retyped = (code, alias) in renamed and type_key != type_of[code]
                if (short_alias != own or retyped) and entry not in self.index[short_alias]:
                    self.index[short_alias].append(entry)
        self.used: set[str] = set()

    @staticmethod
    def _split_compact(alias: str) -> tuple[str | None, str]:
        for prefix, type_key in _PREFIXES:
            p = prefix.replace(" ", "")
            if len(p) >= 4 and alias.startswith(p) and len(alias) > len(p):
                return type_key, alias[len(p) :]
        return None, alias

    def _lookup(self, name: str) -> tuple[str | None, list[_Entry]]:
        type_key, short = split_prefix(name)
        entries = self.index.get(short.replace(" ", ""), [])
        if type_key:
            entries = [e for e in entries if e.type_key is None or e.type_key == type_key]
        return type_key, entries

    def candidates(
        self,
        name: str,
        parent: str | None = None,
        tier: str | None = None,
        within: str | None = None,
    ) -> list[str]:
        """Every code the name may stand for, after parent and tier filters (no era choice).

        ``parent`` is a name; ``within`` a locality code (it wins over ``parent``).
        """
        _, entries = self._lookup(name)
        codes = list(dict.fromkeys(e.code for e in entries))
        if tier:
            codes = [c for c in codes if self.info[c]["tier"] == tier]
        if parent or within:
            allowed = self._expand((within,)) if within else self._parent_codes(parent)
            codes = [
                c
                for c in codes
                if self.info[c]["province_code"] in allowed
                or self.info[c]["parent_code"] in allowed
            ]
        return codes

    @cache  # noqa: B019 - a harmoniser lives as long as the process
    def _parent_codes(self, parent: str) -> frozenset[str]:
        return self._expand(tuple(self.candidates(parent)))

    def _expand(self, candidates: tuple[str, ...]) -> frozenset[str]:
        """Parent codes: provinces and districts, plus the 2025 successor of a province."""
        codes = set()
        for code in candidates:
            if self.info[code]["tier"] in ("province", "district"):
                codes.add(code)
                succ = self.info[code]["successor_code"]
                if isinstance(succ, str) and self.info[code]["tier"] == "province":
                    codes.add(succ)
        return frozenset(codes)

    def harmonise(
        self,
        name: str,
        parent: str | None = None,
        *,
        tier: str | None = None,
        on: date | None = None,
        within: str | None = None,
    ) -> Match:
        """Resolve ``name`` (optionally within ``parent``) to one locality code.

        ``on`` picks the era: units in force on that date are preferred, the
        other era is the fall-back. An ambiguous name is never guessed.
        """
        query = clean_text(name)
        if not query:
            return Match(query, "unknown")
        if "," in query:  # "Xã Vĩnh Phú, Huyện Giang Thành": the next part is the parent
            head, rest = (part.strip() for part in query.split(",", 1))
            inner = self.harmonise(rest, parent, on=on, within=within)
            if inner.ok:
                found = self.harmonise(head, tier=tier, on=on, within=inner.code)
                return Match(query, found.status, found.code, found.candidates, found.via_alias)
            query = head
        type_key, entries = self._lookup(query)
        codes = self.candidates(query, parent, tier, within)
        if not codes:
            return Match(query, "unknown")
        # a name known only as that of a unit absorbed by another: not that other unit
        own = {e.code for e in entries if not e.former}
        if not any(c in own for c in codes):
            return Match(query, "unknown", candidates=sorted(codes), former=True)
        codes = [c for c in codes if c in own]
        if type_key:  # "Huyện X" is a district even where a 2025 commune took the old name
            fitting = [c for c in codes if self.info[c]["tier"] in _TYPE_TIERS[type_key]]
            codes = fitting or codes
        era = "2025" if on and on >= REFORM_DATE else "pre2025"
        preferred = [c for c in codes if self.info[c]["era"] == era] or codes
        exact = {e.code for e in entries if e.exact}
        choice = self._choose(preferred, exact, type_key is None and tier is None, query)
        if choice is None:
            return Match(query, "ambiguous", candidates=sorted(preferred))
        self.used.add(choice)
        return Match(query, "ok", choice, [choice], via_alias=choice not in exact)

    def _choose(self, codes: list[str], exact: set[str], no_hint: bool, query: str) -> str | None:
        if len(codes) == 1:
            return codes[0]
        # names that differ only by diacritics ("Minh Quân" / "Minh Quán"): the exact spelling
        text = query.lower()
        spelled = [
            c
            for c in codes
            if text in (str(self.info[c]["name"]).lower(), str(self.info[c]["short_name"]).lower())
            or text.endswith(" " + str(self.info[c]["short_name"]).lower())
        ]
        if len(spelled) == 1:
            return spelled[0]
        if no_hint:
            provinces = [c for c in codes if self.info[c]["tier"] == "province"]
            if len(provinces) == 1:
                return provinces[0]
        exact_codes = [c for c in codes if c in exact]
        if len(exact_codes) == 1:
            return exact_codes[0]
        return None

    def explain(self, match: Match) -> str:
        """Why ``match`` failed, in English, with its candidates (for ingest messages)."""
        names = "; ".join(self.display(c) for c in match.candidates[:8])
        more = f" (+{len(match.candidates) - 8} more)" if len(match.candidates) > 8 else ""
        if match.status == "ambiguous":
            return f"{match.query!r} is ambiguous: {names}{more}; add the district or province"
        if match.former:
            return (
                f"{match.query!r} is the name of a former unit that the unit history "
                f"(data_loaders/reference/unit_history.csv) does not hold; it was merged into: "
                f"{names}{more}. Add the unit to the history, or name the unit of the report's date"
            )
        return f"{match.query!r} is not a known administrative unit"

    def display(self, code: str) -> str:
        """Name with the province it lies in ("Quận Đống Đa, Thành phố Hà Nội")."""
        row = self.info[code]
        parts = [str(row["name"])]
        parent = row["parent_code"]
        while isinstance(parent, str) and parent in self.info:
            parts.append(str(self.info[parent]["name"]))
            parent = self.info[parent]["parent_code"]
        return ", ".join(parts)


@cache
def default_harmoniser() -> Harmoniser:
    return Harmoniser()


def harmonise(
    name: str, parent: str | None = None, *, tier: str | None = None, on: date | None = None
) -> Match:
    """Resolve a locality name with the default harmoniser (see :class:`Harmoniser`).

    >>> harmonise("Q. Đống Đa").code
    '006'
    >>> harmonise("Thanh Hoá").code
    '38'
    >>> harmonise("Phường 1").status
    'ambiguous'
    """
    return default_harmoniser().harmonise(name, parent, tier=tier, on=on)
