"""Links between pages built from the one URL helper (:func:`dashboard.state.query`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, state, ui
from dashboard.context import Ctx
from dashboard.i18n import t
from metrics import places
from metrics.engine import Engine


def catalogue_query(ctx: Ctx, code: str, engine: Engine | None = None) -> dict[str, str]:
    """Query parameters opening the catalogue filtered on ``code``."""
    engine = engine or cache.engine()
    return state.query(state.CATALOGUE, **state.locality_params(engine, code), pg=1, q="")


def catalogue_picker(ctx: Ctx, table: pd.DataFrame, n: int, key: str) -> None:
    """A small menu of links: the named models of each of the first ``n`` localities of
    ``table`` (a chart's rows, kept per page state: so are the codes)."""
    codes = cache.view(
        ctx,
        f"catalogue_picker.{key}",
        lambda: [c for c in table["code"].head(n).tolist() if c != "VN"],
    )
    if not codes or state.CATALOGUE not in ctx.pages:
        return
    menu = ui.folded(
        "popover", t("open_catalogue", ctx.lang), f"catalogue_{key}", icon=":material/menu_book:"
    )
    if menu is None:  # its links are made when it is opened
        return
    engine = cache.engine()
    with menu:
        for code in codes:
            st.page_link(
                ctx.pages[state.CATALOGUE],
                label=t("see_models", ctx.lang, name=places.name(engine, code)),
                query_params=catalogue_query(ctx, code, engine),
            )
