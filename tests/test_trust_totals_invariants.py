"""Invariants of totals and rankings over a generated grid of sidebar states (metric × years ×
boundary × scope), on the bundled sample and on ``dvk demo --scale small`` data:

- every total equals the sum of the rows it claims to cover, of one boundary version;
- its coverage counts are consistent (units reporting + missing = units in scope);
- the national total of the rules engine is the same total;
- a ranking holds one boundary version of complete figures, and with the figures set apart it
  holds exactly the units the total adds up or leaves out;
- a yearly total adds exactly the units it lists, and a change joins like with like only.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metrics import comparisons, places, totals
from metrics.engine import Engine
from metrics.filters import Filter
from metrics.rules import resolve
from tests.dashboard_fixtures import has_demo, make_demo

METRICS = ("models_registered", "models_recognized", "commendations")
YEARS: tuple[tuple[int, int] | None, ...] = (None, (2022, 2022), (2021, 2025))
SCOPES = {  # provinces with figures: old units (a partial and a stated one), a 2025 province
    "sample": {"reported": ("VN", "01", "17", "N75"), "current": ("VN", "N75")},
    "demo": {"reported": ("VN", "37", "N37"), "current": ("VN", "N37")},
}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not has_demo():
        pytest.skip("data_loaders.demo is not available")
    return make_demo(tmp_path_factory.mktemp("trust-totals-demo"))


@pytest.fixture(scope="module", params=["sample", pytest.param("demo", marks=pytest.mark.slow)])
def data(request, sample_data_dir: Path) -> tuple[str, Engine]:
    directory = (
        sample_data_dir if request.param == "sample" else request.getfixturevalue("demo_dir")
    )
    return request.param, Engine(directory)


def check_total(engine: Engine, f: Filter, scope: str) -> totals.Total:
    t = totals.total(engine, f, scope)
    where = (f, scope)
    if t.value is None:
        assert t.rows.empty and t.reporting == 0, where
        return t
    assert t.value == int(t.rows["value"].sum()), where
    assert t.reporting == len(t.rows) == t.rows["code"].nunique(), where
    assert t.rows["era"].nunique() <= 1, where
    if t.basis == "stated":
        assert (t.reporting, t.units, t.complete, list(t.rows["code"])) == (1, 1, True, [scope])
        return t
    units = totals.units_in_scope(engine, scope, f.boundary, t.tier)
    in_version = set(units.loc[units["era"] == t.era, "code"]) if t.era else set(units["code"])
    assert t.codes <= in_version, where
    assert t.units == len(in_version), where
    assert set(t.missing) == in_version - t.codes, where
    assert t.reporting + len(t.missing) == t.units, where
    assert not t.complete or not t.missing, where
    assert t.era is None or not (t.left_out["era"] == t.era).any(), where
    if scope == "VN":
        nation = resolve(engine, f, codes=["VN"])
        assert int(nation["value"].iloc[0]) == t.value, where
        assert int(nation["children_reporting"].iloc[0]) == t.reporting, where
    return t


def check_ranking(engine: Engine, f: Filter, scope: str, t: totals.Total) -> None:
    tier = places.child_tier(engine, None if scope == "VN" else scope, f.boundary)
    root = None if scope == "VN" else [scope]
    comp = comparisons.compare(engine, f, tier=tier, scope=root)
    where = (f, scope)
    table, apart = comp.table, comp.apart
    assert table["era"].nunique() <= 1, where
    assert not comparisons.is_partial(table).any(), where
    assert not table["is_derived"].astype(bool).any(), where
    assert table["rank"].tolist() == list(range(1, len(table) + 1)), where
    assert set(table["code"]).isdisjoint(apart["code"]), where
    everything = resolve(engine, f, tier=tier, scope=root)
    assert set(table["code"]) | set(apart["code"]) == set(everything["code"]), where
    if t.basis == "children" and t.value is not None:  # the same figures, the same coverage
        both = pd.concat([table, apart])
        same_version = both[both["era"] == t.era] if t.era else both
        assert set(same_version["code"]) == t.codes, where
        values = same_version.set_index("code")["value"]
        assert int(values.sum()) == t.value, where
        assert set(both["code"]) - t.codes == set(t.left_out["code"]), where
        if len(table):
            assert comp.era == t.era and comp.units == t.units, where


def check_yearly(engine: Engine, f: Filter, scope: str) -> None:
    table = totals.yearly_totals(engine, f, scope)
    tier = places.child_tier(engine, None if scope == "VN" else scope, f.boundary)
    root = None if scope == "VN" else [scope]
    children = resolve(engine, f, by=["year"], tier=tier, scope=root)
    own = resolve(engine, f, by=["year"], codes=[scope]) if scope != "VN" else None
    rows = list(table.itertuples(index=False))
    for i, row in enumerate(rows):
        where = (f, scope, row.year)
        if row.basis == "stated":
            assert own is not None, where
            stated = own[(own["year"] == row.year) & (own["basis"] == "stated")]
            assert int(stated["value"].iloc[0]) == row.value, where
            assert row.covered == (scope,), where
        else:
            year = children[children["year"] == row.year].set_index("code")["value"]
            assert int(year.loc[list(row.covered)].sum()) == row.value, where
            assert row.reporting == len(row.covered) <= row.units, where
        previous = rows[i - 1] if i else None
        comparable = (
            previous is not None
            and previous.year == row.year - 1
            and previous.covered == row.covered
            and previous.basis == row.basis
        )
        if comparable:
            assert int(row.change) == row.value - previous.value, where
        else:
            assert pd.isna(row.change), where


@pytest.mark.slow
@pytest.mark.parametrize("boundary", ["reported", "current"])
@pytest.mark.parametrize("metric", METRICS)
def test_totals_and_rankings_over_sidebar_states(
    data: tuple[str, Engine], metric: str, boundary: str
) -> None:
    name, engine = data
    checked = 0
    for scope in SCOPES[name][boundary]:
        if not places.exists(engine, scope):
            continue
        base = Filter(metric=metric, boundary=boundary)
        check_yearly(engine, base, scope)
        for years in YEARS:
            f = base.replace(years=years)
            t = check_total(engine, f, scope)
            check_ranking(engine, f, scope, t)
            checked += t.value is not None
    assert checked > 0, "the grid must reach states with figures"
