"""What the extractor reads from report prose: one test per pattern and per distractor class."""

from __future__ import annotations

from datetime import date

import pytest

from data_loaders.reference import vocabulary
from data_loaders.report_text import CANDIDATE_KEYS, Candidate, extract

DVK = "“Dân vận khéo”"


def rows(text: str, *keys: str, **kwargs: object) -> list[tuple[object, ...]]:
    """(value, metric, *keys) of every candidate."""
    return [(c.value, c.metric, *(getattr(c, k) for k in keys)) for c in extract(text, **kwargs)]


def one(text: str, **kwargs: object) -> Candidate:
    found = extract(text, **kwargs)
    assert len(found) == 1, [(c.value, c.metric) for c in found]
    return found[0]


# --------------------------------------------------------------------------- the candidate row
def test_candidate_dict_has_exactly_the_contract_keys_and_is_json_safe() -> None:
    import json

    (cand,) = extract(f"Năm 2023, toàn huyện có 336 mô hình {DVK}.")
    data = cand.to_dict()
    assert tuple(data) == CANDIDATE_KEYS
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert (data["period_start"], data["period_end"]) == ("2023-01-01", "2023-12-31")
    assert 0 < data["confidence"] <= 1


def test_every_id_belongs_to_the_vocabulary() -> None:
    text = (
        f"Năm 2022, toàn quận có 181 tập thể và 176 cá nhân đăng ký thực hiện với tổng số 371 mô "
        f"hình {DVK}, trong đó lĩnh vực kinh tế 82 mô hình, văn hóa - xã hội 164 mô hình. Ban "
        f"Thường vụ Quận ủy công nhận 19 tập thể cấp quận; tặng Giấy khen cho 6 tập thể. Cuộc thi "
        f"nhận 380 bài dự thi, trao 2 giải A."
    )
    found = extract(text)
    assert len(found) == 9
    for cand in found:
        for dimension in ("metric", "kind", "field", "theme", "subject", "level", "award"):
            assert vocabulary.is_valid(dimension, getattr(cand, dimension)), (dimension, cand)


def test_quote_is_the_sentence_that_states_the_figure() -> None:
    text = f"Hội nghị diễn ra sáng 26/10. Năm 2022, toàn quận có 371 mô hình {DVK}. Kết thúc."
    assert one(text).quote == f"Năm 2022, toàn quận có 371 mô hình {DVK}."


# --------------------------------------------------------------------------- registrations
def test_registrants_by_collective_and_individual_then_the_total() -> None:
    text = (
        "Năm 2022, toàn quận có 181 tập thể và 176 cá nhân đăng ký thực hiện với tổng số 371 mô "
        f"hình {DVK}."
    )
    assert rows(text, "subject", "field", "kind") == [
        (181, "registrants", "collective", "all", "any"),
        (176, "registrants", "individual", "all", "any"),
        (371, "models_registered", "all", "all", "model"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        f"Toàn huyện đã đăng ký 120 mô hình {DVK}.",
        f"Các đơn vị đã xây dựng được 120 mô hình {DVK}.",
        f"Năm 2023 triển khai 120 mô hình {DVK}.",
        f"Các chi bộ thực hiện 120 mô hình {DVK}.",
        f"Toàn tỉnh có 120 mô hình {DVK}.",
        f"Hiện nay đang duy trì 120 mô hình, điển hình {DVK}.",
    ],
)
def test_registration_verbs(sentence: str) -> None:
    assert rows(sentence) == [(120, "models_registered")]


def test_kinds_follow_the_noun() -> None:
    text = (
        f"Toàn tỉnh có 8.625 mô hình, điển hình {DVK}, trong đó có 5.214 mô hình, 3.411 điển hình."
    )
    assert rows(text, "kind") == [
        (8625, "models_registered", "any"),
        (5214, "models_registered", "model"),
        (3411, "models_registered", "exemplar"),
    ]


