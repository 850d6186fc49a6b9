"""Read a report file (TXT, HTML, DOCX, PDF with a text layer) into a :class:`Document`."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from data_loaders.reference.text import clean_text, fold_key
from data_loaders.report_text.dates import parse_date
from data_loaders.report_text.html import read_html
from data_loaders.storage import limits

FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}  # fmt: skip
_DATELINE = re.compile(
    r"^[^\d\n]{0,60}?,?\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d{2}\s*$"
    r"|^[^\d\n]{0,40}?(?:ngày\s+)?\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?:\s+\d{1,2}:\d{2}[^\n]{0,12})?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# A date that belongs to a cited document ("Kế hoạch số 84-KH/TU ngày 10/4/2018") is not a dateline.
_CITED = re.compile(
    r"\b(?:so|ke hoach|quyet dinh|nghi quyet|chi thi|huong dan|cong van|ket luan)\b"
)
_BULLET_START = re.compile(r"^\s*(?:[-–•+*]|[a-zđ]\)|\d{1,2}[.)]|[IVX]+\.)\s")


@dataclass(frozen=True)
class Document:
    """The text of one report file and what is known about it."""

    text: str
    title: str | None
    published: date | None
    file_name: str
    sha256: str
    format: str


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{name}: cannot decode the text (not UTF-8, UTF-16 or Windows-1258)")


def _tidy(text: str) -> str:
    lines = [
        clean_text(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def dateline(text: str) -> date | None:
    """The date of a report from a dateline near its top ("Hòa Bình, ngày 20 tháng 6 năm 2022").

    >>> dateline("BAN DÂN VẬN\\nSố 125-BC/BDVTU\\nHòa Bình, ngày 20 tháng 6 năm 2022\\n\\nBÁO CÁO")
    datetime.date(2022, 6, 20)
    >>> dateline("Thực hiện Kế hoạch số 156-KH/TU ngày 10/3/2021 của Ban Thường vụ …") is None
    True
    """
    head = "\n".join(text.split("\n")[:15])
    for match in _DATELINE.finditer(head):
        if not _CITED.search(fold_key(match.group(0))):
            return parse_date(match.group(0))
    return None


def _txt_title(text: str) -> tuple[str | None, str]:
    lines = text.split("\n")
    if len(lines) >= 3 and lines[0] and not lines[1].strip():
        first = lines[0].strip()
        if len(first) <= 160 and not first.endswith((".", ";", ":")) and not first.isupper():
            return first, "\n".join(lines[2:]).strip()
    return None, text


def check_text_length(text: str, name: str) -> None:
    """Refuse a text longer than the limit (the extractor reads it whole)."""
    if len(text) > limits.MAX_TEXT_CHARS:
        raise limits.LimitExceeded(
            f"{name}: the text holds {len(text):,} characters, more than the limit of "
            f"{limits.MAX_TEXT_CHARS:,}; split the report"
        )


def _read_txt(data: bytes, name: str) -> tuple[str, str | None, date | None]:
    decoded = _decode(data, name)
    check_text_length(decoded, name)
    text = _tidy(decoded)
    title, body = _txt_title(text)
    return body, title, dateline(text)


def _read_docx(data: bytes, name: str) -> tuple[str, str | None, date | None]:
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise ValueError(f"{name}: not a readable DOCX file ({exc})") from exc
    blocks: list[str] = []
    title: str | None = clean_text(document.core_properties.title) or None
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = clean_text(paragraph.text)
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            if title is None and text and style.lower().startswith(("title", "heading 1")):
                title = text
                continue
            blocks.append(text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = clean_text(cell.text)
                    if value and (not cells or cells[-1] != value):
                        cells.append(value)
                if cells:
                    blocks.append(" | ".join(cells))
            blocks.append("")
    text = _join_blocks(blocks)
    return text, title, dateline(text)


def _join_blocks(blocks: list[str]) -> str:
    out: list[str] = []
    for block in blocks:
        if (
            out
            and out[-1]
            and block
            and _BULLET_START.match(block)
            and _BULLET_START.match(out[-1])
        ):
            out.append(block)  # consecutive list items stay one paragraph
        else:
            out.extend(["", block] if out else [block])
    return _tidy("\n".join(out))


def _reflow(page: str) -> str:
    """Join the visual lines of a PDF page back into paragraphs.

    A line is continued by the next one when it is about as long as the page's
    longest lines and does not end a sentence; a short line ends its paragraph.

    >>> page = "Năm 2022, toàn quận có 181 tập thể và\\n176 cá nhân đăng ký.\\nĐống Đa, 26/10/2022"
    >>> _reflow(page).split("\\n")
    ['Năm 2022, toàn quận có 181 tập thể và 176 cá nhân đăng ký.', 'Đống Đa, 26/10/2022']
    """
    lines = [clean_text(raw) for raw in page.split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    previous = ""
    for line in lines:
        if not line:
            out.append("")
        elif (
            out
            and out[-1]
            and len(previous) >= 0.7 * width
            and not previous.endswith((".", ":", ";", "!", "?", "”", '"'))
            and not (_BULLET_START.match(line) or line.isupper())
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        previous = line
    return "\n".join(out)


def _read_pdf(data: bytes, name: str) -> tuple[str, str | None, date | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (
            clean_text(reader.metadata.title) if reader.metadata and reader.metadata.title else None
        )
    except PdfReadError as exc:
        raise ValueError(f"{name}: not a readable PDF file ({exc})") from exc
    if sum(len(p.strip()) for p in pages) < 20:
        raise ValueError(
            f"{name}: the PDF has no text layer (a scan?); run OCR first or supply the text"
        )
    text = _tidy("\n\n".join(_reflow(p) for p in pages))
    return text, title or None, dateline(text)


def _format_of(path: Path, data: bytes) -> str:
    found = FORMATS.get(path.suffix.lower())
    if found:
        return found
    head = data[:512].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    raise ValueError(
        f"{path.name}: unsupported format {path.suffix or '(no extension)'}; "
        f"expected one of {', '.join(sorted(set(FORMATS)))}"
    )


def read_document(path: str | Path) -> Document:
    """Read a report file into text, title and publication date.

    Parameters
    ----------
    path
        A ``.txt``, ``.html``/``.htm``, ``.docx`` or ``.pdf`` file (PDF with a
        text layer; scans need OCR first).

    Raises
    ------
    ValueError
        Naming the file, for an unsupported format, an unreadable file or a
        PDF with no text layer.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "bao-cao.txt").write_text("Năm 2022 có 371 mô hình.", encoding="utf-8")
    >>> doc = read_document(folder / "bao-cao.txt")
    >>> doc.format, doc.text, len(doc.sha256)
    ('txt', 'Năm 2022 có 371 mô hình.', 64)
    >>> read_document(folder / "bao-cao.xls")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: bao-cao.xls: unsupported format .xls; expected one of .docx, .htm, ...
    """
    path = Path(path)
    if not path.exists() and path.suffix.lower() not in FORMATS:
        _format_of(path, b"")
    limits.check_file_size(path, limits.MAX_REPORT_BYTES)
    data = path.read_bytes()
    kind = _format_of(path, data)
    if kind == "docx":
        limits.check_package(path, "DOCX")  # declared sizes, before anything is inflated
    if kind == "txt":
        text, title, published = _read_txt(data, path.name)
    elif kind == "html":
        text, title, published = read_html(data, path.name)
    elif kind == "docx":
        text, title, published = _read_docx(data, path.name)
    else:
        text, title, published = _read_pdf(data, path.name)
    check_text_length(text, path.name)
    return Document(
        text=text,
        title=title,
        published=published,
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=kind,
    )
