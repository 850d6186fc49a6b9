"""The ``dvk`` command line: ingest, template, serve, demo (and more as they land)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from data_loaders import config

app = typer.Typer(
    help="dvk — Dân vận khéo analytics: load reports, compare localities, export figures.",
    no_args_is_help=True,
    add_completion=False,
)
DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Data directory (default: $DVK_DATA_DIR, else "
        "$XDG_DATA_HOME/dvk or ~/.local/share/dvk).",
    ),
]


def _data_dir(value: Path | None) -> Path:
    return config.data_dir(value)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or directories (CSV, XLSX).")
    ] = None,
    data_dir: DataDir = None,
    user: Annotated[str | None, typer.Option(help="Name recorded in the ledger.")] = None,
    sql: Annotated[str | None, typer.Option(help="SQLAlchemy URL of a source database.")] = None,
    query: Annotated[str | None, typer.Option(help="SQL query (with --sql).")] = None,
    table: Annotated[str | None, typer.Option(help="Table name (with --sql).")] = None,
    mapping: Annotated[
        Path | None, typer.Option("--map", help="Mapping YAML (with --sql).")
    ] = None,
    accept_all: Annotated[
        bool,
        typer.Option(
            "--accept-all",
            help="Commit every figure extracted from report texts "
            "(TXT, HTML, DOCX, PDF) without review: for trusted batches.",
        ),
    ] = False,
) -> None:
    """Load template spreadsheets, source lists, model lists, report texts or a SQL source."""
    from data_loaders.ingest import ingest_paths, ingest_sql

    directory = _data_dir(data_dir)
    who = user or os.environ.get("USER")
    if sql:
        if mapping is None or bool(query) == bool(table):
            typer.echo("error: --sql needs --map and exactly one of --query or --table", err=True)
            raise typer.Exit(2)
        results = [ingest_sql(sql, mapping, directory, query=query, table=table, user=who)]
    else:
        paths = paths or []
        if not paths:
            typer.echo("error: give files/directories to ingest, or --sql", err=True)
            raise typer.Exit(2)
        missing = [p for p in paths if not p.exists()]
        if missing:
            typer.echo(
                f"error: no such file or directory: {', '.join(map(str, missing))}", err=True
            )
            raise typer.Exit(2)
        results = ingest_paths(paths, directory, user=who, accept_all=accept_all)
    if any(r.rows_written for r in results):
        _refresh_derived(directory, wait=False)
    from data_loaders.limits import MAX_PROBLEMS_SHOWN

    refused = 0
    for r in results:
        typer.echo(f"{r.status:>9}  {r.path}  ({r.rows_in} rows read, {r.rows_written} written)")
        for p in r.problems[:MAX_PROBLEMS_SHOWN]:
            typer.echo(f"           - {p}", err=True)
        if r.problem_count > MAX_PROBLEMS_SHOWN:
            more = r.problem_count - MAX_PROBLEMS_SHOWN
            typer.echo(f"           … and {more:,} more problem(s) in this file", err=True)
        refused += r.refused
    typer.echo(f"data dir: {directory}")
    not_read = [r for r in results if r.status == "not read"]
    if not_read:
        typer.echo(f"error: {len(not_read)} file(s) not read:", err=True)
        for r in not_read:
            typer.echo(f"           {r.path}", err=True)
    if refused:
        typer.echo(f"error: {refused} file(s) refused; nothing of them was stored", err=True)
        raise typer.Exit(1)


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A report or news text: TXT, HTML, DOCX or PDF.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Print the candidate tallies found in a report text (nothing is stored)."""
    import json

    from data_loaders.report_text import extract_file

    if not path.exists():
        typer.echo(f"error: no such file: {path}", err=True)
        raise typer.Exit(2)
    try:
        _doc, candidates = extract_file(path)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    rows = [c.to_dict() for c in candidates]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no figures found")
        return
    from data_loaders.report_ingest import CANDIDATE_KEYS

    cols = (*[k for k in CANDIDATE_KEYS if k not in ("quote", "province", "theme")], "confidence")
    typer.echo("  ".join(cols))
    for r in rows:
        typer.echo("  ".join(str(r.get(c, "")) for c in cols))
        typer.echo(f"    « {r.get('quote', '')} »")


@app.command()
def template(
    out: Annotated[Path, typer.Option("--out", help="Where to write the XLSX template.")],
) -> None:
    """Write the blank spreadsheet template (Vietnamese headers, drop-down lists)."""
    from data_loaders.template import write_template

    typer.echo(f"template written: {write_template(out)}")


def _refresh_derived(directory: Path, wait: bool = True) -> None:
    """Store the resolved figures the dashboard reads (~40 s for 5M tallies on two cores).

    ``wait=False`` builds them in a detached process and returns at once.
    """
    from metrics.materialised import is_current, refresh, spawn

    if is_current(directory):
        return
    if wait:
        typer.echo("preparing resolved figures and quality findings …", err=True)
        refresh(directory)
        return
    pid = spawn(directory)
    typer.echo(
        f"resolved figures and quality findings are being prepared in the background (pid {pid}); "
        "until then the dashboard computes them from the tallies",
        err=True,
    )


