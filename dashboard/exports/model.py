"""What an export carries: a titled table (and chart) with unit, filters and sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALE = "vi_VN"


@dataclass(frozen=True)
class SourceRef:
    source_id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None

    def line(self) -> str:
        """One readable line: title — outlet (date), url."""
        parts = [self.title or self.source_id]
        if self.outlet:
            parts.append(self.outlet)
        text = " — ".join(parts)
        if self.published:
            text += f" ({vi_date(self.published)})"
        if self.url:
            text += f", {self.url}"
        return text


@dataclass
class ExportView:
    """One chart/table of the dashboard as it is exported."""

    title: str
    table: pd.DataFrame
    unit: str = ""
    filters: list[tuple[str, str]] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    figure: go.Figure | None = None
    key_numbers: list[str] = field(default_factory=list)
    number_formats: dict[str, str] = field(default_factory=dict)  # column → "int" | "pct" | "dec"
    synthetic: bool = False
    generated_on: date = field(default_factory=date.today)

    def filter_line(self) -> str:
        return "; ".join(f"{k}: {v}" if k else v for k, v in self.filters) or "Không lọc"

    def source_line(self, limit: int = 3) -> str:
        names = [s.title or s.source_id for s in self.sources[:limit]]
        more = f" và {len(self.sources) - limit} nguồn khác" if len(self.sources) > limit else ""
        text = "Nguồn: " + ("; ".join(names) + more if names else "không có")
        if self.synthetic:
            text += " — DỮ LIỆU MÔ PHỎNG (synthetic)"
        return text

    def footer(self) -> str:
        return (
            f"Đơn vị: {self.unit or '—'} · Bộ lọc: {self.filter_line()} · "
            f"{self.source_line()} · Lập ngày {vi_date(self.generated_on)}"
        )


def vi_number(value: float | int | None, decimals: int = 1) -> str:
    """Vietnamese number format: 2.084; 2.084,5.

    >>> vi_number(2084), vi_number(12.25)
    ('2.084', '12,2')
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if float(value).is_integer():
        return format_decimal(int(value), locale=LOCALE)
    return format_decimal(value, locale=LOCALE, format="#,##0." + "#" * decimals)


def vi_percent(share: float | None, decimals: int = 1) -> str:
    """A share (0..1) as a Vietnamese percentage: 0.125 → 12,5%.

    >>> vi_percent(0.125)
    '12,5%'
    """
    if share is None or pd.isna(share):
        return "—"
    return format_percent(share, locale=LOCALE, format="#,##0." + "0" * decimals + "%")


def vi_date(value: object) -> str:
    """A date as precise as known, the Vietnamese way (20/12/2022, 12/2022, 2022).

    >>> vi_date("2022-12-20"), vi_date("2023-11"), vi_date("2018")
    ('20/12/2022', '11/2023', '2018')
    """
    if isinstance(value, date):
        return format_date(value, format="dd/MM/yyyy", locale=LOCALE)
    text = str(value or "")
    parts = text.split("-")
    if len(parts) == 3:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2:
        return f"{parts[1]}/{parts[0]}"
    return text
