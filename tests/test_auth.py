"""Roles and users (dvk users), the open-address guard of dvk serve, page gating by role."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashboard import auth
from dashboard.cli import app
from dashboard.review_logic import DOC_KEY, save_upload
from data_loaders import appdb
from data_loaders.appdb import saved_views, users
from tests.dashboard_fixtures import TIMEOUT, open_page, problems, shown_text
from tests.e2e_support import ROOT

REPORT = Path(__file__).parent / "corpus" / "reports" / "dongda-2022.txt"
runner = CliRunner()


@pytest.fixture
def data_dir(dashboard_copy: Path) -> Path:
    return dashboard_copy


def test_users_commands_add_list_set_role_remove(tmp_path: Path) -> None:
    d = ["--data-dir", str(tmp_path)]
    out = runner.invoke(app, ["users", "add", "Lan@So.Gov.vn", "--role", "editor", *d])
    assert out.exit_code == 0, out.output
    out = runner.invoke(app, ["users", "add", "lan@so.gov.vn", *d])  # same person, any case
    assert out.exit_code == 2 and "already exists" in out.output
    out = runner.invoke(app, ["users", "add", "an@so.gov.vn", "--role", "boss", *d])
    assert out.exit_code == 2 and "unknown role 'boss'" in out.output
    out = runner.invoke(app, ["users", "add", "an@so.gov.vn", "--province", "Hà Nội", *d])
    assert out.exit_code == 2 and "only an editor" in out.output
    out = runner.invoke(
        app, ["users", "set-role", "lan@so.gov.vn", "editor", "--province", "hp", *d]
    )
    assert out.exit_code == 2 and "unknown province" in out.output
    out = runner.invoke(
        app, ["users", "set-role", "LAN@so.gov.vn", "editor", "--province", "Hải Phòng", *d]
    )
    assert out.exit_code == 0, out.output
    out = runner.invoke(app, ["users", "list", *d])
    assert "lan@so.gov.vn" in out.output and "Hải Phòng [N31]" in out.output
    with appdb.session(tmp_path) as s:
        audit = s.scalars(sa.select(appdb.AuditEntry).order_by(appdb.AuditEntry.id)).all()
    assert [a.action for a in audit] == ["add_user", "set_role"]
    assert audit[1].before["role"] == "editor" and audit[1].after["province_code"] == "N31"
    assert runner.invoke(app, ["users", "remove", "lan@so.gov.vn", *d]).exit_code == 0
    assert runner.invoke(app, ["users", "remove", "lan@so.gov.vn", *d]).exit_code == 1
    assert "no users" in runner.invoke(app, ["users", "list", *d]).output


def test_role_rules_and_claims(monkeypatch) -> None:
    viewer, editor = auth.Identity("v@x.vn", "viewer"), auth.Identity("e@x.vn", "editor")
    assert viewer.can("read") and not viewer.can("ingest")
    assert editor.can("ingest") and not editor.can("manage_users")
    assert not auth.Identity("n@x.vn", None).can("read")
    monkeypatch.delenv(auth.ROLE_CLAIM_ENV, raising=False)
    assert auth.role_from_claims({"role": "editor"}) is None  # claims unused unless configured
    monkeypatch.setenv(auth.ROLE_CLAIM_ENV, "groups")
    assert auth.role_from_claims({"groups": ["staff", "Editor", "viewer"]}) == "editor"
    assert auth.role_from_claims({"groups": ["staff"]}) is None


def test_editor_limited_to_a_province() -> None:
    figures = [
        {"locality": "Quận Đống Đa", "province": "Hà Nội"},  # old unit of Hà Nội
        {"province": "Thành phố Hà Nội"},
        {"locality": "Quận Đống Đa", "province": "Hải Phòng"},  # not in it: cannot be placed
        {"province": "Hải Phòng"},
        {},
    ]
    assert auth.outside_province("N01", figures) == ["#3: Quận Đống Đa", "#4: Hải Phòng", "#5: ?"]
    assert auth.outside_province("N31", figures) == [
        "#1: Quận Đống Đa",
        "#2: Thành phố Hà Nội",
        "#3: Quận Đống Đa",
        "#5: ?",
    ]


def test_sign_in_configuration_problems(tmp_path: Path) -> None:
    assert auth.sign_in_problems({}) == ["no [auth] section in the secrets file"]
    half = tmp_path / "half.toml"
    half.write_text('[auth]\nredirect_uri = "http://x/oauth2callback"\n', encoding="utf-8")
    problems_found = auth.sign_in_problems(auth.auth_section([half]))
    assert "[auth] has no cookie_secret" in problems_found
    named = {
        "redirect_uri": "u",
        "cookie_secret": "s",
        "keycloak": {"client_id": "a", "client_secret": "b", "server_metadata_url": "c"},
    }
    assert auth.sign_in_problems(named) == [] and auth.provider_name(named) == "keycloak"


def _serve(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dashboard.cli", "serve", "--data-dir", str(tmp_path), *args]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)


def test_serve_refuses_an_open_address_without_sign_in(tmp_path: Path) -> None:
    done = _serve(tmp_path, "--address", "0.0.0.0", "--port", "1")
    assert done.returncode == 2
    assert "refusing to serve on 0.0.0.0 without sign-in" in done.stderr
    assert "--allow-open" in done.stderr
    assert not (tmp_path / "warehouse").exists()  # refused before anything was done
    half = tmp_path / "secrets.toml"
    half.write_text('[auth]\nclient_id = "x"\n', encoding="utf-8")
    done = _serve(tmp_path, "--address", "0.0.0.0", "--secrets", str(half))
    assert done.returncode == 2 and "not fully configured" in done.stderr
    assert "[auth] has no redirect_uri" in done.stderr


def test_viewer_has_no_import_page_and_is_refused_there(data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv(auth.ANON_ROLE_ENV, "viewer")
    at = open_page("tong-quan")
    assert problems(at) == []
    with pytest.raises(ValueError):  # the page is not registered for a viewer at all
        at.switch_page("app_pages/import_data.py")
    assert not any(b.key == "imp_commit" for b in at.button)


def test_reviewer_is_the_signed_in_user_never_typed(data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv(auth.ANON_ROLE_ENV, "editor")
    monkeypatch.setenv("USER", "can.bo@so.gov.vn")
    text = REPORT.read_text(encoding="utf-8").replace("2022", "2019").replace("371", "373")
    path = save_upload(data_dir, "dong-da-2019.txt", text.encode("utf-8"))
    at = open_page("nhap-du-lieu")
    at.session_state[DOC_KEY] = str(path)
    at.run()
    assert problems(at) == []
    assert not [t for t in at.text_input if t.key == "rv_user"]  # no typed reviewer
    assert any("can.bo@so.gov.vn" in c.value for c in at.caption)
    next(b for b in at.button if b.key == "rv_all").click().run()
    next(b for b in at.button if b.key == "imp_commit").click().run()
    assert problems(at) == []
    with appdb.session(data_dir) as s:
        run = s.scalars(sa.select(appdb.IngestRun).order_by(appdb.IngestRun.id.desc())).first()
        deciders = set(s.scalars(sa.select(appdb.ReviewItem.decided_by)).all())
    assert run.user_name == "can.bo@so.gov.vn" and run.path.endswith("dong-da-2019.txt")
    assert deciders == {"can.bo@so.gov.vn"}


AUTH_SECRETS = {
    "redirect_uri": "http://localhost:1/oauth2callback",
    "cookie_secret": "a-long-random-string-for-the-tests-only",
    "client_id": "dvk-dashboard",
    "client_secret": "dvk-test-secret",
    "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
}


def _signed(data_dir: Path, key: str, user: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = user
    at.query_params["v"] = key
    at.run()
    return at


def test_short_link_is_expanded_only_after_sign_in(data_dir: Path) -> None:
    users.add(data_dir, "lan@so.gov.vn", "viewer")
    key = saved_views.save_view(data_dir, "tong-quan", "p=31&v_top=table")
    at = _signed(data_dir, key, {"is_logged_in": False})
    assert problems(at) == []
    assert [b.label for b in at.button] == ["Đăng nhập"]  # the sign-in page, nothing else
    assert dict(at.query_params) == {"v": key}  # the saved view's parameters stay hidden
    unknown = _signed(data_dir, "khongcoday", {"is_logged_in": False})
    assert dict(unknown.query_params) == {"v": "khongcoday"} and not unknown.warning
    # signed in (the address came back from the sign-in page): the view is restored
    at = _signed(data_dir, key, {"is_logged_in": True, "email": "lan@so.gov.vn"})
    assert problems(at) == []
    assert at.query_params.get("p") == "31" and at.query_params.get("v_top") == "table"
    assert "v" not in at.query_params


def _form(at: AppTest, key: str, **values: object) -> AppTest:
    """Fill the widgets ``us_<key>_<name>`` of one form and press its button."""
    for name, value in values.items():
        widget = next(w for w in at.main if getattr(w, "key", None) == f"us_{key}_{name}")
        widget.set_value(value)
    return next(b for b in at.button if b.key == f"us_{key}_go").click().run()


def _said(elements) -> str:
    return " ".join(shown_text(e.value) for e in elements)


def test_admin_page_manages_users_and_logs_the_admin(data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv(auth.ANON_ROLE_ENV, "admin")
    monkeypatch.setenv("USER", "quan.tri@so.gov.vn")
    at = open_page("nguoi-dung")
    assert problems(at) == [] and at.title[0].value == "Người dùng"
    assert "Chưa có người dùng nào" in at.info[0].value
    _form(at, "add", email="Lan@So.Gov.vn", role="editor", prov="N31")
    assert problems(at) == [] and "Đã thêm lan@so.gov.vn" in _said(at.success)
    table = at.dataframe[0].value
    assert table.to_dict("records") == [
        {
            "Thư điện tử": "lan@so.gov.vn",
            "Vai trò": "Biên tập viên",
            "Giới hạn": "Thành phố Hải Phòng",
        }
    ]
    _form(at, "add", email="lan@so.gov.vn", role="viewer", prov="")
    assert "Đã có người dùng lan@so.gov.vn" in _said(at.error)
    _form(at, "add", email="khong-phai-thu", role="viewer", prov="")
    assert "không phải địa chỉ thư điện tử" in _said(at.error)
    _form(at, "add", email="an@so.gov.vn", role="viewer", prov="N01")
    assert "Chỉ biên tập viên mới được giới hạn" in _said(at.error)
    _form(at, "change", user="lan@so.gov.vn", role="viewer", prov="")
    assert "Đã đổi vai trò của lan@so.gov.vn: Người xem" in _said(at.success)
    roles = [o for s in at.selectbox if s.key == "us_add_role" for o in s.options]
    assert roles == ["Người xem", "Biên tập viên", "Quản trị viên"]
    assert users.get(data_dir, "lan@so.gov.vn").province_code is None
    _form(at, "remove", user="lan@so.gov.vn")
    assert "đánh dấu ô xác nhận" in _said(at.warning) and users.get(data_dir, "lan@so.gov.vn")
    _form(at, "remove", user="lan@so.gov.vn", sure=True)
    assert "Đã xoá lan@so.gov.vn" in _said(at.success)
    assert users.get(data_dir, "lan@so.gov.vn") is None
    with appdb.session(data_dir) as s:
        audit = s.scalars(sa.select(appdb.AuditEntry).order_by(appdb.AuditEntry.id)).all()
    managed = [a for a in audit if a.action != "ingest"]  # the sample's load is audited too
    assert [(a.action, a.user_name) for a in managed] == [
        ("add_user", "quan.tri@so.gov.vn"),
        ("set_role", "quan.tri@so.gov.vn"),
        ("remove_user", "quan.tri@so.gov.vn"),
    ]


def test_admin_cannot_demote_or_remove_themselves(data_dir: Path) -> None:
    users.add(data_dir, "quan.tri@so.gov.vn", "admin")
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = {"is_logged_in": True, "email": "quan.tri@so.gov.vn"}
    at.run()
    at.switch_page("app_pages/users.py").run()
    assert problems(at) == []
    _form(at, "change", user="quan.tri@so.gov.vn", role="editor")
    assert "không thể tự hạ quyền" in _said(at.error)
    _form(at, "remove", user="quan.tri@so.gov.vn", sure=True)
    assert "không thể tự hạ quyền" in _said(at.error)
    assert users.get(data_dir, "quan.tri@so.gov.vn").role == "admin"


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_users_page_is_not_there_for_others(data_dir: Path, monkeypatch, role: str) -> None:
    monkeypatch.setenv(auth.ANON_ROLE_ENV, role)
    at = open_page("tong-quan")
    assert problems(at) == []
    with pytest.raises(ValueError):  # not registered: unreachable by URL or message
        at.switch_page("app_pages/users.py")
    assert not [w for w in at.main if str(getattr(w, "key", "")).startswith("us_")]
