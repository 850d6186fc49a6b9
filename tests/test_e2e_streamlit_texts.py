"""Streamlit's own English texts, as a reader sees them in Chromium: the upload box, the
empty search of a select box and the "Page not found" dialog are Vietnamese, with the
upload limit the loaders apply; in English they are Streamlit's, with the right figure.
Screenshots: ``test-artifacts/e2e/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e_support import ARGS, ARTIFACTS, CHROMIUM, dashboard, settle, shot

pytestmark = pytest.mark.browser


def _uploader(page) -> str:
    return page.get_by_test_id("stFileUploader").inner_text()


def _search_nothing(page) -> str:
    """Type a search no province matches into the sidebar's first select box."""
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").locator("input").first.click()
    page.keyboard.type("zzzqqq")
    listbox = page.get_by_role("listbox")
    listbox.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    text = listbox.inner_text()
    page.keyboard.press("Escape")
    return text


def test_streamlit_texts_follow_the_language(sample_data_dir: Path, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with dashboard(sample_data_dir, tmp_path / "serve.log") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 900})

        # an address with no page: a Vietnamese dialog, the overview behind it
        page.goto(base + "/khong-co-trang")
        dialog = page.get_by_role("dialog")
        dialog.get_by_text("Không tìm thấy trang").wait_for(timeout=120_000)
        assert "Đang mở trang Tổng quan" in dialog.inner_text()
        assert "Page not found" not in dialog.inner_text()
        shot(page, "texts-page-not-found", full_page=False)
        dialog.get_by_role("button", name="Close").click()
        settle(page)
        assert page.get_by_role("heading", name="Tổng quan").count() >= 1
        assert _search_nothing(page) == "Không có kết quả"

        # the upload box: Vietnamese, with the loaders' own limit (512 MiB: it takes every kind)
        page.get_by_test_id("stSidebarNav").get_by_text("Nhập dữ liệu").click()
        page.get_by_text("Tối đa 512 MB mỗi tệp", exact=False).wait_for(timeout=90_000)
        box = _uploader(page)
        assert "Chọn tệp" in box and "DOCX" in box and "XLSX" in box
        assert "Upload" not in box and "per file" not in box and "537MB" not in box
        page.get_by_test_id("stFileUploader").screenshot(path=str(ARTIFACTS / "texts-upload.png"))

        # English: Streamlit's own texts come back, with the figure put right
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        page.get_by_text("512 MB per file", exact=False).wait_for(timeout=90_000)
        box = _uploader(page)
        assert "Upload" in box and "Chọn tệp" not in box and "Tối đa" not in box
        page.goto(base + "/khong-co-trang?lang=en")
        page.get_by_role("dialog").get_by_text("Page not found").wait_for(timeout=120_000)
        page.get_by_role("dialog").get_by_role("button", name="Close").click()
        settle(page)
        assert _search_nothing(page) == "No results"
        browser.close()
