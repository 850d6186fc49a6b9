"""Download buttons on the pages (their files are checked in test_exports and the e2e test)."""

from __future__ import annotations

from pathlib import Path

from tests.dashboard_fixtures import open_page, problems


def test_every_chart_and_the_catalogue_have_downloads(sample_data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("tong-quan", {"p": "31"})
    assert problems(at) == []
    labels = [b.proto.label for b in at.get("download_button")]
    for fmt in ("PNG", "SVG", "XLSX", "CSV"):
        assert any(label.endswith(fmt) for label in labels), (fmt, labels)
    charts = len(at.get("plotly_chart"))
    assert charts >= 1 and sum(label.endswith("PNG") for label in labels) >= charts
    build = next(b for b in at.button if b.key == "pack_build")
    build.click().run()  # builds with a progress bar, then offers the files
    assert problems(at) == []
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"PPTX", "PDF"} <= set(labels)  # the conference pack
    cat = open_page("mo-hinh", {"q": "camera an ninh"})
    assert problems(cat) == []
    labels = [b.proto.label for b in cat.get("download_button")]
    assert "Tải XLSX" in labels and "Tải CSV" in labels
