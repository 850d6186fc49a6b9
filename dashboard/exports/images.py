"""Chart images (PNG at slide resolution, SVG) rendered on the server by kaleido through
Debian's chromium, with title, unit, active filters, source line and date printed on them."""

from __future__ import annotations

import contextlib
import textwrap
import threading
import warnings

import plotly.graph_objects as go

from dashboard.exports.model import ExportView, vi_date

WIDTH, HEIGHT = 1600, 900
_LOCK = threading.Lock()
_SERVER = {"started": False}


class ImageExportError(RuntimeError):
    """The image could not be rendered (kaleido or chromium missing or failing)."""


def decorated(view: ExportView, height: int = HEIGHT) -> go.Figure:
    """A copy of the chart with its title, unit, filters, sources and date on it (and its
    warnings and the notes that fit), laid out for an image ``height`` pixels tall."""
    if view.figure is None:
        raise ImageExportError(f"'{view.title}' has no chart to export")
    fig = go.Figure(view.figure)
    title = view.title + (f" ({view.unit})" if view.unit else "")
    parts = [
        f"Đơn vị: {view.unit or '—'}",
        f"Bộ lọc: {view.filter_line()}",
        view.source_line(),
        f"Lập ngày {vi_date(view.generated_on)}",
    ]
    footer = "<br>".join(textwrap.wrap(" · ".join(parts), 190, break_long_words=False)[:4])
    warning = "<br>".join(textwrap.wrap(view.warning_line(), 150, break_long_words=False)[:3])
    told = note_lines(view.key_numbers)
    blocks = [(warning, "#b71c1c", 14)] if warning else []
    if told:
        blocks.append((told, "#444", 13))
    blocks.append((footer, "#444", 13))
    # below the plot: its axis labels, then each block (pixels), the bottom margin holding all
    gap, line = 86, 23
    offsets, y = [], gap
    for text, _, _ in blocks:
        offsets.append(y)
        y += 20 + line * (text.count("<br>") + 1)
    bottom, top = max(150, y - gap + 80), 90
    fig.update_layout(
        title={"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left", "font": {"size": 26}},
        margin={"t": top, "b": bottom, "l": 80, "r": 40},
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 16},
        paper_bgcolor="white",
        separators=",.",  # Vietnamese: 2.084; 12,5
    )
    plot = max(height - top - bottom, 1)
    for (text, color, size), offset in zip(blocks, offsets):
        fig.add_annotation(
            text=text,
            xref="paper",
            yref="paper",
            x=0,
            y=-offset / plot,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            font={"size": size, "color": color},
        )
    return fig


def note_lines(notes: list[str], width: int = 190, max_lines: int = 3) -> str:
    """The chart's notes (e.g. which units have no rate and are not drawn) that fit in
    ``max_lines`` — whole notes only, in order: a note cut in the middle would mislead."""
    lines: list[str] = []
    for note in notes:
        wrapped = textwrap.wrap(note, width, break_long_words=False)
        if len(lines) + len(wrapped) > max_lines:
            break
        lines += wrapped
    return "<br>".join(lines)


def browser() -> str | None:
    """The Chromium/Chrome that renders images (``BROWSER_PATH`` wins), or ``None``."""
    from choreographer.browsers.chromium import Chromium

    try:
        return Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - "not found" takes several forms across versions
        return None


def _ensure_server() -> None:
    if _SERVER["started"]:
        return
    if browser() is None:  # kaleido's server would wait forever for a browser it cannot start
        raise ImageExportError(
            "no Chromium browser found for chart images: install Debian's chromium "
            "(apt-get install chromium) or set BROWSER_PATH"
        )
    import kaleido

    try:
        kaleido.start_sync_server(silence_warnings=True)
        _SERVER["started"] = True
    except Exception:  # noqa: BLE001 - fall back to a browser start per image
        _SERVER["started"] = False


def warm_up() -> None:
    """Start the image server in the background (a first image then waits less); an error
    is reported by the image asked for, not here."""

    def start() -> None:
        with _LOCK, contextlib.suppress(ImageExportError):
            _ensure_server()

    threading.Thread(target=start, name="dvk-image-warm-up", daemon=True).start()


def render(view: ExportView, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """PNG or SVG bytes of a decorated chart (1600 × 900 by default)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt!r}")
    fig = decorated(view, height)
    with _LOCK:
        _ensure_server()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # kaleido: "kopts … ignored"
                return fig.to_image(format=fmt, width=width, height=height)
        except Exception as exc:  # noqa: BLE001 - report one clear error
            raise ImageExportError(
                f"could not render '{view.title}' as {fmt.upper()}: {exc} "
                "(is Debian's chromium installed? apt-get install chromium)"
            ) from exc