def test_subject_after_a_model_noun() -> None:
    text = f"Huyện có 274 mô hình {DVK}. Trong đó có 194 mô hình tập thể và 80 điển hình cá nhân."
    assert rows(text, "subject", "kind")[1:] == [
        (194, "models_registered", "collective", "model"),
        (80, "models_registered", "individual", "exemplar"),
    ]


# --------------------------------------------------------------------------- recognition
@pytest.mark.parametrize("verb", ["công nhận", "biểu dương", "tuyên dương"])
def test_recognition_verbs(verb: str) -> None:
    text = f"Ban Thường vụ Huyện ủy đã {verb} 25 mô hình {DVK} năm 2023."
    assert rows(text, "level") == [(25, "models_recognized", "district")]


def test_recognised_collectives_and_individuals_at_district_level() -> None:
    text = (
        "Ban Thường vụ Quận ủy đã ban hành quyết định công nhận 19 tập thể và 4 cá nhân đạt mô "
        f"hình {DVK} cấp quận năm 2022."
    )
    assert rows(text, "subject", "level") == [
        (19, "models_recognized", "collective", "district"),
        (4, "models_recognized", "individual", "district"),
    ]


@pytest.mark.parametrize(
    ("phrase", "level"),
    [
        ("cấp quận", "district"),
        ("cấp huyện", "district"),
        ("cấp cơ sở", "commune"),
        ("cấp xã", "commune"),
        ("cấp tỉnh", "province"),
        ("cấp Trung ương", "central"),
    ],
)
def test_levels(phrase: str, level: str) -> None:
    assert rows(f"Đã công nhận 42 mô hình {DVK} {phrase}.", "level") == [
        (42, "models_recognized", level)
    ]


# --------------------------------------------------------------------------- commendations
def test_bang_khen_of_the_provincial_chairman() -> None:
    text = (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho 30 tập thể và 30 cá nhân có thành tích xuất sắc "
        f"trong phong trào thi đua {DVK} năm 2023."
    )
    assert rows(text, "subject", "level", "award") == [
        (30, "commendations", "collective", "province", "bang_khen"),
        (30, "commendations", "individual", "province", "bang_khen"),
    ]


def test_giay_khen_of_the_district_standing_committee() -> None:
    text = (
        f"Giấy khen của Ban Thường vụ Quận ủy được trao cho 6 tập thể và 4 cá nhân tiêu biểu {DVK}."
    )
    assert rows(text, "level", "award") == [
        (6, "commendations", "district", "giay_khen"),
        (4, "commendations", "district", "giay_khen"),
    ]


def test_city_level_depends_on_the_city() -> None:
    central = f"Chủ tịch UBND thành phố tặng Bằng khen cho 39 tập thể, cá nhân tiêu biểu {DVK}."
    assert rows(central, "level", "subject", locality_hint="Hải Phòng") == [
        (39, "commendations", "province", "all")
    ]
    provincial = f"Thành ủy Hội An (tỉnh Quảng Nam) khen thưởng 12 tập thể trong phong trào {DVK}."
    assert rows(provincial, "level") == [(12, "commendations", "district")]


def test_central_awards() -> None:
    text = (
        f"Có 3 mô hình được Ban Dân vận Trung ương tặng Bằng khen; 1 cá nhân được Thủ tướng Chính "
        f"phủ tặng Bằng khen vì thành tích xuất sắc trong phong trào {DVK}."
    )
    assert rows(text, "level", "award") == [
        (3, "commendations", "central", "bang_khen"),
        (1, "commendations", "central", "bang_khen"),
    ]


