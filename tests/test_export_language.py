"""Exports speak the language of the link they are made from: Vietnamese by default, English
for ``lang=en`` — footers, labels, sheet names, slide and report texts, and the numbers'
separators (vi 6.848 and 80,1; en 6,848 and 80.1). Each file is opened by its own library."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from dashboard.exports import images
from dashboard.exports.adapt import chart_view
from dashboard.exports.batch import build, export

RANKING = "http://127.0.0.1:8501/so-sanh?norm=per_10k"
TRENDS = "http://127.0.0.1:8501/xu-huong"

# words only the export code prints (the charts' own texts come from the view models)
WORDS = {
    "vi": {
        "unit": "Đơn vị:",
        "filters": "Bộ lọc:",
        "source": "Nguồn:",
        "made_on": "Lập ngày",
        "made_on_label": "Ngày lập",
        "sheets": ["Nguồn", "Bộ lọc"],
        "scope": "Phạm vi:",
        "deck": "Kết quả phong trào thi đua",
        "sources": "Nguồn số liệu",
        "table": "Bảng số liệu:",
    },
    "en": {
        "unit": "Unit:",
        "filters": "Filters:",
        "source": "Source:",
        "made_on": "Made on",
        "made_on_label": "Made on",
        "sheets": ["Sources", "Filters"],
        "scope": "Scope:",
        "deck": "Results of the",
        "sources": "Sources of the figures",
        "table": "Data table:",
    },
}
OTHER = {"vi": "en", "en": "vi"}
PLOTLY_BLUE_GREY = (229, 236, 246)  # plotly's default plot background
VI_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 6.848
EN_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+$")  # 6,848


def _link(link: str, lang: str) -> str:
    return link if lang == "vi" else f"{link}{'&' if '?' in link else '?'}lang=en"


def _absent(text: str, lang: str) -> None:
    """None of the other language's export words (those that differ) is in ``text``."""
    for key in ("unit", "filters", "made_on", "scope", "deck", "table"):
        assert WORDS[OTHER[lang]][key] not in text, (lang, key)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_xlsx_and_csv_in_the_links_language(sample_data_dir: Path, tmp_path: Path, lang) -> None:
    words = WORDS[lang]
    wb = load_workbook(export(sample_data_dir, _link(RANKING, lang), "xlsx", tmp_path / "t.xlsx"))
    assert wb.sheetnames[-2:] == words["sheets"]
    first = wb.worksheets[0]
    header = [c.value for c in first[1]]
    assert ("Địa phương" if lang == "vi" else "Locality") in header
    numbers = [c.value for c in first["C"][1:]]  # the figures: number cells in both languages
    assert numbers and all(isinstance(v, int | float) for v in numbers if v is not None)
    items = {row[1] for row in wb[words["sheets"][1]].iter_rows(min_row=2, values_only=True)}
    assert {words["unit"].rstrip(":"), words["made_on_label"]} <= items
    body, _, tail = (
        export(sample_data_dir, _link(RANKING, lang), "csv", tmp_path / "t.csv")
        .read_bytes()
        .decode("utf-8-sig")
        .partition("\n\n")
    )
    rows = list(csv.reader(io.StringIO(body)))
    assert ("Địa phương" if lang == "vi" else "Locality") in rows[0]
    assert float(rows[1][2]) == numbers[0]  # plain numbers, whatever the language
    for word in ("unit", "source"):
        assert words[word] in tail, word
    _absent(tail, lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_speech_kit_in_the_links_language(sample_data_dir: Path, tmp_path: Path, lang) -> None:
    words = WORDS[lang]
    doc = Document(str(export(sample_data_dir, _link(RANKING, lang), "docx", tmp_path / "s.docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == (
        "Số liệu cho bài phát biểu" if lang == "vi" else "Figures for a speech"
    )
    assert words["scope"] in text and words["made_on"] in text
    _absent(text, lang)
    sentence = next(p.text for p in doc.paragraphs if "43" in p.text and "(" in p.text)
    assert ("43.007" if lang == "vi" else "43,007") in sentence  # the sum of the provinces
    assert sentence.startswith(
        "Theo số liệu mới nhất đến năm 2025" if lang == "vi" else "By the latest figures up to 2025"
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_image_footer_and_separators_in_the_links_language(sample_data_dir: Path, lang) -> None:
    """The PNG and SVG are drawn from the decorated figure: its footer and separators."""
    charts, ctx = build(sample_data_dir, "so-sanh", {"norm": "per_10k", "lang": lang}, limit=1)
    assert ctx.lang == lang
    view = chart_view(charts[0], synthetic=ctx.synthetic, lang=ctx.lang)
    fig = images.decorated(view)
    footer = " ".join(a.text for a in fig.layout.annotations)
    for word in ("unit", "filters", "source", "made_on"):
        assert WORDS[lang][word] in footer, word
    _absent(footer, lang)
    assert fig.layout.separators == (",." if lang == "vi" else ".,")
    assert fig.layout.plot_bgcolor == "white" and fig.layout.paper_bgcolor == "white"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_svg_png_deck_and_report_in_the_links_language(
    sample_data_dir: Path, tmp_path: Path, lang
) -> None:
    words = WORDS[lang]
    svg = export(sample_data_dir, _link(RANKING, lang), "svg", tmp_path / "c.svg").read_text()
    for word in ("unit", "filters", "source", "made_on"):
        assert words[word] in svg, word
    assert ("80,1" if lang == "vi" else "80.1") in svg  # the first bar's label
    _absent(svg, lang)
    png = export(sample_data_dir, _link(RANKING, lang), "png", tmp_path / "c.png").read_bytes()
    colours = {c for _, c in Image.open(io.BytesIO(png)).convert("RGB").getcolors(1 << 20)}
    assert PLOTLY_BLUE_GREY not in colours  # the plot is white, as on the page
    assert (57, 73, 171) in colours  # the bars' colour: the chart is drawn

    deck = Presentation(str(export(sample_data_dir, _link(TRENDS, lang), "pptx", tmp_path / "d")))
    texts = "\n".join(
        s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame
    )
    for word in ("deck", "sources", "table", "source", "filters", "unit", "made_on"):
        assert words[word] in texts, word
    _absent(texts, lang)
    table = next(s.table for slide in deck.slides for s in slide.shapes if s.has_table)
    cells = [c.text for row in list(table.rows)[1:] for c in row.cells]
    assert any((VI_NUMBER if lang == "vi" else EN_NUMBER).match(c) for c in cells), cells
    assert not any((EN_NUMBER if lang == "vi" else VI_NUMBER).match(c) for c in cells), cells

    pdf = PdfReader(str(export(sample_data_dir, _link(TRENDS, lang), "pdf", tmp_path / "r.pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for word in ("deck", "sources", "table", "source", "made_on"):
        assert words[word] in text, word
    _absent(text, lang)
