"""Counted items of one sentence: a number, what it counts and the text around it.

A sentence is read on three aligned views (same length, same offsets): the
original text, its folded form and a *cue view* in which quoted names are
blanked and field/theme phrases are masked, so that "xây dựng hệ thống chính
trị" is not the verb "xây dựng" and the comma of "quốc phòng, an ninh" does not
split a list. Items are numbers followed (or, in "Số tập thể đăng ký: 168",
preceded) by a count noun. Between two items the text is split at the last
separator: what comes before belongs to the earlier item (its *tail*), what
follows to the later one (its *head*).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from data_loaders.report_text import phrases as ph
from data_loaders.report_text.folding import fold_chars
from data_loaders.report_text.numbers import NumberMention, find_numbers

Span = tuple[int, int]


@dataclass(frozen=True)
class Phrase:
    """A field or theme phrase (a list of fields is one phrase with several ids)."""

    start: int
    end: int
    ids: tuple[str, ...]
    every: bool = False  # "các lĩnh vực", "4 lĩnh vực": all fields


@dataclass
class SentenceView:
    """The aligned views of one sentence and the phrases found in it."""

    text: str
    folded: str
    cue: str
    fields: list[Phrase]
    themes: list[Phrase]
    delimiters: list[Span]
    clauses: list[Span]

    def clause_of(self, pos: int) -> Span:
        """The ";"-bounded clause containing ``pos``."""
        for start, end in self.clauses:
            if start <= pos <= end:
                return start, end
        return 0, len(self.text)


@dataclass
class Item:
    """One counted number of a sentence."""

    mention: NumberMention
    noun: str  # NOUN group: model, any, exemplar, collective, individual, subject_all, …
    noun_end: int
    grade: str | None = None
    subject: str = "all"
    kind: str = "any"
    elided: bool = False
    head: Span = (0, 0)  # own head: after the last separator before the number
    tail: Span = (0, 0)  # own tail: up to the separator before the next item
    wide: Span = (0, 0)  # clause text before the own head
    field_left: Span = (0, 0)
    field_right: Span = (0, 0)
    parent: Item | None = None
    group: int = 0
    excluded: str | None = None
    effective: bool = False  # "… mô hình đạt hiệu quả": may be a subset of another figure
    resolved: dict[str, object] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return ph.NOUN_FAMILY[self.noun]

    @property
    def start(self) -> int:
        return self.mention.qualifier_start


def _blank(chars: list[str], start: int, end: int, fill: str) -> None:
    for i in range(start, end):
        if chars[i] not in "\n":
            chars[i] = fill


def _phrases(regex: re.Pattern[str], folded: str, to_id) -> list[Phrase]:
    found = []
    for match in regex.finditer(folded):
        term = to_id(match.group(0))
        if term:
            found.append(Phrase(match.start(), match.end(), (term,)))
    return found


def _merge_field_lists(fields: list[Phrase], folded: str) -> list[Phrase]:
    merged: list[Phrase] = []
    for phrase in fields:
        if merged and ph.FIELD_LIST_GAP.match(folded[merged[-1].end : phrase.start]):
            last = merged.pop()
            ids = tuple(dict.fromkeys(last.ids + phrase.ids))
            merged.append(Phrase(last.start, phrase.end, ids))
        else:
            merged.append(phrase)
    return merged


# Words that fold like a stage cue but say something else: workers ("công nhân", not
# "công nhận", to recognise) and roads ("tuyến đường", not "tuyên dương", to honour).
_HOMOGRAPHS = re.compile(r"(?i)\bcông\s+nhân\b|\btuyến\s+đường\b")


def view(text: str) -> SentenceView:
    """Build the aligned views of a sentence.

    >>> v = view("Lĩnh vực quốc phòng, an ninh: 1.048 mô hình “Xây dựng, bảo vệ”")
    >>> v.fields[0].ids, v.cue.strip()
    (('defense_security',), '############################: 1.048 mo hinh')
    """
    folded = fold_chars(text)
    chars = list(folded)
    for match in ph.QUOTED.finditer(folded):
        _blank(chars, match.start(), match.end(), " ")
    unquoted = "".join(chars)
    fields = _merge_field_lists(_phrases(ph.field_regex(), unquoted, ph.field_id), unquoted)
    fields += [Phrase(m.start(), m.end(), (), every=True) for m in ph.ALL_FIELDS.finditer(unquoted)]
    themes = _phrases(ph.theme_regex(), folded, ph.theme_id)
    for phrase in fields + themes:
        if not phrase.every:
            _blank(chars, phrase.start, phrase.end, "#")
    for match in _HOMOGRAPHS.finditer(text):  # "công nhân" is no "công nhận" once folded
        _blank(chars, match.start(), match.end(), "~")
    for match in ph.LEVEL_LIST.finditer(folded):  # "cấp quận, huyện, thị xã" is one level
        for i in range(match.start(), match.end()):
            if chars[i] in ",/":
                chars[i] = " "
    cue = "".join(chars)
    delimiters = [m.span() for m in ph.DELIMITER.finditer(cue)]
    clauses: list[Span] = []
    start = 0
    for match in re.finditer(";", cue):
        clauses.append((start, match.start()))
        start = match.end()
    clauses.append((start, len(text)))
    return SentenceView(text, folded, cue, sorted(fields, key=lambda p: p.start), themes,
                        delimiters, clauses)  # fmt: skip


def _written_team(v: SentenceView, noun: re.Match[str]) -> bool:
    """False for a folded "doi" that is not written "đội" (team): "đối tượng", "đời", "đổi"."""
    folded = v.folded[noun.start("entry") : noun.end("entry")]
    written = v.text[noun.start("entry") : noun.end("entry")].lower()
    return folded != "doi" or written == "đội"


def _noun_at(folded: str, pos: int) -> re.Match[str] | None:
    match = ph.NOUN.match(folded, pos)
    return match if match and match.lastgroup else None


_BOTH_KINDS = re.compile(r"\s*(?:,|va|hoac)\s*(?:dien|mo)\s+hinh\b")


def _describe(item_noun: str, match: re.Match[str], folded: str) -> tuple[str, str, int]:
    """Subject, kind and end of a count noun (with "tập thể"/"điển hình" suffixes)."""
    end = match.end()
    subject, kind = "all", "any"
    if item_noun in {"model", "exemplar", "any"}:
        kind = item_noun
        suffix = ph.SUBJECT_SUFFIX.match(folded, end)
        if suffix:
            subject = "collective" if suffix.group(1).startswith("tap") else "individual"
            end = suffix.end()
    elif item_noun in {"collective", "individual", "subject_all"}:
        subject = "all" if item_noun == "subject_all" else item_noun
        suffix = ph.KIND_SUFFIX.match(folded, end)
        if suffix and not _BOTH_KINDS.match(folded, suffix.end()):  # "có mô hình, điển hình"
            kind = "exemplar" if suffix.group(1).startswith("dien") else "model"
    return subject, kind, end


def _last_delimiter(v: SentenceView, start: int, end: int) -> Span | None:
    inside = [d for d in v.delimiters if start <= d[0] and d[1] <= end]
    if not inside:
        return None
    last = inside[-1]
    # "Số tập thể đăng ký: 168": the label before the colon is the head.
    if v.cue[last[0] : last[1]] in (":", "|") and not v.cue[last[1] : end].strip():
        earlier = [d for d in inside[:-1]]
        return earlier[-1] if earlier else (start, start)
    return last


def _first_delimiter(v: SentenceView, start: int, end: int) -> Span | None:
    """Where the tail of one item ends and the head of the next begins.

    A breakdown opener ("trong đó", "gồm", "(") starts the next head; otherwise
    the first separator after an item closes it ("181 tập thể và 176 cá nhân"),
    and what follows — "trên cơ sở …, Ban Chỉ đạo … bình xét và công nhận 55" —
    is the next item's head, verb series included.
    """
    opener = ph.CHILD_OPENER.search(v.cue, start, end)
    if opener:  # "…, trong đó có 217 …": the breakdown starts at "trong đó"
        return opener.span()
    inside = [d for d in v.delimiters if start <= d[0] and d[1] <= end]
    return inside[0] if inside else None


_LABEL_END = re.compile(r"(?:[:|]|\bla\b|\bdat\b|\bgom\b|\blen\b)\s*$")


def _elided_noun(v: SentenceView, mention: NumberMention, start: int) -> re.Match[str] | None:
    """The noun of "Số tập thể đăng ký: 168" / "tổng số mô hình là 371" (label, then value)."""
    after = v.cue[mention.end : mention.end + 12]
    if not re.match(r"\s*(?:[,;.:)]|$|va\b|trong\b|cu\s+the\b)", after):
        return None
    cut = _last_delimiter(v, start, mention.qualifier_start)
    label = v.folded[cut[1] if cut else start : mention.qualifier_start]
    if cut and v.cue[cut[0] : cut[1]] in (":", "|") or _LABEL_END.search(label):
        nouns = list(ph.NOUN_BEFORE.finditer(label))
        return nouns[-1] if nouns and nouns[-1].lastgroup else None
    return None


_NOT_A_COUNT_BEFORE = re.compile(
    r"(?<!tong )\b(?:nam|ngay|thang|so|thu|lan\s+thu|khoa|quy|giai\s+doan|nhiem\s+ky|quan|phuong"
    r"|diem|muc|phan|chuong|dieu|khoan)\s*$"
)


# A short quoted name opening on a number: mô hình “3 sạch”, “5 không, 3 sạch”.
_NAME_OPENING = re.compile(r"[“\"‘]\s*$")
_NAME_CLOSE = re.compile(r"[^”\"’]{0,40}[”\"’]")


def _opens_a_name(folded: str, start: int) -> bool:
    """True when a number is the first word of a short quoted name (mô hình “3 sạch”).

    >>> [i.mention.value for i in find_items(view("Nhiều mô hình hay như: mô hình “3 sạch”."))]
    []
    """
    return bool(_NAME_OPENING.search(folded, max(0, start - 3), start)) and bool(
        _NAME_CLOSE.match(folded, start)
    )


def _field_adjacent(v: SentenceView, region: Span) -> bool:
    return any(
        p.end <= region[1] and region[1] - p.end <= 12
        for p in v.fields
        if p.ids and p.start >= region[0]
    )


def find_items(v: SentenceView) -> list[Item]:
    """The counted numbers of a sentence, with their heads, tails and relations.

    >>> [(i.mention.value, i.noun, i.subject) for i in find_items(view(
    ...     "Có 181 tập thể và 176 cá nhân đăng ký với tổng số 371 mô hình, tại 25 đơn vị."))]
    [(181, 'collective', 'collective'), (176, 'individual', 'individual'), (371, 'model', 'all')]
    """
    items: list[Item] = []
    previous_end = 0
    for mention in find_numbers(v.text, folded=v.folded):
        if mention.start < previous_end:
            continue
        if _NOT_A_COUNT_BEFORE.search(
            v.folded, max(0, mention.qualifier_start - 14), mention.qualifier_start
        ) or _opens_a_name(v.folded, mention.qualifier_start):
            continue
        noun = _noun_at(v.folded, mention.end)
        if noun is not None and noun.lastgroup == "entry" and not _written_team(v, noun):
            noun = None  # "1.200 đối tượng" is no "đội" (team), though both fold to "doi"
        if mention.spelled and (noun is None or noun.start() - mention.end > 1):
            continue
        if noun is not None and noun.lastgroup:
            subject, kind, end = _describe(noun.lastgroup, noun, v.folded)
            item = Item(mention, noun.lastgroup, end, noun.group("grade"), subject, kind)
        else:
            before = _elided_noun(v, mention, previous_end)
            if before is not None and before.lastgroup:
                subject, kind, _ = _describe(before.lastgroup, before, v.folded)
                item = Item(mention, before.lastgroup, mention.end, before.group("grade"),
                            subject, kind, elided=True)  # fmt: skip
            elif (
                items
                and items[-1].family == "model"
                and _field_adjacent(v, (previous_end, mention.qualifier_start))
            ):
                last = items[-1]
                item = Item(mention, last.noun, mention.end, None, "all", last.kind, elided=True)
            else:
                continue
        items.append(item)
        previous_end = item.noun_end
    _segment(v, items)
    return items


def _segment(v: SentenceView, items: list[Item]) -> None:
    """Fill heads, tails, field regions, groups and parents of the items of a sentence."""
    group = 0
    for index, item in enumerate(items):
        clause_start, clause_end = v.clause_of(item.start)
        seg_start = max(items[index - 1].noun_end, clause_start) if index else clause_start
        cut = _last_delimiter(v, seg_start, item.start)
        split = _first_delimiter(v, seg_start, item.start)
        if index == 0:
            item.head = (clause_start, item.start)
        else:
            item.head = (split[0], item.start) if split else (seg_start, item.start)
            prev = items[index - 1]
            prev_clause_end = v.clause_of(prev.start)[1]
            prev.tail = (prev.noun_end, min(split[0] if split else item.start, prev_clause_end))
        item.wide = (clause_start, item.head[0])
        left_start = cut[1] if cut else seg_start
        item.field_left = (left_start, item.start)
        # relation to the previous item
        if index:
            prev = items[index - 1]
            between = v.cue[prev.noun_end : item.start]
            if ")" in between:  # a parenthesis closed: back to the top level
                group += 1
            elif ph.CHILD_OPENER.search(between):
                item.parent = prev
                group += 1
            elif prev.family == item.family:
                item.parent = prev.parent
                if ";" in between:
                    group += 1
            else:
                group += 1
        item.group = group
    if items:
        last = items[-1]
        _, clause_end = v.clause_of(last.start)
        last.tail = (last.noun_end, clause_end)
    _share_kind(items)
    for item in items:
        stop = [d[0] for d in v.delimiters if item.noun_end <= d[0] < item.tail[1]]
        item.field_right = (item.noun_end, min(stop) if stop else item.tail[1])


def _share_kind(items: list[Item]) -> None:
    """ "12 tập thể, 8 cá nhân điển hình": the kind after the list applies to all of it."""
    for item in items:
        if item.family != "subject" or item.kind != "any":
            continue
        mates = [m for m in items if m.group == item.group and m.family == "subject"]
        kinds = {m.kind for m in mates} - {"any"}
        if len(kinds) == 1:
            item.kind = kinds.pop()
