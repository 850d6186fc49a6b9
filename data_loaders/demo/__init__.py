"""Synthetic demo data (``dvk demo``): tallies, models and sources, always labelled synthetic.

:func:`generate` replaces the tallies, models, sources and localities of a data
directory with generated data in one atomic warehouse write:

- ``scale="small"``: a few thousand tallies and models over three provinces and their
  2025 successors, in about two seconds (tests, AppTest);
- ``scale="national"``: at least 5 million tallies over every unit of both eras
  (2010–2026) and at least a million models, in under two minutes on two cores.

Structure follows metrics/RULES.md (step 2): every report states a total (field ``all``, subject
``all``, kind ``any``), many also a breakdown that adds up to it (a few deliberately
do not); province, district and commune reports each state their own totals; big
provinces report far more than small ones; many communes skip years. Every source
has ``is_synthetic=True`` and a title starting "Dữ liệu mô phỏng (synthetic)".
Output is deterministic for a given seed (apart from ``sources.ingested_at``).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm

from data_loaders import __version__
from data_loaders.demo.models import models_table
from data_loaders.demo.space import SCALES, TIERS, Period, Units, build_periods, build_units
from data_loaders.demo.tallies import report_rows, select_reports, source_keys, tallies_table
from data_loaders.reference.localities import build_localities
from data_loaders.storage import schema
from data_loaders.storage.warehouse import Warehouse

LOADER = "demo"
TITLE_PREFIX = "Dữ liệu mô phỏng (synthetic)"
OUTLET = "dvk – bộ dữ liệu mô phỏng (synthetic), không phải số liệu thật"
TIER_TEXT = {
    "province": "",
    "district": "các quận, huyện, thị xã, thành phố thuộc ",
    "commune": "các xã, phường, thị trấn thuộc ",
}


def generate(
    data_dir: Path, *, scale: str = "small", seed: int = 2025, progress: bool = False
) -> dict[str, Any]:
    """Write synthetic data into the warehouse of ``data_dir``, replacing its tables.

    Returns ``{"tallies": rows, "models": rows, "sources": rows, "seconds": s, "scale": scale}``.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of: {', '.join(SCALES)}")
    config = SCALES[scale]
    started = time.perf_counter()
    unit_rng, report_rng, row_rng, model_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4)
    )
    bar = tqdm(total=4, desc=f"Demo ({scale})", unit="step", disable=not progress)

    def step(label: str) -> None:
        bar.set_postfix_str(label)
        bar.update(1)

    localities = build_localities()
    units = build_units(localities, config, unit_rng)
    periods = build_periods()
    step("units")
    tallies, tally_sources = _tallies(units, periods, report_rng, row_rng)
    step("tallies")
    province_sources = [_model_source_id(code) for code in units.province_code]
    models = models_table(model_rng, units, config, province_sources)
    step("models")
    used = set(pc.unique(models["source_id"]).to_pylist())
    sources = _sources_frame(tally_sources + _model_sources(units, used), scale, seed)
    wh = Warehouse(data_dir)
    with wh.lock():
        wh.write(
            {"localities": localities, "sources": sources, "tallies": tallies, "models": models}
        )
    step("written")
    bar.close()
    return {
        "tallies": tallies.num_rows,
        "models": models.num_rows,
        "sources": len(sources),
        "seconds": time.perf_counter() - started,
        "scale": scale,
    }


def _tallies(
    units: Units,
    periods: list[Period],
    report_rng: np.random.Generator,
    row_rng: np.random.Generator,
) -> tuple[pa.Table, list[dict[str, Any]]]:
    """The tallies table and the rows of the sources it cites."""
    reports = select_reports(units, periods, report_rng)
    rows = report_rows(row_rng, units, periods, reports)
    keys, report_source = np.unique(source_keys(units, reports, len(periods)), return_inverse=True)
    sources = [_tally_source(units, periods, int(k)) for k in keys]
    source_ids = [s["source_id"] for s in sources]
    return tallies_table(rows, units, periods, reports, report_source, source_ids), sources


# -- sources --------------------------------------------------------------------------------
def _tally_source(units: Units, periods: list[Period], key: int) -> dict[str, Any]:
    """The source of one (province, period, tier) key made by :func:`source_keys`."""
    rest, tier = divmod(key, len(TIERS))
    province, period_index = divmod(rest, len(periods))
    period = periods[period_index]
    code = units.province_code[province]
    name = units.name[province]
    return {
        "source_id": f"demo-{code}-{period.label}-{TIERS[tier]}",
        "title": f"{TITLE_PREFIX} – Báo cáo kết quả phong trào thi đua “Dân vận khéo” "
        f"{period.text} – {TIER_TEXT[TIERS[tier]]}{name}",
        "published": period.published,
        "locality_text": name,
    }


def _model_source_id(province_code: str) -> str:
    return f"demo-{province_code}-models"


def _model_sources(units: Units, used: set[str]) -> list[dict[str, Any]]:
    provinces = np.nonzero(units.tier == TIERS.index("province"))[0]
    out = []
    for i in provinces:
        source_id = _model_source_id(units.province_code[i])
        if source_id in used:
            out.append(
                {
                    "source_id": source_id,
                    "title": f"{TITLE_PREFIX} – Danh sách mô hình, điển hình “Dân vận khéo” – "
                    f"{units.name[i]}",
                    "published": "2026-11" if units.era[i] else "2025-06",
                    "locality_text": units.name[i],
                }
            )
    return out


def _sources_frame(rows: list[dict[str, Any]], scale: str, seed: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["outlet"] = OUTLET
    frame["url"] = None
    frame["file_name"] = None
    frame["file_sha256"] = None
    frame["loader"] = LOADER
    frame["loader_version"] = __version__
    frame["ingested_at"] = pd.Timestamp(datetime.now(UTC).replace(microsecond=0))
    frame["is_synthetic"] = True
    frame["note"] = (
        f"Synthetic demo data written by `dvk demo` (scale {scale}, seed {seed}); not real figures."
    )
    return frame.loc[:, list(schema.TABLES["sources"])]
