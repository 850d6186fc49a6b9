"""``dvk export``: turn any shared dashboard link into a file, without a browser or Streamlit.

The link's parameters are parsed into the page state (``params.py``) and the page's view model
(``registry.py`` → ``viewmodels.py``) builds the charts the page shows for that state — the
same objects the page draws — which are then exported in the link's language (``lang=en``).

Start-up counts (a PNG of a link within 2 s): this module imports only the standard library at
first, so ``dvk export`` starts the image browser (:func:`browser_for`, ``browser.py``) before
pandas, DuckDB or plotly load; each format's library is imported only when asked for; and a
pack's images are drawn while its next charts are built.
"""

from __future__ import annotations

import atexit
import gc
import sys
from collections.abc import Callable
from concurrent.futures import Future
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:
    from dashboard.charts import Chart
    from dashboard.context import Ctx
    from dashboard.exports.model import ExportView

FORMATS = ("pptx", "pdf", "docx", "xlsx", "csv", "png", "svg")
IMAGE_FORMATS = ("png", "svg", "pptx", "pdf")
# The pages as their links name them (``params.py``; checked by
# ``tests/test_export_speed_paths.py``): this module may not import params before the browser
# has started.
OVERVIEW, COMPARE, BREAKDOWN, TRENDS, CATALOGUE = (
    "tong-quan",
    "so-sanh",
    "linh-vuc",
    "xu-huong",
    "mo-hinh",
)
NO_CHARTS = ("nguon", "huong-dan", "nhap-du-lieu", "nguoi-dung")  # no image: start no browser


class ExportError(ValueError):
    """The link cannot be exported in that format (reason in the message)."""


def split_view(view: str, page: str | None = None) -> tuple[str, dict[str, str]]:
    """(page slug, query parameters) of a shared link, a path or a bare query string.

    >>> split_view("http://host:8501/so-sanh?tinh=31&metric=models_recognized")
    ('so-sanh', {'tinh': '31', 'metric': 'models_recognized'})
    >>> split_view("?p=01", page="xu-huong")
    ('xu-huong', {'p': '01'})
    >>> split_view("127.0.0.1:8501/so-sanh?norm=per_10k")
    ('so-sanh', {'norm': 'per_10k'})
    >>> split_view("")
    ('tong-quan', {})
    """
    from dashboard import registry

    path, query = _path_query(view)
    if path:
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        page = page or (slug if slug in registry.SLUGS else registry.DEFAULT)
    return page or registry.DEFAULT, dict(parse_qsl(query, keep_blank_values=False))


def _path_query(view: str) -> tuple[str, str]:
    view = view.strip()
    if "://" in view:
        parts = urlsplit(view)
        return parts.path, parts.query
    # "/so-sanh?…", "so-sanh?…", "host:8501/so-sanh?…" (as an address bar shows it) or "m=…"
    path, sep, query = view.partition("?")
    if not sep and "=" in path:  # a bare query string
        path, query = "", path
    return path, query


def browser_for(view: str, fmt: str, page: str | None = None) -> str | None:
    """The plotly.js bundle (``basic`` or ``full``, ``browser.py``) to start the image browser
    with for this export, guessed from the link alone, before anything heavy is imported;
    ``None``: the format has no image. A wrong guess costs a second browser start, never a
    wrong image (``tests/test_export_speed_paths.py`` checks the guesses against the charts).

    >>> browser_for("so-sanh?norm=per_10k", "png"), browser_for("", "png")
    ('basic', 'basic')
    >>> browser_for("so-sanh", "pptx"), browser_for("so-sanh?p=01", "pdf")
    ('basic', 'basic')
    >>> browser_for("linh-vuc?chart=treemap", "svg"), browser_for("xu-huong", "csv")
    ('full', None)
    >>> browser_for("http://h/huong-dan", "png"), browser_for("?x=1", "png", page="nope")
    (None, None)
    """
    if fmt not in IMAGE_FORMATS:
        return None
    path, query = _path_query(view)
    slug = page or path.rstrip("/").rsplit("/", 1)[-1]
    q = dict(parse_qsl(query))
    charted = (OVERVIEW, COMPARE, BREAKDOWN, TRENDS, CATALOGUE)
    if slug in NO_CHARTS or (page and page not in charted):
        return None
    if slug == BREAKDOWN:  # bars, or a treemap or sunburst (full bundle)
        return "full" if q.get("chart") in ("treemap", "sunburst") else "basic"
    # lines, bars, pies — and maps, which images draw flat (``static_map.py``)
    return "basic"


def expand_short_link(
    data_dir: Path, page: str, query: dict[str, str]
) -> tuple[str, dict[str, str]]:
    """A short link (``?v=KEY``, a saved view) as the page and parameters it stands for."""
    if "v" not in query:
        return page, query
    from data_loaders.appdb import saved_views

    found = saved_views.load_view(Path(data_dir), query["v"])
    if found is None:
        raise ExportError(f"unknown short link v={query['v']}")
    return found[0], dict(parse_qsl(found[1], keep_blank_values=False))


