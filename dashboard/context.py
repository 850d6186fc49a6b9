"""What every page needs to know about the current run: language, filter, scope, pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from dashboard import fmt
from dashboard.i18n import label, t
from metrics.engine import Version
from metrics.filters import Filter, phase_of

KEY = "_dvk_ctx"


@dataclass
class Ctx:
    """Built by ``app.py`` before the page runs (see :func:`current`)."""

    lang: str
    page: str
    filter: Filter
    scope: str  # locality code, or "VN" for the whole country
    scope_name: str
    version: Version
    year_bounds: tuple[int, int]
    pages: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def period_text(self, years: tuple[int, int] | None = None) -> str:
        years = years if years is not None else self.filter.years
        if years is None:
            return t("period_all", self.lang)
        name = phase_of(years)
        text = fmt.period(*years)
        if name:
            return ("Giai đoạn " if self.lang == "vi" else "Phase ") + text
        return text

    def filters_text(
        self, *, metric: bool = False, dims: bool = True, places: list[str] | None = None
    ) -> list[str]:
        """The active filters in words (for captions); ``places``: the localities a chart
        shows when they are picked by hand, instead of the sidebar's scope."""
        f = self.filter
        where = f"{t('locality', self.lang)}: {', '.join(places)}" if places else self.scope_name
        out = [where, self.period_text()]
        if metric:
            out.insert(0, label("metric", f.metric, self.lang))
        if dims:
            for dim in ("field", "level", "subject", "kind", "theme"):
                value = getattr(f, dim)
                if value is not None:
                    out.append(f"{t(dim, self.lang)}: {label(dim, value, self.lang)}")
        if f.boundary == "current":
            out.append(t("boundary_current", self.lang))
        return out


def current() -> Ctx:
    return st.session_state[KEY]


def publish(ctx: Ctx) -> None:
    st.session_state[KEY] = ctx
