"""Hostile SQL sources, mapping files and report texts (issue 11; issue 10, item 8)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from data_loaders import appdb
from data_loaders.ingest import ingest_paths, ingest_sql
from data_loaders.report_text import extract, extract_file
from data_loaders.storage import limits
from data_loaders.storage.warehouse import Warehouse
from tests import hostile_files as hf

runner = CliRunner()
MAPPING = """kind: tallies
columns:
  province: tinh
  period_start: nam
  period_end: nam
  metric: chi_tieu
  value: so_luong
"""


def _source_db(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("create table t (tinh text, nam text, chi_tieu text, so_luong text)")
        conn.executemany("insert into t values (?, ?, ?, ?)", rows)
    return path


@pytest.fixture
def source(tmp_path: Path) -> tuple[Path, Path]:
    db = _source_db(tmp_path / "src.db", [("Hà Nội", "2022", "models_registered", "5")])
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return db, mapping


def _tables(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]


def test_sql_query_cannot_change_the_source(source, tmp_path: Path) -> None:
    db, mapping = source
    for query in ("DROP TABLE t", "DELETE FROM t RETURNING *", "CREATE TABLE x (a)"):
        result = runner.invoke(
            app,
            ["ingest", "--sql", f"sqlite:///{db}", "--query", query, "--map", str(mapping)]
            + ["--data-dir", str(tmp_path / "data")],
        )
        assert result.exit_code == 1, result.output
        assert "nguồn SQL chỉ cho đọc" in result.output, result.output
        assert "Traceback" not in result.output
    assert _tables(db) == ["t"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from t").fetchone() == (1,)


def test_sql_reads_a_table_read_only(source, tmp_path: Path) -> None:
    db, mapping = source
    result = ingest_sql(f"sqlite:///{db}", mapping, tmp_path / "data", table="t")
    assert (result.status, result.rows_written, result.loader) == ("ok", 1, "sql")


def test_mapping_naming_a_missing_column_is_refused(source, tmp_path: Path) -> None:
    db, mapping = source
    mapping.write_text(MAPPING.replace("so_luong", "so_luong_khong_co"), encoding="utf-8")
    data = tmp_path / "data"
    result = ingest_sql(f"sqlite:///{db}", mapping, data, table="t")
    assert result.status == "refused"
    text = str(result.problems[0])
    assert "column so_luong_khong_co" in text and "does not exist" in text
    with appdb.session(data) as s:
        assert s.query(appdb.IngestRun).one().loader == "sql"


def test_yaml_aliases_are_refused_at_once(source, tmp_path: Path) -> None:
    db, mapping = source
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    mapping.write_text("\n".join(lines) + "\n" + MAPPING + "constants: {note: *i}\n", "utf-8")
    started = time.monotonic()
    result = ingest_sql(f"sqlite:///{db}", mapping, tmp_path / "data", table="t")
    assert time.monotonic() - started < 60  # refused, not expanded (it used to hang)
    assert result.status == "refused"
    assert "aliases (*a) are not allowed" in str(result.problems[0])


@pytest.mark.parametrize("year", ["2203", "1890"])
def test_sql_refuses_impossible_years(tmp_path: Path, year: str) -> None:
    db = _source_db(tmp_path / "y.db", [("Hà Nội", year, "models_registered", "5")])
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    result = ingest_sql(f"sqlite:///{db}", mapping, tmp_path / "data", table="t")
    assert result.status == "refused"
    text = "\n".join(map(str, result.problems))
    assert "row 1" in text and "column period_start" in text and f"year {year} is outside" in text


# --------------------------------------------------------------------------- report texts
def _accept_all(data: Path, path: Path):
    (result,) = ingest_paths([path], data, progress=False, accept_all=True)
    return result


def test_report_figure_of_10_to_the_30_is_refused_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "lon.txt"
    path.write_text(
        "Năm 2022, toàn tỉnh Hậu Giang có 1" + "0" * 30 + " mô hình “Dân vận khéo” được đăng ký.",
        encoding="utf-8",
    )
    _doc, found = extract_file(path)
    assert [c.value for c in found] == [10**30]
    result = _accept_all(tmp_path / "data", path)
    assert result.status == "refused"
    assert "larger than 1,000,000,000" in "\n".join(map(str, result.problems))


@pytest.mark.parametrize("year", ["2007", "2006"])
def test_report_candidate_outside_the_movement_years_is_refused(tmp_path: Path, year) -> None:
    path = tmp_path / "nam.txt"
    path.write_text(
        f"Năm {year}, toàn tỉnh Hậu Giang có 12 mô hình “Dân vận khéo” được đăng ký.",
        encoding="utf-8",
    )
    result = _accept_all(tmp_path / "data", path)
    text = "\n".join(map(str, result.problems))
    assert result.status == "refused", text
    assert "row 1" in text and "column period_start" in text and f"year {year} is outside" in text
    assert not Warehouse(tmp_path / "data").exists("tallies")


def test_800_numbers_in_one_sentence_are_all_read() -> None:
    found = extract(hf.long_sentence(800))
    assert len(found) == 800  # was cubic: more than 120 s


def test_too_many_numbers_in_one_sentence_are_refused_by_line(tmp_path: Path) -> None:
    path = tmp_path / "bang.txt"
    path.write_text("Báo cáo\n\n" + hf.long_sentence(limits.MAX_NUMBERS_PER_SENTENCE + 1), "utf-8")
    result = _accept_all(tmp_path / "data", path)
    assert result.status == "refused"
    text = str(result.problems[0])
    assert "the sentence “Toàn tỉnh có 1 mô hình, 2 mô hình" in text, text
    assert "holds 1,001 numbers" in text and "Traceback" not in text


def test_deeply_nested_html_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "long.html"
    path.write_text(hf.nested_html(20_000), encoding="utf-8")
    with pytest.raises(limits.LimitExceeded, match="nests its elements 20,00[0-9] deep"):
        extract_file(path)


def test_moderately_nested_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.html"
    path.write_text(hf.nested_html(200), encoding="utf-8")
    _doc, found = extract_file(path)
    assert [c.value for c in found] == [371]


def test_docx_inflating_to_1_gib_is_refused_before_parsing(tmp_path: Path) -> None:
    path = hf.docx_inflating(tmp_path / "bom.docx")
    assert path.stat().st_size < 5_000_000
    result = _accept_all(tmp_path / "data", path)
    assert result.status == "refused"
    text = str(result.problems[0])
    assert "word/document.xml" in text and "limit of 256 MiB" in text


def test_text_beyond_the_length_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dai.txt"
    line = "Năm 2022 có 5 mô hình. " * 40 + "\n"
    path.write_text(line * (limits.MAX_TEXT_CHARS // len(line) + 1), encoding="utf-8")
    result = _accept_all(tmp_path / "data", path)
    assert result.status == "refused"
    assert "more than the limit of 12,000,000" in str(result.problems[0])
