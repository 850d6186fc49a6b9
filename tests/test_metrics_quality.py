"""Data-quality findings on the real sample (its figures deliberately do not add up)."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import quality, sources
from metrics.engine import Engine
from metrics.filters import Filter
from metrics.testing import tiny_engine


@pytest.fixture(scope="module")
def found(sample_data_dir: Path) -> quality.Findings:
    return quality.findings(Engine(sample_data_dir))


def pick(found: quality.Findings, kind: str, name: str):
    rows = found.table[(found.table["kind"] == kind) & (found.table["locality_name"] == name)]
    assert len(rows), f"no {kind} finding for {name}"
    return rows.iloc[0]


def test_parts_that_do_not_add_up_show_both_numbers(found: quality.Findings) -> None:
    row = pick(found, "parts_mismatch", "Huyện Yên Bình")
    assert (int(row["stated"]), int(row["parts"]), row["dimension"]) == (336, 328, "field")
    row = pick(found, "parts_mismatch", "Tỉnh Tuyên Quang")
    assert (int(row["stated"]), int(row["parts"]), row["dimension"]) == (12532, 11125, "subject")


def test_one_fact_with_two_values(found: quality.Findings) -> None:
    row = pick(found, "conflicting_values", "Huyện Lạc Sơn")
    assert sorted(int(v) for v in row["values"]) == [60, 242]


def test_period_after_the_report_date(found: quality.Findings) -> None:
    row = pick(found, "period_after_report", "Phường Phúc Thành")
    assert (int(row["year_start"]), int(row["year_end"]), row["published"]) == (2016, 2020, "2018")


def test_partial_breakdown_without_total(found: quality.Findings) -> None:
    row = pick(found, "partial_breakdown", "Tỉnh Hà Giang")
    assert int(row["parts"]) == 1088


def test_every_finding_links_to_existing_rows(
    sample_data_dir: Path, found: quality.Findings
) -> None:
    engine = Engine(sample_data_dir)
    for ids in found.table["tally_ids"]:
        assert len(ids) > 0
        rows = sources.tallies_by_id(engine, list(ids))
        assert len(rows) == len(set(ids))


def test_counts_cover_more_than_the_listed_rows() -> None:
    result = quality.findings(tiny_engine(), limit=1)
    assert result.table["kind"].value_counts().max() == 1
    assert result.counts["parts_mismatch"] == 1 and result.counts["stated_zero"] == 1


def test_scope_restricts_findings() -> None:
    result = quality.findings(tiny_engine(), Filter(metric=None, locality="31"))
    assert set(result.table["locality_code"]) == {"31"}


def test_outliers_on_a_skewed_group() -> None:
    import pandas as pd

    from metrics.testing import localities_frame, sources_frame

    codes = ["00001", "00002", "00003"]
    rows = [
        {
            "locality_code": codes[i % 3],
            "year_start": 2000 + i,
            "year_end": 2000 + i,
            "value": 10 + i % 3,
        }
        for i in range(12)
    ]
    rows.append({"locality_code": "00001", "year_start": 2020, "year_end": 2020, "value": 100000})
    frame = pd.DataFrame(rows).assign(
        metric="models_registered",
        locality_tier="commune",
        province_code="01",
        current_province_code="N01",
        source_id="bd-2022",
    )
    engine = Engine.from_frames(
        tallies=frame, localities=localities_frame(), sources=sources_frame()
    )
    result = quality.findings(engine, kinds=("outlier",))
    assert result.table["stated"].tolist() == [100000]
