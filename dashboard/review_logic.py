"""The report-review page's work, apart from its widgets: save an upload, queue its figures,
turn the reviewer's choices into decisions, highlight quotes in the text."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date
from pathlib import Path
from typing import Any

from data_loaders.appdb import review
from data_loaders.ingest.report_ingest import CANDIDATE_KEYS, REPORT_SUFFIXES, queue_document

EDITABLE = tuple(k for k in CANDIDATE_KEYS if k not in ("quote", "theme"))
DECISIONS = review.DECISIONS  # defined once, with the review queue
DOC_KEY = "review_doc_path"  # session key of the report under review


def save_upload(data_dir: Path, name: str, data: bytes) -> Path:
    """Keep an uploaded report under ``<data-dir>/uploads/`` (named by its checksum)."""
    suffix = Path(name).suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ValueError(f"{name}: unsupported file type {suffix!r} (TXT, HTML, DOCX or PDF)")
    folder = Path(data_dir) / "uploads" / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(name).name
    path.write_bytes(data)
    return path


def open_document(data_dir: Path, path: Path) -> tuple[Any, list[Any]]:
    """Read and extract a report, queue its candidates (once) and return (document, items)."""
    doc, _ids = queue_document(data_dir, path)
    return doc, review.items(data_dir, doc.sha256)


def apply_choices(
    data_dir: Path, items: list[Any], choices: dict[int, dict[str, Any]], user: str
) -> int:
    """Record the reviewer's choices; a changed value makes the decision "corrected".

    ``choices`` maps item id → {"decision": confirmed|rejected|pending, field: value…}.
    Returns how many decisions were recorded.
    """
    recorded = 0
    for item in items:
        choice = choices.get(item.id) or {}
        decision = choice.get("decision", "pending")
        if decision == "pending":
            continue
        base = item.corrected or item.candidate
        changes = {k: choice[k] for k in EDITABLE if k in choice and choice[k] != base.get(k)}
        if decision == "confirmed" and (changes or item.corrected is not None):
            decision = "corrected"  # confirming edited values keeps them
        corrected = {**base, **changes} if decision == "corrected" else None
        if item.decision == decision and item.corrected == corrected:
            continue  # nothing new to record
        review.decide(data_dir, item.id, decision, user, corrected)
        recorded += 1
    return recorded


def parse_count(text: str) -> int | None:
    """A count as typed in Vietnamese ("3.150", "3150", "3 150"); None if it is not one.

    >>> parse_count("3.150"), parse_count(" 3150 "), parse_count("3 150"), parse_count("0")
    (3150, 3150, 3150, 0)
    >>> parse_count("3,5"), parse_count("-2"), parse_count(""), parse_count("3.15")
    (None, None, None, None)
    """
    cleaned = text.strip().replace("\u00a0", " ")
    if re.fullmatch(r"[0-9]+", cleaned):
        return int(cleaned)
    if re.fullmatch(r"[0-9]{1,3}([. ][0-9]{3})+", cleaned):
        return int(re.sub(r"[. ]", "", cleaned))
    return None


def shown_date(value: object) -> str:
    """An ISO date (as candidates keep them) as a Vietnamese reads it: 31/12/2022.

    >>> shown_date("2022-12-31"), shown_date(None), shown_date("2022")
    ('31/12/2022', '', '2022')
    """
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def iso_date(text: str) -> str | None:
    """A typed day/month/year (31/12/2022, 31-12-2022) or ISO date as ISO; None otherwise.

    >>> iso_date("31/12/2022"), iso_date("1/7/2025"), iso_date("2022-12-31"), iso_date("31/02/2022")
    ('2022-12-31', '2025-07-01', '2022-12-31', None)
    """
    cleaned = text.strip()
    try:
        return date.fromisoformat(cleaned).isoformat()
    except ValueError:
        pass
    found = re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", cleaned)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def highlighted(text: str, quotes: list[tuple[int, str]]) -> str:
    """The document's text as HTML with each candidate's quote marked and numbered.

    >>> highlighted("Có 371 mô hình. Hết.", [(1, "Có 371 mô hình.")])
    '<mark title="#1">Có 371 mô hình.</mark><sup>1</sup> Hết.'
    """
    spans: list[tuple[int, int, int]] = []
    for number, quote in quotes:
        start = text.find(quote) if quote else -1
        if start >= 0 and not any(s <= start < e for s, e, _ in spans):
            spans.append((start, start + len(quote), number))
    out, pos = [], 0
    for start, end, number in sorted(spans):
        out.append(html.escape(text[pos:start]))
        out.append(
            f'<mark title="#{number}">{html.escape(text[start:end])}</mark><sup>{number}</sup>'
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")
