"""A data directory that cannot be written (full disk, read-only), and `dvk check` after crashes.

Real failures, no mocks: a small tmpfs filled up (``mount -t tmpfs``, needs root) gives a real
ENOSPC, and the same tmpfs remounted read-only gives a real EROFS. Where mounting is not
allowed, the disk-full case runs in a subprocess whose file-size limit (RLIMIT_FSIZE) makes
the warehouse write fail with EFBIG, and the read-only case is skipped.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from data_loaders import appdb
from data_loaders.ingest import ingest_file, ingest_paths
from data_loaders.storage.warehouse import JOURNAL, Warehouse
from tests import hostile_files as hf

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def _big_rows(n: int) -> list[list[str]]:
    """``n`` distinct rows with notes that do not compress (a warehouse of some 100s of KB)."""
    header = [*hf.TEMPLATE_HEADER, "note"]
    notes = (hashlib.sha256(str(i).encode()).hexdigest() for i in range(n))
    return [header] + [[*hf.template_row(), note] for note in notes]


def _mount(target: Path, size: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path | None]:
    """A 20 MB tmpfs (None where mounting is not allowed)."""
    target = tmp_path / "mnt"
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and _mount(target, "20m")):
        yield None
        return
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def _last_run(data: Path) -> appdb.IngestRun:
    with appdb.session(data) as s:
        return s.query(appdb.IngestRun).order_by(appdb.IngestRun.id.desc()).first()


def test_full_disk_refuses_cleanly_and_keeps_the_warehouse(tmpfs, tmp_path: Path) -> None:
    base = tmpfs if tmpfs is not None else tmp_path
    data = base / "data"
    first = ingest_file(hf.write_csv(tmp_path / "big.csv", _big_rows(8000)), data)
    assert first.status == "ok", first.problems
    table_size = Warehouse(data).path("tallies").stat().st_size
    assert table_size > 200_000
    new_file = hf.write_csv(tmp_path / "new.csv", hf.distinct_rows(2, period_start="2020"))
    before = hf.warehouse_digest(data)
    if tmpfs is not None:
        free = os.statvfs(tmpfs).f_bavail * os.statvfs(tmpfs).f_frsize
        (tmpfs / "filler").write_bytes(b"\0" * (free - 120_000))  # less than one table
        result = runner.invoke(app, ["ingest", str(new_file), "--data-dir", str(data)])
        assert result.exit_code == 1, result.output
        assert "No space left on device" in result.output
        assert "nothing was stored" in result.output and "Traceback" not in result.output
        run = _last_run(data)  # the run is in the ledger
        assert run.status == "failed" and run.path == str(new_file)
    else:  # no mount: a file-size limit makes the table write fail (EFBIG) in a subprocess
        code = (
            "import resource, signal, sys; from pathlib import Path; "
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({table_size // 2}, {table_size // 2})); "
            "from data_loaders.ingest import ingest_file; "
            "r = ingest_file(Path(sys.argv[1]), Path(sys.argv[2])); "
            "print(r.status); print(r.problems[0])"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(new_file), str(data)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=300,
        )
        assert done.stdout.startswith("failed"), done.stderr
        assert "cannot be written" in done.stdout
    assert hf.warehouse_digest(data) == before
    assert not list(Warehouse(data).root.glob("*.tmp"))


def test_read_only_data_dir_refuses_and_says_which_files_were_not_read(
    tmpfs, tmp_path: Path
) -> None:
    if tmpfs is None:
        pytest.skip("mounting a tmpfs is not allowed here (needs root)")
    data = tmpfs / "data"
    first = hf.write_csv(tmp_path / "a.csv", hf.distinct_rows(2))
    code = "import sys; from data_loaders.ingest import ingest_file; ingest_file(*sys.argv[1:])"
    subprocess.run(  # in another process: no file of the tmpfs stays open here
        [sys.executable, "-c", code, str(first), str(data)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        timeout=300,
    )
    before = hf.warehouse_digest(data)
    folder = tmp_path / "batch"
    folder.mkdir()
    hf.write_csv(folder / "1.csv", hf.distinct_rows(2, period_start="2019", period_end="2019"))
    hf.write_csv(folder / "2.csv", hf.distinct_rows(2, period_start="2018", period_end="2018"))
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    result = runner.invoke(app, ["ingest", str(folder), "--data-dir", str(data)])
    assert result.exit_code == 1, result.output
    assert "Read-only file system" in result.output and "Traceback" not in result.output
    assert "1 file(s) not read" in result.output and "2.csv" in result.output
    results = ingest_paths([folder], data, progress=False)
    assert [r.status for r in results] == ["failed", "not read"]
    assert hf.warehouse_digest(data) == before


# --------------------------------------------------------------------------- dvk check
def _crashed_write(data: Path, crash_at: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DVK_TEST_CRASH_AT": crash_at}
    code = (
        "import sys; from pathlib import Path; from data_loaders.ingest import ingest_file; "
        "ingest_file(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    path = hf.write_csv(tmp_path / "second.csv", hf.distinct_rows(3, period_start="2021"))
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(data)], env=env, timeout=300, check=False
    )
    assert done.returncode == 97


def test_check_completes_a_pending_write_and_does_not_report_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_file(hf.write_csv(tmp_path / "a.csv", hf.distinct_rows(2)), data)
    _crashed_write(data, "after_journal", tmp_path)
    assert (Warehouse(data).root / JOURNAL).exists()
    result = runner.invoke(app, ["check", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "repaired: an interrupted write was completed" in result.output
    assert "is pending" not in result.output and "problem" not in result.output
    assert len(Warehouse(data).read("tallies")) == 2 + 3


def test_check_reports_stray_temporary_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_file(hf.write_csv(tmp_path / "a.csv", hf.distinct_rows(2)), data)
    _crashed_write(data, "after_tmp_tallies", tmp_path)
    strays = sorted(p.name for p in Warehouse(data).root.glob("*.parquet.tmp"))
    assert strays == ["tallies.parquet.tmp"]
    from data_loaders.storage.check import check

    _, problems = check(data)
    assert any("tallies.parquet.tmp" in p for p in problems), problems
    result = runner.invoke(app, ["check", "--data-dir", str(data)])
    assert "tallies.parquet.tmp" in result.output
    assert not list(Warehouse(data).root.glob("*.parquet.tmp"))
    assert len(Warehouse(data).read("tallies")) == 2


# --------------------------------------------------------------------------- ledger
def test_ledger_records_the_real_loader(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rows = [["model_name", "province", "locality", "year_start"]]
    rows += [["Mô hình A", "Hà Nội", "Quận Đống Đa", "2022"]]
    ingest_file(hf.write_csv(tmp_path / "models.csv", rows), data)
    assert _last_run(data).loader == "model_list"
    ingest_file(hf.write_csv(tmp_path / "t.csv", hf.distinct_rows(1)), data)
    assert _last_run(data).loader == "template"
    report = tmp_path / "bao-cao.txt"
    report.write_text("Năm 2022, toàn quận Đống Đa có 371 mô hình “Dân vận khéo”.", "utf-8")
    ingest_paths([report], data, progress=False, accept_all=True)
    assert _last_run(data).loader == "report_text"
    shutil.rmtree(data)
