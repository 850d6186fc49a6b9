"""Periods a reader of Vietnamese news infers (issue 16), each on a self-written text.

"Từ năm 2009 đến nay" runs to the date of the page, and has no known end on an undated page;
"từ khi phát động phong trào" starts when the movement was launched (2009); "5 năm qua" is the
phase under review; an undated page tells its year by "sau N năm" from a dated plan or from
the launch (tests/corpus/real/README.md, "Period").
"""

from __future__ import annotations

from datetime import date

from data_loaders.report_text import explain, extract

DVK = "“Dân vận khéo”"
OUTLET = "Báo Hòa Bình"


def periods(text: str, **kwargs: object) -> list[tuple[int, date | None, date | None]]:
    return [(c.value, c.period_start, c.period_end) for c in extract(text, **kwargs)]


def test_since_a_year_to_now_ends_with_the_publication_year_and_is_flagged() -> None:
    text = f"Từ năm 2009 đến nay, huyện Kim Bôi đã có 412 mô hình {DVK} được công nhận."
    (row,) = extract(text, outlet=OUTLET, published=date(2024, 10, 10))
    assert (row.period_start, row.period_end) == (date(2009, 1, 1), date(2024, 12, 31))
    assert "period end inferred: “đến nay” read as the year of publication" in row.flags
    assert row.confidence < 0.9  # lower than the same figure with a stated period


def test_since_a_year_to_now_on_an_undated_page_has_an_open_end() -> None:
    text = f"Từ năm 2009 đến nay, huyện Kim Bôi đã có 412 mô hình {DVK} được công nhận."
    (row,) = extract(text, outlet=OUTLET)
    assert (row.period_start, row.period_end) == (date(2009, 1, 1), None)
    assert row.to_dict()["period_end"] is None
    assert "period end not known: “đến nay” on an undated page" in row.flags
    # an undated page naming only phases: the latest phase end is no date for "đến nay"
    text = (
        f"Giai đoạn 2011 - 2015, huyện Kim Bôi triển khai phong trào {DVK}. "
        f"Từ năm 2009 đến nay, huyện đã có 412 mô hình được công nhận."
    )
    assert periods(text, outlet=OUTLET) == [(412, date(2009, 1, 1), None)]


def test_since_the_movement_was_launched_starts_in_2009() -> None:
    text = f"Từ khi phát động phong trào thi đua {DVK} đến nay, huyện Kim Bôi đã có 305 mô hình."
    assert periods(text, outlet=OUTLET, published=date(2019, 10, 14)) == [
        (305, date(2009, 1, 1), date(2019, 12, 31))
    ]
    assert periods(text, outlet=OUTLET) == [(305, date(2009, 1, 1), None)]


def test_years_past_is_the_phase_under_review() -> None:
    text = f"5 năm qua, toàn huyện Kim Bôi đã xây dựng được 250 mô hình {DVK}."
    title = f"Kim Bôi tổng kết phong trào {DVK} giai đoạn 2016-2020"
    assert periods(text, title=title, outlet=OUTLET, published=date(2020, 8, 21)) == [
        (250, date(2016, 1, 1), date(2020, 12, 31))
    ]
    # "những năm qua" (the past years) states no period: the publication year stands
    text = f"Những năm qua, toàn huyện Kim Bôi đã xây dựng được 250 mô hình {DVK}."
    assert periods(text, outlet=OUTLET, published=date(2020, 8, 21)) == [
        (250, date(2020, 1, 1), date(2020, 12, 31))
    ]


def test_an_undated_page_counts_its_year_from_the_launch_of_the_movement() -> None:
    text = (
        f"Sau 10 năm triển khai phong trào thi đua {DVK}, huyện Kim Bôi đã có 305 mô hình. "
        "Mô hình trồng cam ở xã Hạ Bì được xây dựng từ năm 2017."
    )
    assert periods(text, outlet=OUTLET) == [(305, date(2009, 1, 1), date(2019, 12, 31))]


