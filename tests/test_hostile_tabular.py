"""Hostile and broken spreadsheets (issue 11) and impossible periods (issue 10, item 8).

Every crafted file is made here (see ``tests/hostile_files.py``). For each: either every row
is read, or the file is refused in plain words naming file, row and column, the warehouse
byte-identical and the run in the ledger.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from data_loaders import appdb
from data_loaders.ingest import ingest_file, ingest_paths
from data_loaders.storage import limits
from data_loaders.storage.warehouse import Warehouse
from tests import hostile_files as hf

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
MODEL_HEADER = ["model_name", "province", "locality", "year_start", "status"]


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding one good file (so that refusals have something to keep)."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    folder = data.parent
    result = ingest_file(hf.write_csv(folder / "good.csv", hf.distinct_rows(2)), data)
    assert result.status == "ok", result.problems
    return data


@pytest.fixture
def data_dir(base_dir: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "data"
    shutil.copytree(base_dir, target)
    return target


def _refused(data: Path, path: Path, *words: str) -> str:
    """Ingest ``path``; assert a clean refusal that leaves the warehouse byte-identical."""
    before = hf.warehouse_digest(data)
    result = ingest_file(path, data)
    text = "\n".join(str(p) for p in result.problems)
    assert result.status == "refused", (result.status, text)
    for word in words:
        assert word in text, text
    assert "Traceback" not in text and "invalid literal" not in text
    assert hf.warehouse_digest(data) == before
    with appdb.session(data) as s:
        last = s.query(appdb.IngestRun).order_by(appdb.IngestRun.id.desc()).first()
    assert last.path == str(path) and last.status == "refused"
    return text


# --------------------------------------------------------------------------- silent loss
def test_xlsx_with_a_stale_size_is_read_whole(data_dir: Path, tmp_path: Path) -> None:
    rows = hf.distinct_rows(5, period_start="2021", period_end="2021")
    path = hf.set_dimension(hf.write_xlsx(tmp_path / "stale.xlsx", rows), "A1:M2")
    result = ingest_file(path, data_dir)
    assert (result.status, result.rows_in, result.rows_written) == ("ok", 5, 5)


def test_model_list_xlsx_with_a_stale_size_is_read_whole(data_dir: Path, tmp_path: Path) -> None:
    rows = [MODEL_HEADER] + [
        [f"Mô hình {i}", "Hà Nội", "Quận Đống Đa", "2022", "registered"] for i in range(5)
    ]
    path = hf.set_dimension(hf.write_xlsx(tmp_path / "models.xlsx", rows, "Danh sách"), "A1:E2")
    result = ingest_file(path, data_dir)
    assert (result.status, result.rows_in, result.rows_written) == ("ok", 5, 5)
    assert result.loader == "model_list"


def test_xlsx_declaring_the_whole_sheet_reads_what_it_holds(data_dir: Path, tmp_path: Path) -> None:
    rows = hf.distinct_rows(3, period_start="2020", period_end="2020")
    path = hf.set_dimension(hf.write_xlsx(tmp_path / "huge.xlsx", rows), "A1:XFD1048576")
    assert path.stat().st_size < 10_000
    # the peak of this process alone: VmHWM (getrusage's ru_maxrss would keep the parent's peak
    # across fork and exec — a pytest worker that has held national data reads as gigabytes)
    code = (
        "import re, sys; from pathlib import Path; from data_loaders.ingest import "
        "ingest_file; r = ingest_file(Path(sys.argv[1]), Path(sys.argv[2])); "
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()); "
        "print(r.status, r.rows_in, hwm.group(1))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(data_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    status, rows_in, peak_kib = out.stdout.split()
    assert (status, rows_in) == ("ok", "3"), out.stderr
    assert int(peak_kib) < 1_000_000  # was 2.3 GB and a MemoryError


def test_value_under_no_header_is_refused_not_dropped(data_dir: Path, tmp_path: Path) -> None:
    rows = [hf.TEMPLATE_HEADER, hf.template_row() + ["", "999"]]
    text = _refused(data_dir, hf.write_csv(tmp_path / "extra.csv", rows), "row 2", "column H")
    assert "without a header" in text


# --------------------------------------------------------------------------- tracebacks
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_huge_value_is_refused_in_plain_words(data_dir: Path, tmp_path: Path, suffix) -> None:
    rows = [hf.TEMPLATE_HEADER, hf.template_row(value="1" + "0" * 30)]
    path = tmp_path / f"huge.{suffix}"
    if suffix == "csv":
        hf.write_csv(path, rows)
    else:
        rows[1][-1] = 1e30
        hf.write_xlsx(path, rows)
    text = _refused(data_dir, path, "row 2", "(value)", "larger than 1,000,000,000")
    assert "Overflow" not in text


def test_cr_only_csv_is_read(data_dir: Path, tmp_path: Path) -> None:
    path = hf.write_csv(tmp_path / "mac.csv", hf.distinct_rows(3), newline="\r")
    result = ingest_file(path, data_dir)
    assert (result.status, result.rows_in, result.rows_written) == ("ok", 3, 3)


def test_broken_csv_quoting_is_refused_with_its_row(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(",".join(hf.TEMPLATE_HEADER) + '\nHà Nội,"Quận\0 Đống Đa,2022\n', "utf-8")
    _refused(data_dir, path, "quote.csv", "row 2")


def test_long_cell_is_refused_with_row_and_column(data_dir: Path, tmp_path: Path) -> None:
    rows = [hf.TEMPLATE_HEADER, hf.template_row(locality="x" * (limits.MAX_CELL_CHARS + 1))]
    _refused(data_dir, hf.write_csv(tmp_path / "long.csv", rows), "row 2", "column B")


def test_xlsx_cell_inflating_to_1_gib_is_refused_before_parsing(
    data_dir: Path, tmp_path: Path
) -> None:
    path = hf.xlsx_with_giant_cell(tmp_path / "giant.xlsx")
    assert path.stat().st_size < 2_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = _refused(data_dir, path, "unpacks to 1,023 MiB", "xl/worksheets/sheet1.xml")
    assert "limit of 256 MiB" in text
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200_000  # nothing was inflated


# --------------------------------------------------------------------------- wrong data accepted
def test_duplicated_header_is_refused(data_dir: Path, tmp_path: Path) -> None:
    rows = [[*hf.TEMPLATE_HEADER, "Số lượng"], [*hf.template_row(), "5"]]
    text = _refused(data_dir, hf.write_csv(tmp_path / "dup.csv", rows), "row 1", "column G")
    assert "'value'" in text and "keep one" in text


def test_duplicated_model_list_header_is_refused(data_dir: Path, tmp_path: Path) -> None:
    rows = [[*MODEL_HEADER, "Từ năm"], ["Mô hình", "Hà Nội", "Quận Đống Đa", "2022", "", "2023"]]
    _refused(data_dir, hf.write_csv(tmp_path / "dupm.csv", rows), "row 1", "column F")


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"period_end": "13/2022"}, "period_end", "no month 13"),
        ({"period_end": "24/2022"}, "period_end", "no month 24"),
        ({"period_start": "31/02/2022"}, "period_start", "no day 31 in 02/2022"),
        ({"period_start": "2203", "period_end": "2203"}, "period_start", "year 2203 is outside"),
        ({"period_start": "1890"}, "period_start", "year 1890 is outside"),
        ({"value": "٣"}, "value", "digits 0–9 only"),
        ({"period_start": "٢٠٢٢"}, "period_start", "is not a year"),
    ],
)
def test_impossible_values_are_refused(data_dir: Path, tmp_path: Path, cells, column, words):
    path = hf.write_csv(tmp_path / "bad.csv", [hf.TEMPLATE_HEADER, hf.template_row(**cells)])
    _refused(data_dir, path, "row 2", f"({column})", words)


@pytest.mark.parametrize("date", ["31/02/2022", "2022-13-45", "1890"])
def test_impossible_source_dates_are_refused(data_dir: Path, tmp_path: Path, date) -> None:
    rows = [
        [*hf.TEMPLATE_HEADER, "source_title", "source_date"],
        [*hf.template_row(), "Báo cáo", date],
    ]
    _refused(data_dir, hf.write_csv(tmp_path / "src.csv", rows), "row 2", "source_date")


@pytest.mark.parametrize("year", ["2203", "2007", "٢٠٢٢"])
def test_model_list_refuses_impossible_years(data_dir: Path, tmp_path: Path, year) -> None:
    rows = [MODEL_HEADER, ["Mô hình", "Hà Nội", "Quận Đống Đa", year, "registered"]]
    _refused(data_dir, hf.write_csv(tmp_path / "m.csv", rows), "row 2", "year_start")


def test_first_and_last_years_are_accepted(data_dir: Path, tmp_path: Path) -> None:
    first, last = str(limits.FIRST_YEAR), str(limits.last_year())
    rows = [hf.TEMPLATE_HEADER, hf.template_row(period_start=first, period_end=last)]
    result = ingest_file(hf.write_csv(tmp_path / "edge.csv", rows), data_dir)
    assert result.status == "ok", result.problems


# --------------------------------------------------------------------------- many problems
def test_20000_bad_rows_print_the_first_problems_then_a_count(
    data_dir: Path, tmp_path: Path
) -> None:
    rows = [hf.TEMPLATE_HEADER] + [hf.template_row(value=f"x{i}") for i in range(20_000)]
    path = hf.write_csv(tmp_path / "bad20000.csv", rows)
    result = runner.invoke(app, ["ingest", str(path), "--data-dir", str(data_dir)])
    assert result.exit_code == 1
    listed = [line for line in result.output.splitlines() if line.strip().startswith("- ")]
    assert len(listed) == limits.MAX_PROBLEMS_SHOWN
    assert f"… and {20_000 - limits.MAX_PROBLEMS_SHOWN:,} more problem(s)" in result.output
    with appdb.session(data_dir) as s:
        run = s.query(appdb.IngestRun).order_by(appdb.IngestRun.id.desc()).first()
    assert len(run.problems) == limits.MAX_PROBLEMS_KEPT + 1
    assert run.problems[-1].startswith(f"… and {20_000 - limits.MAX_PROBLEMS_KEPT:,} more")


def test_a_batch_with_hostile_files_reads_every_good_file(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    hf.write_csv(folder / "a-good.csv", hf.distinct_rows(2, period_start="2019", period_end="2019"))
    hf.write_csv(folder / "b-huge.csv", [hf.TEMPLATE_HEADER, hf.template_row(value="9" * 40)])
    hf.write_csv(folder / "c-cr.csv", hf.distinct_rows(2, period_start="2018", period_end="2018"))
    (folder / "d-empty.xlsx").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    results = ingest_paths([folder], data_dir, progress=False)
    status = {r.path.name: r.status for r in results}
    assert status == {
        "a-good.csv": "ok",
        "b-huge.csv": "refused",
        "c-cr.csv": "ok",
        "d-empty.xlsx": "refused",
    }
    assert len(Warehouse(data_dir).read("tallies")) == 2 + 2 + 2


def test_a_loader_defect_is_a_refusal_not_a_traceback(data_dir: Path) -> None:
    from data_loaders.ingest import run_loader

    def broken(_harmoniser, _known, _localities):
        return {}["missing"]  # a KeyError, as the SQL loader once raised

    before = hf.warehouse_digest(data_dir)
    result = run_loader(data_dir, Path("broken.csv"), "template", broken)
    assert result.status == "refused" and "please report" in str(result.problems[0])
    assert hf.warehouse_digest(data_dir) == before
