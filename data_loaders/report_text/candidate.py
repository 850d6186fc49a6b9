"""The candidate tally the extractor returns (see metrics/RULES.md), awaiting review."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from data_loaders.report_text.numbers import find_numbers

CANDIDATE_KEYS: tuple[str, ...] = (
    "value", "metric", "kind", "field", "theme", "subject", "level", "award",
    "period_start", "period_end", "locality", "province", "quote", "confidence", "flags",
)  # fmt: skip

_QUALIFIER_NOTES = {
    "more_than": "lower bound",
    "close_to": "approximate (close to)",
    "about": "approximate",
    "less_than": "upper bound",
}


@dataclass(frozen=True)
class Candidate:
    """One stated count, in the vocabulary of ``vocab/terms.csv``, awaiting review.

    Examples
    --------
    >>> from datetime import date
    >>> c = Candidate(1000, "models_registered", "any", "all", "none", "all", "none", "none",
    ...               date(2008, 1, 1), date(2011, 12, 31), "Tỉnh Hà Tĩnh", "Hà Tĩnh",
    ...               "Toàn tỉnh đã xây dựng hơn 1.000 mô hình.", 0.72)
    >>> c.to_dict()["period_end"], c.approximate, c.note
    ('2011-12-31', True, 'lower bound: “hơn 1.000”')
    """

    value: int
    metric: str
    kind: str
    field: str
    theme: str
    subject: str
    level: str
    award: str
    period_start: date | None
    period_end: date | None
    locality: str | None
    province: str | None
    quote: str
    confidence: float
    flags: tuple[str, ...] = ()  # what a reviewer should check ("locality not found: …")

    def to_dict(self) -> dict[str, object]:
        """JSON-safe dict with exactly :data:`CANDIDATE_KEYS` (dates as ISO strings)."""
        out = asdict(self)
        for key in ("period_start", "period_end"):
            out[key] = out[key].isoformat() if out[key] else None
        out["flags"] = list(self.flags)
        return out

    @property
    def approximate(self) -> bool:
        """True when the quote qualifies the number ("hơn 300", "gần 1.400")."""
        return self.note is not None

    @property
    def note(self) -> str | None:
        """Why the value is approximate, read back from the quote (None when exact)."""
        for mention in find_numbers(self.quote):
            if mention.value == self.value and mention.qualifier:
                words = self.quote[mention.qualifier_start : mention.end]
                return f"{_QUALIFIER_NOTES.get(mention.qualifier, 'approximate')}: “{words}”"
        return None
