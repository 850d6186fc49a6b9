"""Comparisons, normalisations, the funnel, distributions and trends (metrics layer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import comparisons, distributions, places, trends
from metrics.engine import Engine
from metrics.filters import Filter
from metrics.testing import tiny_engine

F2022 = Filter(years=(2022, 2022))


def test_share_adds_up_to_one_and_states_its_denominator() -> None:
    comp = comparisons.compare(tiny_engine(), F2022, tier="province", norm="share")
    assert comp.table["rate"].sum() == pytest.approx(1.0)
    assert set(comp.table["denominator"]) == {2100.0}


def test_per_commune_uses_child_units() -> None:
    comp = comparisons.compare(
        tiny_engine(), F2022, tier="district", scope=["01"], norm="per_commune"
    )
    rows = comp.table.set_index("code")
    assert rows.loc["001", "denominator"] == 2 and rows.loc["001", "rate"] == pytest.approx(27.5)
    assert rows.loc["002", "denominator"] == 1


def test_per_10k_only_where_a_population_of_a_stated_year_exists(sample_data_dir: Path) -> None:
    comp = comparisons.compare(Engine(sample_data_dir), Filter(), tier="province", norm="per_10k")
    with_rate = comp.table[comp.table["rate"].notna()]
    assert (with_rate["denominator_year"].notna()).all()
    # Đà Nẵng has no 2019 or 2024 population in the bundled table: listed, never guessed
    assert "48" in comp.missing_rate
    assert (
        comp.table.set_index("code").loc["48", "rate"]
        != comp.table.set_index("code").loc["48", "rate"]
    )


def test_per_year_divides_by_the_years_covered() -> None:
    f = Filter(metric="models_recognized")  # a flow: 2021 and 2022 add up
    comp = comparisons.compare(tiny_engine(), f, codes=["01"], norm="per_year", like_for_like=False)
    row = comp.table.iloc[0]
    assert (row["value"], row["denominator"]) == (36, 2)
    assert row["rate"] == pytest.approx(36 / 2)


def test_warnings_for_mixed_tiers_periods_and_partial_rollups() -> None:
    e = tiny_engine()
    assert "mixed_tiers" in comparisons.compare(e, F2022, codes=["01", "001"]).warnings
    rec = Filter(metric="models_recognized")
    mixed = comparisons.compare(e, rec, codes=["01", "31"], like_for_like=False)
    assert "mixed_periods" in mixed.warnings
    current = comparisons.compare(e, F2022.replace(boundary="current"), codes=["N31"])
    assert "set_apart" in current.warnings  # a partial roll-up is never ranked
    assert current.apart["reason"].tolist() == ["partial_rollup"]
    unsplit = comparisons.compare(
        e, F2022.replace(boundary="current"), codes=["N31"], like_for_like=False
    )
    assert "partial_rollup" in unsplit.warnings


def test_missing_is_not_zero() -> None:
    comp = comparisons.compare(tiny_engine(), F2022, codes=["01", "30"])
    assert comp.missing == ["30"]
    assert "30" not in set(comp.table["code"])


def test_funnel_keeps_three_metrics_apart() -> None:
    table = comparisons.funnel(tiny_engine(), F2022, ["01", "31"])
    hn = table[table["code"] == "01"].set_index("stage")["value"].to_dict()
    assert hn == {"models_registered": 100, "models_recognized": 20, "commendations": 5}
    assert table[table["code"] == "01"]["ratio_to_registered"].tolist() == [1.0, 0.2, 0.05]


def test_unknown_normalisation_raises() -> None:
    with pytest.raises(ValueError):
        comparisons.compare(tiny_engine(), F2022, codes=["01"], norm="per_hectare")


def test_distribution_by_field_flags_parts_that_do_not_add_up() -> None:
    dist = distributions.distribution(tiny_engine(), F2022, "field", "01")
    assert dist.stated_total == 100 and dist.parts_total == 105 and not dist.adds_up
    assert list(dist.table["field"]) == [
        "economy",
        "culture_society",
        "defense_security",
        "political_system",
    ]


def test_distribution_by_year_and_breakdown_shares(sample_data_dir: Path) -> None:
    e = Engine(sample_data_dir)
    by_year = distributions.distribution(e, Filter(), "year", "17").table  # Hòa Bình
    assert list(by_year["year"]) == [2018, 2021, 2022, 2023]
    # the province states 2018 and 2022; 2021 and 2023 come from its districts
    assert list(by_year["basis"]) == ["stated", "children", "stated", "children"]
    table = distributions.breakdown(
        e, Filter(metric="models_recognized"), ("subject", "level"), "VN"
    )
    assert table["share"].sum() == pytest.approx(1.0)
    assert set(table["subject"]) == {"collective", "individual"}


def test_yearly_change_never_bridges_a_gap(sample_data_dir: Path) -> None:
    table = trends.yearly(Engine(sample_data_dir), Filter(), ["VN"]).set_index("year")
    assert 2020 not in table.index
    assert table.loc[2021, "change"] is None or str(table.loc[2021, "change"]) == "<NA>"
    # 2021 adds Hà Giang and Hòa Bình, 2022 Hà Nội, Hòa Bình and Hải Phòng: no change either
    assert table.loc[2021, "covered"] != table.loc[2022, "covered"]
    assert str(table.loc[2022, "change"]) == "<NA>"


def test_phases_say_how_complete_they_are() -> None:
    table = trends.phases(tiny_engine(), Filter(), ["01"]).set_index("phase")
    assert bool(table.loc["2016-2020", "complete"]) and not bool(table.loc["2021-2025", "complete"])


def test_change_against_previous_period() -> None:
    result = trends.change(tiny_engine(), F2022, "01")
    assert (result["value"], result["previous"], result["delta"]) == (100, 80, 20)
    assert result["delta_pct"] == pytest.approx(0.25)


def test_places_helpers() -> None:
    e = tiny_engine()
    assert places.communes_count(e, "01") == 3
    assert places.child_tier(e, None, "current") == "current_province"
    assert places.search(e, "hai phong")["locality_code"].tolist()[:1] == ["31"]
    assert places.path(e, "00003") == ["01", "002", "00003"]


def test_per_child_uses_direct_children() -> None:
    comp = comparisons.compare(tiny_engine(), F2022, codes=["01"], norm="per_child")
    row = comp.table.iloc[0]
    assert (row["denominator"], row["rate"]) == (2.0, 50.0)
