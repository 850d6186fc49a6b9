"""Source records (provenance) shared by every loader."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from data_loaders import __version__
from data_loaders.reference.text import clean_text, compact_key, fold_key
from data_loaders.storage import limits, schema


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def slug(text: str) -> str:
    """A source id made from free text ("Đống Đa 2022" → "dong-da-2022")."""
    return re.sub(r"[^a-z0-9]+", "-", fold_key(text)).strip("-")[:60] or "source"


def normalise_published(value: object) -> str | None:
    """A publication date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD.

    >>> normalise_published("26/10/2022")
    '2022-10-26'
    >>> normalise_published("2023-11")
    '2023-11'
    >>> normalise_published(None) is None
    True
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = clean_text(value)
    if not text:
        return None
    iso = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", text)
    dmy = re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", text)
    my = re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{4})", text)
    if iso:
        year, month, day = iso[1], iso[2], iso[3]
    elif dmy:
        year, month, day = dmy[3], dmy[2], dmy[1]
    elif my:
        year, month, day = my[2], my[1], None
    else:
        raise ValueError(f"{value!r} is not a date (26/10/2022, 10/2022, 2022)")
    return _checked_date(value, int(year), month and int(month), day and int(day))


def _checked_date(value: object, year: int, month: int | None, day: int | None) -> str:
    """ISO text of a real date (as precise as given) within the movement's years."""
    problem = limits.year_problem(year)
    if problem:
        raise ValueError(f"{value!r}: {problem}")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r}: there is no month {month}")
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{value!r}: there is no day {day} in {month:02d}/{year}") from None


def source_row(
    source_id: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    locality_text: str | None = None,
    file_name: str | None = None,
    file_sha: str | None = None,
    loader: str,
    is_synthetic: bool = False,
    note: str | None = None,
) -> dict[str, object]:
    return {
        "source_id": source_id,
        "title": clean_text(title) or None,
        "outlet": clean_text(outlet) or None,
        "url": clean_text(url) or None,
        "published": published,
        "locality_text": clean_text(locality_text) or None,
        "file_name": file_name,
        "file_sha256": file_sha,
        "loader": loader,
        "loader_version": __version__,
        "ingested_at": datetime.now(UTC).replace(microsecond=0),
        "is_synthetic": is_synthetic,
        "note": clean_text(note) or None,
    }


def sources_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    if not rows:
        return schema.empty_frame("sources")
    return pd.DataFrame(rows).loc[:, list(schema.TABLES["sources"])]


def file_source_id(path: Path) -> str:
    return "file-" + (compact_key(Path(path).stem)[:50] or "input")
