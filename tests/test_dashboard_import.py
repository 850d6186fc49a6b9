"""The "Nhập dữ liệu" page: any file planned before anything is written, problems in
Vietnamese by row and column, corrected copies, one commit button, history and undo."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import import_logic
from dashboard.review_logic import DOC_KEY, save_upload
from data_loaders.storage.warehouse import Warehouse
from tests import import_files
from tests.dashboard_fixtures import open_page, problems

REPORT = Path(__file__).parent / "corpus" / "reports" / "dongda-2022.txt"
PAGE = "nhap-du-lieu"


@pytest.fixture
def data_dir(dashboard_copy: Path) -> Path:
    return dashboard_copy


def _opened(path: Path):
    at = open_page(PAGE)
    at.session_state[DOC_KEY] = str(path)
    at.run()
    assert problems(at) == []
    return at


def _meta(at, name: str):
    """The source-details field ``name`` (its key names the upload)."""
    (field,) = [t for t in at.text_input if t.key and t.key.startswith(f"imp_meta_{name}_")]
    return field


def _frames(at) -> list[pd.DataFrame]:
    return [d.value for d in at.table]


def _upload(data_dir: Path, made: Path) -> Path:
    return import_logic.save_upload(data_dir, made.name, made.read_bytes())


def test_template_with_bad_rows_shows_every_problem_and_cannot_be_committed(
    data_dir: Path, tmp_path: Path
) -> None:
    made = import_files.template_with_two_bad_rows(tmp_path / "dong-da-2019.xlsx")
    before = Warehouse(data_dir).read("tallies")
    at = _opened(_upload(data_dir, made))
    assert any("Đã nhận dạng: Biểu mẫu số liệu" in s.value for s in at.success)
    # rows read, sources (not known while rows are wrong: never "0"), problems
    assert [m.value for m in at.metric][:3] == ["3", "—", "2"]
    (table,) = [f for f in _frames(at) if "Giá trị trong tệp" in f.columns]
    assert list(table["Dòng"]) == ["3", "4"]
    assert list(table["Giá trị trong tệp"]) == ["Mô hình đăng kíí", "mười"]
    assert table["Cột"].str.contains("Chỉ tiêu").iloc[0]
    assert at.button(key="imp_commit").disabled
    assert any("còn 2 lỗi" in w.value for w in at.warning)
    assert Warehouse(data_dir).read("tallies").equals(before)  # nothing written


def test_corrected_rows_are_checked_again_and_committed_then_on_the_overview(
    data_dir: Path, tmp_path: Path
) -> None:
    made = import_files.template_with_two_bad_rows(tmp_path / "dong-da-2019.xlsx")
    upload = _upload(data_dir, made)
    plan = import_logic.plan_file(upload, data_dir)
    rows = import_logic.problem_rows(upload, plan.problems)
    assert list(rows[import_logic.ROW_COLUMN]) == [3, 4]
    assert import_logic.problem_cells(upload, plan.problems) == {
        3: ["Chỉ tiêu *"],
        4: ["Số lượng *"],
    }
    for number, cells in import_files.FIXES.items():
        for column, text in cells.items():
            rows.loc[rows[import_logic.ROW_COLUMN] == number, column] = text
    copy = import_logic.write_corrected(upload, rows, data_dir / "uploads")
    assert copy.name == upload.name and copy != upload
    assert upload.read_bytes() == made.read_bytes()  # the upload itself is kept as it came
    at = _opened(copy)
    (changes,) = [f for f in _frames(at) if "Thay đổi" in f.columns]
    assert list(changes["Thay đổi"]) == ["Thêm mới"]
    assert list(changes["Số dòng sau khi ghi"]) == ["3"]
    assert list(changes["Dòng"]) == ["Số liệu"]
    assert not at.button(key="imp_commit").disabled
    _meta(at, "title").set_value("Báo cáo Quận Đống Đa 2019")
    _meta(at, "published").set_value("20/12/2019")
    at.run()
    at.button(key="imp_commit").click().run()
    assert problems(at) == []
    assert any("Đã ghi 3 dòng" in s.value for s in at.success), [s.value for s in at.success]
    tallies = Warehouse(data_dir).read("tallies")
    mine = tallies[tallies["source_id"] == changes["Mã nguồn"].iloc[0]]
    assert sorted(mine["value"]) == [45, 120, 373]
    overview = open_page("tong-quan", {"p": "01", "d": "006", "period": "2019-2019"})
    assert problems(overview) == []
    assert "373" in " ".join(str(m.value) for m in overview.metric)


def test_report_review_and_one_commit_button(data_dir: Path) -> None:
    # a year and a figure the sample does not hold, so the overview can only show our commit
    text = REPORT.read_text(encoding="utf-8").replace("2022", "2019").replace("371", "3150")
    path = save_upload(data_dir, "dong-da-2019.txt", text.encode("utf-8"))
    at = _opened(path)
    assert any("Đã nhận dạng: Văn bản báo cáo" in s.value for s in at.success)
    assert not [b for b in at.button if b.key in ("rv_save", "rv_commit")]  # one button only
    values = {t.key: t for t in at.text_input if t.key and t.key.startswith("rv_val_")}
    assert "3.150" in [t.value for t in values.values()]  # not "3150"
    assert any("Độ tin cậy: " in c.value and "%" in c.value for c in at.caption)
    starts = [t.value for t in at.text_input if t.key and t.key.startswith("rv_period_start")]
    assert "01/01/2019" in starts  # not 2019-01-01
    _meta(at, "title").set_value("Tổng kết “Dân vận khéo” Quận Đống Đa 2019")
    _meta(at, "published").set_value("26/10/2019")
    decisions = [s for s in at.selectbox if s.key and s.key.startswith("rv_dec_")]
    for box in decisions:
        item = box.key.removeprefix("rv_dec_")
        value = values[f"rv_val_{item}"].value
        if value == "3.150":
            box.set_value("confirmed")
        elif value == "19":
            box.set_value("confirmed")
            values[f"rv_val_{item}"].set_value("20")  # a correction
        else:
            box.set_value("rejected")
    at.run()
    at.button(key="imp_commit").click().run()
    assert problems(at) == []
    assert any("Đã ghi 2 con số" in s.value for s in at.success), [s.value for s in at.success]
    tallies = Warehouse(data_dir).read("tallies")
    mine = tallies[tallies["source_id"].str.startswith("doc-")]
    assert sorted(mine["value"]) == [20, 3150]
    sources = Warehouse(data_dir).read("sources").set_index("source_id")
    source = sources.loc[mine["source_id"].iloc[0]]
    assert source["title"] == "Tổng kết “Dân vận khéo” Quận Đống Đa 2019"
    assert str(source["published"]).startswith("2019-10-26")


def test_a_report_shows_what_its_chosen_figures_change_per_source(data_dir: Path) -> None:
    text = REPORT.read_text(encoding="utf-8").replace("2022", "2019").replace("371", "3150")
    path = save_upload(data_dir, "dong-da-2019.txt", text.encode("utf-8"))
    at = _opened(path)
    decisions = [s for s in at.selectbox if s.key and s.key.startswith("rv_dec_")]
    assert len(decisions) > 2  # more candidates than the figures kept below
    assert any("Chưa có con số nào được xác nhận" in c.value for c in at.caption)
    assert not [f for f in _frames(at) if "Thay đổi" in f.columns]
    values = {t.key: t for t in at.text_input if t.key and t.key.startswith("rv_val_")}
    for box in decisions:
        kept = values[box.key.replace("rv_dec_", "rv_val_")].value in ("3.150", "19")
        box.set_value("confirmed" if kept else "rejected")
    at.run()
    (changes,) = [f for f in _frames(at) if "Thay đổi" in f.columns]
    assert list(changes["Thay đổi"]) == ["Thêm mới"]
    assert list(changes["Số dòng hiện có"]) == ["0"]
    assert list(changes["Số dòng sau khi ghi"]) == ["2"]  # the two chosen, not every candidate
    assert changes["Mã nguồn"].iloc[0].startswith("doc-")
    assert any("Tính trên 2 con số" in c.value for c in at.caption)
    at.button(key="imp_commit").click().run()
    assert any("Đã ghi 2 con số" in s.value for s in at.success)
    again = _opened(path)  # the decisions are saved: the same figures again change nothing
    (changes,) = [f for f in _frames(again) if "Thay đổi" in f.columns]
    assert list(changes["Thay đổi"]) == ["Giữ nguyên"]
    assert list(changes["Số dòng sau khi ghi"]) == ["2"]


def test_the_error_table_lists_accepted_values_once(data_dir: Path, tmp_path: Path) -> None:
    made = import_files.template_with_two_bad_rows(tmp_path / "dong-da-2019.xlsx")
    upload = _upload(data_dir, made)
    plan = import_logic.plan_file(upload, data_dir)
    table = import_logic.problems_frame(plan.problems, "vi", upload)
    metric = table[table["Giá trị trong tệp"] == "Mô hình đăng kíí"].iloc[0]
    assert "Mô hình đăng ký" in metric["Giá trị được chấp nhận"]
    assert "chấp nhận" not in metric["Vấn đề"] and "Mô hình đăng ký" not in metric["Vấn đề"]
    assert "«Mô hình đăng kíí» không có trong danh mục" in metric["Vấn đề"]
    rows = import_logic.problem_rows(upload, plan.problems)
    said = dict(zip(rows[import_logic.ROW_COLUMN], rows[import_logic.PROBLEM_COLUMN]))
    assert said[3].startswith("Chỉ tiêu") and "không có trong danh mục" in said[3]
    assert "mười" in said[4]


def test_unreadable_upload_is_refused_in_vietnamese(data_dir: Path) -> None:
    with pytest.raises(ValueError, match="không được nhận"):
        import_logic.save_upload(data_dir, "a.exe", b"MZ")


def test_template_download_is_the_cli_template(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from data_loaders.sources.template import write_template

    served = tmp_path / "served.xlsx"
    served.write_bytes(import_logic.template_bytes())
    cli = write_template(tmp_path / "cli.xlsx")
    a, b = load_workbook(served), load_workbook(cli)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert [list(r) for r in a[name].values] == [list(r) for r in b[name].values]


def test_corrected_csv_keeps_every_other_row(tmp_path: Path) -> None:
    path = tmp_path / "mau.csv"
    path.write_text("Chỉ tiêu,Số lượng\nA,1\nB,x\nC,3\n", encoding="utf-8")
    edited = pd.DataFrame([{import_logic.ROW_COLUMN: 3, "Chỉ tiêu": "B", "Số lượng": "2"}])
    copy = import_logic.write_corrected(path, edited, tmp_path / "out")
    assert copy.read_text(encoding="utf-8-sig").splitlines() == [
        "Chỉ tiêu,Số lượng",
        "A,1",
        "B,2",
        "C,3",
    ]


def test_an_editor_of_one_province_is_told_which_places_are_outside(
    data_dir: Path, tmp_path: Path
) -> None:
    made = import_files.model_list(tmp_path / "mo-hinh.csv")  # Quận Đống Đa, Hà Nội
    plan = import_logic.plan_file(made, data_dir)
    assert not plan.problems
    assert import_logic.outside_province(plan, "01") == []  # Hà Nội
    assert import_logic.outside_province(plan, "N01") == []  # Hà Nội since 2025
    assert import_logic.outside_province(plan, "31") == ["Quận Đống Đa"]  # Hải Phòng
    result = import_logic.commit_plan(plan, data_dir, user="admin")
    (source,) = result.source_ids
    assert import_logic.source_outside(data_dir, source, "01") == []  # may undo it
    assert import_logic.source_outside(data_dir, source, "31") == ["Quận Đống Đa"]  # may not


def test_an_editor_may_not_undo_back_to_places_outside_the_province(
    data_dir: Path, tmp_path: Path
) -> None:
    """The undo would put back the rows before the last run: their places count too."""
    path = tmp_path / "mo-hinh.csv"
    elsewhere = import_files.MODEL_LIST.replace("Hà Nội,Quận Đống Đa", "Hải Phòng,Quận Lê Chân")
    path.write_text(elsewhere, encoding="utf-8")
    first = import_logic.commit_plan(import_logic.plan_file(path, data_dir), data_dir, user="a")
    import_files.model_list(path)  # the same source, now in Hà Nội only
    second = import_logic.commit_plan(import_logic.plan_file(path, data_dir), data_dir, user="a")
    (source,) = second.source_ids
    assert first.source_ids == [source] and second.status == "replaced"
    assert import_logic.source_outside(data_dir, source, "01") == ["Quận Lê Chân"]
    assert import_logic.source_outside(data_dir, source, "31") == ["Quận Đống Đa"]


def test_history_of_a_source_and_undo_with_a_confirmation(data_dir: Path, tmp_path: Path) -> None:
    before = Warehouse(data_dir).read("models")
    made = import_files.model_list(tmp_path / "mo-hinh-dong-da-2019.csv")
    plan = import_logic.plan_file(_upload(data_dir, made), data_dir)
    result = import_logic.commit_plan(plan, data_dir, user="can.bo@so.gov.vn")
    assert not result.refused and len(Warehouse(data_dir).read("models")) == len(before) + 2
    (source,) = result.source_ids
    at = open_page(PAGE)
    at.selectbox(key="imp_history_source").set_value(source).run()
    (history,) = [f for f in _frames(at) if "Người nhập" in f.columns]
    assert list(history["Người nhập"]) == ["can.bo@so.gov.vn"]
    assert list(history["Kết quả"]) == ["Thêm mới"]
    assert list(history["Số dòng sau"]) == ["2"]
    assert list(history["Dòng"]) == ["Mô hình, điển hình"]
    at.button(key="imp_undo").click().run()
    assert any("Hoàn tác lần nhập gần nhất của nguồn" in w.value for w in at.warning)
    assert len(Warehouse(data_dir).read("models")) == len(before) + 2  # asked, not done yet
    at.button(key="imp_undo_yes").click().run()
    assert problems(at) == []
    assert any("Đã hoàn tác" in s.value for s in at.success), [s.value for s in at.success]
    assert Warehouse(data_dir).read("models").equals(before)
    records = import_logic.source_history(data_dir, source)
    assert [r.status for r in records] == ["undone", "added"]
    assert not any(r.can_undo for r in records)  # nothing left: no undo button for it
    assert list(import_logic.history_frame(records)["Kết quả"]) == [
        "Đã hoàn tác",
        "Thêm mới (đã hoàn tác)",
    ]


def test_unreadable_workbook_is_explained_and_cannot_be_committed(data_dir: Path) -> None:
    path = import_logic.save_upload(data_dir, "hong.xlsx", b"PK\x03\x04 not a workbook")
    at = _opened(path)
    (table,) = [f for f in _frames(at) if "Vấn đề" in f.columns]
    assert len(table) == 1 and table["Dòng"].iloc[0] == "—"
    assert any("sửa tệp rồi tải lên lại" in i.value for i in at.info)
    assert at.button(key="imp_commit").disabled


def test_the_page_in_english(data_dir: Path, tmp_path: Path) -> None:
    made = import_files.template_with_two_bad_rows(tmp_path / "dong-da-2019.xlsx")
    at = open_page(PAGE, {"lang": "en"})
    at.session_state[DOC_KEY] = str(_upload(data_dir, made))
    at.run()
    assert problems(at) == []
    assert any("Recognised: Tally template" in s.value for s in at.success)
    (table,) = [f for f in _frames(at) if "Problem" in f.columns]
    assert "not a whole number" in " ".join(table["Problem"])


def test_a_file_of_several_sources_is_committed_without_asking_its_details(
    data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "hai-nguon.csv"
    path.write_text(
        "Mã nguồn,Tên nguồn,Tỉnh/thành phố,Địa phương/đơn vị,Từ năm/ngày,Đến năm/ngày,"
        "Chỉ tiêu,Số lượng\n"
        "bc-a-2019,Báo cáo A,Hà Nội,Quận Đống Đa,2019,2019,Mô hình đăng ký,11\n"
        "bc-b-2019,Báo cáo B,Hà Nội,Quận Đống Đa,2019,2019,Mô hình đăng ký,12\n",
        encoding="utf-8",
    )
    at = _opened(_upload(data_dir, path))
    (changes,) = [f for f in _frames(at) if "Thay đổi" in f.columns]
    assert len(changes) == 2
    assert not [t for t in at.text_input if t.key and t.key.startswith("imp_meta_")]
    at.button(key="imp_commit").click().run()
    assert problems(at) == []
    assert any("Đã ghi 2 dòng" in s.value for s in at.success), [s.value for s in at.success]


def test_the_sidebar_filters_show_only_where_they_filter(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import auth
    from tests.dashboard_fixtures import PAGE_FILES

    monkeypatch.setenv(auth.ANON_ROLE_ENV, "admin")  # every page, the users' one too

    def widgets(at) -> set[str]:
        return {w.key for w in at.sidebar.selectbox if w.key}

    at = open_page("tong-quan", {"p": "01", "period": "2019-2019"})
    on_overview = widgets(at)
    assert {"w:p", "w:m"} <= on_overview  # the place and the measure, at least
    for slug in ("nhap-du-lieu", "huong-dan", "nguoi-dung"):
        at.switch_page(PAGE_FILES[slug]).run()
        assert problems(at) == [], slug
        assert widgets(at) == set(), slug  # the filters would do nothing here
    at.switch_page(PAGE_FILES["tong-quan"]).run()  # the filters come back as they were
    assert widgets(at) == on_overview and problems(at) == []
    assert at.query_params["p"] in ("01", ["01"]) and "2019" in str(at.query_params["period"])
