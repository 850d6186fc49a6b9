"""Charts for each question: metric results (small DataFrames) → :class:`~dashboard.charts.Chart`.

No numbers are computed here beyond presentation (labels, order, formatting); the figures come
from :mod:`metrics` through ``ctx.data``. No Streamlit: ``dvk export`` builds the same charts.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from dashboard import charts, citing, fmt, rank_dots
from dashboard.charts import Chart, Selection
from dashboard.context import Ctx
from dashboard.i18n import label, model_status, t, tier
from dashboard.present import cited, place_names, unit, warning_texts
from metrics.comparisons import Comparison
from metrics.distributions import Distribution
from metrics.totals import Total

NORM_UNITS = {
    "share": "unit_share",
    "per_child": "unit_per_child",
    "per_commune": "unit_per_commune",
    "per_10k": "unit_per_10k",
    "per_year": "unit_per_year",
}


def norm_unit(ctx: Ctx, norm: str) -> str:
    base = unit(ctx)
    key = NORM_UNITS.get(norm)
    return t(key, ctx.lang, unit=base) if key else base


def _marks(table: pd.DataFrame) -> list[str]:
    """The marks after each row's name: * derived, † summed from the units below."""
    return [
        ("*" if d else "") + ("†" if b == "children" else "")
        for d, b in zip(table["is_derived"], table["basis"])
    ]


def ranking(
    ctx: Ctx,
    comp: Comparison,
    key: str,
    title: str,
    top: int | None = None,
    picked: tuple[str, ...] = (),
) -> Chart:
    """Ranked bars of a comparison, with its table (denominators and years included), the
    comparison's warnings and the sources of exactly the rows shown. ``picked``: the
    localities chosen by hand (they replace the sidebar's scope in the filters)."""
    table = comp.table if top is None else comp.table.head(top)
    labels = place_names(ctx, (*table["code"], *comp.missing))  # those named in the notes too
    table = table.assign(name=table["code"].map(labels))
    shown = table[table["rate"].notna()]
    percent = comp.norm == "share"
    names = [f"{n}{m}" for n, m in zip(shown["name"], _marks(shown))]
    period = [fmt.period(a, b) for a, b in zip(shown["year_lo"], shown["year_hi"])]
    hover = [
        f"{fmt.percent(v, ctx.lang) if percent else fmt.auto(v, ctx.lang)} ({p})"
        for v, p in zip(shown["rate"], period)
    ]
    color = charts.metric_color(ctx.filter.metric)
    fig = charts.ranked_bars(
        names,
        shown["rate"],
        ctx.lang,
        percent=percent,
        hover=hover,
        color=color,
        ids=shown["code"].tolist(),
    )
    data = table.assign(
        tier_label=[tier(x, ctx.lang) for x in table["tier"]],
        basis_label=[
            t("basis_stated", ctx.lang) if b == "stated" else t("basis_children", ctx.lang)
            for b in table["basis"]
        ],
        children_text=[
            f"{int(r)}/{int(c)}" if pd.notna(r) and pd.notna(c) else fmt.MISSING
            for r, c in zip(table["children_reporting"], table["children_total"])
        ],
        period_text=[fmt.period(a, b) for a, b in zip(table["year_lo"], table["year_hi"])],
        derived_text=[("✓" if d else "") for d in table["is_derived"]],
    )
    columns = {
        "rank": t("rank", ctx.lang),
        "name": t("locality", ctx.lang),
        "value": t("value", ctx.lang),
    }
    if comp.norm != "absolute":
        columns["rate"] = norm_unit(ctx, comp.norm)
        columns["denominator"] = t("denominator", ctx.lang)
        if comp.norm == "per_10k":
            columns["denominator_year"] = t("denominator_year", ctx.lang)
    columns.update(
        {
            "period_text": t("data_period", ctx.lang),
            "basis_label": t("basis", ctx.lang),
            "children_text": t("children", ctx.lang),
            "derived_text": t("derived", ctx.lang),
        }
    )
    notes = []
    if any(table["is_derived"]):
        notes.append(t("derived_note", ctx.lang))
    if any(table["basis"] == "children"):
        notes.append(t("children_note", ctx.lang))
    notes += denominator_notes(ctx, comp)
    if comp.units:
        notes.append(ranked_coverage(ctx, comp))
    warnings = warning_texts(ctx, comp.warnings)
    if comp.missing:
        missing = ", ".join(labels[c] for c in comp.missing)
        warnings.append(t("missing_figure", ctx.lang, names=missing))
    f = ctx.filter.replace(locality=None) if picked else ctx.filter
    places = list(place_names(ctx, picked).values()) if picked else None
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=table,
        **charts.table_fields(data, columns, ctx.lang, percent=("rate",) if percent else ()),
        unit=norm_unit(ctx, comp.norm),
        filters=ctx.filters_text(metric=True, places=places),
        sources=cited(ctx, table, f),
        notes=notes,
        warnings=warnings,
        selection=Selection(f, tuple(table["code"]), picked or (ctx.scope,)),
    )


