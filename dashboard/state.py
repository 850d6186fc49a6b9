"""Every page's state lives in the URL: one registry of parameters, one URL builder.

Each parameter has a name (as it appears in the address), a default, the
page it belongs to (``None``: every page) and a parser that returns the value
or raises :class:`Invalid`. Values live in ``st.session_state`` (the
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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import streamlit as st

from data_loaders.reference import vocabulary
from metrics import places
from metrics.comparisons import NORMALISATIONS
from metrics.filters import PHASES
from metrics.quality import KINDS

if TYPE_CHECKING:
    from metrics.engine import Engine

STORE = "_dvk_state"
LAST_IN = "_dvk_last_in"
LAST_OUT = "_dvk_last_out"
NOTICES = "_dvk_notices"
WIDGET_PREFIX = "w:"

# page slugs (URL paths); the overview is the default page at "/"
OVERVIEW = "tong-quan"
COMPARE = "so-sanh"
BREAKDOWN = "linh-vuc"
TRENDS = "xu-huong"
CATALOGUE = "mo-hinh"
QUALITY = "nguon"
GUIDE = "huong-dan"
IMPORT = "nhap-bao-cao"
PAGES: tuple[str, ...] = (OVERVIEW, COMPARE, BREAKDOWN, TRENDS, CATALOGUE, QUALITY, IMPORT, GUIDE)
BREAKDOWN_DIMS: tuple[str, ...] = ("field", "level", "subject", "kind", "theme")
CHART_VIEWS = ("chart", "table")
TOP_CHOICES = ("10", "20", "50", "all")  # bars drawn on the compare page


class Invalid(ValueError):
    """A parameter value that cannot be used (unknown id, wrong code, bad format)."""


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    parse: Callable[[str, dict[str, Any], Engine], Any]
    page: str | None = None
    serialize: Callable[[Any], str] = str


# -- parsers -----------------------------------------------------------------


def _choice(values: Sequence[str]) -> Callable[[str, dict[str, Any], Engine], str]:
    def parse(raw: str, _: dict[str, Any], __: Engine) -> str:
        if raw not in values:
            raise Invalid(raw)
        return raw

    return parse


def _vocab(dim: str, optional: bool = True) -> Callable[[str, dict[str, Any], Engine], str | None]:
    def parse(raw: str, _: dict[str, Any], __: Engine) -> str | None:
        if not vocabulary.is_valid(dim, raw) or "|" in raw:
            raise Invalid(raw)
        return raw

    return parse


def _province(raw: str, values: dict[str, Any], engine: Engine) -> str:
    info = engine.localities
    if raw not in info.index or info.at[raw, "tier"] != "province":
        raise Invalid(raw)
    if values.get("b") == "current" and info.at[raw, "era"] != "2025":
        raise Invalid(raw)
    return raw


def _district(raw: str, values: dict[str, Any], engine: Engine) -> str:
    info = engine.localities
    p = values.get("p")
    if (
        raw not in info.index
        or info.at[raw, "tier"] != "district"
        or info.at[raw, "parent_code"] != p
    ):
        raise Invalid(raw)
    return raw


def _commune(raw: str, values: dict[str, Any], engine: Engine) -> str:
    info = engine.localities
    parent = values.get("d") or values.get("p")
    if (
        raw not in info.index
        or info.at[raw, "tier"] != "commune"
        or info.at[raw, "parent_code"] != parent
    ):
        raise Invalid(raw)
    return raw


def parse_period(raw: str, _: dict[str, Any] | None = None, __: Engine | None = None) -> str:
    """``all``, a phase, a year or a year range (normalised: "2019-2019" → "2019").

    >>> parse_period("2016-2020"), parse_period("2019-2019"), parse_period("2022")
    ('2016-2020', '2019', '2022')
    """
    if raw == "all" or raw in PHASES:
        return raw
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", raw)
    if not m:
        raise Invalid(raw)
    a, b = int(m.group(1)), int(m.group(2) or m.group(1))
    if not 1990 <= a <= b <= 2100:
        raise Invalid(raw)
    return str(a) if a == b else f"{a}-{b}"


def period_years(value: str) -> tuple[int, int] | None:
    """The year range of a period value (``None`` for all years).

    >>> period_years("all"), period_years("2021-2025"), period_years("2022")
    (None, (2021, 2025), (2022, 2022))
    """
    if value == "all":
        return None
    if value in PHASES:
        return PHASES[value]
    parts = [int(x) for x in value.split("-")]
    return (parts[0], parts[-1])


def _codes(raw: str, values: dict[str, Any], engine: Engine) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(c for c in raw.split(",") if c))
    unknown = [c for c in codes if not places.exists(engine, c)]
    if unknown or not codes:
        raise Invalid(",".join(unknown) or raw)
    return codes


def _code(raw: str, _: dict[str, Any], engine: Engine) -> str:
    if raw == "VN" or not places.exists(engine, raw):
        raise Invalid(raw)
    return raw


def _text(raw: str, _: dict[str, Any], __: Engine) -> str:
    return raw[:200]


def _page_number(raw: str, _: dict[str, Any], __: Engine) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise Invalid(raw)
    return int(raw)


def _source(raw: str, _: dict[str, Any], engine: Engine) -> str:
    if not engine.scalar("SELECT count(*) FROM sources WHERE source_id = ?", [raw]):
        raise Invalid(raw)
    return raw


def _join(values: Any) -> str:
    return ",".join(values)


_METRICS = tuple(vocabulary.ids("metric"))
_STATUSES = ("registered", "recognized", "commended", "nominated")
PARAMS: tuple[Param, ...] = (
    Param("lang", "vi", _choice(("vi", "en"))),
    Param("b", "reported", _choice(("reported", "current"))),
    Param("p", None, _province),
    Param("d", None, _district),
    Param("c", None, _commune),
    Param("period", "all", parse_period),
    Param("m", "models_registered", _choice(_METRICS)),
    Param("f", None, _vocab("field")),
    Param("lv", None, _vocab("level")),
    Param("s", None, _vocab("subject")),
    Param("k", None, _vocab("kind")),
    Param("th", None, _vocab("theme")),
    # compare
    Param("scope", "children", _choice(("children", "communes", "pick")), COMPARE),
    Param("loc", (), _codes, COMPARE, _join),
    Param("norm", "absolute", _choice(NORMALISATIONS), COMPARE),
    Param("top", "20", _choice(TOP_CHOICES), COMPARE),
    Param("hl", None, _code, COMPARE),
    # breakdown
    Param("d1", "field", _choice(BREAKDOWN_DIMS), BREAKDOWN),
    Param("d2", "level", _choice((*BREAKDOWN_DIMS, "none")), BREAKDOWN),
    Param("mode", "abs", _choice(("abs", "share")), BREAKDOWN),
    Param("chart", "bar", _choice(("bar", "treemap", "sunburst")), BREAKDOWN),
    # trends
    Param("loc", (), _codes, TRENDS, _join),
    # catalogue
    Param("q", "", _text, CATALOGUE),
    Param("st", None, _choice(_STATUSES), CATALOGUE),
    Param("pg", 1, _page_number, CATALOGUE),
    # quality
    Param("fk", "all", _choice(("all", *KINDS)), QUALITY),
    Param("src", None, _source, QUALITY),
    Param("fi", None, _page_number, QUALITY),
)
# chart/table switches: one per chart, "v_<chart key>" on the chart's page
CHART_KEYS: dict[str, tuple[str, ...]] = {
    OVERVIEW: ("map", "top", "fields", "trend"),
    COMPARE: ("map", "points", "rank", "funnel"),
    BREAKDOWN: ("main",),
    TRENDS: ("yearly", "yoy", "phases"),
    CATALOGUE: ("places",),
}
PARAMS += tuple(
    Param(f"v_{key}", "chart", _choice(CHART_VIEWS), page)
    for page, keys in CHART_KEYS.items()
    for key in keys
)
GLOBAL_ORDER = [p.name for p in PARAMS if p.page is None]


def _key(param: Param) -> str:
    return param.name if param.page is None else f"{param.page}.{param.name}"


def params_of(page: str) -> list[Param]:
    """Global parameters, then those of ``page`` (in registry order)."""
    return [p for p in PARAMS if p.page is None or p.page == page]


def _find(page: str, name: str) -> Param | None:
    return next((p for p in params_of(page) if p.name == name), None)


# -- the canonical store -----------------------------------------------------


def store() -> dict[str, Any]:
    if STORE not in st.session_state:
        st.session_state[STORE] = {_key(p): p.default for p in PARAMS}
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


def parse(page: str, incoming: dict[str, str], engine: Engine) -> tuple[dict[str, Any], list[str]]:
    """Canonical values of ``page``'s parameters from a URL (defaults where absent or invalid).

    Returns (values by store key, notices "name=value" of every dropped parameter).
    """
    values: dict[str, Any] = {}
    notices: list[str] = []
    plain: dict[str, Any] = {}
    known = {p.name for p in params_of(page)}
    for param in params_of(page):
        raw = incoming.get(param.name)
        value = param.default
        if raw is not None:
            try:
                value = param.parse(raw, plain, engine)
            except (Invalid, ValueError, KeyError):
                notices.append(_notice(param.name, raw))
                value = param.default
        plain[param.name] = value
        values[_key(param)] = value
    notices += [_notice(k, v) for k, v in incoming.items() if k not in known]
    return values, notices


def _notice(name: str, raw: str, limit: int = 60) -> str:
    """ "name=value" of a dropped parameter, shortened; shown escaped (``safe_text.md``)."""
    text = f"{name}={raw}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def query(page: str, **overrides: Any) -> dict[str, str]:
    """The query parameters describing ``page`` (current values, ``overrides`` applied).

    Defaults are left out so links stay short. Overrides name parameters of the
    target page or global ones (``p``, ``d``, ``c`` …).
    """
    out: dict[str, str] = {}
    for param in params_of(page):
        value = overrides[param.name] if param.name in overrides else store().get(_key(param))
        if value is None or value == param.default or value == ():
            continue
        out[param.name] = param.serialize(value)
    return out


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


def locality_params(engine: Engine, code: str | None) -> dict[str, str | None]:
    """``p``/``d``/``c`` selecting ``code`` in the sidebar (the nation: all empty)."""
    out: dict[str, str | None] = {"p": None, "d": None, "c": None}
    if not code or code == "VN":
        return out
    for step in places.path(engine, code):
        tier = places.tier(engine, step)
        if tier == "province":
            out["p"] = step
        elif tier == "district":
            out["d"] = step
        elif tier == "commune":
            out["c"] = step
    return out


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
    param = _find(page or "", name) if page else _find(OVERVIEW, name)
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
