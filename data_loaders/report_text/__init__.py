"""Report-text extractor: candidate tallies from the prose of reports and news items.

Most results of the "Dân vận khéo" movement exist only as prose ("181 tập thể
và 176 cá nhân đăng ký thực hiện với tổng số 371 mô hình"). This package reads
report files (:func:`read_document`), finds the stated counts
(:func:`extract`) and returns them as :class:`Candidate` tallies for review.
"""

from __future__ import annotations

from pathlib import Path

from data_loaders.report_text.extract import CANDIDATE_KEYS, Candidate, Explained, explain, extract
from data_loaders.report_text.readers import Document, read_document

__all__ = [
    "CANDIDATE_KEYS", "Candidate", "Document", "Explained", "explain", "explain_file", "extract",
    "extract_file", "read_document",
]  # fmt: skip


def extract_file(
    path: str | Path, *, locality_hint: str | None = None
) -> tuple[Document, list[Candidate]]:
    """Read a report file and extract its candidate tallies.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "hau-giang.txt"
    >>> _ = file.write_text("Năm 2023, toàn tỉnh Hậu Giang có 1.432 mô hình, điển hình "
    ...                     "“Dân vận khéo” được đăng ký thực hiện.", encoding="utf-8")
    >>> doc, found = extract_file(file)
    >>> [(c.value, c.metric, c.kind, c.province) for c in found]
    [(1432, 'models_registered', 'any', 'Hậu Giang')]
    """
    document = read_document(path)
    found = extract(
        document.text,
        title=document.title,
        published=document.published,
        locality_hint=locality_hint,
    )
    return document, found


def explain_file(
    path: str | Path, *, locality_hint: str | None = None
) -> tuple[Document, list[Explained]]:
    """Read a report file; its candidate tallies with the words that decided each attribute."""
    document = read_document(path)
    found = explain(
        document.text,
        title=document.title,
        published=document.published,
        locality_hint=locality_hint,
    )
    return document, found
