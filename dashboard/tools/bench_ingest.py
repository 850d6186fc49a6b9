"""Ingest benchmark: a model list of N rows (CSV) written and ingested into a fresh data dir."""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path

import numpy as np

from data_loaders.ingest import ingest_file
from data_loaders.reference.localities import build_localities

NAMES = (
    "Camera an ninh khu dân cư",
    "Tổ tự quản vệ sinh môi trường",
    "Dân vận khéo trong chuyển đổi số",
    "Vận động nhân dân hiến đất làm đường giao thông nông thôn",
    "Tuyến đường hoa tự quản",
    "Chi hội phụ nữ giúp nhau phát triển kinh tế",
)
FIELDS = ("kinh tế", "VH-XH", "QP-AN", "xây dựng hệ thống chính trị")


def write_model_list(path: Path, rows: int, seed: int = 7) -> Path:
    """A realistic model list of ``rows`` rows over pre-2025 communes (synthetic)."""
    rng = np.random.default_rng(seed)
    units = build_localities()
    names = dict(zip(units["locality_code"], units["name"]))
    communes = units[(units["era"] == "pre2025") & (units["tier"] == "commune")]
    pick = communes.sample(min(4000, len(communes)), random_state=seed)
    places = [
        (names[p], f"{n}, {names[d]}")
        for n, p, d in zip(pick["name"], pick["province_code"], pick["parent_code"])
    ]
    which = rng.integers(0, len(places), rows)
    years = rng.integers(2012, 2025, rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "model_name",
                "kind",
                "owner",
                "owner_type",
                "province",
                "locality",
                "field",
                "theme",
                "year_start",
                "year_end",
                "status",
                "recognition_level",
            ]
        )
        for i in range(rows):
            province, locality = places[which[i]]
            w.writerow(
                [
                    f"{NAMES[i % len(NAMES)]} (mô phỏng {i})",
                    "điển hình" if i % 5 == 0 else "mô hình",
                    f"Chi bộ thôn {i % 97}",
                    "tập thể",
                    province,
                    locality,
                    FIELDS[i % 4],
                    "",
                    int(years[i]),
                    int(years[i]) + int(i % 3),
                    "đăng ký",
                    "",
                ]
            )
    return path


def run(rows: int = 1_000_000) -> dict[str, float]:
    """Seconds to ingest a ``rows``-row model list CSV (file writing not counted)."""
    with tempfile.TemporaryDirectory(prefix="dvk-bench-") as tmp:
        path = write_model_list(Path(tmp) / "danh-sach-mo-hinh.csv", rows)
        start = time.perf_counter()
        result = ingest_file(path, Path(tmp) / "data")
        seconds = time.perf_counter() - start
        if result.status != "ok":
            raise RuntimeError(f"benchmark ingest failed: {result.problems[:3]}")
        return {"rows": rows, "seconds": round(seconds, 2), "reference_s": 30.0}
