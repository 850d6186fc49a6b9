"""Tables for Excel: CSV (UTF-8 with BOM, plain numbers, formula-safe) and XLSX (number cells
with Vietnamese-style formats, plus the sources, filters and warnings of every table), labelled
in the language of the link they were made from (``ExportView.lang``; ``words.py``)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.exports.model import ExportView, all_sources, vi_date
from dashboard.exports.words import made_on_value, tr

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel shows these with the reader's separators: 2.084 and 12,5% on a Vietnamese system
EXCEL_FORMATS = {"int": "#,##0", "pct": "0.0%", "dec": "#,##0.0#", "year": "0"}
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")


def neutralise(value: object) -> object:
    """Text that Excel would run as a formula gets a leading apostrophe.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-5"), neutralise(-5), neutralise("Hà Nội")
    ("'=HYPERLINK(1)", "'-5", -5, 'Hà Nội')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _kind(view: ExportView, col: object) -> str | None:
    kind = view.number_formats.get(str(col))
    if kind is None and not view.table.empty:
        series = view.table[col]
        if pd.api.types.is_bool_dtype(series):
            return None
        if pd.api.types.is_integer_dtype(series):
            return "int"
        if pd.api.types.is_float_dtype(series):
            return "dec"
    return kind


def _cell(value: object, kind: str | None) -> object:
    """An XLSX cell: int or float for numbers (a share for percentages), else neutralised
    text; ``None`` (an empty cell) for a missing number."""
    if isinstance(value, list | tuple):
        return neutralise(", ".join(map(str, value)))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind in ("int", "year"):
        return int(value)
    if kind in ("pct", "dec"):
        return float(value)
    return neutralise(value)


def _plain(value: object, kind: str | None) -> object:
    """A CSV cell: a plain number (2084, 12.5 — percentages in percent) or neutralised text."""
    value = _cell(value, kind)
    if kind == "pct" and value is not None:
        return round(float(value) * 100, 4)
    if kind == "dec" and value is not None:
        return round(float(value), 6)
    return value


def meta_lines(view: ExportView) -> list[tuple[str, str]]:
    """What the table shows, where it comes from and what to watch: (label, text) pairs,
    labelled in the view's language."""
    w = view.word
    out = [(w("table"), view.title), (w("unit"), view.unit or "—")]
    out += [(key or w("filters"), value) for key, value in view.filters]
    out += [(w("warning"), text) for text in view.warnings]
    out += [(w("note"), n) for n in view.key_numbers]
    out += [(w("source"), s.line()) for s in view.sources] or [(w("source"), w("sources_none"))]
    if view.synthetic:
        out.append((w("warning"), w("synthetic_note")))
    out.append((w("made_on_label"), made_on_value(view.generated_on, view.lang)))
    return out


def to_csv(view: ExportView) -> bytes:
    """The table as CSV that Excel opens with diacritics intact (UTF-8 with BOM): plain
    numbers (2084, 12.5 — percentages in percent, their column marked "(%)"), then an empty
    line and the table's title, unit, filters, warnings and sources, one per line."""
    kinds = {c: _kind(view, c) for c in view.table.columns}
    table = pd.DataFrame(
        {c: [_plain(v, kinds[c]) for v in view.table[c]] for c in view.table.columns},
        columns=view.table.columns,
    )
    for c, kind in kinds.items():
        if kind in ("int", "year"):
            table[c] = table[c].astype("Int64")
    table.columns = [
        neutralise(f"{c} (%)" if kinds[c] == "pct" and "%" not in str(c) else str(c))
        for c in view.table.columns
    ]
    meta = pd.DataFrame([[neutralise(f"{k}: {v}")] for k, v in meta_lines(view)])
    body = table.to_csv(index=False, lineterminator="\n")
    tail = meta.to_csv(index=False, header=False, lineterminator="\n")
    return (body + "\n" + tail).encode("utf-8-sig")


def _sheet_name(title: str, used: set[str], lang: str = "vi") -> str:
    """A sheet name (≤ 31 characters, none of ``[]:*?/\\``) read as the title: a date keeps
    its parts ("1-7-2025"), a long title is cut at a word and marked "…", a repeat numbered."""
    clean = " ".join(title.translate(SHEET_CHARS).split()) or tr("table", lang)
    base = _cut(clean, 31)
    name, i = base, 2
    while name in used:
        name, i = f"{_cut(clean, 28)} {i}", i + 1
    used.add(name)
    return name


SHEET_CHARS = str.maketrans({"/": "-", "\\": "-", ":": "-", "[": "(", "]": ")", "*": "", "?": ""})


def _cut(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    head = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return head.rstrip(" —–-·,;") + "…"


def _header(ws, values: Sequence[str]) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=1, column=col, value=value)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A2"


def _table_sheet(ws, view: ExportView) -> None:
    _header(ws, [str(c) for c in view.table.columns])
    kinds = [_kind(view, c) for c in view.table.columns]
    for row in view.table.itertuples(index=False):
        ws.append([_cell(v, k) for v, k in zip(row, kinds)])
    for idx, (col, kind) in enumerate(zip(view.table.columns, kinds), start=1):
        letter = get_column_letter(idx)
        if kind:
            for cell in ws[letter][1:]:
                cell.number_format = EXCEL_FORMATS[kind]
        shown = [view.cell(v, col) for v in view.table[col].head(200)]
        width = max([len(str(col))] + [len(v) for v in shown])
        ws.column_dimensions[letter].width = min(60, max(10, width + 2))


def to_xlsx(views: ExportView | Sequence[ExportView]) -> bytes:
    """One sheet per table (numbers as number cells), plus "Nguồn" (the sources of every
    table, with the tables each supports) and "Bộ lọc" (unit, filters, warnings, notes) —
    "Sources" and "Filters" for English views."""
    views = [views] if isinstance(views, ExportView) else list(views)
    lang = views[0].lang if views else "vi"
    wb = Workbook()
    wb.remove(wb.active)
    used = {tr("sheet_sources", lang), tr("sheet_filters", lang)}
    for view in views:
        _table_sheet(wb.create_sheet(_sheet_name(view.title, used, lang)), view)
    src = wb.create_sheet(tr("sheet_sources", lang))
    keys = ("source_id", "source_title", "source_outlet", "source_url", "source_date", "table")
    _header(src, [tr(k, lang) for k in keys])
    for s in all_sources(views):
        tables = "; ".join(v.title for v in views if s in v.sources)
        date_text = vi_date(s.published) if s.published else None
        row = (s.source_id, s.title, s.outlet, s.url, date_text, tables)
        src.append([neutralise(x) for x in row])
    for letter, width in zip("ABCDEF", (22, 60, 36, 60, 14, 40)):
        src.column_dimensions[letter].width = width
    flt = wb.create_sheet(tr("sheet_filters", lang))
    _header(flt, [tr("table", lang), tr("item", lang), tr("value", lang)])
    for view in views:
        for key, value in meta_lines(view):
            if key not in (view.word("table"), view.word("source")):
                flt.append([view.title, key, neutralise(value)])
    for letter, width in zip("ABC", (40, 24, 80)):
        flt.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
