"""Numbers as Vietnamese prose writes them.

"2.084" is two thousand and eighty-four (dot groups thousands, comma marks
decimals), "04" is four, "15 ngàn"/"15 nghìn" is fifteen thousand and
"hơn 300" (more than), "gần 1.400" (close to), "khoảng 40" (about) keep their
value with a qualifier so that callers can lower their confidence. Small
numbers spelled out ("hai mươi lăm") are read too; callers decide whether
such a word is a number in context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

from data_loaders.report_text.folding import fold_chars

_DIGITS = re.compile(
    r"(?<![\w./,-])"  # not glued to another number, a date or a code
    r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?![\w/]|[.,-]\d|-[^\W\d_])"
)
_MULTIPLIER = re.compile(r"\s*(nghin|ngan|van|trieu|ty|ti)\b")
_PLAIN = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?")
_MONEY = re.compile(r"\s*(?:dong|d\b|vnd)")  # "15 triệu đồng" is money, not a count
_MULTIPLIERS = {"nghin": 1_000, "ngan": 1_000, "van": 10_000, "trieu": 10**6, "ty": 10**9}
_MULTIPLIERS["ti"] = _MULTIPLIERS["ty"]
# Qualifiers that precede a number, folded; value: the qualifier class.
_QUALIFIERS = {
    "hon": "more_than",
    "tren": "more_than",
    "ngoai": "more_than",
    "gan": "close_to",
    "ngot": "close_to",
    "xap xi": "about",
    "khoang": "about",
    "chung": "about",
    "uoc tinh": "about",
    "uoc": "about",
    "it nhat": "at_least",
    "toi thieu": "at_least",
    "toi da": "at_most",
    "duoi": "less_than",
}
_QUALIFIER = re.compile(
    r"(?:^|(?<=[\s(]))(" + "|".join(sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s+$"
)
_UNITS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "nhăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_SPELLED = re.compile(
    r"(?<!\w)((?:mười|(?:hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)\s+mươi)"
    r"(?:\s+(?:một|mốt|hai|ba|bốn|tư|lăm|nhăm|sáu|bảy|bẩy|tám|chín))?"
    r"|một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMention:
    """One number in a text.

    ``start``/``end`` span the number with its multiplier ("15 ngàn");
    ``qualifier_start`` is where a qualifier such as "hơn" begins (equal to
    ``start`` when there is none).
    """

    value: int
    start: int
    end: int
    qualifier_start: int
    qualifier: str | None = None
    spelled: bool = False

    @property
    def approximate(self) -> bool:
        """True when a qualifier makes the value a bound or an estimate."""
        return self.qualifier is not None


def parse_number(text: str) -> Decimal:
    """Read one Vietnamese-formatted number ("2.084", "12,5", "04").

    A comma followed by exactly three digits and nothing else ("2,084") is
    read as a thousands separator, as counts are never fractional.

    Examples
    --------
    >>> parse_number("2.084")
    Decimal('2084')
    >>> parse_number("04")
    Decimal('4')
    >>> parse_number("12,5")
    Decimal('12.5')
    """
    cleaned = text.strip()
    if re.fullmatch(r"\d{1,3},\d{3}", cleaned):
        cleaned = cleaned.replace(",", ".")
    if _PLAIN.fullmatch(cleaned):  # the common shapes, without a locale look-up per number
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    try:
        return Decimal(parse_decimal(cleaned, locale="vi_VN", strict=False))
    except (NumberFormatError, InvalidOperation) as exc:
        raise ValueError(f"not a number: {text!r}") from exc


def spelled_value(words: str) -> int | None:
    """Value of a spelled-out number from 1 to 99, or None.

    Examples
    --------
    >>> spelled_value("hai mươi lăm")
    25
    >>> spelled_value("mười một")
    11
    >>> spelled_value("ba")
    3
    """
    tokens = words.lower().split()
    if not tokens:
        return None
    if tokens[0] == "mười":
        tens, rest = 10, tokens[1:]
    elif len(tokens) >= 2 and tokens[1] == "mươi":
        tens, rest = _UNITS.get(tokens[0], 0) * 10, tokens[2:]
    else:
        tens, rest = 0, tokens
    if len(rest) > 1:
        return None
    unit = _UNITS.get(rest[0]) if rest else 0
    if unit is None or (tens == 0 and rest and rest[0] in {"mốt", "tư", "lăm", "nhăm"}):
        return None
    value = tens + unit
    return value or None


def _qualifier(folded: str, start: int) -> tuple[int, str | None]:
    match = _QUALIFIER.search(folded, max(0, start - 12), start)
    if not match:
        return start, None
    return match.start(1), _QUALIFIERS[match.group(1)]


def find_numbers(text: str, *, folded: str | None = None) -> list[NumberMention]:
    """All integer-valued numbers of ``text``, in order.

    Fractions ("12,5"), parts of dates ("10/4/2018") and of document codes
    ("84-KH/TU") are skipped; "15 ngàn" is 15000 and "12,6 nghìn" 12600.
    Spelled-out numbers are included with ``spelled=True``.

    Examples
    --------
    >>> [(m.value, m.qualifier) for m in find_numbers("hơn 15 ngàn mô hình, 12,5%, 10/4/2018")]
    [(15000, 'more_than')]
    >>> [m.value for m in find_numbers("Kế hoạch số 84-KH/TU: 02 giải A, 1.432 mô hình")]
    [2, 1432]
    """
    folded = fold_chars(text) if folded is None else folded
    found: list[NumberMention] = []
    for match in _DIGITS.finditer(text):
        number = parse_number(match.group(1))
        end = match.end()
        multiplier = _MULTIPLIER.match(folded, end)
        if multiplier and not _MONEY.match(folded, multiplier.end()):
            number *= _MULTIPLIERS[multiplier.group(1)]
            end = multiplier.end()
        if number != number.to_integral_value() or number < 0:
            continue
        q_start, qualifier = _qualifier(folded, match.start())
        found.append(NumberMention(int(number), match.start(), end, q_start, qualifier))
    for match in _SPELLED.finditer(text):
        value = spelled_value(match.group(1))
        if value is None:
            continue
        q_start, qualifier = _qualifier(folded, match.start())
        found.append(
            NumberMention(value, match.start(), match.end(), q_start, qualifier, spelled=True)
        )
    return sorted(found, key=lambda m: m.start)
