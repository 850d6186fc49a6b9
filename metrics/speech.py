"""Ready-to-read sentences for speeches ("Số liệu cho bài phát biểu"), Vietnamese first and
English for ``lang="en"`` (numbers and dates the way a reader of that language writes them).

Each sentence comes from a template filled only with figures the metrics layer returns, and is
followed by each of its sources with its date (exactly the sources of that figure, see
:mod:`metrics.citations`). A sentence is left out, never guessed, when its data is missing or
not comparable (different tiers or periods, an incomplete breakdown, a gap in the years).

Sentences follow the view's selection: the localities it is about (``focus``: the chosen
district, or the pair picked on the compare page) and those it ranks (``codes``). A figure added
up from the units that reported is never called the country's (or a province's) figure unless
every unit below reported: it is "tổng của các địa phương có số liệu".

Examples
--------
>>> from metrics.testing import tiny_engine
>>> from metrics.filters import Filter, where
>>> kit = speech_kit(tiny_engine(), Filter(years=(2022, 2022), locality="01"))
>>> print(kit[0].text)  # doctest: +NORMALIZE_WHITESPACE
Năm 2022, Thành phố Hà Nội có 100 mô hình “Dân vận khéo” được đăng ký thực hiện
(nguồn: Hà Nội tổng kết năm 2022, 20/12/2022).
>>> print(kit[1].text)  # doctest: +NORMALIZE_WHITESPACE
So với năm 2021 (80), số mô hình được đăng ký thực hiện tăng 20 mô hình, tức tăng 25,0%
(nguồn: Hà Nội tổng kết năm 2022, 20/12/2022; Hà Nội tổng kết năm 2021, 15/12/2021).
>>> kit = speech_kit(tiny_engine(), Filter(years=(2022, 2022), locality="01"), lang="en")
>>> print(kit[1].text)  # doctest: +NORMALIZE_WHITESPACE
Compared with 2021 (80), the number of models registered rose by 20, i.e. by 25.0%
(sources: Hà Nội tổng kết năm 2022, 20 December 2022; Hà Nội tổng kết năm 2021, 15 December 2021).

Every word around the figures comes from :data:`WORDS`, the kit's (Vietnamese, English) catalogue
— the same shape as ``dashboard/i18n.py``'s, kept here because ``metrics`` never imports
``dashboard``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from data_loaders.reference import vocabulary
from metrics import formatting, places, totals
from metrics.citations import sources_of_rows
from metrics.comparisons import compare
from metrics.distributions import distribution
from metrics.filters import Filter
from metrics.rules import NATION, is_stock, resolve
from metrics.trends import previous_period

if TYPE_CHECKING:
    from metrics.engine import Engine

# metric → (phrase after the number, phrase naming the quantity), each as (Vietnamese, English)
PHRASES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "models_registered": (
        ("{noun} “Dân vận khéo” được đăng ký thực hiện", "“Dân vận khéo” {noun} registered"),
        ("số {noun} được đăng ký thực hiện", "the number of {noun} registered"),
    ),
    "models_recognized": (
        ("{noun} “Dân vận khéo” được công nhận", "“Dân vận khéo” {noun} recognised"),
        ("số {noun} được công nhận", "the number of {noun} recognised"),
    ),
    "registrants": (
        (
            "lượt tập thể, cá nhân đăng ký thực hiện mô hình",
            "registrations of groups and individuals to carry out a model",
        ),
        ("số lượt đăng ký", "the number of registrations"),
    ),
    "commendations": (
        ("lượt tập thể, cá nhân được khen thưởng", "commendations of groups and individuals"),
        ("số lượt khen thưởng", "the number of commendations"),
    ),
    "nominations": (
        ("{noun} được đề nghị cấp trên công nhận", "{noun} put forward for recognition above"),
        ("số {noun} được đề nghị", "the number of {noun} put forward"),
    ),
    "contest_entries": (
        ("bài dự thi", "contest entries"),
        ("số bài dự thi", "the number of entries"),
    ),
    "contest_prizes": (("giải thưởng", "prizes"), ("số giải thưởng", "the number of prizes")),
}
NOUNS: dict[str | None, tuple[str, str]] = {
    "model": ("mô hình", "models"),
    "exemplar": ("điển hình", "exemplars"),
    "any": ("mô hình", "models"),
    None: ("mô hình", "models"),
}
TIER_WORDS: dict[str, tuple[str, str]] = {
    "province": ("tỉnh, thành", "provinces"),
    "current_province": ("tỉnh, thành", "provinces"),
    "district": ("quận, huyện", "districts"),
    "commune": ("xã, phường", "communes"),
}

# The kit's words: key → (Vietnamese, English) with ``{placeholders}``.
WORDS: dict[str, tuple[str, str]] = {
    "when_year": ("Năm {span}", "In {span}"),
    "when_phase": ("Giai đoạn {span}", "In the {span} phase"),
    "period_year": ("năm {span}", "{span}"),
    "period_phase": ("giai đoạn {span}", "the {span} phase"),
    "latest": ("Theo số liệu mới nhất đến năm {year}", "By the latest figures up to {year}"),
    "date_unknown": ("không rõ ngày", "date unknown"),
    "synthetic": (" – dữ liệu mô phỏng", " – synthetic data"),
    "sources": (" (nguồn: {parts})", " (source: {parts})"),
    "sources_many": (" (nguồn: {parts})", " (sources: {parts})"),
    "more_sources": ("và {n} nguồn khác", "and {n} more sources"),
    "nation": ("cả nước", "the whole country"),
    "units_below": ("đơn vị cấp dưới", "units below"),
    "units": ("{n} đơn vị", "{n} units"),
    "counted": ("{n} {words}", "{n} {words}"),
    "complete": (" (tổng hợp từ cả {n} {words})", " (added up from all {n} {words})"),
    "sum_nation": (
        "tổng của các địa phương có số liệu ({counted})",
        "the sum of the localities with figures ({counted})",
    ),
    "sum_under": (
        "tổng của các đơn vị có số liệu thuộc {name} ({counted})",
        "the sum of the units of {name} with figures ({counted})",
    ),
    "total": (
        "{when}, {who} có {value} {what}{extra}{cite}.",
        "{when}, {who} had {value} {what}{extra}{cite}.",
    ),
    "total_sum": (
        "{when}, {who} là {value} {what}{extra}{cite}.",
        "{when}, {who} came to {value} {what}{extra}{cite}.",
    ),
    "same": (
        "So với {before_when} ({before}), {quantity} không thay đổi{cite}.",
        "Compared with {before_when} ({before}), {quantity} did not change{cite}.",
    ),
    "up": (
        "So với {before_when} ({before}), {quantity} tăng {delta} {unit}, tức tăng {share}{cite}.",
        "Compared with {before_when} ({before}), {quantity} rose by {delta}, i.e. by "
        "{share}{cite}.",
    ),
    "down": (
        "So với {before_when} ({before}), {quantity} giảm {delta} {unit}, tức giảm {share}{cite}.",
        "Compared with {before_when} ({before}), {quantity} fell by {delta}, i.e. by "
        "{share}{cite}.",
    ),
    "times_unit": ("lượt", ""),
    "ranked": ("{name} ({value})", "{name} ({value})"),
    "and": (" và ", " and "),
    "ranking": (
        "Dẫn đầu về số {lead} là {first}, tiếp theo là {rest}{cite}.",
        "Leading on {quantity}: {first}, followed by {rest}{cite}.",
    ),
    "ratio": (
        "{first} có số liệu gấp {times} lần {second}{cite}.",
        "The figure of {first} is {times} times that of {second}{cite}.",
    ),
    "field_share": (
        "Lĩnh vực {field} có nhiều {noun} nhất: {value} trên tổng số {total}, chiếm {share}{cite}.",
        "The {field} field has the most {noun}: {value} of {total}, or {share}{cite}.",
    ),
    "funnel": (
        "Trong cùng thời gian, {value} mô hình, điển hình được công nhận, bằng {share} số mô hình "
        "đăng ký{cite}.",
        "Over the same period, {value} models and exemplars were recognised, {share} of the "
        "models registered{cite}.",
    ),
}


def w(key: str, lang: str = "vi", **values: object) -> str:
    """The kit's word ``key`` in ``lang`` with ``values`` filled in.

    >>> w("when_year", "vi", span="2022"), w("when_year", "en", span="2022")
    ('Năm 2022', 'In 2022')
    """
    vi, en = WORDS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


@dataclass(frozen=True)
class Sentence:
    """One sentence, the figures it states and the sources it cites."""

    kind: str  # total, change, ranking, ratio, field_share, funnel
    text: str
    figures: tuple[int | float, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)


def n(value: float | int, lang: str = "vi") -> str:
    """A count the reader's way (2.084 / 2,084); a ratio with one decimal (5,6 / 5.6).

    >>> n(2084), n(5.63), n(2084, "en")
    ('2.084', '5,6', '2,084')
    """
    return formatting.count(value, lang)


def pct(share: float, lang: str = "vi") -> str:
    """A share as a percentage the reader's way.

    >>> pct(0.125), pct(0.125, "en")
    ('12,5%', '12.5%')
    """
    return formatting.percent(share, lang)


def period_text(years: tuple[int, int], capital: bool = True, lang: str = "vi") -> str:
    """A year or a phase in words (``capital``: as a sentence opens with it).

    >>> period_text((2022, 2022)), period_text((2016, 2020), capital=False)
    ('Năm 2022', 'giai đoạn 2016–2020')
    >>> period_text((2022, 2022), lang="en"), period_text((2016, 2020), False, "en")
    ('In 2022', 'the 2016–2020 phase')
    """
    span = formatting.period(*years)
    single = years[0] == years[1]
    if capital:
        return w("when_year" if single else "when_phase", lang, span=span)
    return w("period_year" if single else "period_phase", lang, span=span)


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    value = str(value).strip()
    return value or None


def _published(value: object, lang: str = "vi") -> str:
    """A source date the reader's way, as precise as known.

    >>> _published("2022-12-20"), _published(float("nan")), _published(None)
    ('20/12/2022', 'không rõ ngày', 'không rõ ngày')
    >>> _published("2022-12-20", "en"), _published("2021-03", "en"), _published(None, "en")
    ('20 December 2022', 'March 2021', 'date unknown')
    """
    return formatting.published(value, missing=w("date_unknown", lang), lang=lang)


def _cited(parts: Sequence[str], lang: str) -> str:
    """ " (nguồn: a; b)" around the sources' labels; nothing without sources."""
    if not parts:
        return ""
    return w("sources_many" if len(parts) > 1 else "sources", lang, parts="; ".join(parts))


