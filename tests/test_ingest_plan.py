"""Plan → commit, per-source changes, Vietnamese problems, history and undo (the data officer's
import, backend half). Files are real XLSX/CSV written by the tests."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from dashboard.cli import app
from data_loaders import appdb
from data_loaders.ingest import (
    SourceMeta,
    commit_plan,
    ingest_file,
    plan_file,
    source_history,
    undo_last_run,
)
from data_loaders.reference import vocabulary
from data_loaders.sources.template import template_bytes, write_template
from data_loaders.storage.warehouse import Warehouse

runner = CliRunner()
# The template's own Vietnamese headers, as `dvk template` writes them (with the "*" marks).
HEADER = [
    "Tỉnh/thành phố *",
    "Địa phương/đơn vị *",
    "Từ năm/ngày *",
    "Đến năm/ngày *",
    "Chỉ tiêu *",
    "Loại",
    "Lĩnh vực",
    "Số lượng *",
    "Mã nguồn",
    "Tên nguồn",
]


def _row(metric="Mô hình đăng ký", value="12", field="", year="2022", locality="Quận Đống Đa"):
    return ["Hà Nội", locality, year, year, metric, "Mô hình", field, value, "bc-dd", "Báo cáo"]


def write_xlsx(path: Path, rows: list[list[object]], header=HEADER) -> Path:
    """A workbook like the template: the figures on the sheet "Số liệu"."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], header=HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def rows_of(data: Path, table: str, source_id: str) -> list[dict]:
    """The stored rows of one source, read straight from the warehouse's Parquet file."""
    path = Warehouse(data).path(table)
    if not path.exists():
        return []
    rows = pq.read_table(path).to_pylist()
    return [r for r in rows if r["source_id"] == source_id]


def runs(data: Path) -> list[appdb.IngestRun]:
    with appdb.session(data) as s:
        return list(s.query(appdb.IngestRun).order_by(appdb.IngestRun.id))


# --------------------------------------------------------------------------- plan, fix, commit
def test_two_bad_rows_are_listed_then_fixed_then_committed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bad = write_xlsx(
        tmp_path / "bieu-mau.xlsx",
        [
            _row(),
            _row(metric="Số người tham gia", year="2023"),  # row 3: no such metric
            _row(locality="Quận Không Có", year="2024"),  # row 4: no such unit
        ],
    )
    plan = plan_file(bad, data)
    assert plan.kind == "template" and plan.rows_read == 3 and plan.blocking
    assert not Warehouse(data).path("tallies").exists()  # planning wrote nothing
    assert runs(data) == []  # nor a ledger entry
    metric, place = sorted(plan.problems, key=lambda p: p.row)
    assert (metric.row, metric.column, metric.header) == (3, "metric", "Chỉ tiêu")
    assert metric.value == "Số người tham gia"
    assert metric.accepted == tuple(vocabulary.labels("metric"))
    assert "Mô hình đăng ký" in metric.accepted and "models_registered" not in metric.vi()
    assert metric.vi() == (
        "bieu-mau.xlsx, dòng 3, cột «Chỉ tiêu»: Chỉ tiêu «Số người tham gia» không có trong "
        "danh mục; chấp nhận: " + ", ".join(vocabulary.labels("metric"))
    )
    assert "'Số người tham gia' is not a known metric; accepted: Models registered" in str(metric)
    assert (place.row, place.column, place.header) == (4, "locality", "Địa phương/đơn vị")
    assert place.value == "Quận Không Có"
    assert "không phải tên một đơn vị hành chính" in place.message_vi
    # a refused commit writes nothing and is recorded once
    result = commit_plan(plan, data, user="can-bo@tinh.vn")
    assert result.status == "refused" and not Warehouse(data).path("tallies").exists()
    assert [r.status for r in runs(data)] == ["refused"]

    fixed = write_xlsx(
        tmp_path / "bieu-mau.xlsx",
        [_row(), _row(metric="Mô hình đăng kí", year="2023"), _row(value="7", year="2024")],
    )
    plan = plan_file(fixed, data)
    assert not plan.problems and not plan.blocking
    assert [(c.source_id, c.status, c.rows_before, c.rows_after) for c in plan.changes] == [
        ("bc-dd", "added", 0, 3)
    ]
    assert plan.meta == SourceMeta(title="Báo cáo")
    result = commit_plan(plan, data, user="can-bo@tinh.vn")
    assert result.status == "ok" and result.rows_written == 3
    stored = Warehouse(data).read("tallies")
    assert sorted(zip(stored["year_start"], stored["value"])) == [(2022, 12), (2023, 12), (2024, 7)]
    assert set(stored["metric"]) == {"models_registered"}  # "đăng kí" is "đăng ký"
    run = runs(data)[-1]
    assert (run.loader, run.status, run.user_name) == ("template", "ok", "can-bo@tinh.vn")
    assert run.changes == [
        {"source_id": "bc-dd", "title": "Báo cáo", "status": "added", "rows_before": 0,
         "rows_after": 3, "table": "tallies"}
    ]  # fmt: skip
    with appdb.session(data) as s:
        audit = s.query(appdb.AuditEntry).filter_by(action="ingest").one()
    assert audit.user_name == "can-bo@tinh.vn" and audit.after == {"bc-dd": 3}

    # the same file again: planned and committed as unchanged, nothing written
    again = plan_file(fixed, data)
    assert [c.status for c in again.changes] == ["unchanged"] and not again.will_write
    before = Warehouse(data).path("tallies").read_bytes()
    result = commit_plan(again, data)
    assert (result.status, result.rows_written) == ("unchanged", 0)
    assert Warehouse(data).path("tallies").read_bytes() == before
    assert runs(data)[-1].snapshot is None  # nothing to undo for that run


