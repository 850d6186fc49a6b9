"""Crafted hostile and broken input files, made by the tests themselves (small on disk).

Each helper writes one kind of file named in issue 11: a stale or absurd XLSX size, a
package member that inflates to 1 GiB, CSVs with odd line endings, template rows with a
chosen cell, nested HTML, long sentences.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook

from data_loaders.storage.warehouse import Warehouse

TEMPLATE_HEADER = ["province", "locality", "period_start", "period_end", "metric", "value"]
GIB = 1 << 30


def template_row(**cells: str) -> list[str]:
    """One good tally row of the template (Quận Đống Đa, 2022, models registered, 371)."""
    row = {
        "province": "Hà Nội",
        "locality": "Quận Đống Đa",
        "period_start": "2022",
        "period_end": "2022",
        "metric": "models_registered",
        "value": "371",
    }
    row.update(cells)
    return [row[c] for c in TEMPLATE_HEADER]


def distinct_rows(n: int, **cells: str) -> list[list[str]]:
    """``n`` good rows that are distinct figures (their notes differ)."""
    header = [*TEMPLATE_HEADER, "note"]
    return [header] + [[*template_row(**cells), f"dòng {i}"] for i in range(n)]


def write_csv(
    path: Path, rows: list[list[str]], *, newline: str = "\n", delimiter: str = ","
) -> Path:
    """Rows (the first is the header) as UTF-8 CSV with the given line ending."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Số liệu") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _rewrite_members(path: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as src:
        members = [(i, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info, change.get(info.filename, data))


def set_dimension(path: Path, ref: str) -> Path:
    """Overwrite the size the first sheet declares (``<dimension ref=…>``), like stale exporters."""
    with zipfile.ZipFile(path) as src:
        xml = src.read("xl/worksheets/sheet1.xml").decode("utf-8")
    xml, n = re.subn(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)
    assert n == 1, "no <dimension> in the sheet"
    _rewrite_members(path, {"xl/worksheets/sheet1.xml": xml.encode("utf-8")})
    return path


def _inflating_member(
    prefix: bytes, fill: bytes, size: int, suffix: bytes
) -> tuple[bytes, int, int]:
    """(raw deflate data, CRC-32, length) of ``prefix + fill*k + suffix``, about ``size`` bytes.

    One megabyte of ``fill`` is compressed once and its (byte-aligned, self-contained)
    blocks repeated, so a 1 GiB member takes about a second to build and ~1 MB on disk.
    """
    chunk = fill * ((1 << 20) // len(fill))
    repeats = (size - len(prefix) - len(suffix)) // len(chunk)

    def piece(data: bytes) -> bytes:
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        return comp.compress(data) + comp.flush(zlib.Z_FULL_FLUSH)

    body = piece(chunk)
    crc = zlib.crc32(prefix)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = piece(prefix) + body * repeats + last.compress(suffix) + last.flush()
    return raw, crc & 0xFFFFFFFF, len(prefix) + len(chunk) * repeats + len(suffix)


def _write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """A ZIP of (name, raw deflate data, CRC-32, uncompressed size) members (sizes < 4 GiB)."""
    out = bytearray()
    central = bytearray()
    for name, raw, crc, size in members:
        encoded = name.encode("utf-8")
        offset = len(out)
        fields = (20, 0, 8, 0, 0x21, crc, len(raw), size, len(encoded), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded + raw
        central += (
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset) + encoded
        )
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0
    )
    path.write_bytes(bytes(out + central + end))


def inflate_member(path: Path, member: str, prefix: bytes, fill: bytes, suffix: bytes) -> Path:
    """Replace ``member`` of the package at ``path`` by one that inflates to 1 GiB."""
    with zipfile.ZipFile(path) as src:
        members = []
        for info in src.infolist():
            if info.filename == member:
                raw, crc, size = _inflating_member(prefix, fill, GIB, suffix)
                members.append((member, raw, crc, size))
            else:
                data = src.read(info.filename)
                comp = zlib.compressobj(6, zlib.DEFLATED, -15)
                members.append(
                    (info.filename, comp.compress(data) + comp.flush(), zlib.crc32(data), len(data))
                )
    _write_zip(path, members)
    return path


def xlsx_with_giant_cell(path: Path) -> Path:
    """An XLSX whose one text cell is 1 GiB of letters (an inline string), ~1 MB on disk."""
    write_xlsx(path, [TEMPLATE_HEADER, template_row(locality="PLACEHOLDER")])
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as src:
        xml = src.read(sheet).decode("utf-8")
    head, tail = xml.split("PLACEHOLDER")
    return inflate_member(path, sheet, head.encode("utf-8"), b"a", tail.encode("utf-8"))


def docx_inflating(path: Path) -> Path:
    """A DOCX whose word/document.xml inflates to 1 GiB (a few MB on disk)."""
    import docx

    document = docx.Document()
    document.add_paragraph("PLACEHOLDER")
    document.save(path)
    with zipfile.ZipFile(path) as src:
        body = src.read("word/document.xml").decode("utf-8")
    head, tail = body.split("PLACEHOLDER")
    return inflate_member(
        path, "word/document.xml", head.encode("utf-8"), b"Dan van kheo ", tail.encode("utf-8")
    )


def nested_html(depth: int) -> str:
    return (
        "<html><body>"
        + "<div>" * depth
        + "<p>Năm 2022, toàn tỉnh có 371 mô hình “Dân vận khéo” được đăng ký.</p>"
        + "</div>" * depth
        + "</body></html>"
    )


def long_sentence(numbers: int) -> str:
    """One sentence stating ``numbers`` figures of models."""
    items = ", ".join(f"{i + 1} mô hình" for i in range(numbers))
    return f"Toàn tỉnh có {items} “Dân vận khéo” được đăng ký."


def warehouse_digest(data_dir: Path) -> dict[str, str]:
    """SHA-256 of every file of the warehouse directory (byte-identical means equal)."""
    root = Warehouse(data_dir).root
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(root.iterdir())
        if f.is_file() and f.name != ".lock"
    }
