"""Benchmark of ``dvk export``: a shared link to a PNG, and a page's conference pack (PPTX),
each timed as a person runs it — a fresh ``dvk`` process, start-up included (``dvk bench``).

Targets (2 cores): the PNG within 2 s, the pack within 5 s. The machine's load average is
printed beside each figure: on a shared machine a figure means little without it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PNG_S = 2.0
PACK_S = 5.0
LINK = "http://127.0.0.1:8501/so-sanh?norm=per_10k"  # a shared link of the compare page
PACK_PAGE = "http://127.0.0.1:8501/so-sanh"
RUNS = 3


def _wall_s(data_dir: Path, view: str, fmt: str, out: Path) -> tuple[float, str]:
    """Seconds of one ``dvk export`` process; its error text when it failed."""
    command = [
        sys.executable,
        "-m",
        "dashboard.cli",
        "export",
        "--data-dir",
        str(data_dir),
        "--view",
        view,
        "--format",
        fmt,
        "--out",
        str(out),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    return seconds, "" if done.returncode == 0 else done.stderr.strip()[-300:]


def run(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Median wall time of each export over ``RUNS`` fresh processes (the first warms the
    file cache and the derived figures)."""
    out: dict[str, dict[str, Any]] = {}
    cases = {"export_png": (LINK, "png", PNG_S), "conference_pack": (PACK_PAGE, "pptx", PACK_S)}
    with tempfile.TemporaryDirectory(prefix="dvk-bench-export-") as tmp:
        for name, (view, fmt, target) in cases.items():
            file = Path(tmp) / f"{name}.{fmt}"
            _wall_s(data_dir, view, fmt, file)  # warm-up
            times, error = [], ""
            for _ in range(RUNS):
                seconds, error = _wall_s(data_dir, view, fmt, file)
                times.append(seconds)
            median = sorted(times)[len(times) // 2]
            out[name] = {
                "seconds": round(median, 2),
                "runs_s": [round(t, 2) for t in times],
                "target_s": target,
                "ok": median <= target and not error,
                "load_avg_1min": round(os.getloadavg()[0], 1),
                "error": error,
            }
    return out
