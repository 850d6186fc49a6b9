"""What the whole document says that single sentences rely on, and what is decided per item."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from data_loaders.report_text.items import Span
from data_loaders.report_text.periods import Period
from data_loaders.report_text.places import Place


@dataclass
class Context:
    """What the whole document says that single sentences rely on."""

    report_year: int | None
    ranges: list[Period]
    default_period: Period | None
    place: Place | None
    province: str | None
    contest_level: str | None = None
    contest_theme: str | None = None
    carried: Period | None = None
    carried_words: str = ""  # the words that stated the carried period
    default_source: str = ""  # where the default period comes from (title, lead, publication)
    contest_recent: bool = False
    title_contest: bool = False
    rejected: tuple[str, ...] = ()  # unit names read but not found in the localities table
    place_source: str = ""  # where the reporting unit was read: title, outlet, text or hint
    organiser: tuple[str, str] | None = None  # level of the body that organised the event, words
    organiser_in_title: bool = False  # that body is the one honouring in the title
    year_guessed: bool = False  # no publication date: report_year is the latest year named
    dated: bool = False  # the publication date is known
    honouring_event: bool = False  # the report is about an event held to honour exemplars
    previous_actor: tuple[str, str] | None = None  # level, words of the body acting just before


@dataclass
class Resolved:
    """The attributes decided for one item."""

    metric: str
    source: str
    kind: str
    subject: str
    field: str = "all"
    theme: str = "none"
    level: str = "none"
    award: str = "none"
    period: Period | None = None
    period_stated: bool = False
    period_to_now: bool = False  # "từ năm 2019 đến nay": the end is the report date, not stated
    period_source: str = ""  # where a period not stated with the figure was taken from
    locality: str | None = None
    unresolved_unit: str | None = None  # a smaller unit named with the figure, not a real one
    confidence: float = 0.5
    inferred: list[str] = dataclasses.field(
        default_factory=list
    )  # attributes not stated with the figure
    evidence: dict[str, str] = dataclasses.field(
        default_factory=dict
    )  # attribute → the words that decided


# --------------------------------------------------------------------------- helpers
def matches_in(regex: re.Pattern[str], text: str, span: Span) -> list[re.Match[str]]:
    """Matches of ``regex`` lying wholly inside ``span`` of ``text``."""
    start, end = span
    # ``endpos`` already keeps every match inside the span
    return list(regex.finditer(text, start, end)) if end > start else []
