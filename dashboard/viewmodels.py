"""What each page shows, from its state alone: ``ctx`` (the page state and the data answering
it) → the page's charts (:class:`dashboard.charts.Chart`: figure, data, title, unit, filters,
sources, warnings, notes), in the order the page draws them. A page's builder yields them one
by one, so an export of the first chart (PNG, SVG, CSV) builds no other.

No Streamlit. A page draws its controls (bound to the URL), then renders these charts; the
conference pack and ``dvk export`` build the same charts from a link's parameters
(``dashboard/exports/batch.py``), so an export is what the screen shows. The page builders
(:func:`overview`, :func:`compare` …) are listed in the page registry (``registry.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from dashboard import charts, control_funnel, rank_dots, views
from dashboard.charts import Chart, Selection
from dashboard.citing import SourceRef, short_lines
from dashboard.context import Ctx
from dashboard.i18n import label, t
from dashboard.present import cited, place_names, unit
from dashboard.views import norm_unit
from metrics import formatting, places
from metrics.comparisons import FUNNEL, Comparison
from metrics.filters import PHASES
from metrics.rules import is_stock
from metrics.totals import Total
from metrics.trends import previous_period

TOP = 10  # bars of the overview's leading localities
FUNNEL_MAX = 8  # localities of the compare page's funnel
DEFAULT_SERIES = 5  # lines of the trends page before any is picked


def _shown(chart: Chart | None) -> Iterator[Chart]:
    if chart is not None:
        yield chart


def _root(ctx: Ctx) -> tuple[str, ...] | None:
    return None if ctx.scope == "VN" else (ctx.scope,)


def metric_name(ctx: Ctx) -> str:
    return label("metric", ctx.filter.metric, ctx.lang)


# -- the province map (overview and compare) ----------------------------------


def map_title(ctx: Ctx, norm: str = "absolute") -> str:
    title = t("map_title", ctx.lang, metric=metric_name(ctx))
    if norm != "absolute":
        title += f" — {t(f'norm_{norm}', ctx.lang)}"
    return title


def province_map(ctx: Ctx, norm: str = "absolute", highlight: str | None = None) -> Chart | None:
    """The map of the provinces' comparison (the ranking's own figures: at national scope, the
    same comparison the page ranks), the unit looked into (``p``) or found (``highlight``)
    marked; ``None`` when no province has a figure (an all-grey, unsourced map says nothing)."""
    nation = t("nation", ctx.lang)
    filters = [nation if x == ctx.scope_name else x for x in ctx.filters_text(metric=True)]
    f = ctx.filter.replace(locality=None)
    tier = places.child_tier(ctx.data.engine(), None, f.boundary)
    comp = ctx.data.compare(ctx.version, f, None, tier, None, norm)
    if comp.table.empty:
        return None
    chart = ctx.data.province_map(
        ctx.version,
        f,
        norm,
        ctx.lang,
        ctx.get("p") or highlight,
        map_title(ctx, norm),
        norm_unit(ctx, norm),
        tuple(filters),
        tuple(cited(ctx, comp.table, f)),  # the sources of exactly the provinces shaded
    )
    # provinces with a figure of another kind (a partial sum, derived) are grey too: say so,
    # or "grey: no figure" would deny figures the ranking's own "not ranked" group shows
    unlike = comp.apart[comp.apart["reason"] != "other_boundary"] if len(comp.apart) else []
    if len(unlike):
        note = t("map_unlike", ctx.lang, n=len(unlike))
        chart = replace(chart, notes=[*chart.notes[:1], note, *chart.notes[1:]])
    return chart


# -- overview -----------------------------------------------------------------


@dataclass(frozen=True)
class CardRow:
    """One figure a key-figure card adds up: a unit's own figure, or its children's sum
    (``basis`` ``children``), over ``year_lo``–``year_hi``."""

    code: str
    value: int
    year_lo: int
    year_hi: int
    basis: str


@dataclass(frozen=True)
class FigureCard:
    """One key figure of the overview, as the page draws it and an export can read it.

    ``kind`` ``figure``: ``value`` is the scope's total of ``metric`` (the sum of ``rows``),
    with its change against the previous period (``delta``/``delta_text``). ``kind``
    ``coverage``: ``value`` is how many units have a figure (the number of ``rows``) out of
    ``units``. ``notes`` are the lines under the card in screen order; ``warnings`` say what
    the figure leaves out; ``refs`` are the sources of exactly ``rows``, ``sources`` their short
    lines (the first three, then "and N more"); ``help``
    is the card's tooltip (plain text: the page escapes what comes from the data).
    """

    kind: str
    key: str
    label: str
    value: int | None
    value_text: str
    unit: str
    period: str
    rows: tuple[CardRow, ...] = ()
    units: int | None = None
    delta: float | None = None
    delta_text: str | None = None
    help: str = ""
    sources: tuple[str, ...] = ()
    refs: tuple[SourceRef, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def source_count(self) -> int:
        return len(self.refs)


def _card_rows(total: Total) -> tuple[CardRow, ...]:
    if total.value is None:
        return ()
    rows = total.rows
    return tuple(
        CardRow(str(c), int(v), int(a), int(b), str(basis))
        for c, v, a, b, basis in zip(
            rows["code"], rows["value"], rows["year_lo"], rows["year_hi"], rows["basis"]
        )
    )


def _left_out(ctx: Ctx, total: Total) -> tuple[str, ...]:
    """The units of the other boundary version a total does not add (named in the list)."""
    if total.value is None or not len(total.left_out):
        return ()
    era = views.era_label(ctx, total.left_out["era"].iloc[0])
    return (t("left_out_short", ctx.lang, n=len(total.left_out), era=era),)


def _mixed_periods(ctx: Ctx, metric: str, total: Total) -> tuple[str, ...]:
    """The warning of a total that adds up units' figures of different periods (``metrics/
    RULES.md``, "Speech sentences"): a stock of different dates is "the latest figures up to"
    its last year; flows of different spans are no figure of one period."""
    if total.value is None or total.basis == "stated" or len(total.rows) < 2:
        return ()
    rows = total.rows
    if is_stock(metric):
        if rows["year_hi"].nunique() < 2:
            return ()
        return (
            t(
                "mixed_dates",
                ctx.lang,
                first=int(rows["year_hi"].min()),
                last=int(rows["year_hi"].max()),
            ),
        )
    if len(set(zip(rows["year_lo"], rows["year_hi"]))) < 2:
        return ()
    return (t("mixed_periods", ctx.lang, period=formatting.period(total.year_lo, total.year_hi)),)


def _period(ctx: Ctx, total: Total) -> str:
    if total.year_lo is not None and total.year_hi is not None:
        return formatting.period(total.year_lo, total.year_hi)
    return ctx.period_text()


def _metric_card(ctx: Ctx, metric: str) -> FigureCard:
    f = ctx.filter.replace(metric=metric)
    total = ctx.data.total(ctx.version, f, ctx.scope)
    delta = delta_text = None
    notes: list[str] = []
    if total.value is not None:
        label_text = views.total_label(ctx, total)
        coverage = views.coverage_text(ctx, total, ctx.scope_name)
        notes.append(" · ".join(x for x in (label_text, coverage) if x))
    if ctx.filter.years and total.value is not None:
        previous = previous_period(ctx.filter.years)
        result = ctx.data.total_change(ctx.version, f, ctx.scope, previous)
        prev = formatting.period(*previous)
        if result["delta"] is not None:
            delta = float(result["delta"])
            delta_text = (
                f"{formatting.signed(result['delta'], ctx.lang)} "
                f"{t('delta_vs', ctx.lang, period=prev)}"
            )
        elif result["before"].value is not None:
            notes.append(t("no_delta_unlike", ctx.lang, period=prev))
    refs = cited(ctx, total.rows, metric=metric) if total.value is not None else []
    srcs = tuple(short_lines(refs, ctx.lang))
    return FigureCard(
        kind="figure",
        key=metric,
        label=label("metric", metric, ctx.lang),
        value=total.value,
        value_text=formatting.number(total.value, ctx.lang),
        unit=unit(ctx, metric),
        period=_period(ctx, total),
        rows=_card_rows(total),
        delta=delta,
        delta_text=delta_text,
        help=t("source_line", ctx.lang, sources="; ".join(srcs)) if srcs else "",
        sources=srcs,
        refs=tuple(refs),
        notes=tuple(notes),
        warnings=(*_mixed_periods(ctx, metric, total), *_left_out(ctx, total)),
    )


def _coverage_card(ctx: Ctx) -> FigureCard:
    total = ctx.data.total(ctx.version, ctx.filter, ctx.scope)
    rows = _card_rows(total)
    if total.basis == "stated":
        value_text, units = "1 / 1", 1
        help_text = views.coverage_text(ctx, total, ctx.scope_name)
    else:
        units = total.units
        value_text = (
            f"{formatting.number(total.reporting, ctx.lang)} / {formatting.number(units, ctx.lang)}"
        )
        help_text = metric_name(ctx)
    return FigureCard(
        kind="coverage",
        key="reporting",
        label=t("localities_reporting", ctx.lang),
        value=len(rows),
        value_text=value_text,
        unit=views.tier_plural(ctx, total.tier),
        period=_period(ctx, total),
        rows=rows,
        units=units,
        help=help_text,
        warnings=_left_out(ctx, total),
    )


def key_figures(ctx: Ctx) -> tuple[FigureCard, ...]:
    """The overview's key-figure cards: one per stage of the funnel (registered, recognised …)
    for the scope and period, then how many units have a figure of the chosen metric."""
    return (*(_metric_card(ctx, m) for m in FUNNEL), _coverage_card(ctx))


def key_figures_table(ctx: Ctx, cards: Sequence[FigureCard]) -> Chart | None:
    """The key-figure cards as one table (no chart) for the downloads and every export: each
    figure with its unit, period, coverage and warnings, the sources of exactly the figures
    added, each warning naming its figure; ``None`` when no card has a figure."""
    figures = [c for c in cards if c.kind == "figure"]
    if all(c.value is None for c in figures):
        return None
    data = pd.DataFrame(
        {
            "label": [c.label for c in figures],
            "value": pd.array([c.value for c in figures], dtype="Int64"),
            "unit": [c.unit if c.value is not None else "" for c in figures],
            "period": [c.period if c.value is not None else "" for c in figures],
            "coverage": [" · ".join(c.notes) for c in figures],
            "warnings": ["; ".join(c.warnings) for c in figures],
        }
    )
    columns = {
        "label": t("metric", ctx.lang),
        "value": t("value", ctx.lang),
        "unit": t("unit", ctx.lang),
        "period": t("data_period", ctx.lang),
        "coverage": t("coverage", ctx.lang),
        "warnings": t("cautions", ctx.lang),
    }
    refs = list(dict.fromkeys(r for c in figures for r in c.refs))
    return Chart(
        key="key_figures",
        title=f"{t('key_figures', ctx.lang)} — {ctx.scope_name}",
        figure=None,
        data=data,
        **charts.table_fields(data, columns, ctx.lang),
        unit="",
        filters=ctx.filters_text(metric=False),
        sources=refs,
        warnings=[f"{c.label}: {w}" for c in figures for w in c.warnings],
    )


def leaders_comparison(ctx: Ctx) -> Comparison:
    tier = places.child_tier(ctx.data.engine(), ctx.filter.locality, ctx.filter.boundary)
    return ctx.data.compare(ctx.version, ctx.filter, None, tier, _root(ctx), "absolute")


def leaders_title(ctx: Ctx) -> str:
    return t("top_localities", ctx.lang, metric=metric_name(ctx))


def narrow(chart: Chart) -> Chart:
    """A bar chart drawn in half a row (the overview's): its number axis keeps at most three
    ticks, read level — four or more are turned at 800 px (the bars carry their values)."""
    if chart.figure is not None and all(tr.type == "bar" for tr in chart.figure.data):
        chart.figure.update_xaxes(tickangle=0, nticks=3)
    return chart


def leaders(ctx: Ctx, comp: Comparison) -> Chart | None:
    """The leading localities of the scope (``TOP`` bars; the table keeps every unit)."""
    if comp.table.empty:
        return None
    return narrow(views.ranking(ctx, comp, "top", leaders_title(ctx), top=TOP))


def fields_title(ctx: Ctx) -> str:
    return t("field_distribution", ctx.lang, metric=metric_name(ctx))


def field_split(ctx: Ctx) -> Chart | None:
    dist = ctx.data.distribution(ctx.version, ctx.filter, "field", ctx.scope)
    if dist.table.empty:
        return None
    return views.fields(ctx, dist, "fields", fields_title(ctx))


def yearly_totals(ctx: Ctx) -> pd.DataFrame:
    return ctx.data.yearly_totals(ctx.version, ctx.filter, ctx.scope)


def trend_title(ctx: Ctx, table: pd.DataFrame) -> str:
    partial = not table.empty and bool((table["basis"] != "stated").any())
    return t("yearly_total_title" if partial else "trend_title", ctx.lang, metric=metric_name(ctx))


def trend(ctx: Ctx, table: pd.DataFrame) -> Chart | None:
    if table.empty:
        return None
    return views.yearly_total(ctx, table, ctx.scope_name, "trend", trend_title(ctx, table))


def overview(ctx: Ctx) -> Iterator[Chart]:
    """The overview's key figures (a table), then its charts: map, leading localities (and
    those set apart), fields, trend."""
    yield from _shown(key_figures_table(ctx, key_figures(ctx)))
    yield from _shown(province_map(ctx))
    comp = leaders_comparison(ctx)
    yield from _shown(leaders(ctx, comp))
    yield from map(narrow, views.ranking_apart(ctx, comp, "top_apart"))
    yield from _shown(field_split(ctx))
    yield from _shown(trend(ctx, yearly_totals(ctx)))


# -- compare ------------------------------------------------------------------


@dataclass(frozen=True)
class CompareChoice:
    """The compare page's controls, as its URL says (``scope``, ``norm``, ``loc``, ``top``,
    ``hl``), made valid for the current sidebar."""

    scope: str  # children, communes or pick
    norm: str
    codes: tuple[str, ...]  # localities picked by hand
    top: int | None  # bars drawn (None: all)
    highlight: str | None  # the unit found with the search box

    @classmethod
    def of(cls, ctx: Ctx) -> CompareChoice:
        scope = ctx.get("scope") or "children"
        if scope not in compare_scopes(ctx):  # communes of the whole country: not offered
            scope = "children"
        top = ctx.get("top")
        return cls(
            scope=scope,
            norm=ctx.get("norm") or "absolute",
            codes=tuple(ctx.get("loc") or ()) if scope == "pick" else (),
            top=None if top in (None, "all") else int(top),
            highlight=ctx.get("hl"),
        )

    def found(self, comp: Comparison) -> str | None:
        """The unit to highlight: one of the ranked units (the search box offers no other);
        with no ranking, no search box is drawn and the link's unit stays."""
        if comp.table.empty or self.highlight in set(comp.table["code"]):
            return self.highlight
        return None


