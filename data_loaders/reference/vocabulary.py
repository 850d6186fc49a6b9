"""The controlled vocabulary, read once from ``vocab/terms.csv`` and ``vocab/spellings.csv``.

Every dimension has stable ids, a Vietnamese and an English label and the
spellings met in real documents. :func:`categorise` maps any of these (id,
label or spelling, with or without diacritics) to the id; an unknown value
raises :class:`UnknownTerm` so that callers can report it rather than keep it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from data_loaders.reference.text import clean_text, fold_key

VOCAB_DIR = Path(__file__).with_name("vocab")
DIMENSIONS: tuple[str, ...] = ("metric", "kind", "field", "theme", "subject", "level", "award")
# Dimensions whose empty cell means the "no value" id.
EMPTY_MEANS: dict[str, str] = {
    "theme": "none",
    "level": "none",
    "award": "none",
    "field": "all",
    "subject": "all",
    "kind": "any",
}
TOTAL_IDS: dict[str, str] = {"field": "all", "subject": "all", "kind": "any"}
FIELD_SEPARATOR = "|"


class UnknownTerm(ValueError):
    """A value that is not an id, a label or a known spelling of a dimension."""

    def __init__(self, dimension: str, value: str) -> None:
        self.dimension = dimension
        self.value = value
        super().__init__(
            f"unknown {dimension} {value!r}; expected one of: {', '.join(ids(dimension))}"
        )


@dataclass(frozen=True)
class Term:
    dimension: str
    id: str
    label_vi: str
    label_en: str
    description: str

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi


def _read_csv(name: str) -> list[dict[str, str]]:
    with (VOCAB_DIR / name).open(encoding="utf-8", newline="") as fh:
        return [{k: clean_text(v) for k, v in row.items()} for row in csv.DictReader(fh)]


@cache
def terms() -> dict[str, dict[str, Term]]:
    """All terms by dimension then id, in file order."""
    out: dict[str, dict[str, Term]] = {d: {} for d in DIMENSIONS}
    for row in _read_csv("terms.csv"):
        out[row["dimension"]][row["id"]] = Term(**row)
    return out


@cache
def spellings() -> dict[str, dict[str, str]]:
    """Folded spelling → id, per dimension: ids, both labels and the listed spellings."""
    out: dict[str, dict[str, str]] = {d: {} for d in DIMENSIONS}
    for dim, by_id in terms().items():
        for term in by_id.values():
            for text in (term.id, term.label_vi, term.label_en):
                out[dim].setdefault(fold_key(text), term.id)
    for row in _read_csv("spellings.csv"):
        out[row["dimension"]][fold_key(row["spelling"])] = row["id"]
    return out


def ids(dimension: str) -> list[str]:
    """The ids of ``dimension`` in their defined order."""
    return list(terms()[dimension])


def label(dimension: str, term_id: str, lang: str = "vi") -> str:
    """Label of one id (a field combination joins its parts' labels with " + ")."""
    if dimension == "field" and FIELD_SEPARATOR in term_id:
        return " + ".join(label("field", part, lang) for part in term_id.split(FIELD_SEPARATOR))
    term = terms()[dimension].get(term_id)
    return term.label(lang) if term else term_id


def categorise(dimension: str, value: object) -> str:
    """Return the id that ``value`` stands for in ``dimension``.

    Empty cells take the dimension's default (``none``/``all``/``any``) where
    it has one. Fields may be a combination ("kinh tế | VH-XH").

    Examples
    --------
    >>> categorise("field", "VH-XH")
    'culture_society'
    >>> categorise("field", "kinh tế|văn hoá xã hội")
    'economy|culture_society'
    >>> categorise("theme", "")
    'none'
    """
    text = clean_text(value)
    if not text:
        if dimension in EMPTY_MEANS:
            return EMPTY_MEANS[dimension]
        raise UnknownTerm(dimension, text)
    if dimension == "field" and FIELD_SEPARATOR in text:
        parts = {categorise("field", part) for part in text.split(FIELD_SEPARATOR) if part.strip()}
        if "all" in parts and len(parts) > 1:
            raise UnknownTerm(dimension, text)
        return FIELD_SEPARATOR.join(f for f in ids("field") if f in parts)
    found = spellings()[dimension].get(fold_key(text))
    if found is None:
        raise UnknownTerm(dimension, text)
    return found


def is_valid(dimension: str, term_id: str) -> bool:
    """True when ``term_id`` is a canonical id (or a valid field combination)."""
    if dimension == "field" and FIELD_SEPARATOR in term_id:
        parts = term_id.split(FIELD_SEPARATOR)
        return (
            len(parts) == len(set(parts))
            and all(p in terms()["field"] and p != "all" for p in parts)
            and FIELD_SEPARATOR.join(f for f in ids("field") if f in parts) == term_id
        )
    return term_id in terms().get(dimension, {})
