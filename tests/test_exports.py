"""Export builders: each format opened by its own library, with titles, figures and sources."""

from __future__ import annotations

import io
from zipfile import ZipFile

import pandas as pd
import plotly.express as px
import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from dashboard.exports import ExportView, SourceRef
from dashboard.exports.documents import deck_pptx, report_pdf, speech_docx, speech_text
from dashboard.exports.images import render
from dashboard.exports.tables import to_csv, to_xlsx

pytestmark = pytest.mark.xdist_group("kaleido")


@pytest.fixture(scope="module")
def view() -> ExportView:
    table = pd.DataFrame(
        {
            "Địa phương": ["Thành phố Hải Phòng", "Quận Đống Đa", '=HYPERLINK("x")', "@SUM(A1)"],
            "Số mô hình": [2084, 371, 23, 5],
            "Tỷ lệ": [0.8, 0.14, 0.05, 0.01],
        }
    )
    fig = px.bar(table, x="Địa phương", y="Số mô hình")
    return ExportView(
        "Mô hình “Dân vận khéo” đăng ký năm 2022",
        table,
        unit="mô hình",
        filters=[("Năm", "2022"), ("Chỉ tiêu", "Mô hình đăng ký")],
        sources=[
            SourceRef(
                "haiphong-2022",
                "Biểu dương mô hình “Dân vận khéo” tiêu biểu",
                "Cổng TTĐT thành phố Hải Phòng",
                None,
                "2022-12-20",
            ),
            SourceRef(
                "dongda-2022",
                "Quận Đống Đa: Lan tỏa các mô hình",
                "Báo Hà Nội",
                "https://example.vn/dongda",
                "2022-10-26",
            ),
        ],
        figure=fig,
        key_numbers=["Thành phố Hải Phòng: 2.084 mô hình"],
        number_formats={"Tỷ lệ": "pct"},
    )


def test_csv_has_bom_and_neutralises_formulas(view: ExportView) -> None:
    data = to_csv(view)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Thành phố Hải Phòng,2084" in text
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    assert "\n=" not in text and "\n@" not in text


def test_xlsx_sheets_formats_sources_filters(view: ExportView) -> None:
    wb = load_workbook(io.BytesIO(to_xlsx(view)))
    assert wb.sheetnames[-2:] == ["Nguồn", "Bộ lọc"]
    ws = wb[wb.sheetnames[0]]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["Địa phương", "Số mô hình", "Tỷ lệ"]
    assert ws["B2"].value == 2084 and ws["B2"].number_format == "#,##0"
    assert ws["C2"].number_format == "0.0%"
    assert ws["A4"].value.startswith("'=")
    sources = [[c.value for c in row] for row in wb["Nguồn"].iter_rows(min_row=2)]
    assert sources[0][:3] == [
        "haiphong-2022",
        "Biểu dương mô hình “Dân vận khéo” tiêu biểu",
        "Cổng TTĐT thành phố Hải Phòng",
    ]
    assert sources[0][4] == "20/12/2022"
    filters = [[c.value for c in row] for row in wb["Bộ lọc"].iter_rows(min_row=2)]
    assert ["Mô hình “Dân vận khéo” đăng ký năm 2022", "Năm", "2022"] in filters


@pytest.mark.slow
def test_png_and_svg_carry_title_filters_sources(view: ExportView) -> None:
    png = render(view, "png")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width >= 1600
    svg = render(view, "svg").decode("utf-8")
    assert "Dân vận khéo" in svg and "mô hình" in svg
    assert "Năm: 2022" in svg and "Biểu dương mô hình" in svg


