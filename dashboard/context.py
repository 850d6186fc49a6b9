"""What every view model and page needs to know: the page state (language, filter, scope, the
page's own controls), the data answering it (``data``: a
:class:`dashboard.answers.Answers`, over the server's engine in the app and its own in
``dvk export``) and the pages to link to.

No Streamlit here: :func:`current` and :func:`publish` reach the session only when called."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dashboard import fmt
from dashboard.i18n import label, t
from dashboard.params import DEFAULT_YEARS, PageState
from metrics import places
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
    state: PageState | None = None  # the page's own controls (``state.get("norm")`` …)
    data: Any = None  # the answers (dashboard.answers.Answers)

    def get(self, name: str) -> Any:
        """A parameter of the page state (``None`` when there is none)."""
        return self.state.get(name) if self.state is not None else None

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


def build(
    state: PageState,
    data: Any,
    version: Version | None = None,
    pages: dict[str, Any] | None = None,
) -> Ctx:
    """The context of a page state, answered by ``data`` (see the module docstring)."""
    engine = data.engine()
    version = version if version is not None else data.version()
    f = state.filter
    return Ctx(
        lang=state.lang,
        page=state.page,
        filter=f,
        scope=state.scope,
        scope_name=places.label(engine, state.scope, f.boundary, state.lang)
        if state.scope != "VN"
        else t("nation", state.lang),
        version=version,
        year_bounds=data.year_bounds(version) or DEFAULT_YEARS,
        pages=pages or {},
        synthetic=bool(data.is_synthetic(version)),
        state=state,
        data=data,
    )


def current() -> Ctx:
    import streamlit as st

    return st.session_state[KEY]


def publish(ctx: Ctx) -> None:
    import streamlit as st

    st.session_state[KEY] = ctx
