"""Biểu đồ phễu kiểm soát — a funnel plot of a normalised ranking: each unit's rate against
its denominator, the overall rate as the centre line and 95% / 99.8% control limits
(:mod:`metrics.control_limits`). A fair look at small units, whose rates swing by chance.

Not the "stage funnel" of :func:`dashboard.views.funnel` (registered → recognised →
commended): this one is about comparing rates. Points carry their locality code, so a click
drills in like a bar of the ranking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, fmt, safe_text, views
from dashboard.charts import Chart, Selection
from dashboard.context import Ctx
from dashboard.i18n import t
from dashboard.present import cited, place_names, warning_texts
from metrics import control_limits
from metrics.comparisons import Comparison

KEY = "control"
SCALES = {"per_10k": 10_000.0}  # the rate of a unit of denominator, times this
DENOMINATOR_AXIS = {
    "per_10k": "den_axis_population",
    "per_commune": "den_axis_communes",
    "per_child": "den_axis_children",
    "per_year": "den_axis_years",
}
MIN_UNITS = 3
MAX_LABELS = 15  # names printed beside points outside the limits (the furthest first)
ZONE_COLORS = {
    "inside": "#90a4ae",
    "above_95": "#ef6c00",
    "below_95": "#ef6c00",
    "above_998": "#c62828",
    "below_998": "#c62828",
}
LIMIT_COLOR = "#455a64"
HIGHLIGHT = "#d32f2f"


def applies(comp: Comparison) -> bool:
    """A funnel plot says something when the ranking is a rate whose denominators differ
    between units (a share of one total has one denominator for all)."""
    if comp.norm == "absolute" or comp.table.empty:
        return False
    table = comp.table[comp.table["denominator"].notna() & (comp.table["denominator"] > 0)]
    return len(table) >= MIN_UNITS and table["denominator"].nunique() > 1


def chart(
    ctx: Ctx,
    comp: Comparison,
    title: str,
    highlight: str | None = None,
    picked: tuple[str, ...] = (),
) -> Chart:
    """The funnel plot of ``comp`` (see :func:`applies`) as a :class:`Chart`."""
    limits = control_limits.funnel(comp.table, SCALES.get(comp.norm, 1.0))
    table = limits.table
    names = place_names(ctx, tuple(table["code"]))
    table = table.assign(name=table["code"].map(names))
    unit = views.norm_unit(ctx, comp.norm)
    axis = t(DENOMINATOR_AXIS.get(comp.norm, "denominator"), ctx.lang)
    fig = figure(ctx.lang, limits, table, unit, axis, highlight)
    data = table.assign(zone_label=[t(f"zone_{z}", ctx.lang) for z in table["zone"]])
    columns = {
        "name": t("locality", ctx.lang),
        "value": t("value", ctx.lang),
        "denominator": axis,
        "rate": unit,
        "lo95": t("limit_lo95", ctx.lang),
        "hi95": t("limit_hi95", ctx.lang),
        "lo998": t("limit_lo998", ctx.lang),
        "hi998": t("limit_hi998", ctx.lang),
        "zone_label": t("zone", ctx.lang),
    }
    show = fmt.auto
    counts = table["zone"].value_counts()
    notes = [
        t(
            "control_method",
            ctx.lang,
            centre=show(limits.centre, ctx.lang),
            n=fmt.number(len(table), ctx.lang),
        ),
        t(
            "control_counts",
            ctx.lang,
            above=fmt.number(counts.get("above_998", 0), ctx.lang),
            below=fmt.number(counts.get("below_998", 0), ctx.lang),
            outside95=fmt.number(
                sum(counts.get(z, 0) for z in ("above_95", "below_95", "above_998", "below_998")),
                ctx.lang,
            ),
        ),
        t("control_help", ctx.lang),
    ]
    if limits.phi > 1:
        phi = fmt.number(limits.phi, ctx.lang, decimals=1)
        notes.insert(1, t("control_dispersion", ctx.lang, phi=phi))
    left_out = len(comp.table) - len(table)
    if left_out:
        notes.append(t("control_left_out", ctx.lang, n=fmt.number(left_out, ctx.lang)))
    f = ctx.filter.replace(locality=None) if picked else ctx.filter
    places = list(place_names(ctx, picked).values()) if picked else None
    return Chart(
        key=KEY,
        title=title,
        figure=fig,
        data=table.drop(columns=["name"]),
        **charts.table_fields(data, columns, ctx.lang),
        unit=unit,
        filters=ctx.filters_text(metric=True, places=places),
        sources=cited(ctx, table, f),
        notes=notes,
        warnings=warning_texts(ctx, [w for w in comp.warnings if w != "set_apart"]),
        selection=Selection(f, tuple(table["code"]), picked or (ctx.scope,)),
    )


def figure(
    lang: str,
    limits: control_limits.Funnel,
    table: pd.DataFrame,
    unit: str,
    axis: str,
    highlight: str | None = None,
) -> go.Figure:
    """Centre line, the 95% and 99.8% limits as curves over the denominators, the units as
    points coloured by zone; names beside the points outside the limits (the furthest
    :data:`MAX_LABELS`) and the unit found."""
    show = fmt.auto
    n = table["denominator"].astype(float)
    log = n.max() / n.min() > 20
    grid = (
        np.geomspace(n.min() * 0.9, n.max() * 1.1, 160)
        if log
        else np.linspace(max(n.min() * 0.9, 1e-9), n.max() * 1.05, 160)
    )
    theta = limits.centre / limits.scale
    fig = go.Figure()
    for name, z, dash in (
        ("998", control_limits.Z998, "dash"),
        ("95", control_limits.Z95, "dot"),
    ):
        lo, hi = control_limits.poisson_limits(theta, grid, z, limits.scale, limits.phi)
        legend = t(f"limit_{name}", lang)
        for i, ys in enumerate((hi, lo)):
            fig.add_trace(
                go.Scatter(
                    x=grid,
                    y=ys,
                    mode="lines",
                    name=legend,
                    legendgroup=name,
                    showlegend=i == 0,
                    line={"color": LIMIT_COLOR, "dash": dash, "width": 1.5},
                    hoverinfo="skip",
                )
            )
    fig.add_trace(
        go.Scatter(
            x=[grid[0], grid[-1]],
            y=[limits.centre, limits.centre],
            mode="lines",
            name=t("control_centre", lang, centre=show(limits.centre, lang)),
            line={"color": LIMIT_COLOR, "width": 2},
            hoverinfo="skip",
        )
    )
    words = {z: t(f"zone_{z}", lang) for z in control_limits.ZONES}
    outside = table[table["zone"] != "inside"]
    labelled = set(
        outside.loc[outside["z"].abs().sort_values(ascending=False).index, "code"][:MAX_LABELS]
    )
    where = label_positions(table, labelled | {highlight}, log)
    for group, zones in (
        ("inside", ("inside",)),
        ("outside95", ("above_95", "below_95")),
        ("outside998", ("above_998", "below_998")),
    ):
        part = table[table["zone"].isin(zones)]
        if part.empty:
            continue
        hover = [
            f"{safe_text.label(n)}: {show(r, lang)} "
            f"({fmt.number(v, lang)} / {fmt.number(d, lang)}) — {words[z]}"
            for n, r, v, d, z in zip(
                part["name"], part["rate"], part["value"], part["denominator"], part["zone"]
            )
        ]
        texts = [
            safe_text.label(n) if c in labelled or c == highlight else ""
            for c, n in zip(part["code"], part["name"])
        ]
        colors = [
            HIGHLIGHT if c == highlight else ZONE_COLORS[z]
            for c, z in zip(part["code"], part["zone"])
        ]
        sizes = [14 if c == highlight else 8 for c in part["code"]]
        fig.add_trace(
            go.Scatter(
                x=list(part["denominator"].astype(float)),
                y=list(part["rate"]),
                mode="markers+text",
                name=t(f"zone_group_{group}", lang),
                text=texts,
                textposition=[where.get(c, "top center") for c in part["code"]],
                textfont={"size": 11},
                marker={"color": colors, "size": sizes, "line": {"width": 0.5, "color": "#fff"}},
                customdata=[[c, h] for c, h in zip(part["code"], hover)],
                hovertemplate="%{customdata[1]}<extra></extra>",
                cliponaxis=False,
            )
        )
    fig.update_xaxes(
        title_text=axis + (f" ({t('log_scale', lang)})" if log else ""),
        type="log" if log else "linear",
        tickformat=",~r",
    )
    if log:  # 1-2-5 ticks in the language's number format (plotly would write "1M", "2")
        ticks = log_ticks(float(grid[0]), float(grid[-1]))
        fig.update_xaxes(tickvals=ticks, ticktext=[fmt.number(v, lang) for v in ticks])
    fig.update_yaxes(title_text=unit, tickformat=",~r", rangemode="tozero")
    fig.update_layout(**charts.layout_options(lang, height=520))
    return fig


def label_positions(table: pd.DataFrame, named: set, log: bool) -> dict[str, str]:
    """Where the ``named`` units' names go beside their points: in turn above and below, left
    and right along the denominator (close neighbours' names fan out), inwards at either end.

    >>> t = pd.DataFrame({"code": list("abcd"), "denominator": [1.0, 5.0, 6.0, 10.0]})
    >>> label_positions(t, {"a", "b", "c", "d"}, log=False)
    {'a': 'top right', 'b': 'bottom right', 'c': 'top right', 'd': 'bottom left'}
    """
    n = table["denominator"].astype(float)
    x = np.log10(n) if log else n
    span = float(x.max() - x.min()) or 1.0
    points = [(c, at) for c, at in zip(table["code"], x) if c in named]
    out = {}
    for i, (code, at) in enumerate(sorted(points, key=lambda p: p[1])):
        side = (at - float(x.min())) / span
        turn = ("left", "right", "right", "left")[i % 4]  # neighbours fan out
        lean = "left" if side > 0.85 else "right" if side < 0.15 else turn
        out[code] = f"{'top' if i % 2 == 0 else 'bottom'} {lean}"
    return out


def log_ticks(lo: float, hi: float) -> list[float]:
    """1-2-5 ticks between ``lo`` and ``hi``.

    >>> log_ticks(280_000, 9_500_000)
    [500000.0, 1000000.0, 2000000.0, 5000000.0]
    """
    out = []
    for power in range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1):
        out += [d * 10.0**power for d in (1, 2, 5) if lo <= d * 10.0**power <= hi]
    return out
