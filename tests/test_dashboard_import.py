"""The "Nhập báo cáo" page: review a report's figures, commit, find them on the overview."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.review_logic import DOC_KEY, save_upload
from data_loaders.storage.warehouse import Warehouse
from tests.dashboard_fixtures import open_page, problems

REPORT = Path(__file__).parent / "corpus" / "reports" / "dongda-2022.txt"


@pytest.fixture
def data_dir(dashboard_copy: Path) -> Path:
    return dashboard_copy


def test_review_confirm_correct_reject_and_commit(data_dir: Path) -> None:
    # a year and a figure the sample does not hold, so the overview can only show our commit
    text = REPORT.read_text(encoding="utf-8").replace("2022", "2019").replace("371", "373")
    path = save_upload(data_dir, "dong-da-2019.txt", text.encode("utf-8"))
    at = open_page("nhap-bao-cao")
    at.session_state[DOC_KEY] = str(path)
    at.run()
    assert problems(at) == []
    decisions = [s for s in at.selectbox if s.key and s.key.startswith("rv_dec_")]
    values = {n.key: n for n in at.number_input if n.key and n.key.startswith("rv_val_")}
    assert len(decisions) >= 5
    for box in decisions:
        item = box.key.removeprefix("rv_dec_")
        value = values[f"rv_val_{item}"].value
        if value == 373:
            box.set_value("confirmed")
        elif value == 19:
            box.set_value("confirmed")
            values[f"rv_val_{item}"].set_value(20)  # a correction
        else:
            box.set_value("rejected")
    at.run()
    next(b for b in at.button if b.key == "rv_commit").click().run()
    assert problems(at) == []
    assert any("Đã ghi 2 con số" in s.value for s in at.success), [s.value for s in at.success]
    tallies = Warehouse(data_dir).read("tallies")
    mine = tallies[tallies["source_id"].str.startswith("doc-")]
    assert sorted(mine["value"]) == [20, 373]
    assert set(mine["locality_code"]) == {"006"}
    # the committed figure is on the overview of Quận Đống Đa
    overview = open_page("tong-quan", {"p": "01", "d": "006", "period": "2019-2019"})
    assert problems(overview) == []
    shown = " ".join(str(m.value) for m in overview.metric)
    assert "373" in shown, shown
