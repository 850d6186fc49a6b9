"""Settings: one list of ``(name, default, help)`` feeds the CLI, the README and a test."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DVK_DATA_DIR",
        "$XDG_DATA_HOME/dvk (else ~/.local/share/dvk)",
        "Data directory: warehouse/ (Parquet) and dvk.sqlite (app database).",
    ),
    Setting(
        "DVK_DATABASE_URL",
        "sqlite:///<data-dir>/dvk.sqlite",
        "SQLAlchemy URL of the app database (ledger, review queue, saved views, audit log).",
    ),
    Setting(
        "DVK_LOAD_SAMPLE",
        "1",
        "When 1, `dvk serve` ingests the bundled sample into an empty data directory.",
    ),
    Setting(
        "DVK_SECRETS_FILE",
        "~/.streamlit/secrets.toml, ./.streamlit/secrets.toml",
        "secrets.toml with the [auth] section of sign-in (`dvk serve --secrets` wins).",
    ),
    Setting(
        "DVK_ROLE_CLAIM",
        "(none)",
        "ID-token claim giving the role of people not in `dvk users` (`--role-claim`).",
    ),
    Setting(
        "DVK_ANON_ROLE",
        "admin",
        "Role of everyone when sign-in is not configured (set by `dvk serve`).",
    ),
)


def default_data_dir() -> Path:
    """The data directory when neither ``--data-dir`` nor ``DVK_DATA_DIR`` is given."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dvk"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the data directory: argument, then ``DVK_DATA_DIR``, then the default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("DVK_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def database_url(data_directory: Path) -> str:
    """The app database URL: ``DVK_DATABASE_URL`` or a SQLite file in the data dir."""
    return os.environ.get("DVK_DATABASE_URL") or f"sqlite:///{data_directory / 'dvk.sqlite'}"