def _citation(
    engine: Engine,
    f: Filter,
    codes: Sequence[str],
    row: pd.Series | None = None,
    limit: int = 3,
    lang: str = "vi",
) -> tuple[list[str], tuple]:
    """The sources ("title, date") of the figures of ``codes`` — exactly their sources: a
    stated figure's own report, a figure added up from below the reports of the units used
    (``row``: the resolved figure, when there is one)."""
    rows = pd.DataFrame({"code": list(codes)})
    if row is not None:
        rows = rows.assign(basis=row["basis"], year_lo=row["year_lo"], year_hi=row["year_hi"])
    return _citation_rows(engine, f, rows, limit, lang)


def _citation_rows(
    engine: Engine, f: Filter, rows: pd.DataFrame, limit: int = 3, lang: str = "vi"
) -> tuple[list[str], tuple]:
    """The sources ("title, date") of the figures of ``rows`` (``code`` and, where known,
    ``basis``, ``year_lo``, ``year_hi``): the first ``limit``, then "and N more sources" (a
    figure adding 20 reports never reads as resting on three)."""
    every = sources_of_rows(engine, f, rows)
    found = every.head(limit)
    if found.empty:
        return [], ()
    parts = []
    for rec in found.to_dict("records"):
        label = _text(rec["title"]) or _text(rec["outlet"]) or str(rec["source_id"])
        if rec.get("is_synthetic") is True:
            label += w("synthetic", lang)
        parts.append(f"{label}, {_published(rec['published'], lang)}")
    if len(every) > limit:
        parts.append(w("more_sources", lang, n=n(len(every) - limit, lang)))
    return parts, tuple(found["source_id"])


