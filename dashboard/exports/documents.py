"""Documents: the speech kit (DOCX, plain text), the conference deck (PPTX) and the PDF report."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from docx import Document
from docx.shared import Pt
from fpdf import FPDF
from pptx import Presentation
from pptx.util import Emu, Inches
from pptx.util import Pt as PPt

from dashboard.exports.model import ExportView, SourceRef, all_sources, cell_text, vi_date

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
Progress = Callable[[float, str], None]


def _noop(_fraction: float, _text: str) -> None:
    return None


# -- speech kit -------------------------------------------------------------------------
def speech_text(
    title: str,
    sentences: Sequence[str],
    scope: str,
    when: date | None = None,
    warnings: Sequence[str] = (),
) -> str:
    """Plain text: a heading, the scope, the view's warnings and one sentence per paragraph."""
    when = when or date.today()
    lines = [title, f"Phạm vi: {scope}", f"Lập ngày {vi_date(when)}", ""]
    if warnings:
        lines += ["Lưu ý khi dùng số liệu:"] + [f"! {w}" for w in warnings] + [""]
    lines += [f"- {s}" for s in sentences] or ["(Không có số liệu phù hợp để nêu.)"]
    return "\n".join(lines) + "\n"


def speech_docx(
    title: str,
    sentences: Sequence[str],
    scope: str,
    when: date | None = None,
    warnings: Sequence[str] = (),
) -> bytes:
    """The speech kit as a Word document."""
    when = when or date.today()
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    doc.add_heading(title, level=1)
    doc.add_paragraph(f"Phạm vi: {scope}").italic = True
    doc.add_paragraph(f"Lập ngày {vi_date(when)}")
    if warnings:
        doc.add_paragraph().add_run("Lưu ý khi dùng số liệu:").bold = True
        for warning in warnings:
            doc.add_paragraph(warning, style="List Bullet")
    if not sentences:
        doc.add_paragraph("(Không có số liệu phù hợp để nêu.)")
    for sentence in sentences:
        doc.add_paragraph(sentence, style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- conference deck --------------------------------------------------------------------
def _text_box(
    slide, left, top, width, height, lines: Sequence[str], size: int = 16, bold_first: bool = False
) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = line
        para.font.size = PPt(size)
        para.font.bold = bold_first and i == 0


def deck_pptx(
    views: Sequence[ExportView],
    scope: str,
    images: Callable[[ExportView], bytes | None],
    *,
    title: str = "Kết quả phong trào thi đua “Dân vận khéo”",
    progress: Progress = _noop,
) -> bytes:
    """Title slide, one slide per chart (image, key numbers, source), a table slide, sources."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = f"{scope}\nLập ngày {vi_date(date.today())}"
    charted = [v for v in views if v.figure is not None]
    for i, view in enumerate(charted):
        progress(i / max(1, len(charted)), f"Biểu đồ: {view.title}")
        slide = prs.slides.add_slide(blank)
        _text_box(
            slide, Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.8), [view.title], 28, True
        )
        picture = images(view)
        if picture:
            slide.shapes.add_picture(
                io.BytesIO(picture), Inches(0.4), Inches(1.0), width=Inches(8.9)
            )
        keys = [f"⚠ {w}" for w in view.warnings] + view.key_numbers[:4]
        _text_box(
            slide,
            Inches(9.5),
            Inches(1.1),
            Inches(3.5),
            Inches(4.8),
            keys or ["(Không có lưu ý.)"],
            14,
        )
        _text_box(
            slide,
            Inches(0.4),
            Inches(6.5),
            Inches(12.5),
            Inches(0.9),
            [view.source_line(), f"Bộ lọc: {view.filter_line()} · Đơn vị: {view.unit or '—'}"],
            11,
        )
    for view in [v for v in views if len(v.table)][:1]:
        slide = prs.slides.add_slide(blank)
        _text_box(
            slide,
            Inches(0.4),
            Inches(0.2),
            Inches(12.5),
            Inches(0.8),
            [f"Bảng số liệu: {view.title}"],
            24,
            True,
        )
        table = view.table.head(14)
        rows, cols = len(table) + 1, min(len(table.columns), 7)
        shape = slide.shapes.add_table(
            rows, cols, Inches(0.4), Inches(1.1), Inches(12.5), Emu(int(Inches(0.38)) * rows)
        )
        for c, name in enumerate(table.columns[:cols]):
            shape.table.cell(0, c).text = str(name)
            for r, value in enumerate(table.iloc[:, c], start=1):
                shape.table.cell(r, c).text = cell_text(value, view.number_formats.get(name))
        notes = [view.source_line(), view.warning_line()]
        _text_box(
            slide, Inches(0.4), Inches(6.6), Inches(12.5), Inches(0.8), [n for n in notes if n], 11
        )
    slide = prs.slides.add_slide(blank)
    _text_box(
        slide, Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.8), ["Nguồn số liệu"], 28, True
    )
    lines = [s.line() for s in all_sources(views)] or ["(Không có nguồn.)"]
    _text_box(slide, Inches(0.4), Inches(1.1), Inches(12.5), Inches(6), lines[:25], 12)
    progress(1.0, "Xong")
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


# -- PDF report -------------------------------------------------------------------------
def _font() -> Path:
    for path in FONT_CANDIDATES:
        if path.exists():
            return path
    raise FileNotFoundError(
        "no Unicode font for the PDF report: install Debian's fonts-dejavu-core"
    )


def report_pdf(
    views: Sequence[ExportView],
    scope: str,
    images: Callable[[ExportView], bytes | None],
    *,
    title: str = "Kết quả phong trào thi đua “Dân vận khéo”",
    progress: Progress = _noop,
) -> bytes:
    """The same content as the deck, as a PDF report (A4 landscape)."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    font = _font()
    pdf.add_font("DejaVu", "", str(font))
    bold = font.with_name("DejaVuSans-Bold.ttf")
    pdf.add_font("DejaVu", "B", str(bold if bold.exists() else font))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 22)
    pdf.ln(40)
    pdf.multi_cell(0, 12, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(
        0, 9, f"{scope}\nLập ngày {vi_date(date.today())}", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    charted = [v for v in views if v.figure is not None]
    for i, view in enumerate(charted):
        progress(i / max(1, len(charted)), f"Biểu đồ: {view.title}")
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 16)
        pdf.multi_cell(0, 8, view.title, new_x="LMARGIN", new_y="NEXT")
        picture = images(view)
        if picture:
            pdf.image(io.BytesIO(picture), x=10, w=190)
        pdf.set_xy(205, 28)
        pdf.set_font("DejaVu", "", 11)
        pdf.set_text_color(183, 28, 28)
        for line in view.warnings:
            pdf.set_x(205)
            pdf.multi_cell(82, 6, "⚠ " + line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        for line in view.key_numbers[:4]:
            pdf.set_x(205)
            pdf.multi_cell(82, 6, "• " + line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(10, 180)
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(
            0,
            5,
            f"{view.source_line()}. Bộ lọc: {view.filter_line()}. Đơn vị: {view.unit or '—'}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    for view in [v for v in views if len(v.table)][:1]:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 16)
        pdf.multi_cell(0, 8, f"Bảng số liệu: {view.title}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        table = view.table.head(25)
        cols = list(table.columns[:7])
        with pdf.table(col_widths=tuple([3] + [1] * (len(cols) - 1))) as grid:
            row = grid.row()
            for name in cols:
                row.cell(str(name))
            for values in table[cols].itertuples(index=False):
                row = grid.row()
                for name, value in zip(cols, values):
                    row.cell(cell_text(value, view.number_formats.get(name)))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, "Nguồn số liệu", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for source in all_sources(views) or [SourceRef("—", "(Không có nguồn.)")]:
        pdf.multi_cell(0, 6, "• " + source.line(), new_x="LMARGIN", new_y="NEXT")
    progress(1.0, "Xong")
    return bytes(pdf.output())
