"""Text normalisation: NFC display text and the diacritic-folded matching key.

Display text keeps every Vietnamese letter (NFC). Matching uses :func:`fold_key`,
in which ``đ`` becomes ``d`` and old/new tone-mark placement (hoá/hóa, uỷ/ủy)
fold together because all combining marks are dropped.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that look like Đ/đ and are typed for it: U+00D0 (Ð, ETH) and U+00F0 (ð).
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})
_D_FOLD = str.maketrans({"\u0110": "d", "\u0111": "d"})


def _fold_table() -> dict[int, str]:
    """Lowercase ASCII base letter of every precomposed Latin letter (one translate call)."""
    table: dict[int, str] = {0x0110: "d", 0x0111: "d"}
    for cp in range(0x00C0, 0x1F00):
        base = "".join(
            c for c in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(c)
        ).lower()
        if len(base) == 1 and base.isascii() and base.isalpha():
            table[cp] = base
    return table


_FOLD = _fold_table()
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


def clean_text(value: object) -> str:
    """Return ``value`` as trimmed NFC text with look-alike letters fixed.

    Examples
    --------
    >>> clean_text("  \u00d0\u00f4\u0301ng  Đa ")
    'Đống Đa'
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not text.isascii():
        text = text.translate(_LOOKALIKES)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def fold_key(value: object) -> str:
    """Return the diacritic-folded matching key of ``value``.

    Lowercase ASCII words separated by single spaces; ``đ`` → ``d``.

    Examples
    --------
    >>> fold_key("Thanh Hoá") == fold_key("thanh hóa")
    True
    >>> fold_key("Quận Đống Đa")
    'quan dong da'
    >>> fold_key("VH-XH")
    'vh xh'
    """
    return fold_clean(clean_text(value))


def fold_clean(text: str) -> str:
    """:func:`fold_key` of text that is already clean NFC (skips the cleaning step).

    >>> fold_clean("Camera an ninh khu dân cư")
    'camera an ninh khu dan cu'
    """
    return _NON_ALNUM.sub(" ", text.lower().translate(_FOLD)).strip()


def compact_key(value: object) -> str:
    """Return :func:`fold_key` without spaces ("Hải Phòng" → "haiphong").

    >>> compact_key("Bà Rịa - Vũng Tàu")
    'bariavungtau'
    """
    return fold_key(value).replace(" ", "")


_SEP = "\x1e"  # record separator: never part of clean text
_ASCII_WORD = bytes(b if (48 <= b <= 57 or 97 <= b <= 122 or b == 0x1E) else 32 for b in range(256))
_VIET_MARKS = tuple(
    chr(c).encode() for c in (0x300, 0x301, 0x302, 0x303, 0x306, 0x309, 0x31B, 0x323)
)
_MARKS = re.compile(rb"\xcc[\x80-\xbf]|\xcd[\x80-\xaf]")  # U+0300..U+036F in UTF-8


def clean_many(values: list[str]) -> list[str]:
    """:func:`clean_text` of many strings at once (same results, much faster in bulk).

    >>> clean_many([" Ðống  Đa", "Thanh Hoá"])
    ['Đống Đa', 'Thanh Hoá']
    """
    big = _SEP.join(v.replace(_SEP, " ") for v in values).translate(_LOOKALIKES)
    big = unicodedata.normalize("NFC", big)
    return [" ".join(part.split()) for part in big.split(_SEP)] if values else []


def fold_many(values: list[str]) -> list[str]:
    """:func:`fold_clean` of many clean strings at once (same results, faster in bulk).

    >>> fold_many(["Quận Đống Đa", "Thanh Hoá – “VH-XH”"])
    ['quan dong da', 'thanh hoa vh xh']
    """
    if not values:
        return []
    big = _SEP.join(values).lower().replace("\u0111", "d").replace("\u00f0", "d")
    raw = unicodedata.normalize("NFD", big).encode("utf-8")
    for mark in _VIET_MARKS:  # the common marks by plain replacement, then any other mark
        raw = raw.replace(mark, b"")
    raw = _MARKS.sub(b"", raw)
    ascii_text = raw.decode("utf-8").encode("ascii", "replace").translate(_ASCII_WORD)
    return [" ".join(part.split()) for part in ascii_text.decode("ascii").split(_SEP)]
