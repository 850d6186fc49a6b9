"""Sign-in end to end: a real OpenID Connect provider, ``dvk serve`` with an ``[auth]``
secrets file, real Chromium signing in as an editor and as a viewer.

Checks what each role can and cannot do, that the editor's commit is recorded under the
signed-in e-mail, that the editor's commit message replayed over a viewer's websocket is
refused on the server, that a link opened signed out comes back after sign-in, and that
no page asks anything of a host outside this machine. Screenshots: ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from data_loaders import appdb
from data_loaders.appdb import users
from tests.e2e_support import ARGS, CHROMIUM, free_port
from tests.e2e_support import settle as _settle
from tests.e2e_support import shot as _shot
from tests.serve_support import dvk_serve, provider, sign_in, write_secrets

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
REPORT = Path(__file__).parent / "corpus" / "reports" / "dongda-2022.txt"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
REPLAY_JS = """async ([frame]) => {
  const xsrf = (document.cookie.match(/_streamlit_xsrf=([^;]+)/) || [])[1] || "";
  const ws = new WebSocket(`ws://${location.host}/_stcore/stream`, ["streamlit", xsrf]);
  ws.binaryType = "arraybuffer";
  const got = [];
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
  await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
  const done = new Promise((ok) => {
    ws.onmessage = (e) => { got.push(b64(e.data)); };
    setTimeout(ok, 15000);
  });
  ws.send(Uint8Array.from(atob(frame), (c) => c.charCodeAt(0)));
  await done;
  ws.close();
  return got;
}"""


def _commit_frame(frames: list[bytes]) -> bytes:
    """The BackMsg the editor's browser sent for the commit button."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    for raw in reversed(frames):
        msg = BackMsg()
        msg.ParseFromString(raw)
        if msg.WhichOneof("type") != "rerun_script":
            continue
        states = msg.rerun_script.widget_states.widgets
        if any(w.id.endswith("rv_commit") and w.trigger_value for w in states):
            return raw
    raise AssertionError("no commit message was sent")


