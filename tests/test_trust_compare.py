"""Trust invariants of the compare page (ranking, map, funnel) and of its speech sentences, over
many sidebar states of the bundled sample:

- a stock's row cites only the sources of the figure it shows: the unit's figure of exactly the
  row's period, never an older figure of the same unit that the rules do not use (old Đồng Nai's
  5,022 of 2009–2015 behind its 15,000 of 2009–2024);
- the funnel gives each figure's period, and a rate only against the unit's own registered
  figure of the same period ("tỷ lệ tính trên số đăng ký cùng kỳ" must be true);
- the speech kit says "in the same period" only of figures of the same period.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dashboard import viewmodels
from dashboard.present import cited
from metrics.engine import Engine
from metrics.filters import Filter
from metrics.rules import is_stock
from metrics.speech import speech_kit
from metrics.testing import tiny_engine
from tests.dashboard_fixtures import page_context, property_settings

METRICS = ("models_registered", "models_recognized", "commendations")
PERIODS = ("", "2022", "2016-2020", "2021-2025", "2018-2024")
PLACES = ("", "01", "17", "75", "42")
NORMS = ("absolute", "per_10k", "share")
BOUNDARIES = ("", "current")

SETTINGS = property_settings(25)


def _ctx(directory: Path, page: str, query: dict[str, str]):
    return page_context(directory, page, query)


def _stated_periods(engine: Engine, metric: str, code: str) -> dict[str, set[tuple[int, int]]]:
    """Source id → the periods of ``code``'s own tallies of ``metric`` it states."""
    rows = engine.sql(
        "SELECT source_id, year_start, year_end FROM tallies WHERE metric = ? "
        "AND locality_code = ?",
        [metric, code],
    )
    out: dict[str, set[tuple[int, int]]] = {}
    for sid, a, b in rows.itertuples(index=False):
        out.setdefault(str(sid), set()).add((int(a), int(b)))
    return out


def _check_stock_rows(ctx, metric: str, table: pd.DataFrame) -> None:
    """Each own row of a stock cites only sources stating that unit's figure of its period."""
    engine = ctx.data.engine()
    for row in table.to_dict("records"):
        if row.get("basis") != "stated" or pd.isna(row.get("year_lo")):
            continue
        one = pd.DataFrame([row])[["code", "basis", "year_lo", "year_hi"]]
        refs = cited(ctx, one, metric=metric)
        assert refs, row
        stated = _stated_periods(engine, metric, str(row["code"]))
        span = (int(row["year_lo"]), int(row["year_hi"]))
        for ref in refs:
            assert span in stated.get(ref.source_id, set()), (
                f"{row['code']} {span}: {ref.source_id} states only "
                f"{sorted(stated.get(ref.source_id, ()))}"
            )


@given(
    period=st.sampled_from(PERIODS),
    place=st.sampled_from(PLACES),
    norm=st.sampled_from(NORMS),
    boundary=st.sampled_from(BOUNDARIES),
)
@example(period="", place="", norm="absolute", boundary="")  # Đồng Nai 2009–2015 and 2009–2024
@SETTINGS
def test_a_stock_row_cites_only_its_own_figure(
    sample_data_dir: Path, period: str, place: str, norm: str, boundary: str
) -> None:
    metric = "models_registered"
    assert is_stock(metric)
    query = {"m": metric, "period": period, "p": place, "norm": norm, "b": boundary}
    ctx = _ctx(sample_data_dir, "so-sanh", query)
    choice = viewmodels.CompareChoice.of(ctx)
    comp = viewmodels.compare_comparison(ctx, choice)
    if comp is None:
        return
    _check_stock_rows(ctx, metric, comp.table)
    _check_stock_rows(ctx, metric, comp.apart)
    for chart in viewmodels.compare(ctx):  # and every chart cites no more than its rows' sources
        if chart.key == "funnel":
            registered = chart.data[chart.data["stage"] == metric]
            _check_stock_rows(ctx, metric, registered)


def test_the_funnel_cites_no_older_registration(sample_data_dir: Path) -> None:
    """Hòa Bình's funnel shows 4,266 registered (2022): the article of its 2,588 (2018) is
    no source of it."""
    ctx = _ctx(sample_data_dir, "so-sanh", {})
    funnel = next(c for c in viewmodels.compare(ctx) if c.key == "funnel")
    hoa_binh = funnel.data[(funnel.data["code"] == "17")]
    assert hoa_binh[["stage", "value", "year_lo", "year_hi"]].values.tolist() == [
        ["models_registered", 4266, 2022, 2022]
    ]
    ids = {s.source_id for s in funnel.sources}
    assert "hoabinh-2022" in ids and "hoabinh-2018" not in ids and "dongnai-2019" not in ids


@given(
    metric=st.sampled_from(METRICS),
    period=st.sampled_from(PERIODS),
    place=st.sampled_from(PLACES),
    boundary=st.sampled_from(BOUNDARIES),
)
@example(metric="models_registered", period="", place="", boundary="")  # Hà Tĩnh 2011 of 2008–11
@SETTINGS
def test_a_funnel_rate_is_of_the_same_period_and_unit(
    sample_data_dir: Path, metric: str, period: str, place: str, boundary: str
) -> None:
    query = {"m": metric, "period": period, "p": place, "b": boundary}
    ctx = _ctx(sample_data_dir, "so-sanh", query)
    funnel = next((c for c in viewmodels.compare(ctx) if c.key == "funnel"), None)
    if funnel is None:
        return
    data = funnel.data
    base = data[data["stage"] == "models_registered"].set_index("code")
    for row in data.to_dict("records"):
        if pd.isna(row["ratio_to_registered"]):
            continue
        reg = base.loc[row["code"]]
        assert (row["year_lo"], row["year_hi"]) == (reg["year_lo"], reg["year_hi"]), row
        assert row["basis"] == reg["basis"] == "stated", row
        assert row["ratio_to_registered"] == pytest.approx(row["value"] / reg["value"])
    # every figure says its period, on the screen's table and so in every export
    period_col = "Kỳ số liệu"
    assert period_col in funnel.table.columns
    assert funnel.table[period_col].tolist() == [
        f"{a}–{b}" if a != b else str(a) for a, b in zip(data["year_lo"], data["year_hi"])
    ]