def test_plan_says_replaced_and_commit_rechecks_a_warehouse_changed_since(tmp_path: Path) -> None:
    data = tmp_path / "data"
    v1 = write_csv(tmp_path / "v1.csv", [_row()])
    v2 = write_csv(tmp_path / "v2.csv", [_row(value="15"), _row(year="2023")])
    stale = plan_file(v2, data)  # planned before v1 was committed
    assert [c.status for c in stale.changes] == ["added"]
    assert ingest_file(v1, data).status == "ok"
    result = commit_plan(stale, data)
    assert result.status == "replaced"
    assert [(c.status, c.rows_before, c.rows_after) for c in result.changes] == [("replaced", 1, 2)]


def test_metadata_given_on_upload_replaces_what_the_file_says(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = write_csv(tmp_path / "bc.csv", [_row()[:8]], header=HEADER[:8])  # the file is the source
    plan = plan_file(path, data)
    assert plan.meta == SourceMeta(title="bc")
    meta = SourceMeta(
        title="Báo cáo sơ kết 2022", outlet="Ban Dân vận Quận ủy", published=date(2022, 12, 20)
    )
    result = commit_plan(plan, data, meta=meta)
    assert result.status == "ok"
    (source,) = rows_of(data, "sources", plan.source_ids[0])
    assert (source["title"], source["outlet"], source["published"]) == (
        "Báo cáo sơ kết 2022",
        "Ban Dân vận Quận ủy",
        "2022-12-20",
    )
    # re-checking the same file prefills what was given, and committing it changes nothing
    again = plan_file(path, data)
    assert again.meta == SourceMeta(
        title="Báo cáo sơ kết 2022", outlet="Ban Dân vận Quận ủy", published=date(2022, 12, 20)
    )
    assert [c.status for c in again.changes] == ["unchanged"]
    assert commit_plan(again, data).status == "unchanged"
    assert commit_plan(plan_file(path, data), data, meta=meta).status == "unchanged"
    # a corrected title replaces the source's details
    fixed = SourceMeta(title="Báo cáo sơ kết năm 2022", outlet=meta.outlet, published=None)
    assert commit_plan(plan_file(path, data), data, meta=fixed).status == "replaced"
    (source,) = rows_of(data, "sources", plan.source_ids[0])
    assert (source["title"], source["published"]) == ("Báo cáo sơ kết năm 2022", None)


def test_model_list_plan_names_columns_by_their_headers(tmp_path: Path) -> None:
    data = tmp_path / "data"
    header = ["Tên mô hình, điển hình", "Tỉnh/thành phố", "Lĩnh vực", "Từ năm", "Tình trạng"]
    path = write_csv(
        tmp_path / "ds.csv",
        [
            ["Camera an ninh", "Hà Nội", "QP–AN", "2022", "công nhận"],
            ["Tuyến phố văn minh", "Hà Nội", "thể thao", "2022", "xong"],
        ],
        header=header,
    )
    plan = plan_file(path, data)
    assert plan.kind == "model_list" and plan.loader == "model_list"
    found = {(p.row, p.column, p.header, p.value) for p in plan.problems}
    assert found == {
        (3, "field", "Lĩnh vực", "thể thao"),
        (3, "status", "Tình trạng", "xong"),
    }
    status = next(p for p in plan.problems if p.column == "status")
    assert status.accepted == ("Đăng ký", "Công nhận", "Khen thưởng", "Đề nghị cấp trên")
    fixed = write_csv(
        tmp_path / "ds.csv",
        [
            ["Camera an ninh", "Hà Nội", "QP–AN", "2022", "công nhận"],
            ["Tuyến phố văn minh", "Hà Nội", "VH-XH", "2022", "đăng kí"],
        ],
        header=header,
    )
    result = commit_plan(plan_file(fixed, data), data)
    assert result.status == "ok" and runs(data)[-1].loader == "model_list"
    models = Warehouse(data).read("models")
    assert sorted(models["field"]) == ["culture_society", "defense_security"]


def test_the_ledger_names_the_loader_of_each_kind(tmp_path: Path) -> None:
    from tests.test_report_ingest import make_docx

    data = tmp_path / "data"
    commit_plan(plan_file(write_csv(tmp_path / "t.csv", [_row()]), data), data)
    report = plan_file(make_docx(tmp_path / "bc.docx"), data)
    assert (
        report.kind == "report" and report.candidates and report.rows_read == len(report.candidates)
    )
    assert report.meta is not None and report.meta.title
    commit_plan(report, data)
    assert [(r.loader, r.status) for r in runs(data)] == [("template", "ok"), ("report_text", "ok")]


# --------------------------------------------------------------------------- history and undo
def test_undo_restores_the_previous_rows_byte_for_byte(tmp_path: Path) -> None:
    data = tmp_path / "data"
    v1 = write_xlsx(tmp_path / "v1.xlsx", [_row(), _row(year="2023", field="VH-XH")])
    v2 = write_xlsx(tmp_path / "v2.xlsx", [_row(value="99")])
    other = write_csv(tmp_path / "other.csv", [[*_row()[:8], "bc-khac", "Báo cáo khác"]])
    assert ingest_file(other, data, user="a").status == "ok"
    assert ingest_file(v1, data, user="a").status == "ok"
    after_v1 = {t: rows_of(data, t, "bc-dd") for t in ("tallies", "sources")}
    other_rows = rows_of(data, "tallies", "bc-khac")
    assert ingest_file(v2, data, user="b").status == "replaced"
    assert rows_of(data, "tallies", "bc-dd") != after_v1["tallies"]

    history = source_history(data, "bc-dd")
    assert [(h.file_name, h.status, h.rows_before, h.rows_after) for h in history] == [
        ("v2.xlsx", "replaced", 2, 1),
        ("v1.xlsx", "added", 0, 2),
    ]
    assert [h.can_undo for h in history] == [True, False] and history[0].user == "b"

    result = undo_last_run(data, "bc-dd", user="editor@tinh.vn")
    assert result.status == "undone"
    assert [(c.rows_before, c.rows_after) for c in result.changes] == [(1, 2)]
    for table in ("tallies", "sources"):  # the very values v1 stored, ingest times included
        assert rows_of(data, table, "bc-dd") == after_v1[table], table
    assert rows_of(data, "tallies", "bc-khac") == other_rows  # other sources untouched
    with appdb.session(data) as s:
        audit = s.query(appdb.AuditEntry).filter_by(action="ingest:undo").one()
    assert audit.user_name == "editor@tinh.vn" and audit.target == "v2.xlsx"

    # a second undo undoes the run before: v1 was the first run, so the source is removed
    assert undo_last_run(data, "bc-dd").status == "undone"
    assert rows_of(data, "tallies", "bc-dd") == [] and rows_of(data, "sources", "bc-dd") == []
    assert rows_of(data, "tallies", "bc-khac") == other_rows
    # nothing left: refused clearly, nothing written
    before = Warehouse(data).path("tallies").read_bytes()
    refused = undo_last_run(data, "bc-dd")
    assert refused.status == "refused" and Warehouse(data).path("tallies").read_bytes() == before
    assert refused.problems[0].vi().endswith("nguồn «bc-dd» không còn lần nhập nào để hoàn tác")
    history = source_history(data, "bc-dd")
    assert [h.status for h in history[1:3]] == ["undone", "undone"]
    assert all(h.undone for h in history if h.loader == "template")


def test_undo_of_a_run_ingested_before_history_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_file(write_csv(tmp_path / "v1.csv", [_row()]), data)
    with appdb.session(data) as s:  # as a run recorded before runs kept their rows
        s.query(appdb.IngestRun).update({"snapshot": None, "changes": None})
        s.commit()
    assert [h.can_undo for h in source_history(data, "bc-dd")] == [False]
    result = undo_last_run(data, "bc-dd")
    assert result.status == "refused" and "before runs kept the rows" in str(result.problems[0])
    assert len(rows_of(data, "tallies", "bc-dd")) == 1


# --------------------------------------------------------------------------- the CLI
def test_cli_dry_run_history_undo_in_both_languages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bad = write_csv(tmp_path / "bad.csv", [_row(metric="Mô hình đăng kíx")])
    out = runner.invoke(app, ["ingest", str(bad), "--dry-run", "--data-dir", str(data)])
    assert out.exit_code == 1
    assert "bad.csv, dòng 2, cột «Chỉ tiêu»: Chỉ tiêu «Mô hình đăng kíx» không có" in out.output
    assert "models_registered" not in out.output
    out = runner.invoke(
        app, ["ingest", str(bad), "--dry-run", "--lang", "en", "--data-dir", str(data)]
    )
    assert "bad.csv, row 2, column metric: 'Mô hình đăng kíx' is not a known metric; " in (
        out.output
    )
    assert "accepted: Models registered, Models recognised" in out.output
    assert not Warehouse(data).path("tallies").exists()

    good = write_csv(tmp_path / "good.csv", [_row()])
    out = runner.invoke(app, ["ingest", str(good), "--dry-run", "--data-dir", str(data)])
    assert out.exit_code == 0 and "thêm mới  bc-dd «Báo cáo»: 0 → 1 số liệu" in out.output
    assert not Warehouse(data).path("tallies").exists() and runs(data) == []
    out = runner.invoke(app, ["ingest", str(good), "--data-dir", str(data)])
    assert out.exit_code == 0 and len(rows_of(data, "tallies", "bc-dd")) == 1
    out = runner.invoke(app, ["history", "bc-dd", "--lang", "en", "--data-dir", str(data)])
    assert out.exit_code == 0 and "added" in out.output and "good.csv" in out.output
    out = runner.invoke(app, ["undo", "bc-dd", "--data-dir", str(data)])
    assert out.exit_code == 0 and rows_of(data, "tallies", "bc-dd") == []
    out = runner.invoke(app, ["undo", "bc-dd", "--lang", "en", "--data-dir", str(data)])
    assert out.exit_code == 1 and "source 'bc-dd' has no ingest run left to undo" in out.output


# --------------------------------------------------------------------------- spellings, template
@pytest.mark.parametrize(
    ("dimension", "spelling", "expected"),
    [
        ("metric", "Mô hình đăng kí", "models_registered"),
        ("metric", "đăng kí", "models_registered"),
        ("metric", "Lượt đăng kí", "registrants"),
        ("field", "VH–XH", "culture_society"),
        ("field", "VH-XH", "culture_society"),
        ("field", "VHXH", "culture_society"),
        ("field", "VH, XH", "culture_society"),
        ("field", "QP-AN", "defense_security"),
        ("field", "QP–AN", "defense_security"),
        ("field", "QPAN", "defense_security"),
        ("field", "ANTT", "defense_security"),
        ("field", "an ninh trật tự", "defense_security"),
        ("field", "HTCT", "political_system"),
        ("field", "XD HTCT", "political_system"),
        ("field", "KT", "economy"),
        ("field", "lĩnh vực phát triển kinh tế", "economy"),
        ("field", "lĩnh vực xây dựng Đảng", "political_system"),
        ("field", "lĩnh vực quốc phòng", "defense_security"),
        ("theme", "NTM nâng cao", "new_rural"),
        ("theme", "BVMT", "environment"),
        ("level", "cấp xã, phường", "commune"),
        ("level", "cấp quận, huyện", "district"),
        ("level", "cấp trung ương", "central"),
        ("kind", "mô hình, gương điển hình", "any"),
    ],
)
def test_spelling_variants_met_in_documents(dimension: str, spelling: str, expected: str) -> None:
    assert vocabulary.categorise(dimension, spelling) == expected


def test_kt_xh_is_ambiguous_and_refused_with_the_accepted_fields() -> None:
    # "kinh tế - xã hội" is socio-economic: economy or culture and society, so not guessed
    with pytest.raises(vocabulary.UnknownTerm) as err:
        vocabulary.categorise("field", "KT-XH")
    assert err.value.accepted_vi == tuple(vocabulary.labels("field"))


def test_template_has_vietnamese_headers_on_every_sheet_and_reads_back(tmp_path: Path) -> None:
    path = write_template(tmp_path / "mau.xlsx")
    written = load_workbook(path)
    offered = load_workbook(io.BytesIO(template_bytes()))
    ids = {c for dim in vocabulary.DIMENSIONS for c in [dim, *vocabulary.ids(dim)]}
    for wb in (written, offered):
        assert wb.sheetnames == ["Số liệu", "Danh mục", "Hướng dẫn"]
        lists = [c.value for c in wb["Danh mục"][1]]
        assert lists == ["Chỉ tiêu", "Loại", "Lĩnh vực", "Chủ đề", "Đối tượng", "Cấp",
                         "Hình thức khen thưởng"]  # fmt: skip
        for ws in wb:
            texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
            assert not ids & set(texts), ws.title  # no raw id anywhere
        guide = "\n".join(str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)
        assert "“Nhập dữ liệu”" in guide and "“Kiểm tra lại”" in guide
        assert "“Ghi vào kho dữ liệu”" in guide and "“Hoàn tác lần nhập gần nhất”" in guide
    for a, b in zip(written, offered):  # the download is the same workbook as `dvk template`
        assert [[c.value for c in r] for r in a.iter_rows()] == [
            [c.value for c in r] for r in b.iter_rows()
        ]
    # filled in, it is read back; the old id headers are still accepted
    ws = written["Số liệu"]
    header = [c.value for c in ws[1]]
    filled = dict.fromkeys(header, None)
    filled.update({"Tỉnh/thành phố *": "Hà Nội", "Từ năm/ngày *": "2022"})
    filled.update({"Đến năm/ngày *": "2022", "Chỉ tiêu *": "Mô hình đăng kí", "Số lượng *": 4})
    ws.append([filled[h] for h in header])
    written.save(path)
    plan = plan_file(path, tmp_path / "data")
    assert not plan.problems and plan.rows_read == 1
    old = write_csv(
        tmp_path / "old.csv",
        [["Hà Nội", "2022", "2022", "models_registered", "4"]],
        header=["province", "period_start", "period_end", "metric", "value"],
    )
    assert not plan_file(old, tmp_path / "data").problems


def test_report_plan_prefills_its_details_and_commits_the_reviewed_figures(tmp_path: Path) -> None:
    from data_loaders.ingest import plan_candidates
    from tests.test_report_ingest import TITLE, make_docx

    data = tmp_path / "data"
    plan = plan_file(make_docx(tmp_path / "bao-cao.docx"), data)
    assert plan.kind == "report" and not plan.problems
    assert plan.meta.title == TITLE  # prefilled from the document
    kept = [c for c in plan.candidates if c["value"] == 371]
    reviewed = plan_candidates(plan.document, kept, data, path=plan.path)
    assert [(c.status, c.rows_after) for c in reviewed.changes] == [("added", 1)]
    meta = SourceMeta(
        title="Quận Đống Đa lan tỏa mô hình “Dân vận khéo”",
        outlet="Báo Hà Nội Mới",
        published=date(2022, 11, 2),
        url="https://example.vn/bai-viet",
    )
    result = commit_plan(reviewed, data, user="bien-tap@tinh.vn", meta=meta)
    assert result.status == "ok" and result.rows_written == 1
    (source,) = rows_of(data, "sources", reviewed.source_ids[0])
    assert (source["title"], source["outlet"], source["published"], source["url"]) == (
        meta.title,
        "Báo Hà Nội Mới",
        "2022-11-02",
        "https://example.vn/bai-viet",
    )
    assert source["loader"] == "report_text" and runs(data)[-1].loader == "report_text"
    # planned again, the details given are prefilled and nothing would change
    again = plan_candidates(plan.document, kept, data, path=plan.path)
    assert again.meta == meta and [c.status for c in again.changes] == ["unchanged"]


def test_an_unknown_header_lists_the_template_headers(tmp_path: Path) -> None:
    header = [*HEADER[:7], "Số lượngg", *HEADER[8:]]
    plan = plan_file(write_csv(tmp_path / "h.csv", [_row()], header=header), tmp_path / "data")
    unknown = next(p for p in plan.problems if p.row == 1 and p.column == "Số lượngg")
    assert unknown.value == "Số lượngg" and "Số lượng" in unknown.accepted
    assert unknown.vi().startswith("h.csv, dòng 1, cột «Số lượngg»: tiêu đề cột «Số lượngg» không")


def test_the_migrations_create_the_ledger_the_code_uses(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = appdb.engine_for(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), appdb.Base.metadata) == []


def test_undo_with_a_damaged_snapshot_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_file(write_csv(tmp_path / "v1.csv", [_row()]), data)
    ingest_file(write_csv(tmp_path / "v2.csv", [_row(value="5")]), data)
    (snapshot,) = [r.snapshot for r in runs(data) if r.status == "replaced"]
    (data / "history" / snapshot / "tallies.parquet").write_bytes(b"not parquet")
    before = Warehouse(data).path("tallies").read_bytes()
    result = undo_last_run(data, "bc-dd")
    assert result.status == "refused" and "cannot be read" in str(result.problems[0])
    assert "không đọc được dữ liệu cũ" in result.problems[0].vi()
    assert Warehouse(data).path("tallies").read_bytes() == before
    assert source_history(data, "bc-dd")[1].can_undo  # still the run to undo


def test_every_message_has_both_languages_and_each_is_used() -> None:
    from data_loaders.storage.messages import MESSAGES

    root = Path(__file__).resolve().parents[1] / "data_loaders"
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in root.rglob("*.py") if p.name != "messages.py"
    )
    for name, (en, vi) in MESSAGES.items():
        assert en.strip() and vi.strip(), name
        assert f'"{name}"' in code, f"message {name!r} is never used"


def test_a_file_of_several_sources_says_which_changed(tmp_path: Path) -> None:
    data = tmp_path / "data"

    def rows(khac_value: str) -> list[list[object]]:
        return [_row(), _row(year="2023"), [*_row(value=khac_value)[:8], "bc-khac", "Khác"]]

    ingest_file(write_csv(tmp_path / "a.csv", rows("4")), data)
    plan = plan_file(write_csv(tmp_path / "b.csv", rows("5")), data)
    assert [(c.source_id, c.status, c.rows_before, c.rows_after) for c in plan.changes] == [
        ("bc-dd", "unchanged", 2, 2),
        ("bc-khac", "replaced", 1, 1),
    ]
    result = commit_plan(plan, data)
    assert result.status == "replaced" and [c.status for c in result.changes] == [
        "unchanged",
        "replaced",
    ]
    # only the changed source has a run to undo
    assert [h.can_undo for h in source_history(data, "bc-khac")][0]
    assert undo_last_run(data, "bc-khac").status == "undone"
    assert [r["value"] for r in rows_of(data, "tallies", "bc-khac")] == [4]
    assert len(rows_of(data, "tallies", "bc-dd")) == 2
