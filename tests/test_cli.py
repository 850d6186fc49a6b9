"""The dvk command line: template, ingest exit codes, data-dir resolution, settings docs."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from data_loaders import config
from data_loaders.storage.warehouse import Warehouse
from metrics.materialised import is_current

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def test_template_command(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    result = runner.invoke(app, ["template", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 5000


def test_ingest_sample_then_refuse_bad_file(tmp_path: Path) -> None:
    data = tmp_path / "d"
    result = runner.invoke(app, ["ingest", str(config.SAMPLE_DIR), "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "tallies.csv" in result.output
    assert len(Warehouse(data).read("tallies")) == 162
    deadline = time.monotonic() + 120  # built by a detached process: the command returned
    while not is_current(data) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert is_current(data)  # the derived figures the dashboard reads are ready
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["province", "locality", "period_start", "period_end", "metric", "value"])
        w.writerow(["Hà Nội", "Quận Đống Đa", "2022", "2022", "models_registered", "abc"])
    result = runner.invoke(app, ["ingest", str(bad), "--data-dir", str(data)])
    assert result.exit_code == 1
    assert "bad.csv, dòng 2, cột «Số lượng»: «abc» không phải số nguyên" in result.output
    assert len(Warehouse(data).read("tallies")) == 162


def test_ingest_missing_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.csv"), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2


def test_data_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(tmp_path / "env"))
    assert config.data_dir() == (tmp_path / "env").resolve()
    assert config.data_dir(tmp_path / "arg") == (tmp_path / "arg").resolve()
    monkeypatch.delenv("DVK_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert config.data_dir() == tmp_path / "xdg" / "dvk"
    assert config.database_url(tmp_path).endswith("dvk.sqlite")


def test_every_setting_and_command_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in config.SETTINGS:
        assert f"`{setting.name}`" in readme, setting.name
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"dvk {name}" in readme, name


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash .ci/run" in readme
    assert (ROOT / ".ci" / "run").exists()


def test_check_command(sample_copy: Path) -> None:
    result = runner.invoke(app, ["check", "--data-dir", str(sample_copy)])
    assert result.exit_code == 0, result.output
    assert "tallies: 162 rows" in result.output
    # a tally pointing at a source that does not exist is found
    wh = Warehouse(sample_copy)
    sources = wh.read("sources")
    with wh.lock():
        wh.write({"sources": sources[sources["source_id"] != "dongda-2022"]})
    result = runner.invoke(app, ["check", "--data-dir", str(sample_copy)])
    assert result.exit_code == 1
    assert "dongda-2022" in result.output


def test_evaluate_reports_is_a_dvk_command(tmp_path: Path) -> None:
    """The extractor's scores come through ``dvk``, not a separate argparse entry point."""
    import json

    from dashboard.tools.evaluate_reports import DEFAULT_CORPUS, load_corpus

    result = runner.invoke(app, ["evaluate-reports", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["documents"] == len(load_corpus(DEFAULT_CORPUS))
    result = runner.invoke(app, ["evaluate-reports", str(DEFAULT_CORPUS), "--half", "dev"])
    assert result.exit_code == 1 and "has no split.json" in result.output
    result = runner.invoke(app, ["evaluate-reports", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "corpus directory not found" in result.output


@pytest.mark.slow
def test_bench_limits_is_a_dvk_option() -> None:
    result = runner.invoke(app, ["bench", "--limits", "--megabytes", "0.02"])
    assert result.exit_code == 0, result.output
    assert "800 numbers in one sentence" in result.output
    assert "20,000 nested divs" in result.output and "refused" in result.output
    assert "MB of report text" in result.output


def test_the_background_builder_takes_one_path(tmp_path: Path) -> None:
    """``python -m metrics.materialised_build`` (spawned by the dashboard) refuses anything else."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "metrics.materialised_build", str(tmp_path), "extra"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2 and "extra" in run.stderr


def test_geo_build_is_a_dvk_command(tmp_path: Path) -> None:
    """``dvk geo-build`` rebuilds the map files from Natural Earth-shaped admin-1 polygons (here
    the shipped provinces given back their ISO codes): 63 old provinces, 34 merged ones."""
    import json

    from dashboard.geo import boundaries
    from dashboard.geo.build import ISO_TO_CODE

    iso = {code: key for key, code in ISO_TO_CODE.items()}
    features = [
        {
            "type": "Feature",
            "properties": {
                "iso_a2": "VN",
                "iso_3166_2": iso[f["id"]],
                "name_vi": f["properties"]["name"],
            },
            "geometry": f["geometry"],
        }
        for f in boundaries("reported")["features"]
    ]
    admin1 = tmp_path / "admin1.json"
    admin1.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    out = tmp_path / "geo"
    result = runner.invoke(app, ["geo-build", str(admin1), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "provinces-pre2025.json: 63 provinces" in result.output
    assert "provinces-2025.json: 34 provinces" in result.output
    built = json.loads((out / "provinces-2025.json").read_text(encoding="utf-8"))
    assert sorted(f["id"] for f in built["features"]) == sorted(
        f["id"] for f in boundaries("current")["features"]
    )
    # a province missing from the input: a clear refusal, nothing half-written
    admin1.write_text(json.dumps({"type": "FeatureCollection", "features": features[1:]}))
    result = runner.invoke(app, ["geo-build", str(admin1), "--out", str(tmp_path / "bad")])
    assert result.exit_code == 1 and "no polygon for provinces" in result.output
    assert not (tmp_path / "bad" / "provinces-2025.json").exists()