def compare_scopes(ctx: Ctx) -> list[str]:
    return ["children", "communes", "pick"] if ctx.scope != "VN" else ["children", "pick"]


def compare_comparison(ctx: Ctx, choice: CompareChoice) -> Comparison | None:
    """The comparison the page ranks (``None``: localities to pick, none picked yet)."""
    if choice.scope == "pick":
        if not choice.codes:
            return None
        f = ctx.filter.replace(locality=None)
        return ctx.data.compare(ctx.version, f, choice.codes, None, None, choice.norm)
    if choice.scope == "communes":
        return ctx.data.compare(ctx.version, ctx.filter, None, "commune", _root(ctx), choice.norm)
    tier = places.child_tier(ctx.data.engine(), ctx.filter.locality, ctx.filter.boundary)
    return ctx.data.compare(ctx.version, ctx.filter, None, tier, _root(ctx), choice.norm)


def compare_title(ctx: Ctx, choice: CompareChoice) -> str:
    norm = t(f"norm_{choice.norm}", ctx.lang)
    return t("compare_title", ctx.lang, metric=metric_name(ctx), norm=norm)


def compare_ranking(
    ctx: Ctx, choice: CompareChoice, comp: Comparison
) -> tuple[Chart, str | None] | None:
    """The ranking (``top`` bars, the unit found highlighted) and the found unit's rank line."""
    if comp.table.empty:
        return None
    found = choice.found(comp)
    chart, rank_line = views.top_ranking(
        ctx, comp, "rank", compare_title(ctx, choice), choice.top, found, picked=choice.codes
    )
    if rank_dots.applies(comp, choice.top):  # hundreds of units: dots, not a wall of bars
        chart = rank_dots.replace(ctx, chart, comp, found)
    return chart, rank_line


