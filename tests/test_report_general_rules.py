"""General rules for the level and period of a figure (issue 16, third round).

Each rule reads a sentence pattern any report may use, not one development text. Every
sentence here is written for the test (the real texts are not in the repository, see
tests/corpus/real/README.md).
"""

from __future__ import annotations

from datetime import date

from data_loaders.report_text import explain, extract

DVK = "“Dân vận khéo”"


def levels(text: str, **kwargs: object) -> list[tuple[int, str, str]]:
    """(value, metric, level) of every candidate."""
    return [(c.value, c.metric, c.level) for c in extract(text, **kwargs)]


# ------------------------------------------------------------------------------ levels
def test_youth_union_committees_name_their_level() -> None:
    text = f"Năm 2022, Huyện đoàn tuyên dương 9 mô hình {DVK} của đoàn viên."
    assert levels(text) == [(9, "models_recognized", "district")]
    text = f"Năm 2022, Tỉnh đoàn tuyên dương 12 mô hình {DVK} của đoàn viên."
    assert levels(text) == [(12, "models_recognized", "province")]
    # "đoàn kết" (solidarity) after a tier word names no body
    text = f"Năm 2022, toàn tỉnh đoàn kết xây dựng 300 mô hình {DVK}."
    assert levels(text) == [(300, "models_registered", "none")]


def test_passive_honours_take_the_body_acting_in_the_previous_sentence() -> None:
    text = (
        f"Chủ tịch UBND tỉnh vừa ký quyết định khen thưởng các điển hình {DVK} năm 2022. "
        "Theo đó, 25 tập thể và 15 cá nhân được tặng Bằng khen."
    )
    found = extract(text)
    assert [(c.value, c.level) for c in found] == [(25, "province"), (15, "province")]
    assert all("level inferred" in c.flags for c in found)
    why = explain(text)[0].why["level"]
    assert why.startswith("inferred from the body acting in the previous sentence")


def test_a_passive_honour_naming_its_own_body_keeps_it() -> None:
    text = (
        f"Ban Dân vận Tỉnh ủy vừa tổng kết phong trào {DVK} năm 2023. "
        "Có 30 tập thể được UBND huyện tặng Giấy khen."
    )
    assert levels(text) == [(30, "commendations", "district")]


def test_an_inferred_level_the_award_contradicts_is_not_taken() -> None:
    # a Giấy khen is no provincial honour: the province acting before does not give it
    text = (
        f"Năm 2023, UBND tỉnh đã khen thưởng các điển hình {DVK}. "
        "Ngoài ra, 40 tập thể được tặng Giấy khen."
    )
    assert levels(text) == [(40, "commendations", "none")]


def test_the_organiser_named_after_the_meeting_gives_the_level_of_its_honours() -> None:
    text = (
        f"Hội nghị tổng kết phong trào thi đua {DVK} năm 2022 do Ban Dân vận Tỉnh ủy tổ chức. "
        "Dịp này, 30 tập thể được biểu dương."
    )
    assert levels(text) == [(30, "models_recognized", "province")]


def test_the_body_honouring_in_the_title_gives_the_level_of_honours_at_the_meeting() -> None:
    title = f"UBND tỉnh khen thưởng 40 tập thể, cá nhân điển hình {DVK}"
    text = "Tại hội nghị, 28 tập thể và 12 cá nhân được tặng Bằng khen vì thành tích xuất sắc."
    found = levels(text, title=title, published=date(2022, 6, 1))
    assert found == [
        (40, "commendations", "province"),
        (28, "commendations", "province"),
        (12, "commendations", "province"),
    ]
    why = explain(text, title=title, published=date(2022, 6, 1))[1].why["level"]
    assert why == "inferred from the body honouring in the title «UBND tỉnh»"


# ----------------------------------------------------------------------------- periods
def test_a_local_launch_year_starts_the_period_to_now() -> None:
    text = (
        f"Từ khi phát động phong trào thi đua {DVK} năm 2010 đến nay, huyện đã xây dựng "
        "300 mô hình."
    )
    found = extract(text, published=date(2024, 10, 1))
    assert [(c.value, c.period_start, c.period_end) for c in found] == [
        (300, date(2010, 1, 1), date(2024, 12, 31))
    ]
    # without a year of its own, the launch is the movement's (2009)
    text = f"Từ khi phát động phong trào {DVK} đến nay, huyện đã xây dựng 300 mô hình."
    found = extract(text, published=date(2024, 10, 1))
    assert [(c.period_start, c.period_end) for c in found] == [
        (date(2009, 1, 1), date(2024, 12, 31))
    ]


def test_bodies_named_by_kind_and_tier_give_the_level_in_the_passive_too() -> None:
    end = f"trong phong trào thi đua {DVK}."
    assert levels(f"Năm 2022, 14 tập thể được Công an tỉnh khen thưởng {end}") == [
        (14, "commendations", "province")
    ]
    text = f"Năm 2022, Ban Thi đua - Khen thưởng tỉnh khen thưởng 9 tập thể {end}"
    assert levels(text) == [(9, "commendations", "province")]
    text = f"Năm 2022, Bộ Công an tặng Bằng khen cho 6 tập thể {end}"
    assert levels(text) == [(6, "commendations", "central")]