def _subject(
    engine: Engine, f: Filter, code: str, total: totals.Total, lang: str
) -> tuple[str, str, bool]:
    """(who, extra, summed): "cả nước" / the unit's label, or — unless the total covers every
    unit below (:attr:`metrics.totals.Total.complete`) — "tổng của các địa phương có số liệu"
    with how many reported (``summed``)."""
    # "reported": a unit since 1 July 2025 is marked as such, never by its code
    name = w("nation", lang) if code == NATION else places.label(engine, code, "reported", lang)
    if total.basis == "stated":
        return name, "", False
    words = _pick(TIER_WORDS[total.tier], lang) if total.tier in TIER_WORDS else None
    if total.complete:
        below = words or w("units_below", lang)
        return name, w("complete", lang, n=n(total.units, lang), words=below), False
    reporting = n(total.reporting, lang)
    counted = (
        w("counted", lang, n=reporting, words=words) if words else w("units", lang, n=reporting)
    )
    if code == NATION:
        return w("sum_nation", lang, counted=counted), "", True
    return w("sum_under", lang, name=name, counted=counted), "", True


def _when(f: Filter, total: totals.Total, row: pd.Series | None, lang: str) -> str | None:
    """The period a total is read for, in words; ``None`` when no honest phrase exists.

    A stock added up from units whose latest figures have different dates is "the latest
    figures up to" the last year, never a period's figure. A flow that leaves years of its
    span without a figure is no figure of that period (its years are not all counted).
    """
    assert total.year_lo is not None and total.year_hi is not None
    years = f.years or (total.year_lo, total.year_hi)
    if is_stock(f.metric):
        if total.rows["year_hi"].nunique() > 1:
            return w("latest", lang, year=total.year_hi)
        return period_text(years, lang=lang)
    span = years[1] - years[0] + 1
    if total.basis == "stated" and row is not None and int(row["n_years"]) != span:
        return None  # a gap in the years: the sum is no figure of the whole period
    if total.basis == "children" and f.years is None and total.year_lo != total.year_hi:
        return None  # units' flows of different periods: no one period to name
    return period_text(years, lang=lang)


