"""The chart/table switch is never squeezed into a sliver of the page: in the overview's narrow
right-hand column it read "Biểu đồ | Bả…" (cut)."""

from __future__ import annotations

from math import prod
from pathlib import Path

import pytest

from tests.dashboard_fixtures import open_page, problems

MIN_SHARE = 0.15  # of the main area's width: about 130 px at 1400 px, the switch's own width


def _switches(node, weights: tuple[float, ...] = ()):
    if type(node).__name__ == "Column":
        weights = (*weights, node.proto.weight)
    key = getattr(node, "key", None) or ""
    if type(node).__name__ == "ButtonGroup" and ".v_" in key:
        yield key, prod(weights)
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _switches(child, weights)


@pytest.mark.parametrize("page", ["tong-quan", "so-sanh", "xu-huong"])
def test_every_chart_switch_has_room(sample_data_dir: Path, monkeypatch, page: str) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page(page, {})
    assert problems(at) == []
    found = dict(_switches(at.main))
    assert found, "no chart switch found"
    narrow = {k: round(w, 3) for k, w in found.items() if w < MIN_SHARE}
    assert narrow == {}
