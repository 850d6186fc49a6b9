"""From a report's candidate tallies to warehouse rows, through review or ``--accept-all``.

Candidates (see ``data_loaders.report_text``) become rows of the tally template and go through
the same normalise → validate → write steps as a spreadsheet; the document is their source and
each figure keeps the sentence that states it as its quote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from data_loaders.appdb import review
from data_loaders.reference.localities import Harmoniser
from data_loaders.sources.tabular import Sheet
from data_loaders.sources.tally_template import Loaded, load_tallies

LOADER = "report_text"
REPORT_SUFFIXES = {".txt", ".html", ".htm", ".docx", ".pdf"}
CANDIDATE_KEYS = (
    "value",
    "metric",
    "kind",
    "field",
    "theme",
    "subject",
    "level",
    "award",
    "period_start",
    "period_end",
    "locality",
    "province",
    "quote",
)


def document_source_id(sha256: str) -> str:
    return f"doc-{sha256[:12]}"


def candidates_to_loaded(
    doc: Any,
    candidates: list[dict[str, Any]],
    harmoniser: Harmoniser,
    known_sources: set[str],
    localities: pd.DataFrame,
) -> Loaded:
    """Normalise reviewed candidates of one document as template rows (row = position + 1)."""
    sid = document_source_id(doc.sha256)
    published = doc.published.isoformat() if getattr(doc, "published", None) else ""
    rows = []
    for position, cand in enumerate(candidates, start=1):
        cells = {k: ("" if cand.get(k) is None else cand.get(k)) for k in CANDIDATE_KEYS}
        if not cells["locality"] and not cells["province"]:
            cells["locality"] = ""
        cells.update(
            source_id=sid,
            source_title=getattr(doc, "title", None) or Path(doc.file_name).stem,
            source_outlet="",
            source_url="",
            source_date=published,
            note=f"extracted from {doc.file_name}"
            + (f" (confidence {cand['confidence']:.2f})" if cand.get("confidence") else ""),
        )
        rows.append((position, cells))
    sheet = Sheet(Path(doc.file_name), list(rows[0][1]) if rows else [], [], rows, [])
    loaded = load_tallies(sheet, doc.sha256, harmoniser, known_sources, localities)
    loaded.sources["loader"] = LOADER
    loaded.sources["file_name"] = Path(doc.file_name).name
    return loaded


def queue_document(data_dir: Path, path: Path) -> tuple[Any, list[int]]:
    """Extract a report's candidates and put them in the review queue."""
    from data_loaders.report_text import extract_file

    doc, candidates = extract_file(Path(path))
    ids = review.enqueue(data_dir, doc.sha256, doc.file_name, [c.to_dict() for c in candidates])
    return doc, ids


def reviewed_candidates(data_dir: Path, sha256: str) -> list[dict[str, Any]]:
    """The values to commit: confirmed items as extracted, corrected items as corrected."""
    out = []
    for item in review.items(data_dir, sha256):
        if item.decision == "confirmed":
            out.append(item.candidate)
        elif item.decision == "corrected":
            out.append(item.corrected or item.candidate)
    return out


def is_report(path: Path) -> bool:
    return Path(path).suffix.lower() in REPORT_SUFFIXES
