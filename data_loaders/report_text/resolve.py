"""Decide what each counted item of a sentence is: metric, level, award, field, period …

The stage and the exclusions live in :mod:`~data_loaders.report_text.stages`,
levels and awards in :mod:`~data_loaders.report_text.levels`; this module adds
field, theme, period and locality and puts one sentence together.
"""

from __future__ import annotations

import re

from data_loaders.reference import vocabulary
from data_loaders.report_text.context import Context, Resolved
from data_loaders.report_text.gazetteer import lookup
from data_loaders.report_text.items import Item, SentenceView
from data_loaders.report_text.levels import award_of, level_of
from data_loaders.report_text.periods import Period, PeriodMention
from data_loaders.report_text.places import unit_mentions
from data_loaders.report_text.refine import (
    evidence_of,
    grade_near,
    infer_level,
    registered_for_level,
    share_stage_in_lists,
)
from data_loaders.report_text.stages import exclusion, metric_of, names_effectiveness, own_stages

# Confidence by where the stage came from (see stages.metric_of).
_CONFIDENCE = {"own": 0.9, "noun": 0.9, "group": 0.85, "parent": 0.85, "wide": 0.75,
               "event": 0.7, "weak": 0.6}  # fmt: skip
_LEVELLED = frozenset(
    {"models_recognized", "commendations", "nominations", "contest_entries", "contest_prizes"}
)

_ORGAN_BEFORE = re.compile(
    r"\b(?:ban|ubnd|uy\s+ban|dang\s+uy|hoi|cong\s+an|mat\s+tran|doan|truong|chi\s+bo|hdnd"
    r"|chu\s+tich|bi\s+thu|lanh\s+dao)\b[^,;]{0,25}$"
)


# --------------------------------------------------------------------------- field, theme
def _field(v: SentenceView, item: Item) -> tuple[str, str]:
    left = [
        p
        for p in v.fields
        if item.field_left[0] <= p.start
        and p.end <= item.start
        and not re.search(r"\d", v.cue[p.end : item.start])
        and len(v.cue[p.end : item.start].strip()) <= 12
    ]
    right = [p for p in v.fields if item.field_right[0] <= p.start and p.end <= item.field_right[1]]
    chosen = left[-1:] or right[:1] or _field_frame(v, item)
    if not chosen:
        return "all", ""
    phrase = chosen[0]
    words = v.text[phrase.start : phrase.end]
    every = phrase.every or any(p.every for p in right)
    ids = [i for i in vocabulary.ids("field") if i in phrase.ids]
    if every or not ids or len(ids) == 4:
        return "all", words
    return vocabulary.FIELD_SEPARATOR.join(ids), words


_FRAME = re.compile(r"^\W*(?:trong|ve|o|tren)?\s*linh\s+vuc\b")


def _field_frame(v: SentenceView, item: Item) -> list:
    """ "Trong lĩnh vực phát triển kinh tế, huyện Văn Yên hiện có 64 mô hình": a field opening the
    sentence frames its only figure."""
    if not _FRAME.match(v.folded):
        return []
    opening = [p for p in v.fields if p.start <= 40 and p.end <= item.start]
    between = v.folded[opening[0].end : item.start] if opening else ""
    if not opening or re.search(r"\d", between) or not between.lstrip().startswith(","):
        return []
    return opening[:1]


def _theme(v: SentenceView, item: Item, contest: bool, ctx: Context) -> str:
    regions = [item.field_left, item.field_right]
    if contest:
        regions.append((v.clause_of(item.start)[0], item.start))
    for start, end in regions:
        found = [p for p in v.themes if start <= p.start and p.end <= end]
        if found:
            return found[0].ids[0]
    if contest and ctx.contest_theme:
        return ctx.contest_theme
    return "none"


