"""Tables wider than two columns in DOCX and HTML reports: each number keeps its row and column.

The documents are made by the tests (python-docx; HTML written here) and read through
``read_document`` and ``extract``, as ``dvk extract`` does.
"""

from __future__ import annotations

from pathlib import Path

from data_loaders.report_text import extract
from data_loaders.report_text.readers import read_document

DVK = "“Dân vận khéo”"
TITLE = f"Báo cáo kết quả phong trào thi đua {DVK} năm 2023"
LEAD = f"Năm 2023, phong trào thi đua {DVK} của huyện Trấn Yên đạt nhiều kết quả."

FIELD_BY_COUNT = [
    ["TT", "Lĩnh vực", "Số mô hình đăng ký", "Số mô hình được công nhận"],
    ["1", "Kinh tế", "120", "45"],
    ["2", "Văn hóa - xã hội", "80", "30"],
    ["", "Tổng cộng", "200", "75"],
]
UNIT_BY_COUNT = [
    ["Đơn vị", "Số mô hình đăng ký", "Tập thể được khen thưởng", "Cá nhân được khen thưởng"],
    ["Xã Minh Quân", "15", "3", "2"],
    ["Xã Hưng Khánh", "9", "1", "4"],
]
UNIT_BY_FIELD = [
    ["Đơn vị", "Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh"],
    ["Xã Y Can", "6", "5", "2"],
    ["Xã Vân Hội", "4", "3", "1"],
]
UNIT_BY_FIELD_CAPTION = f"Số mô hình {DVK} được công nhận năm 2023 phân theo lĩnh vực:"

EXPECTED_FIELD_BY_COUNT = [
    (120, "models_registered", "economy", "Huyện Trấn Yên"),
    (45, "models_recognized", "economy", "Huyện Trấn Yên"),
    (80, "models_registered", "culture_society", "Huyện Trấn Yên"),
    (30, "models_recognized", "culture_society", "Huyện Trấn Yên"),
    (200, "models_registered", "all", "Huyện Trấn Yên"),
    (75, "models_recognized", "all", "Huyện Trấn Yên"),
]
EXPECTED_UNIT_BY_COUNT = [
    (15, "models_registered", "all", "Xã Minh Quân"),
    (3, "commendations", "all", "Xã Minh Quân"),
    (2, "commendations", "all", "Xã Minh Quân"),
    (9, "models_registered", "all", "Xã Hưng Khánh"),
    (1, "commendations", "all", "Xã Hưng Khánh"),
    (4, "commendations", "all", "Xã Hưng Khánh"),
]
EXPECTED_UNIT_BY_FIELD = [
    (6, "models_recognized", "economy", "Xã Y Can"),
    (5, "models_recognized", "culture_society", "Xã Y Can"),
    (2, "models_recognized", "defense_security", "Xã Y Can"),
    (4, "models_recognized", "economy", "Xã Vân Hội"),
    (3, "models_recognized", "culture_society", "Xã Vân Hội"),
    (1, "models_recognized", "defense_security", "Xã Vân Hội"),
]


def _found(path: Path) -> list[tuple[object, ...]]:
    document = read_document(path)
    found = extract(
        document.text, title=document.title, published=document.published, outlet="Báo Yên Bái"
    )
    return [(c.value, c.metric, c.field, c.locality) for c in found]


