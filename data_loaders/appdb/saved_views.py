"""Saved views: a short link (``?v=KEY``) for a long view state, kept in the app database."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from data_loaders import appdb


def view_key(page: str, query: str) -> str:
    """The deterministic short key of a view (same view → same key).

    >>> view_key("so-sanh", "metric=models_registered&year_from=2020")
    '6p2v3d7iben3'
    """
    digest = hashlib.sha256(f"{page}?{query}".encode()).digest()
    return base64.b32encode(digest).decode("ascii")[:12].lower()


def save_view(data_dir: Path, page: str, query: str, user: str | None = None) -> str:
    """Store a view and return its key; saving the same view twice is harmless."""
    key = view_key(page, query)
    with appdb.session(data_dir) as s:
        if s.get(appdb.SavedView, key) is None:
            s.add(appdb.SavedView(key=key, page=page, query=query, created_by=user))
            try:
                s.commit()
            except IntegrityError:  # another process saved the same view meanwhile
                s.rollback()
    return key


def load_view(data_dir: Path, key: str) -> tuple[str, str] | None:
    """``(page, query)`` of a saved view, or None when the key is unknown."""
    with appdb.session(data_dir) as s:
        view = s.get(appdb.SavedView, key.strip().lower())
        return (view.page, view.query) if view else None
