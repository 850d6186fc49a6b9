"""The quality page's sources table a page of 50 rows at a time (page in the URL), so a
national warehouse's thousands of sources are not sent on every rerun; its downloads hold
every source."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from tests.dashboard_fixtures import ROOT, open_page, problems, shown_text

EXTRA = 20  # the sample's 48 sources and these: more than a page


@pytest.fixture(scope="module")
def many_sources(tmp_path_factory) -> tuple[Path, int]:
    """The bundled sample plus ``EXTRA`` small sources (one stated figure each), ingested."""
    from data_loaders.ingest import ingest_paths
    from metrics import sources
    from metrics.engine import Engine

    sample = tmp_path_factory.mktemp("many-sources") / "sample"
    shutil.copytree(ROOT / "data" / "sample", sample)
    with (sample / "sources.csv").open("a", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for i in range(EXTRA):
            day = f"2023-05-{i + 1:02d}"
            writer.writerow([f"extra-{i:02d}", f"Bản tin số {i}", "Báo X", "", day, "Hà Nội", ""])
    with (sample / "tallies.csv").open("a", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for i in range(EXTRA):
            writer.writerow(
                [f"extra-{i:02d}", "Hà Nội", "Hà Nội", "province", 2023, 2023]
                + ["models_registered", "any", "all", "", "", "", "", 100 + i, ""]
            )
    data = sample.parent / "data"
    results = ingest_paths([sample], data, progress=False)
    assert all(not r.refused for r in results), [str(p) for r in results for p in r.problems]
    total = len(sources.sources_table(Engine(data)))
    assert total > 50
    return data, total


def _sources(at) -> list:
    return [d.value for d in at.dataframe if "Tiêu đề" in d.value.columns]


def test_the_sources_table_is_paged_and_its_download_holds_every_source(
    many_sources: tuple[Path, int], monkeypatch
) -> None:
    from streamlit.runtime.media_file_manager import MediaFileManager

    data, total = many_sources
    monkeypatch.setenv("DVK_DATA_DIR", str(data))
    builders: dict[str, object] = {}  # each download's builder, as the page registered it
    register = MediaFileManager.add_deferred

    def recorded(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        builders[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recorded)
    at = open_page("nguon")
    assert problems(at) == []
    shown = _sources(at)
    assert len(shown) == 1 and len(shown[0]) == 50
    notes = [shown_text(c.value) for c in at.caption]
    assert f"Dòng 1–50 trên tổng số {total}; tải XLSX/CSV để có cả bảng." in notes
    picker = at.selectbox(key="w:nguon.pg_sources")
    picker.set_value(2).run()
    assert at.query_params.get("pg_sources") == "2"
    second = _sources(at)[0]
    assert len(second) == total - 50
    assert set(second["Tiêu đề"]).isdisjoint(shown[0]["Tiêu đề"])
    # the CSV download: every source, not the page shown
    body = builders["dvk-nguon.csv"]()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Ngày đăng", "Tiêu đề"] and rows[total + 1] == []  # then the notes
    assert {r[1] for r in rows[1 : total + 1]} >= {f"Bản tin số {i}" for i in range(EXTRA)}
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(builders["dvk-nguon.xlsx"]())).worksheets[0]
    titles = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert sum(str(v).startswith("Bản tin số") for v in titles) == EXTRA
    # a figure count is a number cell, as on every export (never text)
    from dashboard.i18n import t

    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if t("figures", "vi") in row)
    col = rows[header].index(t("figures", "vi"))
    counts = [row[col] for row in rows[header + 1 : header + 1 + total]]
    assert len(counts) == total and all(type(v) is int and v >= 0 for v in counts), [
        v for v in counts if type(v) is not int
    ]
