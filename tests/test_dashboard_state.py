"""URL state: every page's state in the address, restored exactly; bad parameters dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import state
from metrics.testing import tiny_engine
from tests.dashboard_fixtures import charts, open_page, problems


@pytest.fixture(autouse=True)
def sample_env(sample_data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))


def test_parse_keeps_valid_values_and_reports_the_rest() -> None:
    values, notices = state.parse(
        state.COMPARE,
        {"p": "01", "d": "001", "c": "00003", "m": "bogus", "norm": "per_10k", "zz": "1"},
        tiny_engine(),
    )
    assert values["p"] == "01" and values["d"] == "001"
    assert values["c"] is None  # 00003 lies in another district
    assert values["m"] == "models_registered" and values[f"{state.COMPARE}.norm"] == "per_10k"
    assert sorted(notices) == ["c=00003", "m=bogus", "zz=1"]


def test_parse_period_and_codes() -> None:
    assert state.parse_period("2021-2025") == "2021-2025"
    with pytest.raises(state.Invalid):
        state.parse_period("2025-2021")
    values, notices = state.parse(state.TRENDS, {"loc": "01,31,nope"}, tiny_engine())
    assert values[f"{state.TRENDS}.loc"] == () and notices == ["loc=01,31,nope"]


def test_current_boundaries_accept_only_2025_provinces() -> None:
    _, notices = state.parse(state.OVERVIEW, {"b": "current", "p": "01"}, tiny_engine())
    assert notices == ["p=01"]
    values, notices = state.parse(state.OVERVIEW, {"b": "current", "p": "N01"}, tiny_engine())
    assert values["p"] == "N01" and notices == []


def test_invalid_and_outdated_parameters_are_dropped_with_a_notice() -> None:
    at = open_page("tong-quan", {"p": "99", "m": "old_metric", "period": "20x2", "foo": "bar"})
    assert problems(at) == []
    notice = " ".join(w.value for w in at.warning).replace("\\", "")  # shown escaped
    for item in ("p=99", "m=old_metric", "period=20x2", "foo=bar"):
        assert item in notice
    assert at.query_params == {}


def test_an_address_restores_page_filters_and_options_exactly() -> None:
    address = {
        "lang": "en",
        "b": "current",
        "p": "N01",
        "period": "2021-2025",
        "m": "models_recognized",
        "f": "economy",
        "s": "collective",
        "scope": "communes",
        "norm": "per_year",
        "v_rank": "table",
    }
    at = open_page("so-sanh", address)
    assert problems(at) == []
    assert at.query_params == address
    assert at.selectbox(key="w:p").value == "N01"
    assert at.selectbox(key="w:m").value == "models_recognized"
    assert at.radio(key="w:so-sanh.scope").value == "communes"
    assert at.title[0].value == "Compare localities"


def test_linked_pickers_reset_a_child_that_no_longer_fits() -> None:
    at = open_page("tong-quan", {"p": "01", "d": "006"})
    assert at.selectbox(key="w:d").value == "006"
    assert "00229" in at.selectbox(key="w:c").options or len(at.selectbox(key="w:c").options) > 5
    at.selectbox(key="w:p").set_value("31").run()
    assert problems(at) == []
    assert at.query_params == {"p": "31"}
    assert at.selectbox(key="w:d").value == state.ALL  # "all districts"


def test_chart_and_table_switch_lives_in_the_address() -> None:
    at = open_page("tong-quan")
    n_charts = len(charts(at))
    at.segmented_control(key="w:tong-quan.v_top").set_value("table").run()
    assert at.query_params.get("v_top") == "table"
    assert len(charts(at)) == n_charts - 1 and len(at.dataframe) >= 1


def test_copy_link_shows_the_address_of_this_view() -> None:
    at = open_page("xu-huong", {"loc": "VN,17", "m": "models_registered"})
    codes = [c.value for c in at.code]
    assert any("xu-huong?" in c and "loc=VN%2C17" in c for c in codes), codes


def test_language_switch_translates_the_page() -> None:
    at = open_page("tong-quan")
    assert at.title[0].value.startswith("Tổng quan")
    at.segmented_control(key="w:lang").set_value("en").run()
    assert at.title[0].value.startswith("Overview")
    assert at.query_params == {"lang": "en"}


def test_url_builder_leaves_defaults_out() -> None:
    at = open_page("tong-quan", {"p": "01"})
    assert any(c.value.endswith("/?p=01") for c in at.code)


def test_charts_follow_vietnamese_conventions() -> None:
    at = open_page("tong-quan", {"p": "17"})  # Hòa Bình: fields and several years
    figures = charts(at)
    assert figures and all(fig["layout"].get("separators") == ",." for fig in figures)
    # the trend: years on the x axis (bars per year on the overview; lines on the trends page)
    trend = next(
        f
        for f in figures
        if f["data"][0]["type"] in ("scatter", "bar")
        and all(str(x).isdigit() for x in f["data"][0].get("x", ["?"]))
    )
    assert trend["layout"]["xaxis"]["type"] == "category"
    assert all(str(x).isdigit() for x in trend["data"][0]["x"])
    donut = next(f for f in figures if f["data"][0]["type"] == "pie")
    assert "#2e7d32" in donut["data"][0]["marker"]["colors"]  # economy keeps its colour
    values = [m.value for m in at.metric]
    assert "4.266" in values or any("." in v for v in values)


def test_a_failing_section_shows_a_vietnamese_message_not_a_traceback(monkeypatch) -> None:
    from dashboard.answers import Answers

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Answers, "distribution", broken)
    from dashboard import cache

    cache.clear()  # built views are kept per page state: an earlier test may have built these
    at = open_page("tong-quan")
    assert not at.exception
    assert any("Đã xảy ra lỗi" in e.value for e in at.error)
    assert len(charts(at)) >= 1  # the other sections still show


def test_an_empty_selection_says_so() -> None:
    at = open_page("so-sanh", {"p": "31", "m": "registrants"})
    assert problems(at) == []
    assert any("Không có số liệu" in i.value for i in at.info)


def test_catalogue_search_without_diacritics_from_the_page() -> None:
    at = open_page("mo-hinh", {"q": "CAMERA AN NINH"})
    table = at.dataframe[0].value
    assert len(table) == 1 and "camera an ninh" in table.iloc[0, 0].lower()


def test_quality_page_links_a_finding_to_its_rows() -> None:
    at = open_page("nguon", {"fk": "parts_mismatch", "fi": "1"})
    assert problems(at) == []
    assert len(at.dataframe) >= 3  # findings, the rows of finding #1, sources
    rows = at.dataframe[1].value
    assert len(rows) >= 2


def test_plotly_figures_are_json(sample_data_dir: Path) -> None:
    at = open_page("linh-vuc", {"chart": "sunburst", "d2": "none"})
    assert problems(at) == []
    assert json.dumps(charts(at))
