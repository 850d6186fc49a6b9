"""The benchmark runs end to end and reports every query and page (numbers are not asserted)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from dashboard.tools import bench, loadtest


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
        assert row["median_ms"] > 0 and row["reference_ms"] > 0 and row["computed_ms"] > 0
    assert set(result["pages"]) == set(bench.PAGES)
    for row in result["pages"].values():
        assert row["first_ms"] > 0 and row["rerun_ms"] > 0 and row["errors"] == 0
    assert result["rss_mib"] > 0
    assert set(result["exports"]) == {"export_png", "conference_pack"}
    for row in result["exports"].values():
        assert row["seconds"] > 0 and row["error"] == ""
    served = result["served"]
    assert served["trivial_ms"] > 0 and served["server_peak_rss_mib"] > 0
    assert set(served["pages"]) == set(bench.PAGES)
    for row in served["pages"].values():
        assert row["rerun_ms"] > 0 and row["ratio"] > 0
    assert served["pages"]["huong-dan"]["target"] == bench.GUIDE_FACTOR


def test_server_memory_names_the_process_behind_the_port() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        found = loadtest.server_memory(f"http://127.0.0.1:{port}")
    assert found["pid"] == os.getpid() and found["peak_rss_mib"] > 0
    with socket.socket() as s:  # bound, not listening: nobody serves it
        s.bind(("127.0.0.1", 0))
        assert loadtest.listening_pid(s.getsockname()[1]) is None
