"""Lists of individual models: same guarantees as tallies."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from data_loaders.ingest import ingest_file
from data_loaders.storage.warehouse import Warehouse

HEADER = [
    "Tên mô hình, điển hình",
    "Loại",
    "Chủ thể thực hiện",
    "Loại chủ thể",
    "Tỉnh/thành phố",
    "Địa phương/đơn vị",
    "Lĩnh vực",
    "Chủ đề",
    "Từ năm",
    "Đến năm",
    "Tình trạng",
    "Cấp công nhận",
]
ROWS = [
    [
        "Camera an ninh khu dân cư",
        "Mô hình",
        "Chi bộ phố Phúc Ninh",
        "Tập thể",
        "Hà Nội",
        "Quận Đống Đa",
        "QP-AN",
        "",
        "2022",
        "2022",
        "công nhận",
        "cấp quận",
    ],
    [
        "Dân vận khéo trong chuyển đổi số",
        "điển hình",
        "Nguyễn Văn A",
        "cá nhân",
        "Hải Phòng",
        "",
        "VH-XH",
        "chuyển đổi số",
        "2021",
        "2023",
        "đăng ký",
        "",
    ],
]


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def test_model_list_with_vietnamese_headers(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = ingest_file(write(tmp_path / "ds.csv", ROWS), data)
    assert result.status == "ok", [str(p) for p in result.problems]
    models = Warehouse(data).read("models").sort_values("year_start")
    first = models.iloc[0]
    assert first["model_name"] == "Dân vận khéo trong chuyển đổi số"
    assert (first["kind"], first["owner_type"], first["field"], first["theme"]) == (
        "exemplar",
        "individual",
        "culture_society",
        "digital",
    )
    assert first["province_code"] == "31" and first["model_status"] == "registered"
    second = models.iloc[1]
    assert second["locality_code"] == "006" and second["recognition_level"] == "district"
    assert second["name_key"] == "camera an ninh khu dan cu"
    assert ingest_file(tmp_path / "ds.csv", data).status == "unchanged"


def test_bad_model_rows_refuse_the_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_file(write(tmp_path / "ok.csv", ROWS[:1]), data)
    before = (data / "warehouse" / "models.parquet").read_bytes()
    bad = [r.copy() for r in ROWS]
    bad[1][10] = "đang xem xét"
    bad[0][8] = "năm ngoái"
    result = ingest_file(write(tmp_path / "bad.csv", bad), data)
    assert result.status == "refused"
    found = {(p.row, p.column) for p in result.problems}
    assert (3, "status") in found and (2, "year_start") in found
    assert (data / "warehouse" / "models.parquet").read_bytes() == before


def test_model_list_xlsx(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(HEADER)
    for row in ROWS:
        wb.active.append([int(v) if v.isdigit() else v for v in row])
    wb.save(tmp_path / "ds.xlsx")
    result = ingest_file(tmp_path / "ds.xlsx", tmp_path / "data")
    assert result.status == "ok", [str(p) for p in result.problems]
    assert len(Warehouse(tmp_path / "data").read("models")) == 2


def test_sample_models(sample_data_dir: Path) -> None:
    models = Warehouse(sample_data_dir).read("models")
    assert len(models) == 6
    assert models["name_key"].str.contains("camera an ninh").any()


def test_model_list_compared_with_stated_counts(sample_data_dir: Path) -> None:
    from metrics.engine import Engine
    from metrics.quality import findings

    found = findings(Engine(sample_data_dir), kinds=("list_vs_stated",)).table
    dongda = found[found["locality_code"] == "006"].iloc[0]
    assert (dongda["stated"], dongda["parts"]) == (371, 3)  # 3 named of 371 registered
    assert list(dongda["source_ids"]) == ["dongda-2022"]
