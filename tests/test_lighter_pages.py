"""What a rerun no longer sends or makes again, with what people see unchanged: folded groups
and menus drawn when opened (and still exported), tables converted to Arrow once per kept
frame, a chart's JSON made once in the serving process, the quality page's tables kept per
page state; and the benchmark waits for the server's warm-up before timing it."""

from __future__ import annotations

import gc
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io

from dashboard import charts, serving, table_pages
from dashboard.exports.adapt import PAGE_CHARTS
from dashboard.tools import loadtest
from tests.dashboard_fixtures import charts as shown_charts
from tests.dashboard_fixtures import open_page, problems, unfold


def test_a_kept_figure_json_is_the_json_streamlit_makes() -> None:
    fig = go.Figure(go.Bar(x=["2021", "2022"], y=[3, 4.5], uid="u1", name="Mô hình"))
    fig.update_layout(separators=",.", title="Mô hình đăng ký")
    spec = charts.sent(fig).to_dict()
    kept = serving._kept_json(plotly.io.to_json)
    plain = {k: v for k, v in spec.items()}  # the same figure without its kept text
    assert kept(spec, validate=False) == plotly.io.to_json(plain, validate=False)
    assert kept(spec, validate=False) is spec.sent_json  # not encoded again
    assert kept(plain, validate=False) == plotly.io.to_json(plain, validate=False)
    pretty = plotly.io.to_json(plain, validate=False, pretty=True)
    assert kept(spec, validate=False, pretty=True) == pretty  # asked otherwise: made anew


def test_a_frame_is_converted_to_arrow_once_and_shows_the_same_cells() -> None:
    frame = pd.DataFrame(
        {"Địa phương": ["Hà Nội", "Hải Phòng", None], "Giá trị": ["2.084", "371", "—"]},
        index=[5, 7, 9],
    )
    first = table_pages.arrow(frame)
    assert table_pages.arrow(frame) is first  # kept while the frame lives
    assert first.to_pandas().equals(frame.reset_index(drop=True))
    assert table_pages.arrow(frame.copy()) is not first  # another frame: its own conversion
    held = len(table_pages._arrow)
    del frame, first
    gc.collect()
    assert len(table_pages._arrow) < held  # forgotten with its frame
    mixed = pd.DataFrame({"x": [1, "a"]})  # Arrow cannot hold it as it is: Streamlit converts
    assert table_pages.arrow(mixed) is mixed


def test_folded_groups_and_menus_are_drawn_when_opened_and_exported_while_folded(
    dashboard_copy: Path,
) -> None:
    at = open_page("tong-quan")
    assert problems(at) == []
    (fold,) = [e for e in at.expander if e.label.startswith("Không xếp hạng cùng")]
    assert not fold.children  # folded: nothing drawn in it
    folded_charts = shown_charts(at)
    recorded = [c.key for c in at.session_state[PAGE_CHARTS]]
    assert any("apart" in key for key in recorded)  # the page's exports hold the group
    assert not at.get("page_link")  # the catalogue menu's links are made when it opens
    unfold(at, "fold_top_apart")
    assert problems(at) == []
    (fold,) = [e for e in at.expander if e.label.startswith("Không xếp hạng cùng")]
    assert fold.children
    assert len(shown_charts(at)) > len(folded_charts)
    assert [c.key for c in at.session_state[PAGE_CHARTS]] == recorded  # the same page
    unfold(at, "catalogue_top")
    links = [link.proto.label for link in at.get("page_link")]
    assert links and all(label.startswith("Xem mô hình của ") for label in links)


def test_the_quality_page_keeps_its_tables_and_shows_them_as_built(
    dashboard_copy: Path, monkeypatch
) -> None:
    made: list[int] = []
    original = charts.display_table
    monkeypatch.setattr(
        charts, "display_table", lambda *a, **k: made.append(1) or original(*a, **k)
    )
    at = open_page("nguon")
    assert problems(at) == [] and made
    shown = [d.value for d in at.dataframe]
    assert len(shown) == 2 and all(len(frame) for frame in shown)
    built = len(made)
    at.run()
    assert problems(at) == [] and len(made) == built  # nothing formatted again
    assert all(a.equals(b) for a, b in zip(shown, [d.value for d in at.dataframe]))
    findings = shown[0]
    assert findings.columns[0] == "#" and findings["#"].tolist()[:3] == ["1", "2", "3"]


def _busy_then_idle(seconds: float) -> subprocess.Popen:
    code = f"import time\nend = time.time() + {seconds}\nwhile time.time() < end: pass\n"
    code += "time.sleep(60)\n"
    return subprocess.Popen([sys.executable, "-c", code])


def test_the_benchmark_waits_until_the_server_is_idle() -> None:
    proc = _busy_then_idle(1.5)
    try:
        start = time.monotonic()
        assert loadtest.wait_idle_pid(proc.pid, seconds=30)
        assert time.monotonic() - start >= 1.0  # it was busy for 1.5 s
        assert loadtest.wait_idle_pid(proc.pid, seconds=30)  # idle now: at once
    finally:
        proc.kill()
        proc.wait()
    assert not loadtest.wait_idle_pid(proc.pid, seconds=1)  # gone: not idle, not found


def test_a_pinned_run_sees_one_data_version_and_the_next_run_sees_the_new_one(
    sample_copy: Path,
) -> None:
    import os
    import threading

    from metrics.engine import Engine

    engine = Engine(sample_copy)
    asked: list[int] = []

    def answer() -> int:
        asked.append(1)
        return len(asked)

    sources = sample_copy / "warehouse" / "sources.parquet"
    with engine.pinned() as version:
        assert engine.result("q", answer) == 1
        later = sources.stat().st_mtime_ns + 10**9
        os.utime(sources, ns=(later, later))  # an ingest replaces a file during the run
        assert engine.version() == version  # the run keeps the version it started with
        assert engine.result("q", answer) == 1
        elsewhere: list[object] = []
        thread = threading.Thread(target=lambda: elsewhere.append(engine.version()))
        thread.start()
        thread.join()
        assert elsewhere[0] != version  # another thread (another session) sees the new files
        with engine.pinned() as inner:
            assert inner == version  # a block inside keeps the run's version
    assert engine.version() != version
    assert engine.result("q", answer) == 2  # the next run: answered from the new data
    engine.close()


def test_a_session_makes_its_pages_once_per_language(dashboard_copy: Path) -> None:
    from dashboard.app import NAVIGATION

    at = open_page("tong-quan")
    assert problems(at) == []
    key, pages, _moved = at.session_state[NAVIGATION]
    at.run()
    assert at.session_state[NAVIGATION][1] is pages  # the same pages on a rerun
    at.query_params["lang"] = "en"
    at.run()
    assert problems(at) == []
    key_en, pages_en, _ = at.session_state[NAVIGATION]
    assert key_en != key and pages_en["so-sanh"].title != pages["so-sanh"].title


def test_a_breakdown_rerun_builds_its_chart_once(dashboard_copy: Path, monkeypatch) -> None:
    from dashboard import views

    made: list[int] = []
    original = views.breakdown
    monkeypatch.setattr(views, "breakdown", lambda *a, **k: made.append(1) or original(*a, **k))
    at = open_page("linh-vuc")
    assert problems(at) == [] and made == [1]
    figures = shown_charts(at)
    at.run()
    assert problems(at) == [] and made == [1]  # the same state: the chart kept
    assert shown_charts(at) == figures and figures
    at.query_params["mode"] = "share"
    at.run()
    assert problems(at) == [] and made == [1, 1]  # another state: built for it
