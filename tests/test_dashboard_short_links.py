"""Saved views: a short link ``?v=KEY`` restores the long address it stands for."""

from __future__ import annotations

from pathlib import Path

from data_loaders.appdb import saved_views
from tests.dashboard_fixtures import open_page, problems


def test_short_link_restores_the_view(sample_data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    monkeypatch.setenv("DVK_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    key = saved_views.save_view(sample_data_dir, "tong-quan", "p=31&v_top=table")
    at = open_page("tong-quan", {"v": key})
    assert problems(at) == []
    assert at.query_params.get("p") == "31" and at.query_params.get("v_top") == "table"
    assert "v" not in at.query_params


def test_unknown_short_link_is_dropped_with_a_notice(
    sample_data_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    monkeypatch.setenv("DVK_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    at = open_page("tong-quan", {"v": "khongcoday"})
    assert problems(at) == []
    assert "v" not in at.query_params
    assert any("v" in w.value for w in at.warning)


def test_copy_link_box_makes_a_short_link(
    sample_data_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    monkeypatch.setenv("DVK_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    at = open_page("tong-quan", {"p": "31"})
    next(b for b in at.button if b.key == "short_link").click().run()
    codes = [c.value for c in at.code if "?v=" in c.value]
    assert codes, [c.value for c in at.code]
    key = codes[0].rsplit("?v=", 1)[1]
    assert saved_views.load_view(sample_data_dir, key) == ("tong-quan", "p=31")
