"""The deployment helpers: the HAProxy configuration `dvk proxy-config` writes is valid for
Debian's haproxy, and `dvk bench --sessions` only ever targets this machine."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from dashboard.tools import loadtest

runner = CliRunner()


def test_proxy_config_is_valid_haproxy(tmp_path: Path) -> None:
    out = tmp_path / "haproxy.cfg"
    args = ["proxy-config", "--listen", "127.0.0.1:8500", "--out", str(out)]
    done = runner.invoke(app, [*args, "--backend", "127.0.0.1:8501", "--backend", "app2:8501"])
    assert done.exit_code == 0, done.output
    text = out.read_text(encoding="utf-8")
    assert "cookie DVKSRV insert" in text and "server dvk2 app2:8501 check cookie dvk2" in text
    exe = shutil.which("haproxy", path="/usr/sbin:/usr/bin:/sbin:/bin")
    if exe is None:
        pytest.skip("haproxy is not installed (bash .ci/setup --test installs it)")
    local = tmp_path / "local.cfg"
    local.write_text(text.replace("app2:8501", "127.0.0.1:8502"), encoding="utf-8")
    check = subprocess.run([exe, "-c", "-f", str(local)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_proxy_config_needs_a_backend() -> None:
    done = runner.invoke(app, ["proxy-config"])
    assert done.exit_code != 0


@pytest.mark.parametrize(
    "url", ["http://192.168.1.5:8501", "http://example.org", "http://10.0.0.1"]
)
def test_bench_sessions_refuses_other_machines(url: str) -> None:
    with pytest.raises(ValueError, match="only target this machine"):
        loadtest.check_local(url)
    done = runner.invoke(app, ["bench", "--sessions", "2", "--url", url])
    assert done.exit_code == 2 and "only target this machine" in done.output


def test_bench_percentiles() -> None:
    values = [float(v) for v in range(1, 21)]
    assert loadtest.percentile(values, 0.5) == 11.0 and loadtest.percentile(values, 0.95) == 19.0
