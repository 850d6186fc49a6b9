"""Reading report files: one test per input format, with files the tests write themselves."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from data_loaders.report_text import Document, extract_file, read_document

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BODY = (
    "Năm 2022, toàn quận có 181 tập thể và 176 cá nhân đăng ký thực hiện với tổng số 371 mô hình "
    "“Dân vận khéo”."
)
SECOND = (
    "Ban Thường vụ Quận ủy đã tặng Giấy khen cho 6 tập thể và 4 cá nhân có thành tích xuất sắc "
    "trong phong trào thi đua “Dân vận khéo” năm 2022."
)
EXPECTED = [
    (181, "registrants"),
    (176, "registrants"),
    (371, "models_registered"),
    (6, "commendations"),
    (4, "commendations"),
]


def _found(path: Path) -> tuple[Document, list[tuple[int, str]]]:
    document, candidates = extract_file(path)
    return document, [(c.value, c.metric) for c in candidates]


def test_txt(tmp_path: Path) -> None:
    path = tmp_path / "dong-da.txt"
    data = f"Quận Đống Đa: Lan tỏa các mô hình “Dân vận khéo”\n\n{BODY}\n\n{SECOND}\n"
    path.write_text(data, encoding="utf-8")
    document, found = _found(path)
    assert document.format == "txt"
    assert document.title == "Quận Đống Đa: Lan tỏa các mô hình “Dân vận khéo”"
    assert document.text == f"{BODY}\n\n{SECOND}"
    assert document.file_name == "dong-da.txt"
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert found == EXPECTED
    assert {c.locality for c in extract_file(path)[1]} == {"Quận Đống Đa"}


def test_txt_in_utf16_with_a_formal_dateline(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.txt"
    text = "BAN DÂN VẬN\nHòa Bình, ngày 20 tháng 6 năm 2022\n\nToàn tỉnh có 4.266 mô hình."
    path.write_bytes(text.encode("utf-16"))
    document = read_document(path)
    assert document.published == date(2022, 6, 20)
    assert document.text.endswith("Toàn tỉnh có 4.266 mô hình.")


HTML = f"""<!doctype html>
<html lang="vi"><head>
<title>Quận Đống Đa: Lan tỏa các mô hình Dân vận khéo - Báo Hà Nội</title>
<meta property="article:published_time" content="2022-10-26T08:15:00+07:00">
<script>var views = 1234; trackPage("Năm 2021 có 999 mô hình");</script>
<style>.menu {{ color: red }}</style>
</head><body>
<header><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></header>
<nav class="main-menu"><ul><li><a href="/a">Chính trị</a></li>
<li><a href="/b">Xã hội</a></li></ul></nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/cs">Chính sách</a></div>
<div id="main">
  <div class="article-detail">
    <h1>Quận Đống Đa: Lan tỏa các mô hình “Dân vận khéo”</h1>
    <div class="meta">Thứ Tư, 26/10/2022 08:15 <span class="view-count">Lượt xem: 1.234</span></div>
    <p>{BODY}</p>
    <p>{SECOND}</p>
    <p>Lượt xem: 5.678</p>
    <div class="share">Chia sẻ Facebook Zalo</div>
  </div>
  <div class="related-news"><h3>Tin liên quan</h3><ul>
    <li><a href="/x">Quận Hoàn Kiếm công nhận 50 mô hình Dân vận khéo</a></li>
    <li><a href="/y">Ba Đình có 120 mô hình Dân vận khéo năm 2021</a></li></ul></div>
