"""Sign-in end to end: a real OpenID Connect provider, ``dvk serve`` with an ``[auth]``
secrets file, real Chromium signing in as an editor and as a viewer.

Checks what each role can and cannot do, that the editor's commit is recorded under the
signed-in e-mail, that the editor's commit message replayed over a viewer's websocket is
refused on the server, that a short link opened signed out tells nothing of its view and
comes back as that view after sign-in, and that no page asks anything of a host outside
this machine. One provider and one server for it all, and as few page loads as the checks
allow (each costs seconds on a loaded machine). Screenshots: ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import base64
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from data_loaders import appdb
from data_loaders.appdb import saved_views, users
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
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
  window.dvkReplies = [];
  await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
  ws.onmessage = (e) => { window.dvkReplies.push(b64(e.data)); };
  ws.send(Uint8Array.from(atob(frame), (c) => c.charCodeAt(0)));
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
        if any(w.id.endswith("imp_commit") and w.trigger_value for w in states):
            return raw
    raise AssertionError("no commit message was sent")


def _until_run_ends(page, timeout_s: float = 90) -> list[str]:
    """The ForwardMsgs the replay's websocket received, once the script run it caused ended."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        got = page.evaluate("() => window.dvkReplies")
        for item in got:
            msg = ForwardMsg()
            msg.ParseFromString(base64.b64decode(item))
            ended = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished in ended:
                return got
        page.wait_for_timeout(500)
    raise AssertionError("the replayed message caused no script run that ended")


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
        page.get_by_text("Người nhập: hp.editor@example.org").wait_for(timeout=120_000)
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
        frames: list[bytes] = []  # every websocket of the tab, watched from its start
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framesent", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())
            ),
        )
        page.goto(base + "/")
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=90_000)
        shot(page, "auth-signin")
        sign_in(page, None, "editor@example.org")  # on the page already open
        page.wait_for_url(base + "/**", timeout=60_000)
        settle(page)
        nav = page.get_by_test_id("stSidebarNav")
        assert "Nhập dữ liệu" in nav.inner_text()
        assert "editor@example.org" in page.get_by_test_id("stSidebar").inner_text()
        nav.get_by_text("Nhập dữ liệu").click()
        page.get_by_text("Người nhập: editor@example.org").wait_for(timeout=90_000)
        assert page.locator("input[type=text][aria-label='Người nhập']").count() == 0
        page.locator("input[type=file]").set_input_files(str(report))
        page.get_by_role("button", name="Xác nhận tất cả").wait_for(timeout=90_000)
        page.get_by_role("button", name="Xác nhận tất cả").click()
        settle(page)
        page.get_by_role("button", name="Ghi vào kho dữ liệu").click()
        page.get_by_text("Đã ghi").wait_for(timeout=90_000)
        shot(page, "auth-editor")
        assert ("dong-da-2019.txt", "editor@example.org") in _ledger(data)
        commit = _commit_frame(frames)

        # --- viewer: a short link opened signed out is that view after sign-in -------
        key = saved_views.save_view(data, "so-sanh", "lang=en&norm=share")
        page = context().new_page()
        watch(page)
        sign_in(page, f"{base}/so-sanh?v={key}", "viewer@example.org", before=_nothing_told)
        page.wait_for_url("**/so-sanh?**lang=en**", timeout=90_000)
        assert "norm=share" in page.url and "v=" not in page.url
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
        page.get_by_role("dialog").get_by_text("Không tìm thấy trang").wait_for(timeout=60_000)
        shot(page, "auth-viewer-refused")

        # the editor's commit message, replayed on a viewer's own websocket
        page.evaluate(REPLAY_JS, [base64.b64encode(commit).decode()])
        _not_found, texts = _replies(_until_run_ends(page))
        assert len(texts) > 3, texts  # a page ran for the replay: the default one
        refused_page = ("Tệp cần nhập", "Người nhập", "Đã ghi", "Ghi vào kho dữ liệu")
        assert not [t for t in texts if any(r in t for r in refused_page)], texts
        assert _ledger(data) == before
        browser.close()
    assert external == [], external  # favicon, fonts, scripts: all served locally


