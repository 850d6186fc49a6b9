"""Levels ("cấp huyện", "Chủ tịch UBND tỉnh", "Ban Thường vụ Quận ủy") and awards (Bằng
khen, Giấy khen, prize grades) named around a count."""

from __future__ import annotations

import re
import unicodedata

from data_loaders.reference import vocabulary
from data_loaders.report_text import phrases as ph
from data_loaders.report_text.context import Context, matches_in
from data_loaders.report_text.folding import fold_chars
from data_loaders.report_text.items import Item, SentenceView, Span
from data_loaders.report_text.places import (
    Place,
    is_central_city,
    province_mentions,
    unit_mentions,
)

_AWARD_WORDS = re.compile(r"\b(bang\s+khen|giay\s+khen)\b")
_VERB_FIRST = re.compile(
    r"[\s;,]*(?:da\s+|cung\s+|con\s+)?(?:khen\s+thuong|tang|trao|cong\s+nhan"
    r"|bieu\s+duong|tuyen\s+duong|cap\s+giay)\b"
)


def _city_level(v: SentenceView, end: int, ctx: Context) -> str:
    """A city is a province (Hà Nội, Hải Phòng …) or a district-level city (Hội An, Việt Trì)."""
    after = v.text[end:]
    named = re.match(
        r"\s*(?:(?:Thành phố|thành phố|TP\.?)\s+)?([A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){0,3})",
        after,
    )
    if named:
        return "province" if is_central_city(named.group(1)) else "district"
    if is_central_city(ctx.province):  # "thành phố" in a report from Hà Nội, Hải Phòng …
        return "province"
    return "district"


def _unit_level(unit: str, v: SentenceView, end: int, ctx: Context) -> str:
    unit = re.sub(r"\s+", " ", unit)
    if unit in ph.CITY_UNITS:
        return _city_level(v, end, ctx)
    return vocabulary.categorise("level", unit)


# "của" after an award or a decision names who gave it ("Giấy khen của Ban Thường vụ Quận ủy")
# Tier words as written: folded, "phuong" is also "phương" (địa phương) and "quan" "quan"
# (cơ quan); only the written word says which.
_TIER_WORDS = frozenset(
    ("tỉnh", "thành phố", "tp", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn",
     "cơ sở", "trung ương", "tw", "toàn quốc")
)  # fmt: skip


def _is_tier_word(written: str) -> bool:
    return (
        " ".join(unicodedata.normalize("NFC", written).lower().rstrip(".").split()) in _TIER_WORDS
    )


_OWNER_BEFORE = re.compile(
    r"(?<!khen\s)(?<!dinh\s)(?<!thuong\s)(?<!dao\s)\b(?:cua|thuoc)\s+(?:cac\s+)?$"
)


def level_hits(
    v: SentenceView, span: Span, ctx: Context, only_cap: bool = False
) -> list[tuple[int, int, str]]:
    """Levels named in a span: "cấp quận", "Quận ủy", "Chủ tịch UBND tỉnh" …

    ``only_cap`` keeps the explicit "cấp …" phrases (not the bodies that act).

    >>> from data_loaders.report_text.context import Context
    >>> from data_loaders.report_text.items import view
    >>> v = view("Chủ tịch UBND tỉnh, Ban Thường vụ Quận ủy, cấp cơ sở, Thành ủy Hải Phòng")
    >>> ctx = Context(2022, [], None, None, None)
    >>> [level for _, _, level in level_hits(v, (0, len(v.text)), ctx)]
    ['province', 'district', 'commune', 'province']
    >>> v = view("Huyện đoàn, Tỉnh đoàn; toàn tỉnh đoàn kết")
    >>> [level for _, _, level in level_hits(v, (0, len(v.text)), ctx)]
    ['district', 'province']
    >>> v = view("Ban Chỉ đạo đổi mới phương thức; Ban Chỉ đạo của các địa phương")
    >>> level_hits(v, (0, len(v.text)), ctx)
    []
    """
    found = []
    for match in matches_in(ph.LEVEL_CUES, v.cue, span):
        if not match.group("cap") and _OWNER_BEFORE.search(v.cue, 0, match.start()):
            continue  # "mô hình của Hội Nông dân xã": whose model it is, not who honoured it
        tier = "cap" if match.group("cap") else "unit" if match.group("unit") else None
        if tier and not _is_tier_word(v.text[match.start(tier) : match.end(tier)]):
            continue  # "địa phương", "cơ quan", "vùng xa": no "phường", "quận", "xã"
        if match.group("cap"):
            level = _unit_level(match.group("cap"), v, match.end(), ctx)
        elif only_cap:
            continue
        elif match.group("central"):
            level = "central"
        elif match.group("committee") or match.group("youth"):
            unit = {"tinh uy": "tinh", "thanh uy": "thanh pho", "tinh": "tinh"}.get(
                re.sub(r"\s+", " ", match.group("committee") or match.group("youth")), "huyen"
            )
            unit = "thanh pho" if match.group("youth") == "thanh" else unit
            level = _unit_level(unit, v, match.end(), ctx)
        elif match.group("party") or match.group("base"):
            level = "commune"
        else:
            level = _unit_level(match.group("unit"), v, match.end(), ctx)
        found.append((match.start(), match.end(), level))
    return found


