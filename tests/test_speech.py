"""Speech kit: every number comes from the data; a sentence is left out rather than guessed."""

from __future__ import annotations

import re
from pathlib import Path

from metrics.engine import Engine
from metrics.filters import Filter
from metrics.speech import speech_kit
from metrics.testing import tiny_engine

NUMBER = re.compile(r"\d[\d.]*(?:,\d+)?")


def _numbers(text: str) -> list[str]:
    body = text.split(" (nguồn:")[0]  # dates and titles of sources are not figures
    return [m for m in NUMBER.findall(body) if not re.fullmatch(r"(19|20)\d\d", m)]


def test_sample_sentences_for_hai_phong(sample_data_dir: Path) -> None:
    engine = Engine(sample_data_dir)
    kit = speech_kit(engine, Filter(years=(2022, 2022), locality="31"))
    total = kit[0]
    assert total.kind == "total"
    assert "2.084" in total.text and "Thành phố Hải Phòng" in total.text
    assert "nguồn:" in total.text and "20/12/2022" in total.text
    assert total.sources == ("haiphong-2022",)
    # no 2021 figure for Hải Phòng in the sample: no change sentence, nothing guessed
    assert not any(s.kind == "change" for s in kit)


def test_every_number_is_a_figure_of_the_data() -> None:
    engine = tiny_engine()
    kit = speech_kit(engine, Filter(years=(2022, 2022), locality="01"))
    stated = {"100", "80", "20", "25,0%", "20,0%"}
    for sentence in kit:
        for number in _numbers(sentence.text):
            assert number.rstrip("%") in {s.rstrip("%") for s in stated}, (number, sentence.text)


def test_not_comparable_sentences_are_left_out() -> None:
    engine = tiny_engine()
    # nation 2021 vs 2022: different units reported, so no "tăng …%" sentence
    kit = speech_kit(engine, Filter(years=(2022, 2022)), codes=["01", "31"])
    assert not any(s.kind == "change" for s in kit)
    # mixed tiers in the comparison: no ranking
    kit = speech_kit(engine, Filter(years=(2022, 2022)), codes=["01", "001"])
    assert not any(s.kind in ("ranking", "ratio") for s in kit)
    # a breakdown that does not add up gives no field share
    kit = speech_kit(engine, Filter(years=(2022, 2022), locality="01"))
    assert not any(s.kind == "field_share" for s in kit)


def test_empty_selection_gives_no_sentences() -> None:
    assert speech_kit(tiny_engine(), Filter(years=(1990, 1990), locality="01")) == []


def test_a_flow_with_years_missing_is_no_figure_of_the_period(sample_data_dir: Path) -> None:
    """Phú Thọ reported models recognised in 2017 (1.000) and in 2024 (1.190) only: "Giai đoạn
    2017–2024 … 2.190" would claim eight years from two; the single year is said as it is."""
    engine = Engine(sample_data_dir)
    for years in (None, (2017, 2024)):
        kit = speech_kit(engine, Filter(metric="models_recognized", locality="25", years=years))
        assert not any("2.190" in s.text for s in kit), [s.text for s in kit]
        assert not any(s.text.startswith("Giai đoạn 2017–2024") for s in kit)
    kit = speech_kit(engine, Filter(metric="models_recognized", locality="25", years=(2024, 2024)))
    assert kit[0].text.startswith("Năm 2024, Tỉnh Phú Thọ có 1.190 mô hình")


def test_a_stock_over_localities_is_their_latest_figures(sample_data_dir: Path) -> None:
    """A stock added up from provinces whose latest figures have different dates is read as
    "the latest figures up to", never as one period's figure, and never as the country's."""
    engine = Engine(sample_data_dir)
    for boundary in ("reported", "current"):
        text = speech_kit(engine, Filter(boundary=boundary))[0].text
        assert text.startswith("Theo số liệu mới nhất đến năm"), text
        assert "tổng của các địa phương có số liệu" in text and "cả nước" not in text.lower()


def test_speech_coverage_of_a_merged_district_counts_its_units(sample_data_dir: Path) -> None:
    """Thành phố Ninh Bình had 14 wards and communes (merged into Hoa Lư before 1/7/2025): one
    reporting ward is a partial figure, labelled with the unit that took the city over."""
    engine = Engine(sample_data_dir)
    text = speech_kit(engine, Filter(locality="369"))[0].text
    assert "tổng của các đơn vị có số liệu thuộc Thành phố Ninh Bình (nay thuộc" in text, text
    assert "(1 xã, phường)" in text


def test_speech_tells_same_name_units_apart(sample_data_dir: Path) -> None:
    """Old and new Tỉnh Ninh Bình share a name: the sentence says which one it means."""
    engine = Engine(sample_data_dir)
    text = speech_kit(engine, Filter(locality="N37", boundary="current"))[0].text
    assert "Tỉnh Ninh Bình (từ 1/7/2025)" in text, text


# words only the Vietnamese sentences hold (place names and source titles stay as written)
VI_WORDS = ("Năm ", "So với", "nguồn:", "được", "tăng", "Dẫn đầu", "gấp", "Trong cùng", "tổng của")


def test_an_english_link_gets_english_sentences_with_the_same_figures() -> None:
    """``lang="en"``: the same sentences (kinds, figures, sources) in English words, with
    English separators and dates; the Vietnamese kit is unchanged."""
    engine = tiny_engine()
    views = [
        (Filter(years=(2022, 2022), locality="01"), ()),
        (Filter(years=(2022, 2022)), ("01", "31")),
    ]
    for f, codes in views:
        vi = speech_kit(engine, f, codes)
        en = speech_kit(engine, f, codes, lang="en")
        assert [s.kind for s in en] == [s.kind for s in vi]
        assert [(s.figures, s.sources) for s in en] == [(s.figures, s.sources) for s in vi]
        for sentence in en:
            assert not any(word in sentence.text for word in VI_WORDS), sentence.text
            assert "20 December 2022" in sentence.text and "20/12/2022" not in sentence.text
    texts = {s.kind: s.text for s in speech_kit(engine, *views[0], lang="en")}
    assert texts["total"].startswith("In 2022, Thành phố Hà Nội had 100 ")
    assert texts["change"].startswith(
        "Compared with 2021 (80), the number of models registered rose by 20, i.e. by 25.0%"
    )
    ranked = {s.kind: s.text for s in speech_kit(engine, *views[1], lang="en")}
    assert "Thành phố Hải Phòng (2,000)" in ranked["ranking"]
    assert "(2 provinces) came to 2,100 " in ranked["total"]


def test_the_pages_speech_kit_follows_the_links_language(dashboard_copy: Path) -> None:
    """The export panel's sentences (copied into speeches) in the link's language."""
    from tests.dashboard_fixtures import open_page, problems

    shown = {}
    for lang in ("vi", "en"):
        at = open_page("so-sanh", {"lang": lang})
        next(t for t in at.toggle if t.key == "speech_on").set_value(True).run()
        assert problems(at) == []
        shown[lang] = at.code[0].value
    assert shown["vi"].startswith("Theo số liệu mới nhất đến năm 2025") and "43.007" in shown["vi"]
    assert shown["en"].startswith("By the latest figures up to 2025") and "43,007" in shown["en"]
    words = [line.split(" (source")[0] for line in shown["en"].splitlines()]  # not the titles
    assert not any(word in line for line in words for word in VI_WORDS), words
