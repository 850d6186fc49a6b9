"""The application database (SQLAlchemy): ingest ledger, review queue, saved views,
audit log, users. SQLite file in the data dir by default, PostgreSQL when
``DVK_DATABASE_URL`` says so. The schema is created and changed only by the
Alembic migrations in ``data_loaders/appdb/migrations``.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from filelock import FileLock
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from data_loaders.config import database_url

MIGRATIONS = Path(__file__).with_name("migrations")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class IngestRun(Base):
    """One run of an ingest (one file or SQL source), successful or not."""

    __tablename__ = "ingest_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    path: Mapped[str] = mapped_column(Text)
    loader: Mapped[str] = mapped_column(String(40))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    source_ids: Mapped[list[str] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))  # ok, unchanged, replaced, refused, failed
    rows_in: Mapped[int] = mapped_column(Integer, default=0)
    rows_written: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[list[str] | None] = mapped_column(JSON)
    user_name: Mapped[str | None] = mapped_column(String(120))


class ReviewItem(Base):
    """A candidate tally extracted from a report, awaiting a decision."""

    __tablename__ = "review_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_sha256: Mapped[str] = mapped_column(String(64), index=True)
    document_name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    candidate: Mapped[dict] = mapped_column(JSON)
    decision: Mapped[str] = mapped_column(String(20), default="pending")
    corrected: Mapped[dict | None] = mapped_column(JSON)
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SavedView(Base):
    """A short link (``?v=KEY``) for a long view state."""

    __tablename__ = "saved_views"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    page: Mapped[str] = mapped_column(String(80))
    query: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """Who changed what, when, with the state before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_name: Mapped[str | None] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(Text)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    review_item_id: Mapped[int | None] = mapped_column(ForeignKey("review_items.id"))


class User(Base):
    """Who may sign in and what they may do (see :mod:`data_loaders.appdb.users`)."""

    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(120), primary_key=True)  # e-mail, lower case
    role: Mapped[str] = mapped_column(String(20), default="viewer")  # viewer, editor, admin
    province_code: Mapped[str | None] = mapped_column(String(16))  # editor limited to it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the newest migration.

    Safe when several processes start at once: SQLite migrations run under a file lock,
    PostgreSQL ones under an advisory lock (see ``migrations/env.py``).
    """
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if url.startswith("sqlite:///"):
        db_path = Path(url.removeprefix("sqlite:///"))
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(db_path) + ".migrate.lock", timeout=120):
            command.upgrade(cfg, "head")
    else:
        command.upgrade(cfg, "head")


_ENGINE_LOCK = threading.Lock()


def engine_for(url: str) -> sa.Engine:
    """A migrated engine for ``url`` (one per process and URL)."""
    with _ENGINE_LOCK:
        return _engine(url)


@cache
def _engine(url: str) -> sa.Engine:
    migrate(url)
    kwargs = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}
    return sa.create_engine(url, pool_pre_ping=True, **kwargs)


def session(data_dir: Path) -> Session:
    """A new session on the app database of ``data_dir``."""
    return Session(engine_for(database_url(data_dir)), expire_on_commit=False)
