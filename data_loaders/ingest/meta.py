"""A source's details (title, outlet, date, URL): as the input states them, as stored, and as
the user gives them on upload."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pandas as pd

from data_loaders.ingest.model import (
    SourceMeta,
)
from data_loaders.sources.tally_template import Loaded
from data_loaders.storage.warehouse import Warehouse


def stored_meta(wh: Warehouse, loaded: Loaded) -> SourceMeta | None:
    """The stored details of the input's one source when the input itself does not state them
    (a file or document that is its own source, already ingested): what the user gave then."""
    if len(loaded.sources) != 1:
        return None
    sid = loaded.sources["source_id"].iloc[0]
    if not str(sid).startswith(("file-", "doc-")):
        return None
    stored = wh.read("sources")
    stored = stored[stored["source_id"] == sid]
    return _meta_of_row(stored.iloc[0]) if len(stored) else None


def meta_of(loaded: Loaded) -> SourceMeta | None:
    """The details of the input's one source, as it states them."""
    if len(loaded.sources) != 1:
        return None
    return _meta_of_row(loaded.sources.iloc[0])


def _meta_of_row(row: pd.Series) -> SourceMeta:
    published = row.get("published")
    day = None
    if isinstance(published, str) and len(published) == 10:
        day = date.fromisoformat(published)
    return SourceMeta(
        title=_text(row.get("title")),
        outlet=_text(row.get("outlet")),
        published=day,
        url=_text(row.get("url")),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


class MetaProblem(ValueError):
    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(f"{count} sources")


def with_meta(loaded: Loaded, meta: SourceMeta | None, stated: SourceMeta | None) -> Loaded:
    """``loaded`` with the details the user gave for its one source (those differing from what
    the file states; a date left as the file states it keeps its precision)."""
    if meta is None or meta == stated:
        return loaded  # as the input states them
    if len(loaded.sources) != 1:
        raise MetaProblem(len(loaded.sources))
    frame = loaded.sources.copy()
    base = stated or SourceMeta()
    for name in ("title", "outlet", "url"):
        value = getattr(meta, name)
        if value != getattr(base, name):
            frame.loc[frame.index[0], name] = (value or "").strip() or None
    if meta.published != base.published:
        published = meta.published
        if isinstance(published, datetime):
            published = published.date()
        frame.loc[frame.index[0], "published"] = published.isoformat() if published else None
    return replace(loaded, sources=frame)