def era_label(ctx: Ctx, era: object) -> str:
    return t(f"era_label_{era}", ctx.lang) if era in ("pre2025", "2025") else ""


EN_PLURAL = {
    "province": "provinces",
    "current_province": "provinces (2025)",
    "district": "districts",
    "commune": "communes",
    "unit": "units",
}


def tier_plural(ctx: Ctx, tier_id: str) -> str:
    """ "tỉnh, thành", "quận, huyện", "xã, phường" (a tier in running text)."""
    if ctx.lang == "vi":
        return tier(tier_id, ctx.lang).lower()
    return EN_PLURAL.get(tier_id, tier(tier_id, ctx.lang))


def ranked_coverage(ctx: Ctx, comp: Comparison) -> str:
    tier_id = str(comp.table["tier"].iloc[0]) if len(comp.table) else "province"
    return t(
        "ranked_coverage",
        ctx.lang,
        n=fmt.number(int(comp.table["rate"].notna().sum()), ctx.lang),
        units=fmt.number(comp.units, ctx.lang),
        tier=tier_plural(ctx, tier_id),
        era="" if tier_id == "current_province" else f" ({era_label(ctx, comp.era)})",
    )


def reason_text(ctx: Ctx, row: Mapping[str, Any]) -> str:
    reason = row["reason"]
    if reason == "partial_rollup":
        total = row["children_total"]
        return t(
            "reason_partial_rollup",
            ctx.lang,
            r=fmt.number(row["children_reporting"], ctx.lang),
            c=fmt.number(total, ctx.lang) if pd.notna(total) else "?",
        )
    if reason == "other_boundary":
        return t("reason_other_boundary", ctx.lang, era=era_label(ctx, row["era"]))
    return t("reason_derived", ctx.lang)


APART_ORDER = ("partial_rollup", "derived", "other_boundary")


def ranking_apart(ctx: Ctx, comp: Comparison, key: str) -> list[Chart]:
    """The figures set apart from a ranking, one labelled group per reason (partial roll-ups,
    derived figures, units of the other boundary version): bars without ranks, and a table
    saying why. Groups never mix boundary versions."""
    table = comp.apart
    if table.empty:
        return []
    table = table.assign(name=table["code"].map(place_names(ctx, tuple(table["code"]))))
    out = []
    for reason in APART_ORDER:
        group = table[table["reason"] == reason]
        if len(group):
            out.append(_apart_group(ctx, comp, group, reason, f"{key}_{reason}"))
    return out


