"""The query engine: views over Parquet, versions, threads, population tables."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pandas as pd

from metrics import population
from metrics.engine import Engine
from metrics.filters import Filter, profile, year_bounds
from metrics.rules import resolve


def test_empty_data_dir_gives_empty_answers(tmp_path: Path) -> None:
    e = Engine(tmp_path)
    assert e.scalar("SELECT count(*) FROM tallies") == 0
    assert resolve(e, Filter(), tier="province").empty
    assert year_bounds(e) is None


def test_version_changes_when_a_table_is_replaced(sample_copy: Path) -> None:
    e = Engine(sample_copy)
    before = e.version()
    assert profile(e)["models_registered"]
    path = sample_copy / "warehouse" / "sources.parquet"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    assert e.version() != before


def test_one_engine_serves_many_threads(sample_data_dir: Path) -> None:
    e = Engine(sample_data_dir)
    results: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                res = resolve(e, Filter(), tier="province")
                results.append(int(res["value"].sum()))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 1 and len(results) == 30


def test_bundled_population_maps_every_row(sample_data_dir: Path) -> None:
    e = Engine(sample_data_dir)
    assert len(e.sql("SELECT * FROM population")) == len(population.bundled()) == 92


def test_population_file_in_data_dir_wins_and_extends(sample_copy: Path) -> None:
    pd.DataFrame(
        [
            {"province": "Đà Nẵng", "boundary": "pre2025", "year": 2024, "population": 1_250_000},
            {"locality_code": "006", "year": 2022, "population": 371_000},
            {"province": "Hà Nội", "boundary": "pre2025", "year": 2019, "population": 8_000_000},
        ]
    ).to_csv(sample_copy / "population.csv", index=False)
    e = Engine(sample_copy)
    table = population.for_localities(e, ["48", "006", "01"], 2022).set_index("locality_code")
    assert table.loc["48", "population"] == 1_250_000
    assert table.loc["006", "population_year"] == 2022
    hanoi = e.sql("SELECT population FROM population WHERE locality_code = '01' AND year = 2019")
    assert int(hanoi["population"].iloc[0]) == 8_000_000
