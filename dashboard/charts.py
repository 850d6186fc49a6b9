"""Shared chart helpers: every chart is one :class:`Chart` — figure, tidy data and metadata.

The page and every export (PNG/SVG/XLSX/CSV/PPTX/PDF, ``dvk export``) read the same object:
``figure`` (a plotly Figure), ``data`` (the tidy numbers), ``table`` (labelled and formatted
for people) with ``values`` (the same cells as numbers) and ``formats``, ``title``, ``unit``,
``filters`` (the selection in words), ``sources`` (exactly the sources of the rows shown),
``warnings`` (what the page warns about this chart) and ``notes``.

Conventions: Vietnamese (or English) titles and labels, Vietnamese number
format (plotly ``separators`` and Babel-formatted labels), years as categories,
one colour per field (:data:`FIELD_COLORS`) and per metric (:data:`METRIC_COLORS`) on every
page and export, other categories keep the colour of their place in the vocabulary; value labels
are never rotated and those that do not fit are hidden; a one-year series is drawn as bars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io

from dashboard import fmt, safe_text
from dashboard.citing import SourceRef, short_lines
from dashboard.i18n import label, t
from data_loaders.reference import vocabulary

FIELD_COLORS: dict[str, str] = {
    "economy": "#2e7d32",
    "culture_society": "#f9a825",
    "defense_security": "#c62828",
    "political_system": "#1565c0",
    "all": "#546e7a",
}
COMBINED_COLOR = "#8d6e63"
# one colour per metric, apart from the fields' colours (a metric and a field never share one)
METRIC_COLORS: dict[str, str] = {
    "models_registered": "#3949ab",
    "models_recognized": "#00897b",
    "commendations": "#ef6c00",
    "nominations": "#8e24aa",
    "registrants": "#6d4c41",
    "contest_entries": "#827717",
    "contest_prizes": "#d81b60",
}
SEQUENCE = ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#9e9d24", "#5d4037"]
FONT = "Inter, Segoe UI, Roboto, Arial, sans-serif"
LEVEL_LABEL_CHARS = 12  # a longer category name makes bars lie down (it would be turned)
LEVEL_YEARS = 12  # more years than this: every other year is labelled (all would be turned)


def field_color(field_id: str) -> str:
    return FIELD_COLORS.get(field_id, COMBINED_COLOR)


def metric_color(metric: str) -> str:
    return METRIC_COLORS.get(metric, SEQUENCE[0])


def color_for(dim: str, value: str, index: int) -> str:
    """The colour of a category: fields and metrics keep theirs everywhere; a value of another
    vocabulary dimension keeps the colour of its place in the vocabulary (the same on every
    chart, whatever else is shown); anything else follows the palette by ``index``.

    >>> color_for("level", "province", 0) == color_for("level", "province", 3)
    True
    """
    if dim == "field":
        return field_color(value)
    if dim == "metric":
        return metric_color(value)
    try:
        ids = vocabulary.ids(dim)
    except KeyError:
        ids = []
    if value in ids:
        return SEQUENCE[ids.index(value) % len(SEQUENCE)]
    return SEQUENCE[index % len(SEQUENCE)]


@dataclass(frozen=True)
class Selection:
    """What a chart is about, for the sentences of the speech kit: the filter its figures
    answer, the localities it compares and those it states figures for (``focus``)."""

    filter: Any
    codes: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()


def note_markdown(note: str) -> str:
    """A footnote as Markdown text: its leading marker ("* suy ra …") stays a character,
    never a list bullet."""
    return note.replace("*", "\\*")


@dataclass(frozen=True)
class Chart:
    """One chart and everything needed to show, read or export it: a view model's output,
    never changed once built (``dataclasses.replace`` makes a changed copy)."""

    key: str
    title: str
    figure: go.Figure | None  # None: a table only (e.g. the overview's key figures)
    data: pd.DataFrame
    table: pd.DataFrame
    unit: str
    filters: list[str] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    values: pd.DataFrame | None = None  # ``table`` as numbers (same rows and columns)
    formats: dict[str, str] = field(default_factory=dict)  # column → int | dec | pct | year
    selection: Selection | None = None

    def __post_init__(self) -> None:
        # a source given as a ready line (older callers) is kept as that line
        sources = [
            s if isinstance(s, SourceRef) else SourceRef(str(s), str(s)) for s in self.sources
        ]
        object.__setattr__(self, "sources", sources)

    def source_lines(self, lang: str, limit: int = 3) -> list[str]:
        return short_lines(self.sources, lang, limit)

    def caption(self, lang: str) -> str:
        parts = [f"{t('unit', lang)}: {self.unit}"]
        if self.filters:
            parts.append(f"{t('filters', lang)}: {'; '.join(self.filters)}")
        if self.sources:
            parts.append(f"{t('sources', lang)}: {'; '.join(self.source_lines(lang))}")
        return " · ".join(parts)


class SentSpec(dict):
    """A figure's dictionary as :func:`sent` keeps it, with its JSON (``sent_json``) made once:
    the serving process answers ``plotly.io.to_json`` of it with that text
    (``dashboard.serving.lighter_reruns``) instead of encoding it again on every rerun."""

    sent_json: str


class _Sent(go.Figure):
    """A built figure as ``st.plotly_chart`` reads it: only ``to_dict`` is asked of it, and
    it answers with the dictionary made once (see :func:`sent`). Never built by plotly."""

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__["_spec"]


def sent(figure: go.Figure) -> go.Figure:
    """``figure`` for ``st.plotly_chart``, its dictionary made once per figure.

    Streamlit turns the figure into a dictionary on every rerun (a deep copy of every trace,
    arrays encoded) before writing its JSON. A :class:`Chart`'s figure is never changed once
    built and is shared by reruns and sessions (``cache.view``), so its dictionary, without
    trace ``uid`` as Streamlit sends it, is made at its first showing and kept on the figure:
    the JSON sent is the same, made without the copy. Its JSON is kept too (:class:`SentSpec`)."""
    found = figure.__dict__.get("_dvk_sent")
    if found is None:
        spec = SentSpec(figure.to_dict())
        for trace in spec.get("data", []):
            trace.pop("uid", None)
        spec.sent_json = plotly.io.to_json(spec, validate=False)  # as st.plotly_chart makes it
        found = object.__new__(_Sent)  # no plotly validation: the dictionary is a figure's own
        found.__dict__["_spec"] = spec
        figure.__dict__["_dvk_sent"] = found  # plotly's own attribute checks are bypassed
    return found


def layout_options(lang: str, height: int = 380, **extra: Any) -> dict[str, Any]:
    """The common layout of every chart (a dict: a figure can be built with it at once)."""
    return {
        "separators": fmt.plotly_separators(lang),
        "font": {"family": FONT, "size": 13},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "height": height,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hoverlabel": {"font_size": 13},
        "uniformtext": {"minsize": 10, "mode": "hide"},  # a label that does not fit is hidden
        **extra,
    }


def _layout(fig: go.Figure, lang: str, height: int = 380, **extra: Any) -> go.Figure:
    """``fig.update_layout(**layout_options(...))``, set property by property (~8× faster: a
    rerun draws several charts); an object the figure already has is merged as before."""
    options = layout_options(lang, height, **extra)
    merged = {
        k: v
        for k, v in options.items()
        if isinstance(v, dict) and getattr(fig.layout, k).to_plotly_json()
    }
    for key, value in options.items():
        if key not in merged:
            fig.layout[key] = value
    if merged:
        fig.update_layout(**merged)
    return fig


def _texts(values: pd.Series, lang: str, percent: bool = False) -> list[str]:
    if percent:
        return [fmt.percent(v, lang) for v in values]
    return [fmt.auto(v, lang) for v in values]


def ranked_bars(
    labels: list[str],
    values: pd.Series,
    lang: str,
    *,
    percent: bool = False,
    colors: list[str] | None = None,
    hover: list[str] | None = None,
    color: str | None = None,
    ids: list[str] | None = None,
) -> go.Figure:
    """Horizontal bars, largest on top (one ``color``, e.g. the metric's, or ``colors``).
    ``ids`` (e.g. locality codes) travel with the bars: a click event names them."""
    texts = _texts(values, lang, percent)
    fig = go.Figure(
        go.Bar(
            x=list(values),
            y=[safe_text.label(v) for v in labels],  # names from data: text, not HTML
            orientation="h",
            text=texts,
            textposition="auto",
            textangle=0,
            marker={"color": colors or color or SEQUENCE[0]},
            customdata=[[i, h] for i, h in zip(ids or [""] * len(texts), hover or texts)],
            hovertemplate="%{y}: %{customdata[1]}<extra></extra>",
            cliponaxis=False,
        )
    )
    fig.update_yaxes(autorange="reversed", type="category", automargin=True)
    fig.update_xaxes(tickformat=".0%" if percent else ",~r", rangemode="tozero")
    if not percent:
        fig.update_xaxes(**whole_ticks(values))
    return _layout(fig, lang, height=max(170, 32 * len(labels) + 70))


def whole_ticks(values: pd.Series) -> dict[str, float]:
    """Axis settings that keep whole counts on whole ticks: small counts (at most 10) would
    otherwise get ticks at 0,5 — half a model."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").dropna()
    if numbers.empty or (numbers % 1 != 0).any() or numbers.abs().max() > 10:
        return {}
    return {"tick0": 0, "dtick": 1}