def _pick_level(hits: list[tuple[int, int, str]], v: SentenceView, item: Item) -> str | None:
    """The level named nearest to the item; none when two levels are named together."""
    if not hits:
        return None

    def distance(hit: tuple[int, int, str]) -> int:
        return item.start - hit[1] if hit[1] <= item.start else hit[0] - item.noun_end

    ranked = sorted(hits, key=distance)
    best = ranked[0]
    for other in ranked[1:]:
        gap = v.cue[min(best[1], other[1]) : max(best[0], other[0])]
        if other[2] != best[2] and len(gap) < 12 and re.search(r"\bva\b|,", gap):
            return "none"  # "Ban Dân vận Tỉnh ủy và Ban Thường vụ Huyện ủy"
    return best[2]


# "đề nghị tỉnh khen thưởng": the tier a nomination is put forward to.
_PUT_TO = re.compile(
    r"\bde\s+(?:nghi|xuat)\s+(?:cho\s+|len\s+)?(?P<unit>tinh|huyen|trung\s+uong)\b"
)


def _put_to(v: SentenceView, span: Span) -> list[tuple[int, int, str]]:
    levels = {"tinh": "province", "huyen": "district", "trung uong": "central"}
    return [
        (m.start("unit"), m.end("unit"), levels[re.sub(r"\s+", " ", m.group("unit"))])
        for m in matches_in(_PUT_TO, v.cue, span)
    ]


def level_of(v: SentenceView, item: Item, metric: str, ctx: Context) -> str | None:
    """Level of an item's recognition, commendation, nomination or contest (None: not named).

    A nomination's level is the one it is put forward to (named after "đề nghị");
    a registration has a level only when "cấp …" stands next to the figure.

    Examples
    --------
    >>> from data_loaders.report_text.context import Context
    >>> from data_loaders.report_text.items import find_items, view
    >>> v = view("Ban Chỉ đạo huyện đề nghị UBND tỉnh khen thưởng 18 mô hình")
    >>> ctx = Context(2024, [], None, None, None)
    >>> level_of(v, find_items(v)[0], "nominations", ctx)
    'province'
    """
    contest = metric.startswith("contest")
    if metric == "nominations":
        cues = [m.start() for m in matches_in(ph.NOMINATE, v.cue, item.head)]
        later = [m.start() for m in matches_in(ph.NOMINATE, v.cue, item.tail)]
        if not cues and later:  # "… 6 mô hình để đề nghị tỉnh công nhận": not who proposes
            span = (min(later), item.tail[1])
            return _pick_level(level_hits(v, span, ctx) + _put_to(v, span), v, item)
        start = max(cues) if cues else item.head[0]
        hits = level_hits(v, (start, item.start), ctx) + level_hits(v, item.tail, ctx)
        hits += _put_to(v, (start, item.start))
        distinct = {h[2] for h in level_hits(v, (start, item.start), ctx)}
        if len(distinct) > 1:
            return "none"
        return _pick_level(hits, v, item)
    if metric == "models_registered":  # only "cấp huyện 1.017 mô hình" next to the figure
        hits = level_hits(v, item.field_left, ctx, True) + level_hits(
            v, item.field_right, ctx, True
        )
        return _pick_level(hits, v, item)
    hits = level_hits(v, item.head, ctx, contest) + level_hits(v, item.tail, ctx, contest)
    if not hits and metric in {"models_recognized", "commendations"}:
        hits = level_hits(v, item.wide, ctx)
    if not hits and metric in {"models_recognized", "commendations"}:
        return _subject_level(v, item, ctx) or actor_level(v, item, ctx)
    return _pick_level(hits, v, item)