# --------------------------------------------------------------------------- period, place
def _period(
    v: SentenceView, item: Item, mentions: list[PeriodMention], ctx: Context
) -> tuple[Period | None, bool, bool, str]:
    """The item's period, whether its own sentence states it, whether it runs "to now", and
    where it was taken from when the sentence does not state it."""
    usable = [m for m in mentions if not m.future]
    clause = v.clause_of(item.start)
    in_clause = [m for m in usable if clause[0] <= m.start and m.end <= clause[1]]
    for pool in (in_clause, usable):
        before = [m for m in pool if m.end <= item.start]
        after = [m for m in pool if m.start >= item.noun_end]
        tight = [m for m in after[:1] if _right_after(v, item, m)]
        chosen = tight[0] if tight else before[-1] if before else (after[0] if after else None)
        if chosen is not None:
            if chosen.past_year and _year_under_review(ctx):
                words = v.text[chosen.start : chosen.end]
                return ctx.default_period, False, False, f"«{words}»: {ctx.default_source}"
            if chosen.period:  # "năm 2022", or a stock's own date ("tính đến 6/2024")
                return chosen.period, True, chosen.to_now, ""
            period, source = _stock(chosen, ctx)
            return period, False, False, f"«{v.text[chosen.start : chosen.end]}» as of {source}"
    if item.parent is not None and item.parent.resolved.get("period"):
        parent = item.parent.resolved["period"]
        return parent, False, False, "the figure it breaks down"  # type: ignore[return-value]
    if ctx.carried:
        return ctx.carried, False, False, f"the paragraph «{ctx.carried_words}»"
    return ctx.default_period, False, False, ctx.default_source


def _year_under_review(ctx: Context) -> bool:
    """True when the title or lead names the single year a review is about ("Tổng kết … năm
    2023" published in January 2024): "năm qua" (the past year) is that year."""
    period = ctx.default_period
    return bool(
        period
        and period.end
        and period.start.year == period.end.year
        and ctx.report_year
        and period.end.year == ctx.report_year - 1
        and ctx.default_source.startswith(("the title", "the lead"))
    )


# "14 tập thể, 6 cá nhân được công nhận là điển hình …": the noun comes after the count.
_IS_KIND = re.compile(
    r"\bla\s+(?:nhung\s+|cac\s+)?(?P<kind>mo\s+hinh\s*(?:,|va)\s*dien\s+hinh"
    r"|(?:guong\s+)?dien\s+hinh|mo\s+hinh)\b"
)


def predicate_kind(v: SentenceView, item: Item) -> str | None:
    """The kind a count of collectives or individuals is given later in its clause.

    >>> from data_loaders.report_text.items import find_items, view
    >>> v = view("Năm 2022, xã có 7 tập thể, 3 cá nhân được công nhận là điển hình.")
    >>> [predicate_kind(v, i) for i in find_items(v)]
    ['exemplar', 'exemplar']
    """
    end = min(v.clause_of(item.start)[1], item.noun_end + 100)
    found = _IS_KIND.search(v.folded, item.noun_end, end)
    if found is None:
        return None
    words = found.group("kind")
    if "mo hinh" in words and "dien hinh" in words:
        return "any"
    return "exemplar" if "dien hinh" in words else "model"


_NAME_ONLY = re.compile(
    r"^\s*(?:[“\"][^”\"]{0,40}[”\"])?\s*(?:giai\s+doan|nam|tu\s+nam|trong)?\s*$"
)


def _right_after(v: SentenceView, item: Item, mention: PeriodMention) -> bool:
    """The period qualifies the noun itself ("12 mô hình “Dân vận khéo” giai đoạn 2021-2023")."""
    return bool(_NAME_ONLY.match(v.folded[item.noun_end : mention.start]))


def _stock(mention: PeriodMention, ctx: Context) -> tuple[Period | None, str]:
    """The period of a stock ("đến nay", "hiện có") and what it was read as."""
    if mention.period is not None:
        return mention.period, "the date it names"
    year = ctx.report_year
    if year is None:
        return ctx.carried, "the paragraph"
    if ctx.year_guessed and ctx.carried is None:
        return None, ""  # "đến nay" on an undated page naming only phases: the year is unknown
    carried = ctx.carried or ctx.default_period
    where = "the year of publication" if not ctx.year_guessed else "the latest year named"
    if carried and carried.end and carried.end.year == year:
        phase = carried.start.year < year
        return Period.years(carried.start.year, year), (
            "the phase under review, ending that year" if phase else where
        )
    return Period.years(year), where


def _locality(v: SentenceView, item: Item, ctx: Context) -> tuple[str | None, str | None]:
    """The smaller unit named with the figure, and a named unit that is no real one.

    A figure of "Xã Bảo Hưng" (a row of a table, "xã X có 9 mô hình") whose name is not in the
    localities table is not the report's own unit's figure: it is left without a locality and
    flagged, never given to the reporting unit.
    """
    if ctx.place is None:
        return None, None
    clause_start = v.clause_of(item.start)[0]
    for start, place in reversed(unit_mentions(v.text, v.folded)):
        if not clause_start <= start < item.start or start + len(place.name) > item.start:
            continue  # "thị trấn 3.215 mô hình" names no unit "Thị trấn 3"
        if _ORGAN_BEFORE.search(v.folded[max(0, start - 40) : start]):
            continue
        if place.tier > ctx.place.tier:
            if lookup(place.name, ctx.province).real:
                return place.name, None
            return None, place.name
        break
    return None, None


