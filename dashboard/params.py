"""A page's state as its URL says, parsed once and without Streamlit.

Each parameter has a name (as it appears in the address), a default, the page it belongs to
(``None``: every page) and a parser that returns the value or raises :class:`Invalid`.
:func:`parse` reads a query string's parameters; :class:`PageState` is the typed result a
view model is built from (``dashboard/viewmodels.py``), whether the page is drawn by Streamlit
(``state.py`` binds the widgets to the same values) or exported by ``dvk export``.

Parameter values are ids and codes, never labels, so a link works in either language and
survives renamed labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from data_loaders.reference import vocabulary
from metrics import places
from metrics.comparisons import NORMALISATIONS
from metrics.filters import PHASES, Filter
from metrics.quality import KINDS

if TYPE_CHECKING:
    from metrics.engine import Engine

# page slugs (URL paths); the overview is the default page at "/". The pages themselves, in
# menu order, are listed once in ``dashboard/registry.py``.
OVERVIEW = "tong-quan"
COMPARE = "so-sanh"
BREAKDOWN = "linh-vuc"
TRENDS = "xu-huong"
CATALOGUE = "mo-hinh"
QUALITY = "nguon"
GUIDE = "huong-dan"
IMPORT = "nhap-du-lieu"
MOVED: dict[str, str] = {"nhap-bao-cao": IMPORT}  # old addresses that still lead to a page
USERS = "nguoi-dung"  # administrators only
BREAKDOWN_DIMS: tuple[str, ...] = ("field", "level", "subject", "kind", "theme")
CHART_VIEWS = ("chart", "table")
TOP_CHOICES = ("10", "20", "50", "all")  # bars drawn on the compare page
DEFAULT_YEARS = (2009, 2025)  # the period picker's range before any data is loaded


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
    COMPARE: ("map", "points", "rank", "funnel", "control"),
    BREAKDOWN: ("main",),
    TRENDS: ("yearly", "yoy", "phases"),
    CATALOGUE: ("places",),
}
PARAMS += tuple(
    Param(f"v_{key}", "chart", _choice(CHART_VIEWS), page)
    for page, keys in CHART_KEYS.items()
    for key in keys
)
# long tables shown a page at a time: "pg_<chart key>" on the chart's page (1-based)
PAGED_TABLES: dict[str, tuple[str, ...]] = {COMPARE: ("rank",), QUALITY: ("sources",)}
PARAMS += tuple(
    Param(f"pg_{key}", 1, _page_number, page) for page, keys in PAGED_TABLES.items() for key in keys
)
GLOBAL_ORDER = [p.name for p in PARAMS if p.page is None]


def store_key(param: Param) -> str:
    """Where a parameter is kept: its name (global) or "<page>.<name>"."""
    return param.name if param.page is None else f"{param.page}.{param.name}"


def params_of(page: str) -> list[Param]:
    """Global parameters, then those of ``page`` (in registry order)."""
    return [p for p in PARAMS if p.page is None or p.page == page]


def find(page: str, name: str) -> Param | None:
    return next((p for p in params_of(page) if p.name == name), None)


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
        values[store_key(param)] = value
    notices += [_notice(k, v) for k, v in incoming.items() if k not in known]
    return values, notices


def _notice(name: str, raw: str, limit: int = 60) -> str:
    """ "name=value" of a dropped parameter, shortened; shown escaped (``safe_text.md``)."""
    text = f"{name}={raw}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def query_of(
    page: str, values: Mapping[str, Any], overrides: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """The query parameters describing ``page`` from stored ``values`` (by store key),
    ``overrides`` (by name) applied; defaults are left out so links stay short."""
    overrides = overrides or {}
    out: dict[str, str] = {}
    for param in params_of(page):
        value = overrides[param.name] if param.name in overrides else values.get(store_key(param))
        if value is None or value == param.default or value == ():
            continue
        out[param.name] = param.serialize(value)
    return out


# -- the typed state of one page ---------------------------------------------

DIM_PARAMS = (("field", "f"), ("level", "lv"), ("subject", "s"), ("kind", "k"), ("theme", "th"))


@dataclass(frozen=True)
class PageState:
    """What one page shows, as its URL says: the filter of the sidebar, the scope (a locality
    code, or "VN") and every parameter's value by name (the page's own controls included)."""

    page: str
    lang: str
    filter: Filter
    scope: str
    values: tuple[tuple[str, Any], ...] = ()

    def get(self, name: str) -> Any:
        """The value of a global parameter or of one of the page's own."""
        return dict(self.values).get(name)


def page_state(page: str, values: Mapping[str, Any]) -> PageState:
    """The state of ``page`` from canonical values (by store key, as :func:`parse` returns them
    or the app's session keeps them); absent ones take their defaults."""
    named = {p.name: values.get(store_key(p), p.default) for p in params_of(page)}
    scope = named["c"] or named["d"] or named["p"] or "VN"
    f = Filter(
        metric=named["m"] or "models_registered",
        years=period_years(named["period"]),
        locality=None if scope == "VN" else scope,
        boundary=named["b"],
        **{dim: named[name] for dim, name in DIM_PARAMS},
    )
    return PageState(page, named["lang"] or "vi", f, scope, tuple(named.items()))


def from_url(page: str, query: Mapping[str, str], engine: Engine) -> tuple[PageState, list[str]]:
    """The state of ``page`` from a link's query parameters, and the notices of the dropped ones."""
    values, notices = parse(page, dict(query), engine)
    return page_state(page, values), notices