def test_an_undated_page_counts_its_year_from_a_dated_plan() -> None:
    text = (
        "Sau 03 năm triển khai thực hiện Kế hoạch số 53-KH/TU, ngày 10/3/2021 của Ban Thường vụ "
        f"Tỉnh ủy về phong trào thi đua {DVK} giai đoạn 2021 - 2025, huyện Kim Bôi có nhiều cách "
        "làm hay.\n\nĐến nay, toàn huyện đã đăng ký 185 mô hình."
    )
    # a stock ("đến nay") takes the phase under review, which ends that year (2021 - 2024)
    assert periods(text, outlet=OUTLET) == [(185, date(2021, 1, 1), date(2024, 12, 31))]
    # without "sau N năm" the plan's date is no date of the page: the stock's year is unknown
    # beyond the plan's, and a stated period still wins
    text = f"Năm 2022, theo Kế hoạch ngày 10/3/2021, huyện Kim Bôi đã đăng ký 120 mô hình {DVK}."
    assert periods(text, outlet=OUTLET) == [(120, date(2022, 1, 1), date(2022, 12, 31))]


def test_explain_says_where_an_inferred_period_end_comes_from() -> None:
    text = f"Từ năm 2015 đến nay, huyện Kim Bôi đã có 80 mô hình {DVK} được công nhận."
    (found,) = explain(text, outlet=OUTLET, published=date(2023, 5, 2))
    assert found.why["period"] == "«Từ năm 2015 đến nay»"
    assert found.why["review"] == "period end inferred: “đến nay” read as the year of publication"


def test_explain_says_where_a_period_not_stated_with_the_figure_comes_from() -> None:
    title = f"Huyện Kim Bôi tổng kết phong trào {DVK} năm 2022"
    text = f"Hội nghị đã biểu dương 25 tập thể tiêu biểu trong phong trào {DVK}."
    (found,) = explain(text, title=title, outlet=OUTLET, published=date(2023, 5, 2))
    assert found.candidate.period_start == date(2022, 1, 1)
    assert found.why["period"] == "inferred from the title «năm 2022»"
    assert "period inferred" in found.candidate.flags
    text = f"Hiện nay, toàn huyện Kim Bôi có 156 mô hình {DVK} đang hoạt động."
    (found,) = explain(text, outlet=OUTLET, published=date(2022, 12, 1))
    assert found.why["period"] == "inferred from «Hiện nay» as of the year of publication"
    text = f"Toàn huyện Kim Bôi có 80 mô hình {DVK} được công nhận."
    (found,) = explain(text, outlet=OUTLET, published=date(2022, 12, 1))
    assert found.why["period"] == "inferred from the year of publication"


def test_an_undated_page_naming_a_year_reads_to_now_as_that_year_and_says_so() -> None:
    text = (
        f"Năm 2023, huyện Kim Bôi tổng kết phong trào {DVK}. "
        f"Từ năm 2009 đến nay, huyện đã có 412 mô hình {DVK}."
    )
    (row,) = extract(text, outlet=OUTLET)
    assert (row.period_start, row.period_end) == (date(2009, 1, 1), date(2023, 12, 31))
    assert "period end inferred: “đến nay” read as the latest year the page names" in row.flags


def test_a_stock_until_a_past_year_is_that_year_and_an_aim_is_no_figure() -> None:
    for opening in ("Đến hết năm 2023", "Đến cuối năm 2023", "Đến năm 2023"):
        text = f"{opening}, toàn huyện Kim Bôi đã xây dựng 320 mô hình {DVK}."
        (row,) = extract(text, outlet=OUTLET, published=date(2024, 3, 10))
        assert (row.period_start, row.period_end, row.flags) == (
            date(2023, 1, 1),
            date(2023, 12, 31),
            (),
        )
    text = f"Phấn đấu đến năm 2025, toàn huyện Kim Bôi có 400 mô hình {DVK}."
    assert extract(text, outlet=OUTLET, published=date(2024, 3, 10)) == []


def test_a_period_ending_with_a_month_ends_that_month() -> None:
    text = f"Từ năm 2021 đến tháng 6/2024, huyện Kim Bôi đã công nhận 95 mô hình {DVK}."
    assert periods(text, outlet=OUTLET, published=date(2024, 7, 2)) == [
        (95, date(2021, 1, 1), date(2024, 6, 30))
    ]
