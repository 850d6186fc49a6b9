"""Ready-to-read Vietnamese sentences for speeches ("Số liệu cho bài phát biểu").

Each sentence comes from a template filled only with figures the metrics layer returns, and is
followed by its source and date. A sentence is left out, never guessed, when its data is missing
or not comparable (different tiers or periods, an incomplete breakdown, a gap in the years).

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

from data_loaders import vocabulary
from metrics import places
from metrics.comparisons import compare
from metrics.distributions import distribution
from metrics.filters import Filter, where
from metrics.rules import NATION, resolve
from metrics.sources import sources_of
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


def _published(value: object) -> str:
    parts = str(value or "").split("-")
    return "/".join(reversed(parts)) if value else "không rõ ngày"


def _citation(
    engine: Engine, f: Filter, codes: Sequence[str], own: bool = False, limit: int = 2
) -> tuple[str, tuple]:
    """ " (nguồn: title, date; …)" for the figures of ``codes``: only their own rows when the
    figure is stated (``own``), else everything below them too."""
    codes = [c for c in codes if c != NATION]
    if own and codes:
        cond, params = where(engine, f, "t", scope=False)
        found = engine.sql(
            "SELECT s.source_id, s.title, max(s.published) AS published, "
            "bool_or(s.is_synthetic) AS is_synthetic, count(*) AS figures FROM tallies t "
            f"JOIN sources s ON s.source_id = t.source_id WHERE {cond} "
            "AND list_contains(?, t.locality_code) GROUP BY s.source_id, s.title "
            f"ORDER BY figures DESC, published DESC LIMIT {int(limit)}",
            [*params, list(codes)],
        )
    else:
        found = sources_of(engine, f, codes=codes or None, limit=limit)
    if found.empty:
        return "", ()
    parts = []
    for row in found.itertuples():
        label = row.title or row.source_id
        if getattr(row, "is_synthetic", False):
            label += " – dữ liệu mô phỏng"
        parts.append(f"{label}, {_published(row.published)}")
    return f" (nguồn: {'; '.join(parts)})", tuple(found["source_id"])


def _noun(f: Filter) -> str:
    return NOUNS.get(f.kind, "mô hình")


def _figure(engine: Engine, f: Filter, code: str) -> pd.Series | None:
    res = resolve(engine, f, codes=[code])
    res = res[res["code"] == code]
    return None if res.empty else res.iloc[0]


def speech_kit(engine: Engine, f: Filter, codes: Sequence[str] = ()) -> list[Sentence]:
    """Sentences for the current view: total, change, ranking and ratio, field shares, funnel."""
    code = f.locality or NATION
    where = "cả nước" if code == NATION else places.name(engine, code)
    out: list[Sentence] = []
    row = _figure(engine, f, code)
    if row is None:
        return out
    years = f.years or (int(row["year_lo"]), int(row["year_hi"]))
    what, quantity = (p.format(noun=_noun(f)) for p in PHRASES[f.metric])
    cite, sids = _citation(engine, f, [code], own=row["basis"] == "stated")
    value = int(row["value"])
    derived = " (tổng hợp từ các đơn vị cấp dưới đã báo cáo)" if row["basis"] == "children" else ""
    out.append(
        Sentence(
            "total",
            f"{period_text(years)}, {where} có {n(value)} {what}{derived}{cite}.",
            (value,),
            sids,
        )
    )
    out += _change(engine, f, code, years, row, quantity, cite, sids)
    out += _ranking(engine, f, codes, what)
    out += _field_shares(engine, f, code, value)
    out += _funnel(engine, f, code, value)
    return out


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
    prev_cite, prev_sids = _citation(
        engine, f.replace(years=prev_years), [code], own=prev["basis"] == "stated"
    )
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
    cite, sids = _citation(engine, f, list(top["code"]), own=True, limit=3)
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
    cite, sids = _citation(engine, f.replace(field=str(top["field"])), [code], own=True)
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
    rec = _figure(engine, f.replace(metric="models_recognized", kind=None), code)
    if rec is None or int(rec["value"]) > value:
        return []
    share = int(rec["value"]) / value
    cite, sids = _citation(
        engine,
        f.replace(metric="models_recognized", kind=None),
        [code],
        own=rec["basis"] == "stated",
    )
    return [
        Sentence(
            "funnel",
            f"Trong cùng thời gian, {n(int(rec['value']))} mô hình, điển hình "
            f"được công nhận, bằng {pct(share)} số mô hình đăng ký{cite}.",
            (int(rec["value"]),),
            sids,
        )
    ]
