"""Sign-in in the running app: who is this session, the sign-in page, refusals.

Rules are in :mod:`dashboard.auth`; this module only talks to Streamlit. Every check
reads the app database again, so a role changed with ``dvk users`` applies at the
session's next rerun, in every server process.
"""

from __future__ import annotations

import json

import streamlit as st

from dashboard import auth, cache
from dashboard.i18n import texts
from data_loaders.appdb import users

RETURN_KEY = "dvk_return"  # sessionStorage: the view to go back to after signing in
TEXT: dict[str, tuple[str, str]] = {
    "title": ("Dân vận khéo — bảng điều khiển", "Dân vận khéo — dashboard"),
    "why": (
        "Số liệu dành cho cán bộ được cấp quyền. Hãy đăng nhập bằng tài khoản của cơ quan.",
        "The figures are for authorised staff. Sign in with your organisation's account.",
    ),
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "no_access": (
        "Tài khoản {name} chưa được cấp quyền xem bảng điều khiển. "
        "Hãy đề nghị quản trị viên thêm tài khoản (dvk users add).",
        "The account {name} has no access yet. Ask an administrator to add it (dvk users add).",
    ),
    "refused": (
        "Vai trò của bạn ({role}) không được dùng chức năng này.",
        "Your role ({role}) may not use this.",
    ),
    "viewer": ("người xem", "viewer"),
    "editor": ("biên tập viên", "editor"),
    "admin": ("quản trị viên", "administrator"),
    "none": ("chưa có quyền", "no access"),
    "limited": ("chỉ {province}", "only {province}"),
}


_texts = texts(TEXT)


def tr(key: str, lang: str, **values: object) -> str:
    return _texts(key, lang, **values)


def _auth_section() -> dict:
    """The ``[auth]`` section of the secrets Streamlit loaded (``st.secrets``), or {}."""
    if not st.secrets.load_if_toml_exists():
        return {}
    return dict(st.secrets.get("auth") or {})


def enabled() -> bool:
    """Is sign-in configured (an ``[auth]`` section in the secrets Streamlit loaded)?"""
    return bool(_auth_section())


def current() -> auth.Identity | None:
    """This session's identity; None while signed out (sign-in configured)."""
    if not enabled():
        return auth.anonymous()
    if not st.user.is_logged_in:
        return None
    claims = st.user.to_dict()
    email = str(claims.get("email") or claims.get("sub") or "")
    row = users.get(cache.data_dir(), email)
    if row is not None:
        return auth.Identity(email.lower(), row.role, row.province_code, signed_in=True)
    return auth.Identity(email.lower(), auth.role_from_claims(claims), signed_in=True)


def _remember_view() -> None:
    """Keep the address (page and view) in the tab, to come back to after the provider."""
    st.html(
        "<script>(function(){const v=location.pathname+location.search;"
        f"if(v!=='/'&&v!==''){{sessionStorage.setItem({json.dumps(RETURN_KEY)},v);}}}})();"
        "</script>",
        unsafe_allow_javascript=True,
    )


def _return_to_view() -> None:
    """After signing in, go back to the remembered view (the callback always lands on
    ``/``). Sent on every run: a run replaced by a quick rerun never reaches the browser."""
    st.html(
        "<script>(function(){const k="
        + json.dumps(RETURN_KEY)
        + ";const v=sessionStorage.getItem(k);if(!v){return;}sessionStorage.removeItem(k);"
        "if(v!==location.pathname+location.search){location.replace(v);}})();</script>",
        unsafe_allow_javascript=True,
    )


def allowed(who: auth.Identity | None) -> bool:
    return who is not None and who.role is not None


def gate(who: auth.Identity | None, lang: str) -> auth.Identity:
    """``who`` if allowed in; otherwise draw the sign-in (or no-access) page and stop the
    script run here. Call it after ``st.navigation`` so the address keeps its page."""
    if who is None:
        _remember_view()
        st.title(tr("title", lang))
        st.write(tr("why", lang))
        provider = auth.provider_name(_auth_section())
        if st.button(tr("sign_in", lang), type="primary", key="dvk_sign_in"):
            st.login(provider) if provider else st.login()
        st.stop()
    if who.role is None:
        st.title(tr("title", lang))
        st.warning(tr("no_access", lang, name=who.name))
        if st.button(tr("sign_out", lang), key="dvk_sign_out_refused"):
            st.logout()
        st.stop()
    if who.signed_in:
        _return_to_view()
    return who


def badge(who: auth.Identity, lang: str) -> None:
    """The sidebar line: who is signed in, with which role, and the sign-out button."""
    role = tr(who.role or "none", lang)
    if who.province_code:
        role += ", " + tr("limited", lang, province=users.province_name(who.province_code))
    st.caption(f":material/person: {who.name} · {role}")
    if who.signed_in and st.button(tr("sign_out", lang), key="dvk_sign_out"):
        st.logout()


def require(action: str, lang: str) -> auth.Identity:
    """Refuse the rest of this run unless the session may do ``action`` (server side)."""
    who = current()
    if who is None or not who.can(action):
        role = tr((who.role if who else None) or "none", lang)
        st.error(tr("refused", lang, role=role), icon=":material/block:")
        st.stop()
    return who