def _apart_group(ctx: Ctx, comp: Comparison, table: pd.DataFrame, reason: str, key: str) -> Chart:
    why = ["reason", "children_reporting", "children_total", "era"]
    reasons = [reason_text(ctx, r) for r in table[why].to_dict("records")]
    # a share is of the ranked units' total, which those set apart are not part of: their
    # own figures are drawn (``metrics.comparisons.compare``)
    share = comp.norm == "share"
    # a partial sum over the whole unit's size has no rate either (metrics.comparisons)
    own = share or (comp.norm != "absolute" and table["rate"].isna().all())
    drawn = "value" if own else "rate"
    shown = table[table[drawn].notna()]
    names = [f"{n}{m}" for n, m in zip(shown["name"], _marks(shown))]
    hover = [
        f"{fmt.auto(v, ctx.lang)} ({fmt.period(a, b)})"
        for v, a, b in zip(shown[drawn], shown["year_lo"], shown["year_hi"])
    ]
    fig = charts.ranked_bars(
        names,
        shown[drawn],
        ctx.lang,
        percent=False,
        colors=[charts.SEQUENCE[7]] * len(names),
        hover=hover,
    )
    data = table.assign(
        reason_text=reasons,
        period_text=[fmt.period(a, b) for a, b in zip(table["year_lo"], table["year_hi"])],
        children_text=[
            f"{int(r)}/{int(c)}" if pd.notna(r) and pd.notna(c) else fmt.MISSING
            for r, c in zip(table["children_reporting"], table["children_total"])
        ],
    )
    columns = {"name": t("locality", ctx.lang), "value": t("value", ctx.lang)}
    if not own and comp.norm != "absolute":
        columns["rate"] = norm_unit(ctx, comp.norm)
    columns |= {
        "period_text": t("data_period", ctx.lang),
        "children_text": t("children", ctx.lang),
        "reason_text": t("reason", ctx.lang),
    }
    why_not = "apart_no_share" if share else "apart_no_rate"
    era = table["era"].dropna().iloc[0] if table["era"].notna().any() else None
    title = t(f"apart_{reason}", ctx.lang, era=era_label(ctx, era), n=len(table))
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=table,
        **charts.table_fields(data, columns, ctx.lang),
        unit=unit(ctx) if own else norm_unit(ctx, comp.norm),
        filters=ctx.filters_text(metric=True),
        sources=cited(ctx, table),
        notes=[t("apart_help", ctx.lang), *([t(why_not, ctx.lang)] if own else [])],
        selection=Selection(ctx.filter, tuple(table["code"]), (ctx.scope,)),
    )


def coverage_text(ctx: Ctx, total: Total, scope_name: str) -> str:
    """ "18 / 63 tỉnh, thành có số liệu" (or "the scope's own figure")."""
    if total.basis == "stated":
        return t("coverage_own", ctx.lang, name=scope_name)
    return t(
        "coverage_line",
        ctx.lang,
        n=fmt.number(total.reporting, ctx.lang),
        units=fmt.number(total.units, ctx.lang),
        tier=tier_plural(ctx, total.tier),
    )


def total_label(ctx: Ctx, total: Total) -> str:
    """What a total is called: the scope's total only when coverage is complete."""
    if total.basis == "stated":
        return ""
    if total.complete:
        return t("total_complete", ctx.lang, tier=tier_plural(ctx, total.tier))
    return t("total_partial", ctx.lang)


def yearly_total(ctx: Ctx, table: pd.DataFrame, scope_name: str, key: str, title: str) -> Chart:
    """Per-year totals of a scope, each bar saying which units it adds up (never a line
    that would read as a trend when the units change from year to year)."""
    names = place_names(ctx, sorted({c for cov in table["covered"] for c in cov}))
    coverage = [
        t("coverage_own", ctx.lang, name=scope_name)
        if b == "stated"
        else f"{fmt.number(n, ctx.lang)}/{fmt.number(u, ctx.lang)}"
        for b, n, u in zip(table["basis"], table["reporting"], table["units"])
    ]
    fig = charts.year_bars(
        table, "code", "value", ctx.lang, {str(table["code"].iloc[0]): ""}, mark_missing=True
    )
    texts = [
        f"{fmt.number(v, ctx.lang)} ({c})" if b != "stated" else fmt.number(v, ctx.lang)
        for v, c, b in zip(table["value"], coverage, table["basis"])
    ]
    covered = [", ".join(names.get(c, c) for c in cov) for cov in table["covered"]]
    fig.update_traces(
        text=texts,
        customdata=[[tx, cv] for tx, cv in zip(texts, covered)],
        hovertemplate="%{x}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        showlegend=False,
    )
    data = table.assign(coverage_text=coverage, covered_text=covered)
    labels = {
        "year": t("year", ctx.lang),
        "value": t("value", ctx.lang),
        "coverage_text": t("coverage", ctx.lang),
        "covered_text": t("covered_units", ctx.lang),
        "change": t("change", ctx.lang),
        "change_pct": t("change_pct", ctx.lang),
    }
    notes = [t("yearly_only_note", ctx.lang)]
    if (table["basis"] != "stated").any():
        notes.insert(0, t("yearly_total_note", ctx.lang, name=scope_name))
    rows = pd.DataFrame(
        [
            {"code": c, "year": y, "basis": "stated" if b == "stated" else None}
            for y, b, cov in zip(table["year"], table["basis"], table["covered"])
            for c in (cov if b != "stated" else (table["code"].iloc[0],))
        ],
        columns=["code", "year", "basis"],
    )
    codes = tuple(rows["code"].drop_duplicates())
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=table.drop(columns=["covered"]),
        **charts.table_fields(data, labels, ctx.lang, percent=("change_pct",)),
        unit=unit(ctx),
        filters=ctx.filters_text(metric=True),
        sources=cited(ctx, rows),
        notes=notes,
        selection=Selection(ctx.filter, codes, (ctx.scope,)),
    )


