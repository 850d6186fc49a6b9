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
import signal
import sys
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


def main(data_dir: Path) -> None:
    """Build the derived figures of DATA_DIR (internal: what :func:`metrics.materialised.spawn`
    runs in the background, ``python -m metrics.materialised_build DATA_DIR``)."""
    # stopped with the server: unwind, so the half-written directory is removed
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    log.info("derived figures for %s: %s", data_dir, refresh(data_dir))


if __name__ == "__main__":
    import typer

    typer.run(main)  # one positional path, parsed like every other dvk command line