</div>
<aside><h3>Đọc nhiều</h3><a href="/z">Hà Nội có 4.358 mô hình</a></aside>
<footer>Bản quyền © Báo Hà Nội. Giấy phép số 123/GP-BTTTT.</footer>
</body></html>"""


def test_html_keeps_the_article_and_drops_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "dong-da.html"
    path.write_text(HTML, encoding="utf-8")
    document, found = _found(path)
    assert document.format == "html"
    assert document.title == "Quận Đống Đa: Lan tỏa các mô hình “Dân vận khéo”"
    assert document.published == date(2022, 10, 26)
    for noise in ("Trang chủ", "Lượt xem", "Chia sẻ", "Tin liên quan", "Hoàn Kiếm", "Bản quyền",
                  "trackPage", "Đọc nhiều", "4.358"):  # fmt: skip
        assert noise not in document.text, noise
    assert BODY in document.text and SECOND in document.text
    assert found == EXPECTED


def test_html_date_near_the_top_when_there_is_no_meta_tag(tmp_path: Path) -> None:
    path = tmp_path / "tin.htm"
    page = (
        "<html><body><div class='menu'><a href='/'>Trang chủ</a></div><div class='content'>"
        "<h1>Toàn tỉnh có 1.432 mô hình</h1><p class='date'>22/12/2023</p>"
        f"<p>{BODY}</p></div></body></html>"
    )
    path.write_text(page, encoding="utf-8")
    document = read_document(path)
    assert document.title == "Toàn tỉnh có 1.432 mô hình"
    assert document.published == date(2023, 12, 22)


def test_docx_paragraphs_and_table_cells(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "bao-cao.docx"
    word = docx.Document()
    word.core_properties.title = "Báo cáo phong trào “Dân vận khéo” năm 2022"
    word.add_paragraph("Đống Đa, ngày 26 tháng 10 năm 2022")
    word.add_paragraph(BODY)
    word.add_paragraph(SECOND)
    table = word.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [("Nội dung", "Số lượng"), ("Số mô hình được công nhận cấp quận", "19"), ("", "")],
    ):
        row.cells[0].text, row.cells[1].text = label, value
    word.save(path)
    document, found = _found(path)
    assert document.format == "docx"
    assert document.title == "Báo cáo phong trào “Dân vận khéo” năm 2022"
    assert document.published == date(2022, 10, 26)
    assert "Số mô hình được công nhận cấp quận | 19" in document.text
    assert found == [*EXPECTED, (19, "models_recognized")]


def _pdf(path: Path, paragraphs: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(4)
    pdf.output(str(path))


@pytest.mark.skipif(not DEJAVU.exists(), reason=f"Unicode TTF font {DEJAVU} is not installed")
def test_pdf_with_a_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.pdf"
    _pdf(path, ["Đống Đa, ngày 26 tháng 10 năm 2022", BODY, SECOND])
    document, found = _found(path)
    assert document.format == "pdf"
    assert document.published == date(2022, 10, 26)
    assert "181 tập thể và 176 cá nhân" in document.text
    assert found == EXPECTED


def test_pdf_without_a_text_layer_is_refused_by_name(tmp_path: Path) -> None:
    from fpdf import FPDF

    path = tmp_path / "scan.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # an image-like page: no text at all
    pdf.output(str(path))
    with pytest.raises(ValueError, match=r"scan\.pdf: the PDF has no text layer"):
        read_document(path)


@pytest.mark.parametrize("name", ["bang-tinh.xlsx", "anh.png", "ghi-chu"])
def test_unsupported_formats_are_refused_by_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x00\x01 not a report")
    with pytest.raises(ValueError, match=rf"{name}: unsupported format"):
        read_document(path)


def test_broken_docx_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match=r"hong\.docx: not a readable DOCX file"):
        read_document(path)


def test_html_sidebar_next_to_the_article_is_not_the_article(tmp_path: Path) -> None:
    path = tmp_path / "yen-binh.html"
    path.write_text(
        "<html><body><div class='wrap'><div class='left'><h1>Yên Bình có 336 mô hình</h1>"
        "<p>Năm 2023, toàn huyện Yên Bình có 336 mô hình “Dân vận khéo” được xây dựng.</p>"
        "<p>Nhiều mô hình mang lại hiệu quả rõ nét cho người dân các xã, thị trấn.</p></div>"
        "<div class='right'><p>Lục Yên có 305 mô hình sau mười năm thực hiện phong trào.</p>"
        "</div></div></body></html>",
        encoding="utf-8",
    )
    document, found = _found(path)
    assert "Lục Yên" not in document.text
    assert found == [(336, "models_registered")]