HIGHLIGHT = "#d32f2f"


def top_ranking(
    ctx: Ctx,
    comp: Comparison,
    key: str,
    title: str,
    top: int | None,
    highlight: str | None = None,
    picked: tuple[str, ...] = (),
) -> tuple[Chart, str | None]:
    """The ranking with at most ``top`` bars (the rest summarised in one note; the table and
    the exports keep every unit) and ``highlight`` drawn in its own colour — added below the
    bars, with its rank, when it is not among them. Returns the chart and the highlighted
    unit's rank line ("Quận Đống Đa: hạng 3 / 12 quận, huyện — Thành phố Hà Nội")."""
    table = comp.table
    chart = ranking(ctx, comp, key, title, picked=picked)
    ranked = table[table["rate"].notna()]
    codes = ranked["code"].tolist()
    keep = codes if top is None else codes[:top]
    outside = highlight in codes and highlight not in keep
    if outside:
        keep = [*keep, highlight]
    # the drawn bars: a slice of the full chart's (same labels, hover and order)
    bars = chart.figure.data[0]
    at = {code: i for i, code in enumerate(c for c, _ in bars.customdata)}
    pick = [at[c] for c in keep]  # every kept unit has a bar (its rate is known)
    labels = [html.unescape(bars.y[i]) for i in pick]  # ranked_bars escapes them again
    if outside:
        rank = int(table.loc[table["code"] == highlight, "rank"].iloc[0])
        labels[-1] = f"{rank}. {labels[-1]}"
    base = charts.metric_color(ctx.filter.metric)
    fig = charts.ranked_bars(
        labels,
        pd.Series([bars.x[i] for i in pick]),
        ctx.lang,
        percent=comp.norm == "share",
        hover=[bars.customdata[i][1] for i in pick],
        colors=[HIGHLIGHT if c == highlight else base for c in keep],
        ids=keep,
    )
    rest = ranked[~ranked["code"].isin(keep)]
    notes = list(chart.notes)
    if len(rest):
        percent = comp.norm == "share"
        show = fmt.percent if percent else fmt.auto
        total = ""
        if comp.norm == "absolute":
            total = t("rank_rest_total", ctx.lang, total=fmt.number(rest["value"].sum(), ctx.lang))
        line = t(
            # "All" would draw dots (dashboard.rank_dots): say so where it would
            "rank_rest_dots" if rank_dots.applies(comp, None) else "rank_rest",
            ctx.lang,
            n=fmt.number(len(rest), ctx.lang),
            lo=show(rest["rate"].min(), ctx.lang),
            hi=show(rest["rate"].max(), ctx.lang),
            total=total,
        )
        notes = [line, *notes]
    chart = replace(chart, figure=fig, notes=notes)
    rank_line = None
    if highlight in set(table["code"]):
        row = table[table["code"] == highlight].iloc[0]
        name = place_names(ctx, (highlight,))[highlight]
        if pd.isna(row["rank"]):  # a figure but no rate: not ranked
            rank_line = t("rank_of_unrated", ctx.lang, name=name)
        else:
            rank_line = t(
                "rank_of",
                ctx.lang,
                name=name,
                rank=int(row["rank"]),
                n=fmt.number(len(ranked), ctx.lang),
                tier=tier(str(row["tier"]), ctx.lang).lower(),
                scope=ctx.scope_name,
            )
    return chart, rank_line


