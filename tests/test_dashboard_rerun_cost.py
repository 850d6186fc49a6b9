"""A rerun redoes nothing a page showed already: kept charts are sent as the JSON made at their
first showing; the overview's cards and lists and the catalogue's chart and table are built
once per page state and data version; the import page reads the warehouse's sources once per
data version and builds the template workbook only when it is downloaded. What is shown stays
the same."""

from __future__ import annotations

import os
from pathlib import Path

import plotly.graph_objects as go
import plotly.io
import plotly.tools
import pytest

from dashboard import charts, import_logic, ui, viewmodels, views
from dashboard.answers import Answers
from tests.dashboard_fixtures import charts as shown_charts
from tests.dashboard_fixtures import open_page, problems


def _streamlit_spec(figure: object) -> str:
    """The JSON ``st.plotly_chart`` sends for ``figure`` (Streamlit's own two steps)."""
    as_dict = plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True)
    return plotly.io.to_json(as_dict, validate=False)


def test_a_kept_figure_is_sent_as_the_same_json_made_once(monkeypatch) -> None:
    fig = go.Figure(go.Bar(x=["2021", "2022"], y=[3, 4.5], uid="u1", name="Mô hình"))
    fig.update_layout(separators=",.", title="Mô hình đăng ký")
    expected = _streamlit_spec(fig)
    made: list[int] = []
    to_dict = go.Figure.to_dict
    monkeypatch.setattr(go.Figure, "to_dict", lambda self: made.append(1) or to_dict(self))
    first = _streamlit_spec(charts.sent(fig))
    again = _streamlit_spec(charts.sent(fig))
    assert first == again == expected  # uid dropped, as Streamlit drops it
    assert len(made) == 1  # the figure's dictionary is made at its first showing only
    other = go.Figure(go.Bar(x=["2021"], y=[1]))
    assert _streamlit_spec(charts.sent(other)) == _streamlit_spec(other)


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """Calls of the overview's view models and the import page's two reads."""
    calls: dict[str, int] = {}

    def count(owner: object, name: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    for name in ("key_figures", "leaders_comparison", "yearly_totals", "catalogue"):
        count(viewmodels, name)
    count(charts, "display_table")
    count(views, "coverage_list")
    count(import_logic, "known_sources")
    count(ui, "chart_export")
    count(Answers, "year_bounds")
    count(Answers, "is_synthetic")
    count(import_logic, "template_bytes")
    return calls


def test_an_overview_rerun_builds_no_card_list_or_table_again(
    dashboard_copy: Path, counted: dict[str, int]
) -> None:
    at = open_page("tong-quan")
    assert problems(at) == []
    built = dict(counted)
    assert built["key_figures"] == 1 and built["coverage_list"] == 1
    assert "chart_export" not in built  # a chart's export is made when a file is asked
    metrics = [(m.label, m.value) for m in at.metric]
    captions = [c.value for c in at.caption]
    figures = shown_charts(at)
    at.run()
    assert problems(at) == []
    assert counted == built  # nothing built or asked again for the same state and data
    assert [(m.label, m.value) for m in at.metric] == metrics and len(metrics) == 4
    assert [c.value for c in at.caption] == captions
    assert shown_charts(at) == figures


def test_the_import_page_reads_sources_once_per_data_version(
    dashboard_copy: Path, counted: dict[str, int]
) -> None:
    at = open_page("nhap-du-lieu")
    assert problems(at) == []
    at.run()
    at.run()
    assert counted["known_sources"] == 1
    assert "template_bytes" not in counted  # the workbook is built when it is downloaded
    (template,) = [b for b in at.get("download_button") if b.proto.id.endswith("imp_template")]
    assert template.proto.label == "Tải biểu mẫu nhập số liệu (XLSX)"
    sources = dashboard_copy / "warehouse" / "sources.parquet"
    later = sources.stat().st_mtime_ns + 10**9
    os.utime(sources, ns=(later, later))  # a new version of the data (as an ingest makes)
    at.run()
    assert problems(at) == [] and counted["known_sources"] == 2


def test_a_catalogue_rerun_builds_neither_its_chart_nor_its_table_again(
    dashboard_copy: Path, counted: dict[str, int]
) -> None:
    at = open_page("mo-hinh")
    assert problems(at) == []
    built = dict(counted)
    assert built["catalogue"] == 1 and built["display_table"] >= 1
    table = at.dataframe[0].value
    figures = shown_charts(at)
    at.run()
    assert problems(at) == [] and counted == built
    assert at.dataframe[0].value.equals(table) and shown_charts(at) == figures and figures
    at.text_input(key=next(t.key for t in at.text_input)).set_value("camera").run()
    assert problems(at) == [] and counted["display_table"] > built["display_table"]  # new search
