"""The warehouse side of an ingest: the localities table, the warehouse's state stamp, and the
one atomic write of a loaded input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data_loaders.ingest.changes import same_rows
from data_loaders.ingest.model import COMPARE_SOURCE_COLUMNS
from data_loaders.reference.localities import build_localities
from data_loaders.sources.tally_template import Loaded
from data_loaders.storage import schema
from data_loaders.storage.warehouse import Warehouse


def ensure_localities(wh: Warehouse) -> pd.DataFrame:
    """The localities table, written from the official units on first use; units added to
    the official list since (e.g. new rows of the unit history) are appended. Call under lock."""
    official = build_localities()
    if not wh.path("localities").exists():
        wh.write({"localities": official})
        return wh.read("localities")
    stored = wh.read("localities")
    added = official[~official["locality_code"].isin(stored["locality_code"])]
    if len(added):
        stored = pd.concat([stored, added], ignore_index=True)
        wh.write({"localities": stored})
    return stored


def planning_localities(wh: Warehouse) -> pd.DataFrame:
    """The localities a commit would use, without writing them (see :func:`ensure_localities`)."""
    official = build_localities()
    if not wh.path("localities").exists():
        return official
    stored = wh.read("localities")
    added = official[~official["locality_code"].isin(stored["locality_code"])]
    return pd.concat([stored, added], ignore_index=True) if len(added) else stored


def stamp(wh: Warehouse) -> tuple:
    """The warehouse's state as its files' names, times and sizes (changes on every write)."""
    if not wh.root.exists():
        return ()
    return tuple(
        sorted((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in wh.root.glob("*.parquet"))
    )


def apply(wh: Warehouse, loaded: Loaded) -> tuple[str, int]:
    """Write one loaded file into the warehouse (under lock). Returns (status, rows written)."""
    sids = pa.array(loaded.source_ids, pa.string())
    defined = pa.array(sorted(set(loaded.sources["source_id"])), pa.string())
    sources_old = wh.arrow("sources")
    keep_src = pc.invert(pc.is_in(sources_old["source_id"], value_set=defined))
    old_src = sources_old.filter(pc.invert(keep_src))
    tables: dict[str, pa.Table | pd.DataFrame] = {}
    same_sources = same_rows(old_src, loaded.sources, "sources", COMPARE_SOURCE_COLUMNS)
    status = "replaced" if old_src.num_rows else "ok"
    if loaded.kind in ("tallies", "models"):
        table = loaded.kind
        new_rows = loaded.tallies if table == "tallies" else loaded.models
        current = wh.arrow(table)
        mask = pc.is_in(current["source_id"], value_set=sids)
        old_rows = current.filter(mask)
        if same_sources and same_rows(old_rows, new_rows, table, schema.TABLES[table]):
            return "unchanged", 0
        status = "replaced" if old_rows.num_rows or old_src.num_rows else "ok"
        tables[table] = pa.concat_tables(
            [current.filter(pc.invert(mask)), schema.to_arrow(table, new_rows)]
        )
    elif same_sources:
        return "unchanged", 0
    tables["sources"] = pa.concat_tables(
        [sources_old.filter(keep_src), schema.to_arrow("sources", loaded.sources)]
    )
    if loaded.new_localities:
        locs = wh.read("localities")
        new = pd.DataFrame(loaded.new_localities)
        new = new[~new["locality_code"].isin(locs["locality_code"])]
        if len(new):
            tables["localities"] = pd.concat([locs, new], ignore_index=True)
    wh.write(tables)
    written = {"tallies": len(loaded.tallies), "sources": len(loaded.sources)}
    return status, written.get(loaded.kind, len(loaded.models) if loaded.models is not None else 0)


def warehouse_is_empty(data_dir: Path) -> bool:
    return not Warehouse(data_dir).exists("tallies")
