"""Người dùng — who may sign in and with which role; administrators only.

The same operations as ``dvk users`` (``data_loaders/users.py``): add, change role and
province limit, remove. Each is recorded in the audit log under the signed-in admin.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, safe_text, signin, ui
from dashboard.context import Ctx
from dashboard.i18n import texts
from data_loaders.appdb import users

TEXT: dict[str, tuple[str, str]] = {
    "title": ("Người dùng", "Users"),
    "intro": (
        "Ai được đăng nhập và với vai trò nào: người xem (xem, xuất, chia sẻ), biên tập viên "
        "(thêm nhập và ghi số liệu, có thể chỉ cho một tỉnh, thành), quản trị viên (thêm quản "
        "lý người dùng). Mọi thay đổi được ghi vào nhật ký với tên của bạn.",
        "Who may sign in and with which role: viewer (read, export, share), editor (also "
        "import and commit figures, optionally for one province), administrator (also manage "
        "users). Every change is logged under your name.",
    ),
    "email": ("Thư điện tử", "E-mail"),
    "role": ("Vai trò", "Role"),
    "province": ("Chỉ cho tỉnh, thành (biên tập viên)", "Only for province (editors)"),
    "limit_col": ("Giới hạn", "Limited to"),
    "anywhere": ("Mọi tỉnh, thành", "Every province"),
    "old": ("{name} (trước 1/7/2025)", "{name} (before 1 July 2025)"),
    "none_yet": (
        "Chưa có người dùng nào: khi bật đăng nhập, không ai vào được.",
        "No users yet: with sign-in on, nobody can get in.",
    ),
    "add": ("Thêm người dùng", "Add a user"),
    "add_button": ("Thêm", "Add"),
    "change": ("Đổi vai trò", "Change a role"),
    "user": ("Người dùng", "User"),
    "change_button": ("Lưu thay đổi", "Save"),
    "remove": ("Xoá người dùng", "Remove a user"),
    "sure": ("Tôi chắc chắn muốn xoá người dùng này", "I am sure I want to remove this user"),
    "remove_button": ("Xoá", "Remove"),
    "added": ("Đã thêm {name} ({role}).", "Added {name} ({role})."),
    "changed": ("Đã đổi vai trò của {name}: {role}.", "Changed {name}: {role}."),
    "removed": ("Đã xoá {name}.", "Removed {name}."),
    "not_sure": ("Hãy đánh dấu ô xác nhận trước khi xoá.", "Tick the box to confirm first."),
    "own": (
        "Bạn không thể tự hạ quyền hay xoá tài khoản của chính mình; hãy nhờ một quản trị "
        "viên khác.",
        "You cannot lower your own role or remove yourself; ask another administrator.",
    ),
    "err_email": ("“{value}” không phải địa chỉ thư điện tử.", "“{value}” is not an e-mail."),
    "err_role": ("Không có vai trò “{value}”.", "There is no role “{value}”."),
    "err_province": ("Không có tỉnh, thành “{value}”.", "There is no province “{value}”."),
    "err_limit": (
        "Chỉ biên tập viên mới được giới hạn trong một tỉnh, thành.",
        "Only an editor can be limited to one province.",
    ),
    "err_exists": (
        "Đã có người dùng {value}: hãy đổi vai trò ở phần dưới.",
        "{value} is already a user: change the role below.",
    ),
    "err_missing": ("Không có người dùng {value}.", "There is no user {value}."),
}
FLASH = "_dvk_users_done"


_texts = texts(TEXT)


def tr(key: str, ctx: Ctx, **values: object) -> str:
    return _texts(key, ctx.lang, **values)


def _role(role: str, ctx: Ctx) -> str:
    """The role as a label ("Người xem", "Biên tập viên", "Quản trị viên"), capitalised like
    every other label of the page (the sentences of ``signin`` keep it lowercase)."""
    name = signin.tr(role, ctx.lang)
    return name[:1].upper() + name[1:]


def _provinces(ctx: Ctx) -> dict[str, str]:
    """Code → label of the provinces an editor may be limited to ("" = none)."""
    out = {"": tr("anywhere", ctx)}
    for code, name, current in users.province_choices():
        out[code] = name if current else tr("old", ctx, name=name)
    return out


def _refused(exc: users.UserError, ctx: Ctx) -> None:
    key = f"err_{exc.code}" if f"err_{exc.code}" in TEXT else "err_missing"
    st.error(tr(key, ctx, value=safe_text.md(exc.value)), icon=":material/block:")


def _table(rows: list[users.UserRow], ctx: Ctx, provinces: dict[str, str]) -> None:
    if not rows:
        st.info(tr("none_yet", ctx))
        return
    frame = pd.DataFrame(
        {
            tr("email", ctx): [r.name for r in rows],
            tr("role", ctx): [_role(r.role, ctx) for r in rows],
            tr("limit_col", ctx): [
                provinces.get(r.province_code or "", r.province_name) for r in rows
            ],
        }
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def _role_fields(ctx: Ctx, provinces: dict[str, str], key: str) -> tuple[str, str | None]:
    left, right = st.columns(2)
    role = left.selectbox(
        tr("role", ctx), users.ROLES, format_func=lambda r: _role(r, ctx), key=f"{key}_role"
    )
    province = right.selectbox(
        tr("province", ctx), list(provinces), format_func=provinces.get, key=f"{key}_prov"
    )
    return role, province or None


def _add(ctx: Ctx, who_name: str, provinces: dict[str, str]) -> None:
    with st.form("us_add", clear_on_submit=True):
        st.subheader(tr("add", ctx))
        email = st.text_input(tr("email", ctx), key="us_add_email")
        role, province = _role_fields(ctx, provinces, "us_add")
        if not st.form_submit_button(tr("add_button", ctx), type="primary", key="us_add_go"):
            return
    try:
        row = users.add(cache.data_dir(), email, role, province, by=who_name)
    except users.UserError as exc:
        _refused(exc, ctx)
        return
    st.session_state[FLASH] = tr("added", ctx, name=row.name, role=_role(row.role, ctx))
    st.rerun()


def _change(ctx: Ctx, who_name: str, rows: list[users.UserRow], provinces) -> None:
    with st.form("us_change"):
        st.subheader(tr("change", ctx))
        name = st.selectbox(tr("user", ctx), [r.name for r in rows], key="us_change_user")
        role, province = _role_fields(ctx, provinces, "us_change")
        if not st.form_submit_button(tr("change_button", ctx), key="us_change_go"):
            return
    if name == who_name.lower() and role != "admin":
        st.error(tr("own", ctx), icon=":material/block:")
        return
    try:
        row = users.set_role(cache.data_dir(), name, role, province, by=who_name)
    except users.UserError as exc:
        _refused(exc, ctx)
        return
    st.session_state[FLASH] = tr("changed", ctx, name=row.name, role=_role(row.role, ctx))
    st.rerun()


def _remove(ctx: Ctx, who_name: str, rows: list[users.UserRow]) -> None:
    with st.form("us_remove"):
        st.subheader(tr("remove", ctx))
        name = st.selectbox(tr("user", ctx), [r.name for r in rows], key="us_remove_user")
        sure = st.checkbox(tr("sure", ctx), key="us_remove_sure")
        if not st.form_submit_button(tr("remove_button", ctx), key="us_remove_go"):
            return
    if name == who_name.lower():
        st.error(tr("own", ctx), icon=":material/block:")
    elif not sure:
        st.warning(tr("not_sure", ctx))
    elif users.remove(cache.data_dir(), name, by=who_name):
        st.session_state[FLASH] = tr("removed", ctx, name=name)
        st.rerun()


def render(ctx: Ctx) -> None:
    who = signin.require("manage_users", ctx.lang)  # refused on the server, whatever the request
    st.title(tr("title", ctx))
    st.caption(tr("intro", ctx))
    done = st.session_state.pop(FLASH, None)
    if done:
        st.success(safe_text.md(done), icon=":material/check:")
    provinces = _provinces(ctx)
    rows = users.list_users(cache.data_dir())
    _table(rows, ctx, provinces)
    _add(ctx, who.name, provinces)
    if rows:
        _change(ctx, who.name, rows, provinces)
        _remove(ctx, who.name, rows)


ui.run_page(render)
