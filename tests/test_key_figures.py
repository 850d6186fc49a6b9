"""The overview's key-figure cards as a view model (``viewmodels.key_figures``): frozen cards
built without Streamlit, each figure the sum of the rows it cites, over several page states
(place × period × metric × boundary), and the page drawing exactly those cards."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pandas as pd
import pytest

from dashboard import context, params, viewmodels
from dashboard.answers import Answers
from dashboard.i18n import t
from dashboard.present import cited
from metrics.comparisons import FUNNEL
from metrics.formatting import number
from tests.dashboard_fixtures import open_page, problems

STATES: list[dict[str, str]] = [
    {},
    {"period": "2022"},
    {"period": "2016-2020"},
    {"p": "01"},
    {"p": "01", "period": "2022"},
    {"p": "01", "d": "006", "period": "2022"},
    {"p": "31", "m": "commendations"},
    {"m": "commendations", "b": "current"},
    {"m": "models_recognized", "period": "2016-2020", "b": "current"},
]


def cards_of(data_dir: Path, query: dict[str, str]) -> tuple[viewmodels.FigureCard, ...]:
    answers = Answers.of(data_dir)
    state, notices = params.from_url("tong-quan", query, answers.engine())
    assert notices == []
    return viewmodels.key_figures(context.build(state, answers))


@pytest.mark.parametrize("query", STATES, ids=[str(q) or "default" for q in STATES])
def test_each_card_is_the_sum_of_the_rows_it_cites(
    sample_data_dir: Path, query: dict[str, str]
) -> None:
    cards = cards_of(sample_data_dir, query)
    assert [c.key for c in cards] == [*FUNNEL, "reporting"]
    assert [c.kind for c in cards] == ["figure"] * len(FUNNEL) + ["coverage"]
    years = query.get("period")
    lo, hi = (int(y) for y in years.split("-")) if years and "-" in years else (None, None)
    if years and "-" not in years:
        lo = hi = int(years)
    for card in cards:
        if card.kind == "figure":
            if card.value is None:
                assert card.rows == () and card.value_text == "—"
                continue
            assert card.value == sum(r.value for r in card.rows), card
            assert card.value_text == number(card.value, "vi")
            assert card.sources, f"{card.key}: a figure without its sources"
            assert card.unit and card.period and card.notes
        else:
            assert card.value == len(card.rows)
            assert card.value_text.split(" / ")[0] == number(card.value, "vi") or (
                card.value_text == "1 / 1"
            )
            assert card.units is not None and card.value <= card.units
        for row in card.rows:
            if lo is not None:
                assert lo <= row.year_lo <= row.year_hi <= hi, (card.key, row)
    with pytest.raises(FrozenInstanceError):
        cards[0].value = 0  # type: ignore[misc]


def test_some_states_give_figures(sample_data_dir: Path) -> None:
    """The invariant above is not vacuous: the sample gives summed and stated figures."""
    bases = set()
    for query in STATES:
        for card in cards_of(sample_data_dir, query):
            if card.kind == "figure" and card.value is not None:
                bases |= {r.basis for r in card.rows}
                if len(card.rows) > 1:
                    bases.add("several rows")
    assert {"several rows", "stated"} <= bases


@pytest.mark.parametrize("query", [{}, {"p": "01", "period": "2022"}], ids=["default", "hanoi"])
def test_the_page_draws_the_cards_of_the_view_model(
    sample_data_dir: Path, monkeypatch: pytest.MonkeyPatch, query: dict[str, str]
) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("tong-quan", query)
    assert problems(at) == []
    cards = cards_of(sample_data_dir, query)
    shown = [(m.label, m.value) for m in at.metric]
    assert shown[: len(cards)] == [(c.label, c.value_text) for c in cards]
    captions = [c.value for c in at.caption]
    for card in cards:
        for line in card.notes:
            assert line in captions
        for line in card.warnings if card.kind == "figure" else ():
            assert any(line in c for c in captions), line
    if not query:  # the sample's national total leaves out the 2025 provinces: said on the card
        assert cards[0].warnings == (
            "Số liệu mới nhất của từng địa phương, đến các năm khác nhau (2011–2025): không "
            "phải số liệu của cùng một thời điểm",
            "Không cộng 4 đơn vị theo địa giới từ 1/7/2025",
        )
        first = cards[0]
        line = f"Nguồn: {first.sources[0]}; và {first.source_count - 1} nguồn khác"
        assert any(c.replace("\\", "") == line for c in captions), captions


@pytest.mark.parametrize("query", STATES, ids=[str(q) or "default" for q in STATES])
def test_a_card_cites_exactly_the_figures_it_adds_up(
    sample_data_dir: Path, query: dict[str, str]
) -> None:
    """The sources under a card are those of its rows (the figure of each unit and period it
    adds), not every source of those units: an older figure a stock does not use is no source."""
    answers = Answers.of(sample_data_dir)
    state, _ = params.from_url("tong-quan", query, answers.engine())
    ctx = context.build(state, answers)
    for card in viewmodels.key_figures(ctx)[: len(FUNNEL)]:
        rows = pd.DataFrame(
            [(r.code, r.value, r.year_lo, r.year_hi, r.basis) for r in card.rows],
            columns=["code", "value", "year_lo", "year_hi", "basis"],
        )
        refs = cited(ctx, rows, metric=card.key) if card.rows else []
        assert card.source_count == len(refs)
        assert card.sources[:3] == tuple(r.short() for r in refs[:3])


def test_an_older_figure_not_added_is_not_cited(sample_data_dir: Path) -> None:
    """Hòa Bình's 2,588 models (as of 2018) are not part of "all years" (its 4,266 as of 2022
    is): the 2019 article that states the older figure is not among the card's sources."""
    answers = Answers.of(sample_data_dir)
    state, _ = params.from_url("tong-quan", {}, answers.engine())
    ctx = context.build(state, answers)
    card = viewmodels.key_figures(ctx)[0]
    assert ("17", 4266) in [(r.code, r.value) for r in card.rows]
    every = set(
        ctx.data.engine().sql(
            "SELECT DISTINCT source_id FROM tallies WHERE metric = ? "
            "AND locality_code IN (SELECT unnest(?::VARCHAR[]))",
            [card.key, [r.code for r in card.rows]],
        )["source_id"]
    )
    assert "hoabinh-2018" in every, "the sample no longer holds Hòa Bình's 2019 article"
    refs = cited(
        ctx,
        pd.DataFrame(
            [(r.code, r.year_lo, r.year_hi, r.basis) for r in card.rows],
            columns=["code", "year_lo", "year_hi", "basis"],
        ),
        metric=card.key,
    )
    assert card.source_count == len(refs)
    assert "hoabinh-2018" not in {r.source_id for r in refs}
    # nor old Đồng Nai's 5,022 (2009–2015) behind its 15,000 (2009–2024): one period holds both
    assert ("75", 15000, 2009, 2024) in [(r.code, r.value, r.year_lo, r.year_hi) for r in card.rows]
    assert "dongnai-2019" in every and "dongnai-2019" not in {r.source_id for r in refs}


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        ({}, "models_registered", "mixed_dates"),
        ({}, "models_recognized", "mixed_periods"),
        ({"period": "2022"}, "models_registered", None),
        ({"p": "01", "period": "2022"}, "models_registered", None),
    ],
)
def test_a_total_of_different_periods_says_so(
    sample_data_dir: Path, query: dict[str, str], key: str, expected: str | None
) -> None:
    """A headline that adds units' figures of different dates (a stock) or spans (a flow) is
    read as such, never as the figure of one period (metrics/RULES.md, "Speech sentences")."""
    card = next(c for c in cards_of(sample_data_dir, query) if c.key == key)
    said = {
        k
        for k in ("mixed_dates", "mixed_periods")
        for w in card.warnings
        if w.startswith(t(k, "vi").split("{")[0][:30])
    }
    if expected is None:
        assert said == set()
        return
    assert said == {expected}
    periods = {(r.year_lo, r.year_hi) for r in card.rows}
    assert len(periods if expected == "mixed_periods" else {p[1] for p in periods}) > 1


