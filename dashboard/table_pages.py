"""A long table a page at a time (50 rows), the page in the URL (``pg_<table key>``).

Only the tables of :data:`dashboard.params.PAGED_TABLES` are paged (a chart's table, or a page's
own table such as the quality page's sources); the downloads (XLSX, CSV) always hold every row.
"""

from __future__ import annotations

import math
import threading
import weakref
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import fmt, params, state
from dashboard.charts import Chart
from dashboard.context import Ctx
from dashboard.i18n import t

PAGE_SIZE = 50
_arrow: dict[int, tuple[weakref.ref, Any]] = {}  # id of a frame → (the frame, its Arrow table)
_arrow_lock = threading.Lock()


def arrow(table: pd.DataFrame) -> Any:
    """``table`` as the Arrow table ``st.dataframe`` sends (columns as they are, no index),
    made once per frame while the frame lives: a frame kept per page state (``cache.view``)
    is not converted again on every rerun. The frame itself where Arrow cannot hold a column
    as it is (Streamlit then converts it its own way)."""
    import pyarrow as pa

    key = id(table)
    with _arrow_lock:
        held = _arrow.get(key)
    if held is not None and held[0]() is table:
        return held[1]
    try:
        found = pa.Table.from_pandas(table, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return table
    with _arrow_lock:  # forgotten with the frame (its id may then name another frame)
        _arrow[key] = (weakref.ref(table, lambda _r, held=_arrow: held.pop(key, None)), found)
    return found


def dataframe(table: pd.DataFrame, lo: int = 0, hi: int | None = None, **options: Any) -> None:
    """``st.dataframe`` of rows ``lo:hi`` of ``table`` (all by default), without its index,
    across the page's width (``options``: those of ``st.dataframe``)."""
    data = arrow(table)
    if hi is not None or lo:
        hi = len(table) if hi is None else hi
        data = data.iloc[lo:hi] if isinstance(data, pd.DataFrame) else data.slice(lo, hi - lo)
    st.dataframe(data, hide_index=True, width="stretch", **options)


def paged(page: str, key: str) -> bool:
    return key in params.PAGED_TABLES.get(page, ())


def rows(total: int, number: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """The (start, stop) rows of page ``number`` (1-based; past the end: the last page).

    >>> rows(526, 1), rows(526, 11), rows(526, 99), rows(0, 1)
    ((0, 50), (500, 526), (500, 526), (0, 0))
    """
    pages = max(1, math.ceil(total / size))
    number = min(max(1, number), pages)
    return (number - 1) * size, min(number * size, total)


def show(ctx: Ctx, chart: Chart) -> None:
    """The chart's table: whole when short or not paged, else one page and a page picker."""
    show_frame(ctx, chart.key, chart.table)


def show_frame(ctx: Ctx, key: str, table: pd.DataFrame, **options: Any) -> None:
    """``table`` (``options``: those of ``st.dataframe``): whole when short or not paged, else
    the page of the URL's ``pg_<key>`` and a page picker."""
    if not paged(ctx.page, key) or len(table) <= PAGE_SIZE:
        dataframe(table, **options)
        return
    pages = math.ceil(len(table) / PAGE_SIZE)

    def label(n: int) -> str:
        lo, hi = rows(len(table), n)
        return t(
            "table_page_of",
            ctx.lang,
            page=n,
            pages=pages,
            lo=fmt.number(lo + 1, ctx.lang),
            hi=fmt.number(hi, ctx.lang),
        )

    number = state.bind(
        st.selectbox,
        f"pg_{key}",
        t("table_page", ctx.lang),
        page=ctx.page,
        options=list(range(1, pages + 1)),
        format_func=label,
    )
    lo, hi = rows(len(table), int(number or 1))
    dataframe(table, lo, hi, **options)
    st.caption(
        t(
            "table_rows",
            ctx.lang,
            lo=fmt.number(lo + 1, ctx.lang),
            hi=fmt.number(hi, ctx.lang),
            total=fmt.number(len(table), ctx.lang),
        )
    )
