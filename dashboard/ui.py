"""Small shared pieces of page layout: the error guard, empty states, figure cards,
chart rendering with its chart/table switch, source lines and the copy-link box."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard import cache, charts, fmt, safe_text, state, table_pages
from dashboard.charts import Chart
from dashboard.context import Ctx, current
from dashboard.i18n import t
from dashboard.present import (  # noqa: F401 - the pure helpers, re-exported for pages
    UNIT_KEYS,
    cited,
    place_names,
    sources_for,
    unit,
    warning_texts,
)

log = logging.getLogger("dvk.dashboard")


def run_page(render: Callable[[Ctx], None]) -> None:
    """Run a page body: an error becomes a Vietnamese message and a log entry, never a traceback."""
    ctx = current()
    try:
        render(ctx)
    except Exception:  # noqa: BLE001 - the user must never see a traceback
        log.exception("page %s failed", ctx.page)
        st.error(t("error_page", ctx.lang))


def page_ctx(ctx: Ctx) -> Ctx:
    """``ctx`` with the page state as it is now (after the page drew its own controls)."""
    from dataclasses import replace

    from dashboard.params import page_state

    return replace(ctx, state=page_state(ctx.page, state.store()))


def guarded(ctx: Ctx, render: Callable[[], None]) -> None:
    """Run one section; an error hides only that section."""
    try:
        render()
    except Exception:  # noqa: BLE001
        log.exception("section of page %s failed", ctx.page)
        st.error(t("error_page", ctx.lang))


def empty(ctx: Ctx) -> None:
    st.info(f"{t('empty', ctx.lang)} {t('empty_hint', ctx.lang)}", icon=":material/info:")


def show(ctx: Ctx, chart: Chart, select: bool = False, narrow: bool = False) -> object:
    """Title, chart/table switch (in the URL), the chart or its table, then the caption.

    With ``select``, a click on the chart reruns the page; returns the selection event.
    ``narrow`` (a chart in a side column): the switch goes under the title, whole — beside
    it, it would be cut to "Biểu đồ | Bả…"."""
    if narrow:
        st.markdown(f"#### {safe_text.md(chart.title)}")
        view = _view_switch(ctx, chart.key)
    else:
        # title and switch share a row; where both do not fit (an 800-pixel window, a chart
        # in a column) the whole switch goes to the next line instead of being cut
        row = st.container(
            horizontal=True, horizontal_alignment="distribute", vertical_alignment="bottom"
        )
        with row:
            st.markdown(f"#### {safe_text.md(chart.title)}", width="stretch")
            view = _view_switch(ctx, chart.key)
    for warning in chart.warnings:
        st.warning(safe_text.md(warning), icon=":material/warning:")
    event = None
    if view == "table":
        table_pages.show(ctx, chart)  # a long table a page at a time
    else:
        event = st.plotly_chart(
            charts.sent(chart.figure),  # its dictionary made once: the figure never changes
            width="stretch",
            key=f"plot_{chart.key}",
            config={"displaylogo": False, "locale": "vi" if ctx.lang == "vi" else "en"},
            **({"on_select": "rerun", "selection_mode": "points"} if select else {}),
        )
    st.caption(safe_text.md(chart.caption(ctx.lang)))  # source titles are text
    downloads(ctx, chart)
    for note in chart.notes:
        st.caption(safe_text.md(note))
    return event


def _view_switch(ctx: Ctx, key: str) -> str:
    return (
        state.bind(
            st.segmented_control,
            f"v_{key}",
            t("view", ctx.lang),
            page=ctx.page,
            options=list(state.CHART_VIEWS),
            format_func=lambda v: t(f"view_{v}", ctx.lang),
            required=True,
            label_visibility="collapsed",
        )
        or "chart"
    )


# a card's label wraps onto more lines rather than being cut ("Mô hình được công n…" at 1280 px),
# and its figure shrinks with a narrow card rather than being cut ("43…" at 800 px)
CARD_ROW = '[data-testid="stHorizontalBlock"]:has([class*="st-key-card_notes_"])'
CARD_CSS = (
    "<style>"
    '[data-testid="stMetric"]{container-type:inline-size}'
    '[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],'
    '[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p'
    "{white-space:normal;overflow:visible;text-overflow:clip;overflow-wrap:break-word}"
    '[data-testid="stMetricValue"]{font-size:min(2.25rem,17cqi)}'
    # the overview's row of cards (each column: its card, then its notes in one container
    # keyed card_notes_N): one grid whose first row holds every card, so a card whose label
    # wraps onto more lines does not stand taller than the others (columns side by side only)
    "@media (min-width:640px){"
    f"{CARD_ROW}{{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(0,1fr);"
    "grid-template-rows:auto 1fr}"
    f'{CARD_ROW}>[data-testid="stColumn"]{{display:grid;grid-row:span 2;'
    "grid-template-rows:subgrid;row-gap:1rem;width:auto!important;min-width:0}"
    f'{CARD_ROW}>[data-testid="stColumn"]>[data-testid="stVerticalBlock"]{{display:contents}}'
    f'{CARD_ROW} [data-testid="stMetric"]{{height:100%;box-sizing:border-box}}'
    "}"
    "</style>"
)


def card_style() -> None:
    """Every card (``st.metric``) of the page shows its whole label and figure (sent once
    per run)."""
    st.html(CARD_CSS)


def figure_card(
    ctx: Ctx,
    title: str,
    value: object,
    delta: str | None,
    delta_value: float | None,
    help_text: str,
) -> None:
    """One key figure: value, change against the previous period, source and date."""
    st.metric(
        title,
        fmt.number(value, ctx.lang) if value is not None else fmt.MISSING,
        delta=delta,
        delta_color="normal" if delta_value is not None else "off",
        help=help_text or None,
        border=True,
    )


def folded(kind: str, label: str, key: str, **options: Any) -> Any | None:
    """A popover (``kind="popover"``) or expander whose content is drawn only while it is open:
    the container to draw it in, or ``None`` while it is closed. Opening it reruns the page
    (Streamlit's lazy containers), so what stays folded away costs nothing on every other
    rerun: a menu of ten links or a group of charts is ~10 elements each sent on each rerun."""
    make = st.popover if kind == "popover" else st.expander
    box = make(label, key=key, on_change="rerun", **options)
    return box if box.open else None


def folded_charts(
    ctx: Ctx, title: str, charts: list[Chart], key: str, unfolded: bool = False
) -> None:
    """``charts`` in an expander, drawn when it is unfolded (:func:`folded`; ``unfolded``:
    shown unfolded, e.g. when nothing else is shown). Folded, they are still part of the page:
    its exports hold them (:func:`record`)."""
    box = st.expander(title, expanded=True) if unfolded else folded("expander", title, key)
    if box is None:
        for chart in charts:
            record(chart)
        return
    with box:
        for chart in charts:
            show(ctx, chart)


def copy_link(ctx: Ctx) -> None:
    """The "Sao chép liên kết" box: the address of exactly this view."""
    with st.popover(t("copy_link", ctx.lang), icon=":material/link:", width="stretch"):
        st.caption(t("copy_link_help", ctx.lang))
        st.code(state.url_for(ctx.page), language=None, wrap_lines=True)
        if st.button(t("short_link", ctx.lang), key="short_link", icon=":material/compress:"):
            from urllib.parse import urlencode

            from data_loaders.appdb import saved_views

            query = urlencode(state.query(ctx.page))
            key = saved_views.save_view(cache.data_dir(), ctx.page, query)
            path = "" if ctx.page == state.OVERVIEW else ctx.page
            st.code(f"{state.base_url(ctx.page)}/{path}?v={key}", language=None)


def warnings(ctx: Ctx, keys: list[str]) -> None:
    """Warnings not tied to one chart (a chart carries its own in ``Chart.warnings``)."""
    for text in warning_texts(ctx, keys):
        st.warning(text, icon=":material/warning:")


def chart_export(ctx: Ctx, chart: Chart):
    """The chart as an export: every field read from the chart itself."""
    from dashboard.exports.adapt import chart_view

    return chart_view(chart, synthetic=ctx.synthetic, lang=ctx.lang)


def record(chart: Chart) -> None:
    """Note a chart the page shows for the test hook ``PAGE_CHARTS`` (only a test asks for the
    record, dashboard/README.md)."""
    from dashboard.exports.adapt import PAGE_CHARTS

    drawn = st.session_state.get(PAGE_CHARTS)
    if drawn is not None:
        drawn.append(chart)


def downloads(ctx: Ctx, chart: Chart) -> None:
    """PNG, SVG, XLSX and CSV of one chart; files are built only when clicked (off the page
    thread), so a slow export never blocks the page."""
    from dashboard.exports import images, tables

    view = functools.cache(lambda: chart_export(ctx, chart))  # made when a file is asked
    record(chart)
    files: dict[str, Callable[[], bytes]] = {}
    if chart.figure is not None:  # a table alone has no image
        files["png"] = lambda: images.render(view(), "png")
        files["svg"] = lambda: images.render(view(), "svg")
    files["xlsx"] = lambda: tables.to_xlsx(view())
    files["csv"] = lambda: tables.to_csv(view())
    download_row(ctx, f"dvk-{ctx.page}-{chart.key}", f"dl_{chart.key}", files)


MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


def download_row(ctx: Ctx, stem: str, key: str, files: dict[str, Callable[[], bytes]]) -> None:
    """One download button per file (extension → builder, called only when clicked, off the
    page thread), in a wrapping row of buttons as wide as their labels: never cut to "Tải …"
    in a narrow column."""
    row = st.container(horizontal=True, wrap=True, gap="small")
    for ext, build in files.items():
        row.download_button(
            f"{t('download', ctx.lang)} {ext.upper()}",
            build,
            file_name=f"{stem}.{ext}",
            mime=MIME[ext],
            key=f"{key}_{ext}",
            on_click="ignore",
            icon=":material/download:",
            width="content",
        )
