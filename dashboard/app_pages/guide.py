"""Hướng dẫn — what each figure means, how to read a comparison, how to add data."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.context import Ctx
from dashboard.i18n import guide, t


def render(ctx: Ctx) -> None:
    st.title(t("page_guide", ctx.lang))
    st.markdown(guide(ctx.lang))


ui.run_page(render)
