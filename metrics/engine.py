"""The one query engine: DuckDB views over the Parquet warehouse.

An :class:`Engine` holds one in-memory DuckDB connection with a view per
warehouse table (``tallies``, ``localities``, ``sources``, ``models``) over
``<data-dir>/warehouse/NAME.parquet`` and a ``population`` table (see
:mod:`metrics.population`). Every query runs on its own cursor, so one engine
can serve several threads (Streamlit sessions) at once. Nothing large is ever
copied out: callers get the small result of an aggregate.

Examples
--------
>>> from metrics.testing import tiny_engine
>>> engine = tiny_engine()
>>> int(engine.sql("SELECT count(*) AS n FROM tallies")["n"].iloc[0]) > 0
True
>>> engine.scalar("SELECT 1 + ?", [1])
2
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import dataclasses
import functools
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from data_loaders.storage import schema
from data_loaders.storage.warehouse import Warehouse
from metrics.sqlparts import literal

TABLES: tuple[str, ...] = ("tallies", "localities", "sources", "models")
VERSION_CHECK_S = 1.0  # a re-ingest shows within this many seconds
MEMORY_LIMIT = "512MB"  # DuckDB's own buffers (builders, exports, the command line)
SPILL_DIR = "dvk-duckdb"  # DuckDB spills beyond its memory limit to <temp dir>/dvk-duckdb-<pid>
RESULT_ROWS = 300_000  # rows of answers kept per engine (a few tens of MiB at most)
Version = tuple[tuple[str, int, int], ...]
"""The data version (:meth:`Engine.version`): caches of every layer key on it."""
T = TypeVar("T")


class DerivedStore(Protocol):
    """Figures stored per data version above the engine (:mod:`metrics.materialised`).

    The engine sits below the store: it receives one (``Engine(derived=...)`` or
    :func:`register_derived_store`) instead of importing it.
    """

    def lookup(self, data_dir: Path, what: str) -> Path | None:
        """The current directory of ``what`` (``"cells"`` or ``"findings"``), if built."""
        ...

    def refresh_in_background(self, data_dir: Path) -> bool: ...

    def build(self, engine: Engine) -> Path | None: ...


_registered_store: DerivedStore | None = None


def register_derived_store(store: DerivedStore | None) -> None:
    """The store every engine without its own uses (:mod:`metrics.materialised` registers it)."""
    global _registered_store
    _registered_store = store


_TABLE_BUILDERS: dict[str, Callable[[Engine], pd.DataFrame]] = {}


def register_table(name: str, build: Callable[[Engine], pd.DataFrame]) -> None:
    """Have every engine made from now on hold table ``name``, ``build(engine)``.

    :mod:`metrics.population` registers ``population`` (the package imports it).
    """
    _TABLE_BUILDERS[name] = build


def file_versions(data_dir: Path, tables: Sequence[str]) -> dict[str, tuple[int, int] | None]:
    """The data version of warehouse ``tables``: (mtime ns, size) per table, ``None`` if absent.

    The one reading of the data version: the engine's caches and the stamps of the
    derived figures (:mod:`metrics.materialised`) both use it.
    """
    warehouse = Warehouse(data_dir)
    return {t: _stat(warehouse.path(t)) for t in tables}


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size


class Engine:
    """DuckDB over one data directory (or over in-memory frames, for tests)."""

    def __init__(
        self,
        data_dir: Path | None = None,
        *,
        threads: int | None = None,
        use_cells: bool = True,
        auto_build: bool = False,
        derived: DerivedStore | None = None,
        memory_limit: str = MEMORY_LIMIT,
    ) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.use_cells = use_cells  # read stored resolved cells when current (metrics.materialised)
        self.auto_build = auto_build  # build missing derived figures in a background process
        self.derived = derived  # the derived store (default: the registered one)
        self._con = duckdb.connect(database=":memory:")
        if threads:
            self._con.execute(f"SET threads = {int(threads)}")
        self._con.execute("SET memory_limit = ?", [memory_limit])
        self._con.execute("SET temp_directory = ?", [str(spill_dir())])  # not the working dir
        self._lock = threading.RLock()
        self._memo: dict[str, Any] = {}
        self._memo_version: tuple[tuple[str, int, int], ...] | None = None
        self._checked: tuple[float, tuple[tuple[str, int, int], ...]] | None = None
        self._pin = threading.local()  # a data version held by one thread (:meth:`pinned`)
        self._version_files: list[tuple[str, str]] | None = None
        self._results: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        # questions being answered now, each with its lock: asked again meanwhile (fifty
        # sessions opening the same page on a fresh server), they wait for that one answer
        self._answering: dict[tuple, threading.RLock] = {}
        self._results_version: Version | None = None
        self._result_rows = 0
        if self.data_dir is not None:
            self._create_views()

    # -- construction --------------------------------------------------------
    @classmethod
    def from_frames(cls, **frames: pd.DataFrame) -> Engine:
        """An engine over in-memory tables (missing tables are empty, with their schema)."""
        engine = cls(None)
        for table in TABLES:
            frame = frames.get(table)
            data = complete_frame(table, frame) if frame is not None else schema.empty_frame(table)
            engine._register(table, schema.to_arrow(table, data))
        engine._register_built_tables()
        return engine

    def _create_views(self) -> None:
        assert self.data_dir is not None
        warehouse = Warehouse(self.data_dir)
        for table in TABLES:
            path = warehouse.path(table)
            if warehouse.exists(table):
                # a view's text cannot hold parameters: the path is quoted as a literal
                self._con.execute(
                    f"CREATE OR REPLACE VIEW {table} AS "
                    f"SELECT * FROM read_parquet({literal(str(path))})"
                )
            else:
                self._register(table, schema.schema(table).empty_table())
        self._register_built_tables()

    def _register(self, name: str, data: Any) -> None:
        """Store a small in-memory table (visible to every cursor)."""
        with self._lock:
            self._con.register("_incoming", data)
            self._con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _incoming")
            self._con.unregister("_incoming")

    def _register_built_tables(self) -> None:
        """The tables built from the data by modules above the engine (``population``)."""
        for name, build in _TABLE_BUILDERS.items():
            self._register(name, build(self))

    # -- queries -------------------------------------------------------------
    def sql(
        self, query: str, params: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> pd.DataFrame:
        """Run ``query`` on a fresh cursor and return the result as a DataFrame."""
        cursor = self._con.cursor()
        try:
            return cursor.execute(query, params or []).df()
        finally:
            cursor.close()

    def arrow(self, query: str, params: Sequence[Any] | None = None) -> pa.Table:
        cursor = self._con.cursor()
        try:
            return cursor.execute(query, params or []).to_arrow_table()
        finally:
            cursor.close()

    def scalar(self, query: str, params: Sequence[Any] | None = None) -> Any:
        """The first value of the first row (``None`` for an empty result)."""
        cursor = self._con.cursor()
        try:
            row = cursor.execute(query, params or []).fetchone()
        finally:
            cursor.close()
        return row[0] if row else None

    # -- data version (for caches) ------------------------------------------
    def version(self) -> Version:
        """A token that changes whenever a warehouse file (or population file) is replaced
        (in a block held by :meth:`pinned`, the one seen at its start)."""
        held = getattr(self._pin, "version", None)
        return held if held is not None else self._files_version()

    def _files_version(self) -> Version:
        if self.data_dir is None:
            return (("memory", id(self), 0),)
        if self._version_files is None:  # the files' paths, worked out once
            warehouse = Warehouse(self.data_dir)
            paths = [warehouse.path(t) for t in TABLES] + [self.data_dir / "population.csv"]
            self._version_files = [(p.name, str(p)) for p in paths]
        out: list[tuple[str, int, int]] = [(str(self.data_dir), 0, 0)]
        for name, path in self._version_files:
            try:
                st = os.stat(path)
                out.append((name, st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                out.append((name, 0, 0))
        return tuple(out)

    @contextlib.contextmanager
    def pinned(self) -> Iterator[Version]:
        """One data version for everything this thread asks in the block (a page's run):
        :meth:`result` looks at the files once, not at each of the dozens of questions a page
        asks (each look is a system call, where the thread may wait for the interpreter lock).
        A change of the data is seen at the next block; other threads are not affected."""
        held = getattr(self._pin, "version", None)
        if held is not None:  # already pinned by an enclosing block
            yield held
            return
        self._pin.version = self._files_version()
        try:
            yield self._pin.version
        finally:
            self._pin.version = None

    def _current_version(self) -> tuple[tuple[str, int, int], ...]:
        """:meth:`version`, looked up at most every ``VERSION_CHECK_S`` seconds."""
        now = time.monotonic()
        if self._checked is None or now - self._checked[0] > VERSION_CHECK_S:
            self._checked = (now, self.version())
        return self._checked[1]

    def memo(self, name: str, build: Callable[[], Any]) -> Any:
        """``build()`` computed once per data version (recomputed after a re-ingest)."""
        version = self._current_version()
        with self._lock:
            if self._memo_version != version:
                self._memo = {}
                self._memo_version = version
            if name in self._memo:
                return self._memo[name]
        value = build()
        with self._lock:
            if self._memo_version == version:
                self._memo[name] = value
        return value

    def result(self, key: Hashable, build: Callable[[], T]) -> T:
        """The answer ``build()`` to question ``key``, kept per data version (a small LRU).

        Data is written rarely and read often: the answers pages ask for again and again
        are kept, up to ``RESULT_ROWS`` rows in all, and dropped as soon as a warehouse file
        changes (the version is checked on every call, or once for a page's run held by
        :meth:`pinned`, so no answer of the previous data is given after an ingest). Callers
        get their own copy. A question asked while it is being answered waits for that answer
        instead of computing it again.
        """
        version = self.version()
        with self._lock:
            if self._results_version != version:
                self._results.clear()
                self._results_version, self._result_rows = version, 0
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
                return _copy(found[0])
            answering = self._answering.setdefault((version, key), threading.RLock())
        with answering:
            with self._lock:
                found = self._results.get(key) if self._results_version == version else None
                if found is not None:
                    self._results.move_to_end(key)
                    return _copy(found[0])
            try:
                return self._answer(key, version, build)
            finally:
                with self._lock:
                    self._answering.pop((version, key), None)

    def _answer(self, key: Hashable, version: Version, build: Callable[[], T]) -> T:
        """``build()``, kept under ``key`` when it is small enough (see :meth:`result`)."""
        value = build()
        rows = _rows(value)
        with self._lock:
            if self._results_version == version and rows <= RESULT_ROWS // 4:
                old = self._results.pop(key, None)
                self._result_rows -= old[1] if old else 0
                self._results[key] = (_copy(value), rows)
                self._result_rows += rows
                while self._result_rows > RESULT_ROWS:
                    _, (_, dropped) = self._results.popitem(last=False)
                    self._result_rows -= dropped
        return value

    def clear_results(self) -> None:
        """Forget the kept answers (:meth:`result`)."""
        with self._lock:
            self._results.clear()
            self._result_rows = 0

    # -- derived figures (metrics.materialised) ----------------------------
    def cells_dir(self) -> Path | None:
        """The stored resolved cells for the data as it is now, when built (and wanted)."""
        return self._derived("cells")

    def findings_dir(self) -> Path | None:
        """The stored national quality findings for the data as it is now, when built."""
        return self._derived("findings")

    def _derived(self, what: str) -> Path | None:
        """Checked on every call (a few ``stat`` calls), never memoised: figures of the
        previous data version must not be read even for a moment after an ingest.
        With ``auto_build``, missing figures are built by a background process."""
        store = self.derived or _registered_store
        if not self.use_cells or self.data_dir is None or store is None:
            return None
        found = store.lookup(self.data_dir, what)
        if found is None and self.auto_build:
            store.refresh_in_background(self.data_dir)
        return found

    def build_cells(self) -> Path | None:
        """Store the resolved cells of the current data (a few seconds at national scale)."""
        store = self.derived or _registered_store
        return store.build(self) if store is not None else None

    @property
    def localities(self) -> pd.DataFrame:
        """The localities table indexed by code (small: ~14,000 rows), read once per version.

        Also (re)creates the small in-memory tables that queries join to: ``loc``
        (code, tier, era, province_code, district_code, current_province_code) and
        ``src`` (source_id, rank: order of publication, later is higher).
        """
        return self.memo("localities", self._read_localities)

    def _read_localities(self) -> pd.DataFrame:
        frame = self.sql(
            "SELECT locality_code, name, short_name, unit_type, tier, era, parent_code, "
            "province_code, current_province_code, successor_code, name_key, child_count "
            "FROM localities"
        )
        frame["district_code"] = frame["parent_code"].where(
            (frame["tier"] == "commune") & (frame["era"] == "pre2025")
        )
        frame.loc[frame["tier"] == "district", "district_code"] = frame["locality_code"]
        self._register(
            "loc",
            frame[
                [
                    "locality_code",
                    "tier",
                    "era",
                    "province_code",
                    "district_code",
                    "current_province_code",
                ]
            ],
        )
        self._register(
            "src",
            self.sql(
                "SELECT source_id, (row_number() OVER (ORDER BY coalesce(published, ''), "
                "source_id))::BIGINT AS rank FROM sources"
            ),
        )
        return frame.set_index("locality_code", drop=False)

    def close(self) -> None:
        self._con.close()


_ATOMS = frozenset({str, int, float, bool, bytes, type(None)})


@functools.cache
def spill_dir() -> Path:
    """Where this process's DuckDB spills (``<temp dir>/dvk-duckdb-<pid>``), removed at exit.

    Found once per process; the spill directories of processes that ended without removing
    theirs (killed) are removed then.
    """
    root = Path(tempfile.gettempdir())
    for stale in root.glob(f"{SPILL_DIR}-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    mine = root / f"{SPILL_DIR}-{os.getpid()}"
    atexit.register(shutil.rmtree, mine, ignore_errors=True)
    return mine


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _copy(value: Any) -> Any:
    """A copy of an answer that its holder may change freely.

    Frames are copied shallowly: pandas copies on write, so changing one never changes
    the other, at no cost until then. Plain values and frozen dataclasses of plain values
    are shared.
    """
    kind = type(value)
    if kind in _ATOMS or isinstance(value, np.generic):
        return value
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if kind is list:
        return [v if type(v) in _ATOMS else _copy(v) for v in value]
    if kind is tuple:
        return tuple(v if type(v) in _ATOMS else _copy(v) for v in value)
    if kind is dict:
        return {k: v if type(v) in _ATOMS else _copy(v) for k, v in value.items()}
    names = _dataclass_fields(kind)
    if names is not None:
        frozen, fields = names
        values = [getattr(value, name) for name in fields]
        if frozen and all(type(v) in _ATOMS for v in values):
            return value
        out = copy.copy(value)
        for name, v in zip(fields, values):
            object.__setattr__(out, name, _copy(v))
        return out
    return copy.deepcopy(value)


@functools.cache
def _dataclass_fields(kind: type) -> tuple[bool, tuple[str, ...]] | None:
    """(frozen, field names) of a dataclass type, ``None`` for other types."""
    if not dataclasses.is_dataclass(kind):
        return None
    frozen = bool(kind.__dataclass_params__.frozen)  # type: ignore[attr-defined]
    return frozen, tuple(f.name for f in dataclasses.fields(kind))


def _rows(value: Any) -> int:
    """The size of an answer, in rows (frames) or items, at least 1."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return max(1, len(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return max(1, sum(_rows(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (list, tuple, dict)):
        return max(1, len(value))
    return 1


def _frozen(value: Any) -> Hashable:
    """A hashable form of a question's argument (lists as tuples); raises TypeError if none."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (pd.DataFrame, pd.Series)):
        raise TypeError("frames are not question keys")
    hash(value)
    return value


def per_version(fn: Callable[..., T]) -> Callable[..., T]:
    """Keep ``fn(engine, ...)``'s answers per data version (:meth:`Engine.result`).

    For questions whose answer depends only on the data and the arguments. A call with an
    argument that is not a plain value (a frame) is simply computed.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def cached(engine: Engine, *args: Any, **kwargs: Any) -> T:
        try:
            key = (name, _frozen(args), _frozen(kwargs))
        except TypeError:
            return fn(engine, *args, **kwargs)
        return engine.result(key, lambda: fn(engine, *args, **kwargs))

    return cached


def complete_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Add missing nullable/optional columns so a hand-made frame fits the schema."""
    out = frame.copy()
    defaults: dict[str, Any] = {
        "is_derived": False,
        "status": "confirmed",
        "theme": "none",
        "level": "none",
        "award": "none",
        "kind": "any",
        "field": "all",
        "subject": "all",
        "is_synthetic": False,
        "loader": "test",
        "loader_version": "0",
        "child_count": 0,
        "owner_type": "none",
        "model_status": "registered",
        "recognition_level": "none",
    }
    for name in schema.TABLES[table]:
        if name in out.columns:
            continue
        if name in defaults:
            out[name] = defaults[name]
        elif name == "tally_id":
            out[name] = [f"t{i}" for i in range(len(out))]
        elif name == "ingested_at":
            out[name] = pd.Timestamp("2025-01-01", tz="UTC")
        else:
            out[name] = None
    if table == "tallies":
        for end in ("start", "end"):
            col = f"period_{end}"
            if out[col].isna().all() and f"year_{end}" in frame.columns:
                month_day = "-01-01" if end == "start" else "-12-31"
                out[col] = pd.to_datetime(out[f"year_{end}"].astype(str) + month_day).dt.date
    return out
