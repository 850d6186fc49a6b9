"""Every page through AppTest: seeded addresses, changed filters, charts, no exceptions.

Runs on the bundled real sample and on ``dvk demo --scale small`` data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import registry
from tests.dashboard_fixtures import PAGE_FILES, charts, has_demo, make_demo, open_page, problems

SEEDS: dict[str, dict[str, str]] = {
    "tong-quan": {"v_top": "table"},  # plus a province with figures
    "so-sanh": {"norm": "per_10k", "period": "2009-2026"},
    "linh-vuc": {"d1": "level", "d2": "kind", "mode": "share", "chart": "treemap"},
    "xu-huong": {"loc": "VN,17,31"},
    "mo-hinh": {"q": "camera an ninh"},
    "nguon": {"fk": "parts_mismatch", "fi": "1"},
    "nhap-du-lieu": {},
    "huong-dan": {},
    "nguoi-dung": {},
}
MIN_CHARTS = {"tong-quan": 1, "so-sanh": 1, "linh-vuc": 1, "xu-huong": 1, "mo-hinh": 0, "nguon": 0}


@pytest.fixture(params=["sample", "demo"])
def data_dir(request, sample_data_dir: Path, tmp_path_factory, monkeypatch) -> Path:
    if request.param == "demo":
        if not has_demo():
            pytest.skip("data_loaders.demo is not available yet")
        directory = _demo_dir(tmp_path_factory)
    else:
        directory = sample_data_dir
    monkeypatch.setenv("DVK_DATA_DIR", str(directory))
    return directory


_DEMO: dict[str, Path] = {}


def _demo_dir(factory) -> Path:
    if "dir" not in _DEMO:
        _DEMO["dir"] = make_demo(factory.mktemp("demo-small"))
    return _DEMO["dir"]


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_page_runs_with_seeded_address(data_dir: Path, page: str) -> None:
    seeds = dict(SEEDS[page])
    if page == "tong-quan":
        seeds["p"] = a_province(data_dir)
    at = open_page(page, seeds)
    assert problems(at) == []
    assert at.title, "every page has a title"
    assert len(charts(at)) >= MIN_CHARTS.get(page, 0)
    for key, value in seeds.items():
        if key in ("fi",):
            continue
        assert at.query_params.get(key) == value, (key, at.query_params)


def a_province(data_dir: Path) -> str:
    """A pre-2025 province that has figures in ``data_dir``."""
    import pandas as pd

    tallies = pd.read_parquet(data_dir / "warehouse" / "tallies.parquet", columns=["province_code"])
    codes = sorted(c for c in tallies["province_code"].unique() if not c.startswith("N"))
    return "01" if "01" in codes else codes[0]


@pytest.mark.parametrize("page", [p for p in PAGE_FILES if registry.page(p).filters])
def test_changing_filters_keeps_pages_working(data_dir: Path, page: str) -> None:
    at = open_page(page)
    province = a_province(data_dir)
    at.selectbox(key="w:p").set_value(province).run()
    assert problems(at) == []
    assert at.query_params.get("p") == province
    at.selectbox(key="w:m").set_value("models_recognized").run()
    assert problems(at) == []
    assert at.query_params.get("m") == "models_recognized"
    at.segmented_control(key="w:period_mode").set_value("2021-2025").run()
    assert problems(at) == []
    assert at.query_params.get("period") == "2021-2025"
    assert at.query_params.get("p") == province
