"""Which locality a report is about, as the document names it.

Names are returned with their unit-type prefix ("Quận Đống Đa", "Huyện Yên
Bình", "Thành phố Hải Phòng") and the province as a bare name ("Hà Nội"). A
name is only taken when it is a real unit of the localities table
(:mod:`~data_loaders.report_text.gazetteer`): an all-caps heading such as "BAN
SƠ KẾT 3 NĂM" (the ward reviews three years) does not make a ward "Phường Sơ Kết".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from data_loaders.reference.text import fold_key
from data_loaders.report_text import phrases as ph
from data_loaders.report_text.folding import fold_chars
from data_loaders.report_text.gazetteer import lookup

# Provinces before and after the 2025 reform (bare names, as prose writes them).
PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
    "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh",
    "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
    "Yên Bái",
)  # fmt: skip
_PROVINCE_KEYS = {fold_key(name): name for name in PROVINCES}
_HCM = re.compile(
    r"\b(?:tp\.?\s*hcm|tphcm|tp\s*\.?\s*ho\s+chi\s+minh|thanh\s+pho\s+ho\s+chi\s+minh|sai\s+gon)\b"
)
# "Hồ Chí Minh" alone is mostly the person (tư tưởng Hồ Chí Minh, Đoàn TNCS Hồ Chí Minh).
_BARE_EXCLUDED = frozenset({"ho chi minh"})
_PROVINCE = re.compile(
    r"\b(?:"
    + "|".join(ph.phrase_regex(k) for k in sorted(_PROVINCE_KEYS, key=len, reverse=True))
    + r")\b"
)
# Unit type (folded) → display prefix; the Party committee of a unit names the unit too.
UNIT_TYPES = {
    "tinh": "Tỉnh",
    "thanh pho": "Thành phố",
    "tp": "Thành phố",
    "quan": "Quận",
    "huyen": "Huyện",
    "thi xa": "Thị xã",
    "phuong": "Phường",
    "xa": "Xã",
    "thi tran": "Thị trấn",
}
_COMMITTEES = {"tinh uy": "tinh", "thanh uy": "thanh pho", "huyen uy": "huyen",
               "quan uy": "quan", "thi uy": "thi xa"}  # fmt: skip
TIER = {"tinh": 0, "thanh pho": 1, "tp": 1, "quan": 1, "huyen": 1, "thi xa": 1,
        "phuong": 2, "xa": 2, "thi tran": 2}  # fmt: skip
_UNIT_MENTION = re.compile(
    r"\b(?P<type>tinh\s+uy|thanh\s+uy|huyen\s+uy|quan\s+uy|thi\s+uy|thanh\s+pho|tp\.?|tinh"
    r"|quan|huyen|thi\s+xa|phuong|xa|thi\s+tran)\s+"
)
_NAME_TOKEN = re.compile(r"(\d{1,2}\b|[^\W\d_][\w]*)")
_STOP_TOKENS = frozenset(
    t.lower()
    for t in (
        "Ban", "Đảng", "Ủy", "Uỷ", "UBND", "HĐND", "MTTQ", "Mặt", "Công", "Trường", "Chi",
        "Dân", "Nhân", "Đoàn", "Tỉnh", "Huyện", "Quận", "Xã", "Phường", "Theo", "Trong", "Năm",
        "Ngày", "Tại", "Sau", "Đến", "Với", "Là", "Và", "Có", "Đã", "Các", "Những", "Qua", "Cụ",
        "Tổng", "Toàn", "Số", "BÁO", "CÁO", "TP",
    )
)  # fmt: skip
# "Thành phố", "Thị xã" … start another unit, so they end a name.
_UNIT_PAIRS = frozenset({("thành", "phố"), ("thành", "ủy"), ("thành", "uỷ"), ("thị", "xã"),
                         ("thị", "trấn"), ("thị", "ủy"), ("thị", "uỷ")})  # fmt: skip
# A unit word with no name after it ("toàn huyện", "Ban Chỉ đạo phường") says which tier
# the report is about; plural or distributive forms ("các xã", "mỗi xã") do not.
_UNNAMED_UNIT = re.compile(
    r"(?<!cac )(?<!nhung )(?<!moi )(?<!tung )(?<!\d )"
    r"\b(tinh|thanh\s+pho|huyen|quan|thi\s+xa|phuong|xa|thi\s+tran)\b"
    r"(?!\s*(?:uy|,\s*(?:thi|phuong|xa))\b)"
)
_BEFORE_PROVINCE = re.compile(r"\b(?:tinh|thanh\s+pho|tp\.?|tinh\s+uy|thanh\s+uy)\s*$")


_WHOLE_BEFORE = re.compile(r"\b(?:toan|tren\s+dia\s+ban|cua|trong)\s*$")
# "huyện Quảng Ninh" (Quảng Bình) is a district, not the province Quảng Ninh.
_LOWER_UNIT_BEFORE = re.compile(r"\b(?:huyen|quan|xa|phuong|thi\s+xa|thi\s+tran)\s*$")


def _tier_evidence(text: str, folded: str, weight: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    for match in _UNNAMED_UNIT.finditer(folded):
        after = text[match.end() : match.end() + 40].lstrip()  # a bounded slice: linear
        if after[:1].isupper() or after[:1].isdigit():
            continue  # a named unit, counted by unit_mentions
        whole = _WHOLE_BEFORE.search(folded[max(0, match.start() - 20) : match.start()])
        counts[re.sub(r"\s+", " ", match.group(1))] += weight * (3 if whole else 1)
    return counts


_TITLE_HEAD = re.compile(r"^\s*([^\W\d_][\w]*(?:\s+[^\W\d_][\w]*){0,3})\s*(?::|\s+(?=[^\W\d_]))")


@dataclass(frozen=True)
class Place:
    """A named unit: folded type ("huyen"), display name ("Huyện Yên Bình"), bare name."""

    unit: str
    name: str
    bare: str

    @property
    def tier(self) -> int:
        return TIER.get(self.unit, 3)


def _capitalise(token: str) -> str:
    return token.capitalize() if token.isupper() and len(token) > 1 else token


# Matched at a position of the whole text (never on a copy of its rest: that was quadratic).
_FOLLOWING = re.compile(r"\s+(\w+)")
_GAP = re.compile(r"(\s+-\s+|\s+)(?=\w)")


def _read_name(text: str, start: int) -> str | None:
    tokens: list[str] = []
    pos = start
    while len(tokens) < 4:
        match = _NAME_TOKEN.match(text, pos)
        if not match:
            break
        token = match.group(1)
        if not (token[0].isupper() or (token.isdigit() and not tokens)):
            break
        following = _FOLLOWING.match(text, match.end())
        pair = (token.lower(), following.group(1).lower() if following else "")
        if token.lower() in _STOP_TOKENS or pair in _UNIT_PAIRS:
            if not tokens:
                return None
            break
        tokens.append(_capitalise(token))
        if token.isdigit():
            break
        pos = match.end()
        gap = _GAP.match(text, pos)
        if not gap:
            break
        if "-" in gap.group(1):
            tokens.append("-")
        pos = gap.end()
    while tokens and tokens[-1] == "-":
        tokens.pop()
    return " ".join(tokens) if tokens else None


def unit_mentions(text: str, folded: str | None = None) -> list[tuple[int, Place]]:
    """Named units in ``text`` ("huyện Yên Bình", "Quận ủy Đống Đa", "Quận 3"), with offsets.

    >>> [p.name for _, p in unit_mentions("Huyện ủy Yên Bình (tỉnh Yên Bái) và Quận 3")]
    ['Huyện Yên Bình', 'Tỉnh Yên Bái', 'Quận 3']
    """
    folded = fold_chars(text) if folded is None else folded
    found: list[tuple[int, Place]] = []
    for match in _UNIT_MENTION.finditer(folded):
        unit = re.sub(r"\s+", " ", match.group("type")).rstrip(".")
        unit = _COMMITTEES.get(unit, unit)
        name = _read_name(text, match.end())
        if name is None:
            continue
        if fold_key(name) == "ho chi minh":
            unit = "thanh pho"
        found.append((match.start(), Place(unit, f"{UNIT_TYPES[unit]} {name}", name)))
    for match in _HCM.finditer(folded):
        found.append((match.start(), Place("thanh pho", "Thành phố Hồ Chí Minh", "Hồ Chí Minh")))
    return sorted(found, key=lambda item: item[0])


_TONE_PAIRS = (
    ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
    ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
    ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
)  # fmt: skip


def _tone_key(text: str) -> str:
    """Lowercase, new-style tone marks (hoà → hòa), single spaces, no spaces around "-"."""
    key = text.lower()
    for old, new in _TONE_PAIRS:
        key = key.replace(old, new)
    return re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", key))


_PROVINCE_TONE_KEYS = {_tone_key(name) for name in PROVINCES}


def province_mentions(text: str, folded: str | None = None) -> list[tuple[int, str]]:
    """Province names (bare) written in ``text``, with offsets.

    The words must be capitalised and spelled with their diacritics, so that
    "diễn biến" is not Điện Biên.

    >>> province_mentions("dịch diễn biến phức tạp ở Hà Nội, Thanh Hoá và TP.HCM")
    [(26, 'Hà Nội'), (34, 'Thanh Hóa'), (47, 'Hồ Chí Minh')]
    """
    folded = fold_chars(text) if folded is None else folded
    names = []
    for match in _PROVINCE.finditer(folded):
        written = text[match.start() : match.end()]
        if not all(word[0].isupper() for word in written.replace("-", " ").split()):
            continue
        if _tone_key(written) not in _PROVINCE_TONE_KEYS:
            continue
        if fold_key(written) in _BARE_EXCLUDED:
            continue
        names.append((match.start(), _PROVINCE_KEYS[fold_key(written)]))
    names += [(m.start(), "Hồ Chí Minh") for m in _HCM.finditer(folded)]
    return sorted(names)


def _province_place(bare: str) -> Place:
    if bare in ph.CENTRAL_CITIES:
        return Place("thanh pho", f"Thành phố {bare}", bare)
    return Place("tinh", f"Tỉnh {bare}", bare)


@dataclass(frozen=True)
class Located:
    """The unit a report is about, its province, and names passed over as not real units."""

    place: Place | None
    province: str | None
    rejected: tuple[str, ...] = ()
    source: str = ""


def _is_real(place: Place, province: str | None) -> bool:
    if place.unit in ("tinh",) or (place.unit == "thanh pho" and place.bare in ph.CENTRAL_CITIES):
        return fold_key(place.bare) in _PROVINCE_KEYS or lookup(place.name, None).real
    return lookup(place.name, province).real


def document_place(title: str, text: str, outlet: str = "") -> tuple[Place | None, str | None]:
    """The unit a report is about and its province (bare name); see :func:`locate`.

    Examples
    --------
    >>> place, province = document_place(
    ...     "Yên Bình có 336 mô hình", "Năm 2023, huyện Yên Bình (tỉnh Yên Bái) ... toàn huyện có")
    >>> place.name, province
    ('Huyện Yên Bình', 'Yên Bái')
    """
    found = locate(title, text, outlet)
    return found.place, found.province


def locate(title: str, text: str, outlet: str = "") -> Located:
    """The reporting unit of a document: the best-scored name that is a real unit.

    Title mentions weigh most, then the outlet ("Báo Hậu Giang", "Thị ủy La Gi"),
    then phrases such as "toàn tỉnh" that say which tier the figures cover, then
    the first and the most frequent mentions. Units named as examples (a commune
    in a province's report) lose to the tier the report speaks of. A name that
    is not a unit of the localities table is passed over (and reported in
    ``rejected``); the province comes from the gazetteer when the text does not
    name it.

    Examples
    --------
    >>> found = locate("PHƯỜNG SƠ KẾT 3 NĂM TRIỂN KHAI PHONG TRÀO", "Cả phường có 31 mô hình.")
    >>> found.place, found.rejected
    (None, ('Phường Sơ Kết',))
    >>> found = locate("Cả tỉnh có 1.215 mô hình", "mô hình ở xã Đại Hải.", "Báo Sóc Trăng")
    >>> found.place.name, found.province, found.source
    ('Tỉnh Sóc Trăng', 'Sóc Trăng', 'outlet')
    >>> locate("Lực lượng vũ trang tỉnh duy trì 31 mô hình", "mô hình của huyện Quảng Ninh …",
    ...        "Báo Quảng Bình").place.name
    'Tỉnh Quảng Bình'
    """
    scores: Counter[Place] = Counter()
    first_seen: dict[Place, int] = {}
    sources: dict[Place, str] = {}
    provinces: Counter[str] = Counter()
    tiers: Counter[str] = Counter()
    for source, weight, offset, label in (
        (title, 4, -1, "title"), (outlet, 2, 2, "outlet"), (text, 1, 0, "text"),
    ):  # fmt: skip
        if not source:
            continue
        folded = fold_chars(source)
        for start, place in unit_mentions(source, folded):
            scores[place] += weight
            first_seen[place] = min(first_seen.get(place, 10**9), offset * 10**6 + start)
            sources.setdefault(place, label)
        for start, name in province_mentions(source, folded):
            before = folded[max(0, start - 12) : start]
            if _LOWER_UNIT_BEFORE.search(before):
                continue
            named_as_unit = _BEFORE_PROVINCE.search(before)
            provinces[name] += (3 if named_as_unit else 1) * weight
            place = _province_place(name)
            if not named_as_unit:
                scores[place] += weight
            first_seen[place] = min(first_seen.get(place, 10**9), offset * 10**6 + start)
            sources.setdefault(place, label)
        if label != "outlet":
            tiers += _tier_evidence(source, folded, weight)
    head = _TITLE_HEAD.match(title)
    if head:
        bare_key = fold_key(head.group(1))
        for place in list(scores):
            if bare_key.startswith(fold_key(place.bare)):
                scores[place] += 4
    for place in scores:
        scores[place] += tiers[place.unit] + (tiers["thanh pho"] if place.unit == "tp" else 0)
    if not scores:
        return Located(None, None)
    earliest = min(first_seen.values())
    for place, seen in first_seen.items():
        if seen == earliest:
            scores[place] += 1
    ranked = sorted(scores, key=lambda p: (-scores[p], first_seen.get(p, 10**9), p.tier))
    rejected: list[str] = []
    for place in ranked:
        province = _province_of(place, provinces)
        if not _is_real(place, province):
            rejected.append(place.name)
            continue
        known = lookup(place.name, province)
        resolved_here = place.unit != "tinh" and known.province and known.status == "ok"
        if resolved_here or province is None:
            province = known.province
        return Located(place, province, tuple(rejected), sources.get(place, ""))
    return Located(None, None, tuple(rejected))


def _province_of(place: Place, provinces: Counter[str]) -> str | None:
    if place.unit == "tinh" or (place.unit == "thanh pho" and place.bare in ph.CENTRAL_CITIES):
        known = fold_key(place.bare)
        return _PROVINCE_KEYS.get(known, place.bare)
    others = [name for name, _ in provinces.most_common() if fold_key(name) != fold_key(place.bare)]
    if others:
        return others[0]
    return provinces.most_common(1)[0][0] if provinces else None


_CENTRAL_KEYS = frozenset(fold_key(c) for c in ph.CENTRAL_CITIES)


def is_central_city(name: str | None) -> bool:
    """True for the cities directly under the central government (Hà Nội, Hải Phòng …).

    >>> is_central_city("Hải Phòng"), is_central_city("Hội An"), is_central_city(None)
    (True, False, False)
    """
    return bool(name) and fold_key(name) in _CENTRAL_KEYS
