"""The report-review page's work, apart from its widgets: save an upload, queue its figures,
turn the reviewer's choices into decisions, highlight quotes in the text."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path
from typing import Any

from data_loaders.appdb import review
from data_loaders.ingest.report_ingest import CANDIDATE_KEYS, REPORT_SUFFIXES, queue_document

EDITABLE = tuple(k for k in CANDIDATE_KEYS if k not in ("quote", "theme"))
DECISIONS = ("pending", "confirmed", "corrected", "rejected")
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
