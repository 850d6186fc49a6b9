"""Resolved cells stored once per data version, so questions read ~20× fewer rows.

Steps 1–2 of :mod:`metrics.rules` (one figure per fact; totals never added to
their own breakdown) give, for every locality and period, one value per metric
(and per value of a breakdown dimension). They depend only on the tallies and
the sources' order, so they are computed once after each ingest and kept as
Parquet next to the warehouse::

    <data-dir>/derived/cells-<stamp>/total.parquet      one value per cell
    <data-dir>/derived/cells-<stamp>/<dimension>.parquet by kind, field, …
    <data-dir>/derived/cells-<stamp>/<dim>+<dim>.parquet by two of kind, field, theme,
                                                          subject, level

``<stamp>`` is a digest of the tallies and sources files (modification time and
size) and of :data:`RULES_VERSION`, so a re-ingest makes the old cells unused at
once. :func:`metrics.rules.resolve` reads them for confirmed figures whose
breakdown and pinned dimensions together are a stored variant (a dimension
pinned to one value, ``field="economy"``, is the breakdown by that dimension read
at that value); anything else (and any data directory whose cells are not built)
takes the full rules statement, with the same answers. Building takes about
30 s for 5M tallies on two cores: ``dvk demo`` and ``dvk bench`` wait for it;
``dvk ingest``, ``dvk serve`` and the dashboard (when it finds the figures out
of date, e.g. after a commit from the review page) start it in the background.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from metrics.engine import Engine
>>> from metrics.testing import write_tiny_warehouse
>>> data_dir = write_tiny_warehouse(Path(tempfile.mkdtemp()))
>>> engine = Engine(data_dir)
>>> current(data_dir) is None
True
>>> built = build(engine)
>>> len(list(built.glob("*.parquet"))), (built / "subject+level.parquet").exists()
(17, True)
>>> current(data_dir) == built
True
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from filelock import FileLock

from metrics.engine import Engine, file_versions, register_derived_store
from metrics.filters import DIMENSIONS, Filter, profile
from metrics.rules_sql import LOCATION, TOTALS, cells_ctes
from metrics.sqlparts import literal

log = logging.getLogger(__name__)

RULES_VERSION = "2"  # bump when steps 1–2 of the rules (or the variants stored) change
PAIRED: tuple[str, ...] = ("kind", "field", "theme", "subject", "level")  # sidebar and breakdowns
VARIANTS: tuple[str, ...] = (
    "total",
    *DIMENSIONS,
    *(f"{a}+{b}" for i, a in enumerate(PAIRED) for b in PAIRED[i + 1 :]),
)
DONE = "done"
ROW_GROUP_SIZE = 65_536
SOURCES = ("tallies", "sources")
FINDINGS_SOURCES = ("tallies", "sources", "models", "localities")


def _digest(data_dir: Path, tables: tuple[str, ...]) -> str | None:
    """Digest of the files something depends on (``None`` when there are no tallies)."""
    digest = hashlib.sha1(RULES_VERSION.encode())
    for table, version in file_versions(data_dir, tables).items():
        if version is None:
            if table == "tallies":
                return None
            continue
        digest.update(f"{table}:{version[0]}:{version[1]};".encode())
    return digest.hexdigest()[:16]


def stamp(data_dir: Path) -> str | None:
    """The data version the cells belong to (tallies and sources)."""
    return _digest(data_dir, SOURCES)


def findings_stamp(data_dir: Path) -> str | None:
    """The data version the national quality findings belong to (every table)."""
    return _digest(data_dir, FINDINGS_SOURCES)


def root(data_dir: Path) -> Path:
    return Path(data_dir) / "derived"


def _current(data_dir: Path, prefix: str, token: str | None) -> Path | None:
    if token is None:
        return None
    path = root(data_dir) / f"{prefix}-{token}"
    return path if (path / DONE).exists() else None


def current(data_dir: Path) -> Path | None:
    """The directory of cells for the data as it is now, if built."""
    return _current(data_dir, "cells", stamp(data_dir))


def current_findings(data_dir: Path) -> Path | None:
    """The directory of the national quality findings for the data as it is now, if built."""
    return _current(data_dir, "findings", findings_stamp(data_dir))


def is_current(data_dir: Path) -> bool:
    """Whether everything derived is up to date (nothing to build)."""
    return current(data_dir) is not None and current_findings(data_dir) is not None


def dims_of(variant: str) -> list[str]:
    """The breakdown dimensions of a stored variant (``[]`` for ``total``)."""
    return [] if variant == "total" else variant.split("+")


def usable(f: Filter, by: list[str]) -> str | None:
    """The variant that answers ``f`` broken down by ``by`` exactly, else ``None``.

    A dimension pinned to one value is the breakdown by that dimension, read at
    that value (the other dimensions are resolved the same way), except when it
    is pinned to its own total (``field="all"``: only figures stated as totals).

    >>> usable(Filter(), ["field", "year"]), usable(Filter(level="province"), ["subject"])
    ('field', 'subject+level')
    >>> usable(Filter(field="all"), []), usable(Filter(field="economy", level="province"), ["kind"])
    (None, None)
    """
    if f.include_candidates:
        return None
    fixed = f.fixed()
    if any(TOTALS.get(d) == v for d, v in fixed.items()):
        return None
    wanted = set(fixed) | {b for b in by if b != "year"}
    ordered = [d for d in DIMENSIONS if d in wanted]
    name = "+".join(ordered) if ordered else "total"
    return name if name in VARIANTS else None


def publish(
    data_dir: Path,
    prefix: str,
    token_of: Callable[[Path], str | None],
    write: Callable[[Path], None],
) -> Path | None:
    """Write ``derived/<prefix>-<token>/`` atomically (one writer at a time); drop older ones.

    ``write(tmp)`` fills a temporary directory, which is renamed into place only
    if the data did not change meanwhile.
    """
    found = _current(data_dir, prefix, token_of(data_dir))
    if found is not None:
        return found
    base = root(data_dir)
    base.mkdir(parents=True, exist_ok=True)
    with FileLock(str(base / ".lock"), timeout=600):
        token = token_of(data_dir)
        if token is None:
            return None
        final = base / f"{prefix}-{token}"
        if (final / DONE).exists():
            return final
        tmp = base / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            write(tmp)
            (tmp / DONE).write_text(token, encoding="utf-8")
            if token_of(data_dir) != token:  # the data changed while building
                shutil.rmtree(tmp, ignore_errors=True)
                return None
            os.replace(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        for old in base.glob(f"{prefix}-*"):
            if old != final:
                shutil.rmtree(old, ignore_errors=True)
    log.info("stored %s", final)
    return final


def build(engine: Engine) -> Path | None:
    """Compute and store the cells for ``engine``'s data directory (no-op when current)."""
    if engine.data_dir is None:
        return None
    return publish(engine.data_dir, "cells", stamp, lambda tmp: _write_cells(engine, tmp))