def denominator_notes(ctx: Ctx, comp: Comparison) -> list[str]:
    notes = []
    what = {
        "per_10k": t("den_population", ctx.lang),
        "per_child": t("den_children", ctx.lang),
        "per_commune": t("den_communes", ctx.lang),
        "per_year": t("den_years", ctx.lang),
    }.get(comp.norm)
    if comp.norm == "share":
        total = comp.table["denominator"].iloc[0] if len(comp.table) else None
        what = t("den_total", ctx.lang, total=fmt.number(total, ctx.lang))
    if what:
        notes.append(t("denominator_line", ctx.lang, what=what))
    if comp.missing_rate:
        shown = place_names(ctx, tuple(comp.table["code"]))  # same-name units told apart
        names = ", ".join(shown[c] for c in comp.table["code"] if c in set(comp.missing_rate))
        notes.append(t("missing_rate", ctx.lang, names=names))
    return notes


def parts_periods(ctx: Ctx, parts: pd.DataFrame) -> list[str]:
    """The warning of a split whose parts add up localities' figures of different periods
    (``basis`` ``children`` over several years, or parts of different periods): no split of
    one period (``metrics/RULES.md``)."""
    if parts.empty:
        return []
    spans = set(zip(parts["year_lo"], parts["year_hi"]))
    added = (parts["basis"] == "children") & (parts["year_lo"] != parts["year_hi"])
    if len(spans) < 2 and not added.any():
        return []
    period = fmt.period(int(parts["year_lo"].min()), int(parts["year_hi"].max()))
    return [t("mixed_periods", ctx.lang, period=period)]


def fields(ctx: Ctx, dist: Distribution, key: str, title: str) -> Chart:
    """The split of a figure by field as a donut (fields in their own colours)."""
    table = dist.table
    labels = [label("field", str(v), ctx.lang) for v in table["field"]]
    fig = charts.donut(
        labels, table["value"], [charts.field_color(str(v)) for v in table["field"]], ctx.lang
    )
    data = table.assign(field_label=labels)
    notes = []
    if not dist.adds_up:
        notes.append(
            t(
                "parts_fewer_localities" if dist.total_basis == "children" else "stated_vs_parts",
                ctx.lang,
                parts=fmt.number(dist.parts_total, ctx.lang),
                stated=fmt.number(dist.stated_total, ctx.lang),
                dimension=t(dist.dim, ctx.lang).lower(),
            )
        )
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=table,
        warnings=parts_periods(ctx, table),
        **charts.table_fields(
            data,
            {
                "field_label": t("field", ctx.lang),
                "value": t("value", ctx.lang),
                "share": t("share", ctx.lang),
            },
            ctx.lang,
            percent=("share",),
        ),
        unit=unit(ctx),
        filters=ctx.filters_text(metric=True, dims=True),
        sources=cited(ctx, table.assign(code=ctx.scope)),  # each field's basis and period
        notes=notes,
        selection=Selection(ctx.filter, (), (ctx.scope,)),
    )


def _by_year(
    ctx: Ctx,
    table: pd.DataFrame,
    fig: object,
    names: dict[str, str],
    key: str,
    title: str,
    columns: tuple[str, ...],
    notes: list[str],
) -> Chart:
    """A per-locality, per-year chart with its table (locality, year and ``columns``)."""
    data = table.assign(name=[names.get(c, c) for c in table["code"]])
    labels = {"name": t("locality", ctx.lang), "year": t("year", ctx.lang)}
    labels |= {c: t(c, ctx.lang) for c in columns}
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=table,
        **charts.table_fields(data, labels, ctx.lang, percent=("change_pct",)),
        unit=unit(ctx),
        filters=ctx.filters_text(metric=True, places=_places(ctx, names)),
        sources=cited(ctx, table),
        notes=notes,
        selection=Selection(ctx.filter, tuple(names), tuple(names)[:3]),
    )


def _places(ctx: Ctx, names: dict[str, str]) -> list[str] | None:
    """The localities of a per-locality chart, when they are not just the sidebar's scope —
    by name only: a chart's mark (†, a sum of units below) means nothing in the filters."""
    return None if list(names) == [ctx.scope] else [n.rstrip("†") for n in names.values()]