def build(
    data_dir: Path,
    page: str,
    query: dict[str, str],
    limit: int | None = None,
    on_chart: Callable[[Chart, Ctx], None] | None = None,
    drawn_only: bool = False,
) -> tuple[list[Chart], Ctx]:
    """The charts ``page`` shows for ``query`` (its view model; the first ``limit`` only, of
    those with a drawn chart when ``drawn_only``) and their context; ``on_chart`` is called
    with each chart as soon as it is built (a pack starts drawing its image while the next
    chart is built).

    Parameters the page would drop as invalid are dropped here too (and named on stderr)."""
    from dashboard import context, params, registry
    from dashboard.answers import Answers

    page, query = expand_short_link(data_dir, page, query)
    answers = Answers.of(data_dir)
    state, notices = params.from_url(page, query, answers.engine())
    if notices:
        print(f"ignored (invalid or unknown): {', '.join(notices)}", file=sys.stderr)
    ctx = context.build(state, answers)
    charts: list[Chart] = []
    try:
        built = iter(registry.page(page).view_model(ctx))
        while limit is None or len(charts) < limit:  # the next chart is built only if wanted
            chart = next(built, None)
            if chart is None:
                break
            if drawn_only and chart.figure is None:
                continue
            charts.append(chart)
            if on_chart is not None:
                on_chart(chart, ctx)
    except Exception as exc:  # noqa: BLE001 - named to the user, as the page would
        raise ExportError(f"the page failed: {exc}") from exc
    return charts, ctx


def _progress(fraction: float, text: str) -> None:
    print(f"[{fraction:4.0%}] {text}", file=sys.stderr)


def export(data_dir: Path, view: str, fmt: str, out: Path, page: str | None = None) -> Path:
    """Write the export of a shared view in ``fmt`` to ``out`` (in the link's language)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    _end_quickly()
    bundle = browser_for(view, fmt, page)
    if bundle is not None:
        from dashboard.exports import browser

        browser.warm_up(bundle)  # chromium starts while the charts are built
    from dashboard import registry

    slug, query = split_view(view, page)
    _progress(0.0, f"opening {slug} {query}")
    if slug not in registry.SLUGS:
        raise ExportError(f"unknown page {slug!r}; expected one of {', '.join(registry.SLUGS)}")
    from dashboard.exports.adapt import chart_view

    views: list[ExportView] = []
    drawn: dict[int, Future] = {}  # id(view) → the future of its PNG (packs)

    def add(chart: Chart, ctx: Ctx) -> None:
        views.append(chart_view(chart, synthetic=ctx.synthetic, lang=ctx.lang))
        if fmt in ("pptx", "pdf") and chart.figure is not None:
            from dashboard.exports import images

            try:
                drawn[id(views[-1])] = images.submit(views[-1], "png")
            except images.ImageExportError as exc:  # said when the pack needs the image
                drawn[id(views[-1])] = failed = Future()
                failed.set_exception(exc)

    first_only = fmt in ("png", "svg", "csv")  # one chart is exported: build no other
    charts, ctx = build(
        Path(data_dir),
        slug,
        query,
        limit=1 if first_only else None,
        on_chart=add,
        drawn_only=fmt in ("png", "svg"),  # an image is of the first chart drawn
    )
    data = _write(fmt, views, charts, ctx, drawn)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    _progress(1.0, f"written {out} ({len(data):,} bytes)")
    return out


@cache  # once per process
def _end_quickly() -> None:
    """At exit, set every object aside from the garbage collector: the interpreter then ends
    without walking the charts, frames and tables it is about to drop (0.1–0.25 s of a PNG's
    2 s). Nothing is lost: files are written and closed before, and exit handlers still run."""
    atexit.register(gc.freeze)


def _write(
    fmt: str, views: list[ExportView], charts: list[Chart], ctx: Ctx, drawn: dict[int, Future]
) -> bytes:
    """The bytes of the export (each format's library is imported only when asked for)."""
    from dashboard.exports.model import all_warnings, scope_of

    scope = scope_of(views, " · ".join(ctx.filters_text(metric=True)))
    if fmt == "docx":
        from dashboard.exports import documents
        from dashboard.i18n import t
        from dashboard.viewmodels import speech_selection

        chosen = speech_selection(charts, ctx)
        kit = ctx.data.speech_kit(ctx.version, chosen.filter, chosen.codes, chosen.focus, ctx.lang)
        return documents.speech_docx(
            t("speech_kit", ctx.lang),
            [s.text for s in kit],
            scope,
            warnings=all_warnings(views),
            lang=ctx.lang,
        )
    if not views:
        raise ExportError(f"the view shows no chart or table to export as {fmt}")
    if fmt in ("xlsx", "csv"):
        from dashboard.exports import tables

        return tables.to_xlsx(views) if fmt == "xlsx" else tables.to_csv(views[0])
    from dashboard.exports import images

    if fmt in ("png", "svg"):
        return images.render(views[0], fmt)

    def image(v: ExportView) -> bytes | None:
        future = drawn.get(id(v))
        return images.result(v, future) if future is not None else images.render(v, "png")

    from dashboard.exports import documents

    build_doc = documents.deck_pptx if fmt == "pptx" else documents.report_pdf
    return build_doc(views, scope, image, progress=_progress, lang=ctx.lang)
