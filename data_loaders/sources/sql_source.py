"""Loader for SQL sources: tallies or models read from any SQLAlchemy database.

A mapping file (YAML) says which source column feeds which canonical column and how values
translate::

    kind: tallies            # or: models
    source:                  # optional provenance; default: the database and query
      id: so-lieu-tinh-2024
      title: CSDL phong trào Dân vận khéo của tỉnh
      outlet: Ban Dân vận Tỉnh ủy
    columns:                 # canonical column: source column
      province: tinh
      locality: don_vi
      period_start: nam
      period_end: nam
      metric: chi_tieu
      value: so_luong
    constants:               # canonical column: fixed value for every row
      kind: model
    values:                  # canonical column: {source value: canonical value}
      metric: {DK: models_registered, CN: models_recognized}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import yaml

from data_loaders.reference.localities import Harmoniser
from data_loaders.sources import source_list
from data_loaders.sources.model_list import MODEL_COLUMNS, load_models_frame
from data_loaders.sources.tabular import Sheet
from data_loaders.sources.tally_template import Loaded, load_tallies
from data_loaders.sources.template import ALL_COLUMNS
from data_loaders.sources.unreadable import limit_problem
from data_loaders.storage import limits, schema
from data_loaders.storage.messages import Problem, os_reason, problem
from data_loaders.storage.problems import IngestProblem

LOADER = "sql"


@dataclass
class Mapping:
    kind: str
    columns: dict[str, str]
    constants: dict[str, object] = field(default_factory=dict)
    values: dict[str, dict[str, object]] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)


class _AliasError(yaml.YAMLError):
    def __init__(self, anchor: str, line: int) -> None:
        self.anchor, self.line = anchor, line
        super().__init__(
            f"line {line}: aliases (*{anchor}) are not allowed in a mapping file; "
            "write the values out"
        )


class _NoAliasLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses anchors and aliases (no "billion laughs")."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasError(event.anchor, event.start_mark.line + 1)
        return super().compose_node(parent, index)


def read_mapping(path: Path) -> Mapping:
    """Read and check a mapping file. Errors are :class:`Problem` (a ``ValueError``) from the
    message catalogue, naming the key; the caller names the file."""
    try:
        limits.check_file_size(Path(path), limits.MAX_MAPPING_BYTES)
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_NoAliasLoader) or {}
    except limits.LimitExceeded as exc:
        raise limit_problem(exc) from exc
    except OSError as exc:
        reason = os_reason(exc)
        raise Problem("mapping_unreadable", detail=reason[0], reason=reason) from exc
    except UnicodeDecodeError as exc:
        reason = (str(exc), "tệp không phải văn bản UTF-8")
        raise Problem("mapping_unreadable", detail=reason[0], reason=reason) from exc
    except _AliasError as exc:
        raise Problem("mapping_alias", value=exc.anchor, line=exc.line) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        raise Problem("mapping_yaml", detail=exc, line=line) from exc
    if not isinstance(data, dict):
        raise Problem("mapping_shape")
    for key in ("columns", "constants", "values", "source"):
        if not isinstance(data.get(key) or {}, dict):
            raise Problem("mapping_key_shape", value=key)
    kind = data.get("kind", "tallies")
    if kind not in ("tallies", "models"):
        raise Problem("mapping_kind", value=kind)
    allowed = set(ALL_COLUMNS) if kind == "tallies" else {c.id for c in MODEL_COLUMNS}
    columns = {str(k): str(v) for k, v in (data.get("columns") or {}).items()}
    constants = dict(data.get("constants") or {})
    for key in [*columns, *constants, *(data.get("values") or {})]:
        if key not in allowed:
            kinds = {"tallies": ("tallies", "số liệu"), "models": ("models", "mô hình")}
            accepted = sorted(allowed)
            raise Problem(
                "mapping_column",
                value=key,
                kind=kinds[kind],
                accepted_en=accepted,
                accepted_vi=accepted,
            )
    if not columns:
        raise Problem("mapping_no_columns")
    values = {
        k: {str(a): b for a, b in (v or {}).items()} for k, v in (data.get("values") or {}).items()
    }
    return Mapping(kind, columns, constants, values, dict(data.get("source") or {}))


def sql_problem(exc: sa.exc.SQLAlchemyError) -> Problem:
    """The database's refusal as a catalogue problem (its own words kept for English)."""
    detail = str(getattr(exc, "orig", None) or exc).split("\n")[0]
    low = detail.lower()
    if "readonly" in low or "read-only" in low or "read only" in low:
        return Problem("sql_read_only", detail=detail)
    if "no such table" in low or ("relation" in low and "does not exist" in low):
        return Problem("sql_no_table", detail=detail)
    if "no such column" in low or ("column" in low and "does not exist" in low):
        return Problem("sql_no_column", detail=detail)
    if "syntax error" in low:
        return Problem("sql_syntax", detail=detail)
    if "unable to open" in low or "could not connect" in low or "connection" in low:
        return Problem("sql_no_connection", detail=detail)
    return Problem("sql_refused", detail=detail)


