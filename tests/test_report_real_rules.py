"""Rules learnt from the real published reports (issue 16), each on a self-written text.

The real texts are not in the repository (see tests/corpus/real/README.md); every sentence
here is written for the test and only shares the shape of a case met in the development half.
"""

from __future__ import annotations

from datetime import date

from data_loaders.report_text import explain, extract

DVK = "“Dân vận khéo”"


def rows(text: str, *keys: str, **kwargs: object) -> list[tuple[object, ...]]:
    """(value, metric, *keys) of every candidate."""
    return [(c.value, c.metric, *(getattr(c, k) for k in keys)) for c in extract(text, **kwargs)]


# ------------------------------------------------------------ a page copied with its headline
def test_headline_repeated_as_first_line_is_one_tally_and_not_the_lead() -> None:
    title = f"Huyện Mai Lâm có 214 mô hình {DVK}"
    text = (
        f"Huyện Mai Lâm có 214 mô hình {DVK}\n\n"
        f"Trong năm 2022, huyện Mai Lâm đã xây dựng được 214 mô hình {DVK} trên các lĩnh vực.\n\n"
        "Trong đó, lĩnh vực kinh tế 90 mô hình; lĩnh vực văn hóa - xã hội 124 mô hình."
    )
    found = rows(text, "period_start", title=title, published=date(2023, 3, 2))
    assert found == [
        (214, "models_registered", date(2022, 1, 1)),
        (90, "models_registered", date(2022, 1, 1)),
        (124, "models_registered", date(2022, 1, 1)),
    ]


# ------------------------------------------------------------------ subject, kind and theme
def test_count_of_collectives_takes_the_kind_named_later_in_its_clause() -> None:
    text = f"Năm 2021, toàn huyện có 11 tập thể, 5 cá nhân được công nhận là điển hình {DVK}."
    assert rows(text, "kind", "subject") == [
        (11, "models_recognized", "exemplar", "collective"),
        (5, "models_recognized", "exemplar", "individual"),
    ]
    text = f"Năm 2021, huyện biểu dương 8 tập thể là mô hình {DVK} tiêu biểu."
    assert rows(text, "kind") == [(8, "models_recognized", "model")]


def test_religious_office_holders_are_the_other_theme() -> None:
    text = (
        f"Năm 2021, huyện khen thưởng 26 điển hình {DVK}, trong đó có 6 cá nhân là chức sắc, "
        "chức việc các tôn giáo."
    )
    assert rows(text, "theme") == [(26, "commendations", "none"), (6, "commendations", "other")]


def test_honours_for_mass_mobilisation_cadres_are_not_movement_figures() -> None:
    text = (
        f"Dịp này, hội nghị tuyên dương 41 tập thể tiêu biểu trong phong trào thi đua {DVK} năm "
        "2023 và tuyên dương 17 cá nhân cán bộ dân vận tiêu biểu giai đoạn 2018 – 2023."
    )
    assert rows(text) == [(41, "models_recognized")]
    text = "Năm 2023, huyện tuyên dương 9 cá nhân cán bộ dân vận khéo tiêu biểu."
    assert rows(text) == [(9, "models_recognized")]


# ------------------------------------------------------------- level of the honouring body
def test_a_province_opening_the_headline_as_the_one_honouring_gives_province_level() -> None:
    title = f"Lạng Sơn biểu dương 52 tập thể, 14 cá nhân điển hình {DVK}"
    text = "Tại hội nghị, các điển hình đã chia sẻ kinh nghiệm vận động nhân dân."
    assert rows(text, "level", "locality", title=title) == [
        (52, "models_recognized", "province", "Tỉnh Lạng Sơn"),
        (14, "models_recognized", "province", "Tỉnh Lạng Sơn"),
    ]


