"""Trust invariants of the "Lĩnh vực & cấp" page (split by field, level …) over many sidebar
states of the bundled sample:

- the parts shown add up to the total the overview shows for the same selection, or a note
  says they do not (with both numbers): a share of the parts is no share of that total;
- a split of the country cites only sources of the provinces it adds (one boundary version:
  not the 2025 provinces that the national figure leaves out), and for a stock only each
  part's latest figure (not Hòa Bình's 2018 article behind its 2022 parts).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dashboard import viewmodels
from metrics.formatting import number
from tests.dashboard_fixtures import page_context, property_settings

METRICS = ("models_registered", "models_recognized", "commendations")
PERIODS = ("", "2022", "2016-2020", "2021-2025", "2018-2024")
PLACES = ("", "01", "17", "75")
DIMS = ("field", "level", "subject", "kind", "theme")
SETTINGS = property_settings(30)


def _ctx(directory: Path, query: dict[str, str]):
    return page_context(directory, "linh-vuc", query)


@given(
    metric=st.sampled_from(METRICS),
    period=st.sampled_from(PERIODS),
    place=st.sampled_from(PLACES),
    d1=st.sampled_from(DIMS),
    d2=st.sampled_from((*DIMS, "none")),
    mode=st.sampled_from(("abs", "share")),
)
@example(metric="models_registered", period="", place="", d1="field", d2="level", mode="abs")
@example(metric="models_registered", period="", place="75", d1="field", d2="none", mode="share")
@SETTINGS
def test_parts_that_do_not_add_up_to_the_total_say_so(
    sample_data_dir: Path, metric: str, period: str, place: str, d1: str, d2: str, mode: str
) -> None:
    query = {"m": metric, "period": period, "p": place, "d1": d1, "d2": d2, "mode": mode}
    ctx = _ctx(sample_data_dir, query)
    charts = list(viewmodels.breakdown(ctx))
    if not charts:
        return
    chart = charts[0]
    parts = int(chart.data["value"].sum())
    total = ctx.data.total(ctx.version, ctx.filter, ctx.scope)
    said = [n for n in chart.notes if number(parts, "vi") in n and "Tổng các phần" in n]
    if total.value is None or total.value == parts:
        assert not said, chart.notes
    else:
        assert len(said) == 1 and number(total.value, "vi") in said[0], (parts, chart.notes)
    # the share column is of the parts shown
    assert abs(float(chart.data["share"].sum()) - 1.0) < 1e-9 or parts == 0


def test_the_national_split_says_its_parts_are_fewer(sample_data_dir: Path) -> None:
    chart = next(iter(viewmodels.breakdown(_ctx(sample_data_dir, {}))))
    assert chart.notes[-1] == (
        "Tổng các phần (26.706) khác tổng của các địa phương có số liệu (43.007): không phải "
        "địa phương nào cũng báo cáo theo lĩnh vực × cấp công nhận."
    )


MIXED_SPLIT = (
    "known defect: a national split resolves each part's boundary version on its own "
    "(metrics.rules.resolve per cell), so one split can add parts of different versions: "
    "recognised models by kind × level add Thành phố Hồ Chí Minh's 2025 figure (95) to the "
    "pre-2025 provinces of the other parts, and cite it. Until the split picks one version "
    "(or says it mixes them), this case fails; a random search over all splits finds it."
)


@pytest.mark.parametrize(
    "metric,period,d1,d2",
    [
        ("models_registered", "", "level", "none"),
        ("models_registered", "", "field", "level"),
        ("commendations", "", "level", "none"),
        pytest.param(
            "models_recognized",
            "",
            "kind",
            "level",
            marks=pytest.mark.xfail(reason=MIXED_SPLIT, strict=True),
        ),
    ],
)
def test_a_national_split_cites_one_boundary_version(
    sample_data_dir: Path, metric: str, period: str, d1: str, d2: str
) -> None:
    ctx = _ctx(sample_data_dir, {"m": metric, "period": period, "d1": d1, "d2": d2})
    charts = list(viewmodels.breakdown(ctx))
    if not charts:
        return
    engine = ctx.data.engine()
    # the provinces the national figure adds: the ranking's version (RULES.md, "Totals")
    comp = viewmodels.leaders_comparison(ctx)
    era = comp.era
    if era is None:
        return
    eras = engine.localities["era"]
    for ref in charts[0].sources:
        units = engine.sql(
            "SELECT DISTINCT locality_code FROM tallies WHERE source_id = ? AND metric = ?",
            [ref.source_id, metric],
        )["locality_code"]
        assert (units.map(eras) == era).any(), (ref.source_id, era, list(units))


def test_a_stock_split_cites_each_parts_latest_figure(sample_data_dir: Path) -> None:
    """Hòa Bình's four fields are stated for 2018 and for 2022: all years use 2022's. Hà
    Giang's economy figure (2018–2020) is its latest one of that field: it stays cited."""
    for query in ({}, {"d2": "none"}):
        ids = {
            s.source_id
            for s in next(iter(viewmodels.breakdown(_ctx(sample_data_dir, query)))).sources
        }
        assert {"hoabinh-2022", "hagiang-2020", "dongnai-2024"} <= ids
        assert not {"hoabinh-2018", "dongnai-2019"} & ids
    level = next(iter(viewmodels.breakdown(_ctx(sample_data_dir, {"d1": "level", "d2": "none"}))))
    ids = {s.source_id for s in level.sources}
    assert not {"longbinh-2025", "tuyenquang-2025", "dongnai-2025", "angiang-llvt-2025"} & ids
    assert "dongnai-2024" in ids
