"""Every page's state lives in the URL: one registry of parameters, one URL builder.

The parameters, their parsers and the typed page state are in :mod:`dashboard.params`
(no Streamlit); this module keeps their values in the session and binds widgets to them.
Values live in ``st.session_state`` (the
*canonical* store); widgets are bound to them through :func:`bind`, so the URL
is written once per run from the canonical values (:func:`write_url`).

When does the URL win? On the first run of a session, and whenever the
address changes from outside (a pasted link, a link to another page with
parameters, back/forward): then every parameter is read from it, invalid or
outdated ones are dropped with a visible notice. Otherwise (a widget changed,
or a plain page switch that sends no parameters) the session's values win.

Parameter values are ids and codes, never labels, so a link works in either
language and survives renamed labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import streamlit as st

from dashboard import registry
from dashboard.params import (  # the pure parameter registry and parsers (re-exported)
    BREAKDOWN,
    BREAKDOWN_DIMS,
    CATALOGUE,
    CHART_KEYS,
    CHART_VIEWS,
    COMPARE,
    GLOBAL_ORDER,
    GUIDE,
    IMPORT,
    OVERVIEW,
    PARAMS,
    QUALITY,
    TOP_CHOICES,
    TRENDS,
    Invalid,
    Param,
    find,
    locality_params,
    params_of,
    parse,
    parse_period,
    period_years,
    query_of,
    store_key,
)

if TYPE_CHECKING:
    from metrics.engine import Engine

__all__ = [
    "BREAKDOWN",
    "BREAKDOWN_DIMS",
    "CATALOGUE",
    "CHART_KEYS",
    "CHART_VIEWS",
    "COMPARE",
    "GLOBAL_ORDER",
    "GUIDE",
    "IMPORT",
    "OVERVIEW",
    "PAGES",
    "PARAMS",
    "QUALITY",
    "TOP_CHOICES",
    "TRENDS",
    "Invalid",
    "Param",
    "locality_params",
    "params_of",
    "parse",
    "parse_period",
    "period_years",
]

STORE = "_dvk_state"
LAST_IN = "_dvk_last_in"
LAST_OUT = "_dvk_last_out"
NOTICES = "_dvk_notices"
WIDGET_PREFIX = "w:"
PAGES: tuple[str, ...] = registry.SLUGS


# -- the canonical store -----------------------------------------------------


def store() -> dict[str, Any]:
    if STORE not in st.session_state:
        st.session_state[STORE] = {store_key(p): p.default for p in PARAMS}
    return st.session_state[STORE]


def get(name: str, page: str | None = None) -> Any:
    """Current value of a global parameter, or of ``page``'s parameter ``name``."""
    key = name if page is None else f"{page}.{name}"
    return store().get(key)


def put(name: str, value: Any, page: str | None = None) -> None:
    key = name if page is None else f"{page}.{name}"
    store()[key] = value


def _incoming() -> dict[str, str]:
    return {k: st.query_params[k] for k in st.query_params}


def url_wins() -> bool:
    """True on a session's first run and when the address changed from outside."""
    incoming = _incoming()
    if STORE not in st.session_state:
        return True
    changed = incoming != st.session_state.get(LAST_IN) and incoming != st.session_state.get(
        LAST_OUT
    )
    return bool(changed and incoming)


def sync(page: str, engine: Engine) -> list[str]:
    """Read the URL when it should win (see module docstring); return the notices to show."""
    wins = url_wins()
    incoming = _incoming()
    st.session_state[LAST_IN] = incoming
    if not wins:
        return []
    values, notices = parse(page, incoming, engine)
    st.session_state[STORE] = {**store(), **values}
    return notices


def query(page: str, **overrides: Any) -> dict[str, str]:
    """The query parameters describing ``page`` (current values, ``overrides`` applied).

    Defaults are left out so links stay short. Overrides name parameters of the
    target page or global ones (``p``, ``d``, ``c`` …).
    """
    return query_of(page, store(), overrides)


def write_url(page: str) -> None:
    """Mirror the canonical state of ``page`` into the address bar (once per run)."""
    wanted = query(page)
    if wanted != _incoming():
        st.query_params.from_dict(wanted)
    st.session_state[LAST_OUT] = wanted


def base_url(page: str) -> str:
    """Scheme, host and root path of the app as the browser sees it (``""`` in tests)."""
    url = st.context.url or ""
    for slug in PAGES:
        if url.rstrip("/").endswith("/" + slug):
            return url.rstrip("/")[: -len(slug) - 1]
    return url.rstrip("/")


def url_for(page: str, **overrides: Any) -> str:
    """The one URL builder: the address of ``page`` with the current state (and overrides)."""
    path = "" if page == OVERVIEW else page
    q = urlencode(query(page, **overrides))
    return f"{base_url(page)}/{path}" + (f"?{q}" if q else "")


# -- widgets bound to the store ----------------------------------------------


ALL = "*"  # stands for ``None`` ("all") inside widgets, which show None as "no choice"


def _copy(key: str) -> None:
    value = st.session_state[WIDGET_PREFIX + key]
    if isinstance(value, list):
        value = tuple(value)
    store()[key] = None if value == ALL else value


def bind(
    widget: Callable[..., Any],
    name: str,
    label: str,
    *args: Any,
    page: str | None = None,
    options: Sequence[Any] | None = None,
    fallback: Any = None,
    **kwargs: Any,
) -> Any:
    """Draw ``widget`` showing the stored value of ``name``; changes go back to the store.

    With ``options``, a stored value that is no longer an option (a parent
    locality changed) falls back to the parameter's default. ``fallback`` is
    shown (not stored) while the stored value is empty, e.g. computed defaults.
    """
    param = find(page or "", name) if page else find(OVERVIEW, name)
    key = name if page is None else f"{page}.{name}"
    value = store().get(key, param.default if param else None)
    if options is not None:
        default = param.default if param else None
        if isinstance(value, (list, tuple)):
            kept = [v for v in value if v in options]
            if len(kept) != len(value):
                value = type(value)(kept)
        elif value not in options:
            value = default if default in options else (options[0] if options else None)
        store()[key] = value
        if None in options:
            fmt = kwargs.get("format_func", str)
            kwargs["format_func"] = lambda v, fmt=fmt: fmt(None if v == ALL else v)
            options = [ALL if o is None else o for o in options]
            value = ALL if value is None else value
        args = (options, *args)
    wkey = WIDGET_PREFIX + key
    shown = value if (value or fallback is None) else fallback
    shown = list(shown) if isinstance(shown, tuple) and widget is st.multiselect else shown
    if st.session_state.get(wkey, object()) != shown:
        st.session_state[wkey] = shown
    result = widget(label, *args, key=wkey, on_change=_copy, args=(key,), **kwargs)
    if isinstance(result, list):
        result = tuple(result)
    return None if result == ALL else result


def notices() -> list[str]:
    return st.session_state.get(NOTICES, [])
