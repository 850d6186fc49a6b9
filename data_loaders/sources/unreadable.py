"""Why a file cannot be opened, in plain words: what the file really is (empty, a web page or
a PDF renamed, a password-protected or old-format Office file, a damaged package) rather than
the reading library's own text, which goes to the English variant and the logs only."""

from __future__ import annotations

from pathlib import Path

from data_loaders.storage import limits
from data_loaders.storage.messages import MESSAGES, Problem

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Office container (and encrypted XLSX/DOCX)
ZIP_BASED = {".xlsx", ".xlsm", ".docx"}
NAMES = {".xlsx": "XLSX", ".xlsm": "XLSX", ".docx": "DOCX", ".pdf": "PDF", ".csv": "CSV"}


def sniff(path: Path) -> str:
    """What the file's first bytes say it is: "empty", "zip", "ole", "ole_encrypted", "pdf",
    "html" or "other"."""
    with Path(path).open("rb") as fh:
        head = fh.read(1 << 16)
    if not head.strip():
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(OLE):
        encrypted = "EncryptionInfo".encode("utf-16-le") in head or b"EncryptedPackage" in head
        return "ole_encrypted" if encrypted or _ole_encrypted(path) else "ole"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF"):
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta")):
        return "html"
    return "other"


def _ole_encrypted(path: Path) -> bool:
    """An OLE container holding an encrypted Office package (its stream names, UTF-16)."""
    with Path(path).open("rb") as fh:
        data = fh.read(limits.MiB)
    return "EncryptedPackage".encode("utf-16-le") in data


def not_opened(path: Path, exc: BaseException | None = None) -> Problem:
    """The catalogue problem for a file its reader could not open, from what the file is."""
    path = Path(path)
    ext = path.suffix.lower()
    expected = NAMES.get(ext, ext.lstrip(".").upper() or "?")
    detail = f"{type(exc).__name__}: {exc}" if exc is not None else "unreadable"
    kind = sniff(path)
    if kind == "empty":
        return Problem("file_empty")
    if kind == "html" and ext not in (".html", ".htm"):
        return Problem("renamed_html", ext=ext, expected=expected)
    if kind == "pdf" and ext != ".pdf":
        return Problem("renamed_pdf", ext=ext, expected=expected)
    if kind == "ole_encrypted" or (kind == "pdf" and _pdf_encrypted(path)):
        return Problem("encrypted")
    if kind == "ole":
        return Problem("old_office", expected=expected)
    if kind == "zip" and ext not in ZIP_BASED:
        return Problem("renamed_zip", ext=ext)
    if (kind == "zip" and ext in ZIP_BASED) or (kind == "pdf" and ext == ".pdf"):
        return Problem("damaged", expected=expected, detail=detail)
    if ext in ZIP_BASED and _truncated_zip(path):
        return Problem("damaged", expected=expected, detail=detail)
    return Problem("not_kind", expected=expected, ext=ext, detail=detail)


def _pdf_encrypted(path: Path) -> bool:
    with Path(path).open("rb") as fh:
        return b"/Encrypt" in fh.read(limits.MiB)


def _truncated_zip(path: Path) -> bool:
    """A zip package cut short (its start gone or garbled, but local file headers inside)."""
    with Path(path).open("rb") as fh:
        return b"PK\x03\x04" in fh.read(limits.MiB)


def limit_problem(exc: limits.LimitExceeded) -> Problem:
    """A limit breach as a catalogue problem (its own message when the raise named one)."""
    code = getattr(exc, "code", None)
    text = str(exc).split(": ", 1)[-1]
    if code and code in MESSAGES:
        return Problem(code, **exc.params)
    return Problem("beyond_limit", detail=text)
