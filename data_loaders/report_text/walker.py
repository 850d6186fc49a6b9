"""Walk the sentences of one document, keeping what later sentences rely on.

A figure broken down in the next sentence ("… 23 mô hình. Trong đó: …"), a
bulleted list after "cụ thể:", the period a paragraph is about, the level and
theme of a contest named earlier: all of it is carried from sentence to
sentence here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from data_loaders.reference.text import clean_text
from data_loaders.report_text import phrases as ph
from data_loaders.report_text.context import Context, Resolved
from data_loaders.report_text.folding import fold_chars
from data_loaders.report_text.items import Item, SentenceView, find_items, view
from data_loaders.report_text.levels import level_hits, organiser_level, sentence_actor
from data_loaders.report_text.periods import (
    Period,
    anchored_year,
    document_ranges,
    explicit_years,
    find_periods,
    report_year,
)
from data_loaders.report_text.places import Place, locate, province_mentions
from data_loaders.report_text.resolve import resolve_sentence
from data_loaders.report_text.segment import Sentence, split_sentences


@dataclass
class Found:
    """An item that is a tally, what was decided about it and the sentence stating it."""

    item: Item
    res: Resolved
    sentence: int  # -1 for the title
    quote: str


_LEAD_MIN_CHARS = 80  # shorter opening lines are datelines, bylines or captions


class DocumentWalker:
    """Walks the sentences of one document, keeping what later sentences rely on.

    Examples
    --------
    >>> walker = DocumentWalker("Có 23 mô hình. Trong đó: kinh tế 3 mô hình.", "", None, None)
    >>> [(f.item.mention.value, f.res.field, f.item.parent is not None) for f in walker.run()]
    [(23, 'all', False), (3, 'economy', True)]
    """

    def __init__(
        self, body: str, title: str, published: date | None, hint: str | None, outlet: str = ""
    ):
        self.body, self.title, self.published = body, title, published
        self.sentences: list[Sentence] = split_sentences(body)
        folded_title, folded_body = fold_chars(title), fold_chars(body)
        year = report_year(published, title, body)
        ranges = document_ranges(folded_title + "\n" + folded_body)
        located = locate(title, body, outlet)
        place, province = located.place, located.province
        if hint:
            place, province = _hinted_place(hint, place, province)
        self.ctx = Context(year, ranges, None, place, province)
        self.ctx.rejected = located.rejected
        self.ctx.dated = published is not None
        # Undated, and no year stated on its own: the year is the end of a phase named.
        folded = folded_title + "\n" + folded_body
        self.ctx.year_guessed = (
            published is None and not explicit_years(folded) and anchored_year(folded) is None
        )
        self.ctx.place_source = "hint" if hint else located.source
        self.ctx.title_contest = bool(ph.CONTEST.search(folded_title))
        self.views = [view(s.text) for s in self.sentences]
        known = year is not None and not self.ctx.year_guessed
        dated = self.ctx.dated
        self.periods = [find_periods(v.folded, year, ranges, known, dated) for v in self.views]
        self.title_view = view(title) if title else None
        self.title_periods = find_periods(folded_title, year, ranges, known, dated) if title else []
        self.ctx.default_period = self._default_period()
        opening = [v for s, v in zip(self.sentences, self.views, strict=True) if s.paragraph <= 1]
        leading = ([self.title_view] if self.title_view else []) + opening[:4]
        # the body that organised the event, else the one honouring in the title ("UBND tỉnh
        # khen thưởng 40 tập thể …"): honours "at the conference" are given by it
        self.ctx.organiser = organiser_level(leading, self.ctx)
        if self.ctx.organiser is None and self.title_view is not None:
            self.ctx.organiser = sentence_actor(self.title_view, self.ctx)
            self.ctx.organiser_in_title = self.ctx.organiser is not None
        self.ctx.honouring_event = any(ph.HONOURING_EVENT.search(v.folded) for v in leading)
        self.found: list[Found] = []

    def _lead_paragraph(self) -> int:
        """The first paragraph of prose: a dateline ("Thứ Ba, 13/10/2020, 09:15") or another
        short line before it is not the lead."""
        lengths: dict[int, int] = {}
        for sentence in self.sentences:
            lengths[sentence.paragraph] = lengths.get(sentence.paragraph, 0) + len(sentence.text)
        for paragraph in sorted(lengths):
            if lengths[paragraph] >= _LEAD_MIN_CHARS:
                return paragraph
        return 0

    def _default_period(self) -> Period | None:
        first = self._lead_paragraph()
        lead = [
            (i, m)
            for i, s in enumerate(self.sentences)
            if s.paragraph == first
            for m in self.periods[i]
        ]
        title = [(-1, m) for m in self.title_periods]
        for pool, where in ((title, "the title"), (lead, "the lead paragraph")):
            explicit = [(i, m) for i, m in pool if m.period and not m.future and not m.stock]
            if explicit:
                index, mention = explicit[0]
                text = self.title if index < 0 else self.sentences[index].text
                self.ctx.default_source = f"{where} «{text[mention.start : mention.end]}»"
                return mention.period
        if self.ctx.report_year is None:
            return None
        self.ctx.default_source = (
            "the year of publication" if self.published else "the latest year the page names"
        )
        return Period.years(self.ctx.report_year)

    def run(self) -> list[Found]:
        """Resolve the title, then every sentence in order."""
        if self.title_view is not None:
            self._title()
        paragraph = -1
        last_tops: list[Item] = []  # top-level figures of the last sentence that had some
        last_any: list[Item] = []  # … in the document (a caption may come in between)
        bullet_parent: Item | None = None
        contest_at = -10
        for index, (sentence, v) in enumerate(zip(self.sentences, self.views, strict=True)):
            if sentence.paragraph != paragraph:
                paragraph, self.ctx.carried, last_tops = sentence.paragraph, None, []
                self.ctx.previous_actor = None
            if ph.CONTEST.search(v.folded):
                contest_at = index
                self._note_contest(v)
            self.ctx.contest_recent = self.ctx.title_contest or index - contest_at <= 3
            items = find_items(v)
            parent = None
            if ph.SENTENCE_CHILD_OPENER.match(v.folded) and items:
                parent = _last_of_family(last_tops or last_any, items[0].family)
            elif bullet_parent is not None and (ph.BULLET.match(v.folded) or _starts_with_field(v)):
                parent = bullet_parent
            if parent is not None:
                _adopt(items, parent)
            for item, res in resolve_sentence(v, items, self.periods[index], self.ctx):
                self.found.append(Found(item, res, index, sentence.text))
            self.ctx.previous_actor = sentence_actor(v, self.ctx)
            explicit = [m for m in self.periods[index] if m.period and not m.future and not m.stock]
            if explicit:
                self.ctx.carried = explicit[-1].period
                self.ctx.carried_words = v.text[explicit[-1].start : explicit[-1].end]
            top = [i for i in items if i.parent is None and i.excluded != "increase"]
            if top:
                last_tops = last_any = top
            if sentence.text.rstrip().endswith(":"):
                bullet_parent = last_tops[-1] if last_tops else None
            elif not ph.BULLET.match(v.folded):
                bullet_parent = None
        return self.found

    def _title(self) -> None:
        assert self.title_view is not None
        v = self.title_view
        self.ctx.contest_recent = self.ctx.title_contest
        if self.ctx.title_contest:
            self._note_contest(v)
        for item, res in resolve_sentence(v, find_items(v), self.title_periods, self.ctx):
            self.found.append(Found(item, res, -1, self.title))

    def _note_contest(self, v: SentenceView) -> None:
        levels = level_hits(v, (0, len(v.text)), self.ctx, only_cap=True)
        if levels and self.ctx.contest_level is None:
            self.ctx.contest_level = levels[0][2]
        if v.themes and self.ctx.contest_theme is None:
            self.ctx.contest_theme = v.themes[0].ids[0]


def _last_of_family(tops: list[Item], family: str) -> Item | None:
    """The figure a "Trong đó, …" sentence breaks down: the last one counting the same thing."""
    same = [item for item in tops if item.family == family]
    return same[-1] if same else (tops[-1] if tops else None)


def _starts_with_field(v: SentenceView) -> bool:
    """A list line such as "Lĩnh vực kinh tế: 1.277 mô hình" (a field opens it)."""
    return bool(v.fields) and not v.folded[: v.fields[0].start].strip(" -–•+*\t")


def _adopt(items: list[Item], parent: Item) -> None:
    """Make the first items of a "Trong đó, …" sentence children of ``parent``."""
    if not items:
        return
    family = items[0].family
    for item in items:
        if item.parent is not None or item.family != family:
            break
        item.parent = parent


def _hinted_place(hint: str, place: Place | None, province: str | None) -> tuple[Place, str | None]:
    """The caller's locality replaces the one read from the text (a province names both)."""
    name = clean_text(hint)
    provinces = province_mentions(name)
    if provinces and provinces[0][0] == 0 and len(provinces[0][1]) >= len(name) - 1:
        return Place("tinh", name, provinces[0][1]), provinces[0][1]
    unit = place.unit if place and place.name == name else "unit"
    return Place(unit, name, name), province