def _replies(encoded: list[str]) -> tuple[bool, list[str]]:
    """(page_not_found seen, visible texts) of the ForwardMsgs a replay received."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    not_found, texts = False, []
    for item in encoded:
        msg = ForwardMsg()
        msg.ParseFromString(base64.b64decode(item))
        kind = msg.WhichOneof("type")
        not_found |= kind == "page_not_found"
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            part = getattr(element, element.WhichOneof("type") or "", None)
            texts += [getattr(part, a) for a in ("body", "label") if getattr(part, a, "")]
    return not_found, texts


def _ledger(data: Path) -> list[tuple[str, str]]:
    with appdb.session(data) as s:
        rows = s.execute(sa.select(appdb.IngestRun.path, appdb.IngestRun.user_name)).all()
    return [tuple(r) for r in rows]


def test_sign_in_as_editor_and_viewer(sample_data_dir: Path, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    data = tmp_path / "data"
    shutil.copytree(sample_data_dir, data)
    users.add(data, "editor@example.org", "editor")
    users.add(data, "viewer@example.org", "viewer")
    users.add(data, "hp.editor@example.org", "editor", province="Hải Phòng")
    report = tmp_path / "dong-da-2019.txt"  # figures the sample does not hold
    text = REPORT.read_text(encoding="utf-8").replace("2022", "2019").replace("371", "373")
    report.write_text(text, encoding="utf-8")
    port = free_port()
    base = f"http://localhost:{port}"  # the host of redirect_uri
    external: list[str] = []

    def watch(page) -> None:
        def on_request(request) -> None:
            host = urlsplit(request.url).hostname or ""
            frame_host = urlsplit(request.frame.url).hostname if request.frame else None
            if host not in LOCAL_HOSTS and frame_host == "localhost":
                external.append(request.url)

        page.on("request", on_request)

    with (
        provider(tmp_path / "provider.log", []) as issuer,
        dvk_serve(
            data,
            tmp_path / "serve.log",
            "--secrets",
            str(write_secrets(tmp_path / "secrets.toml", base, issuer)),
            port=port,
        ),
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def context():
            ctx = browser.new_context(viewport={"width": 1300, "height": 900})
            ctx.route(  # as offline: nothing leaves the machine (requests are still seen)
                lambda url: (urlsplit(url).hostname or "") not in LOCAL_HOSTS,
                lambda route: route.abort(),
            )
            return ctx

        # --- an editor limited to Hải Phòng may not commit figures of Hà Nội ----------
        page = context().new_page()
        watch(page)
        sign_in(page, base + "/nhap-bao-cao", "hp.editor@example.org")
        page.get_by_text("Người duyệt: hp.editor@example.org").wait_for(timeout=120_000)
        page.locator("input[type=file]").set_input_files(str(report))
        page.get_by_role("button", name="Xác nhận tất cả").click(timeout=90_000)
        settle(page)
        page.get_by_role("button", name="Ghi vào kho dữ liệu").click()
        page.get_by_text("Bạn chỉ được ghi số liệu của Thành phố Hải Phòng").wait_for(
            timeout=90_000
        )
        shot(page, "auth-editor-province")
        assert not [r for r in _ledger(data) if r[0] == "dong-da-2019.txt"]
        page.context.close()

        # --- editor: upload a report, confirm, commit --------------------------------
        page = context().new_page()
        watch(page)
        page.goto(base + "/")
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=90_000)
        shot(page, "auth-signin")
        sign_in(page, base + "/", "editor@example.org")
        page.wait_for_url(base + "/**", timeout=60_000)
        settle(page)
        nav = page.get_by_test_id("stSidebarNav")
        assert "Nhập báo cáo" in nav.inner_text()
        assert "editor@example.org" in page.get_by_test_id("stSidebar").inner_text()
        nav.get_by_text("Nhập báo cáo").click()
        page.get_by_text("Người duyệt: editor@example.org").wait_for(timeout=90_000)
        assert page.locator("input[type=text][aria-label='Người duyệt']").count() == 0
        frames: list[bytes] = []
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framesent", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())
            ),
        )
        page.reload()  # so this page's websocket is watched from its start
        page.locator("input[type=file]").wait_for(state="attached", timeout=90_000)
        page.locator("input[type=file]").set_input_files(str(report))
        page.get_by_role("button", name="Xác nhận tất cả").wait_for(timeout=90_000)
        page.get_by_role("button", name="Xác nhận tất cả").click()
        settle(page)
        page.get_by_role("button", name="Ghi vào kho dữ liệu").click()
        page.get_by_text("Đã ghi").wait_for(timeout=90_000)
        shot(page, "auth-editor")
        assert ("dong-da-2019.txt", "editor@example.org") in _ledger(data)
        commit = _commit_frame(frames)

        # --- viewer: a link opened signed out comes back after sign-in ---------------
        page = context().new_page()
        watch(page)
        page.goto(base + "/so-sanh?lang=en")
        page.get_by_role("button", name="Sign in").click(timeout=90_000)
        page.wait_for_selector("input[name=sub]", timeout=30_000)
        page.fill("input[name=sub]", "viewer@example.org")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url("**/so-sanh?**lang=en**", timeout=90_000)
        settle(page)
        shot(page, "auth-viewer")
        sidebar = page.get_by_test_id("stSidebar").inner_text()
        assert "viewer@example.org" in sidebar and "viewer" in sidebar
        nav = page.get_by_test_id("stSidebarNav").inner_text()
        assert "Compare" in nav and "Import" not in nav
        before = _ledger(data)

        # the import page by address: not there for a viewer
        page.goto(base + "/nhap-bao-cao")
        settle(page)
        assert page.locator("input[type=file]").count() == 0
        assert "Page not found" in page.inner_text("body")
        shot(page, "auth-viewer-refused")

        # the editor's commit message, replayed on a viewer's own websocket
        replies = page.evaluate(REPLAY_JS, [base64.b64encode(commit).decode()])
        _not_found, texts = _replies(replies)
        assert len(texts) > 3, texts  # a page ran for the replay: the default one
        refused_page = ("Tệp báo cáo", "Người duyệt", "Đã ghi", "Ghi vào kho dữ liệu")
        assert not [t for t in texts if any(r in t for r in refused_page)], texts
        assert _ledger(data) == before
        browser.close()
    assert external == [], external  # favicon, fonts, scripts: all served locally


def settle(page) -> None:
    _settle(page, pause_ms=800, timeout_ms=60_000, run_ms=90_000)


def shot(page, name: str) -> None:
    _shot(page, name, full_page=False)
