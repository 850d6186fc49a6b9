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
    assert served["trivial_streamlit_run_ms"] > 0
    assert set(served["pages"]) == set(bench.PAGES)
    for row in served["pages"].values():
        assert row["rerun_ms"] > 0 and row["ratio"] > 0 and row["ratio_streamlit_run"] > 0
    assert served["pages"]["huong-dan"]["target"] == bench.GUIDE_FACTOR


def test_served_pages_are_checked_against_the_trivial_app_served_like_dvk() -> None:
    """The target's floor is the trivial app started as ``dvk serve`` starts Streamlit; the
    same app under plain ``streamlit run`` (slower: Nagle's algorithm) is information only."""
    got = bench.served_ratios(
        {"tong-quan": [40.0, 44.0, 42.0], "huong-dan": [30.0, 31.0, 29.0]},
        trivial=[30.0, 29.0, 31.0],
        streamlit_run=[70.0, 68.0, 72.0],
    )
    assert got["trivial_ms"] == 30.0 and got["trivial_streamlit_run_ms"] == 70.0
    overview, guide = got["pages"]["tong-quan"], got["pages"]["huong-dan"]
    assert overview["ratio"] == 1.4 and not overview["ok"]  # 0.6× plain streamlit run
    assert overview["ratio_streamlit_run"] == 0.6
    assert guide["ratio"] == 1.0 and guide["ok"] and guide["target"] == bench.GUIDE_FACTOR


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
    """``dvk bench --served``: each page's ratio to the app served like dvk with its target,
    the ratio to the app under plain ``streamlit run`` beside it."""
    from typer.testing import CliRunner

    from dashboard.cli import app

    done = CliRunner().invoke(app, ["bench", "--served", "--data-dir", str(sample_data_dir)])
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    head = next(x for x in lines if "websocket rerun" in x)
    assert "trivial one-chart app" in head and "started as dvk serve starts it" in head
    assert "under plain streamlit run" in head
    for slug in bench.PAGES:
        line = next(x for x in lines if x.strip().startswith(f"{slug}:"))
        target = bench.GUIDE_FACTOR if slug == "huong-dan" else bench.SERVED_FACTOR
        assert f"× the trivial app served like dvk (target ≤ {target}×)" in line
        assert ("✓" in line) != ("✗" in line) and "× the app under streamlit run]" in line
    assert "server peak rss" in lines[-1]
