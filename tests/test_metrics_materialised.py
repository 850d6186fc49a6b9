"""Stored resolved cells: same answers as the full rules, rebuilt after every change of data."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.demo import generate
from metrics import materialised, materialised_build
from metrics.engine import Engine
from metrics.filters import Filter
from metrics.rules import resolve
from metrics.testing import write_tiny_warehouse


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("cells-demo")
    generate(directory, scale="small", seed=11)
    return directory


def _cases(province: str, district: str) -> list[tuple[Filter, dict]]:
    out: list[tuple[Filter, dict]] = []
    for metric in ("models_registered", "models_recognized", "commendations"):
        for years in ((2020, 2020), (2016, 2020), (2021, 2025), None):
            f = Filter(metric=metric, years=years)
            out += [
                (f, {"tier": "province"}),
                (f.replace(boundary="current"), {"tier": "current_province"}),
                (f, {"codes": ["VN"]}),
                (f, {"tier": "district", "scope": [province]}),
                (f, {"tier": "commune", "scope": [province]}),
                (f, {"tier": "commune", "scope": [district]}),
                (f, {"codes": [province], "by": ["field"]}),
                (f, {"codes": [province, district], "by": ["level"]}),
                (f, {"codes": ["VN"], "by": ["subject"]}),
                (f, {"tier": "province", "by": ["year"]}),
                (f, {"codes": [district], "by": ["kind", "year"]}),
                (f, {"codes": [province], "by": ["level", "subject"]}),
                (f.replace(field="economy"), {"tier": "district", "scope": [province]}),
                (f.replace(subject="collective"), {"codes": [province], "by": ["level"]}),
                (f.replace(field="culture_society"), {"tier": "province", "by": ["year"]}),
                (f.replace(field="all"), {"tier": "province"}),  # stated totals only: no cells
                (f.replace(kind="model"), {"codes": ["VN"], "by": ["field", "level"]}),
            ]
    return out


def test_stored_cells_give_the_same_answers_as_the_rules(demo_dir: Path) -> None:
    live = Engine(demo_dir, use_cells=False)
    stored = Engine(demo_dir)
    assert stored.cells_dir() is None
    assert stored.build_cells() is not None
    assert stored.cells_dir() is not None
    busiest = live.sql(
        "SELECT province_code, district_code FROM tallies WHERE locality_tier = 'commune' "
        "AND district_code IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
    )
    province, district = busiest.iloc[0]
    compared = 0
    for f, kw in _cases(province, district):
        a = resolve(live, f, **kw)
        b = resolve(stored, f, **kw)
        pd.testing.assert_frame_equal(
            a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False, obj=f"{f} {kw}"
        )
        compared += len(a)
    assert compared > 300  # the cases are about real figures, not empty results


def test_tiny_warehouse_cells_keep_the_rules(tmp_path: Path) -> None:
    """The tiny warehouse holds every awkward case of metrics/RULES.md (partial breakdowns,
    duplicates)."""
    write_tiny_warehouse(tmp_path)
    live, stored = Engine(tmp_path, use_cells=False), Engine(tmp_path)
    stored.build_cells()
    for metric in ("models_registered", "models_recognized", "commendations"):
        for by in ([], ["field"], ["subject"], ["level"], ["year"], ["subject", "level"]):
            f = Filter(metric=metric)
            for kw in ({"tier": "district"}, {"tier": "province"}, {"codes": ["VN", "01"]}):
                pd.testing.assert_frame_equal(
                    resolve(live, f, by=by, **kw), resolve(stored, f, by=by, **kw)
                )


def test_a_new_ingest_makes_the_old_cells_unused_until_rebuilt(tmp_path: Path) -> None:
    write_tiny_warehouse(tmp_path)
    first = materialised_build.refresh(tmp_path)
    assert first is not None and materialised.current(tmp_path) == first
    tallies = tmp_path / "warehouse" / "tallies.parquet"
    later = time.time() + 5
    os.utime(tallies, (later, later))  # as a re-ingest would
    assert materialised.current(tmp_path) is None
    engine = Engine(tmp_path)
    assert engine.cells_dir() is None  # the rules read the tallies meanwhile
    assert len(resolve(engine, Filter(), tier="province")) > 0
    second = materialised_build.refresh(tmp_path)
    assert second is not None and second != first
    assert not first.exists()  # old versions are removed
    assert sorted(p.stem for p in second.glob("*.parquet")) == sorted(materialised.VARIANTS)


def test_background_build_is_picked_up(tmp_path: Path) -> None:
    write_tiny_warehouse(tmp_path)
    engine = Engine(tmp_path, auto_build=True)
    assert engine.cells_dir() is None  # starts the build
    deadline = time.monotonic() + 60
    while engine.cells_dir() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert engine.cells_dir() == materialised.current(tmp_path)


def test_questions_the_cells_cannot_answer_read_the_tallies() -> None:
    assert materialised.usable(Filter(), ["field"]) == "field"
    assert materialised.usable(Filter(), ["year"]) == "total"
    assert materialised.usable(Filter(field="economy"), []) == "field"
    assert materialised.usable(Filter(), ["level", "subject"]) == "subject+level"
    assert materialised.usable(Filter(include_candidates=True), []) is None
    assert materialised.usable(Filter(field="all"), []) is None
    assert materialised.usable(Filter(), ["award", "level"]) is None  # pair not stored
    assert materialised.usable(Filter(field="economy"), ["level", "subject"]) is None


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only: missing is None whatever its dtype's way of saying so."""
    out = frame.astype(object)
    return out.where(frame.notna(), None)


