"""``dvk export``: turn any shared dashboard link into a file, without a browser or Streamlit.

The link's parameters are parsed into the page state (``params.py``) and the page's view model
(``registry.py`` → ``viewmodels.py``) builds the charts the page shows for that state — the
same objects the page draws — which are then exported.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from dashboard import context, params, registry
from dashboard.answers import Answers
from dashboard.charts import Chart
from dashboard.context import Ctx
from dashboard.exports import images
from dashboard.exports.adapt import chart_view
from dashboard.exports.model import ExportView, all_warnings, scope_of

FORMATS = ("pptx", "pdf", "docx", "xlsx", "csv", "png", "svg")


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
    view = view.strip()
    if "://" in view:
        parts = urlsplit(view)
        path, query = parts.path, parts.query
    else:  # "/so-sanh?…", "so-sanh?…", "host:8501/so-sanh?…" (as an address bar shows it) or "m=…"
        path, sep, query = view.partition("?")
        if not sep and "=" in path:  # a bare query string
            path, query = "", path
    if path:
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        page = page or (slug if slug in registry.SLUGS else registry.DEFAULT)
    return page or registry.DEFAULT, dict(parse_qsl(query, keep_blank_values=False))


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
    data_dir: Path, page: str, query: dict[str, str], limit: int | None = None
) -> tuple[list[Chart], Ctx]:
    """The charts ``page`` shows for ``query`` (its view model; the first ``limit`` only) and
    their context.

    Parameters the page would drop as invalid are dropped here too (and named on stderr)."""
    page, query = expand_short_link(data_dir, page, query)
    answers = Answers.of(data_dir)
    state, notices = params.from_url(page, query, answers.engine())
    if notices:
        print(f"ignored (invalid or unknown): {', '.join(notices)}", file=sys.stderr)
    ctx = context.build(state, answers)
    try:
        return registry.page(page).charts(ctx, limit), ctx
    except Exception as exc:  # noqa: BLE001 - named to the user, as the page would
        raise ExportError(f"the page failed: {exc}") from exc


def _progress(fraction: float, text: str) -> None:
    print(f"[{fraction:4.0%}] {text}", file=sys.stderr)


def export(data_dir: Path, view: str, fmt: str, out: Path, page: str | None = None) -> Path:
    """Write the export of a shared view in ``fmt`` to ``out``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    slug, query = split_view(view, page)
    _progress(0.0, f"opening {slug} {query}")
    if slug not in registry.SLUGS:
        raise ExportError(f"unknown page {slug!r}; expected one of {', '.join(registry.SLUGS)}")
    if fmt in ("png", "svg", "pptx", "pdf") and registry.page(slug).shows_charts:
        images.warm_up()  # chromium starts while the charts are built
    first_only = fmt in ("png", "svg", "csv")  # one chart is exported: build no other
    charts, ctx = build(Path(data_dir), slug, query, limit=1 if first_only else None)
    views = [chart_view(c, synthetic=ctx.synthetic) for c in charts]
    scope = scope_of(views, " · ".join(ctx.filters_text(metric=True)))

    def image(v: ExportView) -> bytes | None:
        return images.render(v, "png")

    # each format's library is imported only when asked for: start-up counts (``dvk bench``)
    if fmt == "docx":
        from dashboard.exports import documents
        from dashboard.viewmodels import speech_selection

        chosen = speech_selection(charts, ctx)
        kit = ctx.data.speech_kit(ctx.version, chosen.filter, chosen.codes, chosen.focus)
        data = documents.speech_docx(
            "Số liệu cho bài phát biểu",
            [s.text for s in kit],
            scope,
            warnings=all_warnings(views),
        )
    elif not views:
        raise ExportError(f"the view shows no chart or table to export as {fmt}")
    elif fmt == "pptx":
        from dashboard.exports import documents

        data = documents.deck_pptx(views, scope, image, progress=_progress)
    elif fmt == "pdf":
        from dashboard.exports import documents

        data = documents.report_pdf(views, scope, image, progress=_progress)
    elif fmt in ("xlsx", "csv"):
        from dashboard.exports import tables

        data = tables.to_xlsx(views) if fmt == "xlsx" else tables.to_csv(views[0])
    else:
        data = images.render(views[0], fmt)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    _progress(1.0, f"written {out} ({len(data):,} bytes)")
    return out
