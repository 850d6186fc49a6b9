"""The quality page says what its findings cover: the sidebar's locality and period, every
measure (the findings list other measures than the sidebar's — saying otherwise misleads)."""

from __future__ import annotations

from pathlib import Path

from tests.dashboard_fixtures import open_page, problems


def test_the_findings_caption_matches_the_measures_listed(
    sample_data_dir: Path, monkeypatch
) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("nguon", {"m": "models_registered"})
    assert problems(at) == []
    findings = at.dataframe[0].value
    listed = set(findings["Chỉ tiêu"])
    assert len(listed) > 1 and "Mô hình đăng ký" in listed  # more than the sidebar's measure
    scope = [c.value for c in at.caption if c.value.startswith("Trong phạm vi")]
    assert len(scope) == 1
    assert "mọi chỉ tiêu" in scope[0] and "và chỉ tiêu đang chọn" not in scope[0]