def test_ha_tinh_recognised_in_2011_is_no_share_of_2008_2011(sample_data_dir: Path) -> None:
    ctx = _ctx(sample_data_dir, "so-sanh", {})
    funnel = next(c for c in viewmodels.compare(ctx) if c.key == "funnel")
    ha_tinh = funnel.data[funnel.data["code"] == "42"].set_index("stage")
    assert ha_tinh.loc["models_recognized", ["value", "year_lo", "year_hi"]].tolist() == [
        80,
        2011,
        2011,
    ]
    assert pd.isna(ha_tinh.loc["models_recognized", "ratio_to_registered"])
    assert ha_tinh.loc["commendations", "ratio_to_registered"] == pytest.approx(0.82)
    rate = funnel.values[funnel.values["Chỉ tiêu"] == "Mô hình được công nhận"]["Tỷ lệ"]
    assert rate.tolist() == [None]


def test_speech_says_same_period_only_of_the_same_period(sample_data_dir: Path) -> None:
    kit = speech_kit(Engine(sample_data_dir), Filter(locality="42"))
    assert kit[0].kind == "total" and "2008–2011" in kit[0].text
    assert not [s for s in kit if s.kind == "funnel"], [s.text for s in kit]
    same = speech_kit(tiny_engine(), Filter(locality="01", years=(2022, 2022)))
    assert [s for s in same if s.kind == "funnel"], "a funnel of one period is still said"


@given(
    metric=st.sampled_from(METRICS),
    period=st.sampled_from(PERIODS),
    place=st.sampled_from(PLACES),
    boundary=st.sampled_from(BOUNDARIES),
)
@example(metric="models_registered", period="", place="", boundary="")
@SETTINGS
def test_shares_are_of_the_ranked_total_and_only_of_it(
    sample_data_dir: Path, metric: str, period: str, place: str, boundary: str
) -> None:
    """A share is of the total of the localities ranked (the note gives it): the ranked shares
    add up to 100 %; the figures set apart are not in that total, so they get no share (they
    read 5,7 % "of the total" — of the sum of the set-apart figures of two boundary versions)."""
    query = {"m": metric, "period": period, "p": place, "b": boundary, "norm": "share"}
    ctx = _ctx(sample_data_dir, "so-sanh", query)
    charts = list(viewmodels.compare(ctx))
    ranked = [c for c in charts if c.key == "rank"]
    if ranked:
        data = ranked[0].data
        rated = data[data["rate"].notna()]
        assert abs(float(rated["rate"].sum()) - 1.0) < 1e-9
        assert (rated["denominator"] == rated["value"].sum()).all()
    for chart in (c for c in charts if c.key.startswith("rank_apart")):
        assert "% của tổng" not in chart.unit and "% của tổng" not in list(chart.table.columns)
        assert chart.data["rate"].isna().all()
        bars = chart.figure.data[0]
        assert list(bars.x) == chart.data["value"].tolist()


@given(
    metric=st.sampled_from(METRICS),
    period=st.sampled_from(PERIODS),
    place=st.sampled_from(PLACES),
)
@example(metric="models_registered", period="", place="")
@SETTINGS
def test_each_funnel_measure_has_its_own_unit(
    sample_data_dir: Path, metric: str, period: str, place: str
) -> None:
    """Commendations are counted in "lượt khen thưởng", not in models: the funnel said
    "Đơn vị: mô hình, điển hình" for all three measures."""
    from dashboard.present import unit

    ctx = _ctx(sample_data_dir, "so-sanh", {"m": metric, "period": period, "p": place})
    funnel = next((c for c in viewmodels.compare(ctx) if c.key == "funnel"), None)
    if funnel is None:
        return
    units = [unit(ctx, s) for s in funnel.data["stage"]]
    assert funnel.table["Đơn vị"].tolist() == units
    assert funnel.unit.split("; ") == list(dict.fromkeys(units))


@given(
    norm=st.sampled_from(("per_child", "per_commune", "per_10k")),
    period=st.sampled_from(PERIODS),
    place=st.sampled_from(("", "37", "01", "17")),
)
@example(norm="per_commune", period="", place="37")  # Thành phố Ninh Bình: 23 of 1 / 14 wards
@SETTINGS
def test_a_partial_sum_gets_no_rate_over_the_whole_unit(
    sample_data_dir: Path, norm: str, period: str, place: str
) -> None:
    """Thành phố Ninh Bình's 23 models are Phường Phúc Thành's alone (1 of 14 reporting): "1,64
    per commune" divided them by all 14, reading the 13 without a figure as zero."""
    ctx = _ctx(sample_data_dir, "so-sanh", {"norm": norm, "period": period, "p": place})
    for chart in viewmodels.compare(ctx):
        if chart.key.endswith("partial_rollup"):
            assert chart.data["rate"].isna().all(), chart.data
            assert chart.unit == "mô hình, điển hình"
            assert list(chart.figure.data[0].x) == chart.data["value"].tolist()
        if chart.key == "rank":  # ranked figures are complete: their rates stay
            assert not chart.data["basis"].eq("children").any() or chart.data["rate"].notna().any()
