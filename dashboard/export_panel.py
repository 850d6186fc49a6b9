"""The export panel under every page: the speech kit (sentences, DOCX, TXT) and the conference
pack (PPTX deck, PDF report), built on request from the page's view model for the page state
(``registry.py`` → ``viewmodels.py``) — the charts the page shows, with their selection,
filters, sources and warnings, exactly as on the page and as ``dvk export`` builds them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future

import streamlit as st

from dashboard import registry, ui, viewmodels
from dashboard.charts import Chart
from dashboard.context import Ctx
from dashboard.exports import documents, images
from dashboard.exports.adapt import PAGE_CHARTS, chart_view
from dashboard.exports.model import ExportView, all_warnings, scope_of
from dashboard.i18n import t
from dashboard.viewmodels import speech_selection

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PACK = "_dvk_pack_files"


def reset() -> None:
    """Forget the charts drawn by the previous run (call before the page runs). The record is
    a test hook, kept only when a test asked for it (``PAGE_CHARTS``, dashboard/README.md): a
    served session holds no copy of its charts."""
    if PAGE_CHARTS in st.session_state:
        st.session_state[PAGE_CHARTS] = []


def scope_text(ctx: Ctx) -> str:
    return " · ".join(ctx.filters_text(metric=True))


selection = speech_selection  # what the sentences are about (``viewmodels.py``)


def sentences_for(ctx: Ctx, charts: Sequence[Chart]) -> list[str]:
    chosen = selection(charts, ctx)
    kit = ctx.data.speech_kit(ctx.version, chosen.filter, chosen.codes, chosen.focus, ctx.lang)
    return [s.text for s in kit]


def export_views(ctx: Ctx, charts: Sequence[Chart]) -> list[ExportView]:
    return [chart_view(c, synthetic=ctx.synthetic, lang=ctx.lang) for c in charts]


def pack_images(views: Sequence[ExportView]) -> Callable[[ExportView], bytes | None]:
    """The PNG of each charted view for the deck and the report: all asked for at once (one
    browser draws them in turn while the deck is laid out) and drawn once for both files;
    ``None`` for a chart that cannot be drawn (the deck/report still carry its figures and
    sources)."""
    drawn: dict[int, Future | None] = {}
    for view in views:
        if view.figure is not None:
            try:
                drawn[id(view)] = images.submit(view, "png")
            except images.ImageExportError:
                drawn[id(view)] = None
    done: dict[int, bytes | None] = {}

    def image(view: ExportView) -> bytes | None:
        if id(view) not in done:
            future = drawn.get(id(view))
            try:
                done[id(view)] = images.result(view, future) if future else None
            except images.ImageExportError:
                done[id(view)] = None
        return done[id(view)]

    return image


def render(ctx: Ctx) -> None:
    ctx = ui.page_ctx(ctx)  # the page state with the page's own controls
    page = registry.page(ctx.page)
    memo: dict[str, list] = {}

    def charts() -> list[Chart]:  # the page's charts, built once per run and only if asked
        if "charts" not in memo:
            memo["charts"] = page.charts(ctx)
        return memo["charts"]

    def views() -> list[ExportView]:
        if "views" not in memo:
            memo["views"] = export_views(ctx, charts())
        return memo["views"]

    with st.expander(t("export_panel", ctx.lang), icon=":material/campaign:"):
        # built on request only: it runs several queries the page itself does not need
        if not st.toggle(t("speech_kit", ctx.lang), key="speech_on"):
            sentences = None
        else:
            sentences = sentences_for(ctx, charts())
            scope = scope_of(views(), scope_text(ctx))
            warnings = all_warnings(views())
        if sentences is None:
            pass
        elif not sentences:
            st.info(t("speech_none", ctx.lang))
        else:
            for warning in warnings:
                st.warning(warning, icon=":material/warning:")
            st.code("\n".join(sentences), language=None, wrap_lines=True)
            st.caption(t("speech_copy", ctx.lang))
            title = t("speech_kit", ctx.lang)
            a, b = st.columns(2)
            a.download_button(
                "DOCX",
                lambda: documents.speech_docx(
                    title, sentences, scope, warnings=warnings, lang=ctx.lang
                ),
                file_name="dvk-so-lieu-phat-bieu.docx",
                mime=DOCX,
                key="dl_speech_docx",
                on_click="ignore",
                icon=":material/description:",
                width="stretch",
            )
            b.download_button(
                "TXT",
                lambda: documents.speech_text(
                    title, sentences, scope, warnings=warnings, lang=ctx.lang
                ),
                file_name="dvk-so-lieu-phat-bieu.txt",
                mime="text/plain",
                key="dl_speech_txt",
                on_click="ignore",
                icon=":material/notes:",
                width="stretch",
            )
        st.markdown(f"**{t('pack', ctx.lang)}**")
        if page.view_model is viewmodels.no_charts:
            st.info(t("pack_none", ctx.lang))
            return
        pack_key = ("_dvk_pack", ctx.page, st.session_state.get("_dvk_last_out"))
        if st.button(t("pack_build", ctx.lang), key="pack_build", icon=":material/build:"):
            if not views():
                st.info(t("pack_none", ctx.lang))
                return
            scope = scope_of(views(), scope_text(ctx))
            bar = st.progress(0.0, text=t("pack_build", ctx.lang))

            def step(share: float, text: str, base: float = 0.0) -> None:
                bar.progress(min(1.0, base + share / 2), text=text)

            image = pack_images(views())
            deck = documents.deck_pptx(views(), scope, image, progress=step, lang=ctx.lang)
            report = documents.report_pdf(
                views(), scope, image, progress=lambda f, x: step(f, x, base=0.5), lang=ctx.lang
            )
            bar.empty()
            st.session_state[PACK] = (pack_key, deck, report)
        built = st.session_state.get(PACK)
        if not built or built[0] != pack_key:
            return
        c, d = st.columns(2)
        c.download_button(
            "PPTX",
            built[1],
            file_name=f"dvk-{ctx.page}.pptx",
            mime=PPTX,
            key="dl_pack_pptx",
            on_click="ignore",
            icon=":material/slideshow:",
            width="stretch",
        )
        d.download_button(
            "PDF",
            built[2],
            file_name=f"dvk-{ctx.page}.pdf",
            mime="application/pdf",
            key="dl_pack_pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
            width="stretch",
        )