def test_national_findings_are_stored_and_follow_every_table(tmp_path: Path) -> None:
    from metrics import quality

    write_tiny_warehouse(tmp_path)
    live = quality.compute(Engine(tmp_path))
    assert materialised_build.refresh(tmp_path) is not None
    engine = Engine(tmp_path)
    stored_dir = engine.findings_dir()
    assert stored_dir is not None
    stored = quality.findings(engine)
    assert stored.counts == live.counts and sum(live.counts.values()) > 0
    pd.testing.assert_frame_equal(_plain(stored.table), _plain(live.table))
    assert list(stored.table["tally_ids"].iloc[0]) == list(live.table["tally_ids"].iloc[0])
    # a new model list changes the findings (list vs stated), not the resolved cells
    cells = materialised.current(tmp_path)
    models = tmp_path / "warehouse" / "models.parquet"
    later = time.time() + 5
    os.utime(models, (later, later))
    assert materialised.current(tmp_path) == cells
    assert materialised.current_findings(tmp_path) is None
    assert not materialised.is_current(tmp_path)
    materialised_build.refresh(tmp_path)
    assert materialised.is_current(tmp_path) and not stored_dir.exists()


def test_the_stamps_and_the_engine_read_one_data_version(tmp_path: Path) -> None:
    """Replacing a warehouse file (where the warehouse keeps it) changes the engine's version
    and the stamp of the cells together; a file the cells do not read changes only findings."""
    from data_loaders.storage.warehouse import Warehouse

    write_tiny_warehouse(tmp_path)
    engine = Engine(tmp_path, use_cells=False)

    def now() -> tuple[object, str | None, str | None]:
        return engine.version(), materialised.stamp(tmp_path), materialised.findings_stamp(tmp_path)

    versions = now()
    sources = Warehouse(tmp_path).path("sources")
    os.utime(sources, ns=(sources.stat().st_atime_ns, sources.stat().st_mtime_ns + 10**9))
    after = now()
    assert all(a != b for a, b in zip(versions, after))
    models = Warehouse(tmp_path).path("models")
    os.utime(models, ns=(models.stat().st_atime_ns, models.stat().st_mtime_ns + 10**9))
    last = now()
    assert last[1] == after[1] and last[0] != after[0] and last[2] != after[2]
    engine.close()
