"""The review page's logic: uploads, decisions from the reviewer's choices, highlighting."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.review_logic import apply_choices, highlighted, open_document, save_upload
from data_loaders.appdb import review
from data_loaders.ingest import commit_document
from data_loaders.ingest.report_ingest import reviewed_candidates
from data_loaders.storage.warehouse import Warehouse

TEXT = (Path(__file__).parent / "corpus" / "reports" / "dongda-2022.txt").read_bytes()


def test_upload_review_commit(tmp_path: Path) -> None:
    path = save_upload(tmp_path, "dong-da.txt", TEXT)
    assert path.read_bytes() == TEXT and "uploads" in path.parts
    doc, items = open_document(tmp_path, path)
    again, same = open_document(tmp_path, path)  # reopening does not queue twice
    assert [i.id for i in same] == [i.id for i in items]
    by_value = {i.candidate["value"]: i for i in items}
    choices = {
        by_value[371].id: {"decision": "confirmed", "value": 371},
        by_value[19].id: {"decision": "confirmed", "value": 20},  # a changed value: corrected
        by_value[176].id: {"decision": "rejected"},
    }
    assert apply_choices(tmp_path, items, choices, "lan") == 3
    assert apply_choices(tmp_path, review.items(tmp_path, doc.sha256), choices, "lan") == 0
    decided = {i.candidate["value"]: i.decision for i in review.items(tmp_path, doc.sha256)}
    assert decided[19] == "corrected" and decided[176] == "rejected"
    result = commit_document(tmp_path, doc, reviewed_candidates(tmp_path, doc.sha256), "lan")
    assert result.status == "ok"
    assert sorted(Warehouse(tmp_path).read("tallies")["value"]) == [20, 371]


def test_upload_of_another_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported"):
        save_upload(tmp_path, "bang.xlsx", b"x")


def test_highlight_escapes_html() -> None:
    out = highlighted("<b>371</b> mô hình", [(1, "371")])
    assert "&lt;b&gt;" in out and "<mark" in out