def test_a_body_after_of_owns_the_model_and_does_not_honour_it() -> None:
    text = f"Năm 2023, huyện Mai Lâm công nhận 7 mô hình {DVK} của UBND xã Hạ Bì."
    assert levels(text) == [(7, "models_recognized", "district")]
    text = f"Năm 2023, 7 mô hình {DVK} của Đảng ủy xã Hạ Bì được công nhận."
    assert levels(text) == [(7, "models_recognized", "none")]
    # … but after an award or a decision it names who gave it
    text = f"Năm 2023, Giấy khen của UBND huyện được trao cho 5 tập thể điển hình {DVK}."
    assert levels(text) == [(5, "commendations", "district")]


def periods(text: str, **kwargs: object) -> list[tuple[int, date | None, date | None]]:
    """(value, period_start, period_end) of every candidate."""
    return [(c.value, c.period_start, c.period_end) for c in extract(text, **kwargs)]


def test_a_range_to_the_end_of_a_year_is_one_phase() -> None:
    text = f"Từ năm 2020 đến hết năm 2024, toàn tỉnh có 4.100 mô hình {DVK}."
    assert periods(text, published=date(2025, 2, 1)) == [
        (4100, date(2020, 1, 1), date(2024, 12, 31))
    ]


def test_a_month_and_year_is_that_month_and_tells_an_undated_page_its_year() -> None:
    text = f"Trong tháng 10/2023, huyện Mai Lâm công nhận 15 mô hình {DVK}."
    assert periods(text) == [(15, date(2023, 10, 1), date(2023, 10, 31))]
    text = f"Tháng 10/2023, huyện tổ chức hội nghị.\n\nHiện nay, toàn huyện có 205 mô hình {DVK}."
    assert periods(text) == [(205, date(2023, 1, 1), date(2023, 12, 31))]


def test_the_years_listed_after_their_count_are_one_period() -> None:
    text = f"Trong 2 năm 2023 và 2024, toàn huyện có 260 mô hình {DVK} được công nhận."
    assert periods(text) == [(260, date(2023, 1, 1), date(2024, 12, 31))]
    # years listed without their count may be told one by one: each keeps its own
    text = f"Năm 2023, toàn huyện có 260 mô hình {DVK}; năm 2024 có 300 mô hình."
    assert periods(text, published=date(2025, 1, 9)) == [
        (260, date(2023, 1, 1), date(2023, 12, 31)),
        (300, date(2024, 1, 1), date(2024, 12, 31)),
    ]


# ------------------------------------------------------------------------------- theme
def test_models_of_a_named_ethnic_group_or_faith_are_the_other_theme() -> None:
    for group in ("đồng bào Khmer", "vùng đồng bào Chăm", "giáo dân", "vùng DTTS"):
        text = f"Năm 2022, toàn tỉnh có 40 mô hình {DVK} trong {group}."
        assert [(c.value, c.theme) for c in extract(text)] == [(40, "other")], group


# ------------------------------------------------------------------------ restatements
def test_a_headline_recognition_told_as_a_commendation_in_the_body_is_one_tally() -> None:
    title = f"Huyện Mai Lâm biểu dương 45 mô hình {DVK} tiêu biểu"
    text = (
        f"Sáng 13/10, Ban Dân vận Huyện ủy tổ chức hội nghị biểu dương mô hình {DVK} năm 2023. "
        "Tại hội nghị, Ban Thường vụ Huyện ủy tặng Giấy khen cho 45 mô hình tiêu biểu."
    )
    found = extract(text, title=title, published=date(2023, 10, 14))
    assert [(c.value, c.metric, c.level, c.award) for c in found] == [
        (45, "commendations", "district", "giay_khen")
    ]


def test_a_count_of_certificates_given_is_no_increase() -> None:
    # "tặng" (to give) and "tăng" (to increase) fold alike
    text = f"Năm 2024, UBND huyện tặng 45 Giấy khen cho tập thể, cá nhân điển hình {DVK}."
    assert levels(text) == [(45, "commendations", "district")]
    text = f"Năm 2024, huyện có 150 mô hình {DVK}, tăng 20 mô hình so với năm 2023."
    assert levels(text) == [(150, "models_registered", "none")]


def test_a_body_that_increases_something_honours_nobody() -> None:
    text = (
        f"Năm 2023, UBND tỉnh tăng cường chỉ đạo phong trào {DVK}. "
        "Theo đó, 40 tập thể được tặng Bằng khen."
    )
    assert levels(text) == [(40, "commendations", "none")]


# ------------------------------------------------------------------------------ metric
def test_workers_and_roads_are_no_recognition_though_they_fold_alike() -> None:
    # "công nhân" (workers) folds like "công nhận" (to recognise), "tuyến đường" (road) like
    # "tuyên dương" (to honour)
    text = f"Năm 2022, 25 mô hình {DVK} của công nhân các khu công nghiệp được duy trì."
    assert levels(text) == [(25, "models_registered", "none")]
    text = f"Năm 2022, toàn tỉnh có 25 mô hình {DVK} trong công nhân, người lao động."
    assert levels(text) == [(25, "models_registered", "none")]
    text = f"Năm 2022, có 25 mô hình {DVK} được công nhận."
    assert levels(text) == [(25, "models_recognized", "none")]