def control_plot(ctx: Ctx, choice: CompareChoice, comp: Comparison) -> Chart | None:
    """The funnel plot (biểu đồ phễu kiểm soát) of a rate whose denominators differ (see
    :func:`control_funnel.applies`); ``None`` for counts or equal denominators."""
    if comp.norm == "absolute" or comp.table.empty or not control_funnel.applies(comp):
        return None
    title = t(
        "control_title", ctx.lang, metric=metric_name(ctx), norm=t(f"norm_{comp.norm}", ctx.lang)
    )
    return control_funnel.chart(ctx, comp, title, choice.found(comp), choice.codes)


def commune_points(ctx: Ctx, comp: Comparison, norm: str = "absolute") -> Chart | None:
    """The communes of the ranking as points, inside the chosen province's outline. Units of
    one boundary version only (those of the province's own era); the others are counted."""
    from dashboard import point_maps

    province = ctx.get("p")
    if not province or comp.table.empty:
        return None
    engine = ctx.data.engine()
    era = places.era(engine, province)
    eras = comp.table["code"].map(engine.localities["era"])
    communes = comp.table["tier"] == "commune"
    table = comp.table[(eras == era) & communes]
    if table.empty:  # a current province whose figures are its communes before 1/7/2025
        now = comp.table["code"].map(engine.localities["current_province_code"])
        table = comp.table[(now == province) & communes]
    if table.empty:
        return None
    centres = ctx.data.centroids(ctx.version, tuple(table["code"]))
    if centres.empty:
        return None
    chart = point_maps.commune_points(
        ctx,
        table,
        centres,
        province=province,
        norm=norm,
        unit=norm_unit(ctx, norm),
        key="points",
        title=t("points_title", ctx.lang, metric=metric_name(ctx), scope=ctx.scope_name),
        names=place_names(ctx, tuple(table["code"])),
        filters=ctx.filters_text(metric=True),
        sources=cited(ctx, table),
    )
    left_out = len(comp.table) - len(table)
    if left_out:
        chart = replace(chart, notes=[*chart.notes, t("map_off_map", ctx.lang, n=left_out)])
    return chart


