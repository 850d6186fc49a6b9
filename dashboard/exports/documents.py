"""Documents: the speech kit (DOCX, plain text), the conference deck (PPTX) and the PDF report,
their words in the language of the link they were made from (``lang``; ``words.py``)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from dashboard.exports.model import ExportView, SourceRef, all_sources
from dashboard.exports.words import made_on, tr

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
    lang: str = "vi",
) -> str:
    """Plain text: a heading, the scope, the view's warnings and one sentence per paragraph."""
    when = when or date.today()
    lines = [title, f"{tr('scope', lang)}: {scope}", made_on(when, lang), ""]
    if warnings:
        lines += [tr("speech_warnings", lang)] + [f"! {w}" for w in warnings] + [""]
    lines += [f"- {s}" for s in sentences] or [tr("speech_none", lang)]
    return "\n".join(lines) + "\n"


def speech_docx(
    title: str,
    sentences: Sequence[str],
    scope: str,
    when: date | None = None,
    warnings: Sequence[str] = (),
    lang: str = "vi",
) -> bytes:
    """The speech kit as a Word document."""
    from docx import Document
    from docx.shared import Pt

    when = when or date.today()
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    doc.add_heading(title, level=1)
    doc.add_paragraph(f"{tr('scope', lang)}: {scope}").italic = True
    doc.add_paragraph(made_on(when, lang))
    if warnings:
        doc.add_paragraph().add_run(tr("speech_warnings", lang)).bold = True
        for warning in warnings:
            doc.add_paragraph(warning, style="List Bullet")
    if not sentences:
        doc.add_paragraph(tr("speech_none", lang))
    for sentence in sentences:
        doc.add_paragraph(sentence, style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- conference deck --------------------------------------------------------------------
def _text_box(
    slide, left, top, width, height, lines: Sequence[str], size: int = 16, bold_first: bool = False
) -> None:
    from pptx.util import Pt as PPt

    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = line
        para.font.size = PPt(size)
        para.font.bold = bold_first and i == 0


def _table_slide(prs, view: ExportView, title: str, max_rows: int = 14) -> None:
    """A slide with the first rows of a view's table, its sources and warnings."""
    from pptx.util import Emu, Inches

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text_box(slide, Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.8), [title], 24, True)
    table = view.table.head(max_rows)
    rows, cols = len(table) + 1, min(len(table.columns), 7)
    shape = slide.shapes.add_table(
        rows, cols, Inches(0.4), Inches(1.1), Inches(12.5), Emu(int(Inches(0.38)) * rows)
    )
    for c, name in enumerate(table.columns[:cols]):
        shape.table.cell(0, c).text = str(name)
        for r, value in enumerate(table.iloc[:, c], start=1):
            shape.table.cell(r, c).text = view.cell(value, name)
    notes = [view.source_line(), view.warning_line()]
    _text_box(
        slide, Inches(0.4), Inches(6.6), Inches(12.5), Inches(0.8), [n for n in notes if n], 11
    )


def deck_pptx(
    views: Sequence[ExportView],
    scope: str,
    images: Callable[[ExportView], bytes | None],
    *,
    title: str | None = None,
    progress: Progress = _noop,
    lang: str = "vi",
) -> bytes:
    """Title slide, a slide per table shown without a chart (key figures), one slide per chart
    (image, key numbers, source), the first chart's table, sources."""
    from pptx import Presentation
    from pptx.util import Inches

    title = title or tr("deck_title", lang)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = f"{scope}\n{made_on(date.today(), lang)}"
    for view in views:  # a table shown without a chart (key figures) comes first
        if view.figure is None and len(view.table):
            _table_slide(prs, view, view.title)
    charted = [v for v in views if v.figure is not None]
    for i, view in enumerate(charted):
        progress(i / max(1, len(charted)), f"{tr('chart', lang)}: {view.title}")
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
            keys or [tr("no_caution", lang)],
            14,
        )
        _text_box(
            slide,
            Inches(0.4),
            Inches(6.5),
            Inches(12.5),
            Inches(0.9),
            [
                view.source_line(),
                f"{view.word('filters')}: {view.filter_line()} · {view.unit_line()}",
            ],
            11,
        )
    for view in [v for v in charted if len(v.table)][:1]:
        _table_slide(prs, view, f"{tr('data_table', lang)}: {view.title}")
    slide = prs.slides.add_slide(blank)
    _text_box(
        slide,
        Inches(0.4),
        Inches(0.2),
        Inches(12.5),
        Inches(0.8),
        [tr("data_sources", lang)],
        28,
        True,
    )
    lines = [s.line() for s in all_sources(views)] or [tr("no_source", lang)]
    _text_box(slide, Inches(0.4), Inches(1.1), Inches(12.5), Inches(6), lines[:25], 12)
    progress(1.0, tr("done", lang))
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


def _table_page(pdf, view: ExportView, title: str, max_rows: int = 22) -> None:
    """A page with the first rows of a view's table (and, under it, its warnings and sources
    when it has no chart page of its own)."""
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    table = view.table.head(max_rows)
    cols = list(table.columns[:7])
    longest = [max([len(str(c)), *(len(view.cell(v, c)) for v in table[c])]) for c in cols]
    widths = tuple(min(6.0, max(1.5, n / 10)) for n in longest)  # wide text, wide column
    with pdf.table(col_widths=widths, text_align="LEFT") as grid:
        row = grid.row()
        for name in cols:
            row.cell(str(name))
        for values in table[cols].itertuples(index=False):
            row = grid.row()
            for name, value in zip(cols, values):
                row.cell(view.cell(value, name))
    if view.figure is None:
        pdf.set_font("DejaVu", "", 9)
        for line in (view.warning_line(), view.source_line()):
            if line:
                pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")


def report_pdf(
    views: Sequence[ExportView],
    scope: str,
    images: Callable[[ExportView], bytes | None],
    *,
    title: str | None = None,
    progress: Progress = _noop,
    lang: str = "vi",
) -> bytes:
    """The same content as the deck, as a PDF report (A4 landscape)."""
    from fpdf import FPDF

    title = title or tr("deck_title", lang)
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
        0, 9, f"{scope}\n{made_on(date.today(), lang)}", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    for view in views:  # a table shown without a chart (key figures) comes first
        if view.figure is None and len(view.table):
            _table_page(pdf, view, view.title)
    charted = [v for v in views if v.figure is not None]
    for i, view in enumerate(charted):
        progress(i / max(1, len(charted)), f"{tr('chart', lang)}: {view.title}")
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
            f"{view.source_line()}. {view.word('filters')}: {view.filter_line()}. "
            f"{view.unit_line()}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    for view in [v for v in charted if len(v.table)][:1]:
        _table_page(pdf, view, f"{tr('data_table', lang)}: {view.title}")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, tr("data_sources", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for source in all_sources(views) or [SourceRef("—", tr("no_source", lang))]:
        pdf.multi_cell(0, 6, "• " + source.line(), new_x="LMARGIN", new_y="NEXT")
    progress(1.0, tr("done", lang))
    return bytes(pdf.output())
