"""Who may use the dashboard: one row per e-mail in the app database, with a role.

Roles, from least to most:

- ``viewer``: read, export, share links;
- ``editor``: also import reports, review and commit figures — optionally only for one
  province (``province_code``) and its units;
- ``admin``: also manage users (``dvk users ...``).

E-mails are stored in lower case; look-ups ignore case.

>>> import tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> add(d, "An.Nguyen@Example.org", "editor", province="Hà Nội").province_code
'N01'
>>> get(d, "an.nguyen@example.org").role
'editor'
>>> set_role(d, "an.nguyen@example.org", "viewer").province_code is None
True
>>> [u.name for u in list_users(d)], remove(d, "AN.NGUYEN@example.org")
(['an.nguyen@example.org'], True)
>>> get(d, "an.nguyen@example.org") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from data_loaders import appdb

ROLES: tuple[str, ...] = ("viewer", "editor", "admin")


class UserError(ValueError):
    """A user command that cannot be carried out (unknown role, province or user)."""


@dataclass(frozen=True)
class UserRow:
    name: str
    role: str
    province_code: str | None
    province_name: str | None


def normalise_email(email: str) -> str:
    value = (email or "").strip().lower()
    if "@" not in value or value.startswith("@") or value.endswith("@") or " " in value:
        raise UserError(f"not an e-mail address: {email!r}")
    return value


def check_role(role: str) -> str:
    value = (role or "").strip().lower()
    if value not in ROLES:
        raise UserError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return value


def province_code(value: str) -> str:
    """The code of a province given by code ("01", "N01") or name ("Hà Nội", "TP HCM")."""
    from data_loaders.reference.localities import build_localities, harmonise

    table = build_localities()
    provinces = table[table["tier"] == "province"]
    text = (value or "").strip()
    if text in set(provinces["locality_code"]):
        return text
    match = harmonise(text, tier="province")
    if match.ok and match.code in set(provinces["locality_code"]):
        row = provinces.set_index("locality_code").loc[match.code]
        current = row["current_province_code"]
        same = provinces["locality_code"].eq(current)
        same &= provinces["short_name"].eq(row["short_name"])
        # a name that is also a 2025 province means that one: its old units are in it too
        return str(current) if same.any() else str(match.code)
    raise UserError(f"unknown province: {value!r} (give its code, e.g. 01, or its name)")


def province_name(code: str | None) -> str | None:
    if not code:
        return None
    from data_loaders.reference.localities import build_localities

    table = build_localities()
    found = table.loc[table["locality_code"] == code, "name"]
    return str(found.iloc[0]) if len(found) else code


def _row(user: appdb.User) -> UserRow:
    return UserRow(user.name, user.role, user.province_code, province_name(user.province_code))


def _province_for(role: str, province: str | None) -> str | None:
    if province is None:
        return None
    if role != "editor":
        raise UserError("only an editor can be limited to one province")
    return province_code(province)


def _audit(s, by: str | None, action: str, name: str, before: dict | None, after: dict | None):
    s.add(
        appdb.AuditEntry(
            user_name=by, action=action, target=f"user:{name}", before=before, after=after
        )
    )


def add(
    data_dir: Path,
    email: str,
    role: str = "viewer",
    province: str | None = None,
    by: str | None = None,
) -> UserRow:
    """Add a user; refused if the e-mail is already there (use :func:`set_role`)."""
    name, role = normalise_email(email), check_role(role)
    code = _province_for(role, province)
    with appdb.session(data_dir) as s:
        if s.get(appdb.User, name) is not None:
            raise UserError(f"user already exists: {name} (use set-role to change it)")
        user = appdb.User(name=name, role=role, province_code=code)
        s.add(user)
        _audit(s, by, "add_user", name, None, {"role": role, "province_code": code})
        s.commit()
        return _row(user)


def set_role(
    data_dir: Path, email: str, role: str, province: str | None = None, by: str | None = None
) -> UserRow:
    """Change a user's role (and province limit; none unless given)."""
    name, role = normalise_email(email), check_role(role)
    code = _province_for(role, province)
    with appdb.session(data_dir) as s:
        user = s.get(appdb.User, name)
        if user is None:
            raise UserError(f"no such user: {name}")
        before = {"role": user.role, "province_code": user.province_code}
        user.role, user.province_code, user.updated_at = role, code, appdb.utcnow()
        _audit(s, by, "set_role", name, before, {"role": role, "province_code": code})
        s.commit()
        return _row(user)


def remove(data_dir: Path, email: str, by: str | None = None) -> bool:
    """Remove a user; False when there was none."""
    name = normalise_email(email)
    with appdb.session(data_dir) as s:
        user = s.get(appdb.User, name)
        if user is None:
            return False
        _audit(s, by, "remove_user", name, {"role": user.role}, None)
        s.delete(user)
        s.commit()
        return True


def get(data_dir: Path, email: str) -> UserRow | None:
    """The user with this e-mail (any case), or None."""
    try:
        name = normalise_email(email)
    except UserError:
        return None
    with appdb.session(data_dir) as s:
        user = s.get(appdb.User, name)
        return _row(user) if user is not None else None


def list_users(data_dir: Path) -> list[UserRow]:
    with appdb.session(data_dir) as s:
        return [_row(u) for u in s.scalars(sa.select(appdb.User).order_by(appdb.User.name))]