def test_speech_kit_docx_and_text() -> None:
    sentences = [
        "Năm 2022, Thành phố Hải Phòng có 2.084 mô hình “Dân vận khéo” đăng ký "
        "(nguồn: Cổng TTĐT thành phố Hải Phòng, 20/12/2022)."
    ]
    doc = Document(io.BytesIO(speech_docx("Số liệu cho bài phát biểu", sentences, "Hải Phòng")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Số liệu cho bài phát biểu" and sentences[0] in texts
    plain = speech_text("Số liệu cho bài phát biểu", sentences, "Hải Phòng")
    assert "2.084" in plain and "Phạm vi: Hải Phòng" in plain


@pytest.mark.slow
def test_deck_and_pdf(view: ExportView) -> None:
    def images(v: ExportView) -> bytes:
        return render(v, "png")

    prs = Presentation(io.BytesIO(deck_pptx([view], "Toàn quốc, năm 2022", images)))
    slides = list(prs.slides)
    assert len(slides) == 4  # title, chart, table, sources
    texts = [
        "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides
    ]
    assert "Dân vận khéo" in texts[0] and "Toàn quốc, năm 2022" in texts[0]
    assert view.title in texts[1] and "2.084" in texts[1] and "Nguồn:" in texts[1]
    assert any(shape.shape_type == 13 for shape in slides[1].shapes)  # a picture
    table = next(s for s in slides[2].shapes if s.has_table).table
    assert table.cell(1, 1).text == "2.084" and table.cell(1, 2).text == "80,0%"
    assert "Cổng TTĐT thành phố Hải Phòng" in texts[3]
    reader = PdfReader(io.BytesIO(report_pdf([view], "Toàn quốc, năm 2022", images)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 4
    for needle in ("Dân vận khéo", "2.084", "Nguồn số liệu", "Cổng TTĐT thành phố Hải Phòng"):
        assert needle in text, needle
    with ZipFile(io.BytesIO(deck_pptx([view], "x", lambda v: None))) as z:
        assert any(n.startswith("ppt/slides/") for n in z.namelist())


@pytest.mark.slow
def test_dvk_export_turns_a_shared_link_into_files(sample_data_dir, tmp_path) -> None:
    from typer.testing import CliRunner

    from dashboard.cli import app

    runner = CliRunner()
    link = "http://127.0.0.1:8501/so-sanh?metric=models_registered"
    for fmt in ("pptx", "xlsx", "csv", "docx"):
        out = tmp_path / f"view.{fmt}"
        result = runner.invoke(
            app,
            [
                "export",
                "--data-dir",
                str(sample_data_dir),
                "--view",
                link,
                "--format",
                fmt,
                "--out",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
    prs = Presentation(str(tmp_path / "view.pptx"))
    texts = "\n".join(s.text_frame.text for sl in prs.slides for s in sl.shapes if s.has_text_frame)
    assert "So sánh" in texts or "Mô hình đăng ký" in texts
    assert "Nguồn số liệu" in texts
    assert (tmp_path / "view.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    speech = Document(str(tmp_path / "view.docx"))
    assert speech.paragraphs[0].text == "Số liệu cho bài phát biểu"
    bad = runner.invoke(
        app,
        [
            "export",
            "--data-dir",
            str(sample_data_dir),
            "--format",
            "gif",
            "--out",
            str(tmp_path / "x.gif"),
        ],
    )
    assert bad.exit_code == 1 and "unknown format" in bad.output


def test_missing_browser_is_a_clear_error_not_a_hang(view: ExportView, monkeypatch) -> None:
    from dashboard.exports import browser, images

    browser.stop()  # a browser started by an earlier test would draw it
    monkeypatch.setattr(browser, "browser", lambda: None)
    with pytest.raises(images.ImageExportError, match="chromium"):
        render(view, "png")
    browser.stop()


def test_sheet_names_keep_dates_and_cut_at_a_word() -> None:
    """Excel forbids ``/`` in sheet names: a date keeps its parts, a long title is cut at a word
    and marked, a repeat is numbered, and every name fits Excel's 31 characters."""
    from dashboard.exports.tables import _sheet_name

    used: set[str] = set()
    names = [
        _sheet_name(title, used)
        for title in (
            "Theo địa giới từ 1/7/2025",
            "Tổng của một phần đơn vị trực thuộc (†) — không xếp hạng (9)",
            "Tổng của một phần đơn vị trực thuộc (†) — khác",
            "a[b]:c*?\\d",
        )
    ]
    assert names[0] == "Theo địa giới từ 1-7-2025"
    assert names[1] == "Tổng của một phần đơn vị trực…"
    assert names[2] == "Tổng của một phần đơn vị… 2"
    assert names[3] == "a(b)-c-d"
    assert all(len(n) <= 31 for n in names) and len(set(names)) == len(names)
