"""Compare at any size: hundreds of units drawn as dots (a strip per parent unit), the ranking
table a page of 50 rows at a time with the page in the URL, on 80 communes of one province
(ingested like a user's file)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from dashboard import rank_dots
from tests.dashboard_fixtures import charts, open_page, problems, shown_text

COMMUNES = 80


@pytest.fixture(scope="module")
def communes_dir(tmp_path_factory, sample_data_dir: Path) -> tuple[Path, str]:
    """A stated 2022 figure for 80 communes (of several districts) of one pre-2025 province."""
    import csv

    from data_loaders.ingest import ingest_paths
    from metrics.engine import Engine

    info = Engine(sample_data_dir).localities
    old = info[(info["era"] == "pre2025") & (info["tier"] == "commune")]
    province = old.groupby("province_code").size().sort_values().index[-1]
    inside = old[old["province_code"] == province]
    inside = inside[~inside["name"].duplicated(keep=False)]  # names the file can tell apart
    picked = inside.groupby("parent_code").head(12).head(COMMUNES)
    assert len(picked) == COMMUNES and picked["parent_code"].nunique() > 2
    directory = tmp_path_factory.mktemp("eighty-communes")
    template = directory / "communes-2022.csv"
    columns = ["province", "locality", "period_start", "period_end", "metric", "kind", "value"]
    with template.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for i, name in enumerate(picked["name"]):
            row = [info.at[province, "name"], name, 2022, 2022, "models_registered", "any", 5 + i]
            writer.writerow(row)
    data = directory / "data"
    results = ingest_paths([template], data, progress=False)
    assert all(not r.refused for r in results), [str(p) for r in results for p in r.problems]
    return data, str(province)


@pytest.fixture
def sample(communes_dir: tuple[Path, str], monkeypatch) -> str:
    monkeypatch.setenv("DVK_DATA_DIR", str(communes_dir[0]))
    return communes_dir[1]


def _ranking(at) -> dict:
    for chart in charts(at):
        trace = chart["data"][0] if chart["data"] else {}
        if trace.get("orientation") == "h" or (
            trace.get("type") == "scatter" and trace.get("mode") == "markers+text"
        ):
            return chart
    raise AssertionError("no ranking chart")


def test_all_communes_are_dots_in_a_strip_per_district(sample: str) -> None:
    at = open_page("so-sanh", {"p": sample, "scope": "communes", "top": "all"})
    assert problems(at) == []
    chart = _ranking(at)
    (trace,) = chart["data"]
    assert trace["type"] == "scatter" and len(trace["customdata"]) == COMMUNES
    districts = {y.rsplit(" (", 1)[0] for y in trace["y"]}
    assert len(districts) > 2 and all(" (" in y for y in trace["y"])  # "Huyện X (12)"
    assert chart["layout"]["height"] < 24 * len(districts) + 200  # not 80 bars of 32 px
    assert any(shown_text(c.value).startswith("80 địa phương, mỗi chấm") for c in at.caption)
    # the twenty by default stay bars, and the line about the rest says where the dots are
    at = open_page("so-sanh", {"p": sample, "scope": "communes"})
    bars = _ranking(at)["data"][0]
    assert bars["type"] == "bar" and len(bars["y"]) == 20
    rest = [shown_text(c.value) for c in at.caption if shown_text(c.value).startswith("Còn 60")]
    assert rest and rest[0].endswith("chọn “Tất cả” để thấy mọi địa phương trên một biểu đồ chấm.")


def test_a_found_commune_is_marked_among_the_dots(sample: str) -> None:
    at = open_page("so-sanh", {"p": sample, "scope": "communes", "top": "all"})
    last = _ranking(at)["data"][0]["customdata"][-1][0]
    at.selectbox(key="w:so-sanh.hl").set_value(last).run()
    (trace,) = _ranking(at)["data"]
    at_code = [c[0] for c in trace["customdata"]].index(last)
    assert trace["marker"]["color"][at_code] == rank_dots.HIGHLIGHT
    assert trace["text"][at_code] and sum(1 for x in trace["text"] if x) == 1


def test_rank_dots_when_the_units_share_one_parent() -> None:
    table = pd.DataFrame(
        {
            "code": [f"c{i}" for i in range(60)],
            "name": [f"Xã {i}" for i in range(60)],
            "rate": [float(100 - i) for i in range(60)],
            "rank": list(range(1, 61)),
        }
    )
    fig = rank_dots.rank_figure(table, "vi", False, "models_registered", highlight="c40")
    (trace,) = fig.data
    assert list(trace.x) == list(range(1, 61)) and fig.layout.height == 440
    named = [t for t in trace.text if t]
    assert named == ["Xã 0", "Xã 1", "Xã 2", "Xã 40"]  # the first three and the one found
    assert fig.layout.separators == ",."


def test_the_ranking_table_is_paged_fifty_rows_with_the_page_in_the_url(sample: str) -> None:
    query = {"p": sample, "scope": "communes", "v_rank": "table"}
    at = open_page("so-sanh", query)
    assert problems(at) == []
    ranked = [d.value for d in at.dataframe if "Hạng" in d.value.columns]
    assert len(ranked[0]) == 50 and ranked[0]["Hạng"].tolist()[0] == "1"
    picker = at.selectbox(key="w:so-sanh.pg_rank")
    assert picker.options == ["Trang 1 / 2 — dòng 1–50", "Trang 2 / 2 — dòng 51–80"]
    picker.set_value(2).run()
    assert at.query_params.get("pg_rank") == "2"
    ranked = [d.value for d in at.dataframe if "Hạng" in d.value.columns]
    assert ranked[0]["Hạng"].tolist() == [str(i) for i in range(51, 81)]
    notes = [shown_text(c.value) for c in at.caption]
    assert "Dòng 51–80 trên tổng số 80; tải XLSX/CSV để có cả bảng." in notes
    # a link to page 2 opens page 2
    at = open_page("so-sanh", {**query, "pg_rank": "2"})
    ranked = [d.value for d in at.dataframe if "Hạng" in d.value.columns]
    assert ranked[0]["Hạng"].tolist()[0] == "51"


def test_a_found_commune_opens_its_page_of_the_table(sample: str) -> None:
    at = open_page("so-sanh", {"p": sample, "scope": "communes", "v_rank": "table"})
    ranked = [d.value for d in at.dataframe if "Hạng" in d.value.columns][0]
    assert ranked["Hạng"].tolist()[0] == "1"
    from metrics.comparisons import compare
    from metrics.engine import Engine
    from metrics.filters import Filter

    engine = Engine(Path(os.environ["DVK_DATA_DIR"]))
    codes = compare(engine, Filter(locality=sample), tier="commune", scope=[sample]).table["code"]
    at.selectbox(key="w:so-sanh.hl").set_value(codes.iloc[59]).run()  # rank 60: page 2
    assert problems(at) == [] and at.query_params.get("pg_rank") == "2"
    ranked = [d.value for d in at.dataframe if "Hạng" in d.value.columns][0]
    assert "60" in ranked["Hạng"].tolist()
