"""Nguồn & chất lượng dữ liệu — every source with its figures; every finding with its rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import cache, charts, fmt, safe_text, source_picker, state, table_pages, tables, ui
from dashboard.context import Ctx
from dashboard.i18n import kind_text, label, t
from metrics.filters import Filter
from metrics.quality import KINDS

PAGE = state.QUALITY

SHOWN_MAX = 200  # findings listed on the page (counts above cover all)


def sources_section(ctx: Ctx) -> None:
    st.markdown(f"#### {t('sources_title', ctx.lang)}")
    scope = ctx.filter.replace(metric=None) if (ctx.filter.locality or ctx.filter.years) else None
    # kept per page state: the same frame and labels on every rerun (not copies of thousands)
    found = cache.view(ctx, "quality.sources", lambda: sources_in(ctx, scope))
    table, labels, cells, titles = found
    if table.empty:
        ui.empty(ctx)
        return
    # a page at a time (thousands of sources at national scale); the downloads hold every row
    links = {t("address", ctx.lang): st.column_config.LinkColumn()}
    table_pages.show_frame(ctx, "sources", table, column_config=links)
    sources_downloads(ctx, cells, scoped=scope is not None)
    chosen = state.get("src", PAGE)
    source = source_picker.pick(  # a search and a short list, not every source on each rerun
        ctx.lang,
        titles,
        chosen,
        lambda options: state.bind(
            st.selectbox,
            "src",
            t("choose_source", ctx.lang),
            page=PAGE,
            options=options,
            format_func=lambda s: "—" if s is None else labels.get(s, s),
        ),
        key="quality_src_search",
    )
    if source:
        figures(ctx, f"src.{source}", lambda: ctx.data.source_figures(ctx.version, source))


def sources_in(
    ctx: Ctx, scope: Filter | None
) -> tuple[pd.DataFrame, dict[str, str], dict[str, Any], dict[str, str]]:
    """The sources table, the picker label and export cells of each source, and each source's
    title for the search (``scope``: the sources of its figures only; all by default)."""
    table, ids, labels, cells = ctx.data.sources_view(ctx.version, scope, ctx.lang)
    return table, labels, cells, {s: labels.get(s, s) for s in ids}


def sources_export(ctx: Ctx, cells: dict[str, Any], scoped: bool):
    """The whole sources table as an export (every row, whatever page is shown; figure
    counts as number cells)."""
    from dashboard.exports.model import ExportView

    scope = [("", " · ".join(ctx.filters_text(dims=False)))] if scoped else []
    return ExportView(
        t("sources_title", ctx.lang),
        cells["values"],
        filters=scope,
        number_formats=cells["formats"],
        synthetic=ctx.synthetic,
        lang=ctx.lang,
    )


def sources_downloads(ctx: Ctx, cells: dict[str, Any], scoped: bool) -> None:
    """XLSX and CSV of every source listed; built only when clicked."""
    from dashboard.exports import tables as exported

    ui.download_row(
        ctx,
        "dvk-nguon",
        "dl_sources",
        {
            "xlsx": lambda: exported.to_xlsx(sources_export(ctx, cells, scoped)),
            "csv": lambda: exported.to_csv(sources_export(ctx, cells, scoped)),
        },
    )


def figures(ctx: Ctx, key: str, rows: Callable[[], pd.DataFrame]) -> None:
    """The figures of a source or a finding (``rows``), as a table kept per page state."""
    table_pages.dataframe(
        cache.view(ctx, f"quality.figures.{key}", lambda: figures_table(ctx, rows()))
    )


def figures_table(ctx: Ctx, rows: pd.DataFrame) -> pd.DataFrame:
    shown = rows.assign(
        metric_label=[label("metric", m, ctx.lang) for m in rows["metric"]],
        field_label=[label("field", v, ctx.lang) for v in rows["field"]],
        subject_label=[label("subject", v, ctx.lang) for v in rows["subject"]],
        level_label=[label("level", v, ctx.lang) for v in rows["level"]],
        period_text=[fmt.period(a, b) for a, b in zip(rows["year_start"], rows["year_end"])],
    )
    return charts.display_table(
        shown,
        {
            "locality_name": t("locality", ctx.lang),
            "period_text": t("data_period", ctx.lang),
            "metric_label": t("metric", ctx.lang),
            "field_label": t("field", ctx.lang),
            "subject_label": t("subject", ctx.lang),
            "level_label": t("level", ctx.lang),
            "value": t("value", ctx.lang),
            "status": t("status", ctx.lang),
            "quote": "Trích dẫn" if ctx.lang == "vi" else "Quote",
            "note": "Ghi chú" if ctx.lang == "vi" else "Note",
            "tally_id": "ID",
        },
        ctx.lang,
    )


def findings_section(ctx: Ctx) -> None:
    st.markdown(f"#### {t('findings_title', ctx.lang)}")
    st.caption(
        t("quality_scope", ctx.lang) + " " + safe_text.md(" · ".join(ctx.filters_text(dims=False)))
    )
    scope = ctx.filter.replace(metric=None) if (ctx.filter.locality or ctx.filter.years) else None
    with st.spinner(t("checking", ctx.lang)):
        found, counts = ctx.data.findings_view(ctx.version, str(cache.data_dir()), scope, ctx.lang)
    cols = [col for _ in range(0, len(KINDS), 3) for col in st.columns(3)]
    for col, kind in zip(cols, KINDS):
        col.metric(
            kind_text(kind, ctx.lang), fmt.number(int(counts.get(kind, 0)), ctx.lang), border=True
        )
    kind = state.bind(
        st.selectbox,
        "fk",
        t("finding_kind", ctx.lang),
        page=PAGE,
        options=["all", *KINDS],
        format_func=lambda k: t("all_kinds", ctx.lang) if k == "all" else kind_text(k, ctx.lang),
    )
    shown, table, listed, labels = cache.view(
        ctx, f"quality.findings_listed.{kind}", lambda: findings_listed(ctx, found, kind)
    )
    total = sum(counts.values()) if kind == "all" else counts.get(kind, 0)
    if total > min(len(shown), SHOWN_MAX):
        st.caption(
            t(
                "listed_of",
                ctx.lang,
                shown=fmt.number(min(len(shown), SHOWN_MAX), ctx.lang),
                total=fmt.number(total, ctx.lang),
            )
        )
    if shown.empty:
        st.info(t("no_findings", ctx.lang), icon=":material/check_circle:")
        return
    table_pages.dataframe(listed)
    chosen = state.bind(
        st.selectbox,
        "fi",
        t("show_rows", ctx.lang),
        page=PAGE,
        options=[None, *labels],
        format_func=lambda i: "—" if i is None else labels[i],
    )
    if chosen:
        ids = tuple(tables.items(table.loc[chosen - 1, "tally_ids"]))
        figures(ctx, f"fi.{kind}.{chosen}", lambda: ctx.data.tallies_by_id(ctx.version, ids))


def findings_listed(
    ctx: Ctx, found: pd.DataFrame, kind: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[int, str]]:
    """The findings of ``kind`` (``"all"``), the first ``SHOWN_MAX`` of them numbered, the
    table people read and the label of each for the picker (kept per page state)."""
    shown = found if kind == "all" else found[found["kind"] == kind]
    table = shown.head(SHOWN_MAX).reset_index(drop=True)
    table = table.assign(number=range(1, len(table) + 1))
    listed = charts.display_table(
        table,
        {
            "number": "#",
            "severity_label": t("severity", ctx.lang),
            "kind_label": t("finding_kind", ctx.lang),
            "locality_name": t("locality", ctx.lang),
            "metric_label": t("metric", ctx.lang),
            "period_text": t("data_period", ctx.lang),
            "detail_text": t("detail", ctx.lang),
            "sources_text": t("sources", ctx.lang),
        },
        ctx.lang,
    )
    labels = dict(zip(table["number"], "#" + table["number"].astype(str) + " — " + table["title"]))
    return shown, table, listed, labels


def render(ctx: Ctx) -> None:
    st.title(t("page_quality", ctx.lang))
    ui.guarded(ctx, lambda: findings_section(ctx))
    ui.guarded(ctx, lambda: sources_section(ctx))


ui.run_page(render)