def _noun(f: Filter, lang: str = "vi") -> str:
    return _pick(NOUNS.get(f.kind, NOUNS[None]), lang)


def _phrases(f: Filter, lang: str) -> tuple[str, str]:
    """(phrase after the number, phrase naming the quantity) of the filter's metric."""
    what, quantity = PHRASES[f.metric]
    noun = _noun(f, lang)
    return _pick(what, lang).format(noun=noun), _pick(quantity, lang).format(noun=noun)


def _figure(engine: Engine, f: Filter, code: str) -> pd.Series | None:
    res = resolve(engine, f, codes=[code])
    res = res[res["code"] == code]
    return None if res.empty else res.iloc[0]


def speech_kit(
    engine: Engine,
    f: Filter,
    codes: Sequence[str] = (),
    *,
    focus: Sequence[str] | None = None,
    lang: str = "vi",
) -> list[Sentence]:
    """Sentences for a view in ``lang``: per locality in ``focus`` (default: the filter's
    locality, else the country) its total and change; a ranking of ``codes`` when they are
    comparable; for a single locality also its field shares and funnel."""
    focus = list(dict.fromkeys(focus or [f.locality or NATION]))[:5]
    out: list[Sentence] = []
    for code in focus:
        out += _about(engine, f, code, lang)
    out += _ranking(engine, f, codes, lang)
    if len(focus) == 1 and out and out[0].kind == "total":
        value = out[0].figures[0]
        out += _field_shares(engine, f, focus[0], value, lang)
        out += _funnel(engine, f, focus[0], value, lang)
    return out


def _about(engine: Engine, f: Filter, code: str, lang: str) -> list[Sentence]:
    """The total of one locality (as :func:`metrics.totals.total` gives it, with its coverage),
    and its change against the previous period."""
    total = totals.total(engine, f, code)
    if total.value is None:
        return []
    row = _figure(engine, f, code)
    when = _when(f, total, row, lang)
    if when is None:
        return []
    what, quantity = _phrases(f, lang)
    parts, sids = _citation_of_total(engine, f, total, lang)
    value = int(total.value)
    who, extra, summed = _subject(engine, f, code, total, lang)
    text = w(
        "total_sum" if summed else "total",
        lang,
        when=when,
        who=who,
        value=n(value, lang),
        what=what,
        extra=extra,
        cite=_cited(parts, lang),
    )
    out = [Sentence("total", text, (value,), sids)]
    like = row is not None and int(row["value"]) == value
    years = f.years or (total.year_lo, total.year_hi)
    if total.complete and like and when == period_text(years, lang=lang):  # type: ignore[arg-type]
        years = f.years or (int(row["year_lo"]), int(row["year_hi"]))  # type: ignore[index]
        out += _change(engine, f, code, years, row, quantity, parts, sids, lang)
    return out


def _citation_of_total(
    engine: Engine, f: Filter, total: totals.Total, lang: str
) -> tuple[list[str], tuple]:
    """The sources of exactly the figures a total adds up."""
    if total.basis == "stated":
        return _citation(engine, f, [total.scope], total.rows.iloc[0], lang=lang)
    rows = total.rows[["code", "basis", "year_lo", "year_hi"]]
    return _citation_rows(engine, f, rows, lang=lang)


