"""What ``dvk export`` writes for a link holds the figures the page's view model shows for it —
over many links (pages × normalisation × period × place × language): every sheet of the XLSX
is one chart's table, row for row, with its figures stored as number cells; the CSV holds the
first chart's figures as plain numbers."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.exports.batch import build, export, split_view

# a spread of links, each normalisation, period and place on several pages (not every
# combination: each link builds its page and writes two files)
ALL, PHASE, YEAR = {}, {"period": "2016-2020"}, {"period": "2022"}
HANOI, DONGDA = {"p": "01"}, {"p": "01", "d": "006"}
LINKS = [
    ("so-sanh", {"norm": "absolute"}),
    ("so-sanh", {"norm": "absolute", **YEAR, **HANOI}),
    ("so-sanh", {"norm": "per_10k"}),
    ("so-sanh", {"norm": "per_10k", **PHASE}),
    ("so-sanh", {"norm": "per_10k", "period": "2021-2025"}),
    ("so-sanh", {"norm": "share", "period": "2021-2025", "lang": "en"}),
    ("so-sanh", {"norm": "share", **YEAR}),
    ("so-sanh", {"norm": "share", **HANOI}),
    ("so-sanh", {"norm": "per_10k", "lang": "en"}),
    ("tong-quan", ALL),
    ("tong-quan", YEAR),
    ("tong-quan", DONGDA),
    ("linh-vuc", ALL),
    ("linh-vuc", {"mode": "share", "period": "2021-2025"}),
    ("linh-vuc", {"mode": "share", **PHASE}),
    ("xu-huong", ALL),
    ("xu-huong", HANOI),
    ("xu-huong", {"loc": "VN,31,01", **YEAR}),
]


def _link(page: str, query: dict[str, str]) -> str:
    return f"http://127.0.0.1:8501/{page}?" + "&".join(f"{k}={v}" for k, v in query.items())


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _same(cell: object, value: object, kind: str | None) -> bool:
    if _missing(value):
        return cell is None
    if kind:  # a figure: a number cell holding the same number
        return isinstance(cell, int | float) and math.isclose(cell, float(value), abs_tol=1e-9)
    text = "" if cell is None else str(cell).removeprefix("'")  # formula-safe text
    return text == str(value)


@pytest.mark.parametrize("page,query", LINKS, ids=[_link(p, q)[22:] for p, q in LINKS])
def test_the_files_of_a_link_hold_the_view_models_figures(
    sample_data_dir: Path, tmp_path: Path, page: str, query: dict[str, str]
) -> None:
    link = _link(page, query)
    charts, _ = build(sample_data_dir, *split_view(link))
    if not charts:
        pytest.skip("the page shows no chart for this link in the sample")
    wb = load_workbook(export(sample_data_dir, link, "xlsx", tmp_path / "t.xlsx"))
    assert len(wb.worksheets) == len(charts) + 2  # one per chart, the sources, the filters
    for chart, ws in zip(charts, wb.worksheets):
        values = chart.values if chart.values is not None else chart.table
        rows = list(ws.iter_rows(values_only=True))
        assert [str(c) for c in rows[0]] == [str(c) for c in values.columns], chart.title
        assert len(rows) - 1 == len(values), chart.title
        for i, col in enumerate(values.columns):
            kind = chart.formats.get(col)
            for row, value in zip(rows[1:], values[col]):
                assert _same(row[i], value, kind), (chart.title, col, row[i], value)
    first = charts[0].values if charts[0].values is not None else charts[0].table
    body = export(sample_data_dir, link, "csv", tmp_path / "t.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig").split("\n\n")[0])))
    assert len(rows) - 1 == len(first)
    for i, col in enumerate(first.columns):
        kind = charts[0].formats.get(col)
        if not kind:
            continue
        for row, value in zip(rows[1:], first[col]):
            if _missing(value):
                assert row[i] == ""
            else:
                shown = float(row[i]) / (100 if kind == "pct" else 1)
                assert math.isclose(shown, float(value), rel_tol=1e-6, abs_tol=1e-6), (col, row)