def funnel(ctx: Ctx, comp: Comparison) -> Chart | None:
    """The funnel of the first ``FUNNEL_MAX`` ranked localities."""
    codes = tuple(comp.table["code"].head(FUNNEL_MAX))
    table = ctx.data.funnel(ctx.version, ctx.filter.replace(locality=None), codes)
    if table.empty:
        return None
    return views.funnel(ctx, table, place_names(ctx, codes), "funnel")


def compare(ctx: Ctx) -> Iterator[Chart]:
    """The compare page's charts: ranking, funnel plot, those set apart, map or points, funnel."""
    choice = CompareChoice.of(ctx)
    comp = compare_comparison(ctx, choice)
    if comp is None or (comp.table.empty and comp.apart.empty):
        return
    ranked = compare_ranking(ctx, choice, comp)
    yield from _shown(ranked[0] if ranked else None)
    yield from _shown(control_plot(ctx, choice, comp))
    yield from views.ranking_apart(ctx, comp, "rank_apart")
    if choice.scope == "children" and ctx.scope == "VN":
        yield from _shown(province_map(ctx, choice.norm, choice.found(comp)))
    if choice.scope == "communes":
        yield from _shown(commune_points(ctx, comp, choice.norm))
    yield from _shown(funnel(ctx, comp))


