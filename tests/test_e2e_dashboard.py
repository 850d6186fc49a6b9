"""End to end in real Chromium: every page opens, a filter changes the address, and the copied
address opened in a fresh browser context shows the same state. Screenshots are kept under
``test-artifacts/e2e/`` for people to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import registry
from dashboard.i18n import t
from tests.e2e_support import ARGS, CHROMIUM, dashboard, shot
from tests.e2e_support import settle as _settle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PAGES = {  # every page a reader opens (the ingest page needs more rights): path → its heading
    registry.url_path(p.slug): t(p.title, "vi") for p in registry.PAGES if p.action == "read"
}


@pytest.fixture(scope="module")
def server(sample_data_dir: Path, tmp_path_factory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with dashboard(sample_data_dir, log) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def no_traceback(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.inner_text("body")


def selected(page, label: str) -> str:
    return page.get_by_role("combobox", name=label).first.input_value()


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_opens(browser, server: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/{path}")
    settle(page)
    no_traceback(page)
    assert page.get_by_role("heading", name=PAGES[path]).first.is_visible()
    if path in ("", "so-sanh", "linh-vuc", "xu-huong"):  # drawn after the run (slow under load)
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    shot(page, path or "tong-quan")
    context.close()


def test_a_copied_address_restores_the_same_view(browser, server: str) -> None:
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = first.new_page()
    page.goto(f"{server}/so-sanh")
    settle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Tỉnh, thành phố").first.click()
    page.keyboard.type("Hà Nội")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Cách so sánh").first.click()
    page.get_by_role("option", name="Bình quân mỗi năm").click()
    settle(page)
    url = page.url
    assert "p=01" in url and "norm=per_year" in url
    shot(page, "state-before")
    heading = page.get_by_role("heading", name="Mô hình đăng ký — Bình quân mỗi năm")
    assert heading.first.is_visible()
    first.close()

    second = browser.new_context(viewport={"width": 1400, "height": 1000})
    again = second.new_page()
    again.goto(url)
    settle(again)
    no_traceback(again)
    assert again.url == url
    assert selected(again, "Tỉnh, thành phố") == "Thành phố Hà Nội"
    assert selected(again, "Cách so sánh") == "Bình quân mỗi năm"
    assert again.get_by_role(
        "heading", name="Mô hình đăng ký — Bình quân mỗi năm"
    ).first.is_visible()
    shot(again, "state-after")
    second.close()


def test_a_bad_address_shows_a_notice_not_an_error(browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/xu-huong?m=retired_metric&p=99")
    settle(page)
    no_traceback(page)
    text = page.inner_text("body")
    assert "m=retired_metric" in text and "p=99" in text
    shot(page, "bad-address")
    context.close()


def settle(page) -> None:
    _settle(page, pause_ms=1200)


def test_a_folded_group_and_the_catalogue_menu_are_drawn_when_opened(browser, server: str) -> None:
    """What is folded away is drawn on opening (``ui.folded``): the group ranked apart shows
    its chart, the catalogue menu its links, and a link opens the catalogue of its place."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/")
    settle(page)
    fold = page.locator('[data-testid="stExpander"]', has_text="Không xếp hạng cùng").first
    plots = fold.locator(".js-plotly-plot")
    assert plots.count() == 0  # folded: not drawn
    fold.locator("summary").click()
    plots.first.wait_for(timeout=30_000)
    no_traceback(page)
    shot(page, "tong-quan-unfolded")
    page.get_by_role("button", name="Mở danh mục mô hình theo địa phương").first.click()
    link = page.get_by_role("link", name="Xem mô hình của").first
    link.wait_for(timeout=30_000)
    name = link.inner_text().removeprefix("Xem mô hình của ").strip()
    link.click()
    page.get_by_role("heading", name=PAGES["mo-hinh"]).first.wait_for(timeout=30_000)
    settle(page)
    no_traceback(page)
    assert "/mo-hinh" in page.url
    assert name.split(" ")[-1] in page.inner_text("body")
    context.close()
