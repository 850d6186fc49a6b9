"""The benchmark runs end to end and reports every query and page (numbers are not asserted)."""

from __future__ import annotations

from pathlib import Path

from dashboard.tools import bench


def test_bench_reports_queries_pages_and_memory(sample_data_dir: Path) -> None:
    result = bench.run(sample_data_dir)
    assert set(result["queries"]) == {
        "q1_total_by_province",
        "q2_fields_of_province",
        "q3_yearly_5_districts",
        "q4_level_subject_share",
        "q5_top20_communes",
        "q6_model_search",
    }
    for row in result["queries"].values():
        assert row["median_ms"] > 0 and row["reference_ms"] > 0
    assert set(result["pages"]) == set(bench.PAGES)
    for row in result["pages"].values():
        assert row["first_ms"] > 0 and row["rerun_ms"] > 0 and row["errors"] == 0
    assert result["rss_mib"] > 0