def _docx(path: Path, table: list[list[str]], caption: str = "") -> Path:
    import docx

    word = docx.Document()
    word.core_properties.title = TITLE
    word.add_paragraph(LEAD)
    if caption:
        word.add_paragraph(caption)
    grid = word.add_table(rows=len(table), cols=len(table[0]))
    for row, values in zip(grid.rows, table, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    word.save(path)
    return path


def _html(path: Path, table: list[list[str]], caption: str = "") -> Path:
    head = "".join(f"<th>{c}</th>" for c in table[0])
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in table[1:])
    page = (
        f"<html><head><title>{TITLE}</title></head><body>"
        "<nav><a href='/'>Trang chủ</a> <a href='/tin'>Tin tức</a></nav>"
        f"<div class='detail'><h1>{TITLE}</h1><p>{LEAD}</p>"
        + (f"<p>{caption}</p>" if caption else "")
        + f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        "<div class='related'><a href='/a'>Tin liên quan: 12 mô hình ở xã khác</a></div>"
        "</body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


def test_docx_field_by_count_table(tmp_path: Path) -> None:
    assert _found(_docx(tmp_path / "a.docx", FIELD_BY_COUNT)) == EXPECTED_FIELD_BY_COUNT


def test_docx_unit_by_count_table(tmp_path: Path) -> None:
    assert _found(_docx(tmp_path / "b.docx", UNIT_BY_COUNT)) == EXPECTED_UNIT_BY_COUNT


def test_docx_unit_by_field_table_counts_what_its_caption_says(tmp_path: Path) -> None:
    path = _docx(tmp_path / "c.docx", UNIT_BY_FIELD, UNIT_BY_FIELD_CAPTION)
    assert _found(path) == EXPECTED_UNIT_BY_FIELD


def test_html_field_by_count_table(tmp_path: Path) -> None:
    assert _found(_html(tmp_path / "a.html", FIELD_BY_COUNT)) == EXPECTED_FIELD_BY_COUNT


def test_html_unit_by_count_table(tmp_path: Path) -> None:
    assert _found(_html(tmp_path / "b.html", UNIT_BY_COUNT)) == EXPECTED_UNIT_BY_COUNT


def test_html_unit_by_field_table_counts_what_its_caption_says(tmp_path: Path) -> None:
    path = _html(tmp_path / "c.html", UNIT_BY_FIELD, UNIT_BY_FIELD_CAPTION)
    assert _found(path) == EXPECTED_UNIT_BY_FIELD


def test_html_table_cell_spanning_columns_keeps_the_columns_aligned(tmp_path: Path) -> None:
    page = (
        f"<html><body><div><p>{LEAD}</p><p>{UNIT_BY_FIELD_CAPTION}</p><table>"
        "<tr><th rowspan='1'>Đơn vị</th><th>Kinh tế</th><th>Văn hóa - xã hội</th></tr>"
        "<tr><td>Xã Y Can</td><td>6</td><td>5</td></tr>"
        "<tr><td colspan='1'>Xã Vân Hội</td><td>4</td><td>3</td></tr>"
        "</table></div></body></html>"
    )
    path = tmp_path / "d.html"
    path.write_text(page, encoding="utf-8")
    assert _found(path) == [t for t in EXPECTED_UNIT_BY_FIELD if t[2] != "defense_security"]


def test_a_row_of_a_unit_missing_from_the_localities_table_is_flagged_not_given_away(
    tmp_path: Path,
) -> None:
    table = [UNIT_BY_COUNT[0], ["Xã Minh Quân", "15", "3", "2"], ["Xã Đào Thịnh Tây", "9", "", ""]]
    document = read_document(_docx(tmp_path / "e.docx", table))
    found = extract(document.text, title=document.title, outlet="Báo Yên Bái")
    row = [c for c in found if c.value == 9]
    assert [(c.locality, c.flags[0]) for c in row] == [
        (None, "locality not found in the localities table: Xã Đào Thịnh Tây")
    ]


def test_an_html_grid_of_huge_spans_is_read_as_plain_text_not_multiplied(tmp_path: Path) -> None:
    header = "<tr><th>Đơn vị</th>" + "<th colspan='50'>Kinh tế</th>" * 250 + "</tr>"
    body = "<tr><td>Xã Y Can</td>" + "<td colspan='50'>5</td>" * 250 + "</tr>"
    page = f"<html><body><div><p>{LEAD}</p><table>{header}{body}</table></div></body></html>"
    path = tmp_path / "wide.html"
    path.write_text(page, encoding="utf-8")
    text = read_document(path).text  # not one sentence per spanned column
    assert len(text) < 20_000
