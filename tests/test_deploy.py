"""The deployment helpers: the HAProxy and nginx configurations `dvk proxy-config` writes
are valid for Debian's haproxy and nginx, and `dvk bench --sessions` only ever targets this
machine."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard import proxy as proxy_mod
from dashboard.cli import app
from dashboard.tools import loadtest
from tests.e2e_support import free_port
from tests.serve_support import nginx_cmd, nginx_main, stop, wait_http

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


def test_proxy_config_is_valid_nginx(tmp_path: Path) -> None:
    out = tmp_path / "dvk.conf"
    args = ["proxy-config", "--kind", "nginx", "--listen", "127.0.0.1:8500", "--out", str(out)]
    done = runner.invoke(app, [*args, "--backend", "127.0.0.1:8501", "--backend", "app2:8501"])
    assert done.exit_code == 0, done.output
    assert "conf.d" in done.output
    text = out.read_text(encoding="utf-8")
    assert "proxy_set_header Upgrade $http_upgrade;" in text  # websockets
    assert "map $cookie_DVKSRV $dvk_backend" in text and "DVKSRV=$dvk_backend" in text  # sticky
    assert "server app2:8501 max_fails=1 fail_timeout=10s;" in text
    assert "client_max_body_size 512m;" in text  # the loaders' own limit
    local = tmp_path / "local.conf"
    local.write_text(text.replace("app2:8501", "127.0.0.1:8502"), encoding="utf-8")
    prefix = tmp_path / "nginx"
    check = subprocess.run(
        nginx_cmd(prefix, nginx_main(prefix, local), "-t"), capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_proxy_config_needs_a_backend_and_a_known_kind() -> None:
    done = runner.invoke(app, ["proxy-config"])
    assert done.exit_code != 0
    done = runner.invoke(app, ["proxy-config", "--kind", "apache", "--backend", "127.0.0.1:1"])
    assert done.exit_code == 2 and "unknown proxy kind 'apache'" in done.output


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


@contextmanager
def _static_backend(root: Path) -> Iterator[str]:
    """A real HTTP server standing in for `dvk serve` (answers ``/_stcore/health``)."""
    (root / "_stcore").mkdir(parents=True)
    (root / "_stcore" / "health").write_text("ok", encoding="utf-8")
    (root / "index.html").write_text("<p>dvk</p>", encoding="utf-8")
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    proc = subprocess.Popen(cmd, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc)
        yield f"127.0.0.1:{port}"
    finally:
        stop(proc)


def _cookie_through(proxy: str) -> str:
    """The sticky cookie's Set-Cookie header on the first answer through the proxy."""
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(proxy + "/", timeout=5) as resp:
                cookies = resp.headers.get_all("Set-Cookie") or []
            found = [c for c in cookies if c.startswith(f"{proxy_mod.COOKIE}=")]
            if found:
                return found[0]
        except OSError:
            pass
        if time.time() > deadline:
            raise TimeoutError(f"no {proxy_mod.COOKIE} cookie from {proxy}")
        time.sleep(0.3)


def _flags(header: str) -> set[str]:
    return {part.strip().lower() for part in header.split(";")[1:]}


@pytest.mark.parametrize("kind", proxy_mod.KINDS)
@pytest.mark.parametrize("public", ["https://dvk.example.vn", "http://10.0.0.5:8500"])
def test_the_sticky_cookie_is_secure_behind_https(kind: str, public: str, tmp_path: Path) -> None:
    """Real HAProxy / nginx: the sticky cookie is HttpOnly and SameSite=Lax, and Secure
    when the public address is https (then a browser never sends it in clear text)."""
    listen = free_port()
    conf = tmp_path / ("haproxy.cfg" if kind == "haproxy" else "dvk.conf")
    with _static_backend(tmp_path / "www") as backend:
        args = ["proxy-config", "--kind", kind, "--listen", f"127.0.0.1:{listen}"]
        args += ["--backend", backend, "--out", str(conf), "--public-url", public]
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
        assert ("is Secure" in done.output) == public.startswith("https")
        if kind == "haproxy":
            exe = shutil.which("haproxy", path="/usr/sbin:/usr/bin:/sbin:/bin")
            if exe is None:
                pytest.skip("haproxy is not installed (bash .ci/setup --test installs it)")
            cmd = [exe, "-f", str(conf), "-db"]
        else:
            prefix = tmp_path / "nginx"
            cmd = nginx_cmd(prefix, nginx_main(prefix, conf), "-g", "daemon off;")
        log = tmp_path / f"{kind}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        try:
            header = _cookie_through(f"http://127.0.0.1:{listen}")
        finally:
            stop(proc)
    flags = _flags(header)
    assert {"httponly", "samesite=lax"} <= flags, header
    assert ("secure" in flags) == public.startswith("https"), header


def test_proxy_config_takes_https_from_the_sign_in_redirect(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[auth]\nredirect_uri = "https://dvk.example.vn/oauth2callback"\n', encoding="utf-8"
    )
    for kind, secure in (("nginx", "SameSite=Lax; Secure"), ("haproxy", "httponly secure")):
        base = ["proxy-config", "--kind", kind, "--backend", "127.0.0.1:8501"]
        done = runner.invoke(app, [*base, "--secrets", str(secrets)])
        assert done.exit_code == 0 and secure in done.output, done.output
        # an explicit public address wins over the secrets file
        done = runner.invoke(app, [*base, "--secrets", str(secrets), "--public-url", "http://x"])
        assert done.exit_code == 0 and secure not in done.output, done.output


@pytest.mark.slow
def test_bench_compares_two_processes_behind_haproxy_with_one(sample_data_dir: Path) -> None:
    """`dvk bench --sessions N --processes 2`: one process, then two behind a real HAProxy,
    the ratio of their throughputs and the load generator's own CPU share."""
    import json

    if shutil.which("haproxy", path="/usr/sbin:/usr/bin:/sbin:/bin") is None:
        pytest.skip("haproxy is not installed (bash .ci/setup --test installs it)")
    args = ["bench", "--sessions", "2", "--processes", "2", "--data-dir", str(sample_data_dir)]
    done = runner.invoke(app, [*args, "--json"])
    assert done.exit_code == 0, done.output
    got = json.loads(done.output.strip().splitlines()[-1])
    one, many = got["one"], got["many"]
    assert one["page_loads"] == many["page_loads"] == 2 * len(loadtest.DEFAULT_PAGES)
    assert many["backends"] == ["dvk1", "dvk2"] and one["backends"] == []
    assert got["throughput_ratio"] == round(many["pages_per_s"] / one["pages_per_s"], 2)
    assert 0 < many["client_cpu_share"] < 1  # measured, and the client is not the bottleneck
    text = runner.invoke(app, args)  # the same, as printed for a person
    assert (
        text.exit_code == 0 and "throughput" in text.output and "load generator CPU" in text.output
    )
