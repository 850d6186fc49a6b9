"""Integrity check of a data directory: schemas, references between tables, pending writes."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from data_loaders.storage import schema
from data_loaders.storage.warehouse import JOURNAL, Warehouse


def repair(data_dir: Path) -> list[str]:
    """Finish what an interrupted write left, before checking; returns what was done.

    A journalled (committed) write is rolled forward; a stray ``*.parquet.tmp`` file of an
    aborted write is reported and removed. Where the directory cannot be written, what is
    left is reported as a problem by :func:`check`.
    """
    wh = Warehouse(data_dir)
    if not wh.root.exists():
        return []
    pending = (wh.root / JOURNAL).exists()
    strays = [] if pending else sorted(wh.root.glob("*.parquet.tmp"))
    if not pending and not strays:
        return []
    try:
        with wh.lock(timeout=30):
            pass  # taking the lock rolls a committed write forward and sweeps temporaries
    except OSError:
        return []
    done = []
    if pending:
        done.append("an interrupted write was completed (rolled forward)")
    if strays:
        names = ", ".join(f.name for f in strays)
        done.append(f"stray temporary file(s) of an aborted write removed: {names}")
    return done


def check(data_dir: Path) -> tuple[dict[str, int], list[str]]:
    """Return (rows per table, problems). An empty problem list means the warehouse is sound.

    Call :func:`repair` first to finish an interrupted write; what it could not finish is
    reported here.
    """
    wh = Warehouse(data_dir)
    counts: dict[str, int] = {}
    problems: list[str] = []
    if (wh.root / JOURNAL).exists():
        problems.append(
            "an interrupted write is pending and could not be completed "
            "(is the data directory writable?)"
        )
    elif wh.root.exists():
        strays = sorted(f.name for f in wh.root.glob("*.parquet.tmp"))
        if strays:
            problems.append(
                f"stray temporary file(s) of an aborted write: {', '.join(strays)} "
                "(removed by the next ingest)"
            )
    for table in schema.TABLES:
        path = wh.path(table)
        if not path.exists():
            counts[table] = 0
            continue
        stored = pq.read_schema(path)
        expected = schema.schema(table)
        if stored.names != expected.names:
            problems.append(f"{table}: columns {stored.names} differ from the schema")
            continue
        data = wh.arrow(table)
        counts[table] = data.num_rows
        sample = data.slice(0, 200_000).to_pandas()
        problems += [f"{table}: {p}" for p in schema.validate(table, sample, limit=20)]
    if counts.get("tallies"):
        tallies = wh.arrow("tallies")
        ids = tallies["tally_id"]
        if pc.count_distinct(ids).as_py() != len(ids):
            problems.append("tallies: tally_id is not unique")
        problems += _references(wh, "tallies")
    if counts.get("models"):
        problems += _references(wh, "models")
    return counts, problems


def _references(wh: Warehouse, table: str) -> list[str]:
    data = wh.arrow(table).select(["source_id", "locality_code"])
    out = []
    for column, other in (("source_id", "sources"), ("locality_code", "localities")):
        known = wh.arrow(other).column(column)
        missing = pc.unique(data.filter(pc.invert(pc.is_in(data[column], value_set=known)))[column])
        if len(missing):
            shown = ", ".join(missing.to_pylist()[:5])
            out.append(f"{table}: {len(missing)} {column} value(s) not in {other} ({shown})")
    return out