def ensure_sample(directory: Path) -> None:
    """Ingest the bundled sample into an empty data directory."""
    from data_loaders.ingest import ingest_paths, warehouse_is_empty

    if os.environ.get("DVK_LOAD_SAMPLE", "1") != "0" and warehouse_is_empty(directory):
        typer.echo(f"first start: loading the bundled sample into {directory}")
        results = ingest_paths([config.SAMPLE_DIR], directory, user="dvk-sample")
        bad = [r for r in results if r.refused]
        if bad:
            for r in bad:
                for p in r.problems:
                    typer.echo(f"  - {p}", err=True)
            raise typer.Exit(1)


@app.command()
def serve(
    data_dir: DataDir = None,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Start the dashboard (loads the bundled sample on first start)."""
    directory = _data_dir(data_dir)
    ensure_sample(directory)
    _refresh_derived(directory, wait=False)  # the server starts at once; figures follow
    app_path = Path(__file__).with_name("app.py")
    env = {**os.environ, "DVK_DATA_DIR": str(directory)}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    typer.echo(f"dashboard: http://{address}:{port}/  (data: {directory})")
    raise typer.Exit(subprocess.call(cmd, env=env))


@app.command()
def demo(
    data_dir: DataDir = None,
    scale: Annotated[str, typer.Option(help="small (tests) or national (≥5M tallies).")] = "small",
    seed: Annotated[int, typer.Option(help="Random seed.")] = 2025,
) -> None:
    """Write synthetic demo data (every source marked synthetic)."""
    from data_loaders.demo import generate

    directory = _data_dir(data_dir)
    summary = generate(directory, scale=scale, seed=seed, progress=True)
    _refresh_derived(directory)
    typer.echo(
        f"synthetic data written to {directory}: {summary['tallies']:,} tallies, "
        f"{summary['models']:,} models, {summary['seconds']:.1f} s"
    )


@app.command()
def export(
    data_dir: DataDir = None,
    view: Annotated[
        str, typer.Option(help="Query string of a shared link, or the whole link ('': default).")
    ] = "",
    fmt: Annotated[
        str, typer.Option("--format", help="pptx, pdf, docx, xlsx, csv, png or svg.")
    ] = "pptx",
    out: Annotated[Path, typer.Option("--out", help="File to write.")] = Path("dvk-export.pptx"),
    page: Annotated[
        str | None, typer.Option(help="Page slug when --view is only a query string.")
    ] = None,
) -> None:
    """Turn a shared dashboard link into a deck, report, speech kit, table or chart image."""
    from dashboard.exports.batch import ExportError
    from dashboard.exports.batch import export as run_export

    directory = _data_dir(data_dir)
    ensure_sample(directory)
    try:
        path = run_export(directory, view, fmt, out, page)
    except ExportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"exported: {path}")


@app.command()
def bench(
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    ingest_rows: Annotated[
        int, typer.Option(help="Rows of the model list ingested (0: skip that part).")
    ] = 1_000_000,
) -> None:
    """Benchmark queries, pages, memory and a large model-list ingest (prints figures)."""
    import json

    from dashboard.bench import run as run_bench
    from data_loaders.bench_ingest import run as run_ingest

    directory = _data_dir(data_dir)
    _refresh_derived(directory)
    result = run_bench(directory)
    if ingest_rows:
        result["ingest"] = {"model_list_csv": run_ingest(ingest_rows)}
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    for name, q in result["queries"].items():
        typer.echo(f"{name:>24}: {q['median_ms']:8.1f} ms  (reference {q['reference_ms']:.1f} ms)")
    for name, pg in result["pages"].items():
        typer.echo(f"{name:>24}: first {pg['first_ms']:8.1f} ms, rerun {pg['rerun_ms']:8.1f} ms")
    typer.echo(f"{'rss':>24}: {result['rss_mib']:.0f} MiB")
    if "ingest" in result:
        ing = result["ingest"]["model_list_csv"]
        typer.echo(f"{'ingest model list':>24}: {ing['rows']:,} rows in {ing['seconds']} s")


@app.command()
def check(data_dir: DataDir = None) -> None:
    """Check the warehouse: schemas, references between tables, interrupted writes."""
    from data_loaders.check import check as run_check
    from data_loaders.check import repair

    directory = _data_dir(data_dir)
    for done in repair(directory):
        typer.echo(f"repaired: {done}")
    counts, problems = run_check(directory)
    for table, n in counts.items():
        typer.echo(f"{table:>11}: {n:,} rows")
    for p in problems:
        typer.echo(f"problem: {p}", err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"ok: {directory}")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