def stacked_bars(
    data: pd.DataFrame,
    x: str,
    color: str,
    value: str,
    lang: str,
    *,
    x_labels: dict[str, str],
    color_dim: str,
    percent: bool = False,
    orientation: str | None = None,
) -> go.Figure:
    """Bars of ``x`` split by ``color`` (fields in their own colours). Bars lie down
    (``orientation`` "h", names on the level axis, top down) when a name is too long to stand
    under its column without being turned ("Xây dựng hệ thống chính trị" at 45° at 800 px)."""
    fig = go.Figure()
    x_order = list(dict.fromkeys(data[x]))
    names = [safe_text.label(x_labels.get(str(v), str(v))) for v in x_order]
    if orientation is None:
        orientation = "h" if max(map(len, names), default=0) > LEVEL_LABEL_CHARS else "v"
    # periods in time order: each keeps its colour whichever locality comes first
    for i, (key, part) in enumerate(data.groupby(color, sort=color_dim == "year")):
        name = label(color_dim, str(key), lang) if color_dim != "year" else str(key)
        xs = [safe_text.label(x_labels.get(str(v), str(v))) for v in part[x]]
        texts = _texts(part[value], lang, percent)
        bar = (
            {"x": xs, "y": list(part[value])}
            if orientation == "v"
            else {"y": xs, "x": list(part[value])}
        )
        fig.add_trace(
            go.Bar(
                name=name,
                **bar,
                orientation=orientation,
                marker_color=color_for(color_dim, str(key), i),
                text=texts,
                textposition="inside",
                textangle=0,
                customdata=[[name, tx] for tx in texts],
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", showlegend=True)
    cat_axis = fig.update_xaxes if orientation == "v" else fig.update_yaxes
    val_axis = fig.update_yaxes if orientation == "v" else fig.update_xaxes
    cat_axis(type="category", categoryorder="array", categoryarray=names)
    val_axis(tickformat=".0%" if percent else ",~r")
    if orientation == "h":
        fig.update_yaxes(autorange="reversed", automargin=True)
        return _layout(fig, lang, height=max(240, 120 + 44 * len(names)))
    return _layout(fig, lang, height=420)


def hierarchy(
    data: pd.DataFrame, dims: list[str], value: str, lang: str, kind: str = "treemap"
) -> go.Figure:
    """A treemap or sunburst of ``dims`` (first dimension's colours carried down)."""
    ids, labels, parents, values, colors, texts = [], [], [], [], [], []
    first = dims[0]
    for i, (key, part) in enumerate(data.groupby(first, sort=False)):
        node = str(key)
        ids.append(node)
        labels.append(label(first, node, lang))
        parents.append("")
        values.append(float(part[value].sum()))
        colors.append(color_for(first, node, i))
        texts.append(fmt.auto(part[value].sum(), lang))
        if len(dims) > 1:
            for _, row in part.iterrows():
                child = f"{node}/{row[dims[1]]}"
                ids.append(child)
                labels.append(label(dims[1], str(row[dims[1]]), lang))
                parents.append(node)
                values.append(float(row[value]))
                colors.append(color_for(first, node, i))
                texts.append(fmt.auto(row[value], lang))
    trace_cls = go.Treemap if kind == "treemap" else go.Sunburst
    fig = go.Figure(
        trace_cls(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker={"colors": colors},
            text=texts,
            textinfo="label+text+percent parent" if kind == "treemap" else "label+text",
            customdata=texts,
            hovertemplate="%{label}: %{customdata}<extra></extra>",
        )
    )
    return _layout(fig, lang, height=460)


def _series(
    data: pd.DataFrame, series: str, names: dict[str, str]
) -> list[tuple[int, str, pd.DataFrame]]:
    """(colour index, key, rows) per series, in the order of ``names`` (stable colours)."""
    keys = data[series].astype(str)
    order = list(names) + [k for k in dict.fromkeys(keys) if k not in names]
    parts = dict(iter(data.groupby(keys.to_numpy(), sort=False)))  # one pass, not one scan per name
    return [(i, key, parts[key]) for i, key in enumerate(order) if key in parts]


def _series_color(index: int, count: int, color: str | None) -> str:
    return color if color and count == 1 else SEQUENCE[index % len(SEQUENCE)]


def _all_years(data: pd.DataFrame) -> list[int]:
    """Every year from the first to the last, so that a missing year shows as a gap."""
    years = [int(y) for y in data["year"]]
    return list(range(min(years), max(years) + 1)) if years else []


def year_axis(years: list[int]) -> dict[str, Any]:
    """Years as categories (never 2,019.5), read level: beyond ``LEVEL_YEARS`` years (16 years
    at 800 px were turned to 45°) every other year is labelled, every year keeps its tick.

    >>> [year_axis(list(range(2009, end)))["ticklabelstep"] for end in (2012, 2026)]
    [1, 2]
    """
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": [str(y) for y in years],
        "tickangle": 0,
        "ticklabelstep": 2 if len(years) > LEVEL_YEARS else 1,
    }


def labels_fit(years: int, series: int) -> bool:
    """Whether values can be printed on the points of a yearly chart without overlapping: one
    series of at most ``LEVEL_YEARS`` years (several series' labels collide, and so do 17
    years' at 800 px)."""
    return series == 1 and years <= LEVEL_YEARS


def year_lines(
    data: pd.DataFrame,
    series: str,
    value: str,
    lang: str,
    names: dict[str, str],
    color: str | None = None,
) -> go.Figure:
    """One line per series over years shown as categories (never 2,019.5); a year without a
    figure breaks the line (missing is not zero). A single year is drawn as bars (a line of
    one point says nothing); values are printed on the points of a single series only (several
    series' labels would overlap). ``color`` colours a single series (e.g. the metric's)."""
    years = _all_years(data)
    if len(years) == 1:
        return year_bars(data, series, value, lang, names, color=color)
    fig = go.Figure()
    parts = _series(data, series, names)
    labelled = labels_fit(len(years), len(parts))
    for i, key, part in parts:
        by_year = dict(zip((int(y) for y in part["year"]), part[value]))
        ys = [by_year.get(y) for y in years]
        texts = [fmt.auto(v, lang) if v is not None else "" for v in ys]
        name = safe_text.label(names.get(key, key))  # legend text from data
        fig.add_trace(
            go.Scatter(
                x=[str(y) for y in years],
                y=ys,
                name=name,
                mode="lines+markers+text" if labelled else "lines+markers",
                text=texts,
                textposition="top center",
                connectgaps=False,
                line={"color": _series_color(i, len(parts), color), "width": 2.5},
                customdata=[[name, tx] for tx in texts],
                hovertemplate="%{customdata[0]} — %{x}: %{customdata[1]}<extra></extra>",
            )
        )
    fig.update_xaxes(**year_axis(years))
    fig.update_yaxes(tickformat=",~r", rangemode="tozero")
    return _layout(fig, lang)


def year_bars(
    data: pd.DataFrame,
    series: str,
    value: str,
    lang: str,
    names: dict[str, str],
    percent: bool = False,
    color: str | None = None,
    mark_missing: bool = False,
) -> go.Figure:
    """Grouped bars per year (years as categories), e.g. year-over-year change.
    ``mark_missing``: a year without any figure is labelled so (not left as an empty slot)."""
    fig = go.Figure()
    years = _all_years(data)
    parts = _series(data, series, names)
    for i, key, part in parts:
        texts = _texts(part[value], lang, percent)
        name = safe_text.label(names.get(key, key))  # legend text from data
        fig.add_trace(
            go.Bar(
                x=[str(int(y)) for y in part["year"]],
                y=list(part[value]),
                name=name,
                marker_color=_series_color(i, len(parts), color),
                text=texts,
                textangle=0,
                customdata=[[name, tx] for tx in texts],
                hovertemplate="%{customdata[0]} — %{x}: %{customdata[1]}<extra></extra>",
            )
        )
    # a year without any bar says so: an empty slot reads as zero
    drawn = {int(y) for y, v in zip(data["year"], data[value]) if pd.notna(v)}
    for at, year in enumerate(years):
        if not mark_missing or int(year) in drawn:
            continue
        fig.add_annotation(
            x=at,  # the category's position: a year-like name would be read as a position
            y=0,
            yanchor="bottom",
            text=t("map_no_data", lang),
            showarrow=False,
            font={"size": 11, "color": "#777"},
        )
    # one year: a narrow bar, not a wall across the chart
    fig.update_layout(barmode="group", bargap=0.7 if len(years) == 1 else None)
    fig.update_xaxes(**year_axis(years))
    fig.update_yaxes(tickformat=".0%" if percent else ",~r", zeroline=True)
    return _layout(fig, lang)


LEGEND_CHARS = 20  # a longer legend entry is broken at a word (a narrow column cuts it)


def wrapped(text: str, width: int = LEGEND_CHARS) -> str:
    """``text`` broken at words into lines of at most ``width`` characters (plotly ``<br>``).

    >>> wrapped("Xây dựng hệ thống chính trị")
    'Xây dựng hệ thống<br>chính trị'
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines) or text


def donut(labels: list[str], values: pd.Series, colors: list[str], lang: str) -> go.Figure:
    """A donut of parts (vocabulary labels: the legend breaks long ones, read level at 800 px);
    its percentages are never turned."""
    texts = _texts(values, lang)
    fig = go.Figure(
        go.Pie(
            labels=[wrapped(x) for x in labels],
            values=list(values),
            hole=0.5,
            marker={"colors": colors},
            text=texts,
            textinfo="percent",
            textposition="inside",  # outside, a narrow column cuts them off
            insidetextorientation="horizontal",
            customdata=texts,
            hovertemplate="%{label}: %{customdata} (%{percent})<extra></extra>",
            sort=False,
        )
    )
    return _layout(fig, lang, height=340)


def funnel_bars(data: pd.DataFrame, lang: str, names: dict[str, str]) -> go.Figure:
    """Grouped bars per locality: registered, recognised, commended (never summed); lying
    down, so that long place names are read level, never rotated."""
    fig = go.Figure()
    order = ["models_registered", "models_recognized", "commendations"]  # the funnel's steps
    stages = sorted(data["stage"].unique(), key=lambda s: order.index(s) if s in order else 9)
    for stage in stages:
        part = data[data["stage"] == stage]
        texts = _texts(part["value"], lang)
        fig.add_trace(
            go.Bar(
                y=[safe_text.label(names.get(c, c)) for c in part["code"]],
                x=list(part["value"]),
                orientation="h",
                name=label("metric", str(stage), lang),
                marker_color=metric_color(str(stage)),
                text=texts,
                textposition="outside",  # inside, a thin bar of a group hides its value
                textangle=0,
                customdata=texts,
                hovertemplate="%{y}: %{customdata}<extra></extra>",
                cliponaxis=False,
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(type="category", autorange="reversed", automargin=True)
    fig.update_xaxes(tickformat=",~r", rangemode="tozero")
    top = pd.to_numeric(data["value"], errors="coerce").max()
    if pd.notna(top) and top > 0:  # room for the longest bar's value, printed beside it
        fig.update_xaxes(range=[0, float(top) * 1.25])
    return _layout(fig, lang, height=max(220, 16 * len(stages) * data["code"].nunique() + 110))


def _column_kind(col: str, series: pd.Series, percent: tuple[str, ...]) -> str | None:
    if col in percent:
        return "pct"
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    if "year" in col:  # years are not amounts
        return "year"
    numbers = pd.to_numeric(series, errors="coerce").dropna()
    return "int" if (numbers == numbers.round()).all() else "dec"


def _number(value: Any, kind: str) -> int | float | None:
    if value is None or pd.isna(value):
        return None
    return int(value) if kind in ("int", "year") else float(value)


def display_table(
    data: pd.DataFrame, columns: dict[str, str], lang: str, percent: tuple[str, ...] = ()
) -> pd.DataFrame:
    """A people-facing copy: chosen columns renamed, numbers formatted in ``lang``."""
    return table_fields(data, columns, lang, percent)["table"]


def table_fields(
    data: pd.DataFrame, columns: dict[str, str], lang: str, percent: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The ``table`` (formatted for people), ``values`` (the same cells as numbers: int,
    float, a share for percentages; ``None`` where the table shows "—") and ``formats``
    (column title → ``int``/``dec``/``pct``/``year``) of a :class:`Chart`."""
    out: dict[str, Any] = {}  # columns gathered first, each frame built once
    values: dict[str, Any] = {}
    formats: dict[str, str] = {}
    for col, title in columns.items():
        if col not in data.columns:
            continue
        series = data[col]
        kind = _column_kind(col, series, percent)
        if kind is None:
            shown = series.astype(object).where(series.notna(), fmt.MISSING)
            out[title] = shown
            values[title] = shown
            continue
        formats[title] = kind
        values[title] = pd.Series(
            [_number(v, kind) for v in series], index=data.index, dtype=object
        )
        if kind == "pct":
            out[title] = [fmt.percent(v, lang) for v in series]
        elif kind == "year":
            out[title] = [fmt.MISSING if pd.isna(v) else str(int(v)) for v in series]
        else:
            out[title] = [fmt.auto(v, lang) for v in series]
    out = pd.DataFrame(out, index=data.index)
    values = pd.DataFrame(values, index=data.index)
    return {
        "table": out.reset_index(drop=True),
        "values": values.reset_index(drop=True),
        "formats": formats,
    }
