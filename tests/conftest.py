"""Shared fixtures: a data dir with the bundled sample ingested once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data_loaders.config import SAMPLE_DIR


@pytest.fixture(scope="session")
def sample_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the ingested real sample (read-only for tests)."""
    from data_loaders.ingest import ingest_paths

    directory = tmp_path_factory.mktemp("sample-data")
    results = ingest_paths([SAMPLE_DIR], directory, progress=False)
    assert all(not r.refused for r in results), [str(p) for r in results for p in r.problems]
    return directory


@pytest.fixture
def sample_copy(sample_data_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the sample data directory."""
    target = tmp_path / "data"
    shutil.copytree(sample_data_dir, target)
    return target


@pytest.fixture
def dashboard_copy(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the sample that the dashboard reads (``DVK_DATA_DIR``)."""
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_copy))
    return sample_copy
