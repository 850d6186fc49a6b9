"""A tiny in-memory warehouse for doctests and unit tests.

Two old provinces (Hà Nội with two districts and three wards, Hải Phòng), one
that merged into Hải Phòng in 2025 (Hải Dương, no data) and their 2025
successors. The figures include the traps the metrics must handle: a stated
total whose parts do not add up (Hà Nội 2022: 100 vs 105), a district known
only through its wards (Ba Đình), a total known only through a complete
breakdown (recognised: 12 + 8), one fact from two sources with different values
(Hải Phòng 2022: 2,084 and 2,000), a phase figure in a report published before
the phase ended, a stated zero, and candidate rows awaiting review.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from data_loaders.reference.text import fold_key
from metrics.engine import Engine

# code | name | short | type | tier | era | parent | province | current | successor | children
_LOCALITIES = """
01 | Thành phố Hà Nội | Hà Nội | Thành phố | province | pre2025 | None | 01 | N01 | N01 | 2
001 | Quận Ba Đình | Ba Đình | Quận | district | pre2025 | 01 | 01 | N01 | N01 | 2
002 | Quận Hoàn Kiếm | Hoàn Kiếm | Quận | district | pre2025 | 01 | 01 | N01 | N01 | 1
00001 | Phường Phúc Xá | Phúc Xá | Phường | commune | pre2025 | 001 | 01 | N01 | N00004 | 0
00002 | Phường Trúc Bạch | Trúc Bạch | Phường | commune | pre2025 | 001 | 01 | N01 | N00004 | 0
00003 | Phường Hàng Bạc | Hàng Bạc | Phường | commune | pre2025 | 002 | 01 | N01 | N00070 | 0
31 | Thành phố Hải Phòng | Hải Phòng | Thành phố | province | pre2025 | None | 31 | N31 | N31 | 0
30 | Tỉnh Hải Dương | Hải Dương | Tỉnh | province | pre2025 | None | 30 | N31 | N31 | 0
N01 | Thành phố Hà Nội | Hà Nội | Thành phố | province | 2025 | None | N01 | N01 | None | 2
N31 | Thành phố Hải Phòng | Hải Phòng | Thành phố | province | 2025 | None | N31 | N31 | None | 0
N00004 | Phường Ba Đình | Ba Đình | Phường | commune | 2025 | N01 | N01 | N01 | None | 0
N00070 | Phường Hoàn Kiếm | Hoàn Kiếm | Phường | commune | 2025 | N01 | N01 | N01 | None | 0
"""
_LOC_COLS = [
    "locality_code",
    "name",
    "short_name",
    "unit_type",
    "tier",
    "era",
    "parent_code",
    "province_code",
    "current_province_code",
    "successor_code",
    "child_count",
]
# code | year_start | year_end | metric | kind | field | subject | level | value | source [| status]
# (short names: see _SHORT; status defaults to confirmed)

_SOURCES = [
    ("hn-2022", "Hà Nội tổng kết năm 2022", "2022-12-20"),
    ("hn-2021", "Hà Nội tổng kết năm 2021", "2021-12-15"),
    ("hn-2019", "Hà Nội sơ kết giai đoạn 2016–2020", "2019-06"),
    ("hp-2022", "Hải Phòng biểu dương mô hình 2022", "2022-12-20"),
    ("hp-news", "Tin Hải Phòng 2023", "2023-01-05"),
    ("bd-2022", "Ba Đình tổng kết 2022", "2022-11"),
]

_T = """
01 | 2022 | 2022 | reg | model | all | all | none | 100 | hn-2022
01 | 2022 | 2022 | reg | model | economy | all | none | 40 | hn-2022
01 | 2022 | 2022 | reg | model | culture | all | none | 30 | hn-2022
01 | 2022 | 2022 | reg | model | defense | all | none | 20 | hn-2022
01 | 2022 | 2022 | reg | model | political | all | none | 15 | hn-2022
01 | 2022 | 2022 | rec | any | all | collective | province | 12 | hn-2022
01 | 2022 | 2022 | rec | any | all | individual | province | 8 | hn-2022
01 | 2022 | 2022 | com | any | all | all | province | 5 | hn-2022
01 | 2021 | 2021 | reg | model | all | all | none | 80 | hn-2021
01 | 2021 | 2021 | rec | any | all | all | province | 16 | hn-2021
01 | 2016 | 2020 | reg | model | all | all | none | 300 | hn-2019
00001 | 2022 | 2022 | reg | model | all | all | none | 30 | bd-2022
00002 | 2022 | 2022 | reg | model | all | all | none | 25 | bd-2022
00002 | 2022 | 2022 | com | any | all | all | district | 0 | bd-2022
002 | 2022 | 2022 | reg | model | all | all | none | 20 | hn-2022
002 | 2021 | 2021 | reg | model | all | all | none | 18 | hn-2021 | candidate
31 | 2022 | 2022 | reg | model | all | all | none | 2084 | hp-2022
31 | 2022 | 2022 | reg | model | all | all | none | 2000 | hp-news
31 | 2022 | 2022 | rec | any | all | all | province | 120 | hp-2022
"""


_MODELS = [
    ("m1", "Camera an ninh khu dân cư", "model", "00001", "defense_security", 2022, "hn-2022"),
    ("m2", "Dân vận khéo trong giải phóng mặt bằng", "model", "002", "economy", 2022, "hn-2022"),
    ("m3", "Tuyến phố văn minh", "model", "00003", "culture_society", 2021, "hn-2021"),
    ("m4", "Camera an ninh - mắt thần khu phố", "model", "31", "defense_security", 2022, "hp-2022"),
]


_SHORT = {
    "reg": "models_registered",
    "rec": "models_recognized",
    "com": "commendations",
    "culture": "culture_society",
    "defense": "defense_security",
    "political": "political_system",
}


def _rows(text: str) -> list[list[str | None]]:
    return [
        [None if v == "None" else v for v in (part.strip() for part in line.split("|"))]
        for line in text.strip().splitlines()
    ]


def localities_frame() -> pd.DataFrame:
    frame = pd.DataFrame(_rows(_LOCALITIES), columns=_LOC_COLS)
    frame["child_count"] = frame["child_count"].astype(int)
    frame["official_code"] = frame["locality_code"].str.removeprefix("N")
    frame["name_key"] = frame["name"].map(fold_key)
    frame["short_key"] = frame["short_name"].map(fold_key)
    return frame


def _district(loc: pd.DataFrame, code: str) -> str | None:
    tier = loc.at[code, "tier"]
    if tier == "district":
        return code
    return loc.at[code, "parent_code"] if tier == "commune" else None


def tallies_frame() -> pd.DataFrame:
    loc = localities_frame().set_index("locality_code")
    rows = []
    for row in _rows(_T):
        row = [_SHORT.get(str(v), v) for v in row] + (["confirmed"] if len(row) == 10 else [])
        code, y0, y1, metric, kind, field, subject, level, value, source, status = row
        assert code is not None
        tier = loc.at[code, "tier"]
        rows.append(
            {
                "locality_code": code,
                "locality_tier": tier,
                "province_code": loc.at[code, "province_code"],
                "district_code": _district(loc, code),
                "current_province_code": loc.at[code, "current_province_code"],
                "year_start": int(str(y0)),
                "year_end": int(str(y1)),
                "metric": metric,
                "kind": kind,
                "field": field,
                "subject": subject,
                "level": level,
                "value": int(str(value)),
                "source_id": source,
                "status": status,
            }
        )
    frame = pd.DataFrame(rows)
    frame["tally_id"] = [f"t{i:02d}" for i in range(len(frame))]
    return frame


def sources_frame() -> pd.DataFrame:
    return pd.DataFrame(_SOURCES, columns=["source_id", "title", "published"]).assign(
        outlet="test", url=None
    )


def models_frame() -> pd.DataFrame:
    loc = localities_frame().set_index("locality_code")
    frame = pd.DataFrame(
        _MODELS,
        columns=[
            "model_id",
            "model_name",
            "kind",
            "locality_code",
            "field",
            "year_start",
            "source_id",
        ],
    )
    frame["year_end"] = frame["year_start"]
    frame["name_key"] = frame["model_name"].map(fold_key)
    frame["province_code"] = frame["locality_code"].map(loc["province_code"])
    frame["current_province_code"] = frame["locality_code"].map(loc["current_province_code"])
    frame["district_code"] = [_district(loc, c) for c in frame["locality_code"]]
    return frame


@cache
def tiny_engine() -> Engine:
    """The tiny warehouse as an :class:`~metrics.engine.Engine` (built once per process)."""
    return Engine.from_frames(
        tallies=tallies_frame(),
        localities=localities_frame(),
        sources=sources_frame(),
        models=models_frame(),
    )


def write_tiny_warehouse(data_dir: Path) -> Path:
    """The tiny warehouse written as Parquet under ``data_dir`` (for engines over files)."""
    from data_loaders.storage.warehouse import Warehouse
    from metrics.engine import complete_frame

    frames = {
        "tallies": tallies_frame(),
        "localities": localities_frame(),
        "sources": sources_frame(),
        "models": models_frame(),
    }
    warehouse = Warehouse(data_dir)
    with warehouse.lock():
        warehouse.write({name: complete_frame(name, frame) for name, frame in frames.items()})
    return data_dir
