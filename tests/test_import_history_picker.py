"""The import page's history picker stays small on a warehouse of thousands of sources (a search
box and at most ``HISTORY_OPTIONS`` sources), and opens on the source of the file just uploaded
or committed."""

from __future__ import annotations

from pathlib import Path

from dashboard import import_logic
from dashboard.review_logic import DOC_KEY
from tests import import_files
from tests.dashboard_fixtures import open_page, problems

PAGE = "nhap-du-lieu"
PICKER = "imp_history_source"


def _history(at):
    return [t.value for t in at.table if "Người nhập" in t.value.columns]


def test_the_picker_lists_a_few_sources_and_a_search_finds_any(dashboard_copy: Path) -> None:
    known = import_logic.known_sources(dashboard_copy)
    assert len(known) > import_logic.HISTORY_OPTIONS  # the sample's 48 sources
    at = open_page(PAGE)
    assert problems(at) == []
    picker = at.selectbox(key=PICKER)
    assert len(picker.options) == import_logic.HISTORY_OPTIONS
    listed = f"Liệt kê 30 trong {len(known)} nguồn; gõ tên hoặc mã để tìm nguồn khác."
    assert listed in [c.value for c in at.caption]
    oldest = list(known)[-1]  # newest ingest first: the last is not listed
    assert picker.value == list(known)[0] and len(picker.options) < len(known)
    at.text_input(key="imp_history_q").input("hai phong").run()  # accents and case ignored
    picker = at.selectbox(key=PICKER)
    assert picker.options and all("Hải Phòng" in o or "haiphong" in o for o in picker.options)
    at.text_input(key="imp_history_q").input(oldest).run()
    assert at.selectbox(key=PICKER).value == oldest
    assert len(_history(at)) == 1  # its runs
    at.text_input(key="imp_history_q").input("khong co nguon nay").run()
    assert problems(at) == [] and not at.selectbox
    assert "Không có nguồn nào khớp “khong co nguon nay”." in [c.value for c in at.caption]


def test_the_picker_opens_on_the_uploaded_then_the_committed_source(
    dashboard_copy: Path, tmp_path: Path
) -> None:
    known = import_logic.known_sources(dashboard_copy)
    oldest = list(known)[-1]
    path = tmp_path / "mot-nguon.csv"
    path.write_text(  # a new figure for the oldest source: it will be replaced
        "Mã nguồn,Tên nguồn,Tỉnh/thành phố,Địa phương/đơn vị,Từ năm/ngày,Đến năm/ngày,"
        f"Chỉ tiêu,Số lượng\n{oldest},Báo cáo A,Hà Nội,Quận Đống Đa,2019,2019,Mô hình đăng ký,11\n",
        encoding="utf-8",
    )
    at = open_page(PAGE)
    at.session_state[DOC_KEY] = str(
        import_logic.save_upload(dashboard_copy, path.name, path.read_bytes())
    )
    at.run()
    assert problems(at) == []
    assert at.selectbox(key=PICKER).value == oldest  # the uploaded file's source, listed first
    assert at.selectbox(key=PICKER).index == 0
    # a model list of a new source, committed on the page: the picker shows its one run
    made = import_files.model_list(tmp_path / "mo-hinh-dong-da-2019.csv")
    at.session_state[DOC_KEY] = str(
        import_logic.save_upload(dashboard_copy, made.name, made.read_bytes())
    )
    at.run()
    at.button(key="imp_commit").click().run()
    assert problems(at) == []
    (source,) = [s for s in import_logic.known_sources(dashboard_copy) if s not in known]
    assert at.selectbox(key=PICKER).value == source
    (history,) = _history(at)
    assert list(history["Kết quả"]) == ["Thêm mới"]
