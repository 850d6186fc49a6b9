"""The data officer's import in a real browser (Debian chromium): a template with two bad rows
corrected in the page's table and committed, then on the overview; a model list and a DOCX
report committed; the last run of a source undone, the warehouse as it was before."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_loaders.storage.warehouse import Warehouse
from tests import import_files
from tests.e2e_support import ARGS, CHROMIUM, dashboard, settle, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TABLES = ("tallies", "sources", "models", "localities")
ROW_PX = 35  # the height of a header and of a row in Streamlit's data editor


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="vi-VN")
        yield page
        browser.close()


def _upload(page, path: Path, kind: str) -> None:
    """Upload ``path`` and wait for the page to name its ``kind``."""
    page.set_input_files('[data-testid="stFileUploader"] input[type="file"]', str(path))
    page.get_by_text(f"Đã nhận dạng: {kind}").wait_for(timeout=60_000)
    settle(page)


def _rows(data_dir: Path) -> dict[str, list[str]]:
    """Every warehouse table's rows, in a fixed order (the files' content, not their order)."""
    wh = Warehouse(data_dir)
    return {
        t: sorted(repr(sorted(r.items())) for r in wh.arrow(t).to_pylist())
        for t in TABLES
        if wh.exists(t)
    }


def _edit_cell(page, editor, row: int, column: int, text: str) -> None:
    """Type ``text`` into one cell of the data editor (row and column from 0, without the
    header; the first column is the row number, the second its problems), checked in the
    grid's accessible table."""
    cell = editor.locator(f'[id="glide-cell-{column}-{row}"]')
    entry = page.locator("textarea.gdg-input")  # the grid's cell editor, open over the cell
    for _ in range(3):  # a keystroke may land while the grid is drawn again: try again
        editor.scroll_into_view_if_needed()
        box = editor.bounding_box()
        page.mouse.click(box["x"] + 15, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)
        page.wait_for_timeout(300)
        page.keyboard.press("Home")  # the first column, wherever the grid has scrolled to
        for _ in range(column):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")  # open the cell's editor
        try:
            entry.wait_for(timeout=3000)
        except Exception:  # noqa: BLE001 - not opened this time: try again
            page.keyboard.press("Escape")
            continue
        entry.fill(text)
        entry.press("Enter")
        page.wait_for_timeout(500)
        if cell.count() and cell.inner_text() == text:
            return
    raise AssertionError(f"could not type {text!r} into row {row}, column {column}")


def _commit(page, said: str) -> None:
    page.get_by_role("button", name="Ghi vào kho dữ liệu").click()
    page.get_by_text(said).first.wait_for(timeout=60_000)
    settle(page)


def test_template_corrected_in_the_page_committed_on_the_overview_and_undone(
    sample_copy: Path, tmp_path: Path, browser_page
) -> None:
    page = browser_page
    made = import_files.template_with_two_bad_rows(tmp_path / "dong-da-2019.xlsx")
    before = _rows(sample_copy)
    with dashboard(sample_copy, tmp_path / "server.log") as base:
        page.goto(f"{base}/nhap-bao-cao")  # the old address leads to the new page
        settle(page)
        assert page.url.split("?")[0].endswith("/nhap-du-lieu"), page.url
        _upload(page, made, "Biểu mẫu số liệu")
        shot(page, "import13b-1-template-problems")
        body = page.inner_text("body")
        assert "Đã nhận dạng: Biểu mẫu số liệu" in body
        assert "Mô hình đăng kíí" in body and "mười" in body
        assert page.get_by_role("button", name="Ghi vào kho dữ liệu").is_disabled()
        editor = page.locator('[data-testid="stDataFrame"]').last
        editor.scroll_into_view_if_needed()
        headers = list(import_files.HEADER)
        _edit_cell(page, editor, 0, 2 + headers.index("metric"), "Mô hình đăng ký")
        _edit_cell(page, editor, 1, 2 + headers.index("value"), "45")
        shot(page, "import13b-2-template-corrected-in-the-table")
        page.get_by_role("button", name="Kiểm tra lại").click()
        page.get_by_text("Đang kiểm tra bản đã sửa").wait_for(timeout=60_000)
        settle(page)
        shot(page, "import13b-3-template-checked-again")
        body = page.inner_text("body")
        assert "Thêm mới" in body and "Đang kiểm tra bản đã sửa" in body
        assert _rows(sample_copy) == before  # nothing written before the commit
        _commit(page, "Đã ghi 3 dòng")
        shot(page, "import13b-4-template-committed")
        after = _rows(sample_copy)
        assert after != before
        page.goto(f"{base}/?p=01&d=006&period=2019-2019")
        settle(page)
        page.get_by_text("373").first.wait_for(timeout=60_000)  # the figure card drawn
        shot(page, "import13b-5-overview-with-the-figures")

        page.goto(f"{base}/nhap-du-lieu")
        settle(page)
        page.get_by_role("button", name="Hoàn tác lần nhập gần nhất").click()
        page.get_by_role("button", name="Xác nhận hoàn tác").wait_for(timeout=60_000)
        shot(page, "import13b-6-undo-asks")
        page.get_by_role("button", name="Xác nhận hoàn tác").click()
        page.get_by_text("Đã hoàn tác").first.wait_for(timeout=60_000)
        settle(page)
        shot(page, "import13b-7-undone")
    assert _rows(sample_copy) == before  # byte for byte, every row of every table


def test_model_list_and_docx_report_are_committed(
    sample_copy: Path, tmp_path: Path, browser_page
) -> None:
    page = browser_page
    models = import_files.model_list(tmp_path / "mo-hinh-dong-da-2019.csv")
    report = import_files.docx_report(tmp_path / "bao-cao-dong-da-2019.docx")
    with dashboard(sample_copy, tmp_path / "server.log") as base:
        page.goto(f"{base}/nhap-du-lieu")
        settle(page)
        _upload(page, models, "Danh sách mô hình, điển hình")
        shot(page, "import13b-8-model-list")
        assert "Đã nhận dạng: Danh sách mô hình, điển hình" in page.inner_text("body")
        _commit(page, "Đã ghi 2 dòng")
        _upload(page, report, "Văn bản báo cáo")
        title = page.get_by_label("Tên nguồn (tiêu đề báo cáo, bài báo)")
        assert title.input_value() == import_files.REPORT_LINES[0]  # prefilled from the DOCX
        page.get_by_role("button", name="Xác nhận tất cả").click()
        page.wait_for_timeout(1000)
        settle(page)
        shot(page, "import13b-9-docx-report-reviewed")
        body = page.inner_text("body")
        assert "Đã nhận dạng: Văn bản báo cáo" in body and "412" in body
        _commit(page, "Đã ghi 1 con số")
        shot(page, "import13b-10-docx-report-committed")
    wh = Warehouse(sample_copy)
    names = set(wh.read("models")["model_name"])
    assert "Tổ tự quản an ninh khu dân cư số 7" in names
    tallies = wh.read("tallies")
    assert 412 in set(tallies[tallies["source_id"].str.startswith("doc-")]["value"])