def _write_cells(engine: Engine, tmp: Path) -> None:
    metrics = sorted(profile(engine))
    engine.localities  # noqa: B018 - the ``src`` ranks the cells use
    located = f"_located_{tmp.name[5:]}"
    anyv = ", ".join(f"any_value({c}) AS {c}" for c in LOCATION)
    engine.sql(
        f"CREATE TABLE {located} AS SELECT locality_code, {anyv} FROM tallies "
        "GROUP BY locality_code"
    )
    try:
        for variant in VARIANTS:
            by = dims_of(variant)
            parts, params = [], []
            for metric in metrics:
                ctes, p, _ = cells_ctes(engine, Filter(metric=metric), by=by)
                cols = ", ".join(
                    [f"c.{c}" for c in ("locality_code", "year_start", "year_end", *by)]
                    + [f"w.{c}" for c in LOCATION]
                    + ["c.value", "c.is_derived"]
                )
                parts.append(
                    f"(WITH {', '.join(ctes)} SELECT ?::VARCHAR AS metric, {cols} "
                    f"FROM cells c JOIN {located} w USING (locality_code))"
                )
                params += [*p, metric]
            body = " UNION ALL ".join(parts) if parts else _empty(by)
            target = literal(str(tmp / f"{variant}.parquet"))  # COPY … TO takes no parameter
            engine.sql(
                f"COPY (SELECT * FROM ({body}) ORDER BY metric, year_start, province_code, "
                f"locality_code) TO {target} (FORMAT parquet, COMPRESSION zstd, "
                f"ROW_GROUP_SIZE {ROW_GROUP_SIZE})",
                params,
            )
    finally:
        engine.sql(f"DROP TABLE IF EXISTS {located}")


