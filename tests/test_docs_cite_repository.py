"""Code cites the repository's own documents (metrics/RULES.md, README.md, data_loaders
reference docs), never a design brief that does not ship with it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


OUTSIDE = ("DESIGN §", "DESIGN.md", "../shared", "/work/shared", "STYLE.md", "ECOSYSTEM.md")


def cited_outside(root: Path = ROOT) -> list[str]:
    """Lines of the code and the READMEs that cite a document not in the repository."""
    files = [
        path
        for package in ("dashboard", "metrics", "data_loaders")
        for pattern in ("*.py", "*.md")
        for path in sorted((root / package).rglob(pattern))
    ]
    files += [p for p in (root / "README.md", root / "DEVELOPERS.md") if p.exists()]
    return [
        f"{path.relative_to(root)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(word in line for word in OUTSIDE)
    ]


def test_no_code_cites_an_outside_design_document() -> None:
    assert cited_outside() == []


def test_the_check_finds_a_citation_of_the_shared_briefs(tmp_path: Path) -> None:
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "rules.py").write_text('"""See DESIGN §6."""\n')
    (tmp_path / "metrics" / "README.md").write_text("Rules: metrics/RULES.md\n")
    (tmp_path / "README.md").write_text("Read ../shared/STYLE.md first.\n")
    assert cited_outside(tmp_path) == ["metrics/rules.py:1", "README.md:1"]
