"""Decisions that need a whole sentence or the whole document, made after each figure's own.

A list shares the stage of its first figure ("khen thưởng 9 mô hình tập thể, 14 điển hình
cá nhân"); models registered for a higher level are nominations; a prize grade may stand
next to the counted teams; a level not named with a figure may be that of the body that
organised the event. Each decision notes the words it rests on (``Resolved.evidence``)
for ``dvk extract --explain``.
"""

from __future__ import annotations

import re

from data_loaders.reference import vocabulary
from data_loaders.report_text.context import Context, Resolved
from data_loaders.report_text.items import Item, SentenceView
from data_loaders.report_text.levels import (
    level_hits,
    opens_on_the_verb,
    passive_without_body,
    unit_level,
)
from data_loaders.report_text.periods import PeriodMention
from data_loaders.report_text.places import is_central_city

_GRADE_AFTER = re.compile(r"^\s*(?:doi\s+)?(?:dat|gianh|nhan)\s+giai\s+(nhat|nhi|ba)\b")
_GRADE_BEFORE = re.compile(r"\bgiai\s+(nhat|nhi|ba)\s+(?:cho|toi|den)\s*$")
_LIST_GAP = re.compile(r"^\s*(?:[“\"][^”\"]{0,40}[”\"])?\s*(?:,|va|cung)\s*$")
_FOR_LEVEL = re.compile(
    r"^\s*(?:[“\"][^”\"]{0,40}[”\"])?\s*(?:(?P<verb>dang\s+ky\s+(?:cong\s+nhan\s+)?)?)"
    r"cap\s+(?P<unit>huyen|quan|thi\s+xa|thanh\s+pho|tinh|trung\s+uong)\b"
)
_REGISTER_BEFORE = re.compile(r"\bdang\s+ky\b")
_TIER_RANK = {"commune": 0, "district": 1, "province": 2, "central": 3}


def share_stage_in_lists(v: SentenceView, out: list[tuple[Item, Resolved]]) -> None:
    """ "khen thưởng 9 mô hình tập thể, 14 điển hình cá nhân": the list shares one stage.

    A figure joined to the previous one by nothing but a comma or "và" takes that
    figure's metric (and level and award): a stage word after it ("… có thành tích
    tiêu biểu", "để biểu dương") describes the list, not a second stage.
    """
    for (prev, before), (item, res) in zip(out, out[1:]):
        if res.metric == before.metric or before.source != "own":
            continue
        if before.metric not in {"commendations", "nominations", "models_recognized"}:
            continue
        if not _LIST_GAP.match(v.folded[prev.noun_end : item.start]):
            continue
        res.metric, res.level, res.award = before.metric, before.level, before.award
        res.evidence["metric"] = "shared with the previous figure of the list"
        item.resolved.update(metric=res.metric, level=res.level, award=res.award)


def registered_for_level(v: SentenceView, item: Item, res: Resolved, ctx: Context) -> None:
    """ "88 mô hình đăng ký cấp huyện": a model registered at a named higher level is put
    forward to it (a nomination), unlike "N mô hình cấp cơ sở" registered where it is."""
    if res.metric != "models_registered":
        return
    match = _FOR_LEVEL.match(v.folded[item.noun_end : item.noun_end + 50])
    if not match:
        return
    unit = re.sub(r"\s+", " ", match.group("unit"))
    level = {"tinh": "province", "trung uong": "central"}.get(unit, "district")
    if unit == "thanh pho" and is_central_city(ctx.province):
        level = "province"
    own = unit_level(ctx)
    registering = _REGISTER_BEFORE.search(v.folded[v.clause_of(item.start)[0] : item.start])
    higher = own is not None and _TIER_RANK.get(level, 0) > _TIER_RANK.get(own, 0)
    if match.group("verb") or (registering and higher):
        res.metric, res.level = "nominations", level
        res.evidence["metric"] = f"registered for a higher level «{v.text[item.noun_end :][:40]}»"
        item.resolved.update(metric=res.metric, level=level)


_AT_THE_MEETING = re.compile(r"\b(?:hoi\s+nghi|dip\s+nay|buoi\s+le|le\s+tong\s+ket)\b")


