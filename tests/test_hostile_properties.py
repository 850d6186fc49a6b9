"""Property tests: for any template rows, CSV dialect or report sentence, either every row is
read or the input is refused cleanly (problems naming row and column, no Python internals)."""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_loaders.ingest.report_ingest import candidates_to_loaded
from data_loaders.reference.localities import build_localities, default_harmoniser
from data_loaders.report_text import extract
from data_loaders.sources.tabular import FileProblem, read_table
from data_loaders.sources.tally_template import load_file
from tests import hostile_files as hf

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,
)
INTERNALS = ("invalid literal", "Traceback", "Error(", "object has no attribute", "NoneType")


@cache
def _reference() -> tuple[object, pd.DataFrame]:
    return default_harmoniser(), build_localities()


def _clean_problems(problems) -> None:
    for p in problems:  # a row, a column, both, or the whole file; words, not internals
        assert p.message.strip(), p
        assert not any(word in p.message for word in INTERNALS), p.message


# --------------------------------------------------------------------------- template rows
odd_text = st.text(
    alphabet=st.sampled_from("0123456789٣٢۵.,/-: eaăĐđ\u00a0xX"), min_size=0, max_size=12
)
values = st.one_of(
    st.integers(-5, 10**31).map(str),
    st.sampled_from(["2.084", "371", "1e30", "٣", "12,5", "", "  7 ", "1.000.000.000.000"]),
    odd_text,
)
periods = st.one_of(
    st.integers(1800, 2300).map(str),
    st.sampled_from(["13/2022", "06/2022", "31/02/2022", "2022-13-45", "30/6/2022", "٢٠٢٢"]),
    st.builds(
        lambda d, m, y: f"{d}/{m}/{y}",
        st.integers(0, 40),
        st.integers(0, 30),
        st.integers(1990, 2030),
    ),
    odd_text,
)
rows = st.lists(
    st.fixed_dictionaries({"value": values, "period_start": periods, "period_end": periods}).map(
        lambda cells: hf.template_row(**cells)
    ),
    min_size=1,
    max_size=6,
)


@SETTINGS
@given(rows=rows)
def test_template_rows_are_read_whole_or_refused_cleanly(rows: list[list[str]]) -> None:
    harmoniser, localities = _reference()
    header = [*hf.TEMPLATE_HEADER, "note"]
    body = [[*row, f"dòng {i}"] for i, row in enumerate(rows)]
    with tempfile.TemporaryDirectory() as folder:
        path = hf.write_csv(Path(folder) / "rows.csv", [header, *body])
        try:
            loaded = load_file(path, harmoniser, set(), localities)
        except FileProblem as exc:
            assert not any(word in str(exc) for word in INTERNALS)
            return
    if loaded.problems:
        _clean_problems(loaded.problems)
        assert {p.row for p in loaded.problems} <= set(range(2, len(rows) + 2)) | {None}
    else:
        assert len(loaded.tallies) == len(rows)
        assert loaded.tallies["value"].between(0, 10**9).all()
        assert (loaded.tallies["year_start"] >= 2008).all()
        assert (loaded.tallies["year_end"] <= date.today().year).all()


# --------------------------------------------------------------------------- CSV dialects
cell_text = st.text(
    alphabet=st.sampled_from(list("abcĐđăâơư0123456789 ,;\"'\t.-/\n")),
    min_size=1,
    max_size=10,
).filter(lambda s: s.strip() == s and s.strip())


@SETTINGS
@given(
    cells=st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    bom=st.booleans(),
)
def test_csv_dialects_give_back_every_row(cells, delimiter, newline, quoting, bom) -> None:
    header = ["Tên mô hình", "Tỉnh", "Ghi chú"]
    if newline == "\r" and quoting == csv.QUOTE_MINIMAL:
        # Python's writer leaves a cell with LF unquoted under CR endings: no reader can tell
        cells = [[c.replace("\n", " ") for c in row] for row in cells]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline, quoting=quoting).writerows(
        [header, *cells]
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.csv"
        path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), "utf-8", newline="")
        try:
            _, headers, read = read_table(path)
        except FileProblem as exc:  # a clean refusal names the row
            assert exc.row is not None or "cannot be read" in str(exc), str(exc)
            return
    expected = [[c.replace("\r\n", "\n").replace("\r", "\n") for c in row] for row in cells]
    got = [[str(v).replace("\r\n", "\n").replace("\r", "\n") for v in values] for _, values in read]
    assert headers == header
    assert got == expected


# --------------------------------------------------------------------------- report sentences
@dataclass
class _Doc:
    sha256: str = "0" * 64
    file_name: str = "bao-cao.txt"
    title: str | None = None
    published: date | None = None


fragment = st.one_of(
    st.integers(1800, 2300).map(lambda y: f"Năm {y},"),
    st.sampled_from(["toàn tỉnh Hậu Giang", "Quận Đống Đa", "huyện", "trong đó", "hơn", "gần"]),
    st.integers(0, 10**32).map(lambda n: f"có {n:,} mô hình".replace(",", ".")),
    st.integers(0, 10**12).map(lambda n: f"{n} tập thể và {n + 1} cá nhân"),
    st.sampled_from(["“Dân vận khéo”", "được đăng ký", "được công nhận", "khen thưởng", ";", ","]),
)
sentences = st.lists(fragment, min_size=1, max_size=14).map(lambda parts: " ".join(parts) + ".")


@SETTINGS
@given(text=st.lists(sentences, min_size=1, max_size=4).map(" ".join))
def test_report_sentences_are_committed_whole_or_refused(text: str) -> None:
    harmoniser, localities = _reference()
    candidates = [c.to_dict() for c in extract(text)]
    loaded = candidates_to_loaded(_Doc(), candidates, harmoniser, set(), localities)
    if loaded.problems:
        _clean_problems(loaded.problems)
        assert {p.row for p in loaded.problems} <= set(range(1, len(candidates) + 1)) | {None}
    else:
        assert len(loaded.tallies) == len(candidates)
