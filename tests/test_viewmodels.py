"""An export equals its screen: the charts a page draws under Streamlit (AppTest) and the charts
its view model builds from the same link without Streamlit (``dvk export``) are the same — keys,
titles, numbers, units, filters, sources, warnings and notes. Plus the page registry and the
pure page state."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pandas as pd
import pytest

from dashboard import params, registry
from dashboard.exports.adapt import PAGE_CHARTS
from dashboard.exports.batch import build, split_view
from tests.dashboard_fixtures import PAGE_FILES, open_page, problems

ROOT = Path(__file__).resolve().parents[1]
LINKS: list[tuple[str, dict[str, str]]] = [
    ("tong-quan", {}),
    ("tong-quan", {"p": "01", "d": "006", "period": "2022"}),
    ("tong-quan", {"m": "commendations", "b": "current"}),
    ("so-sanh", {}),
    ("so-sanh", {"scope": "pick", "loc": "31,006"}),
    ("so-sanh", {"norm": "per_10k", "period": "2016-2020", "top": "10", "hl": "31"}),
    ("so-sanh", {"p": "01", "scope": "communes"}),  # no commune figures in the sample: empty
    ("so-sanh", {"scope": "communes"}),  # not offered for the whole country: ranks provinces
    ("linh-vuc", {}),
    ("linh-vuc", {"d1": "level", "d2": "none", "mode": "share", "chart": "treemap"}),
    ("xu-huong", {}),
    ("xu-huong", {"loc": "VN,31,01"}),
    ("mo-hinh", {"p": "01"}),
    ("nguon", {}),
    ("huong-dan", {}),
]


def same_frame(a: pd.DataFrame | None, b: pd.DataFrame | None) -> None:
    assert (a is None) == (b is None)
    if a is not None:
        pd.testing.assert_frame_equal(
            a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False
        )


@pytest.mark.parametrize("page,query", LINKS, ids=[f"{p}-{q}" for p, q in LINKS])
def test_the_export_of_a_link_is_the_page_it_opens(
    sample_data_dir: Path, monkeypatch, page: str, query: dict[str, str]
) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page(page, query)
    assert problems(at) == []
    screen = list(at.session_state[PAGE_CHARTS])
    built, ctx = build(sample_data_dir, page, query)
    assert [c.key for c in built] == [c.key for c in screen]
    for mine, shown in zip(built, screen):
        assert mine.title == shown.title
        assert mine.unit == shown.unit
        assert mine.filters == shown.filters
        assert mine.sources == shown.sources
        assert mine.warnings == shown.warnings
        assert mine.notes == shown.notes
        assert mine.formats == shown.formats
        same_frame(mine.data, shown.data)
        same_frame(mine.table, shown.table)
        same_frame(mine.values, shown.values)
        if mine.figure is None or shown.figure is None:  # a table shown without a chart
            assert mine.figure is shown.figure is None
        else:
            assert mine.figure.to_dict()["data"] == shown.figure.to_dict()["data"]
    if page in ("tong-quan", "linh-vuc", "xu-huong") or query.get("scope") != "communes":
        assert built or page in ("mo-hinh", "nguon", "huong-dan"), "this link shows charts"


def test_the_first_chart_alone_is_built_for_one_image(sample_data_dir: Path) -> None:
    every, _ = build(sample_data_dir, "so-sanh", {})
    first, _ = build(sample_data_dir, "so-sanh", {}, limit=1)
    assert len(every) > 1 and [c.key for c in first] == [every[0].key]
    with pytest.raises(FrozenInstanceError):  # a view model's output is never edited
        first[0].title = "changed"  # type: ignore[misc]


def test_a_short_link_exports_the_view_it_stands_for(sample_copy: Path) -> None:
    from dashboard.exports.batch import ExportError
    from data_loaders.appdb import saved_views

    key = saved_views.save_view(sample_copy, "so-sanh", "norm=per_10k&top=10")
    short, _ = build(sample_copy, registry.DEFAULT, {"v": key})
    full, _ = build(sample_copy, "so-sanh", {"norm": "per_10k", "top": "10"})
    assert [c.key for c in short] == [c.key for c in full] and short[0].key == "rank"
    assert short[0].title == full[0].title and short[0].unit == full[0].unit
    with pytest.raises(ExportError, match="unknown short link"):
        build(sample_copy, registry.DEFAULT, {"v": "nosuchkey"})


def test_invalid_parameters_are_dropped_as_the_page_drops_them(sample_data_dir: Path) -> None:
    from metrics.engine import Engine

    state, notices = params.from_url(
        "so-sanh", {"norm": "bogus", "p": "01", "d": "999", "x": "1"}, Engine(sample_data_dir)
    )
    assert sorted(notices) == ["d=999", "norm=bogus", "x=1"]
    assert state.get("norm") == "absolute" and state.scope == "01"
    assert state.filter.locality == "01" and state.filter.years is None


def test_page_state_is_the_sidebars_filter() -> None:
    state = params.page_state(
        "tong-quan", {"p": "01", "period": "2016-2020", "m": "commendations", "f": "economy"}
    )
    f = state.filter
    assert (state.scope, f.locality, f.years, f.metric, f.field) == (
        "01",
        "01",
        (2016, 2020),
        "commendations",
        "economy",
    )
    assert params.page_state("tong-quan", {}).scope == "VN"


def test_one_page_registry_serves_navigation_links_tests_and_bench() -> None:
    from dashboard import state
    from dashboard.tools import bench, loadtest

    assert state.PAGES == registry.SLUGS
    assert list(bench.PAGES) == list(registry.SLUGS)
    assert set(loadtest.DEFAULT_PAGES) == {"", "so-sanh", "xu-huong", "linh-vuc"}
    assert {p.slug: p.path for p in registry.PAGES} == PAGE_FILES
    for page in registry.PAGES:
        assert (ROOT / "dashboard" / page.path).is_file(), page.path
    assert split_view("http://h:8501/so-sanh?x=1") == ("so-sanh", {"x": "1"})
    assert split_view("http://h:8501/?x=1") == (registry.DEFAULT, {"x": "1"})


def test_a_link_copied_without_its_scheme_or_leading_slash_keeps_its_page_and_parameters() -> None:
    # an address bar shows "127.0.0.1:8501/so-sanh?…"; a path may be typed without its "/"
    for view in ("so-sanh?norm=per_10k", "h:8501/so-sanh?norm=per_10k", "/so-sanh?norm=per_10k"):
        assert split_view(view) == ("so-sanh", {"norm": "per_10k"}), view
    assert split_view("norm=per_10k", page="so-sanh") == ("so-sanh", {"norm": "per_10k"})
    assert split_view("?norm=per_10k") == (registry.DEFAULT, {"norm": "per_10k"})
    assert split_view("xu-huong") == ("xu-huong", {})


def test_importing_the_app_runs_nothing_and_the_export_path_needs_no_streamlit() -> None:
    code = (
        "import sys\n"
        "import dashboard.exports.batch, dashboard.registry, dashboard.answers\n"
        "assert 'streamlit' not in sys.modules, 'export path imports streamlit'\n"
        "import dashboard.app\n"
        "from streamlit import runtime\n"
        "assert not runtime.exists()\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
    assert "set_page_config" not in out.stderr


def test_an_unknown_page_or_a_page_without_charts_is_a_clear_error(
    sample_data_dir: Path, tmp_path: Path
) -> None:
    from dashboard.exports.batch import ExportError, export

    with pytest.raises(ExportError, match="unknown page 'nope'"):
        export(sample_data_dir, "?x=1", "png", tmp_path / "x.png", page="nope")
    with pytest.raises(ExportError, match="no chart or table"):
        export(sample_data_dir, "http://h/huong-dan", "png", tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_the_app_and_exports_read_one_implementation_of_the_answers() -> None:
    """``dashboard.cache`` keeps only what the server holds; every metric answer is written
    once, in :class:`dashboard.answers.Answers`, which the app's ``ctx.data`` is too."""
    import inspect

    from dashboard import answers, cache

    asked = {n for n, _ in inspect.getmembers(answers.Answers, inspect.isfunction)}
    asked -= {"engine", "version"} | {n for n in asked if n.startswith("_")}
    written_twice = sorted(n for n in asked if inspect.isfunction(getattr(cache, n, None)))
    assert written_twice == []
    assert "compare" in asked and "display_names" in asked
    assert inspect.signature(cache.answers).return_annotation in (answers.Answers, "Answers")


def test_only_a_test_asks_for_the_record_of_the_charts_drawn(
    sample_data_dir: Path, monkeypatch
) -> None:
    """``PAGE_CHARTS`` is a test hook: a served session keeps no copy of the charts it drew."""
    from streamlit.testing.v1 import AppTest

    from tests.dashboard_fixtures import APP

    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    served = AppTest.from_file(str(APP), default_timeout=120)
    served.run()
    assert problems(served) == []
    assert PAGE_CHARTS not in served.session_state
    tested = open_page("tong-quan")
    assert [c.key for c in tested.session_state[PAGE_CHARTS]][:2] == ["key_figures", "map"]
