"""Streamlit entry point: navigation, the sidebar and the URL state (no business logic here).

Run with ``dvk serve`` (or ``streamlit run dashboard/app.py`` with ``DVK_DATA_DIR`` set).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # streamlit runs this file as a script: make the repo importable
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import cache, context, export_panel, safe_text, sidebar, signin, state, ui  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from data_loaders.appdb import saved_views  # noqa: E402
from metrics import places  # noqa: E402
from metrics.filters import Filter  # noqa: E402

log = logging.getLogger("dvk.dashboard")
SHORT_LINK_NOTICE = "_dvk_unknown_short_link"
PAGE_FILES: dict[str, tuple[str, str, str]] = {
    state.OVERVIEW: ("overview.py", "page_overview", ":material/dashboard:"),
    state.COMPARE: ("compare.py", "page_compare", ":material/leaderboard:"),
    state.BREAKDOWN: ("breakdown.py", "page_breakdown", ":material/donut_small:"),
    state.TRENDS: ("trends.py", "page_trends", ":material/trending_up:"),
    state.CATALOGUE: ("catalogue.py", "page_catalogue", ":material/menu_book:"),
    state.QUALITY: ("quality.py", "page_quality", ":material/fact_check:"),
    state.IMPORT: ("import_report.py", "page_import", ":material/upload_file:"),
    state.GUIDE: ("guide.py", "page_guide", ":material/help:"),
}
PAGE_ACTION: dict[str, str] = {state.IMPORT: "ingest"}  # pages that need more than "read"
FAVICON = Path(__file__).with_name("static") / "favicon.png"  # local: nothing fetched outside


def _initial_lang() -> str:
    """The language for page titles, known before the URL is parsed in full."""
    if state.url_wins():
        raw = st.query_params.get("lang")
        return raw if raw in ("vi", "en") else "vi"
    return state.get("lang") or "vi"


def _expand_short_link() -> None:
    """``?v=KEY`` (a saved view): put the stored parameters in the address and rerun."""
    key = st.query_params.get("v")
    if not key:
        return
    found = saved_views.load_view(cache.data_dir(), key)
    if found is None:
        del st.query_params["v"]
        st.session_state[SHORT_LINK_NOTICE] = key
        return
    st.query_params.from_dict(dict(parse_qsl(found[1])))
    st.rerun()


def main() -> None:
    st.set_page_config(page_title="Dân vận khéo", page_icon=str(FAVICON), layout="wide")
    _expand_short_link()
    lang = _initial_lang()
    who = signin.current()
    pages = {
        slug: st.Page(
            f"app_pages/{file}",
            title=t(title, lang),
            icon=icon,
            url_path=slug,
            default=slug == state.OVERVIEW,
        )
        for slug, (file, title, icon) in PAGE_FILES.items()
        # a page not listed cannot be reached; signed out, all are listed (none runs)
        if not signin.allowed(who) or who.can(PAGE_ACTION.get(slug, "read"))
    }
    chosen = st.navigation(
        list(pages.values()), position="sidebar" if signin.allowed(who) else "hidden"
    )
    who = signin.gate(who, lang)  # signed out: the sign-in page, and the run stops here
    slug = next((s for s, p in pages.items() if p == chosen), state.OVERVIEW)
    engine = cache.engine()
    notices = state.sync(slug, engine)
    with st.sidebar:
        lang = sidebar.language()
        signin.badge(who, lang)
        boundary, scope = sidebar.locality(engine, lang)
        version = cache.version()
        years = sidebar.period(lang, cache.year_bounds(version))
        chosen_dims = sidebar.measures(lang)
        link_slot = st.container()
    metric = chosen_dims.pop("metric") or "models_registered"
    f = Filter(
        metric=metric,
        years=years,
        locality=None if scope == "VN" else scope,
        boundary=boundary,
        **chosen_dims,
    )
    ctx = context.Ctx(
        lang=lang,
        page=slug,
        filter=f,
        scope=scope,
        scope_name=places.label(engine, scope, boundary, lang)
        if scope != "VN"
        else t("nation", lang),
        version=version,
        year_bounds=cache.year_bounds(version) or sidebar.DEFAULT_YEARS,
        pages=pages,
        synthetic=cache.is_synthetic(version),
    )
    context.publish(ctx)
    if st.session_state.pop(SHORT_LINK_NOTICE, None):
        notices = [*notices, "v"]
    if notices:
        items = ", ".join(safe_text.md(n) for n in notices)  # URL text shown as text
        st.warning(t("notice_invalid", lang, items=items), icon=":material/link_off:")
    if ctx.synthetic:
        st.caption(f":orange[{t('synthetic', lang)}]")
    export_panel.reset()
    chosen.run()
    if slug not in (state.GUIDE, state.IMPORT):
        export_panel.render(ctx)
    with link_slot:
        ui.copy_link(ctx)
    state.write_url(slug)


try:
    main()
except Exception:  # noqa: BLE001 - the user must never see a traceback
    log.exception("dashboard failed")
    st.error(t("error_page", "vi") + "\n\n" + t("error_page", "en"))