def test_a_tier_word_counts_only_as_written() -> None:
    # folded, "địa phương" ends like "phường" and "phương thức" starts like it
    text = f"Năm 2022, Ban Chỉ đạo phong trào {DVK} của các địa phương công nhận 70 mô hình."
    assert levels(text) == [(70, "models_recognized", "none")]
    text = f"Năm 2022, Ban Chỉ đạo phong trào {DVK} phường công nhận 7 mô hình."
    assert levels(text) == [(7, "models_recognized", "commune")]


def test_people_reached_by_a_contest_are_no_teams_though_they_fold_alike() -> None:
    text = (
        f"Năm 2023, Hội thi {DVK} tuyên truyền đến 1.200 đối tượng; Ban tổ chức trao 1 giải Nhất."
    )
    assert levels(text) == [(1, "contest_prizes", "none")]
    text = f"Năm 2023, Hội thi {DVK} có 12 đội tham gia."
    assert [(c.value, c.metric) for c in extract(text)] == [(12, "contest_entries")]


def test_bodies_of_every_unit_of_a_tier_name_that_tier() -> None:
    text = f"Năm 2022, UBND các xã, thị trấn đã công nhận 140 mô hình {DVK}."
    assert levels(text) == [(140, "models_recognized", "commune")]
    text = f"Năm 2022, các đảng bộ cơ sở công nhận 120 mô hình {DVK}."
    assert levels(text) == [(120, "models_recognized", "commune")]
    text = f"Năm 2022, UBND các huyện, thành phố khen thưởng 85 tập thể {DVK}."
    assert levels(text) == [(85, "commendations", "district")]


# ------------------------------------------------------------------------- kind, nouns
def test_times_counted_models_and_exemplars_are_counts_of_their_kind() -> None:
    text = f"Năm 2023, Ban Thường vụ Huyện ủy công nhận 202 lượt mô hình, điển hình {DVK}."
    found = extract(text)
    assert [(c.value, c.metric, c.kind, c.level) for c in found] == [
        (202, "models_recognized", "any", "district")
    ]
    text = f"Năm 2023, toàn huyện có 1.500 lượt mô hình {DVK}."
    assert [(c.value, c.kind) for c in extract(text)] == [(1500, "model")]


def test_a_phase_running_past_the_report_ends_with_the_year_of_publication() -> None:
    text = f"Giai đoạn 2021-2025, toàn tỉnh có 3.100 mô hình {DVK}."
    (found,) = extract(text, published=date(2023, 10, 1))
    assert (found.period_start, found.period_end) == (date(2021, 1, 1), date(2023, 12, 31))
    assert "period end inferred: the phase cut at the year of publication" in found.flags
    # once the phase is over, or on an undated page, it is the phase as stated
    assert periods(text, published=date(2025, 12, 1)) == [
        (3100, date(2021, 1, 1), date(2025, 12, 31))
    ]
    text = f"Trong 2 năm 2022 - 2023, toàn huyện có 260 mô hình {DVK} được công nhận."
    assert periods(text) == [(260, date(2022, 1, 1), date(2023, 12, 31))]


def test_a_year_and_the_first_months_of_the_next_are_one_period() -> None:
    text = f"Trong năm 2023 và 6 tháng đầu năm 2024, toàn huyện có 95 mô hình {DVK}."
    assert periods(text) == [(95, date(2023, 1, 1), date(2024, 6, 30))]


def test_a_gathering_organised_by_a_body_gives_the_level_of_its_honours() -> None:
    text = (
        "Sáng 14/10, Ban Dân vận Tỉnh ủy tổ chức họp mặt kỷ niệm ngày truyền thống công tác "
        f"dân vận. Dịp này, 20 tập thể điển hình {DVK} được tặng Bằng khen."
    )
    assert levels(text, published=date(2023, 10, 14)) == [(20, "commendations", "province")]


def test_a_headline_outcome_over_the_nomination_in_the_body_is_one_tally() -> None:
    title = f"Có 202 mô hình {DVK} được công nhận trong năm 2023"
    text = (
        f"Ban Chỉ đạo thành phố đề nghị Ban Thường vụ Thành ủy công nhận 202 mô hình {DVK} "
        "năm 2023."
    )
    found = extract(text, title=title, published=date(2023, 12, 20))
    assert [(c.value, c.metric) for c in found] == [(202, "models_recognized")]
    # a nomination of another count stays
    text = f"Ban Chỉ đạo thành phố đề nghị Ban Thường vụ Thành ủy công nhận 190 mô hình {DVK}."
    found = extract(text, title=title, published=date(2023, 12, 20))
    assert [(c.value, c.metric) for c in found] == [
        (202, "models_recognized"),
        (190, "nominations"),
    ]
