"""Numbers stay numbers and sentences name all their sources, over many states of the compare,
fields, trends and catalogue pages (bundled sample):

- a column whose cells read as numbers is stored as numbers (its format known: the XLSX gets
  number cells, the CSV plain numbers) — the trends table's "Số đơn vị được cộng" was text;
- a speech sentence that cites the first three of its sources says how many more there are
  ("và 17 nguồn khác"): 43,007 models added from 20 reports never reads as resting on three.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook

from dashboard import context, params, registry
from dashboard.answers import Answers
from dashboard.exports import tables
from dashboard.exports.adapt import chart_view
from dashboard.i18n import t
from metrics.citations import sources_of_rows
from metrics.engine import Engine
from metrics.filters import Filter
from metrics.speech import speech_kit
from tests.dashboard_fixtures import property_settings

PAGES = ("so-sanh", "linh-vuc", "xu-huong", "mo-hinh")
NUMBER = re.compile(r"-?\d{1,3}(\.\d{3})*(,\d+)?%?")  # 2.084; 12,5%; 3


@given(
    page=st.sampled_from(PAGES),
    metric=st.sampled_from(("models_registered", "models_recognized", "commendations")),
    period=st.sampled_from(("", "2022", "2016-2020", "2021-2025")),
    place=st.sampled_from(("", "01", "17")),
    norm=st.sampled_from(("absolute", "per_10k", "share")),
    loc=st.sampled_from(("", "VN,31,01", "VN,17")),
)
@example(page="xu-huong", metric="models_registered", period="", place="", norm="absolute", loc="")
@property_settings(30)
def test_cells_that_read_as_numbers_are_stored_as_numbers(
    sample_data_dir: Path, page: str, metric: str, period: str, place: str, norm: str, loc: str
) -> None:
    query = {"m": metric, "period": period, "p": place, "norm": norm, "loc": loc}
    answers = Answers.of(sample_data_dir)
    state, _ = params.from_url(page, {k: v for k, v in query.items() if v}, answers.engine())
    ctx = context.build(state, answers)
    periods = {t("data_period", "vi"), t("phase", "vi")}  # years as categories: text
    for chart in registry.page(page).charts(ctx):
        for col in chart.table.columns:
            cells = [str(c) for c in chart.table[col] if str(c) not in ("", "—")]
            if col in periods or not cells or not all(NUMBER.fullmatch(c) for c in cells):
                continue
            assert col in chart.formats, (page, chart.title, col, cells[:5])
            ws = load_workbook(
                io.BytesIO(tables.to_xlsx(chart_view(chart, synthetic=False)))
            ).worksheets[0]
            at = [c.value for c in ws[1]].index(col)
            stored = [r[at] for r in ws.iter_rows(min_row=2, values_only=True)]
            assert all(v is None or isinstance(v, int | float) for v in stored), (col, stored)


def test_a_sentence_says_how_many_more_sources_it_rests_on(sample_data_dir: Path) -> None:
    engine = Engine(sample_data_dir)
    for f in (
        Filter(),
        Filter(years=(2021, 2025)),
        Filter(metric="commendations", years=(2022, 2022)),
    ):
        total = speech_kit(engine, f)[0]
        every = sources_of_rows(engine, f, _rows_of(engine, f))
        more = len(every) - 3
        if more > 0:
            assert total.text.endswith(f"; và {more} nguồn khác)."), total.text
        else:
            assert "nguồn khác" not in total.text, total.text
    text = speech_kit(engine, Filter(), lang="en")[0].text
    assert re.search(r"; and \d+ more sources\)\.$", text), text


def _rows_of(engine: Engine, f: Filter):
    """The national figure's row as the speech kit cites it."""
    import pandas as pd

    from metrics.rules import resolve

    row = resolve(engine, f, codes=["VN"]).iloc[0]
    return pd.DataFrame(
        {
            "code": ["VN"],
            "basis": [row["basis"]],
            "year_lo": [row["year_lo"]],
            "year_hi": [row["year_hi"]],
        }
    )