def test_a_bare_tier_word_after_a_date_names_the_honouring_level() -> None:
    text = f"Năm 2022, huyện công nhận 37 mô hình {DVK}; tỉnh biểu dương 6 điển hình."
    assert rows(text, "level") == [
        (37, "models_recognized", "district"),
        (6, "models_recognized", "province"),
    ]
    address = f"Năm 2022, xã Phú An, huyện Tân Phú khen thưởng 12 tập thể trong phong trào {DVK}."
    assert rows(address, "level") == [(12, "commendations", "none")]


def test_a_headline_opening_with_a_bare_district_name_locates_the_report() -> None:
    title = f"Vĩnh Thuận công nhận 93 mô hình {DVK}"
    text = f"Giai đoạn 2021-2023, huyện công nhận 93 mô hình {DVK} cấp huyện."
    found = extract(text, title=title, outlet="Báo Kiên Giang")
    assert [(c.value, c.level, c.locality, c.province) for c in found] == [
        (93, "district", "Huyện Vĩnh Thuận", "Kiên Giang")
    ]


def test_a_count_of_the_models_just_named_is_not_a_tally() -> None:
    text = (
        f"Năm 2022, toàn huyện có 130 mô hình {DVK}. Mô hình “Tổ hòa giải ở cơ sở” ấp Mỹ Hòa "
        "và mô hình “Camera an ninh” ấp Mỹ Lợi được công nhận cấp huyện, đến nay 2 mô hình "
        "đã phát huy hiệu quả."
    )
    assert rows(text) == [(130, "models_registered")]
    counted = f"Năm 2022, huyện công nhận 2 mô hình {DVK} và 3 mô hình “Tự quản”."
    assert rows(counted) == [(2, "models_recognized")]


def test_a_level_word_before_a_number_is_no_unit_and_a_unknown_unit_is_flagged() -> None:
    text = (
        f"Năm 2019, toàn thành phố có 4.358 mô hình {DVK}, trong đó cấp xã, phường, thị trấn "
        "3.215 mô hình."
    )
    found = extract(text, title=f"Hà Nội: 4.358 mô hình {DVK}")
    assert [(c.value, c.locality) for c in found] == [
        (4358, "Thành phố Hà Nội"),
        (3215, "Thành phố Hà Nội"),
    ]
    unknown = f"Năm 2024, tại huyện Châu Mộc, Ban Chỉ đạo huyện đã công nhận 25 mô hình {DVK}."
    (row,) = extract(unknown, outlet="Báo Sơn La")
    assert (row.locality, row.flags[0]) == (
        None,
        "locality not found in the localities table: Huyện Châu Mộc",
    )


def test_a_district_renamed_a_town_is_found_through_the_unit_history() -> None:
    # Huyện Mộc Châu became Thị xã Mộc Châu (same territory) in 2025: a report written
    # before that names the district, which the 2025 snapshot no longer holds.
    text = f"Năm 2024, tại huyện Mộc Châu, Ban Chỉ đạo huyện đã công nhận 25 mô hình {DVK}."
    (row,) = extract(text, outlet="Báo Sơn La")
    assert (row.locality, row.province, row.flags) == ("Huyện Mộc Châu", "Sơn La", ())


# ------------------------------------------------------- stage, level, kind and theme (session 3)
def test_implementing_the_movement_is_no_registration_of_the_figure() -> None:
    text = (
        f"Qua 15 năm thực hiện phong trào thi đua {DVK}, toàn huyện Kim Bôi có 520 mô hình "
        "được công nhận."
    )
    assert rows(text, outlet="Báo Hòa Bình", published=date(2024, 10, 10)) == [
        (520, "models_recognized")
    ]
    # a model "in implementing" a policy is recognised, and its group is theme "other"
    text = f"Có 12 mô hình {DVK} trong thực hiện chính sách bảo hiểm y tế được công nhận."
    assert rows(text, "theme", outlet="Báo Hòa Bình", published=date(2024, 10, 10)) == [
        (12, "models_recognized", "other")
    ]


