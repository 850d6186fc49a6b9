"""The stage a count belongs to (registered, recognised, commended, nominated …) and the
counts that are not tallies at all.

Cues are looked up nearest first: the item's own head (the words just before
the number), its own tail (just after the noun), the list it belongs to
("28 tập thể, 12 cá nhân có thành tích …" share one tail), the figure it
breaks down ("trong đó …"), then the rest of the clause. Items that are not
tallies are dropped with a reason: targets ("phấn đấu", "ít nhất"),
increases ("tăng 34 … so với"), appraisal visits ("khảo sát, thẩm định 9 mô
hình"), replication picks, subsets by effectiveness and other movements'
figures.
"""

from __future__ import annotations

import re

from data_loaders.report_text import phrases as ph
from data_loaders.report_text.context import Context, matches_in
from data_loaders.report_text.items import Item, SentenceView, Span

# The stage cues of each item's own head and tail, by ``id(item)``.
Stages = dict[int, tuple[str | None, str | None]]
# Stage cue → metric, per noun family.
_MODEL_METRIC = {
    "nominate": "nominations",
    "commend": "commendations",
    "recognize": "models_recognized",
    "register": "models_registered",
}

_SUBJECT_METRIC = {
    "nominate": "nominations",
    "commend": "commendations",
    "recognize": "models_recognized",
    "enrol": "registrants",
}


