"""Totals that add only comparable figures and rankings that hold like with like, on the
bundled sample (issue 10, items 1 and 2; the rules are in ``metrics/RULES.md``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metrics import comparisons, totals, trends
from metrics.engine import Engine
from metrics.filters import Filter
from metrics.rules import resolve
from metrics.testing import tiny_engine
from tests.dashboard_fixtures import charts, open_page, problems, unfold

ALL = Filter(metric="models_registered")


@pytest.fixture(scope="module")
def engine(sample_data_dir: Path) -> Engine:
    return Engine(sample_data_dir)


# --- item 1: totals ---------------------------------------------------------------------------


def test_a_stock_is_the_latest_figure_never_a_sum_over_years(engine: Engine) -> None:
    res = resolve(engine, ALL, codes=["17", "75"]).set_index("code")
    assert int(res.loc["17", "value"]) == 4266  # Hòa Bình as of 2022, not 2,588 + 4,266
    assert int(res.loc["75", "value"]) == 15000  # old Đồng Nai 2009–2024, not + 5,022 (2009–2015)


def test_the_national_total_never_adds_two_boundary_versions(engine: Engine) -> None:
    total = totals.total(engine, ALL, "VN")
    assert total.value != 69480  # old Đồng Nai 15,000 + new Đồng Nai 12,600 + …
    assert set(total.rows["era"]) == {"pre2025"}
    assert "N75" in set(total.left_out["code"]) and "75" in total.codes
    assert total.value == int(total.rows["value"].sum())
    nation = resolve(engine, ALL, codes=["VN"])
    assert int(nation["value"].iloc[0]) == total.value
    assert int(nation["children_reporting"].iloc[0]) == total.reporting


def test_a_nation_without_figures_has_no_total(engine: Engine) -> None:
    empty = ALL.replace(years=(2009, 2009))
    assert resolve(engine, empty, codes=["VN"]).empty
    assert totals.total(engine, empty, "VN").value is None


def test_every_total_states_its_coverage(engine: Engine) -> None:
    nation = totals.total(engine, ALL, "VN")
    assert (nation.reporting, nation.units, nation.complete) == (18, 63, False)
    assert len(nation.missing) == 63 - 18
    hanoi = totals.total(engine, ALL, "01")  # only Đống Đa reports
    assert (hanoi.basis, hanoi.reporting, hanoi.units, hanoi.complete) == (
        "children",
        1,
        30,
        False,
    )
    haiphong = totals.total(engine, ALL.replace(years=(2022, 2022)), "31")
    assert (haiphong.basis, haiphong.value, haiphong.complete) == ("stated", 2084, True)
    current = totals.total(engine, ALL.replace(boundary="current"), "VN")
    assert set(current.rows["era"]) == {"2025"} and current.units == 34


def test_a_2025_province_rolled_up_is_one_row_not_two(engine: Engine) -> None:
    res = resolve(engine, ALL.replace(boundary="current"), codes=["N75", "75"])
    assert sorted(zip(res["code"], res["tier"])) == [
        ("75", "province"),
        ("N75", "current_province"),
    ]
    total = totals.total(engine, ALL.replace(boundary="current"), "N75")
    assert (total.value, len(total.rows)) == (12600, 1)


def test_yearly_totals_show_no_artefact_of_one_report(engine: Engine) -> None:
    table = totals.yearly_totals(engine, ALL, "VN").set_index("year")
    # 2025 adds the new Đồng Nai (12,600): never "+11.913" against 2024's other provinces
    assert str(table.loc[2025, "change"]) == "<NA>"
    assert table.loc[2025, "era"] == "2025" and table.loc[2024, "era"] == "pre2025"
    for year, row in table.iterrows():
        previous = table.loc[year - 1] if year - 1 in table.index else None
        if previous is None or previous["covered"] != row["covered"]:
            assert str(row["change"]) == "<NA>", year
    yearly = trends.yearly(engine, ALL, ["VN"])
    assert yearly["change"].isna().all()  # no two years add the same provinces


def test_a_change_is_given_only_like_for_like() -> None:
    e = tiny_engine()
    same = totals.change(e, ALL.replace(years=(2022, 2022)), "01", (2021, 2021))
    assert (same["delta"], same["like_for_like"]) == (20, True)  # Hà Nội's own 100 vs 80
    other = totals.change(e, ALL.replace(years=(2022, 2022)), "VN", (2021, 2021))
    assert other["now"].codes != other["before"].codes
    assert (other["delta"], other["like_for_like"]) == (None, False)


# --- item 2: rankings -------------------------------------------------------------------------


def test_the_default_ranking_holds_like_with_like(engine: Engine) -> None:
    comp = comparisons.compare(engine, ALL, tier="province")
    ranked = set(comp.table["code"])
    assert "01" not in ranked and "37" not in ranked  # Hà Nội† (Đống Đa), Ninh Bình† (one ward)
    assert set(comp.table["era"]) == {"pre2025"}  # no 2025 unit interleaved
    assert (comp.table["basis"] == "stated").all() and not comp.table["is_derived"].any()
    reasons = comp.apart.set_index("code")["reason"]
    assert reasons["01"] == "partial_rollup" and reasons["37"] == "partial_rollup"
    assert reasons["N75"] == "other_boundary"
    assert comp.apart["rank"].isna().all()
    assert comp.table["rank"].tolist() == list(range(1, len(comp.table) + 1))
    assert comp.units == 63 and "set_apart" in comp.warnings
    everything = resolve(engine, ALL, tier="province")
    assert ranked | set(comp.apart["code"]) == set(everything["code"])


def test_a_complete_rollup_is_ranked() -> None:
    e = tiny_engine()  # Ba Đình: both of its wards report in 2022
    comp = comparisons.compare(e, ALL.replace(years=(2022, 2022)), tier="district", scope=["01"])
    assert "001" in set(comp.table["code"])


# --- the pages --------------------------------------------------------------------------------


@pytest.fixture
def sample_env(sample_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    return sample_data_dir


def texts(at) -> str:
    return "\n".join([c.value for c in at.caption] + [m.label + " " + m.value for m in at.metric])


def test_overview_total_says_its_coverage(sample_env: Path) -> None:
    at = open_page("tong-quan")
    assert problems(at) == []
    values = {m.label: m.value for m in at.metric}
    assert values["Mô hình đăng ký"] == "43.007"
    assert values["Địa phương có số liệu"] == "18 / 63"
    shown = texts(at)
    assert "Tổng của các địa phương có số liệu · 18 / 63 tỉnh, thành có số liệu" in shown
    assert "Không cộng 4 đơn vị theo địa giới từ 1/7/2025" in shown  # the list, one click away
    assert "11.913" not in json.dumps(charts(at), ensure_ascii=False)
    # the field split says why its parts are fewer than the total of the provinces
    assert "không phải địa phương nào cũng báo cáo theo lĩnh vực" in shown


def test_overview_trend_says_what_each_year_covers(sample_env: Path) -> None:
    at = open_page("tong-quan", {"v_trend": "table"})
    assert problems(at) == []
    frames = [d.value for d in at.dataframe]
    trend = next(f for f in frames if "Phạm vi" in f.columns)
    assert trend["Phạm vi"].tolist()[-1] == "2/34"  # 2025: two 2025 provinces
    assert trend["Thay đổi"].eq("—").all() or trend["Thay đổi"].isna().all()
    assert any("không phải xu hướng" in c.value for c in at.caption)


def test_compare_default_view_ranks_like_with_like(sample_env: Path) -> None:
    at = open_page("so-sanh")
    assert problems(at) == []
    figures = charts(at)
    ranked = figures[0]["data"][0]["y"]
    assert not any(
        n.startswith("Thành phố Hà Nội") or n.startswith("Tỉnh Ninh Bình") for n in ranked
    )
    assert not any("1/7/2025" in n for n in ranked)
    assert any(e.label.startswith("Không xếp hạng cùng") for e in at.expander)
    figures = charts(unfold(at, "fold_rank_apart"))  # the groups set apart, unfolded
    bars = [f for f in figures[1:] if f["data"] and f["data"][0]["type"] == "bar"]  # not the map
    groups = {f["data"][0]["y"][0]: f["data"][0]["y"] for f in bars}
    partial = next(names for names in groups.values() if "Thành phố Hà Nội†" in names)
    assert "Tỉnh Ninh Bình†" in partial
    assert not any("1/7/2025" in n for n in partial)  # 2025 units: a group of their own
    newer = next(names for names in groups.values() if "Tỉnh Đồng Nai (từ 1/7/2025)" in names)
    assert all("1/7/2025" in n for n in newer)


def test_trends_page_draws_partial_sums_as_points_not_a_line(sample_env: Path) -> None:
    at = open_page("xu-huong", {"loc": "VN,17,31"})
    assert problems(at) == []
    traces = {tr["name"]: tr for tr in charts(at)[0]["data"]}
    # points (three series: unlabelled, their labels would collide — test_trust_trends.py)
    assert traces["Cả nước†"]["mode"] == "markers"  # the provinces reporting each year
    assert "lines" in traces["Thành phố Hải Phòng"]["mode"]  # its own stated figures
    # Hòa Bình: its own 2,588 (2018) and 4,266 (2022), but 2021 and 2023 are one district each
    assert traces["Tỉnh Hòa Bình†"]["mode"] == "markers"
    assert any("không nối thành đường" in c.value for c in at.caption)


def test_merged_district_counts_the_units_it_had(sample_env: Path) -> None:
    """Thành phố Ninh Bình (merged into Hoa Lư before 1/7/2025) had 14 wards and communes; the
    sample names two of them. Its coverage is 1 / 14, not 1 / 2, and the total is partial."""
    engine = Engine(sample_env)
    total = totals.total(engine, ALL, "369")
    assert (total.reporting, total.units, total.complete) == (1, 14, False)
    at = open_page("tong-quan", {"p": "37", "d": "369"})
    assert problems(at) == []
    shown = {m.label: m.value for m in at.metric}
    assert shown["Địa phương có số liệu"] == "1 / 14"


def test_compare_funnel_reads_in_the_order_of_its_steps(sample_env: Path) -> None:
    """Registered → recognised → commended, in that order in the legend and the bars, whichever
    locality happens to come first; the scope choice reads as words, not "trực thuộc Cả nước"."""
    at = open_page("so-sanh")
    assert problems(at) == []
    funnel = next(f for f in charts(at) if len(f["data"]) == 3)
    names = [trace["name"] for trace in funnel["data"]]
    assert names == ["Mô hình đăng ký", "Mô hình được công nhận", "Khen thưởng"]
    ranked = charts(at)[0]["data"][0]["y"]  # the ranking, top first, drawn bottom-up
    places = "y" if funnel["data"][0].get("orientation") == "h" else "x"  # the bars lie down
    drawn = list(dict.fromkeys(funnel["data"][0][places]))
    assert drawn and all(isinstance(n, str) for n in drawn)
    assert drawn == [n for n in ranked if n in drawn] or drawn == [
        n for n in reversed(ranked) if n in drawn
    ]
    labels = [str(o) for r in at.radio for o in r.options]
    assert "Các tỉnh, thành phố" in labels and not any("Cả nước" in x for x in labels)