def test_a_sentence_opening_on_the_verb_goes_on_with_the_previous_actor() -> None:
    text = (
        f"Tại hội nghị tổng kết phong trào {DVK}, Ban Thường vụ Huyện ủy Kim Bôi đã khen thưởng "
        "15 tập thể và 20 cá nhân. Đồng thời, biểu dương 30 mô hình tiêu biểu."
    )
    found = extract(text, outlet="Báo Hòa Bình", published=date(2024, 10, 10))
    assert [(c.value, c.metric, c.level) for c in found] == [
        (15, "commendations", "district"),
        (20, "commendations", "district"),
        (30, "models_recognized", "district"),
    ]
    assert "level inferred" in found[2].flags
    why = explain(text, outlet="Báo Hòa Bình", published=date(2024, 10, 10))[2].why
    assert why["level"] == (
        "inferred from the body acting in the previous sentence «Ban Thường vụ Huyện»"
    )
    # a new paragraph does not go on with it
    apart = text.replace(" Đồng thời,", "\n\nĐồng thời,")
    assert extract(apart, outlet="Báo Hòa Bình", published=date(2024, 10, 10))[2].level == "none"


def test_collectives_and_individuals_named_exemplars_are_exemplars() -> None:
    text = f"Hội nghị biểu dương 151 tập thể, cá nhân điển hình tiên tiến trong phong trào {DVK}."
    assert rows(text, "kind", "subject", outlet="Báo Hòa Bình", published=date(2025, 10, 13)) == [
        (151, "models_recognized", "exemplar", "all")
    ]
    text = f"Ban Dân vận Tỉnh ủy tặng Giấy khen cho 35 tập thể, cá nhân có thành tích trong {DVK}."
    assert rows(text, "kind", outlet="Báo Hòa Bình", published=date(2025, 10, 13)) == [
        (35, "commendations", "any")
    ]


def test_bodies_that_honour_name_their_level() -> None:
    def levels(text: str, outlet: str = "Báo Hòa Bình") -> list[tuple[int, str]]:
        found = extract(text, outlet=outlet, published=date(2024, 10, 10))
        return [(c.value, c.level) for c in found]

    end = f"có thành tích trong phong trào thi đua {DVK}."
    assert levels(f"Công an tỉnh tặng Giấy khen cho 12 tập thể {end}") == [(12, "province")]
    assert levels(f"Bộ Chỉ huy Quân sự tỉnh tặng Giấy khen cho 9 tập thể {end}") == [
        (9, "province")
    ]
    text = f"Hội đồng Thi đua - Khen thưởng huyện Kim Bôi tặng Giấy khen cho 7 tập thể {end}"
    assert levels(text) == [(7, "district")]
    text = f"Ủy ban MTTQ Việt Nam huyện Kim Bôi tặng Giấy khen cho 14 tập thể {end}"
    assert levels(text) == [(14, "district")]
    assert levels(f"Đảng ủy Khối các cơ quan tỉnh tặng Giấy khen cho 9 tập thể {end}") == [
        (9, "province")
    ]
    assert levels(f"Đảng ủy các xã, thị trấn đã công nhận 140 mô hình {DVK}.") == [(140, "commune")]
    text = (
        f"Năm 2024, 140 mô hình {DVK} được cấp ủy cơ sở công nhận, 18 mô hình được Ban Thường "
        "vụ Huyện ủy Kim Bôi công nhận."
    )
    assert levels(text) == [(140, "commune"), (18, "district")]
    text = f"Các huyện, thành phố đã biểu dương, khen thưởng 320 tập thể {end}"
    assert levels(text) == [(320, "district")]
    # a body of a commune named after the figure is whose model it is, not who honoured it
    text = f"Năm 2024, huyện Kim Bôi công nhận 5 mô hình {DVK} của Hội Nông dân xã Hạ Bì."
    assert levels(text) == [(5, "district")]


