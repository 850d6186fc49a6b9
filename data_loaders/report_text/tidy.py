"""Tidy the figures of a document: restatements, rounded headlines, unlabelled breakdowns
and documents about another movement."""

from __future__ import annotations

import re

from data_loaders.report_text import phrases as ph
from data_loaders.report_text.folding import fold_chars
from data_loaders.report_text.walker import DocumentWalker, Found


def about_the_movement(walker: DocumentWalker, found: list[Found]) -> list[Found]:
    """Keep what a document says about "Dân vận khéo".

    A document that never names the movement but names another emulation drive
    is about that drive; one that names neither keeps its counts of models and
    registrations but not bare commendations ("tặng Bằng khen cho 32 tập thể").
    """
    folded = fold_chars(walker.title) + "\n" + fold_chars(walker.body)
    if ph.DVK.search(folded):
        return [f for f in found if not _other_programme(walker, f)]
    if ph.OTHER_DRIVE.search(folded) or ph.OTHER_MOVEMENT.search(folded):
        return []
    kept = []
    for f in found:
        v = walker.title_view if f.sentence < 0 else walker.views[f.sentence]
        bare = f.item.family in {"subject", "author", "award"}
        if bare and f.res.metric != "registrants" and not (v and ph.MODEL_WORD.search(v.folded)):
            continue
        kept.append(f)
    return kept


# Models of another named kind ("38 mô hình Tự quản về vệ sinh môi trường", "mô hình học tập").
_OTHER_MODEL = re.compile(
    r"\s*[“\"]?\s*(?:tu\s+quan|khu\s+dan\s+cu\s+tu\s+quan|to\s+lien\s+gia|hoc\s+tap"
    r"|cong\s+dan\s+hoc\s+tap|gia\s+dinh\s+hoc\s+tap|dong\s+ho\s+hoc\s+tap)\b"
)
# Honours for the cadres of mass mobilisation work ("32 cá nhân cán bộ Dân vận tiêu biểu"),
# not for models or exemplars of the movement ("cán bộ dân vận khéo" is the movement's).
_CADRE_HONOUR = re.compile(
    r"\s*(?:la\s+)?can\s+bo\s+(?:lam\s+cong\s+tac\s+)?dan\s+van\b(?!\s+kheo)"
)
# Words that open the next clause, not a contest's name ("Bế mạc Hội thi Ban Tổ chức trao giải").
_NOT_A_NAME = frozenset(
    ("ban", "ủy", "uỷ", "ubnd", "đảng", "hội", "chủ", "các", "những", "lần", "năm", "tỉnh",
     "huyện", "thành", "xã", "phường", "tại", "với", "đã", "được", "có", "là", "này", "đợt")
)  # fmt: skip
_CONTEST_NAME = re.compile(r"\b(?:hoi\s+thi|cuoc\s+thi)\s+(?P<name>[^,.;:()]{0,60})")


_QUOTED_NAME = re.compile(r"[“\"]\s*([^”\"]{3,120}?)\s*[”\"]")


def _counts_the_models_named(text: str, f: Found) -> bool:
    """True for "mô hình “A” và mô hình “B” …, đến nay 2 mô hình đã …": the number counts the
    models just named one by one, it is not a tally of the report.
    """
    value = f.item.mention.value
    if f.item.family != "model" or not 1 < value <= 5:
        return False
    names = [
        m.group(1)
        for m in _QUOTED_NAME.finditer(text, 0, f.item.start)
        if not re.search(r"(?i)d[âa]n\s+v[ậa]n\s+kh[ée]o", m.group(1))
    ]
    return len(names) == value


def _other_programme(walker: DocumentWalker, f: Found) -> bool:
    """A figure of another programme named in a report about the movement.

    "38 mô hình Tự quản" counts models of another kind; the entries and prizes of a
    named contest that is not about mass mobilisation ("Hội thi Tuyên truyền viên giỏi")
    are that contest's. An unnamed "hội thi" is the report's own.
    """
    v = walker.title_view if f.sentence < 0 else walker.views[f.sentence]
    if v is None:
        return False
    if _counts_the_models_named(v.text, f):
        return True
    if f.res.metric != "contest_entries" and f.res.metric != "contest_prizes":
        return bool(
            _OTHER_MODEL.match(v.folded, f.item.noun_end)
            or (f.item.family == "subject" and _CADRE_HONOUR.match(v.folded, f.item.noun_end))
        )
    named = [m for m in _CONTEST_NAME.finditer(v.folded, 0, f.item.start)]
    if not named:
        return False
    name = named[-1]
    written = v.text[name.start("name") : name.end("name")].lstrip()
    first = written.split(" ", 1)[0].strip('“"').lower() if written else ""
    is_named = written[:1] in '“"' or (written[:1].isupper() and first not in _NOT_A_NAME)
    return is_named and not re.search(r"\bdan\s+van\b", name.group("name"))


# --------------------------------------------------------------------------- post-processing
def reconcile_sums(found: list[Found]) -> None:
    """A breakdown with no stage cue whose parts add up to an earlier figure takes its stage.

    "… công nhận 1.190 mô hình. Xét theo lĩnh vực, có 495 …, 397 …" — the field
    split is of the recognised models.
    """
    groups: dict[tuple[int, int], list[Found]] = {}
    for f in found:
        if f.res.source == "weak" and f.sentence >= 0:
            groups.setdefault((f.sentence, f.item.group), []).append(f)
    by_value: dict[int, list[Found]] = {}  # stated figures by value, in document order
    for f in found:
        by_value.setdefault(f.item.mention.value, []).append(f)
    for (sentence, _), parts in groups.items():
        if len(parts) < 2:
            continue
        total = sum(p.item.mention.value for p in parts)
        in_parts = {id(p) for p in parts}
        earlier = [
            f
            for f in by_value.get(total, [])
            if 0 <= f.sentence <= sentence
            and id(f) not in in_parts
            and f.res.source not in {"weak", "sum"}
        ]
        if earlier:
            whole = earlier[-1].res
            for part in parts:
                part.res.metric, part.res.source = whole.metric, "sum"
                if not part.res.period_stated:
                    part.res.period = whole.period
                if part.res.level == "none":
                    part.res.level = whole.level
                part.res.confidence = 0.7


