"""Problems found in input files, named by file, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IngestProblem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = Path(self.file).name
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"

    def vi(self) -> str:
        """The same problem in Vietnamese, for the dashboard."""
        where = Path(self.file).name
        if self.row is not None:
            where += f", dòng {self.row}"
        if self.column:
            where += f", cột {self.column}"
        return f"{where}: {self.message}"


class RefusedFile(ValueError):
    """A file refused whole, with every problem found in it."""

    def __init__(self, path: Path, problems: list[IngestProblem]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__(f"{path}: refused, {len(problems)} problem(s)")
