"""Reading numbers as Vietnamese prose writes them (data_loaders.report_text.numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from data_loaders.report_text.numbers import find_numbers, parse_number, spelled_value


@pytest.mark.parametrize(
    ("text", "value"),
    [("2.084", 2084), ("04", 4), ("1.432", 1432), ("12.532", 12532), ("2,084", 2084), ("0", 0)],
)
def test_parse_number_reads_vietnamese_grouping(text: str, value: int) -> None:
    assert parse_number(text) == Decimal(value)


def test_parse_number_keeps_decimal_comma() -> None:
    assert parse_number("12,5") == Decimal("12.5")


def test_parse_number_rejects_words() -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number("mười")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("15 ngàn mô hình", 15000),
        ("15 nghìn mô hình", 15000),
        ("12,6 nghìn mô hình", 12600),
        ("hơn 4 nghìn mô hình", 4000),
    ],
)
def test_thousands_words_multiply(text: str, value: int) -> None:
    assert [m.value for m in find_numbers(text)] == [value]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("hơn 300 mô hình", "more_than"),
        ("trên 1.900 mô hình", "more_than"),
        ("gần 1.400 mô hình", "close_to"),
        ("khoảng 40 mô hình", "about"),
        ("ít nhất 2 mô hình", "at_least"),
        ("371 mô hình", None),
    ],
)
def test_qualifiers_are_kept_with_the_value(text: str, qualifier: str | None) -> None:
    (mention,) = find_numbers(text)
    assert mention.qualifier == qualifier
    assert mention.approximate is (qualifier is not None)
    assert mention.qualifier_start == 0  # the qualifier (or the number) opens each text


def test_money_keeps_its_own_number_not_a_multiplied_count() -> None:
    # "500 triệu đồng" is money: the multiplier is not applied, the noun check drops it later
    assert [m.value for m in find_numbers("500 triệu đồng")] == [500]


@pytest.mark.parametrize(
    "text",
    [
        "ngày 10/4/2018",
        "(15/10/1930 - 15/10/2022)",
        "Kế hoạch số 84-KH/TU",
        "Quyết định số 123/QĐ-UBND",
        "Nghị quyết 25-NQ/TW",
        "tỷ lệ 12,5%",
        "giai đoạn 2016-2020",
    ],
)
def test_dates_codes_and_fractions_are_not_counts(text: str) -> None:
    values = [m.value for m in find_numbers(text)]
    assert not any(v in values for v in (10, 4, 84, 123, 25, 2016, 2020, 1930, 15)), values


@pytest.mark.parametrize(
    ("words", "value"),
    [("hai mươi lăm", 25), ("mười hai", 12), ("tám", 8), ("ba mươi mốt", 31), ("mười", 10)],
)
def test_spelled_out_small_numbers(words: str, value: int) -> None:
    assert spelled_value(words) == value


def test_spelled_numbers_are_flagged() -> None:
    (mention,) = find_numbers("công nhận hai mươi lăm mô hình")
    assert (mention.value, mention.spelled) == (25, True)
