"""Checks shared by export tests: what a page shows equals what its exports hold, every figure
has a source, and no text reads "nan", "None", "NaT" or "<NA>"."""

from __future__ import annotations

import csv
import io
import json
import math
import re

import pandas as pd
from openpyxl import load_workbook

from dashboard.exports import tables
from dashboard.exports.adapt import chart_view
from dashboard.exports.model import cell_text

BAD = re.compile(r"\b(nan|NaN|None|NaT)\b|<NA>")
TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error")


def page_texts(at) -> list[str]:
    """Every text an AppTest run shows: headings, captions, notices, metrics, code, the cells of
    tables (a missing cell counts as "nan": the page must show "—") and chart labels."""
    out: list[str] = []
    for name in TEXT_ELEMENTS:
        out += [str(e.value) for e in getattr(at, name)]
    out += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    out += [str(c.value) for c in at.code]
    for frame in at.dataframe:
        df = frame.value
        if df.isna().any().any():
            out.append("nan (missing cell in a table)")
        out += [str(v) for v in df.astype(str).to_numpy().ravel()] + [str(c) for c in df.columns]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            for key in ("text", "customdata", "name", "labels", "hovertext"):
                out.append(json.dumps(trace.get(key), ensure_ascii=False))
            for key in ("x", "y"):
                values = trace.get(key) or []
                out += [v for v in values if isinstance(v, str)]
    return out


def _same_number(a: object, b: object, tol: float = 1e-6) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def check_chart(chart) -> None:
    """The on-screen table, the exported numbers, the XLSX and the CSV all hold the same
    figures; rows shown have sources; no text is "nan"."""
    table, values, formats = chart.table, chart.values, chart.formats
    assert values is not None, chart.title
    assert list(values.columns) == list(table.columns) and len(values) == len(table)
    for col in table.columns:
        kind = formats.get(col)
        for shown, value in zip(table[col], values[col]):
            assert cell_text(value, kind) == shown, (chart.title, col, shown, value)
    if len(table):
        assert chart.sources, f"'{chart.title}' shows figures without a source"
    view = chart_view(chart, synthetic=False)
    texts = [view.footer(), *[s.line() for s in view.sources], *view.warnings]
    ws = load_workbook(io.BytesIO(tables.to_xlsx(view))).worksheets[0]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(values)
    for i, col in enumerate(values.columns):
        kind = formats.get(col)
        for cell, value in zip((r[i] for r in rows), values[col]):
            if kind:
                assert cell is None or isinstance(cell, int | float), (col, cell)
                assert _same_number(cell, value), (chart.title, col, cell, value)
            else:
                text = "" if cell is None else str(cell).removeprefix("'")
                assert text == str(value), (chart.title, col, cell, value)
    body = tables.to_csv(view).decode("utf-8-sig").split("\n\n")[0]
    parsed = list(csv.reader(io.StringIO(body)))
    assert len(parsed) == len(values) + 1
    for i, col in enumerate(values.columns):
        kind = formats.get(col)
        for row, value in zip(parsed[1:], values[col]):
            if kind and value is not None and not pd.isna(value):
                expected = float(value) * (100 if kind == "pct" else 1)
                assert math.isclose(float(row[i]), expected, abs_tol=1e-3), (col, row[i], value)
                assert "," not in row[i]
    for text in texts + [str(c) for r in rows for c in r if c is not None]:
        assert not BAD.search(text), (chart.title, text)
