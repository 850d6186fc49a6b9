"""Every failure to read an input speaks the user's language: hostile files (made here) are
refused with a Vietnamese message naming the file, the library's English only in the English
variant, and nothing is written."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from dashboard.cli import app
from data_loaders.ingest import commit_plan, ingest_sql, plan_file
from data_loaders.storage import messages
from data_loaders.storage.messages import MESSAGES

HEADER = ["Tỉnh/thành phố", "Địa phương/đơn vị", "Từ năm/ngày", "Đến năm/ngày", "Chỉ tiêu"]
HEADER += ["Số lượng"]
ROW = ["Hà Nội", "Quận Đống Đa", "2022", "2022", "Mô hình đăng ký", "371"]

# Words that mark an English sentence inside a Vietnamese message.
STOP = {
    "the", "is", "not", "expected", "error", "invalid", "line", "column", "file", "cannot",
    "read", "found", "unknown", "must", "row", "sheet", "failed", "missing", "than", "of",
    "no", "such", "unexpected", "value", "zip", "bad", "encrypted", "denied", "permission",
}  # fmt: skip


def english_words(text: str) -> list[str]:
    """The stop-list words of ``text`` (ASCII words only: Vietnamese words carry accents)."""
    return [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in STOP]


def test_the_english_check_finds_english() -> None:
    assert english_words("không đọc được tệp: File is not a zip file") == [
        "File",
        "is",
        "not",
        "zip",
        "file",
    ]
    assert english_words("tệp CSV chứa ký tự rỗng; «CSV UTF-8», Windows-1258") == []


def _filled(template: str) -> str:
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    return template.format(**{f: "X" for f in fields})


def test_every_vietnamese_message_is_free_of_english() -> None:
    found = {
        code: english_words(_filled(vi))
        for table in (MESSAGES, messages.OUTCOMES, messages.KINDS, messages.ROWS_OF)
        for code, (_en, vi) in table.items()
    }
    found.update({f"os:{n}": english_words(vi) for n, (_en, vi) in messages.OS_REASONS.items()})
    assert not {code: words for code, words in found.items() if words}


def _xlsx(path: Path) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(HEADER)
    ws.append(ROW)
    wb.save(path)
    return path.read_bytes()


def truncated(path: Path) -> Path:
    data = _xlsx(path)
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupted(path: Path) -> Path:
    data = bytearray(_xlsx(path))
    middle = len(data) // 3
    data[middle : middle + 200] = b"\0" * 200
    path.write_bytes(bytes(data))
    return path


def encrypted(path: Path) -> Path:
    """What Excel writes for a password-protected workbook: an OLE file, EncryptedPackage."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    path.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64 + b"\x01" * 900)
    return path


def old_xls(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"Workbook" + b"\0" * 900)
    return path


def renamed_html(path: Path) -> Path:
    path.write_text("<!DOCTYPE html><html><body><table><tr><td>371</td></tr></table></body></html>")
    return path


