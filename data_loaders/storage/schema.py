"""Warehouse schemas: every column is defined once, tables list column names.

The same definitions build the pyarrow schemas and the validation of every write.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd
import pyarrow as pa

from data_loaders.reference import vocabulary

DICT_STR = pa.dictionary(pa.int32(), pa.string())
TIERS = ("province", "district", "commune", "unit")
ERAS = ("pre2025", "2025")
STATUSES = ("confirmed", "candidate")
MODEL_STATUSES = ("registered", "recognized", "commended", "nominated")
OWNER_TYPES = ("collective", "individual", "none")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = False
    dimension: str | None = None  # vocabulary dimension the values come from
    allowed: tuple[str, ...] | None = None  # fixed list of values when not a vocabulary


C = Column
COLUMNS: dict[str, Column] = {
    c.name: c
    for c in [
        C("tally_id", pa.string(), "Stable id of one stated count (hash of its keys and source)"),
        C("locality_code", pa.string(), "Code of the reporting unit (see localities)"),
        C("locality_tier", DICT_STR, "Tier of the reporting unit", allowed=TIERS),
        C("province_code", pa.string(), "Province (of the unit's own era) containing the unit"),
        C("district_code", pa.string(), "District containing the unit (pre-2025 only)", True),
        C("current_province_code", pa.string(), "Province since 1 July 2025 containing the unit"),
        C("period_start", pa.date32(), "First day of the reporting period"),
        C("period_end", pa.date32(), "Last day of the reporting period"),
        C("year_start", pa.int16(), "Year of period_start"),
        C("year_end", pa.int16(), "Year of period_end"),
        C("metric", DICT_STR, "What is counted", dimension="metric"),
        C("kind", DICT_STR, "Models, exemplars or both", dimension="kind"),
        C(
            "field",
            DICT_STR,
            "Field (lĩnh vực); ids joined by | for a combination",
            dimension="field",
        ),
        C("theme", DICT_STR, "Theme named by the report", dimension="theme"),
        C("subject", DICT_STR, "Collectives, individuals or both", dimension="subject"),
        C("level", DICT_STR, "Level of recognition or commendation", dimension="level"),
        C("award", DICT_STR, "Form of commendation or prize", dimension="award"),
        C("value", pa.int64(), "The stated count (non-negative; missing is not zero)"),
        C("is_derived", pa.bool_(), "True when computed from a complete breakdown, not stated"),
        C("source_id", pa.string(), "Source that states the figure"),
        C("quote", pa.string(), "Sentence of the source that states the figure", True),
        C("status", DICT_STR, "confirmed, or candidate awaiting review", allowed=STATUSES),
        C("note", pa.string(), "Free note", True),
        # localities
        C("official_code", pa.string(), "Official code of the unit where one exists", True),
        C("name", pa.string(), "Name with its unit-type prefix (NFC)"),
        C("short_name", pa.string(), "Name without its unit-type prefix"),
        C("unit_type", pa.string(), "Unit type: Tỉnh, Thành phố, Quận, Huyện, Phường, Xã …"),
        C(
            "tier",
            DICT_STR,
            "province, district, commune or unit (non-administrative)",
            allowed=TIERS,
        ),
        C("era", DICT_STR, "pre2025 (three tiers) or 2025 (two tiers)", allowed=ERAS),
        C("parent_code", pa.string(), "Code of the parent unit", True),
        C(
            "valid_from",
            pa.date32(),
            "First day the unit exists in this form (unknown before 2025)",
            True,
        ),
        C("valid_to", pa.date32(), "Last day the unit exists in this form", True),
        C("successor_code", pa.string(), "Unit since 1 July 2025 that took over this unit", True),
        C("name_key", pa.string(), "Diacritic-folded name for matching"),
        C("short_key", pa.string(), "Diacritic-folded short name for matching"),
        C("child_count", pa.int32(), "Number of direct child units"),
        C("lat", pa.float64(), "Latitude of the unit centre", True),
        C("lon", pa.float64(), "Longitude of the unit centre", True),
        # sources
        C("title", pa.string(), "Title of the source", True),
        C("outlet", pa.string(), "Publisher or outlet", True),
        C("url", pa.string(), "Address of the source", True),
        C(
            "published",
            pa.string(),
            "Publication date as precise as known (YYYY, YYYY-MM, YYYY-MM-DD)",
            True,
        ),
        C("locality_text", pa.string(), "Locality as the source names it", True),
        C("file_name", pa.string(), "File the figures were read from", True),
        C("file_sha256", pa.string(), "Checksum of that file", True),
        C("loader", pa.string(), "Loader that read the source"),
        C("loader_version", pa.string(), "Version of that loader"),
        C("ingested_at", pa.timestamp("s", tz="UTC"), "When the source was ingested"),
        C("is_synthetic", pa.bool_(), "True for generated demo data"),
        # models
        C("model_id", pa.string(), "Stable id of one named model or exemplar"),
        C("model_name", pa.string(), "Name of the model or exemplar (NFC)"),
        C("owner_name", pa.string(), "Collective or person that carries it out", True),
        C("owner_type", DICT_STR, "collective, individual or none", allowed=OWNER_TYPES),
        C("model_status", DICT_STR, "Furthest stage reached", allowed=MODEL_STATUSES),
        C("recognition_level", DICT_STR, "Level that recognised it", dimension="level"),
    ]
}

TABLES: dict[str, tuple[str, ...]] = {
    "tallies": (
        "tally_id",
        "locality_code",
        "locality_tier",
        "province_code",
        "district_code",
        "current_province_code",
        "period_start",
        "period_end",
        "year_start",
        "year_end",
        "metric",
        "kind",
        "field",
        "theme",
        "subject",
        "level",
        "award",
        "value",
        "is_derived",
        "source_id",
        "quote",
        "status",
        "note",
    ),
    "localities": (
        "locality_code",
        "official_code",
        "name",
        "short_name",
        "unit_type",
        "tier",
        "era",
        "parent_code",
        "province_code",
        "current_province_code",
        "valid_from",
        "valid_to",
        "successor_code",
        "name_key",
        "short_key",
        "child_count",
        "lat",
        "lon",
    ),
    "sources": (
        "source_id",
        "title",
        "outlet",
        "url",
        "published",
        "locality_text",
        "file_name",
        "file_sha256",
        "loader",
        "loader_version",
        "ingested_at",
        "is_synthetic",
        "note",
    ),
    "models": (
        "model_id",
        "model_name",
        "name_key",
        "kind",
        "owner_name",
        "owner_type",
        "locality_code",
        "province_code",
        "district_code",
        "current_province_code",
        "field",
        "theme",
        "year_start",
        "year_end",
        "model_status",
        "recognition_level",
        "source_id",
        "note",
    ),
}
# Sort order written to Parquet (period first, as queries filter on it).
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "tallies": ("year_start", "year_end", "province_code", "locality_code", "metric"),
    "localities": ("era", "locality_code"),
    "sources": ("source_id",),
    "models": ("province_code", "year_start", "model_id"),
}


@cache
def schema(table: str) -> pa.Schema:
    """The explicit pyarrow schema of a warehouse table."""
    fields = [
        pa.field(COLUMNS[n].name, COLUMNS[n].type, nullable=COLUMNS[n].nullable)
        for n in TABLES[table]
    ]
    return pa.schema(fields, metadata={"dvk_table": table})


def empty_frame(table: str) -> pd.DataFrame:
    """An empty DataFrame with the table's columns and types."""
    return schema(table).empty_table().to_pandas()


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}column {self.column}: {self.message}"


