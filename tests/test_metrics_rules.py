"""The aggregation rules of metrics/RULES.md (metrics.rules) on tiny frames and the sample."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metrics.engine import Engine
from metrics.filters import Filter
from metrics.rules import cells_ctes, resolve
from metrics.testing import localities_frame, sources_frame, tiny_engine


def engine_with(rows: list[dict]) -> Engine:
    """An engine over the tiny localities and the given tallies (defaults filled in)."""
    loc = localities_frame().set_index("locality_code")
    frame = pd.DataFrame(rows)
    defaults = {"kind": "any", "field": "all", "subject": "all", "theme": "none", "level": "none"}
    for col, value in defaults.items():
        if col not in frame:
            frame[col] = value
        frame[col] = frame[col].fillna(value)
    frame["source_id"] = frame.get("source_id", pd.Series(["hn-2022"] * len(frame))).fillna(
        "hn-2022"
    )
    frame["metric"] = frame.get("metric", pd.Series(["models_registered"] * len(frame)))
    frame["metric"] = frame["metric"].fillna("models_registered")
    frame["locality_tier"] = frame["locality_code"].map(loc["tier"])
    frame["province_code"] = frame["locality_code"].map(loc["province_code"])
    frame["current_province_code"] = frame["locality_code"].map(loc["current_province_code"])
    frame["district_code"] = [
        c
        if loc.at[c, "tier"] == "district"
        else (loc.at[c, "parent_code"] if loc.at[c, "tier"] == "commune" else None)
        for c in frame["locality_code"]
    ]
    frame["tally_id"] = [f"r{i}" for i in range(len(frame))]
    return Engine.from_frames(tallies=frame, localities=localities_frame(), sources=sources_frame())


def value(engine: Engine, code: str, **filters) -> int | None:
    result = resolve(engine, Filter(**filters), codes=[code])
    return None if result.empty else int(result["value"].iloc[0])


def row(code="01", y0=2022, y1=2022, v=0, **dims) -> dict:
    return {"locality_code": code, "year_start": y0, "year_end": y1, "value": v, **dims}


def test_total_never_added_to_its_breakdown() -> None:
    e = engine_with([row(v=100), row(v=40, field="economy"), row(v=70, field="culture_society")])
    assert value(e, "01") == 100


def test_missing_total_derived_from_complete_breakdown_only() -> None:
    parts = [
        ("economy", 1),
        ("culture_society", 2),
        ("defense_security", 3),
        ("political_system", 4),
    ]
    complete = engine_with([row(v=v, field=f) for f, v in parts])
    res = resolve(complete, Filter(), codes=["01"])
    assert (int(res["value"].iloc[0]), bool(res["is_derived"].iloc[0])) == (10, True)
    partial = engine_with([row(v=v, field=f) for f, v in parts[:3]])
    assert value(partial, "01") is None


def test_field_combination_counts_as_covering_its_parts() -> None:
    e = engine_with(
        [
            row(v=8, field="economy|culture_society"),
            row(v=2, field="defense_security"),
            row(v=1, field="political_system"),
        ]
    )
    assert value(e, "01") == 11
    overlapping = engine_with(
        [
            row(v=8, field="economy|culture_society"),
            row(v=2, field="economy"),
            row(v=1, field="political_system"),
        ]
    )
    assert value(overlapping, "01") is None


def test_subject_breakdown_and_kind_rules() -> None:
    e = engine_with([row(v=12, subject="collective"), row(v=8, subject="individual")])
    assert value(e, "01") == 20
    models_only = engine_with([row(v=50, kind="model")])
    assert value(models_only, "01") == 50
    both = engine_with([row(v=50, kind="model"), row(v=5, kind="exemplar")])
    assert value(both, "01") == 55
    stated_any = engine_with(
        [row(v=60, kind="any"), row(v=50, kind="model"), row(v=5, kind="exemplar")]
    )
    assert value(stated_any, "01") == 60


def test_theme_and_level_rows_naming_none_are_the_totals() -> None:
    e = engine_with([row(v=336), row(v=8, theme="other")])
    assert value(e, "01") == 336
    only_theme = engine_with([row(v=380, theme="new_rural")])
    assert value(only_theme, "01") == 380
    levels = engine_with([row(v=19, level="district"), row(v=4, level="province")])
    assert value(levels, "01") == 23
    assert value(levels, "01", level="province") == 4


def test_slow_path_matches_the_step_by_step_rule() -> None:
    # kind=model stated as a total, exemplars only through a complete field breakdown
    rows = [row(v=50, kind="model")] + [
        row(v=v, kind="exemplar", field=f)
        for f, v in [
            ("economy", 1),
            ("culture_society", 1),
            ("defense_security", 1),
            ("political_system", 2),
        ]
    ]
    e = engine_with(rows)
    ctes, params, _ = cells_ctes(e, Filter(), slow=False)
    fast = e.sql(f"WITH {', '.join(ctes)} SELECT * FROM cells", params)
    assert fast.empty  # the one-pass path cannot answer this cell…
    assert value(e, "01") == 55  # …the step-by-step path can


def test_one_fact_from_two_sources_counts_once_latest_wins() -> None:
    e = engine_with(
        [row(code="31", v=2084, source_id="hp-2022"), row(code="31", v=2000, source_id="hp-news")]
    )
    assert value(e, "31") == 2000


def test_overlapping_periods_are_not_added() -> None:
    rec = "models_recognized"  # a flow: non-overlapping periods add up
    e = engine_with(
        [
            row(y0=2016, y1=2020, v=300, metric=rec),
            row(y0=2018, y1=2018, v=70, metric=rec),
            row(y0=2021, y1=2021, v=80, metric=rec),
        ]
    )
    res = resolve(e, Filter(metric=rec), codes=["01"])
    assert int(res["value"].iloc[0]) == 380
    assert (
        int(res["year_lo"].iloc[0]),
        int(res["year_hi"].iloc[0]),
        int(res["n_years"].iloc[0]),
    ) == (2016, 2021, 6)
    assert value(e, "01", years=(2018, 2018), metric=rec) == 70


def test_a_stock_is_never_added_over_years() -> None:
    # models registered "đến nay": the latest figure inside the selection, never a sum
    e = engine_with(
        [row(y0=2016, y1=2020, v=300), row(y0=2018, y1=2018, v=70), row(y0=2021, y1=2021, v=80)]
    )
    res = resolve(e, Filter(), codes=["01"])
    assert int(res["value"].iloc[0]) == 80
    assert (int(res["year_lo"].iloc[0]), int(res["year_hi"].iloc[0])) == (2021, 2021)
    assert value(e, "01", years=(2016, 2020)) == 300  # the figure that ends latest


def test_stated_total_beats_children_and_says_so() -> None:
    e = tiny_engine()
    res = resolve(e, Filter(years=(2022, 2022)), tier="district", scope=["01"]).set_index("code")
    assert res.loc["001", "basis"] == "children" and res.loc["001", "children_reporting"] == 2
    assert res.loc["002", "basis"] == "stated"
    province = resolve(e, Filter(years=(2022, 2022)), codes=["01"])
    assert province["basis"].iloc[0] == "stated" and int(province["value"].iloc[0]) == 100


def test_current_boundaries_roll_old_provinces_up() -> None:
    res = resolve(
        tiny_engine(), Filter(years=(2022, 2022), boundary="current"), codes=["N31", "VN"]
    )
    res = res.set_index("code")
    assert int(res.loc["N31", "value"]) == 2000
    assert int(res.loc["N31", "children_reporting"]) == 1  # Hải Dương reported nothing
    assert int(res.loc["VN", "value"]) == 2100


def test_candidates_are_left_out_unless_asked() -> None:
    e = tiny_engine()
    assert value(e, "002", years=(2021, 2021)) is None
    assert value(e, "002", years=(2021, 2021), include_candidates=True) == 18


def test_yearly_breakdown_uses_single_years_only() -> None:
    res = resolve(tiny_engine(), Filter(), by=["year"], codes=["01"])
    assert res["year"].tolist() == [2021, 2022]


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError):
        resolve(tiny_engine(), Filter(), tier="province", codes=["01"])
    with pytest.raises(ValueError):
        resolve(tiny_engine(), Filter(), by=["colour"], codes=["01"])


@pytest.mark.parametrize(
    ("code", "metric", "years", "expected"),
    [
        ("006", "models_recognized", (2022, 2022), 23),  # Đống Đa: 19 collectives + 4 individuals
        ("141", "models_registered", (2023, 2023), 336),  # Yên Bình: stated, parts add to 328
        ("08", "models_recognized", (2016, 2018), 12532),  # Tuyên Quang: stated beats 4,822 + 6,303
        ("25", "models_recognized", (2024, 2024), 1190),  # Phú Thọ
        ("02", "models_registered", (2018, 2020), None),  # Hà Giang: economy only, no total
        ("31", "models_registered", (2022, 2022), 2084),  # Hải Phòng city
    ],
)
def test_real_sample_figures(sample_data_dir: Path, code, metric, years, expected) -> None:
    engine = Engine(sample_data_dir)
    assert value(engine, code, metric=metric, years=years) == expected


ORDER = ("field", "subject", "kind", "theme", "level", "award")
STRICT_FULL = {"field": 15, "subject": 3}
MASK = {
    "economy": 1,
    "culture_society": 2,
    "defense_security": 4,
    "political_system": 8,
    "economy|culture_society": 3,
    "collective": 1,
    "individual": 2,
}
TOTAL = {"field": "all", "subject": "all", "kind": "any", "theme": "none", "level": "none"}


def reference(frame: pd.DataFrame) -> int | None:
    """The step-by-step rule written plainly (one cell, one source)."""
    dims = ["field", "subject", "kind", "theme", "level"]
    cur = frame.groupby(dims, as_index=False)["value"].max()
    for dim in [d for d in ORDER if d in dims]:
        keep = [d for d in dims if d != dim and d in cur.columns]
        out = []
        groups = cur.groupby(keep, dropna=False) if keep else [((), cur)]
        for key, part in groups:
            totals = part[(part[dim] == TOTAL[dim]) & part["value"].notna()]
            parts = part[part[dim] != TOTAL[dim]]
            if len(totals):
                v = totals["value"].max()
            elif len(parts) and parts["value"].notna().all():
                if dim in STRICT_FULL:
                    masks = [MASK[x] for x in parts[dim]]
                    ok = sum(masks) == STRICT_FULL[dim] and (
                        __import__("functools").reduce(lambda a, b: a | b, masks)
                        == STRICT_FULL[dim]
                    )
                    v = parts["value"].sum() if ok else None
                else:
                    v = parts["value"].sum()
            else:
                v = None
            key = key if isinstance(key, tuple) else (key,)
            out.append({**dict(zip(keep, key)), "value": v})
        cur = pd.DataFrame(out)
        dims = keep
    v = cur["value"].iloc[0] if len(cur) else None
    return None if v is None or pd.isna(v) else int(v)


@pytest.mark.parametrize("seed", range(40))
def test_fast_and_slow_paths_equal_the_plain_rule(seed: int) -> None:
    import random

    rnd = random.Random(seed)
    fields = ["all", "economy", "culture_society", "defense_security", "political_system"]
    rows = []
    for field in fields + ["economy|culture_society"]:
        for subject in ["all", "collective", "individual"]:
            for kind in ["any", "model", "exemplar"]:
                for theme in ["none", "new_rural"]:
                    if rnd.random() < 0.25:
                        rows.append(
                            row(
                                v=rnd.randint(0, 50),
                                field=field,
                                subject=subject,
                                kind=kind,
                                theme=theme,
                            )
                        )
    if not rows:
        rows = [row(v=1)]
    e = engine_with(rows)
    expected = reference(pd.DataFrame(rows).assign(level="none"))
    assert value(e, "01") == expected


def test_nation_adds_the_provinces_of_one_boundary_version(sample_data_dir: Path) -> None:
    engine = Engine(sample_data_dir)
    provinces = resolve(engine, Filter(), tier="province")
    old = provinces[provinces["code"].map(engine.localities["era"]) == "pre2025"]
    nation = resolve(engine, Filter(), codes=["VN"])
    assert int(nation["value"].iloc[0]) == int(old["value"].sum())
    assert int(nation["children_reporting"].iloc[0]) == len(old)
    assert len(old) < len(provinces)  # the 2025 provinces (new Đồng Nai …) are not added


def test_a_stated_province_figure_wins_over_its_districts(sample_data_dir: Path) -> None:
    # Hòa Bình states 2,588 (2018) and 4,266 (2022), both stocks; its districts report other
    # periods. The latest stock wins: never 2,588 + 4,266.
    res = resolve(Engine(sample_data_dir), Filter(), codes=["17"])
    assert (int(res["value"].iloc[0]), res["basis"].iloc[0]) == (4266, "stated")
    assert (int(res["year_lo"].iloc[0]), int(res["year_hi"].iloc[0])) == (2022, 2022)
