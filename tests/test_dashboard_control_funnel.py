"""Biểu đồ phễu kiểm soát: control limits on hand-computed numbers, the chart on the compare
page when a rate is chosen (not for absolute figures or a share of one total), its export."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from metrics import control_limits as cl
from tests.dashboard_fixtures import charts, open_page, problems, shown_text


def test_poisson_limits_by_hand() -> None:
    # θ = 0.5 per unit: at n = 50, √(0.5/50) = 0.1; at n = 200, √(0.5/200) = 0.05
    lo, hi = cl.poisson_limits(0.5, [50.0, 200.0], cl.Z95)
    assert lo == pytest.approx([0.5 - 0.196, 0.5 - 0.098], abs=1e-4)
    assert hi == pytest.approx([0.5 + 0.196, 0.5 + 0.098], abs=1e-4)
    # 8 per 10,000 people in a district of 100,000: √(0.0008 / 100000) = 8.944e-5
    lo, hi = cl.poisson_limits(0.0008, [100_000.0], cl.Z998, scale=10_000)
    assert lo[0] == pytest.approx(8 - 3.0902 * 0.8944, abs=1e-3)  # 5.236
    assert hi[0] == pytest.approx(8 + 3.0902 * 0.8944, abs=1e-3)  # 10.764
    # never below zero: θ = 0.1 at n = 4 gives 0.1 − 1.96·0.158 < 0
    assert cl.poisson_limits(0.1, [4.0], cl.Z95)[0][0] == 0.0


def test_zones_against_plain_poisson_limits() -> None:
    table = pd.DataFrame(
        {"code": ["a", "b", "c", "x"], "value": [10, 40, 90, 5], "denominator": [100.0] * 3 + [0]}
    )
    f = cl.funnel(table, adjust=False)
    theta = 140 / 300  # the overall rate: 140 models over 300 units of denominator
    se = math.sqrt(theta / 100)  # 0.06831
    assert f.centre == pytest.approx(theta) and f.phi == 1.0
    assert list(f.table["code"]) == ["a", "b", "c"]  # no denominator, no rate, no point
    assert f.table["lo998"][0] == pytest.approx(theta - 3.0902 * se, abs=1e-4)  # 0.2556
    assert f.table["hi95"][0] == pytest.approx(theta + 1.96 * se, abs=1e-4)  # 0.6006
    assert f.table["z"].round(3).tolist() == [-5.367, -0.976, 6.343]
    assert f.table["zone"].tolist() == ["below_998", "inside", "above_998"]


def test_zones_between_the_two_limits() -> None:
    # θ = 0.5 at n = 100, √(0.5/100) = 0.0707: 95% limits 0.361–0.639, 99.8% 0.2815–0.7185
    table = pd.DataFrame(
        {"code": list("abcde"), "value": [68, 32, 50, 50, 50], "denominator": [100.0] * 5}
    )
    f = cl.funnel(table, adjust=False)
    assert f.centre == pytest.approx(0.5)
    assert f.table["zone"].tolist() == ["above_95", "below_95", "inside", "inside", "inside"]


def test_over_dispersion_widens_the_limits_by_hand() -> None:
    table = pd.DataFrame({"code": list("abc"), "value": [10, 40, 90], "denominator": [100.0] * 3})
    f = cl.funnel(table)
    # z = −5.3675, −0.9759, 6.3434; winsorised at the 10th/90th percentiles (−4.4893, 4.8795):
    # φ = (4.4893² + 0.9759² + 4.8795²) / 3 = 14.971; 3·φ > 2 + 2·√4, so the limits widen
    assert f.phi == pytest.approx(14.971, abs=1e-3)
    half = 1.95996 * math.sqrt(14.971 * (140 / 300) / 100)  # 0.5181
    assert f.table["hi95"][0] == pytest.approx(140 / 300 + half, abs=1e-3)
    assert f.table["lo95"][0] == 0.0
    assert set(f.table["zone"]) == {"inside"}
    # units that differ only by chance keep plain Poisson limits
    calm = pd.DataFrame(
        {
            "code": list("abcde"),
            "value": [48, 52, 100, 95, 210],
            "denominator": [100.0, 100.0, 200.0, 200.0, 400.0],
        }
    )
    assert cl.funnel(calm).phi == 1.0


# -- on the compare page -----------------------------------------------------------------


@pytest.fixture(scope="module")
def provinces_dir(tmp_path_factory, sample_data_dir: Path) -> Path:
    """One stated 2022 figure for each of 30 pre-2025 provinces (those with a population):
    3 models per 10,000 people, the smallest province 5 and a middle one 1 — both far outside
    the limits, while the others differ by rounding only."""
    import csv

    from data_loaders.ingest import ingest_paths
    from metrics import population
    from metrics.engine import Engine

    engine = Engine(sample_data_dir)
    info = engine.localities
    provinces = info[(info["tier"] == "province") & (info["era"] == "pre2025")].head(30)
    pop = population.for_localities(engine, provinces.index.tolist(), 2022)
    pop = pop.set_index("locality_code")["population"].dropna().sort_values()
    rates = {code: 3.0 for code in pop.index}
    rates[pop.index[0]] = 5.0
    rates[pop.index[len(pop) // 2]] = 1.0
    directory = tmp_path_factory.mktemp("control-provinces")
    template = directory / "provinces-2022.csv"
    columns = ["locality", "period_start", "period_end", "metric", "kind", "field", "value"]
    with template.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for code, people in pop.items():
            value = round(people / 10_000 * rates[code])
            row = [info.at[code, "name"], 2022, 2022, "models_registered", "any", "all", value]
            writer.writerow(row)
    data = directory / "data"
    results = ingest_paths([template], data, progress=False)
    assert all(not r.refused for r in results), [str(p) for r in results for p in r.problems]
    return data


@pytest.fixture
def sample(provinces_dir: Path, monkeypatch) -> Path:
    monkeypatch.setenv("DVK_DATA_DIR", str(provinces_dir))
    return provinces_dir


def _funnel_plots(at) -> list[dict]:
    return [c for c in charts(at) if any(d.get("name") == "Giới hạn 95%" for d in c["data"])]


def test_a_rate_gets_a_funnel_plot_with_its_outliers_named(sample: Path) -> None:
    from metrics.comparisons import compare
    from metrics.engine import Engine
    from metrics.filters import Filter

    comp = compare(Engine(sample), Filter(), tier="province", norm="per_10k")
    ranked = comp.table[comp.table["denominator"].notna()]
    at = open_page("so-sanh", {"norm": "per_10k"})
    assert problems(at) == []
    titles = [shown_text(m.value) for m in at.markdown]
    assert any("Biểu đồ phễu kiểm soát: Mô hình đăng ký — Trên 10.000 dân" in x for x in titles)
    (plot,) = _funnel_plots(at)
    points = [d for d in plot["data"] if d.get("customdata")]
    codes = [c[0] for d in points for c in d["customdata"]]
    assert sorted(codes) == sorted(ranked["code"])
    outside = next(d for d in points if d["name"] == "Ngoài giới hạn 99,8%")
    named = {c[0]: text for c, text in zip(outside["customdata"], outside["text"])}
    top, bottom = ranked["code"].iloc[0], ranked["code"].iloc[-1]  # 5 and 1 per 10,000
    assert named[top] and named[bottom]  # the outliers carry their names
    assert plot["layout"]["separators"] == ",."
    notes = [shown_text(c.value) for c in at.caption]
    assert any("phân phối Poisson" in n for n in notes)
    assert any(n.startswith("Ngoài giới hạn 99,8%: 1 cao hơn, 1 thấp hơn") for n in notes)


def test_no_funnel_plot_for_absolute_figures_and_one_denominator(sample: Path) -> None:
    at = open_page("so-sanh")
    assert problems(at) == [] and _funnel_plots(at) == []
    at = open_page("so-sanh", {"norm": "share"})  # a share of one total: one denominator
    assert problems(at) == [] and _funnel_plots(at) == []
    assert any("cần mẫu số khác nhau" in c.value for c in at.caption)


@pytest.mark.slow
@pytest.mark.xdist_group("kaleido")  # one chromium for images at a time, like the other exports
def test_the_funnel_plot_exports_like_every_chart(sample: Path) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from dashboard import cache, control_funnel
    from dashboard.context import Ctx
    from dashboard.exports import images, tables
    from dashboard.exports.adapt import chart_view
    from metrics.filters import Filter

    if images.browser() is None:
        pytest.skip("no chromium for kaleido")
    data = cache.answers()
    ctx = Ctx("vi", "so-sanh", Filter(), "VN", "Cả nước", cache.version(), (2022, 2022), data=data)
    comp = data.compare(ctx.version, ctx.filter, None, "province", None, "per_10k")
    chart = control_funnel.chart(ctx, comp, "Biểu đồ phễu kiểm soát")
    view = chart_view(chart, synthetic=False)
    assert images.render(view, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Biểu đồ phễu kiểm soát" in images.render(view, "svg").decode()
    sheet = load_workbook(BytesIO(tables.to_xlsx(view))).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Giới hạn trên 99,8%" in cells and "Cao hơn giới hạn 99,8%" in cells


def test_no_count_anywhere_is_inside_limits_of_zero() -> None:
    zeros = {"code": list("abc"), "value": [0, 0, 0], "denominator": [10.0, 20.0, 30.0]}
    table = pd.DataFrame(zeros)
    f = cl.funnel(table)
    assert f.centre == 0.0 and f.phi == 1.0
    assert set(f.table["zone"]) == {"inside"} and f.table["hi998"].tolist() == [0.0, 0.0, 0.0]
