"""Split a document into sentences that keep their offsets and paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s)")
_ABBREVIATIONS = frozenset(
    {"tp", "q", "p", "x", "h", "tt", "ts", "ths", "pgs", "gs", "bs", "ks", "th", "st", "v.v", "vv"}
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: ``text == document[start:end]``."""

    start: int
    end: int
    text: str
    paragraph: int
    line: int


def _starts_sentence(rest: str) -> bool:
    stripped = rest.lstrip()
    if not stripped:
        return False
    first = stripped[0]
    return first.isupper() or first.isdigit() or first in '"“‘(-–•+*'


def _previous_word(text: str, end: int) -> str:
    # A bounded window: searching the whole line before each full stop was quadratic.
    match = re.search(r"([\w.]+)\.*$", text[max(0, end - 40) : end])
    return match.group(1).lower().rstrip(".") if match else ""


def _split_line(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _END.finditer(line):
        cut = match.end()
        if match.group(0).startswith(".") and _previous_word(line, match.start()) in _ABBREVIATIONS:
            continue
        if not _starts_sentence(line[cut : cut + 64]):
            continue
        spans.append((begin, cut))
        begin = cut
    spans.append((begin, len(line)))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text``: every line break ends one, so do ". " before a capital.

    Paragraphs are separated by blank lines; the lines of one paragraph
    (a bulleted list, say) share its number.

    Examples
    --------
    >>> text = "Năm 2022, TP. Hải Phòng có 2.084 mô hình. Trong đó:\\n- 217 mô hình"
    >>> [s.text for s in split_sentences(text)]
    ['Năm 2022, TP. Hải Phòng có 2.084 mô hình.', 'Trong đó:', '- 217 mô hình']
    """
    sentences: list[Sentence] = []
    paragraph = 0
    offset = 0
    line_number = 0
    for block in re.split(r"(\n)", text):
        if block == "\n":
            offset += 1
            continue
        if not block.strip():
            if sentences and sentences[-1].paragraph == paragraph:
                paragraph += 1
            offset += len(block)
            continue
        for begin, end in _split_line(block):
            chunk = block[begin:end]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                start = offset + begin + lead
                sentences.append(
                    Sentence(start, start + len(stripped), stripped, paragraph, line_number)
                )
        line_number += 1
        offset += len(block)
    return sentences
