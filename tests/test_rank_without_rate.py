"""A unit with a figure but no rate (no population for its year) is not ranked on a rate:
"hạng 8 / 9 trên 10.000 dân" for a unit that has no rate would be read aloud and is false."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.exports.batch import build


def test_units_without_a_rate_get_no_rank_and_are_not_counted_as_ranked(
    sample_data_dir: Path,
) -> None:
    charts, _ = build(sample_data_dir, "so-sanh", {"norm": "per_10k"})
    rank = next(c for c in charts if c.key == "rank")
    data = rank.data
    rated = data[data["rate"].notna()]
    unrated = data[data["rate"].isna()]
    assert len(unrated) >= 1  # the sample has provinces without a population for their year
    assert list(rated["rank"]) == list(range(1, len(rated) + 1))
    assert unrated["rank"].isna().all()
    coverage = [n for n in rank.notes if n.startswith("Xếp hạng")]
    expected = f"Xếp hạng {len(rated)} / 63 tỉnh, thành (trước 1/7/2025) có số liệu đầy đủ."
    assert coverage == [expected]
    # the table read on screen and exported: no rank number beside an unrated unit
    values = rank.values if rank.values is not None else rank.table
    shown = values.loc[data["rate"].isna().to_numpy(), "Hạng"]
    assert shown.map(lambda v: pd.isna(v) or str(v) in ("", "—")).all(), list(shown)


def test_searching_an_unrated_unit_says_it_is_not_ranked(sample_data_dir: Path) -> None:
    from dashboard import viewmodels

    charts, _ = build(sample_data_dir, "so-sanh", {"norm": "per_10k"})
    unrated = next(c for c in charts if c.key == "rank").data.query("rate != rate")
    code = str(unrated["code"].iloc[0])
    _, ctx = build(sample_data_dir, "so-sanh", {"norm": "per_10k", "hl": code})
    choice = viewmodels.CompareChoice.of(ctx)
    comp = viewmodels.compare_comparison(ctx, choice)
    _, line = viewmodels.compare_ranking(ctx, choice, comp)
    assert line is not None and "không xếp hạng" in line, line