def _change(engine, f, code, years, row, quantity, parts, sids, lang) -> list[Sentence]:
    prev_years = previous_period(years)
    if prev_years is None:
        return []
    prev = _figure(engine, f.replace(years=prev_years), code)
    if prev is None or int(prev["value"]) == 0:
        return []
    span = years[1] - years[0] + 1
    if int(prev["n_years"]) != span or int(row["n_years"]) != span:
        return []  # a gap in the years: not comparable
    if prev["basis"] != row["basis"] or (
        row["basis"] == "children" and prev["children_reporting"] != row["children_reporting"]
    ):
        return []  # different units reporting: not comparable
    value, before = int(row["value"]), int(prev["value"])
    delta = value - before
    prev_parts, prev_sids = _citation(engine, f.replace(years=prev_years), [code], prev, lang=lang)
    models = f.metric.startswith("models") or f.metric == "nominations"
    text = w(
        "same" if delta == 0 else "up" if delta > 0 else "down",
        lang,
        before_when=period_text(prev_years, False, lang),
        before=n(before, lang),
        quantity=quantity,
        delta=n(abs(delta), lang),
        unit=_noun(f, lang) if models else w("times_unit", lang),
        share=pct(abs(delta) / before, lang),
        cite=_cited([*parts, *prev_parts], lang),
    )
    return [Sentence("change", text, (before, abs(delta)), tuple(dict.fromkeys(sids + prev_sids)))]


def _ranking(engine, f, codes, lang) -> list[Sentence]:
    if len(codes) < 2:
        return []
    comparison = compare(engine, f, codes=list(codes))
    table = comparison.table
    if comparison.warnings or len(table) < 2:
        return []  # mixed tiers or periods: not comparable, say nothing
    top = table.sort_values("value", ascending=False).head(3)
    names = [w("ranked", lang, name=r.name, value=n(int(r.value), lang)) for r in top.itertuples()]
    parts, sids = _citation(engine, f, list(top["code"]), lang=lang)
    cite = _cited(parts, lang)
    what, quantity = _phrases(f, lang)
    out = [
        Sentence(
            "ranking",
            w(
                "ranking",
                lang,
                lead=what.split(" “")[0],
                quantity=quantity,
                first=names[0],
                rest=w("and", lang).join(names[1:]),
                cite=cite,
            ),
            tuple(int(v) for v in top["value"]),
            sids,
        )
    ]
    first, second = int(top["value"].iloc[0]), int(top["value"].iloc[1])
    if second > 0 and first / second >= 1.5:
        out.append(
            Sentence(
                "ratio",
                w(
                    "ratio",
                    lang,
                    first=top["name"].iloc[0],
                    times=n(round(first / second, 1), lang),
                    second=top["name"].iloc[1],
                    cite=cite,
                ),
                (first, second),
                sids,
            )
        )
    return out


def _field_shares(engine, f, code, value, lang) -> list[Sentence]:
    if f.field is not None:
        return []
    dist = distribution(engine, f, "field", target=code)
    table = dist.table[~dist.table["field"].astype(str).str.contains("\\|")]
    if len(table) != 4 or dist.stated_total is None or not dist.adds_up:
        return []  # an incomplete or inconsistent breakdown gives no shares
    top = table.sort_values("value", ascending=False).iloc[0]
    label = vocabulary.label("field", str(top["field"]), lang).lower()
    parts, sids = _citation(engine, f.replace(field=str(top["field"])), [code], lang=lang)
    text = w(
        "field_share",
        lang,
        field=label,
        noun=_noun(f, lang),
        value=n(int(top["value"]), lang),
        total=n(value, lang),
        share=pct(int(top["value"]) / value, lang),
        cite=_cited(parts, lang),
    )
    return [Sentence("field_share", text, (int(top["value"]), value), sids)]


def _funnel(engine, f, code, value, lang) -> list[Sentence]:
    if f.metric != "models_registered" or value == 0:
        return []
    rec_f = f.replace(metric="models_recognized", kind=None)
    rec, row = _figure(engine, rec_f, code), _figure(engine, f, code)
    if rec is None or row is None or int(rec["value"]) > value:
        return []
    if (rec["year_lo"], rec["year_hi"]) != (row["year_lo"], row["year_hi"]):
        return []  # "in the same period" only when it is (recognised in 2011 of 2008–2011)
    if not (totals.total(engine, f, code).complete and totals.total(engine, rec_f, code).complete):
        return []  # sums over different units reporting are not compared
    share = int(rec["value"]) / value
    parts, sids = _citation(engine, rec_f, [code], rec, lang=lang)
    text = w(
        "funnel",
        lang,
        value=n(int(rec["value"]), lang),
        share=pct(share, lang),
        cite=_cited(parts, lang),
    )
    return [Sentence("funnel", text, (int(rec["value"]),), sids)]
