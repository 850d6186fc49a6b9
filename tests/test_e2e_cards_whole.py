"""Key-figure cards show their whole label and figure in Chromium at 1280 and 800 pixels wide
(sidebar open): a long label wraps ("Mô hình được công nhận", not "Mô hình được công n…"), a
figure shrinks with a narrow card (never "43…")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e_support import cut_on_pages

pytestmark = pytest.mark.browser

CUT_JS = """() => {
  const out = [];
  const sel = '[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],'
    + '[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"]';
  for (const box of document.querySelectorAll(sel)) {
    const card = box.closest('[data-testid="stMetric"]').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(box);
    const text = range.getBoundingClientRect();  // the text as laid out, cut or not
    const cut = box.scrollWidth > box.clientWidth + 1 || text.right > card.right + 1;
    if (cut) out.push(`${box.innerText.trim()} ${Math.round(text.right - card.right)} px`);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 800])
def test_card_labels_and_figures_are_whole(
    sample_data_dir: Path, tmp_path: Path, width: int
) -> None:
    def looked_at(page, slug: str) -> None:
        labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
        assert len(labels) >= 4, slug  # the check looked at cards
        if slug == "tong-quan":
            assert "Mô hình được công nhận" in [label.strip() for label in labels]

    slugs = ("tong-quan", "nguon")
    cut = cut_on_pages(sample_data_dir, tmp_path, width, slugs, CUT_JS, looked_at, "cards")
    assert cut == {}
