"""Compare at any size: at most N bars (the rest in one line), a unit found and highlighted with
its rank, and the table still holding every unit. On a template of 40 provinces' own figures
(ingested like a user's file): the bundled sample ranks too few provinces like with like."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import views
from tests.dashboard_fixtures import charts, open_page, problems


@pytest.fixture(scope="module")
def provinces_dir(tmp_path_factory, sample_data_dir: Path) -> Path:
    """A warehouse holding one stated 2022 figure for each of 40 pre-2025 provinces."""
    import csv

    from data_loaders.ingest import ingest_paths
    from metrics.engine import Engine

    info = Engine(sample_data_dir).localities
    names = info[(info["tier"] == "province") & (info["era"] == "pre2025")]["name"].tolist()[:40]
    directory = tmp_path_factory.mktemp("forty-provinces")
    template = directory / "provinces-2022.csv"
    columns = ["locality", "period_start", "period_end", "metric", "kind", "field", "value"]
    with template.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for i, name in enumerate(names):
            writer.writerow([name, 2022, 2022, "models_registered", "any", "all", 100 + 37 * i])
    data = directory / "data"
    results = ingest_paths([template], data, progress=False)
    assert all(not r.refused for r in results), [str(p) for r in results for p in r.problems]
    return data


@pytest.fixture
def sample(provinces_dir: Path, monkeypatch) -> Path:
    monkeypatch.setenv("DVK_DATA_DIR", str(provinces_dir))
    return provinces_dir


def _bars(at) -> dict:
    ranked = [c for c in charts(at) if c["data"] and c["data"][0].get("orientation") == "h"]
    return ranked[0]["data"][0]


def _ranked_codes(data_dir: Path) -> list[str]:
    from metrics.comparisons import compare
    from metrics.engine import Engine
    from metrics.filters import Filter

    return compare(Engine(data_dir), Filter(), tier="province").table["code"].tolist()


def test_compare_draws_twenty_bars_by_default_and_summarises_the_rest(sample: Path) -> None:
    total = len(_ranked_codes(sample))
    assert total > 20
    at = open_page("so-sanh")
    assert problems(at) == []
    assert len(_bars(at)["y"]) == 20
    notes = [c.value for c in at.caption if c.value.startswith("Còn ")]
    assert notes and notes[0].startswith(f"Còn {total - 20} địa phương không vẽ")
    at.selectbox(key="w:so-sanh.top").set_value("10").run()
    assert len(_bars(at)["y"]) == 10 and at.query_params.get("top") == "10"
    at.selectbox(key="w:so-sanh.top").set_value("all").run()
    assert len(_bars(at)["y"]) == total
    assert not [c for c in at.caption if c.value.startswith("Còn ")]


def test_search_highlights_a_unit_and_tells_its_rank(sample: Path) -> None:
    codes = _ranked_codes(sample)
    last = codes[-1]  # outside the top 10
    at = open_page("so-sanh", {"top": "10"})
    at.selectbox(key="w:so-sanh.hl").set_value(last).run()
    assert problems(at) == []
    assert at.query_params.get("hl") == last
    bars = _bars(at)
    assert len(bars["y"]) == 11  # the ten, then the unit found
    assert bars["marker"]["color"][-1] == views.HIGHLIGHT
    assert views.HIGHLIGHT not in bars["marker"]["color"][:-1]
    info = [i.value for i in at.info if ": hạng " in i.value]
    assert info and f"hạng {len(codes)} / {len(codes)} tỉnh, thành" in info[0]
    assert bars["y"][-1].startswith(f"{len(codes)}. ")
    first = open_page("so-sanh", {"top": "10", "hl": codes[0]})  # inside the top: coloured
    bars = _bars(first)
    assert len(bars["y"]) == 10 and bars["marker"]["color"][0] == views.HIGHLIGHT


def test_the_table_keeps_every_unit(sample: Path) -> None:
    at = open_page("so-sanh", {"top": "10", "v_rank": "table"})
    assert problems(at) == []
    tables = [d.value for d in at.dataframe if "Hạng" in d.value.columns]
    assert tables and len(tables[0]) == len(_ranked_codes(sample))