# -- breakdown ----------------------------------------------------------------


@dataclass(frozen=True)
class BreakdownChoice:
    dims: tuple[str, ...]
    mode: str  # abs or share
    chart: str  # bar, treemap or sunburst

    @classmethod
    def of(cls, ctx: Ctx) -> BreakdownChoice:
        d1, d2 = ctx.get("d1") or "field", ctx.get("d2") or "level"
        dims = (d1,) if d2 in ("none", d1) else (d1, d2)
        return cls(dims, ctx.get("mode") or "abs", ctx.get("chart") or "bar")


def breakdown_title(ctx: Ctx, choice: BreakdownChoice) -> str:
    names = " × ".join(t(d, ctx.lang).lower() for d in choice.dims)
    return t("breakdown_title", ctx.lang, metric=metric_name(ctx), dims=names)


def breakdown(ctx: Ctx) -> Iterator[Chart]:
    choice = BreakdownChoice.of(ctx)
    table = ctx.data.breakdown(ctx.version, ctx.filter, choice.dims, ctx.scope)
    if table.empty:
        return
    title = breakdown_title(ctx, choice)
    total = ctx.data.total(ctx.version, ctx.filter, ctx.scope)
    dims = list(choice.dims)
    yield views.breakdown(ctx, table, dims, choice.mode, choice.chart, "main", title, total)


