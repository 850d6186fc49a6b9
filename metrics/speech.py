"""Ready-to-read Vietnamese sentences for speeches ("Số liệu cho bài phát biểu").

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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
from babel.numbers import format_decimal, format_percent

from data_loaders.reference import vocabulary
from metrics import places, totals
from metrics.citations import sources_of_rows
from metrics.comparisons import compare
from metrics.distributions import distribution
from metrics.filters import Filter
from metrics.rules import NATION, is_stock, resolve
from metrics.trends import previous_period

if TYPE_CHECKING:
    from metrics.engine import Engine

LOCALE = "vi_VN"
# metric → (phrase after the number, phrase naming the quantity)
PHRASES: dict[str, tuple[str, str]] = {
    "models_registered": (
        "{noun} “Dân vận khéo” được đăng ký thực hiện",
        "số {noun} được đăng ký thực hiện",
    ),
    "models_recognized": ("{noun} “Dân vận khéo” được công nhận", "số {noun} được công nhận"),
    "registrants": ("lượt tập thể, cá nhân đăng ký thực hiện mô hình", "số lượt đăng ký"),
    "commendations": ("lượt tập thể, cá nhân được khen thưởng", "số lượt khen thưởng"),
    "nominations": ("{noun} được đề nghị cấp trên công nhận", "số {noun} được đề nghị"),
    "contest_entries": ("bài dự thi", "số bài dự thi"),
    "contest_prizes": ("giải thưởng", "số giải thưởng"),
}
NOUNS = {"model": "mô hình", "exemplar": "điển hình", "any": "mô hình", None: "mô hình"}


@dataclass(frozen=True)
class Sentence:
    """One sentence, the figures it states and the sources it cites."""

    kind: str  # total, change, ranking, ratio, field_share, funnel
    text: str
    figures: tuple[int | float, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)


def n(value: float | int) -> str:
    """A count the Vietnamese way (2.084); a ratio with one decimal (5,6).

    >>> n(2084), n(5.63)
    ('2.084', '5,6')
    """
    if float(value).is_integer():
        return format_decimal(int(value), locale=LOCALE)
    return format_decimal(value, format="#,##0.0", locale=LOCALE)


def pct(share: float) -> str:
    """A share as a Vietnamese percentage.

    >>> pct(0.125)
    '12,5%'
    """
    return format_percent(share, format="#,##0.0%", locale=LOCALE)


def period_text(years: tuple[int, int], capital: bool = True) -> str:
    """A year or a phase in words.

    >>> period_text((2022, 2022)), period_text((2016, 2020), capital=False)
    ('Năm 2022', 'giai đoạn 2016–2020')
    """
    text = f"năm {years[0]}" if years[0] == years[1] else f"giai đoạn {years[0]}–{years[1]}"
    return text[0].upper() + text[1:] if capital else text


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    value = str(value).strip()
    return value or None


def _published(value: object) -> str:
    """A source date the Vietnamese way, as precise as known.

    >>> _published("2022-12-20"), _published(float("nan")), _published(None)
    ('20/12/2022', 'không rõ ngày', 'không rõ ngày')
    """
    text = _text(value)
    return "/".join(reversed(text.split("-"))) if text else "không rõ ngày"


def _citation(
    engine: Engine, f: Filter, codes: Sequence[str], row: pd.Series | None = None, limit: int = 3
) -> tuple[str, tuple]:
    """ " (nguồn: title, date; …)" for the figures of ``codes`` — exactly their sources: a
    stated figure's own report, a figure added up from below the reports of the units used
    (``row``: the resolved figure, when there is one)."""
    rows = pd.DataFrame({"code": list(codes)})
    if row is not None:
        rows = rows.assign(basis=row["basis"], year_lo=row["year_lo"], year_hi=row["year_hi"])
    return _citation_rows(engine, f, rows, limit)


def _citation_rows(
    engine: Engine, f: Filter, rows: pd.DataFrame, limit: int = 3
) -> tuple[str, tuple]:
    """ " (nguồn: title, date; …)" for the figures of ``rows`` (``code`` and, where known,
    ``basis``, ``year_lo``, ``year_hi``)."""
    found = sources_of_rows(engine, f, rows).head(limit)
    if found.empty:
        return "", ()
    parts = []
    for rec in found.to_dict("records"):
        label = _text(rec["title"]) or _text(rec["outlet"]) or str(rec["source_id"])
        if rec.get("is_synthetic") is True:
            label += " – dữ liệu mô phỏng"
        parts.append(f"{label}, {_published(rec['published'])}")
    return f" (nguồn: {'; '.join(parts)})", tuple(found["source_id"])


TIER_WORDS = {
    "province": "tỉnh, thành",
    "current_province": "tỉnh, thành",
    "district": "quận, huyện",
    "commune": "xã, phường",
}


def _subject(engine: Engine, f: Filter, code: str, total: totals.Total) -> tuple[str, str]:
    """(who, extra): "cả nước" / the unit's label, or — unless the total covers every unit below
    (:attr:`metrics.totals.Total.complete`) — "tổng của các địa phương có số liệu" with how
    many reported."""
    # "reported": a unit since 1 July 2025 is marked as such, never by its code
    name = "cả nước" if code == NATION else places.label(engine, code, "reported")
    if total.basis == "stated":
        return name, ""
    words = TIER_WORDS.get(total.tier)
    if total.complete:
        return name, f" (tổng hợp từ cả {n(total.units)} {words or 'đơn vị cấp dưới'})"
    counted = f"{n(total.reporting)} {words}" if words else f"{n(total.reporting)} đơn vị"
    if code == NATION:
        return f"tổng của các địa phương có số liệu ({counted})", ""
    return f"tổng của các đơn vị có số liệu thuộc {name} ({counted})", ""


def _when(f: Filter, total: totals.Total, row: pd.Series | None) -> str | None:
    """The period a total is read for, in words; ``None`` when no honest phrase exists.

    A stock added up from units whose latest figures have different dates is "the latest
    figures up to" the last year, never a period's figure. A flow that leaves years of its
    span without a figure is no figure of that period (its years are not all counted).
    """
    assert total.year_lo is not None and total.year_hi is not None
    years = f.years or (total.year_lo, total.year_hi)
    if is_stock(f.metric):
        if total.rows["year_hi"].nunique() > 1:
            return f"Theo số liệu mới nhất đến năm {total.year_hi}"
        return period_text(years)
    span = years[1] - years[0] + 1
    if total.basis == "stated" and row is not None and int(row["n_years"]) != span:
        return None  # a gap in the years: the sum is no figure of the whole period
    if total.basis == "children" and f.years is None and total.year_lo != total.year_hi:
        return None  # units' flows of different periods: no one period to name
    return period_text(years)


def _noun(f: Filter) -> str:
    return NOUNS.get(f.kind, "mô hình")


def _figure(engine: Engine, f: Filter, code: str) -> pd.Series | None:
    res = resolve(engine, f, codes=[code])
    res = res[res["code"] == code]
    return None if res.empty else res.iloc[0]


def speech_kit(
    engine: Engine, f: Filter, codes: Sequence[str] = (), *, focus: Sequence[str] | None = None
) -> list[Sentence]:
    """Sentences for a view: per locality in ``focus`` (default: the filter's locality, else
    the country) its total and change; a ranking of ``codes`` when they are comparable; for a
    single locality also its field shares and funnel."""
    focus = list(dict.fromkeys(focus or [f.locality or NATION]))[:5]
    out: list[Sentence] = []
    for code in focus:
        out += _about(engine, f, code)
    out += _ranking(engine, f, codes, (PHRASES[f.metric][0]).format(noun=_noun(f)))
    if len(focus) == 1 and out and out[0].kind == "total":
        value = out[0].figures[0]
        out += _field_shares(engine, f, focus[0], value)
        out += _funnel(engine, f, focus[0], value)
    return out


def _about(engine: Engine, f: Filter, code: str) -> list[Sentence]:
    """The total of one locality (as :func:`metrics.totals.total` gives it, with its coverage),
    and its change against the previous period."""
    total = totals.total(engine, f, code)
    if total.value is None:
        return []
    row = _figure(engine, f, code)
    when = _when(f, total, row)
    if when is None:
        return []
    what, quantity = (p.format(noun=_noun(f)) for p in PHRASES[f.metric])
    cite, sids = _citation_of_total(engine, f, total)
    value = int(total.value)
    who, extra = _subject(engine, f, code, total)
    verb = "là" if who.startswith("tổng của") else "có"
    out = [
        Sentence("total", f"{when}, {who} {verb} {n(value)} {what}{extra}{cite}.", (value,), sids)
    ]
    like = row is not None and int(row["value"]) == value
    if total.complete and like and when == period_text(f.years or (total.year_lo, total.year_hi)):
        years = f.years or (int(row["year_lo"]), int(row["year_hi"]))  # type: ignore[index]
        out += _change(engine, f, code, years, row, quantity, cite, sids)
    return out


def _citation_of_total(engine: Engine, f: Filter, total: totals.Total) -> tuple[str, tuple]:
    """The sources of exactly the figures a total adds up."""
    if total.basis == "stated":
        return _citation(engine, f, [total.scope], total.rows.iloc[0])
    rows = total.rows[["code", "basis", "year_lo", "year_hi"]]
    return _citation_rows(engine, f, rows)


def _change(engine, f, code, years, row, quantity, cite, sids) -> list[Sentence]:
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
    prev_cite, prev_sids = _citation(engine, f.replace(years=prev_years), [code], prev)
    sources = "; ".join(
        s
        for s in (
            cite.strip(" ()").removeprefix("nguồn: "),
            prev_cite.strip(" ()").removeprefix("nguồn: "),
        )
        if s
    )
    cited = f" (nguồn: {sources})" if sources else ""
    unit = _noun(f) if f.metric.startswith("models") or f.metric == "nominations" else "lượt"
    if delta == 0:
        text = (
            f"So với {period_text(prev_years, False)} ({n(before)}), {quantity} không "
            f"thay đổi{cited}."
        )
    else:
        verb = "tăng" if delta > 0 else "giảm"
        text = (
            f"So với {period_text(prev_years, False)} ({n(before)}), {quantity} {verb} "
            f"{n(abs(delta))} {unit}, tức {verb} {pct(abs(delta) / before)}{cited}."
        )
    return [Sentence("change", text, (before, abs(delta)), tuple(dict.fromkeys(sids + prev_sids)))]


def _ranking(engine, f, codes, what) -> list[Sentence]:
    if len(codes) < 2:
        return []
    comparison = compare(engine, f, codes=list(codes))
    table = comparison.table
    if comparison.warnings or len(table) < 2:
        return []  # mixed tiers or periods: not comparable, say nothing
    top = table.sort_values("value", ascending=False).head(3)
    names = [f"{r.name} ({n(int(r.value))})" for r in top.itertuples()]
    cite, sids = _citation(engine, f, list(top["code"]))
    out = [
        Sentence(
            "ranking",
            f"Dẫn đầu về số {what.split(' “')[0]} là {names[0]}, tiếp theo là "
            f"{' và '.join(names[1:])}{cite}.",
            tuple(int(v) for v in top["value"]),
            sids,
        )
    ]
    first, second = int(top["value"].iloc[0]), int(top["value"].iloc[1])
    if second > 0 and first / second >= 1.5:
        out.append(
            Sentence(
                "ratio",
                f"{top['name'].iloc[0]} có số liệu gấp {n(round(first / second, 1))} "
                f"lần {top['name'].iloc[1]}{cite}.",
                (first, second),
                sids,
            )
        )
    return out


def _field_shares(engine, f, code, value) -> list[Sentence]:
    if f.field is not None:
        return []
    dist = distribution(engine, f, "field", target=code)
    table = dist.table[~dist.table["field"].astype(str).str.contains("\\|")]
    if len(table) != 4 or dist.stated_total is None or not dist.adds_up:
        return []  # an incomplete or inconsistent breakdown gives no shares
    top = table.sort_values("value", ascending=False).iloc[0]
    label = vocabulary.label("field", str(top["field"])).lower()
    cite, sids = _citation(engine, f.replace(field=str(top["field"])), [code])
    return [
        Sentence(
            "field_share",
            f"Lĩnh vực {label} có nhiều {_noun(f)} nhất: "
            f"{n(int(top['value']))} trên tổng số {n(value)}, chiếm "
            f"{pct(int(top['value']) / value)}{cite}.",
            (int(top["value"]), value),
            sids,
        )
    ]


def _funnel(engine, f, code, value) -> list[Sentence]:
    if f.metric != "models_registered" or value == 0:
        return []
    rec_f = f.replace(metric="models_recognized", kind=None)
    rec, row = _figure(engine, rec_f, code), _figure(engine, f, code)
    if rec is None or row is None or int(rec["value"]) > value:
        return []
    if not (totals.total(engine, f, code).complete and totals.total(engine, rec_f, code).complete):
        return []  # sums over different units reporting are not compared
    share = int(rec["value"]) / value
    cite, sids = _citation(engine, f.replace(metric="models_recognized", kind=None), [code], rec)
    return [
        Sentence(
            "funnel",
            f"Trong cùng thời gian, {n(int(rec['value']))} mô hình, điển hình "
            f"được công nhận, bằng {pct(share)} số mô hình đăng ký{cite}.",
            (int(rec["value"]),),
            sids,
        )
    ]
