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
    text = unicodedata.normalize("NFC", str(value).translate(_LOOKALIKES))
    return _SPACES.sub(" ", text).strip()


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
    text = clean_text(value).translate(_D_FOLD)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.lower().translate(_D_FOLD)).strip()


def compact_key(value: object) -> str:
    """Return :func:`fold_key` without spaces ("Hải Phòng" → "haiphong").

    >>> compact_key("Bà Rịa - Vũng Tàu")
    'bariavungtau'
    """
    return fold_key(value).replace(" ", "")