# -- trends -------------------------------------------------------------------


def default_series(ctx: Ctx) -> tuple[str, ...]:
    """The scope itself and its largest children (by the current figure)."""
    tier = places.child_tier(ctx.data.engine(), ctx.filter.locality, ctx.filter.boundary)
    comp = ctx.data.compare(ctx.version, ctx.filter, None, tier, _root(ctx), "absolute")
    return (ctx.scope, *comp.table["code"].head(DEFAULT_SERIES - 1))


def series(ctx: Ctx) -> tuple[str, ...]:
    """The localities the trends page draws: those picked (``loc``), else the defaults."""
    return tuple(ctx.get("loc") or ()) or default_series(ctx)


def trend_tables(ctx: Ctx, codes: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    f = ctx.filter.replace(locality=None)
    yearly = ctx.data.yearly(ctx.version, f, codes)
    return yearly, ctx.data.phases(ctx.version, f.replace(years=None), codes)


def phase_warnings(ctx: Ctx, table: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """The warnings of phase figures that add up units' figures of different dates (a stock)
    or periods (flows) — the overview's rule for totals (``metrics/RULES.md``, "Totals over
    localities"), each naming its locality and phase."""
    out: list[str] = []
    f = ctx.filter.replace(locality=None)
    for row in table[table["basis"] == "children"].to_dict("records"):
        span = PHASES.get(str(row["phase"]))
        if span is None:
            continue
        total = ctx.data.total(ctx.version, f.replace(years=span), str(row["code"]))
        if total.value is None or int(total.value) != int(row["value"]):
            continue  # not the figure shown: say nothing of it
        for line in _mixed_periods(ctx, ctx.filter.metric, total):
            name = names.get(str(row["code"]), str(row["code"]))
            out.append(f"{name}, {formatting.period(*span)}: {line}")
    return out


def trends(ctx: Ctx) -> Iterator[Chart]:
    """Yearly lines, year-over-year change and phases of the chosen localities."""
    codes = series(ctx)
    names = place_names(ctx, codes)
    metric = metric_name(ctx)
    table, phases = trend_tables(ctx, codes)
    if not table.empty:
        yield views.yearly(ctx, table, names, "yearly", t("yearly_title", ctx.lang, metric=metric))
        if table["change"].notna().any():
            yield views.yoy(ctx, table, names, "yoy", t("yoy_title", ctx.lang, metric=metric))
    if len(phases):
        title = t("phases_title", ctx.lang, metric=metric)
        warnings = phase_warnings(ctx, phases, names)
        yield views.phases(ctx, phases, names, "phases", title, warnings)


# -- catalogue ----------------------------------------------------------------


def place_column(ctx: Ctx) -> str:
    """The tier the named models are counted at: provinces of the country, districts of a
    province that has them, else the localities themselves."""
    f = ctx.filter
    if ctx.scope == "VN":
        return "current_province_code" if f.boundary == "current" else "province_code"
    if places.child_tier(ctx.data.engine(), f.locality, f.boundary) == "district":
        return "district_code"
    return "locality_code"


def catalogue(ctx: Ctx) -> Iterator[Chart]:
    """Named models per locality (the first 15) among those the page's table lists (the
    sidebar's filter, the search words ``q`` and the status ``st``), when there is more than
    the scope itself."""
    column = place_column(ctx)
    text, status = (ctx.get("q") or "").strip(), ctx.get("st")
    counts = ctx.data.catalogue_counts(ctx.version, ctx.filter, column, text, status)
    if counts.empty or (len(counts) == 1 and counts["code"].iloc[0] == ctx.scope):
        return
    counts = counts.head(15)
    names = place_names(ctx, tuple(counts["code"]))
    title = t("catalogue_by_place", ctx.lang)
    yield views.place_counts(ctx, counts, names, "places", title, column, text, status)


def speech_selection(charts: Sequence[Chart], ctx: Ctx) -> Selection:
    """What the page's sentences (the speech kit) are about: the first chart's selection (the
    compared pair, the chosen district …), else the sidebar's."""
    for chart in charts:
        if chart.selection is not None:
            return chart.selection
    return Selection(ctx.filter, (), (ctx.scope,))


def no_charts(ctx: Ctx) -> Iterator[Chart]:
    """Pages of text and tables only (the guide, the quality page)."""
    yield from ()
