"""The Parquet warehouse: explicit schemas, validated, atomic, serialised writes.

Layout under ``<data-dir>/warehouse/``: one ``NAME.parquet`` file per table.
A write of several tables is one transaction:

1. every new table is written to ``NAME.parquet.tmp`` and fsynced;
2. a journal ``_commit.json`` naming those files is written atomically;
3. each temporary file is renamed over its table; the journal is removed.

A crash before step 2 leaves the previous state (temporary files are swept);
a crash after it is rolled forward by the next reader or writer. Writers hold
an exclusive file lock, so concurrent ingests are serialised.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from filelock import FileLock

from data_loaders.storage import schema

JOURNAL = "_commit.json"
LOCK = ".lock"
ROW_GROUP_SIZE = 256_000


class ValidationError(ValueError):
    """Rows that do not fit a table's schema."""

    def __init__(self, table: str, problems: list[schema.Problem]) -> None:
        self.table = table
        self.problems = problems
        super().__init__(f"{table}: " + "; ".join(str(p) for p in problems[:10]))


def _crash_point(name: str) -> None:
    """Test hook: exit abruptly at a named point of a write (DVK_TEST_CRASH_AT)."""
    if os.environ.get("DVK_TEST_CRASH_AT") == name:
        os._exit(97)


class Warehouse:
    """One warehouse directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / "warehouse"

    # -- paths and locking -------------------------------------------------
    def path(self, table: str) -> Path:
        return self.root / f"{table}.parquet"

    def exists(self, table: str) -> bool:
        self._recover()
        return self.path(table).exists()

    @contextmanager
    def lock(self, timeout: float = 600) -> Iterator[None]:
        """Exclusive lock for a read-modify-write transaction."""
        self.root.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.root / LOCK), timeout=timeout):
            self._recover(locked=True)
            yield

    def _recover(self, locked: bool = False) -> None:
        """Roll a journalled commit forward; sweep temporaries of an aborted one."""
        journal = self.root / JOURNAL
        if not journal.exists() and not locked:
            return
        if journal.exists():
            if not locked:
                with self.lock():
                    return
            names = json.loads(journal.read_text(encoding="utf-8"))["tables"]
            for table in names:
                tmp = self.path(table).with_suffix(".parquet.tmp")
                if tmp.exists():
                    os.replace(tmp, self.path(table))
            _fsync_dir(self.root)
            journal.unlink()
        for stray in [*self.root.glob("*.parquet.tmp"), self.root / (JOURNAL + ".tmp")]:
            stray.unlink(missing_ok=True)

    # -- reading -------------------------------------------------------------
    def read(self, table: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Read a table (empty with the right columns when it does not exist)."""
        self._recover()
        path = self.path(table)
        if not path.exists():
            frame = schema.empty_frame(table)
            return frame[columns] if columns else frame
        return pq.read_table(path, columns=columns, schema=schema.schema(table)).to_pandas()

    def arrow(self, table: str) -> pa.Table:
        self._recover()
        path = self.path(table)
        if not path.exists():
            return schema.schema(table).empty_table()
        return pq.read_table(path, schema=schema.schema(table))

    # -- writing -------------------------------------------------------------
    def write(self, tables: Mapping[str, pd.DataFrame | pa.Table]) -> None:
        """Validate and atomically replace several tables. Call inside :meth:`lock`."""
        arrow_tables: dict[str, pa.Table] = {}
        for name, data in tables.items():
            if isinstance(data, pd.DataFrame):
                problems = schema.validate(name, data)
                if problems:
                    raise ValidationError(name, problems)
                data = schema.to_arrow(name, data)
            elif not data.schema.equals(schema.schema(name), check_metadata=False):
                data = data.select(list(schema.TABLES[name])).cast(schema.schema(name))
            arrow_tables[name] = _sorted(data, schema.SORT_KEYS[name])
        self.root.mkdir(parents=True, exist_ok=True)
        journal_tmp = self.root / (JOURNAL + ".tmp")
        try:
            for name, table in arrow_tables.items():
                tmp = self.path(name).with_suffix(".parquet.tmp")
                pq.write_table(
                    table,
                    tmp,
                    compression="zstd",
                    row_group_size=ROW_GROUP_SIZE,
                    write_statistics=True,
                )
                _fsync_file(tmp)
                _crash_point(f"after_tmp_{name}")
            journal_tmp.write_text(json.dumps({"tables": list(arrow_tables)}), encoding="utf-8")
            _fsync_file(journal_tmp)
            os.replace(journal_tmp, self.root / JOURNAL)
        except BaseException:
            # Before the commit point: the previous state stands; free what was written.
            for name in arrow_tables:
                self.path(name).with_suffix(".parquet.tmp").unlink(missing_ok=True)
            journal_tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(self.root)
        _crash_point("after_journal")
        for i, name in enumerate(arrow_tables):
            os.replace(self.path(name).with_suffix(".parquet.tmp"), self.path(name))
            if i == 0:
                _crash_point("after_first_rename")
        _fsync_dir(self.root)
        (self.root / JOURNAL).unlink()


def _sorted(table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
    """``table`` sorted by ``keys`` (dictionary columns sort by their text)."""
    if not table.num_rows:
        return table
    key_table = pa.table(
        {
            k: table[k].cast(pa.string()) if pa.types.is_dictionary(table[k].type) else table[k]
            for k in keys
        }
    )
    order = pc.sort_indices(key_table, sort_keys=[(k, "ascending") for k in keys])
    return table.take(order)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
