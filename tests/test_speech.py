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
