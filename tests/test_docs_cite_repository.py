"""Code cites the repository's own documents (metrics/RULES.md, README.md, data_loaders
reference docs), never a design brief that does not ship with it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_code_cites_an_outside_design_document() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("dashboard", "metrics", "data_loaders")
        for path in sorted((ROOT / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "DESIGN §" in line or "DESIGN.md" in line
    ]
    assert found == []
