"""Population denominators for "per 10,000 people" (``metrics/RULES.md``, "Normalisations").

The bundled table ``metrics/data/population_provinces.csv`` is incomplete on
purpose (see its ``.md``): a rate is shown only where a population of a stated
year exists, and the caller lists the localities that lack one. A fuller table
needs no code change: put ``<data-dir>/population.csv`` (same columns; a
``locality_code`` column may replace ``province``/``boundary`` to cover districts
or communes). Its rows win over bundled rows for the same locality and year.

Columns of the resulting table: ``locality_code, year, population, boundary,
source_title, source_url, note``.

Examples
--------
>>> table = bundled()
>>> sorted(table["boundary"].unique())
['2025', 'pre2025']
>>> int(table.loc[table["province"] == "Hà Giang", "population"].iloc[0])
854679
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from data_loaders.reference.text import fold_key
from metrics.engine import Engine, register_table

log = logging.getLogger("dvk.metrics.population")
BUNDLED = Path(__file__).with_name("data") / "population_provinces.csv"
OVERRIDE_NAME = "population.csv"
COLUMNS = ("locality_code", "year", "population", "boundary", "source_title", "source_url", "note")
ERA_OF_BOUNDARY = {"pre2025": "pre2025", "2025": "2025"}
# Names used by the population sources that differ from the official short names.
_ALIASES = {"hue": "thua thien hue", "ho chi minh": "ho chi minh"}


def bundled() -> pd.DataFrame:
    """The bundled provincial table as published (province names, not codes)."""
    return pd.read_csv(BUNDLED, dtype={"boundary": str, "year": int, "population": "int64"})


def _province_codes(engine: Engine) -> dict[tuple[str, str], str]:
    """(era, folded short name) → province code."""
    frame = engine.sql(
        "SELECT locality_code, era, short_name, name FROM localities WHERE tier = 'province'"
    )
    out: dict[tuple[str, str], str] = {}
    for code, era, short, name in frame.itertuples(index=False):
        out[(era, fold_key(short))] = code
        out.setdefault((era, fold_key(name)), code)
    return out


def _with_codes(frame: pd.DataFrame, engine: Engine, origin: str) -> pd.DataFrame:
    frame = frame.copy()
    if "locality_code" not in frame.columns:
        frame["locality_code"] = None
    if "province" in frame.columns:
        codes = _province_codes(engine)
        missing = frame["locality_code"].isna()
        looked_up = [
            codes.get((ERA_OF_BOUNDARY.get(str(b), str(b)), _ALIASES.get(fold_key(p), fold_key(p))))
            or codes.get((ERA_OF_BOUNDARY.get(str(b), str(b)), fold_key(p)))
            for p, b in zip(frame["province"], frame.get("boundary", pd.Series("pre2025")))
        ]
        frame.loc[missing, "locality_code"] = pd.Series(looked_up, index=frame.index)[missing]
    unmatched = frame["locality_code"].isna()
    if unmatched.any() and (engine.localities["tier"] == "province").sum() >= 63:
        log.warning(
            "%s: %d population rows name no known province: %s",
            origin,
            int(unmatched.sum()),
            ", ".join(map(str, frame.loc[unmatched, "province"].head(5))),
        )
    frame = frame.loc[~unmatched]
    for col in COLUMNS:
        if col not in frame.columns:
            frame[col] = None
    out = frame.loc[:, list(COLUMNS)].copy()
    out["year"] = out["year"].astype("int64")
    out["population"] = out["population"].astype("int64")
    out["boundary"] = out["boundary"].astype(str)
    return out


def population_table(engine: Engine) -> pd.DataFrame:
    """Bundled rows merged with ``<data-dir>/population.csv`` (which wins per locality/year)."""
    table = _with_codes(bundled(), engine, BUNDLED.name)
    if engine.data_dir is not None:
        extra_path = engine.data_dir / OVERRIDE_NAME
        if extra_path.exists():
            try:
                extra = _with_codes(pd.read_csv(extra_path, dtype=str), engine, str(extra_path))
            except (ValueError, KeyError) as exc:
                log.error("%s is not a valid population table: %s", extra_path, exc)
            else:
                keys = set(zip(extra["locality_code"], extra["year"]))
                keep = [(c, y) not in keys for c, y in zip(table["locality_code"], table["year"])]
                table = pd.concat([extra, table.loc[keep]], ignore_index=True)
    return table.sort_values(["locality_code", "year"]).reset_index(drop=True)


def for_localities(engine: Engine, codes: list[str], year: int) -> pd.DataFrame:
    """Population of each code for the year nearest ``year`` (codes without one are absent).

    Returns ``locality_code, population, population_year, source_title, note``.

    >>> from metrics.testing import tiny_engine
    >>> for_localities(tiny_engine(), ["01", "99"], 2022)[["locality_code", "population_year"]]
      locality_code  population_year
    0            01             2024
    """
    if not codes:
        return pd.DataFrame(columns=["locality_code", "population", "population_year"])
    return engine.sql(
        "SELECT locality_code, population, year AS population_year, source_title, note "
        "FROM population WHERE list_contains(?, locality_code) "
        "QUALIFY row_number() OVER (PARTITION BY locality_code "
        "ORDER BY abs(year - ?), year DESC) = 1 ORDER BY locality_code",
        [list(codes), int(year)],
    )


register_table("population", population_table)
