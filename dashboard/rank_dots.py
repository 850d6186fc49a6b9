"""A dot plot instead of hundreds of bars: when "all" units of a long ranking are asked for,
each unit is one dot — in a strip per parent unit (the communes of each district, the
districts of each province) or, when all share one parent, against its rank. Readable at
700 districts; the ranking's table, sources and exports stay those of the full ranking.

Dots carry their locality code, so a click drills in like a bar.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, fmt, safe_text
from dashboard.charts import Chart
from dashboard.context import Ctx
from dashboard.i18n import t
from dashboard.present import place_names
from metrics.comparisons import Comparison

MAX_BARS = 50  # more units than this, drawn all at once: dots, not bars
MAX_STRIPS = 80  # more parents than this: one strip would be too thin to read
HIGHLIGHT = "#d32f2f"
NAMED = 3  # the first units named beside their dot on a plot of ranks


def applies(comp: Comparison, top: int | None) -> bool:
    """All units asked for, and more of them than bars stay readable."""
    return top is None and int(comp.table["rate"].notna().sum()) > MAX_BARS


def parents(ctx: Ctx, codes: list[str]) -> pd.Series:
    """Each unit's parent code (``None`` where it has none)."""
    info = ctx.data.engine().localities
    return pd.Series(codes, index=codes).map(info["parent_code"])


def replace(ctx: Ctx, chart: Chart, comp: Comparison, highlight: str | None = None) -> Chart:
    """The ranking ``chart`` with its bars replaced by dots (everything else kept)."""
    ranked = comp.table[comp.table["rate"].notna()]
    codes = ranked["code"].tolist()
    up = parents(ctx, codes)
    # the ranking's own labels (told apart where names repeat), else looked up
    known = dict(zip(chart.data["code"], chart.data["name"])) if "name" in chart.data else {}
    names = known if all(c in known for c in codes) else place_names(ctx, tuple(codes))
    strips = up.notna().all() and 2 <= up.nunique() <= MAX_STRIPS
    percent = comp.norm == "share"
    table = ranked.assign(name=[names[c] for c in codes])
    if strips:
        parent_names = place_names(ctx, tuple(up.dropna().unique()))
        table = table.assign(parent=[parent_names[up[c]] for c in codes])
        figure = strip_figure(table, ctx.lang, percent, ctx.filter.metric, highlight)
        note = t("dots_strip_note", ctx.lang, n=fmt.number(len(table), ctx.lang))
    else:
        figure = rank_figure(table, ctx.lang, percent, ctx.filter.metric, highlight)
        note = t("dots_rank_note", ctx.lang, n=fmt.number(len(table), ctx.lang))
    return dataclasses.replace(chart, figure=figure, notes=[note, *chart.notes])


def _hover(table: pd.DataFrame, lang: str, percent: bool) -> list[str]:
    show = fmt.percent if percent else fmt.auto
    return [
        f"{int(k)}. {safe_text.label(n)}: {show(v, lang)}"
        for k, n, v in zip(table["rank"], table["name"], table["rate"])
    ]


def _marker(table: pd.DataFrame, metric: str, highlight: str | None) -> dict:
    base = charts.metric_color(metric)
    return {
        "color": [HIGHLIGHT if c == highlight else base for c in table["code"]],
        "size": [14 if c == highlight else 8 for c in table["code"]],
        "opacity": 0.8,
        "line": {"width": 0.5, "color": "#fff"},
    }


def strip_figure(
    table: pd.DataFrame, lang: str, percent: bool, metric: str, highlight: str | None = None
) -> go.Figure:
    """One row per parent (highest median first), one dot per unit along the rate axis."""
    order = table.groupby("parent")["rate"].median().sort_values(ascending=False).index.tolist()
    counts = table["parent"].value_counts()
    labels = {p: f"{safe_text.label(p)} ({counts[p]})" for p in order}
    texts = [
        safe_text.label(n) if c == highlight else "" for c, n in zip(table["code"], table["name"])
    ]
    fig = go.Figure(
        go.Scatter(
            x=list(table["rate"]),
            y=[labels[p] for p in table["parent"]],
            mode="markers+text",
            text=texts,
            textposition="top center",
            marker=_marker(table, metric, highlight),
            customdata=[[c, h] for c, h in zip(table["code"], _hover(table, lang, percent))],
            hovertemplate="%{customdata[1]}<extra></extra>",
            cliponaxis=False,
            showlegend=False,
        )
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[labels[p] for p in order],
        autorange="reversed",
        automargin=True,
        showgrid=True,
    )
    fig.update_xaxes(tickformat=".0%" if percent else ",~r", rangemode="tozero")
    fig.update_layout(**charts.layout_options(lang, height=max(300, 24 * len(order) + 110)))
    return fig


def rank_figure(
    table: pd.DataFrame, lang: str, percent: bool, metric: str, highlight: str | None = None
) -> go.Figure:
    """Rate against rank, one dot per unit; the first few and the found unit named."""
    texts = [
        safe_text.label(n) if (r <= NAMED or c == highlight) else ""
        for c, n, r in zip(table["code"], table["name"], table["rank"])
    ]
    fig = go.Figure(
        go.Scatter(
            x=[int(r) for r in table["rank"]],
            y=list(table["rate"]),
            mode="markers+text",
            text=texts,
            textposition="middle right",
            marker=_marker(table, metric, highlight),
            customdata=[[c, h] for c, h in zip(table["code"], _hover(table, lang, percent))],
            hovertemplate="%{customdata[1]}<extra></extra>",
            cliponaxis=False,
            showlegend=False,
        )
    )
    fig.update_xaxes(title_text=t("rank", lang), tickformat=",d", rangemode="tozero")
    fig.update_yaxes(tickformat=".0%" if percent else ",~r", rangemode="tozero")
    fig.update_layout(**charts.layout_options(lang, height=440))
    return fig
