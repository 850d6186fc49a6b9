"""A split by field or level that adds up localities' figures of different periods says so on
the chart and in its exports (metrics/RULES.md: never read as the figure of one period); a split
of one period does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.exports.batch import build
from dashboard.i18n import t

WARNING = t("mixed_periods", "vi").split("{")[0]


def _chart(data_dir: Path, page: str, key: str, query: dict[str, str]):
    charts, _ = build(data_dir, page, query)
    return next(c for c in charts if c.key == key)


@pytest.mark.parametrize(
    ("page", "key", "query", "mixed"),
    [
        ("tong-quan", "fields", {}, True),
        ("tong-quan", "fields", {"period": "2022"}, False),
        ("tong-quan", "fields", {"m": "models_recognized"}, True),
        ("linh-vuc", "main", {}, True),
        ("linh-vuc", "main", {"period": "2022"}, False),
    ],
)
def test_a_split_of_different_periods_says_so(
    sample_data_dir: Path, page: str, key: str, query: dict[str, str], mixed: bool
) -> None:
    chart = _chart(sample_data_dir, page, key, query)
    said = [w for w in chart.warnings if w.startswith(WARNING)]
    assert bool(said) == mixed, (chart.title, chart.warnings)
    spans = set(zip(chart.data["year_lo"], chart.data["year_hi"]))
    if mixed:  # the sample's parts do add up figures of several years
        assert len(spans) > 1 or any(lo != hi for lo, hi in spans)
        lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
        assert f"{lo}–{hi}" in said[0]
    else:
        assert all(lo == hi for lo, hi in spans)
