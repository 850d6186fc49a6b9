"""What an input does to each of its sources: added, replaced or unchanged, with rows before and
after, compared in one pass however many sources."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data_loaders.ingest.model import (
    COMPARE_SOURCE_COLUMNS,
    SourceChange,
)
from data_loaders.sources.tally_template import Loaded
from data_loaders.storage import schema
from data_loaders.storage.warehouse import Warehouse


def same_rows(old: pa.Table, new: pd.DataFrame, table: str, columns: Iterable[str]) -> bool:
    """True when ``new`` holds exactly the rows of ``old`` (in any order) on ``columns``."""
    cols = list(columns)
    if old.num_rows != len(new):
        return False

    def canonical(data: pa.Table) -> pa.Table:
        data = data.select(cols)
        data = pa.table(
            {
                c: data[c].cast(pa.string()) if pa.types.is_dictionary(data[c].type) else data[c]
                for c in cols
            }
        )
        return data.take(pc.sort_indices(data, sort_keys=[(c, "ascending") for c in cols[:1]]))

    return canonical(old).equals(canonical(schema.to_arrow(table, new)))


def of_sources(table: pa.Table, ids: list[str]) -> pa.Array:
    return pc.is_in(table["source_id"], value_set=pa.array(ids, pa.string()))


def rows_of(table: pa.Table, source_id: str) -> int:
    return table.filter(of_sources(table, [source_id])).num_rows


def data_table(loaded: Loaded) -> str | None:
    """The table a loaded input fills besides ``sources`` (None for a list of sources)."""
    return loaded.kind if loaded.kind in ("tallies", "models") else None


def _digests(data: pa.Table, columns: Iterable[str]) -> dict[str, tuple[int, int, int]]:
    """Per source id: its row count and two order-free 64-bit digests of its rows on
    ``columns`` (sums of two independent row hashes), to compare sources in one pass."""
    if not data.num_rows:
        return {}
    cols = list(columns)
    plain = pa.table(
        {
            c: data[c].cast(pa.string()) if pa.types.is_dictionary(data[c].type) else data[c]
            for c in cols
        }
    ).to_pandas()
    first = pd.util.hash_pandas_object(plain, index=False).to_numpy()
    second = pd.util.hash_pandas_object(plain, index=False, hash_key="dvk-source-rows2").to_numpy()
    ids = data["source_id"]
    if pa.types.is_dictionary(ids.type):
        ids = ids.cast(pa.string())
    codes, uniques = pd.factorize(ids.to_numpy(zero_copy_only=False))
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    counts = np.diff(np.r_[starts, len(order)])
    sums1 = np.add.reduceat(first[order], starts)  # uint64: wraps around, order-free
    sums2 = np.add.reduceat(second[order], starts)
    return {
        str(uniques[ordered[i]]): (int(n), int(x), int(y))
        for i, n, x, y in zip(starts, counts, sums1, sums2)
    }


def _counts(ids: pd.Series | pa.ChunkedArray) -> dict[str, tuple[int, int, int]]:
    """Per source id its row count (digests left 0: used when no comparison is needed)."""
    if isinstance(ids, pd.Series):
        return {str(k): (int(n), 0, 0) for k, n in ids.value_counts().items()}
    if pa.types.is_dictionary(ids.type):
        ids = ids.cast(pa.string())
    counted = pc.value_counts(ids)
    return {
        str(k): (int(n), 0, 0)
        for k, n in zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist())
    }


def _row_digests(
    old: pa.Table, new: pd.DataFrame, table: str
) -> tuple[dict[str, tuple[int, int, int]], dict[str, tuple[int, int, int]]]:
    """Per source, before and after: counts, and digests only where they decide something
    (hashing a million rows costs seconds, so the common cases are settled without it)."""
    if not old.num_rows:  # nothing stored: every source is new
        return {}, _counts(new["source_id"])
    before = _counts(old["source_id"])
    after = _counts(new["source_id"])
    columns = schema.TABLES[table]
    if same_rows(old, new, table, columns):  # the same rows: every source unchanged
        return before, dict(before)
    if len(set(before) | set(after)) == 1:  # one source, and it differs
        (sid,) = set(before) | set(after)
        return before, {sid: (after.get(sid, (0,))[0], 1, 1)}
    return _digests(old, columns), _digests(schema.to_arrow(table, new), columns)


def source_changes(
    wh: Warehouse, loaded: Loaded, ids: list[str] | None = None
) -> list[SourceChange]:
    """Per source of ``loaded`` (``ids``, its source ids when known): added, replaced or
    unchanged, with its rows before and after. One pass over each table, however many sources."""
    ids = loaded.source_ids if ids is None else ids
    table = data_table(loaded)
    src_old = wh.arrow("sources").filter(of_sources(wh.arrow("sources"), ids))
    src_before = _digests(src_old, COMPARE_SOURCE_COLUMNS)
    src_after = _digests(schema.to_arrow("sources", loaded.sources), COMPARE_SOURCE_COLUMNS)
    before_rows: dict[str, tuple[int, int, int]] = {}
    after_rows: dict[str, tuple[int, int, int]] = {}
    if table:
        current = wh.arrow(table)
        new_rows = loaded.tallies if table == "tallies" else loaded.models
        before_rows, after_rows = _row_digests(
            current.filter(of_sources(current, ids)), new_rows, table
        )
    titles = {
        **dict(zip(src_old["source_id"].to_pylist(), src_old["title"].to_pylist())),
        **dict(zip(loaded.sources["source_id"], loaded.sources["title"])),
    }
    none = (0, 0, 0)
    out = []
    for sid in ids:
        listed = sid in src_before
        same_src = sid not in src_after or src_before.get(sid) == src_after[sid]
        if table:
            before, after = before_rows.get(sid, none)[0], after_rows.get(sid, none)[0]
            if not before and after and (not listed or same_src):
                status = "added"  # a new source, or the first figures of a listed one
            elif same_src and before_rows.get(sid, none) == after_rows.get(sid, none):
                status = "unchanged"
            else:
                status = "replaced"
        else:
            before, after = int(listed), int(sid in src_after)
            status = "added" if not listed else "unchanged" if same_src else "replaced"
        title = titles.get(sid)
        title = title if isinstance(title, str) and title else None
        out.append(SourceChange(sid, title, status, before, after, table or "sources"))
    return out