def yearly(ctx: Ctx, table: pd.DataFrame, names: dict[str, str], key: str, title: str) -> Chart:
    """One line per locality; a locality whose yearly figures add up child units (†) gets
    points, not a line: its units can change from year to year, so a line would read as a
    trend that is not one."""
    partial = set(table.loc[table["basis"] == "children", "code"])
    shown = {c: f"{n}†" if c in partial else n for c, n in names.items()}
    fig = charts.year_lines(
        table, "code", "value", ctx.lang, shown, color=charts.metric_color(ctx.filter.metric)
    )
    marked = {shown[c] for c in partial if c in shown}
    # points, labelled only where labels cannot collide (one series of few years)
    scatter = [tr for tr in fig.data if tr.type == "scatter"]  # a single year is drawn as bars
    years = len(fig.layout.xaxis.categoryarray or ())
    mode = "markers+text" if charts.labels_fit(years, len(scatter)) else "markers"
    for tr in scatter:
        if tr.name in marked:
            tr.update(mode=mode, marker={"size": 10})
    data = table.assign(  # how many units a † figure adds: a number (a count, not text)
        covered_text=pd.array(
            [
                len(c) if b == "children" and isinstance(c, tuple) else None
                for b, c in zip(table["basis"], table.get("covered", [()] * len(table)))
            ],
            dtype="Int64",
        )
    )
    columns = ("value", "covered_text", "change", "change_pct")
    notes = [t("yearly_only_note", ctx.lang)]
    if partial:  # one year is drawn as bars: no points or line to explain
        lines = any(tr.type == "scatter" for tr in fig.data)
        notes.insert(0, t("yearly_points_note" if lines else "yearly_sum_note", ctx.lang))
    notes += _without_figures(ctx, table, names, "no_yearly_for")
    return _by_year(ctx, data, fig, shown, key, title, columns, notes)


def _without_figures(ctx: Ctx, table: pd.DataFrame, names: dict[str, str], key: str) -> list[str]:
    """A note naming the chosen localities the chart has no figure for (else none): a
    locality missing without a word would read as forgotten, or as zero."""
    drawn = set(table.loc[table["value"].notna(), "code"])
    missing = [n for c, n in names.items() if c not in drawn]
    return [t(key, ctx.lang, names=", ".join(missing))] if missing else []


def yoy(ctx: Ctx, table: pd.DataFrame, names: dict[str, str], key: str, title: str) -> Chart:
    shown = table[table["change"].notna()]
    fig = charts.year_bars(shown, "code", "change", ctx.lang, names)
    return _by_year(ctx, shown, fig, names, key, title, ("change", "change_pct"), [])


def phases(
    ctx: Ctx,
    table: pd.DataFrame,
    names: dict[str, str],
    key: str,
    title: str,
    warnings: list[str] | None = None,
) -> Chart:
    """Each locality's figure per phase; ``warnings``: those of figures adding up units'
    figures of different dates or periods (``viewmodels.phase_warnings``)."""
    partial = set(table.loc[table["basis"] == "children", "code"])
    names = {c: f"{n}†" if c in partial else n for c, n in names.items()}
    data = table.assign(
        name=[names.get(c, c) for c in table["code"]],
        covered=[f"{int(n)}/5" for n in table["n_years"]],
        phase_label=[p.replace("-", "–") for p in table["phase"]],
    )
    fig = charts.stacked_bars(
        data.rename(columns={"phase_label": "ph"}),
        "name",
        "ph",
        "value",
        ctx.lang,
        x_labels={},
        color_dim="year",
    )
    fig.update_layout(barmode="group")
    # beside its bar, a small phase's value is read (inside, 40 and 20 were hidden)
    fig.update_traces(textposition="outside", cliponaxis=False)
    top = pd.to_numeric(table["value"], errors="coerce").max()
    if pd.notna(top) and top > 0:
        axis = fig.update_xaxes if fig.data and fig.data[0].orientation == "h" else fig.update_yaxes
        axis(range=[0, float(top) * 1.25])
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=table,
        **charts.table_fields(
            data,
            {
                "name": t("locality", ctx.lang),
                "phase_label": t("phase", ctx.lang),
                "value": t("value", ctx.lang),
                "covered": t("years_covered", ctx.lang),
            },
            ctx.lang,
        ),
        unit=unit(ctx),
        filters=ctx.filters_text(metric=True, places=_places(ctx, names)),
        sources=cited(ctx, table),
        selection=Selection(ctx.filter, tuple(names), tuple(names)[:3]),
        notes=([t("children_note", ctx.lang)] if partial else [])
        + _without_figures(ctx, table, names, "no_phase_for"),
        warnings=list(warnings or []),
    )


