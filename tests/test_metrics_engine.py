"""The query engine: views over Parquet, versions, threads, population tables."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pandas as pd
import pytest

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


def test_answers_are_kept_per_data_version(sample_copy: Path) -> None:
    e = Engine(sample_copy)
    calls: list[int] = []

    def build() -> pd.DataFrame:
        calls.append(1)
        return resolve(e, Filter(), tier="province")

    first = e.result("provinces", build)
    first["value"] = -1  # a caller changing its answer changes no one else's
    again = e.result("provinces", build)
    assert len(calls) == 1 and (again["value"] >= 0).all()
    path = sample_copy / "warehouse" / "tallies.parquet"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    e.result("provinces", build)  # the data changed: asked again at once
    assert len(calls) == 2


def test_kept_answers_stay_within_their_row_budget(monkeypatch) -> None:
    from metrics import engine as engine_module

    monkeypatch.setattr(engine_module, "RESULT_ROWS", 40)
    e = Engine.from_frames()
    for i in range(10):
        e.result(("frame", i), lambda: pd.DataFrame({"x": range(10)}))
    built: list[int] = []
    e.result(("frame", 0), lambda: built.append(0) or pd.DataFrame({"x": range(10)}))
    e.result(("frame", 9), lambda: built.append(9) or pd.DataFrame({"x": range(10)}))
    assert built == [0]  # the oldest answer was dropped, the newest kept


def test_questions_with_the_same_arguments_are_answered_once(sample_data_dir: Path) -> None:
    from metrics import comparisons

    e = Engine(sample_data_dir)
    a = comparisons.compare(e, Filter(), tier="province", scope=None)
    queries = e.sql  # any further SQL would mean the question was asked again
    e.sql = lambda *args, **kwargs: (_ for _ in ()).throw(AssertionError("asked again"))  # type: ignore[method-assign]
    e.scalar = e.sql  # type: ignore[method-assign]
    b = comparisons.compare(e, Filter(), tier="province", scope=None)
    e.sql = queries  # type: ignore[method-assign]
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.table is not b.table


def test_duckdb_spills_to_a_directory_of_its_own_removed_when_done(tmp_path: Path) -> None:
    import subprocess
    import sys

    stale = tmp_path / "dvk-duckdb-999999999"  # a process that ended without cleaning up
    stale.mkdir()
    (stale / "duckdb_temp_storage.tmp").write_bytes(b"x")
    code = (
        "from metrics.engine import Engine; e = Engine(None); "
        "print(e.scalar(\"SELECT current_setting('temp_directory')\"))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    spill = Path(done.stdout.strip().splitlines()[-1])
    assert spill.parent == tmp_path and spill.name.startswith("dvk-duckdb-")
    assert not stale.exists() and not spill.exists()


def test_a_question_asked_while_it_is_answered_is_answered_once(sample_data_dir: Path) -> None:
    """Fifty sessions opening the same page on a fresh server: one computation, not fifty at
    once (each holding its own result in memory); every caller gets its own copy."""
    e = Engine(sample_data_dir)
    started, release = threading.Event(), threading.Event()
    builds: list[int] = []

    def build() -> pd.DataFrame:
        builds.append(1)
        started.set()
        release.wait(5)
        return pd.DataFrame({"value": [1, 2]})

    got: list[pd.DataFrame] = []
    threads = [threading.Thread(target=lambda: got.append(e.result("q", build))) for _ in range(8)]
    threads[0].start()
    assert started.wait(5)
    for th in threads[1:]:
        th.start()
    release.set()
    for th in threads:
        th.join(10)
    assert len(builds) == 1 and len(got) == 8
    assert all(g.equals(got[0]) for g in got) and len({id(g) for g in got}) == 8
    # a failed answer is not kept, and the next caller asks again
    with pytest.raises(RuntimeError):
        e.result("bad", lambda: (_ for _ in ()).throw(RuntimeError("boom")))
    assert e.result("bad", lambda: pd.DataFrame({"v": [3]}))["v"].tolist() == [3]