_OPENER = re.compile(r"(?:dip\s+nay|vua\s+qua|nhan\s+dip|tai\s+(?:hoi\s+nghi|buoi\s+le)|qua\b)")
# "huyện", "toàn tỉnh", "các huyện, thành phố" (a list of units of one tier: the first names it)
_TIER_WORD = re.compile(
    r"(?:toan\s+|ca\s+|cac\s+)?(tinh|huyen|quan|thi\s+xa|thi\s+tran|xa|phuong|thanh\s+pho)\b"
    r"(?:\s*(?:,|va)\s*(?:huyen|quan|thi\s+xa|thanh\s+pho|xa|phuong|thi\s+tran)\b)*"
)
_ACTS = re.compile(
    r"[\s:,]*(?:da\s+|vua\s+|tiep\s+tuc\s+)?(?:bieu\s+duong|tuyen\s+duong|cong\s+nhan"
    r"|khen\s+thuong|ton\s+vinh|tang|trao)\b"
)
# "Công an tỉnh tặng Giấy khen …": a body named by its kind and the tier of its unit.
_ORG_PREFIX = re.compile(
    r"(?:(?:cong\s+an|(?:bo|ban)\s+chi\s+huy\s+quan\s+su|dang\s+uy\s+quan\s+su"
    r"|bo\s+doi\s+bien\s+phong|hoi\s+lien\s+hiep\s+phu\s+nu|hoi\s+nong\s+dan"
    r"|hoi\s+cuu\s+chien\s+binh|lien\s+doan\s+lao\s+dong|doan\s+thanh\s+nien"
    r"|hoi\s+chu\s+thap\s+do)\s+)?"
)


def _place_level(place: Place) -> str | None:
    if place.unit in ("thanh pho", "tp"):
        return "province" if is_central_city(place.bare) else "district"
    return _TIER_LEVEL.get(place.unit)


def actor_level(v: SentenceView, item: Item, ctx: Context) -> str | None:
    """Level of a place that opens the clause as the one honouring ("Bắc Kạn biểu dương 39 tập
    thể", "Năm 2022, huyện công nhận 60 mô hình"): a province gives province, a district district.

    >>> from data_loaders.report_text.items import find_items, view
    >>> ctx = Context(2025, [], None, None, None)
    >>> v = view("Bắc Kạn biểu dương 39 tập thể điển hình")
    >>> actor_level(v, find_items(v)[0], ctx)
    'province'
    >>> v = view("Năm 2022, huyện công nhận 60 mô hình")
    >>> actor_level(v, find_items(v)[0], ctx)
    'district'
    """
    clause = v.clause_of(item.start)[0]
    starts, previous = [clause], clause
    for comma in re.finditer(r",\s*", v.folded[clause : item.start]):
        opener = v.folded[previous : clause + comma.start()].strip()
        if not (re.search(r"\d", opener) or _OPENER.match(opener)):
            break  # "xã Phú An, huyện Tân Phú …" is an address, not a date and an actor
        previous = clause + comma.end()
        starts.append(previous)
    for start in starts[:3]:
        found = _actor_at(v, start, item.start, ctx)
        if found:
            return found
    return None