# --------------------------------------------------------------------------- one sentence
def resolve_sentence(
    v: SentenceView, items: list[Item], mentions: list[PeriodMention], ctx: Context
) -> list[tuple[Item, Resolved]]:
    """Resolve every item of a sentence; excluded items get ``item.excluded`` set.

    Examples
    --------
    >>> from data_loaders.report_text.items import find_items, view
    >>> v = view("Chủ tịch UBND tỉnh tặng Bằng khen cho 30 tập thể và 30 cá nhân năm 2023.")
    >>> ctx = Context(2023, [], None, None, None)
    >>> for item, res in resolve_sentence(v, find_items(v), [], ctx):
    ...     print(item.mention.value, res.metric, res.subject, res.level, res.award)
    30 commendations collective province bang_khen
    30 commendations individual province bang_khen
    """
    own = own_stages(v, items)
    group_end = {i.group: i.tail[1] for i in items}
    out: list[tuple[Item, Resolved]] = []
    for item in items:
        reason = exclusion(v, item, group_end[item.group], own[id(item)])
        item.effective = names_effectiveness(v, item)
        if reason:
            item.excluded = reason
            continue
        found = metric_of(v, item, own, items, ctx)
        if found is None:
            item.excluded = "no stage cue"
            continue
        metric, source = found
        kind = (
            "any"
            if metric == "registrants" or item.family in {"entry", "prize", "award", "author"}
            else item.kind
        )
        if kind == "any" and item.family == "subject" and item.parent is not None:
            kind = item.parent.kind if item.parent.kind in ("model", "exemplar") else kind
        if kind == "any" and item.family == "subject":
            kind = predicate_kind(v, item) or kind
        res = Resolved(metric, source, kind, item.subject)
        contest = metric.startswith("contest") or item.family == "author"
        res.field, field_words = _field(v, item)
        res.theme = _theme(v, item, contest, ctx)
        if source == "event":  # the honoured exemplars take the level of the meeting
            pass
        elif metric in _LEVELLED or metric == "models_registered":
            level = level_of(v, item, metric, ctx)
            if level is None:
                level = _shared(item, items, "level")
            if level is None and contest:
                level = ctx.contest_level
            res.level = level or "none"
        if metric in {"commendations", "nominations", "contest_prizes"}:
            res.award = award_of(v, item) or _shared(item, items, "award") or "none"
        res.period, res.period_stated, res.period_to_now, res.period_source = _period(
            v, item, mentions, ctx
        )
        res.locality, res.unresolved_unit = _locality(v, item, ctx)
        res.confidence = _confidence(item, source)
        res.evidence = evidence_of(v, item, mentions, res, source, field_words, ctx)
        item.resolved = {
            "metric": metric,
            "period": res.period,
            "level": res.level,
            "award": res.award,
        }
        out.append((item, res))
    share_stage_in_lists(v, out)
    for item, res in out:
        registered_for_level(v, item, res, ctx)
    for item, res in out:  # a list shares the level and award named once for all of it
        if res.level == "none" and res.metric in _LEVELLED:
            res.level = _shared(item, items, "level") or "none"
        if res.award == "none" and res.metric in {"commendations", "nominations"}:
            res.award = _shared(item, items, "award") or "none"
        if res.award == "none" and res.metric == "contest_prizes":
            res.award = grade_near(v, item) or "none"
        if res.level == "none":
            infer_level(v, item, res, ctx)
    return out


def _shared(item: Item, items: list[Item], key: str) -> str | None:
    """A value named once for a whole list ("tặng Giấy khen cho 6 tập thể và 4 cá nhân")."""
    for other in items:
        if (
            other is not item
            and other.group == item.group
            and other.resolved.get("metric") == item.resolved.get("metric")
            and other.resolved.get(key) not in (None, "none")
        ):
            return str(other.resolved[key])
    if item.parent is not None and item.parent.resolved.get(key) not in (None, "none"):
        return str(item.parent.resolved[key])
    return None


def _confidence(item: Item, source: str) -> float:
    """Lower for weak cues, approximate ("hơn 300"), elided or spelled-out numbers."""
    value = _CONFIDENCE.get(source, 0.5)
    if item.mention.approximate:
        value *= 0.8
    if item.elided:
        value *= 0.9
    if item.mention.spelled:
        value *= 0.9
    return round(value, 3)
