"""The sidebar: language, boundaries, linked locality pickers, period, measure and filters.

Every widget is bound to a URL parameter (:mod:`dashboard.state`); choices of
a child picker depend on its parent, and a stale child choice falls back to
"all" when the parent changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from dashboard import state
from dashboard.i18n import LANG_NAMES, label, t
from data_loaders.reference import vocabulary
from metrics import places
from metrics.filters import PHASES

if TYPE_CHECKING:
    from metrics.engine import Engine

PERIOD_MODES = ("all", *PHASES, "year", "custom")
DEFAULT_YEARS = (2009, 2025)


def _place_label(engine: Engine, lang: str, boundary: str, options: list[str]) -> object:
    """Labels of one picker's options, unique within it (see ``places.labels``)."""
    names = places.labels(engine, options, boundary, lang, former=True)

    def fmt(code: str | None) -> str:
        return t("all_units", lang) if code is None else names.get(code, code)

    return fmt


def language() -> str:
    with st.sidebar:
        lang = state.bind(
            st.segmented_control,
            "lang",
            "Ngôn ngữ / Language",
            options=["vi", "en"],
            format_func=LANG_NAMES.get,
            required=True,
        )
    return lang or "vi"


def locality(engine: Engine, lang: str) -> tuple[str, str]:
    """Draw the boundary choice and the linked pickers; return (boundary, scope code or "VN")."""
    boundary = state.bind(
        st.radio,
        "b",
        t("boundary", lang),
        options=["reported", "current"],
        format_func=lambda v: t(f"boundary_{v}", lang),
    )
    provinces = places.provinces(engine, boundary)["locality_code"].tolist()
    p = state.bind(
        st.selectbox,
        "p",
        t("province", lang),
        options=[None, *provinces],
        format_func=_place_label(engine, lang, boundary, provinces),
    )
    d = c = None
    if p is None:
        state.put("d", None)
        state.put("c", None)
    else:
        kids = places.children(engine, p, boundary, former=True)
        if places.child_tier(engine, p, boundary) == "district":
            districts = kids["locality_code"].tolist()
            d = state.bind(
                st.selectbox,
                "d",
                t("district", lang),
                options=[None, *districts],
                format_func=_place_label(engine, lang, boundary, districts),
            )
            communes = (
                places.children(engine, d, boundary, former=True)["locality_code"].tolist()
                if d
                else []
            )
        else:
            state.put("d", None)
            communes = kids["locality_code"].tolist()
        if communes:
            c = state.bind(
                st.selectbox,
                "c",
                t("commune", lang),
                options=[None, *communes],
                format_func=_place_label(engine, lang, boundary, communes),
            )
        else:
            state.put("c", None)
    return boundary, (c or d or p or "VN")


def period_mode(value: str) -> str:
    """The picker showing a period value: all years, a phase, one year, or a range.

    >>> period_mode("all"), period_mode("2021-2025"), period_mode("2022"), period_mode("2019-2022")
    ('all', '2021-2025', 'year', 'custom')
    """
    if value in PERIOD_MODES:
        return value
    return "year" if "-" not in value else "custom"


def period(lang: str, bounds: tuple[int, int] | None) -> tuple[int, int] | None:
    """Period picker: all years, a phase, one year or a custom year range; returns the years."""
    lo, hi = bounds or DEFAULT_YEARS
    value = state.get("period")
    mode = period_mode(value)

    def on_mode() -> None:
        chosen = st.session_state["w:period_mode"]
        years = state.period_years(state.get("period")) or (lo, hi)
        if chosen == "custom":
            if years[0] == years[1]:  # one year is the "year" mode: offer the whole range
                years = (min(lo, years[0]), max(hi, years[1]))
            state.put("period", state.parse_period(f"{years[0]}-{years[1]}"))
        elif chosen == "year":  # the last year of what was chosen, within the data's years
            state.put("period", str(min(max(years[1], lo), hi)))
        else:
            state.put("period", chosen)

    if st.session_state.get("w:period_mode") != mode:
        st.session_state["w:period_mode"] = mode
    st.segmented_control(
        t("period", lang),
        list(PERIOD_MODES),
        key="w:period_mode",
        on_change=on_mode,
        required=True,
        format_func=lambda m: {
            "all": t("period_all", lang),
            "year": t("period_year", lang),
            "custom": t("period_custom", lang),
        }.get(m, m.replace("-", "–")),
    )
    years = state.period_years(state.get("period"))
    if mode == "year" and years is not None:
        _one_year(lang, years[0], lo, hi)
    if mode == "custom" and years is not None:
        a, b = years  # a linked period outside the data's years stays as asked
        lo, hi = min(lo, a), max(hi, b)

        def on_range() -> None:
            y0, y1 = st.session_state["w:period_range"]
            state.put("period", state.parse_period(f"{y0}-{y1}"))

        if st.session_state.get("w:period_range") != (a, b):
            st.session_state["w:period_range"] = (a, b)
        if lo < hi:
            st.slider(
                t("period_years", lang),
                min_value=lo,
                max_value=hi,
                step=1,
                key="w:period_range",
                on_change=on_range,
                format="%d",
            )
    return state.period_years(state.get("period"))


def _one_year(lang: str, year: int, lo: int, hi: int) -> None:
    """A single-year picker (latest first); a linked year outside the data's years stays."""
    options = list(range(max(hi, year), min(lo, year) - 1, -1))

    def on_year() -> None:
        state.put("period", str(st.session_state["w:period_year"]))

    if st.session_state.get("w:period_year") != year:
        st.session_state["w:period_year"] = year
    st.selectbox(
        t("period_year_pick", lang),
        options,
        key="w:period_year",
        on_change=on_year,
        format_func=str,  # years are categories: 2022, never 2.022
    )


def measures(lang: str) -> dict[str, str | None]:
    """Measure and dimension filters; returns the metric and the pinned dimensions."""
    metric = state.bind(
        st.selectbox,
        "m",
        t("metric", lang),
        options=vocabulary.ids("metric"),
        format_func=lambda v: label("metric", v, lang),
    )
    out: dict[str, str | None] = {"metric": metric}
    for dim, name in (("field", "f"), ("level", "lv"), ("subject", "s")):
        out[dim] = _dim_box(dim, name, lang)
    with st.expander(t("more_filters", lang), expanded=bool(state.get("k") or state.get("th"))):
        for dim, name in (("kind", "k"), ("theme", "th")):
            out[dim] = _dim_box(dim, name, lang)
    return out


def _dim_box(dim: str, name: str, lang: str) -> str | None:
    ids = [i for i in vocabulary.ids(dim) if i not in ("all", "any")]
    return state.bind(
        st.selectbox,
        name,
        t(dim, lang),
        options=[None, *ids],
        format_func=lambda v: label(dim, v, lang),
    )
