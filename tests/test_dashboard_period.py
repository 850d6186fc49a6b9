"""The sidebar's single-year picker beside all years, the phases and the year range."""

from __future__ import annotations

from pathlib import Path

from dashboard import sidebar
from tests.dashboard_fixtures import open_page, problems


def test_period_modes() -> None:
    assert sidebar.period_mode("2022") == "year"
    assert sidebar.period_mode("2016-2020") == "2016-2020"
    assert sidebar.period_mode("2018-2019") == "custom"
    assert "year" in sidebar.PERIOD_MODES


def test_one_year_is_picked_from_a_list_and_kept_in_the_link(
    sample_data_dir: Path, monkeypatch
) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("tong-quan", {"period": "2016-2020"})
    at.segmented_control(key="w:period_mode").set_value("year").run()
    assert problems(at) == []
    assert at.query_params.get("period") == "2020"  # the last year of what was chosen
    years = at.selectbox(key="w:period_year")
    assert years.options[0] > years.options[-1]  # latest first
    assert "2.022" not in years.options and "2022" in years.options
    years.set_value(2022).run()
    assert problems(at) == []
    assert at.query_params.get("period") == "2022"
    assert not at.slider, "no two-ended range slider for one year"
    assert "2022" in at.caption[1].value or any("2022" in c.value for c in at.caption)
    # a range from a single year starts from every year of the data
    at.segmented_control(key="w:period_mode").set_value("custom").run()
    lo, hi = at.slider(key="w:period_range").value
    assert lo < 2022 <= hi and at.query_params.get("period") == f"{lo}-{hi}"


def test_a_link_to_one_year_opens_the_year_picker(sample_data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("so-sanh", {"period": "2019"})
    assert problems(at) == []
    assert at.segmented_control(key="w:period_mode").value == "year"
    assert at.selectbox(key="w:period_year").value == 2019