def grade_near(v: SentenceView, item: Item) -> str | None:
    """ "N đội đạt giải ba", "trao giải nhì cho N đội": the grade named with the counted teams."""
    match = _GRADE_AFTER.match(
        v.folded[item.noun_end : item.noun_end + 40]
    ) or _GRADE_BEFORE.search(v.folded[max(0, item.start - 30) : item.start])
    return vocabulary.categorise("award", "giai " + match.group(1)) if match else None


# A Bằng khen is given by a province or the centre, a Giấy khen by a district, a commune or a
# provincial department: an inferred level that the award contradicts is not taken.
_AWARD_LEVELS = {"bang_khen": {"province", "central"}, "giay_khen": {"district", "commune"}}


def _award_fits(award: str, level: str) -> bool:
    return level in _AWARD_LEVELS.get(award, {level})


def infer_level(v: SentenceView, item: Item, res: Resolved, ctx: Context) -> None:
    """Level not named with the figure: that of the body acting just before, or that of the
    body that organised the event.

    "Ban Thường vụ Huyện ủy đã khen thưởng …. Đồng thời, biểu dương 30 mô hình": a sentence
    opening on the verb goes on with the previous sentence's actor, and so does a figure
    honoured in the passive with no body named ("Theo đó, 25 tập thể được tặng Bằng khen").
    A contest is at the level of its organiser (or of the reporting unit); honours given "at
    the conference" are at the level of the body that held it. The level is then marked as
    inferred (lower confidence, flagged for review), unless the award named contradicts it
    (a Giấy khen is no provincial honour).
    """
    honour = res.metric in {"commendations", "models_recognized"}
    carried = opens_on_the_verb(v, item) or passive_without_body(v, item)
    if honour and ctx.previous_actor and carried:
        found: tuple[str, str] | None = ctx.previous_actor
        why = "body acting in the previous sentence"
    elif res.metric.startswith("contest"):
        found = ctx.organiser or ((unit_level(ctx), "") if unit_level(ctx) else None)
        why = "organiser" if ctx.organiser else "reporting unit"
    elif honour and (_AT_THE_MEETING.search(v.folded) or res.source == "event"):
        own = unit_level(ctx)
        found = ctx.organiser or ((own, "") if own else None)
        why = "organiser" if ctx.organiser else "reporting unit"
        why = "body honouring in the title" if ctx.organiser and ctx.organiser_in_title else why
    else:
        return
    if found is None or not _award_fits(res.award, found[0]):
        return
    res.level = found[0]
    res.inferred.append("level")
    res.evidence["level"] = f"inferred from the {why}" + (f" «{found[1]}»" if found[1] else "")
    res.confidence = round(res.confidence * 0.9, 3)


def evidence_of(
    v: SentenceView,
    item: Item,
    mentions: list[PeriodMention],
    res: Resolved,
    source: str,
    field_words: str,
    ctx: Context,
) -> dict[str, str]:
    """The words that decided each attribute of one item (for ``dvk extract --explain``)."""
    noun = v.text[item.mention.end : item.noun_end].strip()
    head = v.text[item.head[0] : item.start].strip()
    evidence = {
        "value": v.text[item.start : item.mention.end].strip(),
        "metric": f"{source} cue «{head[-60:]}»" if head else f"{source} cue",
        "subject": f"«{noun}»" if noun else "not stated",
        "kind": f"«{noun}»" if noun else "not stated",
        "field": f"«{field_words}»" if field_words else "no field named",
    }
    if res.level != "none":
        near = [
            h
            for span in (item.head, item.tail, item.wide, item.field_left, item.field_right)
            for h in level_hits(v, span, ctx)
            if h[2] == res.level
        ]
        near.sort(key=lambda h: min(abs(item.start - h[1]), abs(h[0] - item.noun_end)))
        evidence["level"] = f"«{v.text[near[0][0] : near[0][1]]}»" if near else "shared in the list"
    if res.period is not None:
        own = [m for m in mentions if m.period == res.period or (m.stock and not m.period)]
        if res.period_stated and own:
            evidence["period"] = f"«{v.text[own[0].start : own[0].end]}»"
        else:
            evidence["period"] = "inferred from " + (
                res.period_source or "the paragraph, title or publication date"
            )
    if res.locality:
        evidence["locality"] = f"named before the figure «{res.locality}»"
    elif ctx.place is not None:
        evidence["locality"] = f"reporting unit, from the {ctx.place_source or 'text'}"
    return evidence
