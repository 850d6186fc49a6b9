"""The words around a view's figures, without Streamlit: names of its places, its unit, exactly
its sources and its warnings. View models (``views.py``, ``viewmodels.py``) and pages use them;
the figures come from ``ctx.data`` (see :mod:`dashboard.context`)."""

from __future__ import annotations

import pandas as pd

from dashboard.citing import SourceRef, short_lines
from dashboard.context import Ctx
from dashboard.i18n import WARNING_KEYS, t
from metrics.filters import Filter

UNIT_KEYS = {
    "models_registered": "unit_models",
    "models_recognized": "unit_models",
    "registrants": "unit_registrants",
    "commendations": "unit_commendations",
    "nominations": "unit_nominations",
    "contest_entries": "unit_entries",
    "contest_prizes": "unit_prizes",
}


def place_names(ctx: Ctx, codes: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Labels of the units of one chart or table, unique within it (see ``places.labels``)."""
    from metrics import places

    return places.labels(ctx.data.engine(), codes, ctx.filter.boundary, ctx.lang)


def unit(ctx: Ctx, metric: str | None = None) -> str:
    return t(UNIT_KEYS.get(metric or ctx.filter.metric, "unit_models"), ctx.lang)


def cited(
    ctx: Ctx, rows: pd.DataFrame, f: Filter | None = None, metric: str | None = None
) -> list[SourceRef]:
    """Exactly the sources of the figures in ``rows`` (``code`` and, where known, ``basis``,
    ``year_lo``/``year_hi`` or ``year``, ``metric``) — see :mod:`metrics.citations`."""
    from metrics.citations import row_keys

    f = (f or ctx.filter).replace(locality=None)
    if metric is not None:
        f = f.replace(metric=metric)
    if rows is None or rows.empty:
        return []
    return ctx.data.cited_refs(ctx.version, f, row_keys(rows, f.metric))


def sources_for(
    ctx: Ctx, codes: tuple[str, ...] | None = None, metric: str | None = None
) -> list[str]:
    """ "Title (outlet, date)" lines of the sources of the figures of ``codes`` (default: the
    selected locality or the country), then "and N more"."""
    scope = codes if codes is not None else (ctx.scope,)
    return short_lines(cited(ctx, pd.DataFrame({"code": list(scope)}), metric=metric), ctx.lang)


def warning_texts(ctx: Ctx, keys: list[str]) -> list[str]:
    """The words of warning keys (:data:`dashboard.i18n.WARNING_KEYS`)."""
    return [t(WARNING_KEYS[key], ctx.lang) for key in keys]