# --------------------------------------------------------------------------- nominations
@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        (
            f"Ban Chỉ đạo phường đề nghị Ban Chỉ đạo thành phố công nhận 03 mô hình {DVK}.",
            "district",
        ),
        ("Ban Chỉ đạo đã đề nghị UBND huyện khen thưởng 66 mô hình.", "district"),
        ("Có 17 mô hình đăng ký công nhận cấp huyện.", "district"),
        (
            "Ban Dân vận lựa chọn, giới thiệu 6 mô hình để Ban Dân vận Tỉnh ủy xét công nhận.",
            "province",
        ),
        (f"Ban Chỉ đạo trình UBND huyện tặng Giấy khen cho 12 tập thể {DVK}.", "district"),
    ],
)
def test_nominations(sentence: str, level: str) -> None:
    (cand,) = extract(sentence, locality_hint="Phường Phúc Thành")
    assert (cand.metric, cand.level) == ("nominations", level)


def test_proposal_of_another_body_is_not_a_nomination() -> None:
    text = (
        "Trên cơ sở đề nghị của Ban Dân vận Tỉnh ủy, Chủ tịch UBND tỉnh tặng Bằng khen cho 30 tập "
        f"thể trong phong trào {DVK}."
    )
    assert rows(text) == [(30, "commendations")]


def test_nomination_to_two_levels_has_no_single_level() -> None:
    text = (
        "Ban Chỉ đạo huyện đề nghị Ban Dân vận Tỉnh ủy và Ban Thường vụ Huyện ủy khen thưởng 18 "
        "mô hình."
    )
    assert rows(text, "level") == [(18, "nominations", "none")]


# --------------------------------------------------------------------------- contests
def test_contest_entries_prizes_and_their_total() -> None:
    text = (
        f"Cuộc thi tuyên truyền các mô hình {DVK} xây dựng nông thôn mới thu hút 380 bài dự thi. "
        "Ban Tổ chức đã trao 16 giải, gồm 2 giải A, 4 giải B và 10 giải C."
    )
    assert rows(text, "award") == [
        (380, "contest_entries", "none"),
        (16, "contest_prizes", "none"),
        (2, "contest_prizes", "prize_a"),
        (4, "contest_prizes", "prize_b"),
        (10, "contest_prizes", "prize_c"),
    ]
    assert {c.theme for c in extract(text)} == {"new_rural"}


def test_prize_grades_by_rank_and_contest_level() -> None:
    text = (
        f"Hội thi {DVK} cấp tỉnh có 21 đội thi. Ban Tổ chức trao 2 giải Nhất, 2 giải Nhì, 4 giải "
        "Ba và 9 giải Khuyến khích."
    )
    assert rows(text, "award", "level") == [
        (21, "contest_entries", "none", "province"),
        (2, "contest_prizes", "prize_a", "province"),
        (2, "contest_prizes", "prize_b", "province"),
        (4, "contest_prizes", "prize_c", "province"),
        (9, "contest_prizes", "none", "province"),
    ]


def test_works_selected_for_prizes_are_prizes_finalists_are_not() -> None:
    text = (
        "Cuộc thi báo chí nhận 213 tác phẩm dự thi; 50 tác phẩm vào vòng chung khảo; "
        "40 tác phẩm xuất sắc được trao giải."
    )
    assert rows(text) == [(213, "contest_entries"), (40, "contest_prizes")]


# --------------------------------------------------------------------------- fields
@pytest.mark.parametrize(
    ("phrase", "field"),
    [
        ("lĩnh vực kinh tế", "economy"),
        ("văn hóa – xã hội", "culture_society"),
        ("văn hoá xã hội", "culture_society"),
        ("VH-XH", "culture_society"),
        ("quốc phòng, an ninh", "defense_security"),
        ("an ninh – quốc phòng", "defense_security"),
        ("QP-AN", "defense_security"),
        ("xây dựng hệ thống chính trị", "political_system"),
        ("xây dựng Đảng, xây dựng hệ thống chính trị", "political_system"),
        ("XDHTCT", "political_system"),
    ],
)
def test_field_spellings_before_the_figure(phrase: str, field: str) -> None:
    text = f"Toàn huyện có 336 mô hình {DVK}, trong đó {phrase} 82 mô hình."
    assert rows(text, "field") == [
        (336, "models_registered", "all"),
        (82, "models_registered", field),
    ]