def read_only_engine(url: str) -> sa.Engine:
    """An engine that cannot change the source database.

    SQLite files are opened read-only (``mode=ro``) with ``PRAGMA query_only``; PostgreSQL
    sessions are read-only transactions; every connection is rolled back, never committed.
    """
    parsed = sa.engine.make_url(url)
    options: dict[str, object] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            if not Path(database).exists():
                raise Problem("sqlite_missing", value=database)
            parsed = parsed.set(database=f"file:{database}").update_query_dict(
                {"mode": "ro", "uri": "true"}
            )
        engine = sa.create_engine(parsed)

        @sa.event.listens_for(engine, "connect")
        def _query_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA query_only = ON")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "postgresql":
        options["postgresql_readonly"] = True
    return sa.create_engine(parsed, execution_options=options)


def fetch(url: str, *, query: str | None = None, table: str | None = None) -> pd.DataFrame:
    """Read the rows of a query or a whole table, as text (the source is never changed)."""
    if bool(query) == bool(table):
        raise Problem("query_or_table")
    engine = read_only_engine(url)
    try:
        with engine.connect() as conn:
            try:
                if table:
                    selectable = sa.Table(table, sa.MetaData(), autoload_with=conn)
                    result = conn.execute(sa.select(selectable))
                else:
                    result = conn.execute(sa.text(query))
                if not result.returns_rows:
                    raise Problem("query_no_rows")
                frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
            finally:
                conn.rollback()
    except sa.exc.NoSuchTableError as exc:
        raise Problem("no_table", value=table) from exc
    finally:
        engine.dispose()
    duplicated = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if duplicated:
        raise Problem("sql_columns_twice", value=", ".join(duplicated))
    return frame


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def apply_mapping(
    frame: pd.DataFrame, mapping: Mapping, label: str
) -> tuple[pd.DataFrame, list[IngestProblem]]:
    """Canonical string columns from the source rows (row numbers start at 1)."""
    problems = [
        problem(label, None, src, "sql_column_missing", value=src, canon=canon)
        for canon, src in mapping.columns.items()
        if src not in frame.columns
    ]
    out = pd.DataFrame(index=frame.index)
    for canon, src in mapping.columns.items():
        if src in frame.columns:
            col = frame[src].map(_text)
            if canon in mapping.values:
                translate = mapping.values[canon]
                col = col.map(lambda v, t=translate: _text(t.get(v, v)))
            out[canon] = col
    for canon, value in mapping.constants.items():
        out[canon] = _text(value)
    out["_row"] = range(1, len(out) + 1)
    return out.reset_index(drop=True), problems


def load_sql(
    url: str,
    mapping: Mapping,
    *,
    query: str | None,
    table: str | None,
    harmoniser: Harmoniser,
    known_sources: set[str],
    localities: pd.DataFrame,
) -> Loaded:
    """Read, map and normalise a SQL source (problems collected, not raised)."""
    safe_url = sa.engine.make_url(url).render_as_string(hide_password=True)
    label = f"{safe_url} [{table or 'query'}]"
    frame = fetch(url, query=query, table=table)
    canon, problems = apply_mapping(frame, mapping, label)
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).values.tobytes())
    sha = digest.hexdigest()
    sid = source_list.slug(mapping.source.get("id") or f"sql-{table or 'query'}-{sha[:8]}")
    if "source_id" not in canon.columns:
        canon["source_id"] = sid
        canon["source_title"] = mapping.source.get("title") or f"SQL: {table or query}"
        canon["source_outlet"] = mapping.source.get("outlet", "")
        canon["source_url"] = mapping.source.get("url", safe_url)
        canon["source_date"] = mapping.source.get("date", "")
    path = Path(label)
    if problems:
        return Loaded(
            path,
            mapping.kind,
            schema.empty_frame("tallies"),
            source_list.sources_frame([]),
            problems=problems,
            sha256=sha,
        )
    if mapping.kind == "models":
        for col in MODEL_COLUMNS:
            if col.id not in canon.columns:
                canon[col.id] = ""
        loaded = load_models_frame(canon, path, sha, harmoniser, known_sources, localities)
    else:
        rows = [(int(r.pop("_row")), r) for r in canon.to_dict("records")]
        sheet = Sheet(path, list(canon.columns), list(canon.columns), rows, [])
        loaded = load_tallies(sheet, sha, harmoniser, known_sources, localities)
    loaded.sources["loader"] = LOADER
    loaded.sources["file_name"] = label
    return loaded