def _actor_at(v: SentenceView, start: int, end: int, ctx: Context) -> str | None:
    lead = v.text[start:end]
    skipped = len(lead) - len(lead.lstrip(" -–:,"))
    at = start + skipped
    folded = fold_chars(lead)
    for offset, name in province_mentions(lead, folded):
        if offset == skipped and _ACTS.match(v.folded, at + len(name)):
            return "province"
    for offset, place in unit_mentions(lead, folded):
        if offset != skipped:
            continue
        found = folded.find(fold_chars(place.bare).lower(), offset)
        if found >= 0 and _ACTS.match(v.folded, start + found + len(place.bare)):
            return _place_level(place)
    tier = _TIER_WORD.match(v.folded, _ORG_PREFIX.match(v.folded, at).end())
    if tier and _ACTS.match(v.folded, tier.end()):
        word = re.sub(r"\s+", " ", tier.group(1))
        return _city_level(v, tier.end(), ctx) if word == "thanh pho" else _TIER_LEVEL[word]
    if ctx.place is not None and ctx.place.bare:
        bare = fold_chars(ctx.place.bare).lower()
        if v.folded.startswith(bare, at) and _ACTS.match(v.folded, at + len(bare)):
            return _place_level(ctx.place)
    return None


def _subject_level(v: SentenceView, item: Item, ctx: Context) -> str | None:
    """Level of the sentence's subject, for a clause that has none of its own.

    "Ban Thường vụ Huyện ủy đã công nhận …; khen thưởng 27 tập thể" — the organ
    opening the sentence names the level of the later clause.
    """
    clause_start = v.clause_of(item.start)[0]
    if clause_start == 0 or not _VERB_FIRST.match(v.cue, clause_start):
        return None
    organs = [h for h in level_hits(v, (0, clause_start), ctx) if not v.cue.startswith("cap", h[0])]
    return organs[0][2] if organs else None


# "tăng" (to increase) folds like "tặng" (to give): "UBND huyện tăng cường …" honours nobody.
_INCREASE = re.compile(r"(?i)tăng\b")
_HONOURS = re.compile(
    r"\b(?:khen\s+thuong|tang|(?<!phong\s)trao|cong\s+nhan|bieu\s+duong|tuyen\s+duong"
    r"|ton\s+vinh)\b"
)
# "Đồng thời, biểu dương 30 mô hình": a sentence opening on the verb, after a linking word.
_CARRIED_OPENER = re.compile(
    r"[\s\-–•+*]*(?:(?:dong\s+thoi|ngoai\s+ra|ben\s+canh\s+do|sau\s+do|tiep\s+do|tiep\s+theo)"
    r"\s*,?\s*)?"
)


def sentence_actor(v: SentenceView, ctx: Context) -> tuple[str, str] | None:
    """The body honouring in a sentence ("Ban Thường vụ Huyện ủy đã khen thưởng …"): its level
    and words, for a next sentence that opens on the verb and names none.

    >>> from data_loaders.report_text.items import view
    >>> ctx = Context(2024, [], None, None, None)
    >>> sentence_actor(view("Tại hội nghị, Ban Thường vụ Huyện ủy đã khen thưởng 15 tập thể."), ctx)
    ('district', 'Ban Thường vụ Huyện')
    >>> sentence_actor(view("UBND huyện tăng cường chỉ đạo phong trào."), ctx) is None
    True
    """
    verb = next(
        (m for m in _HONOURS.finditer(v.cue) if not _INCREASE.match(v.text, m.start())), None
    )
    if verb is None:
        return None
    organs = [h for h in level_hits(v, (0, verb.start()), ctx) if not v.cue.startswith("cap", h[0])]
    if not organs:
        return None
    start, end, level = organs[-1]
    return level, v.text[start:end]


# "25 tập thể được tặng Bằng khen" (no body after the verb): honoured by someone not named.
_PASSIVE_HONOUR = re.compile(
    r"[^.;:]{0,40}?\bduoc\s+(?:(?:ubnd|uy\s+ban|chu\s+tich|ban|hoi\s+dong|dang\s+uy|cac\s+cap)"
    r"\b(?P<agent>)|(?:tang|trao|khen\s+thuong|bieu\s+duong|tuyen\s+duong|cong\s+nhan|ton\s+vinh)\b)"
)


def passive_without_body(v: SentenceView, item: Item) -> bool:
    """True for a figure honoured in the passive with no body named ("Theo đó, 25 tập thể
    được tặng Bằng khen"): the body is the one acting in the previous sentence.

    >>> from data_loaders.report_text.items import find_items, view
    >>> v = view("Theo đó, 25 tập thể được tặng Bằng khen.")
    >>> passive_without_body(v, find_items(v)[0])
    True
    >>> v = view("Có 25 tập thể được UBND tỉnh tặng Bằng khen.")
    >>> passive_without_body(v, find_items(v)[0])
    False
    """
    match = _PASSIVE_HONOUR.match(v.cue, item.noun_end)
    return bool(match) and match.group("agent") is None


