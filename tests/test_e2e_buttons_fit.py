"""Buttons fit their column in Chromium, at 1280 and 800 pixels wide (sidebar open): every
chart/table switch and download button is whole — none is cut ("Biểu đồ | Bả…", "Tải …")
or reaches past the page's main area."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e_support import cut_on_pages

pytestmark = pytest.mark.browser

CUT_JS = """() => {
  const out = [];
  const sel = '[data-testid="stMain"] [data-testid="stButtonGroup"] button,'
    + '[data-testid="stMain"] [data-testid="stDownloadButton"] button';
  for (const b of document.querySelectorAll(sel)) {
    const box = b.getBoundingClientRect();
    if (!box.width) continue;  // folded away (an expander, the other view)
    // the column (or block) the button was laid out in: it must hold the whole button
    const home = b.closest('[data-testid="stColumn"]')
      || b.closest('[data-testid="stVerticalBlock"]');
    const room = home.getBoundingClientRect();
    const inner = b.querySelector('p') || b;
    const cut = inner.scrollWidth > inner.clientWidth + 1
      || box.right > room.right + 1 || box.left < room.left - 1;
    if (cut) out.push(`${b.innerText.trim()} @${Math.round(box.right)}>${Math.round(room.right)}`);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 800])
def test_switches_and_downloads_are_whole(
    sample_data_dir: Path, tmp_path: Path, width: int
) -> None:
    def looked_at(page, slug: str) -> None:
        count = page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').count()
        assert count > 0, slug  # the check looked at something

    slugs = ("tong-quan", "so-sanh", "xu-huong")
    cut = cut_on_pages(sample_data_dir, tmp_path, width, slugs, CUT_JS, looked_at, "buttons")
    assert cut == {}