def read_findings(path: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """The stored findings table and counts."""
    table = pd.read_parquet(path / "findings.parquet")
    counts = json.loads((path / "counts.json").read_text(encoding="utf-8"))
    return table, {str(k): int(v) for k, v in counts.items()}


_started: set[str] = set()
_started_lock = threading.Lock()


def refresh_in_background(data_dir: Path) -> bool:
    """:func:`spawn`, once per data version and process (asked on every question)."""
    key = f"{Path(data_dir).resolve()}:{stamp(data_dir)}:{findings_stamp(data_dir)}"
    with _started_lock:
        if key in _started:
            return False
        _started.add(key)
    spawn(data_dir)
    return True


def spawn(data_dir: Path) -> int:
    """Start :func:`metrics.materialised_build.refresh` in a detached process; its pid.

    The build outlives the caller.

    The caller goes on at once (``dvk ingest``, ``dvk serve``, the dashboard):
    questions read the tallies until the new figures are stored, and the
    build's memory (~700 MiB at national scale) stays out of the serving
    process. Output, errors included, goes to ``derived/build.log``.
    Under ``dvk serve`` (``DVK_BUILDER_DETACH=0``) the build stays in the server's
    process group, so stopping the server stops it too, and it stops by itself once the
    process that started it is gone, even killed outright
    (:func:`metrics.materialised_build.watch_parent`). The caller reaps it when it
    ends (no zombie is left behind a long-running server).
    """
    base = root(data_dir)
    base.mkdir(parents=True, exist_ok=True)
    with (base / "build.log").open("a", encoding="utf-8") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "metrics.materialised_build", str(data_dir)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=os.environ.get("DVK_BUILDER_DETACH", "1") != "0",
            env={**os.environ, "DVK_BUILDER_PARENT": str(os.getpid())},  # what it watches
        )
    threading.Thread(target=child.wait, name="dvk-builder-reaper", daemon=True).start()
    return child.pid


def _empty(by: list[str]) -> str:
    extra = "".join(f", NULL::VARCHAR AS {b}" for b in by)
    return (
        "SELECT NULL::VARCHAR AS metric, NULL::VARCHAR AS locality_code, "
        "NULL::VARCHAR AS locality_tier, NULL::VARCHAR AS province_code, "
        "NULL::VARCHAR AS district_code, NULL::VARCHAR AS current_province_code, "
        f"NULL::SMALLINT AS year_start, NULL::SMALLINT AS year_end{extra}, "
        "NULL::BIGINT AS value, NULL::BOOLEAN AS is_derived WHERE FALSE"
    )


def lookup(data_dir: Path, what: str) -> Path | None:
    """The current stored ``what`` (``"cells"`` or ``"findings"``) of ``data_dir``, if built."""
    return (current if what == "cells" else current_findings)(data_dir)


class _Store:
    """What the engine reads through :class:`metrics.engine.DerivedStore`."""

    lookup = staticmethod(lookup)
    refresh_in_background = staticmethod(refresh_in_background)
    build = staticmethod(build)


register_derived_store(_Store())