def _nothing_told(page) -> None:
    """Signed out, a short link stays a key: none of its view is in the address or page."""
    assert "lang=en" not in page.url and "norm" not in page.url and "?v=" in page.url
    assert "Compare" not in page.inner_text("body")


def settle(page) -> None:
    _settle(page, pause_ms=800, timeout_ms=60_000, run_ms=90_000)


def shot(page, name: str) -> None:
    _shot(page, name, full_page=False)


def _button_frame(frames: list[bytes], widget: str) -> bytes:
    """The last BackMsg a browser sent pressing the button (or form submit) ``widget``."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    for raw in reversed(frames):
        msg = BackMsg()
        msg.ParseFromString(raw)
        if msg.WhichOneof("type") != "rerun_script":
            continue
        states = msg.rerun_script.widget_states.widgets
        if any(w.id.endswith(widget) and w.trigger_value for w in states):
            return raw
    raise AssertionError(f"no message pressing {widget} was sent")


def _user_names(data: Path) -> set[str]:
    return {row.name for row in users.list_users(data)}


def test_only_an_admin_manages_users(sample_data_dir: Path, tmp_path: Path) -> None:
    """An admin sees "Người dùng" and adds a user (audited under the admin's e-mail); a
    viewer does not see the page, is refused it by address, and the admin's "Thêm"
    message replayed on the viewer's websocket adds nobody."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    data = tmp_path / "data"
    shutil.copytree(sample_data_dir, data)
    users.add(data, "admin@example.org", "admin")
    users.add(data, "viewer@example.org", "viewer")
    port = free_port()
    base = f"http://localhost:{port}"
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

        def new_page():
            return browser.new_context(viewport={"width": 1300, "height": 900}).new_page()

        # --- admin: the page is in the menu; add a user there -------------------------
        page = new_page()
        frames: list[bytes] = []
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framesent", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())
            ),
        )
        sign_in(page, base + "/", "admin@example.org")
        page.wait_for_url(base + "/**", timeout=60_000)
        settle(page)
        nav = page.get_by_test_id("stSidebarNav")
        assert "Người dùng" in nav.inner_text()
        nav.get_by_text("Người dùng").click()
        page.get_by_role("heading", name="Thêm người dùng").wait_for(timeout=90_000)
        page.get_by_label("Thư điện tử").fill("new.viewer@example.org")
        page.get_by_role("button", name="Thêm", exact=True).click()
        page.get_by_text("Đã thêm new.viewer@example.org").wait_for(timeout=90_000)
        settle(page)
        shot(page, "auth-admin-users")
        assert users.get(data, "new.viewer@example.org").role == "viewer"
        with appdb.session(data) as s:
            audit = s.execute(
                sa.select(appdb.AuditEntry.user_name).where(
                    appdb.AuditEntry.target == "user:new.viewer@example.org"
                )
            ).scalars()
            assert list(audit) == ["admin@example.org"]
        add = _button_frame(frames, "us_add_go")
        page.context.close()

        # --- viewer: not in the menu, refused by address, the replay adds nobody -------
        page = new_page()
        sign_in(page, base + "/", "viewer@example.org")
        page.wait_for_url(base + "/**", timeout=60_000)
        settle(page)
        assert "Người dùng" not in page.get_by_test_id("stSidebarNav").inner_text()
        page.goto(base + "/nguoi-dung")
        settle(page)
        page.get_by_role("dialog").get_by_text("Không tìm thấy trang").wait_for(timeout=60_000)
        assert page.get_by_role("heading", name="Thêm người dùng").count() == 0
        shot(page, "auth-viewer-no-users-page")
        before = _user_names(data)
        page.evaluate(REPLAY_JS, [base64.b64encode(add).decode()])
        _not_found, texts = _replies(_until_run_ends(page))
        assert not [t for t in texts if "Thêm người dùng" in t or "Đã thêm" in t], texts
        assert _user_names(data) == before
        browser.close()