@pytest.mark.parametrize("query", [{}, {"p": "01", "period": "2022"}], ids=["default", "hanoi"])
def test_the_exports_of_the_overview_carry_its_key_figures(
    sample_data_dir: Path, tmp_path: Path, query: dict[str, str]
) -> None:
    """The figures leadership reads aloud are in every export of the overview, as numbers,
    equal to the cards, with their warnings and exactly their sources; a chart image of the
    overview is still its map (a table has no image)."""
    from urllib.parse import urlencode

    from openpyxl import load_workbook
    from pptx import Presentation
    from pypdf import PdfReader

    from dashboard.exports.batch import build, export

    cards = [c for c in cards_of(sample_data_dir, query) if c.kind == "figure"]
    view = "tong-quan?" + urlencode(query)
    charts, _ = build(sample_data_dir, "tong-quan", query)
    table = charts[0]
    assert table.key == "key_figures" and table.figure is None
    assert {s.short() for s in table.sources} == {r.short() for c in cards for r in c.refs}

    wb = load_workbook(export(sample_data_dir, view, "xlsx", tmp_path / "o.xlsx"))
    ws = wb[wb.sheetnames[0]]
    assert ws.title.startswith("Số liệu chính")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in rows] == [(c.label, c.value) for c in cards]
    for row, card in zip(rows, cards):
        assert row[1] is None or isinstance(row[1], int)
        for warning in card.warnings:
            assert warning in (row[5] or "")
    cited = [r[0] for r in wb["Nguồn"].iter_rows(min_row=2, values_only=True)]
    for card in cards:
        assert {r.source_id for r in card.refs} <= set(cited)

    deck = Presentation(str(export(sample_data_dir, view, "pptx", tmp_path / "o.pptx")))
    second = deck.slides[1]
    texts = [s.text_frame.text for s in second.shapes if s.has_text_frame]
    assert texts[0].startswith("Số liệu chính")
    grid = next(s.table for s in second.shapes if s.has_table)
    shown = [grid.cell(r, 1).text for r in range(1, len(cards) + 1)]
    assert shown == [c.value_text for c in cards]

    pdf = PdfReader(str(export(sample_data_dir, view, "pdf", tmp_path / "o.pdf")))
    page = pdf.pages[1].extract_text()
    assert "Số liệu chính" in page
    page += "".join(p.extract_text() for p in pdf.pages[2:3])  # a long table goes on
    for card in cards:
        if card.value is not None:
            assert card.value_text in page

    png = export(sample_data_dir, view, "png", tmp_path / "o.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
