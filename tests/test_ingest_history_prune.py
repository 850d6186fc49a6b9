"""Snapshots under ``<data>/history/`` are kept only while an undo can use them: the last runs
of each source (one undo after the other); those of older, undone and undo runs go."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_loaders import appdb
from data_loaders.ingest import history, ingest_file, source_history, undo_last_run
from tests.test_ingest_plan import _row as row
from tests.test_ingest_plan import rows_of, write_csv, write_xlsx


def snapshots(data: Path) -> set[str]:
    folder = history.root(data)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def run_snapshots(data: Path) -> list[str | None]:
    with appdb.session(data) as s:
        return [r.snapshot for r in s.query(appdb.IngestRun).order_by(appdb.IngestRun.id)]


@pytest.fixture
def depth_two(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(history, "UNDO_DEPTH", 2)  # five runs would make the test slow
    return 2


def test_older_snapshots_go_and_the_last_runs_can_still_be_undone(
    tmp_path: Path, depth_two: int
) -> None:
    data = tmp_path / "data"
    other = write_csv(tmp_path / "khac.csv", [[*row()[:8], "bc-khac", "Báo cáo khác"]])
    assert ingest_file(other, data).status == "ok"
    stored = {}
    for value in ("10", "11", "12", "13"):
        path = write_xlsx(tmp_path / f"v{value}.xlsx", [row(value=value)])
        assert ingest_file(path, data).status in ("ok", "replaced")
        stored[value] = rows_of(data, "tallies", "bc-dd")
    keys = run_snapshots(data)  # khac, v10, v11, v12, v13
    assert all(keys)
    # bc-khac's only run, and bc-dd's last two; v10 and v11 are too old
    assert snapshots(data) == {keys[0], keys[3], keys[4]}
    assert [h.can_undo for h in source_history(data, "bc-dd")] == [True, False, False, False]

    assert undo_last_run(data, "bc-dd").status == "undone"
    assert rows_of(data, "tallies", "bc-dd") == stored["12"]
    assert keys[4] not in snapshots(data)  # the undone run's rows: no undo can use them
    assert len(snapshots(data)) == 2  # the undo's own snapshot went too
    assert undo_last_run(data, "bc-dd").status == "undone"
    assert rows_of(data, "tallies", "bc-dd") == stored["11"]
    assert snapshots(data) == {keys[0]}

    refused = undo_last_run(data, "bc-dd")  # v11's rows went when it became too old
    assert refused.status == "refused"
    assert "cũ hơn 2 lần nhập gần nhất có thể hoàn tác" in refused.problems[0].vi()
    assert rows_of(data, "tallies", "bc-dd") == stored["11"]
    assert undo_last_run(data, "bc-khac").status == "undone"  # another source's still works
    assert snapshots(data) == set()


def test_a_folder_no_run_names_goes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert ingest_file(write_csv(tmp_path / "a.csv", [row()]), data).status == "ok"
    stray = history.root(data) / "20200101T000000000000Z-deadbeef-000000"
    stray.mkdir()
    assert history.prune(data) == [stray.name]
    assert len(snapshots(data)) == 1
    assert undo_last_run(data, "bc-dd").status == "undone"


def test_cli_history_times_are_vietnam_time_in_each_language(tmp_path: Path) -> None:
    from datetime import datetime

    from typer.testing import CliRunner

    from dashboard.cli import app

    data = tmp_path / "data"
    assert ingest_file(write_csv(tmp_path / "a.csv", [row()]), data).status == "ok"
    with appdb.session(data) as s:  # 12:40 UTC is 19:40 in Việt Nam
        s.query(appdb.IngestRun).update({"finished_at": datetime(2026, 12, 3, 12, 40)})
        s.commit()
    runner = CliRunner()
    vi = runner.invoke(app, ["history", "bc-dd", "--data-dir", str(data)]).output
    en = runner.invoke(app, ["history", "bc-dd", "--lang", "en", "--data-dir", str(data)]).output
    assert "giờ Việt Nam" in vi and "03/12/2026 19:40" in vi and "UTC " not in vi
    assert "thêm mới" in vi and "Tệp bảng" in vi  # the loader by its label, not "template"
    assert "Vietnam time" in en and "2026-12-03 19:40" in en and "added" in en
