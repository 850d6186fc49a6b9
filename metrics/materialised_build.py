"""The build of the derived figures (:mod:`metrics.materialised`): cells and findings.

Above the question families, because the stored findings are the answer of
:mod:`metrics.quality`; :func:`metrics.materialised.spawn` runs this module in a
background process (``python -m metrics.materialised_build DATA_DIR``, internal: not a
user command: the dashboard starts it when the data changed).

>>> import tempfile
>>> from pathlib import Path
>>> from metrics import materialised
>>> from metrics.testing import write_tiny_warehouse
>>> data_dir = write_tiny_warehouse(Path(tempfile.mkdtemp()))
>>> refresh(data_dir) == materialised.current(data_dir), materialised.is_current(data_dir)
(True, True)
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from metrics import materialised, quality
from metrics.engine import Engine

log = logging.getLogger(__name__)


def build_findings(engine: Engine) -> Path | None:
    """Compute and store the quality findings of the whole data set (the page's first view)."""
    if engine.data_dir is None:
        return None

    def write(tmp: Path) -> None:
        found = quality.compute(engine)
        found.table.to_parquet(tmp / "findings.parquet")
        (tmp / "counts.json").write_text(json.dumps(found.counts), encoding="utf-8")

    return materialised.publish(engine.data_dir, "findings", materialised.findings_stamp, write)


def refresh(data_dir: Path) -> Path | None:
    """Build what is missing or out of date in ``data_dir``'s derived figures; the cells' path."""
    if materialised.is_current(data_dir):
        return materialised.current(data_dir)
    engine = Engine(data_dir, use_cells=False)
    try:
        cells = materialised.build(engine)
        build_findings(engine)
        return cells
    finally:
        engine.close()


ATTACHED_ENV = "DVK_BUILDER_DETACH"  # "0" (set by dvk serve): the build dies with its parent
PARENT_ENV = "DVK_BUILDER_PARENT"  # the pid of the process that started the build (spawn sets it)
WATCH_SECONDS = 0.5


def watch_parent(parent: int, interval: float = WATCH_SECONDS) -> threading.Thread:
    """Stop this build (SIGTERM to itself: the same unwinding as a stop by the server) once
    ``parent``, the process that started it, is gone — even killed outright, when nobody is
    left to stop it; at once if it was gone before this process got here.

    A parent-watch rather than ``PR_SET_PDEATHSIG``: that signal follows the parent *thread*,
    and a build may be started from a Streamlit script run's thread, which ends long before
    the server.
    """

    def watch() -> None:
        while os.getppid() == parent:  # an orphan is adopted by another process
            time.sleep(interval)
        log.warning("the process that started this build (pid %s) is gone: stopping", parent)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="dvk-builder-parent-watch", daemon=True)
    thread.start()
    return thread


def main(data_dir: Path) -> None:
    """Build the derived figures of DATA_DIR (internal: what :func:`metrics.materialised.spawn`
    runs in the background, ``python -m metrics.materialised_build DATA_DIR``)."""
    # stopped with the server: unwind, so the half-written directory is removed
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    parent = os.environ.get(PARENT_ENV, "")
    if os.environ.get(ATTACHED_ENV) == "0" and parent.isdigit():  # under dvk serve
        watch_parent(int(parent))  # never outlive it
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    log.info("derived figures for %s: %s", data_dir, refresh(data_dir))


if __name__ == "__main__":
    import typer

    typer.run(main)  # one positional path, parsed like every other dvk command line
