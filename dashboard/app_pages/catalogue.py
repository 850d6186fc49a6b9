"""Danh mục mô hình — named models, searchable without diacritics, filtered, paged."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from dashboard import cache, charts, fmt, safe_text, state, table_pages, ui, viewmodels
from dashboard.context import Ctx
from dashboard.i18n import label, model_status, t
from metrics.catalogue import CatalogueQuery, Page

if TYPE_CHECKING:
    import pandas as pd

PAGE = state.CATALOGUE
STATUSES = ("registered", "recognized", "commended", "nominated")


def query(ctx: Ctx) -> CatalogueQuery:
    left, right = st.columns([3, 1])
    with left:
        text = state.bind(
            st.text_input,
            "q",
            t("search_models", ctx.lang),
            page=PAGE,
            placeholder="camera an ninh, dan van…",
        )
    with right:
        status = state.bind(
            st.selectbox,
            "st",
            t("status", ctx.lang),
            page=PAGE,
            options=[None, *STATUSES],
            format_func=lambda s: t("any", ctx.lang) if s is None else model_status(s, ctx.lang),
        )
    return CatalogueQuery.of(ctx.filter, text or "", status, int(state.get("pg", PAGE) or 1))


def results(ctx: Ctx, q: CatalogueQuery) -> None:
    # how many were found and the table as shown, built once per search and data version
    page, table = cache.view(ctx, ("catalogue.results", q), lambda: found_table(ctx, q))
    found = t("models_found", ctx.lang, n=fmt.number(page.total, ctx.lang))
    st.markdown(f"#### {t('catalogue_title', ctx.lang)} — {found}")
    st.caption(safe_text.md(" · ".join(ctx.filters_text(dims=True))))
    if page.total == 0:
        ui.empty(ctx)
        return
    table_pages.dataframe(table)  # its Arrow form kept with it
    export_buttons(ctx, q, page.total)
    if page.pages > 1:
        state.bind(
            st.number_input,
            "pg",
            f"{t('page_n', ctx.lang)} (1–{page.pages})",
            page=PAGE,
            min_value=1,
            max_value=page.pages,
            step=1,
        )


EXPORT_LIMIT = 100_000


def found_table(ctx: Ctx, q: CatalogueQuery) -> tuple[Page, pd.DataFrame | None]:
    """The page of models ``q`` finds, and that page labelled and formatted for reading."""
    page = ctx.data.catalogue_page(ctx.version, q)
    if page.total == 0:
        return page, None
    found = page.rows
    rows = found.assign(
        field_label=[label("field", str(v), ctx.lang) for v in found["field"]],
        status_label=[model_status(str(v), ctx.lang) for v in found["model_status"]],
        years_text=[
            fmt.period(a, b if b == b else a)
            for a, b in zip(found["year_start"], found["year_end"])
        ],
    )
    return page, charts.display_table(
        rows,
        {
            "model_name": t("model_name", ctx.lang),
            "locality_name": t("locality", ctx.lang),
            "field_label": t("field", ctx.lang),
            "years_text": t("years", ctx.lang),
            "status_label": t("status", ctx.lang),
            "owner_name": t("owner", ctx.lang),
            "source_id": t("source", ctx.lang),
        },
        ctx.lang,
    )


def export_buttons(ctx: Ctx, q: CatalogueQuery, total: int) -> None:
    """XLSX and CSV of every model matching the search (up to EXPORT_LIMIT), built on click."""
    from dataclasses import replace

    from dashboard.exports import tables
    from dashboard.exports.model import ExportView
    from metrics import catalogue

    engine = cache.engine()
    scope = " · ".join(ctx.filters_text(dims=True))

    def view() -> ExportView:
        rows = catalogue.search(engine, replace(q, page=1, page_size=EXPORT_LIMIT)).rows
        return ExportView(
            t("catalogue_title", ctx.lang),
            rows.drop(columns=["name_key"], errors="ignore"),
            unit=t("unit_models", ctx.lang),
            filters=[("", scope), ("", q.text)] if q.text else [("", scope)],
            synthetic=ctx.synthetic,
        )

    note = f" ({fmt.number(EXPORT_LIMIT, ctx.lang)} đầu tiên)" if total > EXPORT_LIMIT else ""
    a, b = st.columns(2)
    a.download_button(
        f"{t('download', ctx.lang)} XLSX{note}",
        lambda: tables.to_xlsx(view()),
        file_name="dvk-danh-muc-mo-hinh.xlsx",
        key="dl_catalogue_xlsx",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
    b.download_button(
        f"{t('download', ctx.lang)} CSV{note}",
        lambda: tables.to_csv(view()),
        file_name="dvk-danh-muc-mo-hinh.csv",
        mime="text/csv",
        key="dl_catalogue_csv",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )


def by_place(ctx: Ctx) -> None:
    # built once per page state and data version (the chart never changes once built)
    for chart in cache.view(ctx, "catalogue.by_place", lambda: tuple(viewmodels.catalogue(ctx))):
        ui.show(ctx, chart)


def render(ctx: Ctx) -> None:
    st.title(t("page_catalogue", ctx.lang))
    q = query(ctx)
    results(ctx, q)
    ui.guarded(ctx, lambda: by_place(ctx))


ui.run_page(render)