def funnel(ctx: Ctx, table: pd.DataFrame, names: dict[str, str], key: str) -> Chart:
    """Registered, recognised and commended per locality, each with its period; a rate only
    against the registered figure of the same period (``metrics.comparisons.funnel``)."""
    fig = charts.funnel_bars(table, ctx.lang, names)
    data = table.assign(
        name=[names.get(c, c) for c in table["code"]],
        stage_label=[label("metric", s, ctx.lang) for s in table["stage"]],
        period_text=[fmt.period(a, b) for a, b in zip(table["year_lo"], table["year_hi"])],
        basis_label=[
            t("basis_stated", ctx.lang) if b == "stated" else t("basis_children", ctx.lang)
            for b in table["basis"]
        ],
        derived_text=[("✓" if d else "") for d in table["is_derived"]],
        unit_text=[unit(ctx, s) for s in table["stage"]],  # commendations are not models
    )
    notes = [t("funnel_note", ctx.lang)]
    if table["is_derived"].any():
        notes.append(t("derived_note", ctx.lang))
    if (table["basis"] == "children").any():
        notes.append(t("children_note", ctx.lang))
    return Chart(
        key=key,
        title=t("funnel_title", ctx.lang),
        figure=fig,
        data=table,
        **charts.table_fields(
            data,
            {
                "name": t("locality", ctx.lang),
                "stage_label": t("metric", ctx.lang),
                "value": t("value", ctx.lang),
                "unit_text": t("unit", ctx.lang),
                "period_text": t("data_period", ctx.lang),
                "ratio_to_registered": t("rate", ctx.lang),
                "basis_label": t("basis", ctx.lang),
                "derived_text": t("derived", ctx.lang),
            },
            ctx.lang,
            percent=("ratio_to_registered",),
        ),
        unit="; ".join(dict.fromkeys(data["unit_text"])),  # each measure's own unit
        filters=ctx.filters_text(places=list(names.values())),
        sources=cited(ctx, table.assign(metric=table["stage"])),  # each figure's own period
        notes=notes,
    )


def parts_vs_total(ctx: Ctx, parts: int, total: Total | None, dims: list[str]) -> list[str]:
    """The note of a split whose parts do not add up to the total the overview shows for the
    same selection (a locality that states no breakdown, a stated total apart from its parts):
    the shares are of the parts, not of that total."""
    if total is None or total.value is None or int(total.value) == int(parts):
        return []
    return [
        t(
            "parts_fewer_localities" if total.basis == "children" else "stated_vs_parts",
            ctx.lang,
            parts=fmt.number(parts, ctx.lang),
            stated=fmt.number(total.value, ctx.lang),
            dimension=" × ".join(t(d, ctx.lang).lower() for d in dims),
        )
    ]


def breakdown(
    ctx: Ctx,
    table: pd.DataFrame,
    dims: list[str],
    mode: str,
    chart_type: str,
    key: str,
    title: str,
    total: Total | None = None,
) -> Chart:
    """A split by one or two dimensions; ``total``: the selection's own figure, to say when
    the parts do not add up to it."""
    value = "share" if mode == "share" else "value"
    percent = mode == "share"
    if len(dims) == 1 or chart_type != "bar":
        if len(dims) == 1 and chart_type == "bar":
            labels = [label(dims[0], str(v), ctx.lang) for v in table[dims[0]]]
            colors = [charts.color_for(dims[0], str(v), i) for i, v in enumerate(table[dims[0]])]
            fig = charts.ranked_bars(labels, table[value], ctx.lang, percent=percent, colors=colors)
        else:
            fig = charts.hierarchy(
                table, dims, "value", ctx.lang, chart_type if chart_type != "bar" else "treemap"
            )
    else:
        x_labels = {str(v): label(dims[0], str(v), ctx.lang) for v in table[dims[0]]}
        shown = table.assign(**{value: table["share_in_group"] if percent else table["value"]})
        fig = charts.stacked_bars(
            shown,
            dims[0],
            dims[1],
            value,
            ctx.lang,
            x_labels=x_labels,
            color_dim=dims[1],
            percent=percent,
        )
    data = table.assign(
        **{f"{d}_label": [label(d, str(v), ctx.lang) for v in table[d]] for d in dims}
    )
    columns = {f"{d}_label": t(d, ctx.lang) for d in dims}
    columns.update({"value": t("value", ctx.lang), "share": t("share", ctx.lang)})
    notes = [t("derived_note", ctx.lang)] if table["is_derived"].any() else []
    notes += parts_vs_total(ctx, int(table["value"].sum()), total, dims)
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=table,
        **charts.table_fields(data, columns, ctx.lang, percent=("share",)),
        unit=t("unit_share", ctx.lang) if percent else unit(ctx),
        filters=ctx.filters_text(metric=True),
        sources=cited(ctx, table.assign(code=ctx.scope)),  # each cell's basis and period
        notes=notes,
        warnings=parts_periods(ctx, table),
        selection=Selection(ctx.filter, (), (ctx.scope,)),
    )


