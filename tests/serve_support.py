"""Real servers for the sign-in, signal and several-process tests: ``dvk serve`` (as a
user starts it), a real OpenID Connect provider (``oidc-provider-mock``) and HAProxy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e_support import ROOT, free_port

PROVIDER = "oidc-provider-mock"


def wait_http(url: str, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.time() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.time() > deadline or (proc is not None and proc.poll() is not None):
            text = log.read_text(errors="replace") if log and log.exists() else ""
            raise RuntimeError(f"{url} did not come up\n{text[-3000:]}")
        time.sleep(0.3)


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def provider(log: Path, users: list[dict]) -> Iterator[str]:
    """A real OpenID Connect provider on 127.0.0.1; yields its issuer URL."""
    exe = shutil.which(PROVIDER)
    if exe is None:
        pytest.skip(f"{PROVIDER} is not installed (pip install -e '.[test]')")
    port = free_port()
    cmd = [exe, "--host", "127.0.0.1", "--port", str(port)]
    for claims in users:
        cmd += ["--user-claims", json.dumps(claims)]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{issuer}/.well-known/openid-configuration", proc, log)
        yield issuer
    finally:
        stop(proc)


def write_secrets(path: Path, base_url: str, issuer: str) -> Path:
    """A secrets.toml as an organisation writes it (see README 'Sign-in and roles')."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{base_url}/oauth2callback"\n'
        'cookie_secret = "a-long-random-string-for-the-tests-only"\n'
        'client_id = "dvk-dashboard"\n'
        'client_secret = "dvk-test-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path


def serve_cmd(data_dir: Path, port: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "dashboard.cli",
        "serve",
        "--data-dir",
        str(data_dir),
        "--port",
        str(port),
        *extra,
    ]


def serve_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    env.pop("DVK_DATA_DIR", None)
    return env


@contextmanager
def dvk_serve(
    data_dir: Path, log: Path, *extra: str, port: int | None = None, **env: str
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``dvk serve`` on 127.0.0.1 until the block ends; yields (URL, process)."""
    port = port or free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            serve_cmd(data_dir, port, *extra),
            env=serve_env(**env),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=data_dir,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/_stcore/health", proc, log)
        yield base, proc
    finally:
        stop(proc)


def sign_in(page, start_url: str | None, sub: str, before=None) -> None:
    """Open ``start_url`` signed out (None: the page already open), press "Đăng nhập" (after
    ``before(page)`` if given), sign in at the provider as ``sub``."""
    if start_url is not None:
        page.goto(start_url)
    button = page.get_by_role("button", name="Đăng nhập")
    button.wait_for(timeout=60_000)
    if before is not None:
        before(page)
    button.click()
    page.wait_for_selector("input[name=sub]", timeout=30_000)
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()


def nginx_exe() -> str:
    exe = shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin:/bin")
    if exe is None:
        pytest.skip("nginx is not installed (bash .ci/setup --test installs it)")
    return exe


def nginx_main(prefix: Path, conf_d_file: Path, log_format: str = "") -> Path:
    """A whole nginx.conf for a non-root nginx under ``prefix`` (pid, logs, temp files)
    including ``conf_d_file`` (what ``dvk proxy-config --kind nginx`` writes) as Debian's
    ``/etc/nginx/nginx.conf`` includes ``conf.d/*.conf``; ``log_format`` for ``access.log``."""
    prefix.mkdir(parents=True, exist_ok=True)
    temps = "".join(
        f"    {kind}_temp_path {prefix / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = prefix / "nginx.conf"
    main.write_text(
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} info;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        + (f"    log_format dvk '{log_format}';\n" if log_format else "")
        + f"    access_log {prefix / 'access.log'}{' dvk' if log_format else ''};\n"
        f"{temps}"
        f"    include {conf_d_file};\n"
        "}\n",
        encoding="utf-8",
    )
    return main


def nginx_cmd(prefix: Path, main: Path, *extra: str) -> list[str]:
    return [
        nginx_exe(),
        "-p",
        str(prefix),
        "-e",
        str(prefix / "error.log"),
        "-c",
        str(main),
        *extra,
    ]
