"""A chosen locality the chart has no figure for is named under the chart, never dropped
without a word (it would read as forgotten, or as zero)."""

from __future__ import annotations

from pathlib import Path

from dashboard.exports.batch import build


def test_trend_charts_name_the_chosen_localities_they_have_no_figures_for(
    sample_data_dir: Path,
) -> None:
    charts, _ = build(sample_data_dir, "xu-huong", {})
    by_key = {c.key: c for c in charts}
    yearly = by_key["yearly"]
    drawn = set(yearly.data.loc[yearly.data["value"].notna(), "code"])
    note = [n for n in yearly.notes if n.startswith("Không có số liệu của từng năm cho:")]
    assert len(note) == 1, yearly.notes
    # the sample's default trend view: Đồng Nai and Bình Định have whole-period figures only
    assert "Tỉnh Đồng Nai" in note[0] and "Tỉnh Bình Định" in note[0]
    assert "Tỉnh Hòa Bình" not in note[0] and "Cả nước" not in note[0]
    assert len(drawn) == 3
    phases = by_key["phases"]
    note = [n for n in phases.notes if n.startswith("Không có số liệu theo giai đoạn")]
    assert len(note) == 1 and "Tỉnh Đồng Nai" in note[0] and "Tỉnh Hòa Bình" not in note[0]


def test_no_note_when_every_chosen_locality_has_figures(sample_data_dir: Path) -> None:
    charts, _ = build(sample_data_dir, "xu-huong", {"loc": "VN"})
    for chart in charts:
        assert not [n for n in chart.notes if n.startswith("Không có số liệu")], chart.notes


def test_the_map_says_which_grey_provinces_have_a_figure_of_another_kind(
    sample_data_dir: Path,
) -> None:
    charts, _ = build(sample_data_dir, "tong-quan", {})
    shown = next(c for c in charts if c.key == "map")
    shaded = int(shown.data["rate"].notna().sum())
    top = next(c for c in charts if c.key == "top")
    assert shown.notes[0].startswith(f"Có số liệu: {shaded} / 63")
    # the sample: 9 provinces whose figure adds up only some child units (Hà Nội† …)
    partial = [n for n in shown.notes if "khác loại" in n]
    assert partial == [
        "9 tỉnh, thành khác có số liệu khác loại (tổng từng phần †, suy ra *) nên không tô "
        "màu — xem mục “Không xếp hạng cùng”."
    ]
    assert len(top.data) == shaded


def test_the_overview_year_chart_labels_a_year_without_figures(sample_data_dir: Path) -> None:
    charts, _ = build(sample_data_dir, "tong-quan", {})
    trend = next(c for c in charts if c.key == "trend")
    years = set(int(y) for y in trend.data["year"])
    gaps = [str(y) for y in range(min(years), max(years) + 1) if y not in years]
    assert gaps == ["2020"]  # the sample has no single-year figure for 2020
    slots = [str(y) for y in range(min(years), max(years) + 1)]
    assert [slots[int(a.x)] for a in trend.figure.layout.annotations] == gaps