def test_fields_after_the_figure_and_elided_nouns() -> None:
    after = "Có 242 mô hình, gồm 119 mô hình lĩnh vực kinh tế và 65 mô hình văn hóa - xã hội."
    assert [f for *_, f in rows(after, "field")] == ["all", "economy", "culture_society"]
    elided = "Có 336 mô hình, trong đó kinh tế 82, văn hóa - xã hội 164."
    assert rows(elided, "field") == [
        (336, "models_registered", "all"),
        (82, "models_registered", "economy"),
        (164, "models_registered", "culture_society"),
    ]


def test_field_combinations_and_all_fields() -> None:
    combined = "Trong đó, lĩnh vực kinh tế, văn hóa - xã hội có hơn 8 ngàn mô hình."
    assert rows(combined, "field") == [(8000, "models_registered", "economy|culture_society")]
    every = (
        "Có 274 mô hình trên các lĩnh vực kinh tế, văn hóa - xã hội, quốc phòng - an ninh và xây "
        "dựng hệ thống chính trị."
    )
    assert rows(every, "field") == [(274, "models_registered", "all")]


def test_bulleted_breakdown_of_a_total() -> None:
    text = (
        "Tính đến ngày 15/6/2022, các địa phương trong tỉnh duy trì 4.266 mô hình (tăng 34 mô "
        "hình so với cuối năm 2021), cụ thể:\n- Lĩnh vực kinh tế: 1.277 mô hình;\n"
        "- Lĩnh vực quốc phòng, an ninh: 1.048 "
        "mô hình."
    )
    assert rows(text, "field", "period_end") == [
        (4266, "models_registered", "all", date(2022, 12, 31)),
        (1277, "models_registered", "economy", date(2022, 12, 31)),
        (1048, "models_registered", "defense_security", date(2022, 12, 31)),
    ]


def test_table_rows_label_then_value() -> None:
    text = "Nội dung | Số lượng\nTổng số mô hình đăng ký | 312\nMô hình lĩnh vực kinh tế | 128"
    assert rows(text, "field") == [
        (312, "models_registered", "all"),
        (128, "models_registered", "economy"),
    ]


def test_themes() -> None:
    text = (
        "Năm 2022 có 2.084 mô hình, trong đó có 217 mô hình trong xây dựng nông thôn mới, 229 mô "
        "hình trong chỉnh trang đô thị, 38 mô hình phòng, chống dịch Covid-19 và 21 mô hình gắn "
        "với chuyển đổi số."
    )
    assert [c.theme for c in extract(text)] == ["none", "new_rural", "urban", "covid", "digital"]


def test_unlabelled_breakdown_that_adds_up_takes_the_stage_of_its_total() -> None:
    text = (
        "Các cấp đã công nhận 1.190 mô hình. Xét theo lĩnh vực, có 495 mô hình thuộc lĩnh vực "
        "kinh tế, 695 mô hình thuộc lĩnh vực văn hóa - xã hội."
    )
    assert [m for _, m in rows(text)] == ["models_recognized"] * 3


# --------------------------------------------------------------------------- periods
@pytest.mark.parametrize(
    ("sentence", "published", "start", "end"),
    [
        ("Năm 2022, toàn quận có 371 mô hình.", None, date(2022, 1, 1), date(2022, 12, 31)),
        ("Giai đoạn 2016 - 2020 có 371 mô hình.", None, date(2016, 1, 1), date(2020, 12, 31)),
        (
            "Từ năm 2019 đến nay có 371 mô hình.",
            date(2023, 5, 1),
            date(2019, 1, 1),
            date(2023, 12, 31),
        ),
        ("6 tháng đầu năm có 371 mô hình.", date(2021, 7, 12), date(2021, 1, 1), date(2021, 6, 30)),
        ("Qua 15 năm (2009-2024) có 371 mô hình.", None, date(2009, 1, 1), date(2024, 12, 31)),
        (
            "Sau 3 năm triển khai có 371 mô hình.",
            date(2011, 3, 18),
            date(2008, 1, 1),
            date(2011, 12, 31),
        ),
        ("Riêng quý I/2023 có 371 mô hình.", None, date(2023, 1, 1), date(2023, 3, 31)),
        ("Hiện nay có 371 mô hình.", date(2021, 9, 1), date(2021, 1, 1), date(2021, 12, 31)),
    ],
)
def test_periods(sentence: str, published: date | None, start: date, end: date) -> None:
    cand = one(sentence, published=published)
    assert (cand.period_start, cand.period_end) == (start, end)


