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
    assert served["trivial_like_dvk_ms"] > 0
    assert set(served["pages"]) == set(bench.PAGES)
    for row in served["pages"].values():
        assert row["rerun_ms"] > 0 and row["ratio"] > 0 and row["ratio_like_dvk"] > 0
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


def test_dvk_bench_served_prints_every_page_against_the_trivial_app(sample_data_dir: Path) -> None:
    """``dvk bench --served``: each page's ratio with its target, beside both floors."""
    from typer.testing import CliRunner

    from dashboard.cli import app

    done = CliRunner().invoke(app, ["bench", "--served", "--data-dir", str(sample_data_dir)])
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    head = next(x for x in lines if "websocket rerun" in x)
    assert "trivial one-chart app" in head and "started as dvk serve starts it" in head
    for slug in bench.PAGES:
        line = next(x for x in lines if x.strip().startswith(f"{slug}:"))
        target = bench.GUIDE_FACTOR if slug == "huong-dan" else bench.SERVED_FACTOR
        assert "× the trivial app" in line and f"(target ≤ {target}×)" in line
        assert ("✓" in line) != ("✗" in line) and "× the app served like dvk" in line
    assert "server peak rss" in lines[-1]
