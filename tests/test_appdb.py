"""App database on SQLite and PostgreSQL alike: migrations, ledger, review queue, saved views,
SQL-source ingest."""

from __future__ import annotations

import csv
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_loaders import appdb
from data_loaders.appdb import review, saved_views
from data_loaders.ingest import ingest_file, ingest_sql
from data_loaders.storage.warehouse import Warehouse
from tests.db_fixtures import app_db, postgres_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.xdist_group("appdb")


def test_migrations_create_every_table(app_db: str) -> None:  # noqa: F811
    appdb.migrate(app_db)
    appdb.migrate(app_db)  # idempotent
    engine = sa.create_engine(app_db)
    names = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert {
        "ingest_runs",
        "review_items",
        "saved_views",
        "audit_log",
        "users",
        "alembic_version",
    } <= names


def test_ledger(app_db: str, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["province", "period_start", "period_end", "metric", "value"])
        w.writerow(["Hải Phòng", "2022", "2022", "models_registered", "2.084"])
    assert ingest_file(path, tmp_path / "d", user="analyst").status == "ok"
    assert ingest_file(path, tmp_path / "d", user="analyst").status == "unchanged"
    with appdb.session(tmp_path / "d") as s:
        runs = s.scalars(sa.select(appdb.IngestRun).order_by(appdb.IngestRun.id)).all()
    assert [(r.status, r.user_name) for r in runs] == [("ok", "analyst"), ("unchanged", "analyst")]
    assert Warehouse(tmp_path / "d").read("tallies")["value"].tolist() == [2084]


def test_review_queue_and_audit(app_db: str, tmp_path: Path) -> None:  # noqa: F811
    cands = [{"value": 371, "metric": "models_registered"}, {"value": 93, "metric": "nominations"}]
    ids = review.enqueue(tmp_path, "abc", "report.docx", cands)
    assert review.enqueue(tmp_path, "abc", "report.docx", cands) == ids
    review.decide(tmp_path, ids[0], "confirmed", "lan")
    review.decide(tmp_path, ids[1], "corrected", "lan", {"metric": "models_recognized"})
    with pytest.raises(ValueError):
        review.decide(tmp_path, ids[1], "maybe", "lan")
    items = review.items(tmp_path, "abc")
    assert [i.decision for i in items] == ["confirmed", "corrected"]
    assert items[1].corrected == {"value": 93, "metric": "models_recognized"}
    trail = review.audit_trail(tmp_path)
    assert trail[0].before["values"]["metric"] == "nominations"
    assert trail[0].after["values"]["metric"] == "models_recognized"
    assert trail[0].user_name == "lan" and trail[0].at is not None


def test_saved_views_shared_by_concurrent_writers(app_db: str, tmp_path: Path) -> None:  # noqa: F811
    query = "metric=models_registered&tinh=01&tu=2016&den=2020&chuan_hoa=per_10k"
    with ThreadPoolExecutor(4) as pool:
        keys = list(pool.map(lambda _: saved_views.save_view(tmp_path, "so-sanh", query), range(8)))
    assert len(set(keys)) == 1
    assert saved_views.load_view(tmp_path, keys[0]) == ("so-sanh", query)
    assert saved_views.load_view(tmp_path, "khongco") is None


MAPPING = textwrap.dedent("""
    kind: tallies
    source: {id: csdl-tinh, title: CSDL Dân vận khéo của tỉnh, outlet: Ban Dân vận Tỉnh ủy}
    columns:
      province: tinh
      locality: don_vi
      period_start: nam
      period_end: nam
      metric: chi_tieu
      field: linh_vuc
      value: so_luong
    constants: {kind: model}
    values:
      metric: {DK: models_registered, CN: models_recognized}
""")


def _source_db(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "CREATE TABLE ket_qua (tinh TEXT, don_vi TEXT, nam INTEGER, "
                "chi_tieu TEXT, linh_vuc TEXT, so_luong INTEGER)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO ket_qua VALUES "
                "('Hà Nội', 'Quận Đống Đa', 2022, 'DK', NULL, 371), "
                "('Hà Nội', 'Quận Đống Đa', 2022, 'DK', 'VH-XH', 150), "
                "('Yên Bái', 'Huyện Yên Bình', 2023, 'CN', 'kinh tế', 40)"
            )
        )
    engine.dispose()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_sql_source_ingest(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = (
        f"sqlite:///{tmp_path / 'src.sqlite'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    _source_db(url)
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    data = tmp_path / "d"
    result = ingest_sql(url, mapping, data, table="ket_qua")
    assert result.status == "ok", [str(p) for p in result.problems]
    tallies = Warehouse(data).read("tallies").sort_values("value")
    assert tallies["value"].tolist() == [40, 150, 371]
    assert tallies["metric"].tolist() == [
        "models_recognized",
        "models_registered",
        "models_registered",
    ]
    assert tallies["field"].tolist() == ["economy", "culture_society", "all"]
    assert set(tallies["source_id"]) == {"csdl-tinh"}
    src = Warehouse(data).read("sources").iloc[0]
    assert src["loader"] == "sql" and src["title"] == "CSDL Dân vận khéo của tỉnh"
    assert "dvk" not in str(src["url"]) or "***" in str(src["url"])  # no password stored
    again = ingest_sql(url, mapping, data, query="SELECT * FROM ket_qua")
    assert again.status == "unchanged"


def test_sql_source_errors_name_row_and_column(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'src.sqlite'}"
    _source_db(url)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO ket_qua VALUES ('Hà Nội', 'Phường 1', 2022, 'XX', NULL, 3)")
        )
    engine.dispose()
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    result = ingest_sql(url, mapping, tmp_path / "d", table="ket_qua")
    assert result.status == "refused"
    found = {(p.row, p.column.split(" (")[-1].rstrip(")")) for p in result.problems}
    assert (4, "metric") in found and (4, "locality") in found
    bad_map = tmp_path / "bad.yaml"
    bad_map.write_text("columns: {tinhh: tinh}\n", encoding="utf-8")
    result = ingest_sql(url, bad_map, tmp_path / "d", table="ket_qua")
    assert result.status == "refused" and "tinhh" in str(result.problems[0])


def test_sql_models_ingest(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE mo_hinh (ten TEXT, tinh TEXT, nam INTEGER)"))
        conn.execute(sa.text("INSERT INTO mo_hinh VALUES ('Camera an ninh', 'Hà Nội', 2022)"))
    engine.dispose()
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "kind: models\ncolumns: {model_name: ten, province: tinh, year_start: nam}\n",
        encoding="utf-8",
    )
    result = ingest_sql(url, mapping, tmp_path / "d", table="mo_hinh")
    assert result.status == "ok", [str(p) for p in result.problems]
    assert Warehouse(tmp_path / "d").read("models")["name_key"].tolist() == ["camera an ninh"]


@pytest.mark.postgres
def test_several_processes_share_postgres(postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    """Dashboard processes starting at once on a fresh database: one migrates, all work."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from data_loaders.appdb import saved_views as v; "
        "k = v.save_view(Path(sys.argv[1]), 'tong-quan', 'nam=' + sys.argv[2]); "
        "print(k, v.load_view(Path(sys.argv[1]), k))"
    )
    env = {
        **os.environ,
        "DVK_DATABASE_URL": postgres_url,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path), str(2020 + i)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-500:] for o in outs]
    engine = sa.create_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM saved_views")).scalar() == 4
    engine.dispose()