def test_report_year_from_the_latest_year_stated_when_undated() -> None:
    text = (
        "Thực hiện Kế hoạch giai đoạn 2021 - 2025, từ năm 2021 đến nay toàn huyện có 185 mô hình. "
        "Trong 9 tháng đầu năm 2024, huyện tháo dỡ 1.250 nhà tạm."
    )
    cand = one(text)
    assert (cand.period_start, cand.period_end) == (date(2021, 1, 1), date(2024, 12, 31))


def test_each_year_of_a_list_keeps_its_own_year() -> None:
    text = "Qua 5 năm có 391 mô hình. Năm 2019 có 186 mô hình và năm 2020 có 205 mô hình."
    found = extract(text, published=date(2020, 11, 3))
    assert [(c.value, c.period_start.year, c.period_end.year) for c in found] == [
        (391, 2015, 2020),
        (186, 2019, 2019),
        (205, 2020, 2020),
    ]


# --------------------------------------------------------------------------- localities
def test_locality_and_province_as_the_document_names_them() -> None:
    cand = one(
        f"Năm 2023, huyện Yên Bình (tỉnh Yên Bái) có 336 mô hình {DVK}.",
        title="Yên Bình có 336 mô hình Dân vận khéo",
    )
    assert (cand.locality, cand.province) == ("Huyện Yên Bình", "Yên Bái")


def test_locality_hint_overrides_the_text() -> None:
    cand = one("Toàn quận có 371 mô hình.", locality_hint="Quận Đống Đa")
    assert cand.locality == "Quận Đống Đa"


def test_a_smaller_unit_named_with_its_figure_gets_its_own_locality() -> None:
    text = (
        "Năm 2024, tỉnh Phú Thọ công nhận 1.190 mô hình. Tiêu biểu như huyện Thanh Sơn có 112 mô "
        "hình, huyện Đoan Hùng có 97 mô hình được công nhận."
    )
    assert [c.locality for c in extract(text)] == [
        "Tỉnh Phú Thọ",
        "Huyện Thanh Sơn",
        "Huyện Đoan Hùng",
    ]


# --------------------------------------------------------------------------- confidence
def test_approximate_numbers_have_lower_confidence_and_a_note() -> None:
    exact, approx = extract("Toàn tỉnh có 6.025 mô hình. Năm 2024 có gần 1.400 điển hình.")
    assert approx.confidence < exact.confidence
    assert approx.approximate and approx.note == "approximate (close to): “gần 1.400”"
    assert not exact.approximate and exact.note is None


def test_spelled_out_numbers() -> None:
    cand = one("Ban Chỉ đạo huyện đã công nhận hai mươi lăm mô hình cấp huyện.")
    assert (cand.value, cand.metric, cand.level) == (25, "models_recognized", "district")