def place_counts(
    ctx: Ctx,
    table: pd.DataFrame,
    names: dict[str, str],
    key: str,
    title: str,
    column: str = "locality_code",
    text: str = "",
    status: str | None = None,
) -> Chart:
    """Named models per locality (``column``: the tier they are counted at) among those found
    by the search words ``text`` and the ``status`` (both named in the filters)."""
    labels = [names.get(c, c) for c in table["code"]]
    fig = charts.ranked_bars(labels, table["models"], ctx.lang)
    data = table.assign(name=labels)
    searched = [t("filter_search", ctx.lang, q=text)] if text else []
    if status:
        searched.append(f"{t('status', ctx.lang)}: {model_status(status, ctx.lang)}")
    return Chart(
        key=key,
        title=title,
        figure=fig,
        data=table,
        **charts.table_fields(
            data, {"name": t("locality", ctx.lang), "models": t("value", ctx.lang)}, ctx.lang
        ),
        unit=t("unit_models_named", ctx.lang),
        filters=[*ctx.filters_text(dims=False), *searched],
        sources=citing.refs(
            ctx.data.catalogue_sources(
                ctx.version, ctx.filter, column, tuple(table["code"]), text, status
            )
        ),
    )


@dataclass(frozen=True)
class CoverageList:
    """The texts of the list of units a total adds up (see :func:`coverage_list`)."""

    label: str
    lines: str
    captions: tuple[str, ...]


def coverage_list(ctx: Ctx, total: Total) -> CoverageList | None:
    """The overview's list of the units a total adds up, those left out and those without a
    figure, as texts (``None`` for a stated total: it adds up no units)."""
    if total.value is None or total.basis == "stated":
        return None
    tiers = tier_plural(ctx, total.tier)
    label = t("coverage_list", ctx.lang, n=fmt.number(total.reporting, ctx.lang), tier=tiers)
    names = place_names(ctx, tuple(total.rows["code"]))
    rows = total.rows
    marks = ["†" if b == "children" else "" for b in rows["basis"]]
    lines = [
        f"- {names[c]}{m}: {fmt.number(v, ctx.lang)} ({fmt.period(a, b)})"
        for c, m, v, a, b in zip(
            rows["code"], marks, rows["value"], rows["year_lo"], rows["year_hi"]
        )
    ]
    captions: list[str] = []
    if any(marks):
        captions.append(t("children_note", ctx.lang))
    if len(total.left_out):
        other = total.left_out["era"].iloc[0]
        out_names = place_names(ctx, tuple(total.left_out["code"]))
        captions.append(
            t(
                "left_out",
                ctx.lang,
                n=len(total.left_out),
                era=era_label(ctx, other),
                names=", ".join(
                    f"{out_names[c]} {fmt.number(v, ctx.lang)}"
                    for c, v in zip(total.left_out["code"], total.left_out["value"])
                ),
            )
        )
    if total.missing and len(total.missing) <= 80:
        missing = place_names(ctx, total.missing)
        names_missing = ", ".join(missing[c] for c in total.missing)
        captions.append(t("coverage_missing", ctx.lang, names=names_missing))
    return CoverageList(label, "\n".join(lines), tuple(captions))