def validate(table: str, frame: pd.DataFrame, limit: int = 50) -> list[Problem]:
    """Check ``frame`` against the table's column definitions.

    Returns at most ``limit`` problems (row numbers are 0-based frame
    positions); an empty list means the frame may be written.
    """
    problems: list[Problem] = []
    missing = [c for c in TABLES[table] if c not in frame.columns]
    for name in missing:
        problems.append(Problem(None, name, "column is missing"))
    if missing:
        return problems
    for name in TABLES[table]:
        col = COLUMNS[name]
        series = frame[name]
        nulls = series.isna()
        if not col.nullable and nulls.any():
            for pos in nulls.to_numpy().nonzero()[0][:limit]:
                problems.append(Problem(int(pos), name, "value is required"))
        allowed: set[str] | None = None
        if col.allowed:
            allowed = set(col.allowed)
        elif col.dimension:
            allowed = None
            values = pd.Series(series.dropna().unique()).astype(str)
            bad = [v for v in values if not vocabulary.is_valid(col.dimension, v)]
            if bad:
                mask = series.astype(str).isin(bad)
                for pos in mask.to_numpy().nonzero()[0][:limit]:
                    problems.append(
                        Problem(int(pos), name, f"{series.iloc[pos]!r} is not a {col.dimension} id")
                    )
        if allowed is not None:
            mask = ~series.isna() & ~series.astype(str).isin(allowed)
            for pos in mask.to_numpy().nonzero()[0][:limit]:
                problems.append(
                    Problem(int(pos), name, f"{series.iloc[pos]!r} not in {sorted(allowed)}")
                )
        if len(problems) >= limit:
            return problems[:limit]
    if table == "tallies" and len(frame):
        neg = (frame["value"] < 0).to_numpy().nonzero()[0]
        problems += [
            Problem(int(p), "value", "must be a non-negative integer") for p in neg[:limit]
        ]
        bad_period = (frame["period_end"] < frame["period_start"]).to_numpy().nonzero()[0]
        problems += [
            Problem(int(p), "period_end", "ends before period_start") for p in bad_period[:limit]
        ]
    return problems[:limit]


def to_arrow(table: str, frame: pd.DataFrame) -> pa.Table:
    """Convert ``frame`` to the table's schema (raises on a type mismatch)."""
    return pa.Table.from_pandas(
        frame.loc[:, list(TABLES[table])], schema=schema(table), preserve_index=False
    )
