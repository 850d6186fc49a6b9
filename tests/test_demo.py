"""Synthetic demo data (``dvk demo``): valid tables, labelled synthetic, meaningful structure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from data_loaders.demo import TITLE_PREFIX, generate
from data_loaders.reference.text import fold_key
from data_loaders.storage import schema
from data_loaders.storage.check import check
from data_loaders.storage.warehouse import Warehouse

REFORM = date(2025, 7, 1)
GROUP = ["locality_code", "period_start", "period_end", "metric", "level", "award", "theme"]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    directory = tmp_path_factory.mktemp("demo-small")
    return directory, generate(directory, scale="small", seed=7)


@pytest.fixture(scope="module")
def tables(small: tuple[Path, dict]) -> dict[str, pd.DataFrame]:
    wh = Warehouse(small[0])
    return {name: wh.read(name) for name in schema.TABLES}


def test_summary_counts_rows(small: tuple[Path, dict], tables: dict[str, pd.DataFrame]) -> None:
    _, summary = small
    assert summary["scale"] == "small"
    assert summary["tallies"] == len(tables["tallies"])
    assert summary["models"] == len(tables["models"])
    assert 2_000 <= summary["tallies"] <= 20_000
    assert 2_000 <= summary["models"] <= 10_000
    assert summary["seconds"] > 0


def test_tables_valid(small: tuple[Path, dict], tables: dict[str, pd.DataFrame]) -> None:
    for name, frame in tables.items():
        assert len(frame), name
        assert schema.validate(name, frame) == [], name
        assert pq.read_schema(Warehouse(small[0]).path(name)).names == list(schema.TABLES[name])
    counts, problems = check(small[0])
    assert problems == []
    assert counts["localities"] > 14_000  # every official unit of both eras


def test_tally_ids_unique(tables: dict[str, pd.DataFrame]) -> None:
    assert tables["tallies"]["tally_id"].is_unique
    assert tables["models"]["model_id"].is_unique


def test_everything_is_labelled_synthetic(tables: dict[str, pd.DataFrame]) -> None:
    sources, tallies = tables["sources"], tables["tallies"]
    assert sources["is_synthetic"].all()
    assert sources["title"].str.startswith(TITLE_PREFIX).all()
    assert (sources["loader"] == "demo").all()
    assert set(tallies["source_id"]) | set(tables["models"]["source_id"]) == set(
        sources["source_id"]
    )
    assert tallies["quote"].isna().all()
    assert (tallies["status"] == "confirmed").all()
    assert tallies["note"].str.contains("synthetic").all()
    assert tables["models"]["note"].str.contains("synthetic").all()
    assert not tallies["is_derived"].any()


def test_both_eras_on_their_own_dates(tables: dict[str, pd.DataFrame]) -> None:
    tallies = tables["tallies"]
    new = tallies["locality_code"].str.startswith("N")
    assert new.any() and (~new).any()
    assert (tallies.loc[~new, "period_end"] < REFORM).all()
    assert (tallies.loc[new, "period_start"] >= REFORM).all()
    assert tallies["year_start"].min() == 2010 and tallies["year_end"].max() == 2026
    models = tables["models"]
    assert models["locality_code"].str.startswith("N").any()
    assert (~models["locality_code"].str.startswith("N")).any()


def test_locality_columns_follow_the_localities(tables: dict[str, pd.DataFrame]) -> None:
    locs = tables["localities"].set_index("locality_code")
    for name in ("tallies", "models"):
        frame = tables[name]
        info = locs.loc[frame["locality_code"]]
        assert (frame["province_code"].to_numpy() == info["province_code"].to_numpy()).all()
        current = info["current_province_code"].to_numpy()
        assert (frame["current_province_code"].to_numpy() == current).all()
        tier = info["tier"].to_numpy()
        old_commune = (tier == "commune") & (info["era"] == "pre2025").to_numpy()
        district = frame["district_code"].to_numpy()
        assert (district[old_commune] == info["parent_code"].to_numpy()[old_commune]).all()
        assert (
            district[tier == "district"] == frame["locality_code"].to_numpy()[tier == "district"]
        ).all()
        assert frame.loc[~old_commune & (tier != "district"), "district_code"].isna().all()
    assert (
        tables["tallies"]["locality_tier"].astype(str).to_numpy()
        == locs.loc[tables["tallies"]["locality_code"], "tier"].to_numpy()
    ).all()
    assert set(locs.loc[tables["models"]["locality_code"], "tier"]) <= {"commune", "district"}


def test_each_tier_states_its_own_totals(tables: dict[str, pd.DataFrame]) -> None:
    tallies = tables["tallies"]
    totals = tallies[
        (tallies["metric"] == "models_registered")
        & (tallies["field"] == "all")
        & (tallies["subject"] == "all")
        & (tallies["kind"] == "any")
        & (tallies["theme"] == "none")
    ]
    assert set(totals["locality_tier"].astype(str)) == {"province", "district", "commune"}
    # one stated total per unit and period
    assert not totals.duplicated(["locality_code", "period_start", "period_end"]).any()
    # a province total is stated, not the sum of its districts
    years = totals[totals["year_start"] == totals["year_end"]]
    province = years[years["locality_tier"] == "province"].set_index(
        ["province_code", "period_start"]
    )["value"]
    districts = (
        years[years["locality_tier"] == "district"]
        .groupby(["province_code", "period_start"])["value"]
        .sum()
    )
    both = province.to_frame("province").join(districts.rename("districts"), how="inner")
    assert len(both) and (both["province"] != both["districts"]).mean() > 0.9


def test_breakdowns_mostly_add_up(tables: dict[str, pd.DataFrame]) -> None:
    tallies = tables["tallies"]
    rows = tallies[(tallies["kind"] == "any") & (tallies["subject"] == "all")]
    stated = rows[rows["field"] == "all"].set_index(GROUP)["value"]
    parts = rows[rows["field"] != "all"].groupby(GROUP, observed=True)["value"].agg(["sum", "size"])
    joined = parts.join(stated.rename("total"), how="inner")
    assert (joined["size"] == 4).all()  # a field breakdown always names all four fields
    consistent = (joined["sum"] == joined["total"]).mean()
    assert 0.9 < consistent < 1.0
    spoiled = tallies["note"].str.contains("lệch")
    assert spoiled.any() and spoiled.mean() < 0.02


def test_subject_and_kind_breakdowns_add_up(tables: dict[str, pd.DataFrame]) -> None:
    tallies = tables["tallies"]
    clean = tallies[~tallies["note"].str.contains("lệch")]
    for dim, total in (("subject", "all"), ("kind", "any")):
        other = {"subject": "kind", "kind": "subject"}[dim]
        rows = clean[
            (clean["field"] == "all") & (clean[other] == ("any" if dim == "subject" else "all"))
        ]
        stated = rows[rows[dim] == total].set_index(GROUP)["value"]
        parts = rows[rows[dim] != total].groupby(GROUP, observed=True)["value"].sum()
        joined = parts.to_frame("sum").join(stated.rename("total"), how="inner")
        assert len(joined) and (joined["sum"] == joined["total"]).all(), dim


def test_structure_for_the_dashboard(tables: dict[str, pd.DataFrame]) -> None:
    tallies = tables["tallies"]
    grand = tallies[
        (tallies["field"] == "all")
        & (tallies["subject"] == "all")
        & (tallies["kind"] == "any")
        & (tallies["theme"] == "none")
    ]
    by_metric = grand.groupby("metric", observed=True)["value"].sum()
    assert by_metric["models_registered"] > by_metric["models_recognized"]
    assert by_metric["models_recognized"] > by_metric["commendations"]
    assert {"registrants", "nominations", "contest_entries", "contest_prizes"} <= set(
        by_metric.index
    )
    recognised = tallies[tallies["metric"] == "models_recognized"]
    assert {"commune", "district", "province"} <= set(recognised["level"].astype(str))
    contests = tallies[tallies["metric"].isin(["contest_entries", "contest_prizes"])]
    assert (contests["locality_tier"] == "province").all() and (
        contests["level"] == "province"
    ).all()
    assert (tallies["theme"] != "none").any()
    assert {"collective", "individual"} <= set(tallies["subject"].astype(str))
    phases = tallies[tallies["year_end"] > tallies["year_start"]]
    assert {(2016, 2020), (2021, 2025)} <= set(zip(phases["year_start"], phases["year_end"]))


def test_models_are_plausible(tables: dict[str, pd.DataFrame]) -> None:
    models = tables["models"]
    assert (models["name_key"] == models["model_name"].map(fold_key)).all()
    assert (models["year_start"] <= models["year_end"]).all()
    assert models["year_start"].min() >= 2010 and models["year_end"].max() <= 2026
    assert set(models["kind"].astype(str)) == {"model", "exemplar"}
    assert set(models["owner_type"].astype(str)) == {"collective", "individual", "none"}
    assert models.loc[models["owner_type"] == "none", "owner_name"].isna().all()
    assert models.loc[models["owner_type"] != "none", "owner_name"].notna().all()
    registered = models["model_status"] == "registered"
    assert (models.loc[registered, "recognition_level"] == "none").all()
    assert (models.loc[~registered, "recognition_level"] != "none").all()
    names = " | ".join(models["model_name"])
    assert "Ông " in names and "Bà " in names
    owners = " | ".join(models["owner_name"].dropna())
    assert "Hội Phụ nữ" in owners or "Chi bộ" in owners


def test_deterministic_for_a_seed(small: tuple[Path, dict], tmp_path: Path) -> None:
    generate(tmp_path / "again", scale="small", seed=7)
    first, again = Warehouse(small[0]), Warehouse(tmp_path / "again")
    for name in ("tallies", "models", "localities"):
        assert first.arrow(name).equals(again.arrow(name)), name
    columns = [c for c in schema.TABLES["sources"] if c != "ingested_at"]
    pd.testing.assert_frame_equal(first.read("sources")[columns], again.read("sources")[columns])
    generate(tmp_path / "other", scale="small", seed=8)
    assert not first.arrow("tallies").equals(Warehouse(tmp_path / "other").arrow("tallies"))


def test_replaces_what_was_there(sample_copy: Path) -> None:
    generate(sample_copy, scale="small", seed=1)
    sources = Warehouse(sample_copy).read("sources")
    assert sources["is_synthetic"].all()


def test_unknown_scale() -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        generate(Path("/nonexistent"), scale="galactic")


@pytest.mark.slow
def test_national_scale(tmp_path: Path) -> None:
    summary = generate(tmp_path, scale="national")
    assert summary["tallies"] >= 5_000_000
    assert summary["models"] >= 1_000_000
    assert summary["seconds"] < 150
    wh = Warehouse(tmp_path)
    assert pq.ParquetFile(wh.path("tallies")).metadata.num_rows == summary["tallies"]
    assert pq.ParquetFile(wh.path("models")).metadata.num_rows == summary["models"]
    ids = pq.read_table(wh.path("tallies"), columns=["tally_id"])["tally_id"]
    assert pc.count_distinct(ids).as_py() == len(ids)
    counts, problems = check(tmp_path)
    assert problems == []
    tiers = pq.read_table(wh.path("tallies"), columns=["locality_tier", "current_province_code"])
    used_tiers = pc.unique(tiers["locality_tier"].cast(pa.string())).to_pylist()
    assert set(used_tiers) == {"province", "district", "commune"}
    assert len(pc.unique(tiers["current_province_code"])) == 34
