"""Problems found in input files, named by file, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IngestProblem:
    """One problem: where (file, spreadsheet row, column id), what, in English and Vietnamese.

    ``value`` is the offending cell text and ``accepted`` the Vietnamese labels of the values
    accepted there (empty when any value of the right form is). ``header`` is the column's
    Vietnamese header. Messages come from ``data_loaders.storage.messages``; ``str()`` is English.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    value: str | None = None
    accepted: tuple[str, ...] = ()
    message_vi: str | None = None
    header: str | None = None
    code: str | None = None

    @property
    def message_en(self) -> str:
        return self.message

    def __str__(self) -> str:
        where = Path(self.file).name
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"

    def vi(self) -> str:
        """The same problem in Vietnamese (column by its Vietnamese header)."""
        where = Path(self.file).name
        if self.row is not None:
            where += f", dòng {self.row}"
        if self.header or self.column:
            where += f", cột «{self.header or self.column}»"
        return f"{where}: {self.message_vi or self.message}"

    def text(self, lang: str = "vi") -> str:
        return str(self) if lang == "en" else self.vi()


class RefusedFile(ValueError):
    """A file refused whole, with every problem found in it."""

    def __init__(self, path: Path, problems: list[IngestProblem]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__(f"{path}: refused, {len(problems)} problem(s)")