# --------------------------------------------------------------------------- distractors
@pytest.mark.parametrize(
    "text",
    [
        # anniversaries
        "Kỷ niệm 93 năm Ngày truyền thống công tác dân vận (15/10/1930 - 15/10/2023).",
        "Hướng tới kỷ niệm 80 năm thành lập Đảng bộ thành phố (1939 - 2019).",
        # document numbers and dates
        "Thực hiện Kế hoạch số 84-KH/TU ngày 10/4/2018 và Nghị quyết 25-NQ/TW.",
        "Theo Quyết định số 123/QĐ-UBND ngày 26/10, các đơn vị triển khai mô hình.",
        # page views
        "Lượt xem: 1.234",
        # money and percentages
        "Các mô hình huy động 500 triệu đồng và 2 tỷ đồng; 85% hộ dân, 12,5% hộ nghèo.",
        # tasks, fields, units surveyed, people
        "Hội nghị đề ra 3 nhiệm vụ, 5 giải pháp trên cả 4 lĩnh vực.",
        "Đoàn đã khảo sát, thẩm định 9 mô hình tại 9 đơn vị và 49 xã.",
        "Hơn 300 đại biểu dự hội nghị; 1.250 lượt hội viên tham gia; 45 hộ hiến đất.",
        # targets, averages, increases
        "Phấn đấu đến năm 2025 toàn huyện có trên 350 mô hình.",
        "Mỗi chi bộ xây dựng ít nhất 01 mô hình; bình quân mỗi xã 8 mô hình.",
        "Toàn tỉnh tăng 276 mô hình so với năm 2020.",
        # other movements
        "Hưởng ứng Ngày vì người nghèo, xây dựng 2.350 nhà Đại đoàn kết.",
        "Cuộc vận động Toàn dân đoàn kết xây dựng đời sống văn hóa có 1.865 khu dân cư văn hóa.",
        "Có 4.800 hộ được công nhận gia đình văn hóa.",
        # replication picks and appraisals
        "Ban Thường vụ lựa chọn 20 mô hình tiêu biểu để xây dựng đề án nhân rộng.",
        "Các đại biểu đã tham quan 2 mô hình tiêu biểu.",
        "Trong năm, đã có 12 mô hình được nhân rộng ra 45 xã.",
    ],
)
def test_distractors_yield_nothing(text: str) -> None:
    assert rows(text) == []


def test_other_movements_commendations_in_a_dvk_article() -> None:
    text = (
        f"Chủ tịch UBND tỉnh trao Bằng khen cho 28 tập thể, 12 cá nhân đã làm tốt phong trào thi "
        f"đua {DVK} năm 2021; đồng thời tặng Bằng khen 14 tập thể vì thành tích trong thực hiện "
        "QCDC năm 2021, Bằng khen 5 tập thể vì đã làm tốt công tác dân vận của chính quyền "
        "năm 2021."
    )
    assert [v for v, _ in rows(text)] == [28, 12]


def test_an_article_about_another_drive_yields_nothing() -> None:
    text = (
        "UBND tỉnh biểu dương, tôn vinh 122 tập thể, cá nhân điển hình tiêu biểu, chào mừng 75 "
        "năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua yêu nước."
    )
    assert rows(text) == []


def test_effectiveness_subsets_are_not_tallies() -> None:
    text = (
        f"Toàn huyện có 275 mô hình {DVK} được đăng ký, trong đó có 167 mô hình đạt hiệu quả cao."
    )
    assert rows(text) == [(275, "models_registered")]


def test_rounded_headline_restating_the_body_is_dropped() -> None:
    found = extract(
        f"Qua 15 năm, toàn thành phố có 501 mô hình {DVK} được đăng ký thực hiện.",
        title=f"Hội An có hơn 500 mô hình {DVK}",
    )
    assert [c.value for c in found] == [501]


def test_headline_only_figures_are_kept() -> None:
    found = extract(
        "Phong trào được triển khai đồng bộ trên các lĩnh vực.",
        title="Bắc Kạn biểu dương 39 tập thể, 08 cá nhân điển hình Dân vận khéo 2021-2025",
    )
    assert [(c.value, c.metric, c.kind, c.quote[:7]) for c in found] == [
        (39, "models_recognized", "exemplar", "Bắc Kạn"),
        (8, "models_recognized", "exemplar", "Bắc Kạn"),
    ]


def test_empty_text() -> None:
    assert extract("") == []
