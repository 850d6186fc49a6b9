"""Streamlit entry point: navigation, the sidebar and the URL state (no business logic here).

Run with ``dvk serve`` (or ``streamlit run dashboard/app.py`` with ``DVK_DATA_DIR`` set).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from urllib.parse import parse_qsl

# streamlit runs this file as a script, on every rerun: make the repo importable (a path worked
# out without asking the file system: each system call may wait for the interpreter lock)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import streamlit as st  # noqa: E402

from dashboard import (  # noqa: E402
    cache,
    context,
    export_panel,
    params,
    registry,
    safe_text,
    sidebar,
    signin,
    state,
    ui,
)
from dashboard.auth import Identity  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from dashboard.streamlit_texts import apply as apply_streamlit_texts  # noqa: E402
from data_loaders.appdb import saved_views  # noqa: E402
from metrics.engine import Version  # noqa: E402

log = logging.getLogger("dvk.dashboard")
SHORT_LINK_NOTICE = "_dvk_unknown_short_link"
NAVIGATION = "_dvk_navigation"  # this session's pages (``_navigation``)
FAVICON = Path(__file__).with_name("static") / "favicon.png"  # local: nothing fetched outside


def _moved() -> None:
    """The body of an old address (never run: ``main`` switches to the new page first)."""


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


def _navigation(lang: str, who: Identity | None) -> tuple[dict[str, st.Page], dict[str, st.Page]]:
    """The pages listed (slug → page) and the old addresses kept (address → page), made once
    per session, language and rights: each ``st.Page`` of a file looks the file up on disk."""
    # a page not listed cannot be reached; signed out, all are listed (none runs)
    listed = [p for p in registry.PAGES if not signin.allowed(who) or who.can(p.action)]
    key = (lang, tuple(p.slug for p in listed))
    kept = st.session_state.get(NAVIGATION)
    if kept is not None and kept[0] == key:
        return kept[1], kept[2]
    pages = {
        page.slug: st.Page(
            page.path,
            title=t(page.title, lang),
            icon=page.icon,
            url_path=page.slug,
            default=page.slug == registry.DEFAULT,
        )
        for page in listed
    }
    moved = {
        old: st.Page(_moved, title=pages[new].title, url_path=old, visibility="hidden")
        for old, new in params.MOVED.items()
        if new in pages
    }
    st.session_state[NAVIGATION] = (key, pages, moved)
    return pages, moved


def main() -> None:
    st.set_page_config(page_title="Dân vận khéo", page_icon=str(FAVICON), layout="wide")
    lang = _initial_lang()
    apply_streamlit_texts(lang)  # Streamlit's own English texts, on every page
    ui.card_style()  # cards show their whole label and figure
    who = signin.current()
    if signin.allowed(who):  # signed out, a short link stays opaque until sign-in
        _expand_short_link()
    pages, moved = _navigation(lang, who)
    chosen = st.navigation(
        [*pages.values(), *moved.values()],
        position="sidebar" if signin.allowed(who) else "hidden",
    )
    who = signin.gate(who, lang)  # signed out: the sign-in page, and the run stops here
    old = next((o for o, p in moved.items() if p == chosen), None)
    if old is not None:  # an old address: the page under its new one, same parameters
        st.switch_page(pages[params.MOVED[old]], query_params=st.query_params.to_dict())
    slug = next((s for s, p in pages.items() if p == chosen), state.OVERVIEW)
    engine = cache.engine()
    # a page that only reads: one data version for the whole run (a page that writes, such as
    # the import page, reads the data again after its own ingest in the same run)
    reads = registry.page(slug).action == "read"
    with engine.pinned() if reads else contextlib.nullcontext(engine.version()) as version:
        show(slug, chosen, pages, who, version)


def show(
    slug: str, chosen: st.Page, pages: dict[str, st.Page], who: Identity | None, version: Version
) -> None:
    """The sidebar, page ``chosen`` and its export panel, on data ``version``."""
    engine = cache.engine()
    notices = state.sync(slug, engine)
    with st.sidebar:
        lang = sidebar.language()
        signin.badge(who, lang)
        if registry.page(slug).filters:  # not where they would do nothing (import, users …)
            sidebar.locality(engine, lang)
            sidebar.period(lang, cache.answers().year_bounds(version))
            sidebar.measures(lang)
        link_slot = st.container()
    # the page state, parsed once: the sidebar has just made every value valid
    page_state = params.page_state(slug, state.store())
    ctx = context.build(page_state, cache.answers(), version=version, pages=pages)
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
    if registry.page(slug).export_panel:
        export_panel.render(ctx)
    with link_slot:
        ui.copy_link(ctx)
    state.write_url(slug)


def run() -> None:
    """The app's run, as Streamlit starts it; an error is logged, never shown as a traceback."""
    try:
        main()
    except Exception:  # noqa: BLE001 - the user must never see a traceback
        log.exception("dashboard failed")
        st.error(t("error_page", "vi") + "\n\n" + t("error_page", "en"))


if __name__ == "__main__":  # streamlit runs this file as __main__; importing it runs nothing
    run()
