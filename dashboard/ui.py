"""Small shared pieces of page layout: the error guard, empty states, figure cards,
chart rendering with its chart/table switch, source lines and the copy-link box."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import cache, fmt, state
from dashboard.charts import Chart, note_markdown
from dashboard.context import Ctx, current
from dashboard.i18n import t

log = logging.getLogger("dvk.dashboard")
UNIT_KEYS = {
    "models_registered": "unit_models",
    "models_recognized": "unit_models",
    "registrants": "unit_registrants",
    "commendations": "unit_commendations",
    "nominations": "unit_nominations",
    "contest_entries": "unit_entries",
    "contest_prizes": "unit_prizes",
}


def run_page(render: Callable[[Ctx], None]) -> None:
    """Run a page body: an error becomes a Vietnamese message and a log entry, never a traceback."""
    ctx = current()
    try:
        render(ctx)
    except Exception:  # noqa: BLE001 - the user must never see a traceback
        log.exception("page %s failed", ctx.page)
        st.error(t("error_page", ctx.lang))


def guarded(ctx: Ctx, render: Callable[[], None]) -> None:
    """Run one section; an error hides only that section."""
    try:
        render()
    except Exception:  # noqa: BLE001
        log.exception("section of page %s failed", ctx.page)
        st.error(t("error_page", ctx.lang))


def place_names(ctx: Ctx, codes: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Unique display names: 2025 units are marked when old and new units can mix."""
    from metrics import places

    engine = cache.engine()
    out = {}
    for code in codes:
        if code == "VN":
            out[code] = t("nation", ctx.lang)
            continue
        name = places.name(engine, code)
        if ctx.filter.boundary == "reported" and places.era(engine, code) == "2025":
            name = f"{name} ({t('era_2025', ctx.lang)})"
        out[code] = name
    return out


def empty(ctx: Ctx) -> None:
    st.info(f"{t('empty', ctx.lang)} {t('empty_hint', ctx.lang)}", icon=":material/info:")


def unit(ctx: Ctx, metric: str | None = None) -> str:
    return t(UNIT_KEYS.get(metric or ctx.filter.metric, "unit_models"), ctx.lang)


def source_lines(ctx: Ctx, sources: pd.DataFrame, limit: int = 3) -> list[str]:
    """ "Title (outlet, date)" for the first sources, then "and N more"."""
    lines = []
    for row in sources.head(limit).itertuples(index=False):
        bits = [
            b
            for b in (row.outlet, fmt.published(row.published))
            if isinstance(b, str) and b and b != fmt.MISSING
        ]
        title = row.title if isinstance(row.title, str) and row.title else row.source_id
        lines.append(f"{title}" + (f" ({', '.join(bits)})" if bits else ""))
    if len(sources) > limit:
        lines.append(t("more_sources", ctx.lang, n=len(sources) - limit))
    return lines


def sources_for(
    ctx: Ctx, codes: tuple[str, ...] | None = None, metric: str | None = None
) -> list[str]:
    f = ctx.filter if metric is None else ctx.filter.replace(metric=metric)
    scope = codes if codes is not None else ((ctx.scope,) if ctx.scope != "VN" else None)
    return source_lines(ctx, cache.sources_of(ctx.version, f, scope))


def show(ctx: Ctx, chart: Chart, select: bool = False) -> object:
    """Title, chart/table switch (in the URL), the chart or its table, then the caption.

    With ``select``, a click on the chart reruns the page; returns the selection event."""
    head, switch = st.columns([5, 2], vertical_alignment="bottom")
    head.markdown(f"#### {chart.title}")
    with switch:
        view = _view_switch(ctx, chart.key)
    event = None
    if view == "table":
        st.dataframe(chart.table, hide_index=True, width="stretch")
    else:
        event = st.plotly_chart(
            chart.figure,
            width="stretch",
            key=f"plot_{chart.key}",
            config={"displaylogo": False, "locale": "vi" if ctx.lang == "vi" else "en"},
            **({"on_select": "rerun", "selection_mode": "points"} if select else {}),
        )
    st.caption(chart.caption(ctx.lang))
    downloads(ctx, chart)
    for note in chart.notes:
        st.caption(note_markdown(note))
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


def copy_link(ctx: Ctx) -> None:
    """The "Sao chép liên kết" box: the address of exactly this view."""
    with st.popover(t("copy_link", ctx.lang), icon=":material/link:", width="stretch"):
        st.caption(t("copy_link_help", ctx.lang))
        st.code(state.url_for(ctx.page), language=None, wrap_lines=True)
        if st.button(t("short_link", ctx.lang), key="short_link", icon=":material/compress:"):
            from urllib.parse import urlencode

            from data_loaders import saved_views

            query = urlencode(state.query(ctx.page))
            key = saved_views.save_view(cache.data_dir(), ctx.page, query)
            path = "" if ctx.page == state.OVERVIEW else ctx.page
            st.code(f"{state.base_url(ctx.page)}/{path}?v={key}", language=None)


def warnings(ctx: Ctx, keys: list[str]) -> None:
    from dashboard.i18n import WARNING_KEYS

    for key in keys:
        st.warning(t(WARNING_KEYS[key], ctx.lang), icon=":material/warning:")


def chart_export(ctx: Ctx, chart: Chart):
    """The chart as an export (figure, table, unit, filters, structured sources)."""
    from dashboard.exports.adapt import chart_view

    scope = (ctx.scope,) if ctx.scope != "VN" else None
    sources = cache.sources_of(ctx.version, ctx.filter, scope)
    return chart_view(chart, sources, synthetic=ctx.synthetic)


def downloads(ctx: Ctx, chart: Chart) -> None:
    """PNG, SVG, XLSX and CSV of one chart; files are built only when clicked (off the page
    thread), so a slow export never blocks the page."""
    from dashboard.exports import images, tables
    from dashboard.exports.adapt import PAGE_CHARTS

    view = chart_export(ctx, chart)
    st.session_state.setdefault(PAGE_CHARTS, []).append(view)
    stem = f"dvk-{ctx.page}-{chart.key}"
    # a wrapping row of buttons as wide as their labels: never cut to "Tải …" in a narrow column
    row = st.container(horizontal=True, wrap=True, gap="small")
    files = (
        ("PNG", "png", "image/png", lambda: images.render(view, "png")),
        ("SVG", "svg", "image/svg+xml", lambda: images.render(view, "svg")),
        (
            "XLSX",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda: tables.to_xlsx(view),
        ),
        ("CSV", "csv", "text/csv", lambda: tables.to_csv(view)),
    )
    for name, ext, mime, build in files:
        row.download_button(
            f"{t('download', ctx.lang)} {name}",
            build,
            file_name=f"{stem}.{ext}",
            mime=mime,
            key=f"dl_{chart.key}_{ext}",
            on_click="ignore",
            icon=":material/download:",
            width="content",
        )
