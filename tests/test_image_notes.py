"""A chart image carries the chart's notes that fit (whole): the units a rate chart leaves
out for want of a population are named on the image, as on the page and in the deck."""

from __future__ import annotations

from pathlib import Path

from dashboard.exports import images
from dashboard.exports.adapt import chart_view
from dashboard.exports.batch import build


def test_the_rate_ranking_image_names_the_units_without_a_rate(sample_data_dir: Path) -> None:
    charts, _ = build(sample_data_dir, "so-sanh", {"norm": "per_10k"})
    rank = next(c for c in charts if c.key == "rank")
    text = " ".join(
        a.text for a in images.decorated(chart_view(rank, synthetic=False)).layout.annotations
    )
    assert "Không có dân số của năm xác định cho: Tỉnh Hậu Giang, Thành phố Đà Nẵng" in text
    assert "Nguồn:" in text  # the footer is still there


def test_notes_are_kept_whole_or_left_out() -> None:
    long = "x " * 400
    assert images.note_lines(["ngắn một", long, "ngắn hai"]) == "ngắn một"
    assert images.note_lines([]) == ""
