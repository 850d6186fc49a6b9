"""Report texts into the warehouse: --accept-all, and the review flow with its audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from dashboard.cli import app
from data_loaders.appdb import review
from data_loaders.ingest import commit_document
from data_loaders.ingest.report_ingest import queue_document, reviewed_candidates
from data_loaders.storage.warehouse import Warehouse

CORPUS = Path(__file__).parent / "corpus" / "reports"
TITLE = "Quận Đống Đa: Lan tỏa các mô hình “Dân vận khéo”"


def make_docx(path: Path) -> Path:
    doc = Document()
    doc.add_heading(TITLE, level=1)
    for para in (CORPUS / "dongda-2022.txt").read_text(encoding="utf-8").split("\n\n"):
        doc.add_paragraph(para.strip())
    doc.save(path)
    return path


def test_accept_all_commits_every_figure_with_its_quote(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = make_docx(tmp_path / "bao-cao-dong-da.docx")
    result = CliRunner().invoke(app, ["ingest", str(path), "--accept-all", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    wh = Warehouse(data)
    tallies = wh.read("tallies")
    assert 371 in set(tallies["value"])
    row = tallies[tallies["value"] == 371].iloc[0]
    assert row["locality_code"] == "006"  # Quận Đống Đa, harmonised
    assert row["metric"] == "models_registered" and row["status"] == "confirmed"
    assert "371 mô hình" in row["quote"]
    assert str(row["period_start"]) == "2022-01-01"
    source = wh.read("sources").set_index("source_id").loc[row["source_id"]]
    assert source["title"] == TITLE and source["loader"] == "report_text"
    assert source["file_name"] == "bao-cao-dong-da.docx" and len(source["file_sha256"]) == 64
    # the same report again changes nothing
    again = CliRunner().invoke(app, ["ingest", str(path), "--accept-all", "--data-dir", str(data)])
    assert again.exit_code == 0 and "unchanged" in again.output


def test_report_without_accept_all_is_refused_with_a_pointer(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "bc.docx")
    result = CliRunner().invoke(app, ["ingest", str(path), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "Nhập báo cáo" in result.output


def test_review_flow_commits_confirmed_and_corrected_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    doc, ids = queue_document(data, make_docx(tmp_path / "bc.docx"))
    items = review.items(data, doc.sha256)
    assert len(items) == len(ids) >= 5
    by_value = {i.candidate["value"]: i for i in items}
    review.decide(data, by_value[371].id, "confirmed", "lan")
    review.decide(data, by_value[19].id, "corrected", "lan", {"value": 20})
    review.decide(data, by_value[176].id, "rejected", "lan")
    final = reviewed_candidates(data, doc.sha256)
    assert sorted(c["value"] for c in final) == [20, 371]
    result = commit_document(data, doc, final, user="lan")
    assert result.status == "ok", [str(p) for p in result.problems]
    tallies = Warehouse(data).read("tallies")
    assert sorted(tallies["value"]) == [20, 371]
    trail = review.audit_trail(data)
    assert {t.action for t in trail} == {"review:confirmed", "review:corrected", "review:rejected"}
    corrected = next(t for t in trail if t.action == "review:corrected")
    assert corrected.before["values"]["value"] == 19 and corrected.after["values"]["value"] == 20


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_extract_command_json(tmp_path: Path, suffix: str) -> None:
    import json

    text = (CORPUS / "dongda-2022.txt").read_text(encoding="utf-8")
    path = tmp_path / f"bc{suffix}"
    if suffix == ".html":
        text = (
            f"<html><head><title>{TITLE}</title></head><body><nav>Trang chủ | Tin tức</nav>"
            + "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
            + "<div class='views'>Lượt xem: 1.234</div></body></html>"
        )
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"value", "metric", "quote", "confidence", "period_start"} <= set(rows[0])
    assert 371 in {r["value"] for r in rows} and 1234 not in {r["value"] for r in rows}
