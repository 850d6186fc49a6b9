"""Tables of a report (DOCX or HTML) as sentences the extractor reads.

A two-column table ("Số mô hình được công nhận | 19") reads as it stands. A wider one
is a grid: each number belongs to its row (a field, a unit or a total) and to its
column (a count such as "Số mô hình đăng ký", "Tập thể được khen thưởng", or a field
such as "Kinh tế"). Each number becomes one sentence naming both, so that the
extractor gives it the right field, unit and stage:

- field × count: ``Số mô hình đăng ký lĩnh vực Kinh tế: 120.``
- unit × count: ``Xã Tân An: Số mô hình đăng ký 12.``
- unit × field: ``Xã Tân An: lĩnh vực Kinh tế 12 mô hình được công nhận năm 2023.``
  (what is counted comes from the table's header or the caption above it)
"""

from __future__ import annotations

import re

from data_loaders.reference.text import clean_text
from data_loaders.report_text import phrases as ph
from data_loaders.report_text.folding import fold_chars

__all__ = ["table_lines"]

_NUMBER_CELL = re.compile(r"^\s*\d{1,3}(?:[.\s]\d{3})*\s*$|^\s*\d+\s*$")
_SERIAL_HEADER = re.compile(r"^(?:s\.?\s*)?t\.?\s*t\.?$|^so\s+tt$|^stt$|^tt$")
_COUNTED = re.compile(r"\b(?:mo\s+hinh|dien\s+hinh|tap\s+the|ca\s+nhan|guong)\b")
_FIELD_WORD = re.compile(r"^\s*linh\s+vuc\b")
# Words of a caption that say how the table is cut, not what it counts.
_CAPTION_CUT = re.compile(r"\s*(?:\bphan\s+theo\b|\btheo\b|\bchia\s+theo\b|\bcua\s+cac\b).*$")
_CAPTION_HEAD = re.compile(r"^\W*(?:bang\s*\d*\W*|ket\s+qua\s+)?(?:so\s+luong\s+|so\s+)?")


def _is_number(cell: str) -> bool:
    return bool(_NUMBER_CELL.match(cell))


def _is_field(cell: str) -> bool:
    folded = fold_chars(clean_text(cell))
    found = ph.field_regex().search(folded)
    return bool(found) and not _COUNTED.search(folded)


def _measure(caption: str) -> str:
    """What a caption says the numbers count: "mô hình “Dân vận khéo” được công nhận năm 2023".

    >>> _measure("Bảng 2. Số mô hình “Dân vận khéo” được công nhận năm 2023 theo lĩnh vực:")
    'mô hình “Dân vận khéo” được công nhận năm 2023'
    >>> _measure("Các xã đều tích cực tham gia.")
    ''
    """
    text = clean_text(caption).rstrip(" :.")
    folded = fold_chars(text)
    if not _COUNTED.search(folded):
        return ""
    cut = _CAPTION_CUT.search(folded)
    end = cut.start() if cut else len(text)
    head = _CAPTION_HEAD.match(folded[:end])
    start = head.end() if head else 0
    return text[start:end].strip(" ,")


def _grid(rows: list[list[str]]) -> tuple[list[str], list[list[str]]] | None:
    """Header and body rows of a grid of at least three columns, serial columns dropped."""
    width = max((len(r) for r in rows), default=0)
    if width < 3:
        return None
    rows = [[clean_text(c) for c in r] + [""] * (width - len(r)) for r in rows]
    header_at = next(
        (i for i, r in enumerate(rows) if sum(1 for c in r if c and not _is_number(c)) >= 2), None
    )
    if header_at is None:
        return None
    header, body = rows[header_at], [r for r in rows[header_at + 1 :] if any(r)]
    keep = [
        j
        for j in range(width)
        if not _SERIAL_HEADER.match(fold_chars(header[j]).strip())
        and not (j == 0 and body and all(_is_number(r[0]) or not r[0] for r in body))
    ]
    return [header[j] for j in keep], [[r[j] for j in keep] for r in body]


def table_lines(rows: list[list[str]], caption: str = "") -> list[str]:
    """Sentences for the cells of a table (``rows`` of cell texts, header first).

    ``caption`` is the paragraph just above the table; it says what a grid of
    fields counts when the header does not.

    Examples
    --------
    >>> table_lines([["Nội dung", "Số lượng"], ["Số mô hình được công nhận", "19"]])
    ['Nội dung | Số lượng', 'Số mô hình được công nhận | 19']
    >>> table_lines([["TT", "Lĩnh vực", "Số mô hình đăng ký", "Được công nhận"],
    ...              ["1", "Kinh tế", "120", "45"], ["", "Tổng cộng", "200", "75"]])
    ['Số mô hình đăng ký lĩnh vực Kinh tế: 120.', 'Được công nhận lĩnh vực Kinh tế: 45.', \
'Tổng cộng: Số mô hình đăng ký 200.', 'Tổng cộng: Được công nhận 75.']
    >>> table_lines([["Đơn vị", "Kinh tế", "Văn hóa - xã hội"], ["Xã Tân An", "12", "8"]],
    ...             caption="Số mô hình được công nhận năm 2023 theo lĩnh vực:")
    ['Xã Tân An: lĩnh vực Kinh tế 12 mô hình được công nhận năm 2023.', \
'Xã Tân An: lĩnh vực Văn hóa - xã hội 8 mô hình được công nhận năm 2023.']
    """
    grid = None if any(len(c) > 200 for r in rows for c in r) else _grid(rows)
    if grid is None:
        lines = []
        for row in rows:
            cells: list[str] = []
            for cell in (clean_text(c) for c in row):
                if cell and (not cells or cells[-1] != cell):
                    cells.append(cell)
            if cells:
                lines.append(" | ".join(cells))
        return lines
    header, body = grid
    measure = _measure(caption) or next((_measure(h) for h in header[:1] if _measure(h)), "mô hình")
    lines = []
    for row in body:
        labels = [c for j, c in enumerate(row) if c and not _is_number(c)]
        label = " ".join(dict.fromkeys(labels))
        for j, cell in enumerate(row):
            if not _is_number(cell) or not header[j]:
                continue
            column = header[j]
            if _is_field(column):
                named = column if _FIELD_WORD.match(fold_chars(column)) else f"lĩnh vực {column}"
                lines.append(f"{label}: {named} {cell.strip()} {measure}.".lstrip(": "))
            elif label and _is_field(label):
                named = label if _FIELD_WORD.match(fold_chars(label)) else f"lĩnh vực {label}"
                lines.append(f"{column} {named}: {cell.strip()}.")
            else:
                lines.append(f"{label}: {column} {cell.strip()}.".lstrip(": "))
    return lines