def test_exemplars_named_at_a_meeting_held_to_honour_them_are_recognised() -> None:
    text = (
        "Sáng 28/10, Ban Dân vận Tỉnh ủy Hòa Bình tổ chức Hội nghị tổng kết và biểu dương các "
        f"điển hình {DVK} giai đoạn 2020 - 2025.\n\n"
        "Tham dự có các đồng chí lãnh đạo tỉnh; đại diện Đảng ủy các xã, phường và 120 điển "
        f"hình {DVK} tiêu biểu của toàn tỉnh."
    )
    (row,) = extract(text, outlet="Báo Hòa Bình", published=date(2025, 10, 28))
    assert (row.value, row.metric, row.kind, row.level) == (
        120,
        "models_recognized",
        "exemplar",
        "province",  # the level of the body that held the meeting, not of the guests listed
    )
    assert (row.period_start, row.period_end) == (date(2020, 1, 1), date(2025, 12, 31))
    assert "level inferred" in row.flags
    # the same exemplars at a meeting that honours no one are no recognition
    plain = text.replace("tổng kết và biểu dương các điển hình", "sơ kết phong trào")
    assert [c.metric for c in extract(plain, outlet="Báo Hòa Bình")] == ["models_registered"]


def test_examples_of_individuals_are_exemplars() -> None:
    text = f"Khen thưởng 15 gương cá nhân tiêu biểu trong phong trào thi đua {DVK}."
    assert rows(text, "kind", "subject", outlet="Báo Hòa Bình", published=date(2024, 1, 2)) == [
        (15, "commendations", "exemplar", "individual")
    ]


def test_prize_winning_works_by_medium_share_the_prize_named_once() -> None:
    text = (
        f"Giải báo chí viết về {DVK} năm 2024 đã trao giải cho các tác phẩm: báo in có 5 tác "
        "phẩm đạt giải, phát thanh 4 tác phẩm, truyền hình 2 tác phẩm."
    )
    assert rows(text, outlet="Báo Hòa Bình", published=date(2024, 12, 2)) == [
        (5, "contest_prizes"),
        (4, "contest_prizes"),
        (2, "contest_prizes"),
    ]
    text = f"Hội thi {DVK} năm 2024 có 21 bài dự thi, trong đó 6 bài dự thi đạt giải."
    assert rows(text, outlet="Báo Hòa Bình", published=date(2024, 12, 2)) == [
        (21, "contest_entries"),
        (6, "contest_prizes"),
    ]


def test_the_past_year_of_a_review_published_early_next_year_is_the_year_reviewed() -> None:
    title = f"Kim Bôi tổng kết phong trào {DVK} năm 2023"
    text = f"Năm qua, toàn huyện Kim Bôi có 40 mô hình {DVK} được công nhận."
    found = extract(text, title=title, outlet="Báo Hòa Bình", published=date(2024, 1, 12))
    assert [(c.period_start, c.period_end) for c in found] == [
        (date(2023, 1, 1), date(2023, 12, 31))
    ]
    # without a year under review, "năm qua" is the year of publication
    found = extract(text, outlet="Báo Hòa Bình", published=date(2024, 12, 12))
    assert [(c.period_start, c.period_end) for c in found] == [
        (date(2024, 1, 1), date(2024, 12, 31))
    ]


def test_models_put_forward_to_a_higher_level_are_nominations_at_that_level() -> None:
    def found(text: str) -> list[tuple[int, str, str]]:
        out = extract(text, outlet="Báo Hòa Bình", published=date(2024, 10, 10))
        return [(c.value, c.metric, c.level) for c in out]

    text = f"Huyện Kim Bôi có 5 mô hình {DVK} được lựa chọn tham gia biểu dương cấp tỉnh."
    assert found(text) == [(5, "nominations", "province")]
    # the body that proposes is not the level the models are put forward to
    text = f"Ban Chỉ đạo huyện Kim Bôi đã lựa chọn 6 mô hình {DVK} để đề nghị tỉnh công nhận."
    assert found(text) == [(6, "nominations", "province")]
    # recognised by the province: a recognition, not a nomination
    text = f"Huyện Kim Bôi có 8 mô hình {DVK} được Ban Dân vận Tỉnh ủy công nhận cấp tỉnh."
    assert found(text) == [(8, "models_recognized", "province")]