def _nearest_before(hits: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    return max(hits, key=lambda h: h[1]) if hits else None


def _stage_hits(v: SentenceView, span: Span, family: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    register = ph.ENROL if family == "subject" else ph.REGISTER
    for name, regex in (("nominate", ph.NOMINATE), ("commend", ph.COMMEND),
                        ("recognize", ph.RECOGNIZE), ("register", register),
                        ("appraise", ph.APPRAISE), ("attend", ph.ATTEND),
                        ("replicate", ph.REPLICATE)):  # fmt: skip
        found += [(m.start(), m.end(), name) for m in matches_in(regex, v.cue, span)]
    if family == "subject":
        found = [(a, b, "enrol" if n == "register" else n) for a, b, n in found]
    return found


def _head_stage(v: SentenceView, item: Item) -> str | None:
    """Stage named before the number: a nomination anywhere, else the nearest cue."""
    hits = _stage_hits(v, item.head, item.family)
    if not hits:
        return None
    if any(name == "nominate" for _, _, name in hits):
        return "nominate"
    nearest = _nearest_before(hits)
    assert nearest is not None
    name = _honoured_and_rewarded(nearest, hits)
    if name == "replicate":
        registered = [h for h in hits if h[2] in {"register", "enrol"}]
        return registered[-1][2] if registered else "replicate"
    return name


def _tail_stage(v: SentenceView, item: Item) -> str | None:
    """Stage named after the noun ("2.084 mô hình … được đăng ký"): the first cue."""
    hits = [h for h in _stage_hits(v, item.tail, item.family) if h[2] not in {"appraise", "attend"}]
    if not hits:
        return None
    return _honoured_and_rewarded(min(hits, key=lambda h: (h[0], -h[1])), hits)


def _honoured_and_rewarded(chosen: tuple[int, int, str], hits: list[tuple[int, int, str]]) -> str:
    """Honoured and rewarded ("biểu dương, khen thưởng 21 tập thể") is a commendation."""
    if chosen[2] == "recognize" and any(
        name == "commend" and abs(start - chosen[0]) <= 25 for start, _, name in hits
    ):
        return "commend"
    return chosen[2]


def _wide_stage(v: SentenceView, item: Item) -> str | None:
    hits = [
        h
        for h in _stage_hits(v, item.wide, item.family)
        if h[2] not in {"appraise", "attend", "replicate"}
    ]
    if any(name == "nominate" for _, _, name in hits):
        return "nominate"
    nearest = _nearest_before(hits)
    return nearest[2] if nearest else None


# --------------------------------------------------------------------------- exclusions
def _movement_excluded(v: SentenceView, item: Item, group_end: int) -> bool:
    """True when the movement named nearest to the item is not "Dân vận khéo"."""
    opener = ph.CLAUSE_OPENER.search(v.cue, item.noun_end, group_end)
    scope = (item.mention.end, opener.start() if opener else group_end)
    after = [(m.start(), "other") for m in matches_in(ph.OTHER_MOVEMENT, v.folded, scope)]
    after += [(m.start(), "dvk") for m in matches_in(ph.DVK, v.folded, scope)]
    if after:
        return min(after)[1] == "other"
    clause_start = v.clause_of(item.start)[0]
    before = [
        (m.end(), "other")
        for m in matches_in(ph.OTHER_MOVEMENT, v.folded, (clause_start, item.start))
    ]
    before += [(m.end(), "dvk") for m in matches_in(ph.DVK, v.folded, (clause_start, item.start))]
    return bool(before) and max(before)[1] == "other"


# "tặng" (to give) folds like "tăng" (to increase): "tặng 45 Giấy khen" is no increase.
_GIVES = re.compile(r"(?i)tặng\b")


def exclusion(
    v: SentenceView, item: Item, group_end: int, stages: tuple[str | None, str | None]
) -> str | None:
    """Why an item is not a tally (None when it is one).

    ``group_end`` is where the item's list ends (its shared tail); ``stages``
    the stage cues of its own head and tail (see :func:`own_stages`).

    >>> from data_loaders.report_text.items import find_items, view
    >>> v = view("Phấn đấu mỗi xã có 5 mô hình, tăng 3 mô hình so với năm trước.")
    >>> [exclusion(v, i, i.tail[1], (None, None)) for i in find_items(v)]
    ['target', 'increase']
    """
    cue = v.cue
    head_stage, tail_stage = stages
    if item.mention.qualifier in {"at_least", "at_most"}:
        return "target"
    if matches_in(ph.TARGET, cue, item.head):
        return "target"
    delta = ph.DELTA_BEFORE.search(cue, item.head[0], item.start)
    if delta and not _GIVES.match(v.text, delta.start()):
        return "increase"
    if matches_in(ph.DELTA_AFTER, cue, item.field_right):
        return "increase"
    if head_stage == "appraise":
        return "appraisal"
    if head_stage == "attend":
        return "attendance"
    if head_stage == "replicate" or (head_stage is None and tail_stage == "replicate"):
        return "replication"
    if head_stage is None and matches_in(ph.NOT_A_TALLY_AFTER, cue, item.tail):
        return "not a tally"
    if _movement_excluded(v, item, group_end):
        return "other movement"
    if item.parent is not None and matches_in(ph.EFFECTIVE, cue, item.tail):
        return "effective subset"
    if item.parent is not None and item.parent.excluded and head_stage is None:
        return item.parent.excluded
    if item.family == "entry" and (
        matches_in(ph.ENTRY_STAGE, cue, item.tail) or matches_in(ph.ENTRY_STAGE, cue, item.head)
    ):
        return "contest stage"
    if item.family in {"entry", "prize"} and _PARTICIPANT.search(v.text, item.head[0], item.start):
        return "one participant's result"
    return None


def names_effectiveness(v: SentenceView, item: Item) -> bool:
    """True for "… mô hình đạt hiệu quả": a figure that may be a subset of a larger one."""
    return bool(matches_in(ph.EFFECTIVE, v.cue, item.field_right))


# "Báo Vĩnh Long có 3 tác phẩm đạt giải": a participant's own share of a contest.
_PARTICIPANT = re.compile(
    r"\b(?:Báo|Đài|Tạp chí|Trường|Công ty|Đội|Đoàn|Hội|Huyện|Quận|Thị xã|Thành phố|Xã|Phường)"
    r"\s+[A-ZĐ][^\s,;:]*(?:\s+[A-ZĐ][^\s,;:]*)*\s+(?:có|đạt|giành)\s*$"
)


# --------------------------------------------------------------------------- metric
def metric_of(
    v: SentenceView, item: Item, own: Stages, items: list[Item], ctx: Context
) -> tuple[str, str] | None:
    """(metric, source) of an item, or None when it is not a tally.

    The source says where the stage came from (own cue, its list, the figure it
    breaks down, the clause, the event the report is about — exemplars named at a
    meeting held to honour exemplars — or nothing but "có … mô hình": weak).
    """
    family = item.family
    if family in {"prize", "entry"} and not ctx.contest_recent:
        return None
    if family == "prize":
        return "contest_prizes", "noun"
    if family == "entry":
        return ("contest_prizes" if _prized(v, item, items) else "contest_entries"), "noun"
    if family == "award":
        return "commendations", "noun"
    table = _SUBJECT_METRIC if family == "subject" else _MODEL_METRIC
    if family == "author":
        table = {"commend": "commendations"}
    head, tail = own[id(item)]
    if head in table:
        return table[head], "own"
    if tail in table and (item.parent is None or tail not in {"register", "enrol"}):
        return table[tail], "own"
    # Positions by identity: ``list.index`` compares whole items and made this cubic.
    position = {id(m): k for k, m in enumerate(items)}
    here = position[id(item)]
    members = [m for m in items if m.group == item.group and m is not item]
    following = [m for m in members if position[id(m)] > here]
    preceding = [m for m in members if position[id(m)] < here][::-1]
    for member in following + preceding:
        stage = own[id(member)][0] or own[id(member)][1]
        if stage in table:
            return table[stage], "group"
    if item.parent is not None and "metric" in item.parent.resolved:
        parent_metric = str(item.parent.resolved["metric"])
        if family == "model" or parent_metric != "models_registered":
            return parent_metric, "parent"
    if tail in table:
        return table[tail], "own"
    wide = _wide_stage(v, item)
    if wide in table:
        return table[wide], "wide"
    if item.kind == "exemplar" and ctx.honouring_event:
        return "models_recognized", "event"  # the exemplars of a meeting held to honour them
    if family == "model":
        return "models_registered", "weak"
    return None


def _prized(v: SentenceView, item: Item, items: list[Item]) -> bool:
    """Entries that won prizes: "5 tác phẩm đạt giải", the rest of that list ("phát thanh 4 tác
    phẩm, truyền hình 3 tác phẩm"), or a breakdown of a count of prizes."""
    if item.parent is not None and item.parent.family == "prize":
        return True
    mates = [m for m in items if m.group == item.group and m.family == "entry"] or [item]
    return any(
        matches_in(ph.ENTRY_PRIZED, v.cue, m.tail) or matches_in(ph.ENTRY_PRIZED, v.cue, m.head)
        for m in mates
    )


def own_stages(v: SentenceView, items: list[Item]) -> Stages:
    """The stage cue of every item's own head and own tail, by ``id(item)``."""
    return {id(i): (_head_stage(v, i), _tail_stage(v, i)) for i in items}
