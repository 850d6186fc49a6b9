"""Template ingest: good files, bad rows, idempotence, replacement, atomicity, concurrency."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from data_loaders import appdb
from data_loaders.ingest import ingest_file, ingest_paths
from data_loaders.sources.template import TALLY_COLUMNS, write_template
from data_loaders.storage.warehouse import Warehouse

HEADER = [
    "province",
    "locality",
    "period_start",
    "period_end",
    "metric",
    "kind",
    "field",
    "theme",
    "subject",
    "level",
    "award",
    "value",
    "note",
]
GOOD_ROWS = [
    [
        "Hà Nội",
        "Quận Đống Đa",
        "2022",
        "2022",
        "models_registered",
        "model",
        "",
        "",
        "",
        "",
        "",
        "371",
        "tổng",
    ],
    [
        "Hà Nội",
        "Q. Đống Đa",
        "2022",
        "2022",
        "Mô hình đăng ký",
        "Mô hình",
        "Kinh tế",
        "",
        "",
        "",
        "",
        "120",
        "",
    ],
    [
        "Hà Nội",
        "quan dong da",
        "2022",
        "2022",
        "registrants",
        "any",
        "",
        "",
        "Tập thể",
        "",
        "",
        "181",
        "",
    ],
    [
        "Hải Phòng",
        "",
        "2022",
        "2022",
        "commendations",
        "any",
        "",
        "",
        "",
        "cấp tỉnh",
        "Bằng khen",
        "39",
        "",
    ],
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def snapshot(data_dir: Path) -> dict[str, str]:
    root = data_dir / "warehouse"
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.glob("*.parquet"))
    }


def test_good_csv_is_ingested(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = ingest_file(write_csv(tmp_path / "dongda.csv", GOOD_ROWS), data)
    assert result.status == "ok", [str(p) for p in result.problems]
    tallies = Warehouse(data).read("tallies")
    assert len(tallies) == 4
    row = tallies[tallies["value"] == 371].iloc[0]
    assert row["locality_code"] == "006" and row["province_code"] == "01"
    assert row["district_code"] == "006" and row["current_province_code"] == "N01"
    assert (row["metric"], row["kind"], row["field"], row["subject"]) == (
        "models_registered",
        "model",
        "all",
        "all",
    )
    assert row["year_start"] == 2022 and str(row["period_end"]) == "2022-12-31"
    hp = tallies[tallies["value"] == 39].iloc[0]
    assert (hp["locality_code"], hp["level"], hp["award"]) == ("31", "province", "bang_khen")
    sources = Warehouse(data).read("sources")
    assert list(sources["source_id"]) == ["file-dongda"]
    assert sources.iloc[0]["file_sha256"]


def test_vietnamese_headers_and_xlsx(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    labels = {c.id: c.label_vi for c in TALLY_COLUMNS}
    ws.append([labels[h] + " *" if h in ("province", "value") else labels[h] for h in HEADER])
    for row in GOOD_ROWS:
        ws.append([int(v) if v.isdigit() else v for v in row])
    path = tmp_path / "mau.xlsx"
    wb.save(path)
    result = ingest_file(path, tmp_path / "data")
    assert result.status == "ok", [str(p) for p in result.problems]
    assert len(Warehouse(tmp_path / "data").read("tallies")) == 4


def test_template_is_written_with_dropdowns(tmp_path: Path) -> None:
    path = write_template(tmp_path / "mau.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Số liệu", "Danh mục", "Hướng dẫn"]
    ws = wb["Số liệu"]
    headers = [c.value for c in ws[1]]
    assert "Lĩnh vực" in headers and "Số lượng *" in headers
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("Danh mục" in (f or "") for f in formulas)
    assert "Kinh tế" in [c.value for c in wb["Danh mục"]["C"]]
    # a filled-in copy of the template ingests
    for r, row in enumerate(GOOD_ROWS, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)
    assert ingest_file(path, tmp_path / "data").status == "ok"


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (
            [
                "Hà Nội",
                "Quận Đống Đa",
                "2022",
                "2022",
                "models_registered",
                "model",
                "thể thao",
                "",
                "",
                "",
                "",
                "5",
                "",
            ],
            "field",
            "unknown field",
        ),
        (
            [
                "Hà Nội",
                "Quận Đống Đa",
                "2022",
                "2022",
                "models_registered",
                "",
                "",
                "",
                "",
                "",
                "",
                "-3",
                "",
            ],
            "value",
            "negative",
        ),
        (
            [
                "Hà Nội",
                "Quận Đống Đa",
                "2022",
                "2022",
                "models_registered",
                "",
                "",
                "",
                "",
                "",
                "",
                "nhiều",
                "",
            ],
            "value",
            "whole number",
        ),
        (
            [
                "Hà Nội",
                "Quận Đống Đa",
                "2022",
                "2022",
                "models_registered",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            "value",
            "required",
        ),
        (
            [
                "Hà Nội",
                "Quận Đống Đa",
                "hai nghìn",
                "2022",
                "models_registered",
                "",
                "",
                "",
                "",
                "",
                "",
                "4",
                "",
            ],
            "period_start",
            "not a year",
        ),
        (
            [
                "Hà Nội",
                "Quận Đống Đa",
                "2023",
                "2022",
                "models_registered",
                "",
                "",
                "",
                "",
                "",
                "",
                "4",
                "",
            ],
            "period_end",
            "ends before",
        ),
        (
            [
                "Hà Nội",
                "Huyện Không Có",
                "2022",
                "2022",
                "models_registered",
                "",
                "",
                "",
                "",
                "",
                "",
                "4",
                "",
            ],
            "locality",
            "not a known",
        ),
        (
            ["", "Phường 1", "2022", "2022", "models_registered", "", "", "", "", "", "", "4", ""],
            "locality",
            "ambiguous",
        ),
        (
            ["Hà Nội", "Quận Đống Đa", "2022", "2022", "số người", "", "", "", "", "", "", "4", ""],
            "metric",
            "unknown metric",
        ),
    ],
)
def test_bad_row_refuses_the_whole_file(tmp_path: Path, row, column, words) -> None:
    data = tmp_path / "data"
    ingest_file(write_csv(tmp_path / "first.csv", GOOD_ROWS[:1]), data)
    before = snapshot(data)
    result = ingest_file(write_csv(tmp_path / "bad.csv", [*GOOD_ROWS, row]), data)
    assert result.status == "refused"
    assert snapshot(data) == before  # byte-identical warehouse
    problem = result.problems[0]
    assert problem.row == len(GOOD_ROWS) + 2  # spreadsheet row number (header is row 1)
    assert column in problem.column and words in problem.message
    assert "bad.csv" in str(problem)


def test_duplicate_rows_and_missing_columns_are_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = ingest_file(write_csv(tmp_path / "dup.csv", [GOOD_ROWS[0], GOOD_ROWS[0]]), data)
    assert result.status == "refused" and "as row 2" in result.problems[0].message
    result = ingest_file(
        write_csv(tmp_path / "nocol.csv", [["Hà Nội", "5"]], header=["province", "value"]), data
    )
    assert result.status == "refused"
    assert {p.column.split(" (")[-1].rstrip(")") for p in result.problems} >= {
        "metric",
        "period_start",
        "period_end",
    }


def test_reingest_changes_nothing_and_correction_replaces(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = write_csv(tmp_path / "dongda.csv", GOOD_ROWS)
    assert ingest_file(path, data).status == "ok"
    before = snapshot(data)
    assert ingest_file(path, data).status == "unchanged"
    assert snapshot(data) == before
    corrected = [r.copy() for r in GOOD_ROWS[:3]]
    corrected[0][11] = "372"
    write_csv(path, corrected)
    assert ingest_file(path, data).status == "replaced"
    tallies = Warehouse(data).read("tallies")
    assert sorted(tallies["value"]) == [120, 181, 372]


def test_other_sources_survive_a_replacement(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_file(write_csv(tmp_path / "a.csv", GOOD_ROWS[:2]), data)
    ingest_file(write_csv(tmp_path / "b.csv", GOOD_ROWS[2:]), data)
    ingest_file(write_csv(tmp_path / "a.csv", GOOD_ROWS[:1]), data)
    tallies = Warehouse(data).read("tallies")
    assert sorted(tallies["value"]) == [39, 181, 371]


def test_sample_loads_fully(sample_data_dir: Path) -> None:
    wh = Warehouse(sample_data_dir)
    tallies, sources = wh.read("tallies"), wh.read("sources")
    assert len(tallies) == 162
    assert len(sources) == 48
    assert set(tallies["source_id"]) <= set(sources["source_id"])
    # figures are kept exactly as published, including sums that do not add up
    dongda = tallies[
        (tallies["source_id"] == "dongda-2022") & (tallies["metric"] == "models_registered")
    ]
    assert list(dongda["value"]) == [371]
    hp = tallies[
        (tallies["locality_code"] == "31")
        & (tallies["metric"] == "models_registered")
        & (tallies["theme"] == "none")
    ]
    assert list(hp["value"]) == [2084]


def test_ledger_records_every_run(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_file(write_csv(tmp_path / "a.csv", GOOD_ROWS), data)
    ingest_file(write_csv(tmp_path / "a.csv", GOOD_ROWS), data)
    ingest_file(write_csv(tmp_path / "bad.csv", [GOOD_ROWS[0][:11] + ["x", ""]]), data)
    with appdb.session(data) as s:
        runs = s.query(appdb.IngestRun).order_by(appdb.IngestRun.id).all()
    assert [r.status for r in runs] == ["ok", "unchanged", "refused"]
    assert runs[0].rows_written == 4 and runs[0].file_sha256
    assert "column" in runs[2].problems[0]


def _ingest_in_subprocess(path: Path, data: Path, crash_at: str | None = None):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    if crash_at:
        env["DVK_TEST_CRASH_AT"] = crash_at
    code = (
        "import sys; from pathlib import Path; from data_loaders.ingest import ingest_file; "
        "r = ingest_file(Path(sys.argv[1]), Path(sys.argv[2])); print(r.status)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(path), str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("crash_at", ["after_tmp_tallies", "after_tmp_sources"])
def test_crash_before_commit_leaves_previous_state(tmp_path: Path, crash_at: str) -> None:
    data = tmp_path / "data"
    ingest_file(write_csv(tmp_path / "a.csv", GOOD_ROWS[:2]), data)
    before = snapshot(data)
    proc = _ingest_in_subprocess(write_csv(tmp_path / "b.csv", GOOD_ROWS[2:]), data, crash_at)
    assert proc.wait(timeout=120) == 97
    assert snapshot(data) == before
    wh = Warehouse(data)
    assert len(wh.read("tallies")) == 2
    with wh.lock():  # the next writer sweeps what the crashed one left
        pass
    assert not list((data / "warehouse").glob("*.tmp"))


@pytest.mark.parametrize("crash_at", ["after_journal", "after_first_rename"])
def test_crash_after_commit_point_rolls_forward(tmp_path: Path, crash_at: str) -> None:
    data = tmp_path / "data"
    ingest_file(write_csv(tmp_path / "a.csv", GOOD_ROWS[:2]), data)
    proc = _ingest_in_subprocess(write_csv(tmp_path / "b.csv", GOOD_ROWS[2:]), data, crash_at)
    assert proc.wait(timeout=120) == 97
    wh = Warehouse(data)
    tallies, sources = wh.read("tallies"), wh.read("sources")
    assert len(tallies) == 4  # both tables of the transaction are there, consistently
    assert set(tallies["source_id"]) == set(sources["source_id"])


@pytest.mark.slow
def test_killed_writer_leaves_old_or_new_state(tmp_path: Path) -> None:
    """SIGKILL a writer at many moments: the warehouse is always either before or after."""
    data = tmp_path / "data"
    ingest_file(write_csv(tmp_path / "a.csv", GOOD_ROWS[:2]), data)
    rows = [
        [
            "Hà Nội",
            "Quận Đống Đa",
            str(y),
            str(y),
            "models_registered",
            "model",
            f,
            "",
            "",
            "",
            "",
            str(y + i),
            "",
        ]
        for i, f in enumerate(["kinh tế", "VH-XH", "QP-AN", "HTCT"])
        for y in range(1990, 2026)
    ]
    big = write_csv(tmp_path / "big.csv", rows)
    outcomes = set()
    for delay in (0.2, 0.5, 0.9, 1.3, 1.8, 2.5, 3.5):
        proc = _ingest_in_subprocess(big, data)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        wh = Warehouse(data)
        n = len(wh.read("tallies"))
        assert n in (2, 2 + len(rows)), n
        assert set(wh.read("tallies")["source_id"]) <= set(wh.read("sources")["source_id"])
        outcomes.add(n)
        if n != 2:
            break
    assert outcomes


def test_concurrent_ingests_are_serialised(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_file(write_csv(tmp_path / "seed.csv", GOOD_ROWS[3:]), data)
    files = []
    for i in range(4):
        rows = [
            [
                "Hà Nội",
                "Quận Đống Đa",
                str(2010 + i),
                str(2010 + i),
                "models_registered",
                "",
                "",
                "",
                "",
                "",
                "",
                str(100 + i),
                "",
            ]
        ]
        files.append(write_csv(tmp_path / f"c{i}.csv", rows))
    procs = [_ingest_in_subprocess(f, data) for f in files]
    outs = [p.communicate(timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    tallies = Warehouse(data).read("tallies")
    assert sorted(tallies["value"]) == [39, 100, 101, 102, 103]


def test_directory_ingest_puts_source_lists_first(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_csv(
        folder / "a_tallies.csv",
        [
            [
                "Hà Nội",
                "Quận Đống Đa",
                "2022",
                "2022",
                "models_registered",
                "",
                "",
                "",
                "",
                "",
                "",
                "371",
                "",
                "dd",
            ]
        ],
        header=[*HEADER, "source_id"],
    )
    write_csv(
        folder / "z_sources.csv",
        [["dd", "Quận Đống Đa: Lan tỏa", "Báo", "", "2022-10-26", "", ""]],
        header=[
            "source_id",
            "source_title",
            "source_outlet",
            "source_url",
            "source_date",
            "locality",
            "note",
        ],
    )
    results = ingest_paths([folder], tmp_path / "data", progress=False)
    assert [r.status for r in results] == ["ok", "ok"], [
        str(p) for r in results for p in r.problems
    ]
    sources = Warehouse(tmp_path / "data").read("sources")
    assert sources.iloc[0]["published"] == "2022-10-26"
