"""Limits on input files, checked before a file is parsed.

Every loader refuses input beyond these limits with a message naming the file (and the
row, column, line or member where one applies), so that one hostile or broken file costs
bounded memory and time. README.md ("Limits") lists them for users.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

MiB = 1 << 20

# Size of one input file (CSV, XLSX, TXT, HTML, DOCX, PDF).
MAX_FILE_BYTES = 512 * MiB
# Size of one report file (TXT, HTML, DOCX, PDF): its text is read whole.
MAX_REPORT_BYTES = 64 * MiB
# Uncompressed size of one member of an XLSX or DOCX package (a sheet, the shared strings,
# the document body), read from the package directory before anything is inflated.
MAX_MEMBER_BYTES = 256 * MiB
# Uncompressed size of all members of one package together.
MAX_PACKAGE_BYTES = 1024 * MiB
# Cells of one sheet (rows × columns actually present; a declared size is not trusted).
MAX_SHEET_CELLS = 30_000_000
# Characters in one spreadsheet cell or CSV field (Excel's own limit).
MAX_CELL_CHARS = 32_767
# Characters of text read from one report (TXT, HTML, DOCX, PDF).
MAX_TEXT_CHARS = 12_000_000
# Numbers in one sentence of a report (a sentence beyond this is a table flattened to text).
MAX_NUMBERS_PER_SENTENCE = 1_000
# Nesting depth of the elements of an HTML page (news pages nest some 30 deep).
MAX_HTML_DEPTH = 256
# Size of a SQL mapping file (YAML); aliases are refused outright.
MAX_MAPPING_BYTES = 1 * MiB
# Problems printed or shown for one file; the rest are counted.
MAX_PROBLEMS_SHOWN = 50
# Problems kept for one file (ledger and review); the rest are counted.
MAX_PROBLEMS_KEPT = 500
# Largest count accepted (a stated number of models, people, commendations …).
MAX_COUNT = 1_000_000_000
# The earliest year of the movement: launched nationally in 2009, it began in Hà Tĩnh in 2008
# (the bundled sample's source hatinh-2011: "three years of the movement, 2008-2011"). No period
# starts before it or ends after the current year.
FIRST_YEAR = 2008


def last_year() -> int:
    """The latest year a period may reach: the current year."""
    return date.today().year


def year_problem(year: int) -> str | None:
    """Why ``year`` cannot be a reporting year, or None when it can.

    >>> year_problem(2022) is None
    True
    >>> year_problem(1890)
    'year 1890 is outside 2008 … ...: the movement began in 2008'
    """
    if FIRST_YEAR <= year <= last_year():
        return None
    return (
        f"year {year} is outside {FIRST_YEAR} … {last_year()}: the movement began in {FIRST_YEAR}"
    )


class LimitExceeded(ValueError):
    """Input beyond one of the limits above; the message names the file and the limit.

    ``code`` and ``params`` name the message in ``data_loaders.storage.messages`` (Vietnamese
    and English) when the raise gives them; the English text stays the exception's message.
    """

    def __init__(self, message: str, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _size(n: int) -> str:
    return f"{n / MiB:,.0f} MiB" if n >= MiB else f"{n:,} bytes"


def _sizes(n: int) -> tuple[str, str]:
    """``n`` bytes in English and in Vietnamese (12,345 bytes; 12.345 byte)."""
    vi = f"{n / MiB:,.0f} MiB" if n >= MiB else f"{n:,} byte"
    return _size(n), vi.replace(",", ".")


def check_file_size(path: Path, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse a file larger than ``limit`` before reading it."""
    size = Path(path).stat().st_size
    if size > limit:
        raise LimitExceeded(
            f"{Path(path).name}: the file is {_size(size)}, more than the limit of {_size(limit)}",
            "file_too_large",
            size=_sizes(size),
            limit=_sizes(limit),
        )


def check_package(path: Path, kind: str) -> None:
    """Refuse an XLSX/DOCX package whose members would inflate beyond the limits.

    Reads only the package directory (declared sizes); inflating never goes past a declared
    size, so the check bounds the memory of the parse that follows.
    """
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise LimitExceeded(
            f"{name}: not a readable {kind} file ({exc})", "damaged", expected=kind, detail=exc
        ) from exc
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES:
            raise LimitExceeded(
                f"{name}: part {member.filename!r} unpacks to {_size(member.file_size)}, "
                f"more than the limit of {_size(MAX_MEMBER_BYTES)}",
                "part_too_large",
                value=member.filename,
                size=_sizes(member.file_size),
                limit=_sizes(MAX_MEMBER_BYTES),
            )
    if total > MAX_PACKAGE_BYTES:
        raise LimitExceeded(
            f"{name}: the package unpacks to {_size(total)}, "
            f"more than the limit of {_size(MAX_PACKAGE_BYTES)}",
            "package_too_large",
            size=_sizes(total),
            limit=_sizes(MAX_PACKAGE_BYTES),
        )
