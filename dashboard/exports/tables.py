"""Tables for Excel: CSV (UTF-8 with BOM, formula-safe) and XLSX (formats, sources, filters)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.exports.model import ExportView, vi_date

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_FORMATS = {"int": "#,##0", "pct": "0.0%", "dec": "#,##0.0"}
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")


def neutralise(value: object) -> object:
    """Text that Excel would run as a formula gets a leading apostrophe.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-5"), neutralise(-5), neutralise("Hà Nội")
    ("'=HYPERLINK(1)", "'-5", -5, 'Hà Nội')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(view: ExportView) -> bytes:
    """The table as CSV that Excel opens with diacritics intact (UTF-8 with BOM)."""
    table = view.table.map(neutralise)
    table.columns = [neutralise(c) for c in table.columns]
    return table.to_csv(index=False).encode("utf-8-sig")


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Bảng"
    name, i = base, 2
    while name in used:
        name, i = f"{base[:26]} {i}", i + 1
    used.add(name)
    return name


def _header(ws, values: Sequence[str]) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=1, column=col, value=value)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A2"


def to_xlsx(views: ExportView | Sequence[ExportView]) -> bytes:
    """One sheet per table, plus "Nguồn" (sources) and "Bộ lọc" (filters) sheets."""
    views = [views] if isinstance(views, ExportView) else list(views)
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for view in views:
        ws = wb.create_sheet(_sheet_name(view.title, used))
        _header(ws, [str(c) for c in view.table.columns])
        for row in view.table.itertuples(index=False):
            ws.append(
                [
                    neutralise(None if pd.isna(v) else v)
                    if not isinstance(v, list)
                    else ", ".join(map(str, v))
                    for v in row
                ]
            )
        for idx, col in enumerate(view.table.columns, start=1):
            letter = get_column_letter(idx)
            kind = view.number_formats.get(col)
            if kind is None and pd.api.types.is_integer_dtype(view.table[col]):
                kind = "int"
            elif kind is None and pd.api.types.is_float_dtype(view.table[col]):
                kind = "dec"
            if kind:
                for cell in ws[letter][1:]:
                    cell.number_format = EXCEL_FORMATS[kind]
            width = max([len(str(col))] + [len(str(v)) for v in view.table[col].head(200)])
            ws.column_dimensions[letter].width = min(60, max(10, width + 2))
    src = wb.create_sheet("Nguồn")
    _header(src, ["Mã nguồn", "Tiêu đề", "Cơ quan/báo", "Đường dẫn", "Ngày"])
    seen: set[str] = set()
    for view in views:
        for s in view.sources:
            if s.source_id not in seen:
                seen.add(s.source_id)
                src.append(
                    [
                        neutralise(x)
                        for x in (
                            s.source_id,
                            s.title,
                            s.outlet,
                            s.url,
                            vi_date(s.published) if s.published else None,
                        )
                    ]
                )
    for letter, width in zip("ABCDE", (22, 60, 36, 60, 14)):
        src.column_dimensions[letter].width = width
    flt = wb.create_sheet("Bộ lọc")
    _header(flt, ["Bảng", "Bộ lọc", "Giá trị"])
    for view in views:
        flt.append([view.title, "Đơn vị", view.unit or "—"])
        for key, value in view.filters:
            flt.append([view.title, key or "Bộ lọc", neutralise(value)])
        flt.append([view.title, "Ngày lập", vi_date(view.generated_on)])
        if view.synthetic:
            flt.append(
                [view.title, "Lưu ý", "Dữ liệu mô phỏng (synthetic), không phải số liệu thật"]
            )
    for letter, width in zip("ABC", (40, 24, 60)):
        flt.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