_HONOURS = {"models_recognized", "commendations"}


def _restates(again: Found, original: Found) -> bool:
    """True when a figure (a headline, a rounded "hơn 500") tells ``original`` again."""
    t, b = again.res, original.res
    value, other = again.item.mention.value, original.item.mention.value
    if again.item.mention.qualifier == "more_than" and t.metric == b.metric:
        return value <= other <= value * 1.1 + 1
    if again.item.mention.approximate and t.metric == b.metric:
        return abs(other - value) <= value * 0.1
    if value != other:
        return False
    if again.sentence < 0 and {t.metric, b.metric} == _HONOURS:
        return True  # a headline's "biểu dương 45 mô hình" told as "tặng Giấy khen cho 45 mô hình"
    return t.metric == b.metric or t.source in {"weak", "wide"}


def _borrow_from_parts(title: Found, body: list[Found]) -> None:
    """A headline total takes the level and period its parts in the body agree on."""
    groups: dict[tuple[int, int], list[Found]] = {}
    for f in body:
        if f.res.metric == title.res.metric:
            groups.setdefault((f.sentence, f.item.group), []).append(f)
    for parts in groups.values():
        if len(parts) > 1 and sum(p.item.mention.value for p in parts) == title.item.mention.value:
            levels = {p.res.level for p in parts}
            if title.res.level == "none" and len(levels) == 1:
                title.res.level = levels.pop()
            title.res.period = parts[0].res.period
            return


def _merge_key(f: Found) -> tuple[object, ...]:
    """What two statements of one tally share (kind, level and period may be left unsaid)."""
    r = f.res
    return (
        f.item.mention.value,
        r.metric,
        r.field,
        r.subject,
        r.award,
        r.theme,
        r.locality,
        r.unresolved_unit,
    )


def _compatible(a: Found, b: Found) -> bool:
    """True when two figures with the same key can be one tally stated twice."""
    if a.sentence == b.sentence:
        return False  # two figures of one sentence are two tallies
    same_level = a.res.level == b.res.level or "none" in (a.res.level, b.res.level)
    same_kind = a.res.kind == b.res.kind or "any" in (a.res.kind, b.res.kind)
    return same_level and same_kind and a.res.period == b.res.period


def deduplicate(found: list[Found]) -> list[Found]:
    """Drop restatements: the title's figures repeated in the body, or a figure told twice."""
    body = [f for f in found if f.sentence >= 0]
    kept: list[Found] = []
    by_key: dict[tuple[object, ...], list[Found]] = {}  # kept figures by merge key (linear)
    for f in body:
        key = _merge_key(f)
        twin = next((k for k in by_key.get(key, []) if _compatible(k, f)), None)
        if twin is None:
            kept.append(f)
            by_key.setdefault(key, []).append(f)
        elif twin.res.level == "none" and f.res.level != "none":
            twin.res.level = f.res.level
    exact_by_metric: dict[str, list[Found]] = {}
    largest: dict[str, list[int]] = {}  # the two largest non-effective values per metric
    for b in kept:
        if not b.item.mention.approximate:
            exact_by_metric.setdefault(b.res.metric, []).append(b)
        if not b.item.effective:
            top = sorted([*largest.get(b.res.metric, []), b.item.mention.value])[-2:]
            largest[b.res.metric] = top

    def restated(f: Found) -> bool:
        # _restates needs the same metric, or an exact value with a weak/wide source
        pool = (
            [b for b in kept if not b.item.mention.approximate]
            if f.res.source in {"weak", "wide"}
            else exact_by_metric.get(f.res.metric, [])
        )
        return any(_restates(f, b) for b in pool if b is not f)

    def contained(f: Found) -> bool:
        values = largest.get(f.res.metric, [])
        return any(v > f.item.mention.value for v in values)

    kept = [
        f
        for f in kept
        if not (f.item.mention.approximate and restated(f))
        and not (f.item.effective and contained(f))
    ]
    titles = [
        f
        for f in found
        if f.sentence < 0
        and not any(_restates(f, b) for b in kept)
        and not (f.item.effective and any(_contains(b, f) for b in kept))
    ]
    for title in titles:
        _borrow_from_parts(title, body)
    # "Có 202 mô hình được công nhận" over "đề nghị … công nhận 202 mô hình": the headline tells
    # the outcome of the nomination the body reports; one tally, at the headline's stage
    advanced = {
        f.item.mention.value for f in titles if f.res.metric in _HONOURS and not f.item.effective
    }
    kept = [
        f for f in kept if not (f.res.metric == "nominations" and f.item.mention.value in advanced)
    ]
    return titles + kept


def _contains(whole: Found, part: Found) -> bool:
    """True when ``whole`` is a larger figure of the same stage (``part`` is a subset of it)."""
    return (
        whole.res.metric == part.res.metric
        and whole.item.mention.value > part.item.mention.value
        and not whole.item.effective
    )
