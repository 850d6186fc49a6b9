"""Reading real reports: locality, level, period, kind and stage as published texts state them.

The sentences below are written for these tests. Each is modelled on a phenomenon found in
real published reports (the corpus described in tests/corpus/real, whose development half
showed these behaviours wrong), in different words and, where the place is not what is tested,
about a different place.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from dashboard.cli import app
from data_loaders.report_text import explain, extract

MOVEMENT = "phong trào thi đua “Dân vận khéo”"


def _one(text: str, **kwargs) -> list[tuple]:
    return [
        (c.value, c.metric, c.kind, c.subject, c.level, c.award) for c in extract(text, **kwargs)
    ]


# --------------------------------------------------------------------------- locality
def test_a_heading_does_not_invent_a_ward() -> None:
    # "PHƯỜNG SƠ KẾT": the ward holds a review ("sơ kết"); no ward is called "Sơ Kết".
    found = extract(
        "Hết năm 2018, cả phường có 31 mô hình “Dân vận khéo”.",
        title="PHƯỜNG SƠ KẾT 3 NĂM TRIỂN KHAI PHONG TRÀO DÂN VẬN KHÉO",
    )
    assert [(c.value, c.locality, c.province) for c in found] == [(31, None, None)]
    assert any("Phường Sơ Kết" in flag for flag in found[0].flags)
    assert found[0].confidence < 0.6


def test_the_outlet_names_the_province_a_commune_is_only_an_example() -> None:
    text = (
        "Một ví dụ là mô hình “Nhóm phụ nữ tiết kiệm nước ngọt mùa khô” ở xã Đại Hải, "
        "huyện Kế Sách.\n\nTính chung, cả tỉnh hiện có 1.215 mô hình, điển hình “Dân vận khéo”."
    )
    found = extract(
        text,
        title="Cả tỉnh có 1.215 mô hình, điển hình “Dân vận khéo”",
        published=date(2024, 11, 5),
        outlet="Báo Sóc Trăng",
    )
    assert [(c.value, c.locality, c.province) for c in found] == [
        (1215, "Tỉnh Sóc Trăng", "Sóc Trăng")
    ]


def test_a_district_named_like_a_province_is_not_that_province() -> None:
    # Quảng Bình has a district called Quảng Ninh, like the province in the north-east.
    found = extract(
        "Lực lượng vũ trang tỉnh đã xây dựng và duy trì 31 mô hình “Dân vận khéo”, nổi bật là "
        "mô hình “Giúp dân dựng nhà tránh lũ” của Ban CHQS huyện Quảng Ninh.",
        published=date(2023, 9, 12),
        outlet="Báo Quảng Bình",
    )
    assert {(c.locality, c.province) for c in found} == {("Tỉnh Quảng Bình", "Quảng Bình")}


def test_the_province_of_a_district_comes_from_the_gazetteer() -> None:
    found = extract(
        "Ban Chỉ đạo phong trào “Dân vận khéo” huyện Na Rì đã công nhận 87 mô hình "
        "Dân vận khéo trong năm 2021."
    )
    assert [(c.locality, c.province) for c in found] == [("Huyện Na Rì", "Bắc Kạn")]


# --------------------------------------------------------------------------- level
def test_a_contest_takes_the_level_of_the_unit_that_holds_it() -> None:
    found = extract(
        "Ngày 12/9, thị xã Kỳ Anh tổ chức Hội thi “Dân vận khéo” năm 2024. "
        "Có 8 đội của các xã, phường trong thị xã tham gia tranh tài. "
        "Chung cuộc, Ban tổ chức trao 1 giải nhất, 2 giải nhì và 4 giải ba.",
        title="Phường Sông Trí giành giải nhất Hội thi Dân vận khéo thị xã Kỳ Anh",
        published=date(2024, 9, 12),
    )
    assert {c.level for c in found} == {"district"}
    assert {c.value: c.award for c in found} == {
        8: "none",
        1: "prize_a",
        2: "prize_b",
        4: "prize_c",
    }
    assert all("level inferred" in c.flags for c in found)
    assert all("level" in explained.why for explained in explain(found[0].quote))


def test_honours_at_the_conference_take_the_organisers_level() -> None:
    found = extract(
        "Chiều 12/12, Ban Dân vận Thành ủy Tam Kỳ đã tổ chức Hội nghị tổng kết "
        f"{MOVEMENT} giai đoạn 2016 – 2020.\n\nDịp này, Hội nghị đã biểu dương, khen thưởng 24 "
        "tập thể và cá nhân có thành tích nổi bật trong suốt 5 năm qua."
    )
    assert [(c.value, c.metric, c.level) for c in found] == [(24, "commendations", "district")]


def test_counted_teams_with_their_prize_grade() -> None:
    found = extract(
        "Hội thi cán bộ dân vận khéo năm nay có 17 đội dự thi. Ban giám khảo trao 2 giải nhì "
        "cho Đảng bộ xã Hra và Đảng bộ Công an huyện. 3 đội đạt giải ba là Đảng bộ các xã "
        "Đak Yă, Lơ Pang và Kon Thụp.",
        title="Đảng bộ Quân sự huyện Mang Yang giành giải nhất Hội thi cán bộ dân vận khéo",
    )
    assert {c.value: (c.award, c.level) for c in found} == {
        17: ("none", "district"),
        2: ("prize_b", "district"),
        3: ("prize_c", "district"),
    }


# --------------------------------------------------------------------------- stage, kind
def test_models_registered_for_a_higher_level_are_nominations() -> None:
    found = extract(
        "Đến nay, cả huyện đã có 152 mô hình dân vận khéo mới ở các lĩnh vực, "
        "trong số đó có 88 mô hình đăng ký cấp huyện, 37 mô hình đăng ký cấp tỉnh.",
        title="Mỏ Cày Nam: Hội nghị nhân rộng các mô hình dân vận khéo",
        published=date(2018, 5, 10),
    )
    assert [(c.value, c.metric, c.level) for c in found] == [
        (152, "models_registered", "none"),
        (88, "nominations", "district"),
        (37, "nominations", "province"),
    ]


def test_a_list_shares_the_stage_of_its_first_figure() -> None:
    found = _one(
        'Ban Chỉ đạo phong trào thi đua "Dân vận khéo" huyện An Biên khen thưởng 9 mô hình '
        "tập thể, 14 điển hình cá nhân có thành tích tiêu biểu trong việc triển khai "
        'phong trào thi đua "Dân vận khéo"...'
    )
    assert found == [
        (9, "commendations", "model", "collective", "district", "none"),
        (14, "commendations", "exemplar", "individual", "district", "none"),
    ]


def test_collectives_with_models_and_exemplars_are_any_kind() -> None:
    found = _one(
        "Nhân dịp này, Hội đồng Thi đua - Khen thưởng tỉnh khen thưởng cho 25 tập thể, "
        "19 cá nhân có mô hình, điển hình “Dân vận khéo” xuất sắc."
    )
    assert [(v, kind, subject) for v, _m, kind, subject, _l, _a in found] == [
        (25, "any", "collective"),
        (19, "any", "individual"),
    ]


def test_parts_in_brackets_keep_the_kind_of_their_total() -> None:
    found = _one(
        "Năm 2023, Ban Chỉ đạo huyện Ba Bể đã xét và công nhận 47 mô hình (31 tập thể, 16 cá "
        "nhân) đạt mô hình “Dân vận khéo” điển hình, tiêu biểu."
    )
    assert [(v, kind) for v, _m, kind, *_ in found] == [(47, "model"), (31, "model"), (16, "model")]


def test_a_field_opening_the_sentence_frames_its_figure() -> None:
    found = extract(
        "Trong lĩnh vực phát triển kinh tế, huyện Văn Yên hiện có 64 mô hình Dân vận khéo.",
        published=date(2024, 3, 14),
    )
    assert [(c.value, c.field) for c in found] == [(64, "economy")]


# --------------------------------------------------------------------------- period
def test_the_past_years_are_no_period() -> None:
    found = extract(
        "Những năm qua, cấp ủy các cấp trong huyện đã tích cực thực hiện phong trào thi đua "
        "“Dân vận khéo”. Đến nay, các ngành, đoàn thể đã xây dựng được 47 mô hình ở nhiều "
        "lĩnh vực.",
        title="Tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2016-2020",
        published=date(2020, 1, 1),
    )
    assert [(c.value, c.period_start, c.period_end) for c in found] == [
        (47, date(2016, 1, 1), date(2020, 12, 31))
    ]


def test_a_period_right_after_the_noun_wins_over_an_earlier_year() -> None:
    found = extract(
        "Ban Chỉ đạo thị xã công nhận 41 mô hình là mô hình “Dân vận khéo” tiêu biểu năm 2023, "
        "cùng với đó đề nghị UBND thị xã khen thưởng 12 mô hình “Dân vận khéo” giai đoạn "
        "2021- 2023."
    )
    periods = {c.value: (c.period_start.year, c.period_end.year) for c in found}
    assert periods[12] == (2021, 2023)
    assert periods[41] == (2023, 2023)


def test_a_stock_on_an_undated_page_that_names_only_phases_has_no_period() -> None:
    found = extract(
        "Đến thời điểm này, trên địa bàn tỉnh đã có 4.870 mô hình “Dân vận khéo”; "
        "tỉnh cũng đã tổ chức Hội nghị tuyên dương điển hình “Dân vận khéo”, giai đoạn 2016-2020…"
    )
    assert [(c.value, c.period_start) for c in found] == [(4870, None)]
    assert "period not stated" in found[0].flags


# --------------------------------------------------------------------------- explain
def test_extract_explain_shows_the_deciding_words(tmp_path: Path) -> None:
    report = tmp_path / "bao-cao.txt"
    report.write_text(
        "Tại buổi lễ, Chủ tịch UBND tỉnh đã tặng Bằng khen cho 21 tập thể, 9 cá nhân tiêu biểu "
        "trong phong trào thi đua “Dân vận khéo” năm 2022.",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", "--explain", str(report)])
    assert result.exit_code == 0, result.output
    assert "21 commendations" in result.output
    assert "← «UBND tỉnh»" in result.output
    assert "← «Bằng khen»" in result.output
    assert "← «năm 2022»" in result.output
    result = CliRunner().invoke(app, ["extract", "--explain", "--json", str(report)])
    assert '"why"' in result.output and '"award": "«Bằng khen»"' in result.output


# --------------------------------------------------------------------------- other programmes
def test_models_of_another_kind_are_not_the_movements() -> None:
    found = extract(
        "Trong năm 2022, huyện có 96 mô hình “Dân vận khéo”. Ngoài ra, Ủy ban MTTQ huyện còn "
        "duy trì 38 mô hình Tự quản về vệ sinh môi trường."
    )
    assert [(c.value, c.metric) for c in found] == [(96, "models_registered")]


def test_a_named_contest_of_another_kind_is_not_the_movements() -> None:
    other = extract(
        "Để hưởng ứng phong trào thi đua “Dân vận khéo”, Huyện đoàn tổ chức Hội thi "
        "Tuyên truyền viên giỏi năm 2022 với 14 đội dự thi; kết quả có 1 giải nhất, 3 giải nhì."
    )
    assert other == []
    own = extract(
        "Hội thi “Dân vận khéo” của huyện năm 2022 có 14 đội dự thi. Bế mạc Hội thi Ban Tổ "
        "chức trao 1 giải nhất, 3 giải nhì."
    )
    assert [(c.value, c.metric, c.award) for c in own] == [
        (14, "contest_entries", "none"),
        (1, "contest_prizes", "prize_a"),
        (3, "contest_prizes", "prize_b"),
    ]
