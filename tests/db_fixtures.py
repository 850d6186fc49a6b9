"""One parametrised fixture for the app database: SQLite file and a real PostgreSQL server.

PostgreSQL comes from ``DVK_TEST_POSTGRES_URL`` (``.ci/run`` starts a server on 127.0.0.1 and
sets it). Outside CI the PostgreSQL cases are skipped when it is unset; under CI they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

PG_ENV = "DVK_TEST_POSTGRES_URL"


def postgres_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: .ci/run should have started PostgreSQL")
        pytest.skip(f"{PG_ENV} not set (run bash .ci/run for the PostgreSQL tests)")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    admin = sa.engine.make_url(postgres_admin_url())
    name = f"dvk_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app_db(request: pytest.FixtureRequest, tmp_path, monkeypatch) -> Iterator[str]:
    """Sets DVK_DATABASE_URL (SQLite in tmp_path, or a fresh PostgreSQL database)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("DVK_DATABASE_URL", url)
    yield url
