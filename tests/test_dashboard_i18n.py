"""UI text: Vietnamese first, English available, every key used exists; number formats."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard import fmt, i18n
from metrics.quality import KINDS

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard"


def test_every_text_has_both_languages() -> None:
    for key, (vi, en) in i18n.TEXT.items():
        assert vi.strip() and en.strip(), key
    for table in (i18n.KIND_TEXT, i18n.TIERS, i18n.MODEL_STATUS):
        assert all(vi and en for vi, en in table.values())
    assert set(i18n.KIND_TEXT) == set(KINDS) == set(i18n.KIND_DETAIL)
    assert i18n.guide("vi") != i18n.guide("en")


def test_every_key_used_in_the_dashboard_is_defined() -> None:
    used: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*(?:f?)["']([a-z0-9_]+)["']""")
    for path in DASHBOARD.rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    dynamic_prefixes = ("view_", "norm_", "mode_", "chart_", "scope_", "boundary_", "sev_", "unit_")
    missing = {k for k in used if k not in i18n.TEXT and not k.startswith(dynamic_prefixes)}
    assert not missing, missing
    for prefix, ids in {
        "norm_": ("absolute", "share", "per_commune", "per_10k", "per_year"),
        "view_": ("chart", "table"),
        "sev_": ("error", "warning", "info"),
        "scope_": ("children", "communes", "pick"),
        "boundary_": ("reported", "current"),
    }.items():
        assert all(f"{prefix}{i}" in i18n.TEXT for i in ids), prefix


def test_vietnamese_number_formats() -> None:
    assert fmt.number(2084) == "2.084"
    assert fmt.number(2084.5, decimals=1) == "2.084,5"
    assert fmt.percent(0.125) == "12,5%"
    assert fmt.auto(12.53) == "12,5" and fmt.auto(0.1234) == "0,12"
    assert fmt.signed(-369) == "−369" and fmt.signed(20) == "+20"
    assert fmt.number(None) == fmt.MISSING
    assert fmt.plotly_separators("vi") == ",." and fmt.plotly_separators("en") == ".,"
