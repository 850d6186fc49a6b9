"""The quality page's "Xem số liệu của nguồn" stays small on a warehouse of thousands of sources:
a search box and at most ``source_picker.LIMIT`` sources (it had been every source, ~60 KB of
options on each rerun at national scale); the chosen source stays in the address as before."""

from __future__ import annotations

from pathlib import Path

from dashboard import source_picker
from metrics import sources
from metrics.engine import Engine
from tests.dashboard_fixtures import open_page, problems

PAGE = "nguon"
PICKER = "w:nguon.src"
SEARCH = "quality_src_search"


def _figures(at) -> list:
    return [d.value for d in at.dataframe if "Trích dẫn" in d.value.columns]


def test_the_picker_lists_a_few_sources_and_a_search_finds_any(dashboard_copy: Path) -> None:
    ids = list(sources.sources_table(Engine(dashboard_copy))["source_id"])
    assert len(ids) > source_picker.LIMIT  # the sample's 48 sources
    at = open_page(PAGE)
    assert problems(at) == []
    picker = at.selectbox(key=PICKER)
    assert len(picker.options) == source_picker.LIMIT + 1  # "—" and 30 sources
    assert picker.options[0] == "—" and picker.index == 0 and _figures(at) == []
    listed = f"Liệt kê 30 trong {len(ids)} nguồn; gõ tên hoặc mã để tìm nguồn khác."
    assert listed in [c.value for c in at.caption]
    at.text_input(key=SEARCH).input("hai phong").run()  # accents and case ignored
    picker = at.selectbox(key=PICKER)
    assert len(picker.options) > 1
    assert all("Hải Phòng" in o or "haiphong" in o.lower() for o in picker.options[1:])
    # a source past the first 30 is found by its id, chosen, and its figures are shown
    last = ids[-1]
    at.text_input(key=SEARCH).input(last).run()
    at.selectbox(key=PICKER).set_value(last).run()
    assert problems(at) == [] and at.query_params.get("src") in (last, [last])
    assert len(_figures(at)) == 1
    # the search cleared: the chosen source leads the short list, still chosen
    at.text_input(key=SEARCH).input("").run()
    picker = at.selectbox(key=PICKER)
    assert picker.options[1] != "—" and len(picker.options) == source_picker.LIMIT + 1
    assert at.session_state[PICKER] == last and len(_figures(at)) == 1
    at.text_input(key=SEARCH).input("khong co nguon nay").run()
    assert problems(at) == []
    assert "Không có nguồn nào khớp “khong co nguon nay”." in [c.value for c in at.caption]


def test_a_link_naming_a_source_opens_on_it(dashboard_copy: Path) -> None:
    last = list(sources.sources_table(Engine(dashboard_copy))["source_id"])[-1]
    at = open_page(PAGE, {"src": last})
    assert problems(at) == []
    picker = at.selectbox(key=PICKER)
    assert len(picker.options) <= source_picker.LIMIT + 1
    assert at.session_state[PICKER] == last and len(_figures(at)) == 1
