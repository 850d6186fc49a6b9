"""A footnote marker is explained by what is drawn: one year is drawn as bars, so the † note
does not speak of points "not joined into a line" there."""

from __future__ import annotations

from pathlib import Path

from tests.dashboard_fixtures import open_page, problems, shown_text


def _captions(at) -> list[str]:
    return [shown_text(c.value) for c in at.caption]


def test_the_dagger_note_follows_bars_or_points(sample_data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("xu-huong", {})
    assert problems(at) == []
    several = [c for c in _captions(at) if c.startswith("†")]
    assert several and "vẽ thành điểm" in several[0]  # points for a sum of changing units
    at = open_page("xu-huong", {"period": "2022"})
    assert problems(at) == []
    one = [c for c in _captions(at) if c.startswith("†")]
    assert (
        "† Tổng của các đơn vị trực thuộc có số liệu năm đó (không nhất thiết đủ mọi đơn vị)."
        in one
    )
    assert not [c for c in one if "vẽ thành điểm" in c], one  # bars: no points to explain