def opens_on_the_verb(v: SentenceView, item: Item) -> bool:
    """True for a figure in the first clause of a sentence that opens on an honouring verb
    ("Đồng thời, biểu dương 30 mô hình tiêu biểu"): its actor is the previous sentence's."""
    if v.clause_of(item.start)[0] != 0:
        return False
    opener = _CARRIED_OPENER.match(v.cue)
    if opener is None or _INCREASE.match(v.text, opener.end()):
        return False
    return bool(_VERB_FIRST.match(v.cue, opener.end()))


_ORGANISES = re.compile(
    r"\b(?:da\s+|vua\s+)?(?:to\s+chuc|chu\s+tri)\s+(?:(?:le|hoi\s+nghi|hoi\s+thi|cuoc\s+thi"
    r"|(?:buoi\s+)?(?:hop|gap)\s+mat|buoi\s+le)\b"
    r"|(?:tong|so)\s+ket)"
)
# Unit type of the reporting unit (places.Place.unit) → level of what it organises itself.
_TIER_LEVEL = {"tinh": "province", "quan": "district", "huyen": "district", "thi xa": "district",
               "phuong": "commune", "xa": "commune", "thi tran": "commune"}  # fmt: skip


# "Hội nghị … do Ban Dân vận Tỉnh ủy tổ chức": the organiser named after the event.
_ORGANISED_BY = re.compile(r"\bdo\s+(?P<body>[^.;]{3,90}?)\s+(?:to\s+chuc|chu\s+tri)\b")


def organiser_level(views: list[SentenceView], ctx: Context) -> tuple[str, str] | None:
    """Level of the body that organised the meeting or contest the report is about.

    "Ban Dân vận Thành ủy Tam Kỳ tổ chức Hội nghị …" (a provincial city) → district; "Hội nghị
    … do Ban Dân vận Tỉnh ủy tổ chức" → province. Returns the level and the words that named
    it, from the first sentences that say who organised.

    >>> from data_loaders.report_text.items import view
    >>> ctx = Context(2015, [], None, None, None)
    >>> organiser_level([view("Chiều 12/12 Ban Dân vận Thành ủy Tam Kỳ tổ chức Hội nghị.")], ctx)
    ('district', 'Thành ủy')
    >>> organiser_level([view("Hội nghị tổng kết do Ban Dân vận Tỉnh ủy tổ chức.")], ctx)
    ('province', 'Ban Dân vận Tỉnh')
    """
    for v in views:
        match = _ORGANISES.search(v.cue)
        by = _ORGANISED_BY.search(v.cue)
        if match:
            hits = level_hits(v, (max(0, match.start() - 90), match.start()), ctx)
        elif by:
            hits = level_hits(v, by.span("body"), ctx)
        else:
            continue
        if hits:
            start, end, level = hits[-1]
            return level, v.text[start:end]
    return None


def unit_level(ctx: Context) -> str | None:
    """Level of the reporting unit itself (a district's own contest is district-level)."""
    place = ctx.place
    if place is None:
        return None
    if place.unit in ("thanh pho", "tp"):
        return "province" if is_central_city(place.bare) else "district"
    return _TIER_LEVEL.get(place.unit)


def award_of(v: SentenceView, item: Item) -> str | None:
    """Bằng khen, Giấy khen or prize grade named with an item (None: not named)."""
    if item.family == "award":
        return vocabulary.categorise("award", v.folded[item.mention.end : item.noun_end])
    if item.family == "prize":
        if not item.grade:
            return "none"
        try:
            return vocabulary.categorise("award", "giai " + item.grade)
        except vocabulary.UnknownTerm:
            return "none"
    hits = []
    for span in (item.head, item.tail):
        for match in matches_in(_AWARD_WORDS, v.cue, span):
            where = (
                item.start - match.end()
                if match.end() <= item.start
                else match.start() - item.noun_end
            )
            hits.append((where, vocabulary.categorise("award", match.group(1))))
    return min(hits)[1] if hits else None
