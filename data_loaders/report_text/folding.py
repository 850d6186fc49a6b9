"""Offset-preserving folded view of a text, for matching cue phrases.

:func:`data_loaders.reference.text.fold_key` drops punctuation and collapses spaces, so
a match in its output cannot be mapped back to the document. :func:`fold_chars`
applies the same folding one character at a time and keeps every other
character, so position ``i`` of the folded view is position ``i`` of the text
and a regex match on the view gives the span of the original words.
"""

from __future__ import annotations

from functools import cache

from data_loaders.reference.text import fold_key


@cache
def _fold_char(char: str) -> str:
    folded = fold_key(char)
    if len(folded) == 1:
        return folded
    lowered = char.lower()
    return lowered if len(lowered) == 1 else " "


def fold_chars(text: str) -> str:
    """Return ``text`` folded character by character (same length as ``text``).

    Letters lose their diacritics and case (``đ`` → ``d``); digits, spaces and
    punctuation are kept, so offsets are preserved. ``text`` must be NFC
    (see :func:`data_loaders.reference.text.clean_text`).

    Examples
    --------
    >>> fold_chars("Văn hoá – Xã hội: 2.084")
    'van hoa – xa hoi: 2.084'
    >>> len(fold_chars("Đống Đa")) == len("Đống Đa")
    True
    """
    return text.translate(_TABLE)


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first use of each character (linear, in C)."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_TABLE = _FoldTable({cp: _fold_char(chr(cp)) for cp in range(0x2000)})
