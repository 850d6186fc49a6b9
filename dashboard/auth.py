"""Who is using the dashboard and what they may do (no Streamlit here; see ``signin.py``).

Sign-in is Streamlit's own OpenID Connect (``st.login``), configured by an ``[auth]``
section in a ``secrets.toml`` (``dvk serve --secrets FILE``, ``DVK_SECRETS_FILE``, or
Streamlit's default places ``~/.streamlit/secrets.toml`` and ``./.streamlit/secrets.toml``).
A signed-in person's role comes from the app database by e-mail (``dvk users``), else
from the ID-token claim named by ``DVK_ROLE_CLAIM`` when set; nobody else gets in.
Without sign-in everyone is the one local user, with the role ``DVK_ANON_ROLE``
(``admin`` unless ``dvk serve --allow-open`` says otherwise).

>>> Identity("a@b.vn", "viewer").can("ingest"), Identity("a@b.vn", "editor").can("ingest")
(False, True)
>>> Identity("a@b.vn", "editor").can("manage_users"), Identity("x", "admin").can("manage_users")
(False, True)
>>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
(True, True, True, False)
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from data_loaders.appdb.users import ROLES

ANON_ROLE_ENV = "DVK_ANON_ROLE"
ROLE_CLAIM_ENV = "DVK_ROLE_CLAIM"
SECRETS_ENV = "DVK_SECRETS_FILE"
ACTIONS: dict[str, str] = {
    "read": "viewer",  # pages, exports, links
    "ingest": "editor",  # upload, review, commit
    "manage_users": "admin",
}
REQUIRED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class Identity:
    """The person behind a session: e-mail (or local user name), role, province limit."""

    name: str
    role: str | None  # None: signed in, but not allowed in
    province_code: str | None = None
    signed_in: bool = False

    def can(self, action: str) -> bool:
        if self.role not in ROLES:
            return False
        return ROLES.index(self.role) >= ROLES.index(ACTIONS[action])


def anonymous() -> Identity:
    """Everyone, when no sign-in is configured (``dvk serve`` on 127.0.0.1: a local admin)."""
    role = os.environ.get(ANON_ROLE_ENV, "admin")
    name = os.environ.get("USER") or "local"
    return Identity(name=name, role=role if role in ROLES else None)


def role_from_claims(claims: dict[str, object]) -> str | None:
    """The role carried by the ID-token claim named in ``DVK_ROLE_CLAIM`` (if any)."""
    claim = os.environ.get(ROLE_CLAIM_ENV)
    if not claim:
        return None
    value = claims.get(claim)
    values = value if isinstance(value, list) else [value]
    found = [str(v).lower() for v in values if str(v).lower() in ROLES]
    return max(found, key=ROLES.index) if found else None


def is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def secrets_files(explicit: Path | None = None) -> list[Path]:
    """Where Streamlit will look for secrets, last wins (as ``secrets.files``)."""
    if explicit is not None:
        return [explicit]
    env = os.environ.get(SECRETS_ENV)
    if env:
        return [Path(env)]
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def auth_section(files: list[Path]) -> dict[str, object]:
    """The merged ``[auth]`` section of the secrets files that exist."""
    section: dict[str, object] = {}
    for path in files:
        if path.is_file():
            with path.open("rb") as fh:
                section.update(tomllib.load(fh).get("auth", {}))
    return section


def sign_in_problems(section: dict[str, object]) -> list[str]:
    """What is missing for ``st.login`` to work ([] when configured; one line when empty)."""
    if not section:
        return ["no [auth] section in the secrets file"]
    problems = [f"[auth] has no {key}" for key in REQUIRED_KEYS if not section.get(key)]
    providers = [v for v in section.values() if isinstance(v, dict)]
    if not any(section.get(k) for k in PROVIDER_KEYS):
        if not providers:
            problems.append("[auth] names no provider (client_id, client_secret, …)")
        providers_ok = any(all(p.get(k) for k in PROVIDER_KEYS) for p in providers)
        if providers and not providers_ok:
            problems.append(
                "no [auth.NAME] provider has client_id, client_secret, server_metadata_url"
            )
    else:
        problems += [f"[auth] has no {key}" for key in PROVIDER_KEYS if not section.get(key)]
    return problems


def provider_name(section: dict[str, object]) -> str | None:
    """The provider ``st.login`` should use: None for a flat ``[auth]``, else the first one."""
    if section.get("client_id"):
        return None
    return next((k for k, v in section.items() if isinstance(v, dict)), None)


def outside_province(province_code: str, candidates: list[dict]) -> list[str]:
    """Figures an editor limited to ``province_code`` may not commit: their locality (or
    province) is elsewhere, or cannot be placed. One line per figure, numbered from 1."""
    from data_loaders.reference.localities import default_harmoniser

    harmoniser = default_harmoniser()
    out = []
    for number, cand in enumerate(candidates, start=1):
        province = str(cand.get("province") or "").strip()
        locality = str(cand.get("locality") or "").strip()
        match = harmoniser.harmonise(locality, province or None) if locality else None
        if match is None and province:  # the unit decides; a province alone when no unit
            match = harmoniser.harmonise(province, tier="province")
        codes: set[str] = set()
        if match is not None and match.ok:
            info = harmoniser.info[str(match.code)]
            # a unit of the province in its own era, or an old unit now inside it
            keys = ("province_code", "current_province_code")
            codes = {str(match.code), *(str(info.get(k)) for k in keys)}
        if province_code not in codes:
            out.append(f"#{number}: {locality or province or '?'}")
    return out
