"""In real Chromium: download buttons give real files; a DOCX report uploaded on the review
page, confirmed and committed, shows on the overview."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from tests.e2e_support import ARGS, CHROMIUM, dashboard, shot
from tests.e2e_support import settle as _settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("e2e-exports")]
REPORT = Path(__file__).parent / "corpus" / "reports" / "dongda-2022.txt"


@pytest.fixture(scope="module")
def site(sample_data_dir: Path, tmp_path_factory):
    data = tmp_path_factory.mktemp("e2e-exports") / "data"
    shutil.copytree(sample_data_dir, data)
    with dashboard(data, data.parent / "server.log") as base:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield base, browser, data
            browser.close()


def download(page, name: str, nth: int = 0) -> bytes:
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name=name, exact=True).nth(nth).click()
    return Path(info.value.path()).read_bytes()


def test_download_buttons_give_real_files(site) -> None:
    base, browser, _ = site
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{base}/?p=31")
    settle(page)
    csv = download(page, "Tải CSV")
    assert csv.startswith(b"\xef\xbb\xbf") and "Hải Phòng" in csv.decode("utf-8-sig")
    wb = load_workbook(io.BytesIO(download(page, "Tải XLSX")))
    assert "Nguồn" in wb.sheetnames and "Bộ lọc" in wb.sheetnames
    png = download(page, "Tải PNG")
    assert png.startswith(b"\x89PNG")
    page.get_by_text("Xuất số liệu cho bài phát biểu và hội nghị").click()
    page.wait_for_timeout(800)
    page.get_by_text("Số liệu cho bài phát biểu", exact=True).last.click()
    settle(page)
    speech = Document(io.BytesIO(download(page, "DOCX")))
    assert any("2.084" in p.text for p in speech.paragraphs)
    page.get_by_role("button", name="Tạo bộ tài liệu (PPTX, PDF)").click()
    page.get_by_role("button", name="PPTX", exact=True).wait_for(timeout=120_000)
    deck = Presentation(io.BytesIO(download(page, "PPTX")))
    assert len(deck.slides) >= 3
    shot(page, "exports-overview")
    page.close()


def test_upload_docx_confirm_and_find_it_on_the_overview(site, tmp_path: Path) -> None:
    base, browser, _ = site
    doc = Document()
    doc.add_heading("Quận Đống Đa: Lan tỏa các mô hình “Dân vận khéo”", level=1)
    # a year and a figure the sample does not hold, so the overview can only show our commit
    text = REPORT.read_text(encoding="utf-8").replace("2022", "2019").replace("371", "373")
    for para in text.split("\n\n"):
        doc.add_paragraph(para.strip())
    path = tmp_path / "bao-cao-dong-da.docx"
    doc.save(path)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/nhap-bao-cao")
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_role("button", name="Xác nhận tất cả").wait_for(timeout=60_000)
    page.get_by_role("button", name="Xác nhận tất cả").click()
    settle(page)
    page.get_by_role("button", name="Ghi vào kho dữ liệu").click()
    page.get_by_text("vào kho dữ liệu (nguồn:").wait_for(timeout=60_000)
    shot(page, "import-committed")
    page.goto(f"{base}/?p=01&d=006&period=2019-2019")
    settle(page)
    # the first run after a commit answers from new data: wait for it, not only for settle
    page.get_by_text("373").first.wait_for(timeout=60_000)
    assert "373" in page.inner_text("body")
    shot(page, "import-overview")
    page.close()


def settle(page) -> None:
    _settle(page, pause_ms=1000)