def renamed_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def ragged_csv(path: Path) -> Path:
    lines = [",".join(HEADER), ",".join(ROW), ",".join(ROW) + ",thừa"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks, apart in cp1258


def to_cp1258(text: str) -> bytes:
    """``text`` as Vietnamese Windows (cp1258) writes it: base letters, tone marks apart."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            split = unicodedata.normalize("NFD", char)
            tone = "".join(c for c in split if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in split if c not in TONES))
            out += (base + tone).encode("cp1258")
    return out


def windows_1258_csv(path: Path) -> Path:
    path.write_bytes(to_cp1258("\n".join([",".join(HEADER), ",".join(ROW)]) + "\n"))
    return path


def cp1252_csv(path: Path) -> Path:
    row = ["Ha Noi", "Café Đống Đa"[:4], "2022", "2022", "Mo hinh", "3"]
    text = ",".join(["Tinh", "Dia phuong", "Tu", "Den", "Chi tieu", "So luong"]) + "\n"
    path.write_bytes((text + ",".join(row) + "\n").encode("cp1252"))
    return path


def truncated_docx(path: Path) -> Path:
    path.write_bytes(_xlsx(path.with_suffix(".xlsx"))[:400])
    return path


def broken_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4 nothing more")
    return path


CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("bieu_mau.xlsx", truncated, "bị hỏng hoặc không trọn vẹn"),
    ("bieu_mau.xlsx", corrupted, "bị hỏng hoặc không trọn vẹn"),
    ("bieu_mau.xlsx", encrypted, "khoá bằng mật khẩu"),
    ("bieu_mau.xlsx", old_xls, "định dạng Excel hay Word cũ"),
    ("bieu_mau.xlsx", renamed_html, "trang web (HTML) nhưng mang đuôi .xlsx"),
    ("bieu_mau.xlsx", renamed_pdf, "tệp PDF nhưng mang đuôi .xlsx"),
    ("bieu_mau.xlsx", empty, "tệp trống"),
    ("bieu_mau.csv", empty, "tệp trống"),
    ("bieu_mau.csv", renamed_pdf, "tệp PDF nhưng mang đuôi .csv"),
    ("bieu_mau.csv", ragged_csv, "nằm ở cột không có tiêu đề"),
    ("bieu_mau.csv", windows_1258_csv, "không phải văn bản UTF-8"),
    ("bieu_mau.csv", cp1252_csv, "không phải văn bản UTF-8"),
    ("bao_cao.docx", truncated_docx, "bị hỏng hoặc không trọn vẹn"),
    ("bao_cao.docx", renamed_html, "trang web (HTML) nhưng mang đuôi .docx"),
    ("bao_cao.docx", empty, "tệp trống"),
    ("bao_cao.pdf", broken_pdf, "bị hỏng hoặc không trọn vẹn"),
]


@pytest.mark.parametrize(("name", "make", "words"), CASES, ids=[m.__name__ for _, m, _ in CASES])
def test_a_hostile_file_is_refused_in_vietnamese_and_nothing_is_written(
    tmp_path: Path, name: str, make: Callable[[Path], Path], words: str
) -> None:
    path = make(tmp_path / name)
    data = tmp_path / "data"
    plan = plan_file(path, data)
    assert plan.blocking and plan.problems
    first = plan.problems[0]
    assert first.vi().startswith(name), first.vi()
    assert words in first.vi(), first.vi()
    assert not english_words(first.message_vi or ""), first.vi()
    assert "Error" not in first.vi() and "Traceback" not in first.vi()
    result = commit_plan(plan, data)
    assert result.refused
    assert not list(data.glob("*.parquet")) and not (data / "history").exists()


def test_the_offending_bytes_and_row_of_a_windows_1258_csv_are_shown(tmp_path: Path) -> None:
    plan = plan_file(windows_1258_csv(tmp_path / "so_lieu.csv"), tmp_path / "data")
    first = plan.problems[0]
    assert first.row == 1  # the header row, shown as Windows-1258 would show it
    assert "byte 3: «Tỉnh/thành phố,Địa phương/đơn»" in first.vi(), first.vi()
    assert "CSV UTF-8" in first.vi()


def test_the_cli_says_it_in_vietnamese_and_in_english_with_lang_en(tmp_path: Path) -> None:
    path = renamed_html(tmp_path / "bieu_mau.xlsx")
    runner = CliRunner()
    args = ["ingest", str(path), "--data-dir", str(tmp_path / "data")]
    vi = runner.invoke(app, args)
    en = runner.invoke(app, [*args, "--lang", "en"])
    assert vi.exit_code == en.exit_code == 1
    assert "trang web (HTML) nhưng mang đuôi .xlsx" in vi.output
    assert "the file is a web page (HTML) named .xlsx" in en.output


def test_a_damaged_workbook_keeps_the_library_words_in_english_only(tmp_path: Path) -> None:
    plan = plan_file(corrupted(tmp_path / "bieu_mau.xlsx"), tmp_path / "data")
    first = plan.problems[0]
    assert "(" in str(first) and "damaged or incomplete" in str(first)
    assert "Error" not in first.vi() and "zip" not in first.vi()


MAPPING = "kind: tallies\ncolumns:\n  value: so_luong\n"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("kind: bang\ncolumns: {value: so_luong}\n", "mục kind phải là tallies (số liệu)"),
        ("kind: tallies\ncolumns: {gia_tri: so_luong}\n", "«gia_tri» không phải cột chuẩn"),
        ("kind: tallies\ncolumns: [1, 2\n", "sai cú pháp YAML (dòng"),
        ("- a\n- b\n", "phải gồm các cặp khoá: giá trị"),
        ("kind: tallies\ncolumns: {}\n", "mục columns của tệp ánh xạ đang trống"),
    ],
)
def test_sql_mapping_errors_are_vietnamese(tmp_path: Path, text: str, words: str) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text, encoding="utf-8")
    result = ingest_sql("sqlite:///nothing.db", mapping, tmp_path / "data", table="t")
    first = result.problems[0]
    assert result.refused and words in first.vi(), first.vi()
    said = (first.message_vi or "").split("chấp nhận")[0]  # accepted: the mapping's own keys
    assert first.vi().startswith("map.yaml") and not english_words(said)


def test_a_missing_sqlite_database_is_said_in_vietnamese(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    result = ingest_sql(f"sqlite:///{tmp_path / 'khong.db'}", mapping, tmp_path / "data", table="t")
    assert result.refused and "không có cơ sở dữ liệu SQLite" in result.problems[0].vi()


def _template(path: Path, places: list[tuple[str, str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(HEADER)
    for year, (province, locality) in enumerate(places, start=2019):
        ws.append([province, locality, str(year), str(year), "Mô hình đăng ký", "5"])
    wb.save(path)
    return path


def test_accent_and_case_variants_of_a_place_are_recognised(tmp_path: Path) -> None:
    places = [("Hà Nội", "Dống Đa"), ("Hai Phong", ""), ("Hà Nội", "Q. Đống Đa"), ("HÀ NỘI", "")]
    plan = plan_file(_template(tmp_path / "bien_the.xlsx", places), tmp_path / "data")
    assert not plan.problems, [p.vi() for p in plan.problems]


def test_a_misspelt_place_gets_up_to_three_suggestions(tmp_path: Path) -> None:
    from dashboard import import_logic

    places = [("Hà Nội", "Quận Đốngg Đa"), ("Hai Phongg", ""), ("", "Q. Dongg Da")]
    places.append(("Hà Nội", "Đốngg Đa"))
    path = _template(tmp_path / "sai_ten.xlsx", places)
    plan = plan_file(path, tmp_path / "data")
    said = {p.row: p.vi() for p in plan.problems}
    assert said[2] == (
        "sai_ten.xlsx, dòng 2, cột «Địa phương/đơn vị»: «Quận Đốngg Đa» không phải tên một "
        "đơn vị hành chính đã biết. Có phải «Quận Đống Đa, Thành phố Hà Nội» không?"
    )  # within the row's province, of the type it names: one unit only
    assert "Có phải «Thành phố Hải Phòng» không?" in said[3]  # a province: provinces only
    assert said[4].endswith("Có phải «Quận Đống Đa, Thành phố Hà Nội» không?")  # "Q.": quận
    assert said[5].endswith(  # no type named: both units of that name in the province
        "Có phải «Quận Đống Đa, Thành phố Hà Nội» hay «Phường Đống Đa, Thành phố Hà Nội» không?"
    )
    english = {p.row: str(p) for p in plan.problems}
    assert "did you mean «Thành phố Hải Phòng»?" in english[3]
    rows = import_logic.problem_rows(path, plan.problems)  # the correction grid says it too
    grid = dict(zip(rows[import_logic.ROW_COLUMN], rows[import_logic.PROBLEM_COLUMN]))
    assert "Có phải «Quận Đống Đa, Thành phố Hà Nội» không?" in grid[2]


def test_a_name_like_nothing_gets_no_suggestion(tmp_path: Path) -> None:
    plan = plan_file(_template(tmp_path / "x.xlsx", [("", "Xyzqwv")]), tmp_path / "data")
    assert plan.problems[0].message_vi == (
        "«Xyzqwv» không phải tên một đơn vị hành chính đã biết (ghi đủ loại đơn vị: "
        "Xã, Phường, Quận, Huyện, Tỉnh …)"
    )


def test_suggestions_stop_after_many_distinct_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of thousands of unknown names (a wrong column) is not slowed by suggestions."""
    from data_loaders.reference.localities import Harmoniser
    from data_loaders.sources import suggest

    monkeypatch.setattr(suggest, "MAX_QUERIES", 2)
    harmoniser = Harmoniser()
    assert suggest.close_units(harmoniser, "Quận Đốngg Đa", "Hà Nội")
    assert suggest.close_units(harmoniser, "Hai Phongg", tier="province")
    assert suggest.close_units(harmoniser, "Ba Dinhh", "Hà Nội") == []  # the third: none
    assert suggest.close_units(harmoniser, "Hai Phongg", tier="province")  # asked before: kept


def test_a_model_list_with_a_misspelt_place_gets_the_suggestion(tmp_path: Path) -> None:
    from tests.import_files import MODEL_LIST

    path = tmp_path / "mo_hinh.csv"
    path.write_text(MODEL_LIST.replace("Hà Nội,Quận Đống Đa,Q", "Hà Nội,Quận Đốngg Đa,Q"), "utf-8")
    plan = plan_file(path, tmp_path / "data")
    (first,) = plan.problems
    assert first.row == 3 and first.vi().endswith(
        "«Quận Đốngg Đa» không phải tên một đơn vị hành chính đã biết. "
        "Có phải «Quận Đống Đa, Thành phố Hà Nội» không?"
    ), first.vi()
