"""Trust invariants of the catalogue page ("Danh mục mô hình") over many states of the bundled
sample: its chart of named models per locality counts exactly the models its table finds (the
sidebar's filter, the search words and the status), says the search in its filters, and cites
exactly the sources of the models it counts. Before, a search for "camera" listed 1 model while
the chart beside it still counted 3 + 3, under filters that did not name the search."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from dashboard import viewmodels
from metrics.catalogue import CatalogueQuery, search
from tests.dashboard_fixtures import page_context, property_settings

TEXTS = ("", "camera", "ve sinh", "dong da", "phuc thanh", "van giang", "khong co")
STATUSES = ("", "registered", "nominated", "recognized")
KINDS = ("", "model", "exemplar")
PLACES = ("", "01", "17", "37")
PERIODS = ("", "2022", "2016-2020")


def _ctx(directory: Path, query: dict[str, str]):
    return page_context(directory, "mo-hinh", query)


@given(
    text=st.sampled_from(TEXTS),
    status=st.sampled_from(STATUSES),
    kind=st.sampled_from(KINDS),
    place=st.sampled_from(PLACES),
    period=st.sampled_from(PERIODS),
)
@example(text="camera", status="", kind="", place="", period="")
@example(text="", status="nominated", kind="", place="", period="")
@example(text="", status="", kind="exemplar", place="", period="")
@property_settings(40)
def test_the_chart_counts_the_models_the_table_finds(
    sample_data_dir: Path, text: str, status: str, kind: str, place: str, period: str
) -> None:
    query = {"q": text, "st": status, "k": kind, "p": place, "period": period}
    ctx = _ctx(sample_data_dir, query)
    f = ctx.filter
    q = CatalogueQuery(
        text=ctx.get("q") or "",
        locality=f.locality,
        boundary=f.boundary,
        field=f.field,
        kind=f.kind,
        status=ctx.get("st"),
        years=f.years,
        page_size=1000,
    )
    found = search(ctx.data.engine(), q)
    charts = list(viewmodels.catalogue(ctx))
    if not charts:  # nothing found, or only the scope itself
        return
    chart = charts[0]
    assert int(chart.data["models"].sum()) == found.total, (query, chart.data, found.total)
    assert {s.source_id for s in chart.sources} == set(found.rows["source_id"])
    if text:
        assert f"Tìm: “{text}”" in chart.filters
    if status:
        assert any(x.startswith("Giai đoạn: ") for x in chart.filters), chart.filters


def test_a_search_narrows_the_chart(sample_data_dir: Path) -> None:
    everything = next(iter(viewmodels.catalogue(_ctx(sample_data_dir, {}))))
    assert everything.data["models"].tolist() == [3, 3]
    camera = next(iter(viewmodels.catalogue(_ctx(sample_data_dir, {"q": "camera"}))))
    assert camera.data[["code", "models"]].values.tolist() == [["01", 1]]
    assert [s.source_id for s in camera.sources] == ["dongda-2022"]


def test_typing_a_search_on_the_page_narrows_its_chart(sample_data_dir: Path, monkeypatch) -> None:
    from dashboard.exports.adapt import PAGE_CHARTS
    from tests.dashboard_fixtures import open_page, problems

    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("mo-hinh")
    at.session_state[PAGE_CHARTS] = []
    at.text_input(key=next(t.key for t in at.text_input if t.key.endswith("q"))).input(
        "camera"
    ).run()
    assert problems(at) == []
    shown = [c for c in at.session_state[PAGE_CHARTS] if c.key == "places"]
    assert shown and shown[-1].data["models"].tolist() == [1], [c.data for c in shown]
    assert "Tìm: “camera”" in shown[-1].filters