# ------------------------------------------------------------ third round of real documents
def test_the_issue_date_of_a_directive_does_not_date_an_undated_page() -> None:
    text = (
        f"Ngày 12/4/2009, Ban Thường vụ Tỉnh ủy Hà Nam ban hành Chỉ thị số 15 về phong trào {DVK}."
        f"\n\nĐến nay, toàn tỉnh Hà Nam đã xây dựng được 1.520 mô hình {DVK}."
    )
    # a stock "đến nay" on a page that tells no year of its own: the period is unknown
    assert rows(text, "period_start", "period_end") == [(1520, "models_registered", None, None)]
    # the same stock on a dated page is as of the year of publication
    dated = rows(text, "period_start", "period_end", published=date(2021, 5, 4))
    assert dated == [(1520, "models_registered", date(2021, 1, 1), date(2021, 12, 31))]


def test_years_of_the_movement_are_the_phase_the_page_names_when_lengths_match() -> None:
    text = (
        f"Qua 3 năm thực hiện phong trào thi đua {DVK}, có 96 mô hình được tuyên dương.\n\n"
        f"Dịp này, Ban Thường vụ Huyện ủy Lục Sơn tặng giấy khen cho 4 tập thể có thành tích "
        f"xuất sắc trong phong trào thi đua {DVK} giai đoạn 2018-2021."
    )
    found = rows(text, "period_start", "period_end")
    assert found == [
        (96, "models_recognized", date(2018, 1, 1), date(2021, 12, 31)),
        (4, "commendations", date(2018, 1, 1), date(2021, 12, 31)),
    ]
    # with no phase of that length named, the years count from the launch of the movement
    alone = f"Qua 3 năm thực hiện phong trào thi đua {DVK}, có 96 mô hình được tuyên dương."
    assert rows(alone, "period_start", "period_end") == [
        (96, "models_recognized", date(2009, 1, 1), date(2012, 12, 31))
    ]


def test_a_number_opening_a_quoted_model_name_is_no_figure() -> None:
    text = (
        f"Năm 2022, xã Hòa Lâm có 14 mô hình {DVK}, tiêu biểu như: mô hình “3 sạch”, "
        "mô hình “5 không”, “cổng trường an toàn”."
    )
    assert rows(text, published=date(2022, 12, 1)) == [(14, "models_registered")]


def test_a_dateline_opening_the_page_is_not_its_lead() -> None:
    title = f"Tuyên dương 45 điển hình {DVK}"
    text = (
        f"Tuyên dương 45 điển hình {DVK}\n\nThứ Ba, 13/10/2020, 09:15 (GMT+7)\n\n"
        f"Ngày 13/10, Ban Dân vận Tỉnh ủy Lam Sơn tổ chức Hội nghị tuyên dương điển hình "
        f"{DVK} giai đoạn 2015 - 2020 nhân kỷ niệm 90 năm Ngày truyền thống công tác Dân vận."
    )
    found = rows(text, "period_start", "period_end", title=title, published=date(2020, 10, 13))
    assert found == [(45, "models_recognized", date(2015, 1, 1), date(2020, 12, 31))]


def test_a_headline_repeated_after_the_dateline_is_one_tally() -> None:
    title = f"Huyện Mai Lâm: Thành lập được 64 mô hình {DVK}"
    text = (
        f"08:10:05 12/05/2021\n\nHuyện Mai Lâm: Thành lập được 64 mô hình {DVK}\n\n"
        f"Từ năm 2018 đến nay, huyện Mai Lâm đã thành lập 64 mô hình {DVK}."
    )
    found = rows(text, "period_start", title=title, published=date(2021, 5, 12))
    assert found == [(64, "models_registered", date(2018, 1, 1))]
