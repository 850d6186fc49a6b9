"""Trust invariants of the trends page over many sidebar states of the bundled sample: a phase
figure that adds up units' figures of different dates (a stock) or periods (flows) says so,
naming its locality and phase, on the screen and so in every export (one view model); a
figure of one date or period, or a unit's own figure, carries no such warning."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from dashboard import viewmodels
from metrics.filters import PHASES
from metrics.formatting import period as period_text
from metrics.rules import is_stock
from tests.dashboard_fixtures import page_context, property_settings

METRICS = ("models_registered", "models_recognized", "commendations")
LOCS = ("", "VN,31,01", "VN,17", "01,75", "VN")
PLACES = ("", "01", "17")
SETTINGS = property_settings(25)


def _ctx(directory: Path, query: dict[str, str]):
    return page_context(directory, "xu-huong", query)


def _phases(ctx):
    return next((c for c in viewmodels.trends(ctx) if c.key == "phases"), None)


@given(
    metric=st.sampled_from(METRICS),
    loc=st.sampled_from(LOCS),
    place=st.sampled_from(PLACES),
    boundary=st.sampled_from(("", "current")),
)
@example(metric="models_recognized", loc="", place="", boundary="")
@example(metric="models_registered", loc="", place="", boundary="")
@SETTINGS
def test_a_phase_total_of_different_periods_says_so(
    sample_data_dir: Path, metric: str, loc: str, place: str, boundary: str
) -> None:
    ctx = _ctx(sample_data_dir, {"m": metric, "loc": loc, "p": place, "b": boundary})
    chart = _phases(ctx)
    if chart is None:
        return
    f = ctx.filter.replace(locality=None)
    expected = 0
    for row in chart.data.to_dict("records"):
        span = PHASES[row["phase"]]
        named = [w for w in chart.warnings if f", {period_text(*span)}: " in w]
        total = ctx.data.total(ctx.version, f.replace(years=span), row["code"])
        rows = total.rows
        if row["basis"] != "children" or total.value != row["value"] or len(rows) < 2:
            continue
        if is_stock(metric):
            mixed = rows["year_hi"].nunique() > 1
        else:
            mixed = len(set(zip(rows["year_lo"], rows["year_hi"]))) > 1
        expected += mixed
        if mixed:
            assert named, (row, chart.warnings)
    assert len(chart.warnings) == expected, chart.warnings


def test_the_national_phases_warn_and_a_province_s_own_do_not(sample_data_dir: Path) -> None:
    chart = _phases(_ctx(sample_data_dir, {"m": "models_recognized"}))
    assert chart.warnings[-1] == (
        "Cả nước, 2021–2025: Cộng số liệu của những kỳ khác nhau trong 2021–2025: không phải "
        "số liệu của cùng một kỳ"
    )
    own = _phases(_ctx(sample_data_dir, {"loc": "17"}))
    assert own.data["basis"].eq("stated").all() and own.warnings == []


def test_points_are_labelled_only_where_labels_cannot_collide(sample_data_dir: Path) -> None:
    """Summed series (†) are drawn as points: with several of them (3 series × 17 years on the
    national demo data) their value labels overlapped; one series of few years keeps them."""
    several = next(iter(viewmodels.trends(_ctx(sample_data_dir, {"loc": "VN,17"}))))
    points = [tr for tr in several.figure.data if tr.type == "scatter"]
    assert len(points) == 2 and all("†" in tr.name for tr in points)
    assert all(tr.mode == "markers" for tr in points)
    one = next(iter(viewmodels.trends(_ctx(sample_data_dir, {"loc": "VN"}))))
    assert [tr.mode for tr in one.figure.data] == ["markers+text"]


def test_a_small_phase_value_is_printed_beside_its_bar(sample_data_dir: Path) -> None:
    """Sơn La's 40 and Quảng Nam's 20 beside 13,532 had no room inside their bars: hidden."""
    chart = _phases(_ctx(sample_data_dir, {"m": "models_recognized"}))
    assert {tr.textposition for tr in chart.figure.data} == {"outside"}
    top = float(chart.data["value"].max())
    assert chart.figure.layout.xaxis.range[1] >= top * 1.2  # room for the longest bar's value


def test_filters_name_the_localities_without_chart_marks(sample_data_dir: Path) -> None:
    """ "Địa phương: Cả nước†, Tỉnh Hòa Bình†" in the filters (and the speech kit's scope line):
    the mark belongs to a series of the chart, not to the place chosen."""
    for chart in viewmodels.trends(_ctx(sample_data_dir, {"loc": "VN,17"})):
        line = next(f for f in chart.filters if f.startswith("Địa phương:"))
        assert line == "Địa phương: Cả nước, Tỉnh Hòa Bình", (chart.key, line)
