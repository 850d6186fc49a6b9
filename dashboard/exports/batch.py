"""``dvk export``: turn any shared dashboard link into a file, without a browser.

The page is run headlessly (Streamlit's AppTest) with the link's query string, exactly as a
person opening the link would see it; the charts it shows are then exported.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from dashboard.exports import documents, images, tables
from dashboard.exports.adapt import PAGE_CHARTS, chart_view
from dashboard.exports.model import ExportView, all_warnings, scope_of

FORMATS = ("pptx", "pdf", "docx", "xlsx", "csv", "png", "svg")
APP = Path(__file__).resolve().parents[1] / "app.py"


class ExportError(ValueError):
    """The link cannot be exported in that format (reason in the message)."""


def split_view(view: str, page: str | None = None) -> tuple[str, dict[str, str]]:
    """(page slug, query parameters) of a shared link, a path or a bare query string.

    >>> split_view("http://host:8501/so-sanh?tinh=31&metric=models_recognized")
    ('so-sanh', {'tinh': '31', 'metric': 'models_recognized'})
    >>> split_view("?p=01", page="xu-huong")
    ('xu-huong', {'p': '01'})
    >>> split_view("")
    ('tong-quan', {})
    """
    from dashboard import state

    view = view.strip()
    if "://" in view or view.startswith("/"):
        parts = urlsplit(view)
        slug = parts.path.rstrip("/").rsplit("/", 1)[-1]
        query = parts.query
        page = page or (slug if slug in state.PAGES else state.OVERVIEW)
    else:
        query = view.lstrip("?")
    return page or state.OVERVIEW, dict(parse_qsl(query, keep_blank_values=False))


def _page_file(page: str) -> str:
    from dashboard.app import PAGE_FILES

    return f"app_pages/{PAGE_FILES[page][0]}"


def harvest(data_dir: Path, page: str, query: dict[str, str]) -> tuple[list, object]:
    """Run ``page`` with ``query`` and return the charts it showed and its context."""
    from streamlit.testing.v1 import AppTest

    from dashboard import context

    os.environ["DVK_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.run()
    if page != "tong-quan":
        at.switch_page(_page_file(page))
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if at.exception:
        raise ExportError(f"the page failed: {at.exception[0].message}")
    return list(at.session_state[PAGE_CHARTS]), at.session_state[context.KEY]


def _progress(fraction: float, text: str) -> None:
    print(f"[{fraction:4.0%}] {text}", file=sys.stderr)


def export(data_dir: Path, view: str, fmt: str, out: Path, page: str | None = None) -> Path:
    """Write the export of a shared view in ``fmt`` to ``out``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    slug, query = split_view(view, page)
    _progress(0.0, f"opening {slug} {query}")
    charts, ctx = harvest(Path(data_dir), slug, query)
    views = [chart_view(c, synthetic=ctx.synthetic) for c in charts]
    scope = scope_of(views, " · ".join(ctx.filters_text(metric=True)))

    def image(v: ExportView) -> bytes | None:
        return images.render(v, "png")

    if fmt == "docx":
        from dashboard.export_panel import selection
        from metrics.engine import Engine
        from metrics.speech import speech_kit

        chosen = selection(charts, ctx)
        kit = speech_kit(
            Engine(Path(data_dir)), chosen.filter, chosen.codes, focus=chosen.focus or None
        )
        data = documents.speech_docx(
            "Số liệu cho bài phát biểu",
            [s.text for s in kit],
            scope,
            warnings=all_warnings(views),
        )
    elif not views:
        raise ExportError(f"the view shows no chart or table to export as {fmt}")
    elif fmt == "pptx":
        data = documents.deck_pptx(views, scope, image, progress=_progress)
    elif fmt == "pdf":
        data = documents.report_pdf(views, scope, image, progress=_progress)
    elif fmt == "xlsx":
        data = tables.to_xlsx(views)
    elif fmt == "csv":
        data = tables.to_csv(views[0])
    else:
        data = images.render(views[0], fmt)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    _progress(1.0, f"written {out} ({len(data):,} bytes)")
    return out
