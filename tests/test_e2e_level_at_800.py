"""At 800 px (sidebar open) and 1280 px the overview's key-figure cards of a row stand equally
tall (one whose label wraps onto more lines made it taller than its neighbours), the names
under the breakdown's bars are read level ("Xây dựng hệ thống chính trị" was turned to 45°),
so are the numbers of the narrow overview charts' axes (0, 5.000, 10.000 were turned at 800
px), and no legend entry runs past its chart (the donut's cut "Xây dựng hệ thống chín…")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e_support import cut_on_pages

pytestmark = pytest.mark.browser

# what reads badly on the page: cards of one row of different heights, names or numbers on an
# axis turned, a legend entry cut off by the edge of its chart
UNEVEN_JS = """() => {
  const out = [];
  for (const row of document.querySelectorAll('[data-testid="stHorizontalBlock"]')) {
    const cards = [...row.querySelectorAll('[data-testid="stMetric"]')];
    if (cards.length < 2) continue;
    const heights = cards.map(c => Math.round(c.getBoundingClientRect().height));
    if (Math.max(...heights) - Math.min(...heights) > 1) out.push(`cards ${heights.join('/')}`);
  }
  for (const tick of document.querySelectorAll('.xtick text, .ytick text')) {
    if (!tick.getClientRects().length) continue;  // a chart not shown (another tab)
    const turn = (tick.getAttribute('transform') || '').match(/rotate\\((-?[\\d.]+)/);
    if (turn && Math.abs(parseFloat(turn[1])) > 0.5) out.push(`turned ${tick.textContent}`);
  }
  for (const entry of document.querySelectorAll('.legend .traces text')) {
    if (!entry.getClientRects().length) continue;
    const chart = entry.closest('.main-svg').getBoundingClientRect();
    const box = entry.getBoundingClientRect();
    const out_of = box.right > chart.right + 1 || box.left < chart.left - 1;
    if (out_of) out.push(`cut ${entry.textContent}`);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [800, 1280])
def test_cards_stand_equally_tall_and_bar_names_read_level(
    sample_data_dir: Path, tmp_path: Path, width: int
) -> None:
    def looked_at(page, slug: str) -> None:
        if slug == "":
            assert page.locator('[data-testid="stMetric"]').count() >= 4
        else:
            page.wait_for_selector(".ytick text", timeout=30_000)
            names = page.evaluate(
                "() => [...document.querySelectorAll('.xtick text, .ytick text')]"
                ".map(t => t.textContent)"
            )
            assert "Xây dựng hệ thống chính trị" in names, names

    cut = cut_on_pages(
        sample_data_dir, tmp_path, width, ("", "linh-vuc"), UNEVEN_JS, looked_at, "level"
    )
    assert cut == {}
