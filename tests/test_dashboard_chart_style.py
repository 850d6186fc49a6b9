"""Chart polish: one colour per metric and per category everywhere, value labels that never
rotate or overlap, bars for a single year, footnote markers that stay characters."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard import charts
from tests.dashboard_fixtures import charts as page_charts
from tests.dashboard_fixtures import open_page, problems


def test_every_metric_and_field_has_its_own_colour() -> None:
    from data_loaders.reference import vocabulary

    assert set(charts.METRIC_COLORS) == set(vocabulary.ids("metric"))
    colours = list(charts.METRIC_COLORS.values()) + list(charts.FIELD_COLORS.values())
    assert len(set(colours)) == len(colours)


def test_a_category_keeps_its_colour_whatever_else_is_shown() -> None:
    assert charts.color_for("level", "province", 0) == charts.color_for("level", "province", 2)
    assert charts.color_for("level", "province", 0) != charts.color_for("level", "district", 0)
    assert charts.color_for("metric", "commendations", 5) == charts.METRIC_COLORS["commendations"]


def _years(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["code", "year", "value"])


def test_a_single_year_is_drawn_as_bars_in_the_metrics_colour() -> None:
    fig = charts.year_lines(_years([("VN", 2022, 2084.0)]), "code", "value", "vi", {}, "#123456")
    assert [t.type for t in fig.data] == ["bar"]
    assert fig.data[0].marker.color == "#123456" and list(fig.data[0].x) == ["2022"]
    assert fig.layout.bargap >= 0.5  # a narrow bar
    fig = charts.year_lines(
        _years([("VN", 2021, 1.0), ("VN", 2022, 2.0)]), "code", "value", "vi", {}, "#123456"
    )
    assert fig.data[0].type == "scatter" and fig.data[0].line.color == "#123456"


def test_labels_of_several_lines_are_not_printed_over_each_other() -> None:
    data = _years([("A", 2021, 10.0), ("A", 2022, 11.0), ("B", 2021, 10.5), ("B", 2022, 11.2)])
    fig = charts.year_lines(data, "code", "value", "vi", {"A": "A", "B": "B"})
    assert all("text" not in t.mode for t in fig.data)
    single = charts.year_lines(data[data["code"] == "A"], "code", "value", "vi", {"A": "A"})
    assert "text" in single.data[0].mode


def test_bar_labels_are_never_rotated_and_hidden_when_they_do_not_fit() -> None:
    fig = charts.ranked_bars(["a", "b"], pd.Series([2084.0, 3.0]), "vi")
    assert fig.data[0].textangle == 0
    assert fig.layout.uniformtext.mode == "hide" and fig.layout.uniformtext.minsize >= 9
    stacked = charts.stacked_bars(
        pd.DataFrame({"x": ["a", "a"], "field": ["economy", "defense_security"], "v": [1, 2]}),
        "x",
        "field",
        "v",
        "vi",
        x_labels={},
        color_dim="field",
    )
    assert all(t.textangle == 0 for t in stacked.data)


def test_footnote_markers_stay_characters_in_markdown() -> None:
    assert charts.note_markdown("* suy ra từ số liệu thành phần").startswith("\\*")
    assert charts.note_markdown("† tổng của …") == "† tổng của …"


def test_commendations_keep_one_colour_from_page_to_page(
    sample_data_dir: Path, monkeypatch
) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    colour = charts.METRIC_COLORS["commendations"]
    overview = open_page("tong-quan", {"m": "commendations"})
    assert problems(overview) == []
    bars = [c for c in page_charts(overview) if c["data"][0]["type"] == "bar"]
    assert bars and bars[0]["data"][0]["marker"]["color"] == colour  # the leading localities
    compare = open_page("so-sanh", {"m": "models_registered"})
    funnel = [
        t
        for c in page_charts(compare)
        for t in c["data"]
        if t.get("type") == "bar" and t.get("name") == "Khen thưởng"
    ]
    assert funnel and all(t["marker"]["color"] == colour for t in funnel)


def test_small_counts_get_whole_ticks_and_rates_keep_their_decimals() -> None:
    # two communes with 3 named models each: the axis read 0; 0,5; 1; 1,5 … — half a model
    counts = charts.ranked_bars(["a", "b"], pd.Series([3, 3]), "vi")
    full = counts.full_figure_for_development(warn=False)
    assert full.layout.xaxis.dtick == 1
    rates = charts.ranked_bars(["a", "b"], pd.Series([2.5, 1.25]), "vi")
    assert rates.layout.xaxis.dtick is None
    large = charts.ranked_bars(["a", "b"], pd.Series([2084, 3]), "vi")
    assert large.layout.xaxis.dtick is None


def test_a_year_without_a_bar_says_no_figure_rather_than_an_empty_slot() -> None:
    data = _years([("A", 2019, 128.0), ("A", 2021, 7090.0)])  # 2020: no figure
    fig = charts.year_bars(data, "code", "value", "vi", {"A": "A"}, mark_missing=True)
    assert list(fig.layout.xaxis.categoryarray) == ["2019", "2020", "2021"]
    marks = [(a.x, a.text) for a in fig.layout.annotations]
    assert marks == [(1, "Không có số liệu")]  # the position of "2020" among the categories
    # a change chart: the first year has no change, which is not "no figure"
    assert not charts.year_bars(data, "code", "value", "vi", {"A": "A"}).layout.annotations


def test_many_years_read_level_with_every_other_year_labelled() -> None:
    """16 years at 800 px were turned to 45°: the years stand level, every other one labelled
    (each keeps its tick); a few years keep every label."""
    many = _years([("A", y, float(y - 2000)) for y in range(2010, 2026)])
    for fig in (
        charts.year_lines(many, "code", "value", "vi", {"A": "A"}),
        charts.year_bars(many, "code", "value", "vi", {"A": "A"}),
    ):
        assert fig.layout.xaxis.tickangle == 0 and fig.layout.xaxis.ticklabelstep == 2
        assert list(fig.layout.xaxis.categoryarray) == [str(y) for y in range(2010, 2026)]
    few = charts.year_lines(many[many["year"] >= 2020], "code", "value", "vi", {"A": "A"})
    assert few.layout.xaxis.tickangle == 0 and few.layout.xaxis.ticklabelstep == 1


def test_bars_with_long_names_lie_down_in_their_order() -> None:
    """ "Xây dựng hệ thống chính trị" under a column was turned to 45° at 800 px: bars whose
    names are long lie down, names on the level axis, in the given order top down."""
    data = pd.DataFrame(
        {
            "field": ["economy", "political_system", "economy", "political_system"],
            "level": ["district", "district", "province", "province"],
            "v": [4, 2, 3, 1],
        }
    )
    labels = {"economy": "Kinh tế", "political_system": "Xây dựng hệ thống chính trị"}
    fig = charts.stacked_bars(data, "field", "level", "v", "vi", x_labels=labels, color_dim="level")
    assert {t.orientation for t in fig.data} == {"h"}
    assert list(fig.layout.yaxis.categoryarray) == ["Kinh tế", "Xây dựng hệ thống chính trị"]
    assert fig.layout.yaxis.autorange == "reversed"
    short = charts.stacked_bars(
        data,
        "field",
        "level",
        "v",
        "vi",
        x_labels={"economy": "A", "political_system": "B"},
        color_dim="level",
    )
    assert {t.orientation for t in short.data} == {"v"}  # short names stand under columns
