"""Chart images (PNG at slide resolution, SVG) rendered on the server by kaleido through
Debian's chromium (``browser.py``: one browser per process, reused), with title, unit, active
filters, source line and date printed on them, in the view's language, on the white background
the page shows. :func:`submit` starts a drawing and returns at once, so a pack's charts are
drawn while the next ones are built."""

from __future__ import annotations

import concurrent.futures
import textwrap
from typing import TYPE_CHECKING

from dashboard import fmt
from dashboard.exports.browser import (
    START_TIMEOUT_S,
    ImageExportError,
    browser,
    bundle_for,
    renderer,
    stop,
    warm_up,
)
from dashboard.exports.model import ExportView
from dashboard.exports.static_map import flattened

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["ImageExportError", "browser", "decorated", "render", "stop", "submit", "warm_up"]
WIDTH, HEIGHT = 1600, 900
GRID = "#e6eaf1"  # the grid lines of the page's charts


def decorated(view: ExportView, height: int = HEIGHT) -> go.Figure:
    """A copy of the chart with its title, unit, filters, sources and date on it (and its
    warnings and the notes that fit), laid out for an image ``height`` pixels tall, on a
    white plot as on the page."""
    import plotly.graph_objects as go

    if view.figure is None:
        raise ImageExportError(f"'{view.title}' has no chart to export")
    fig = go.Figure(view.figure)
    title = view.title + (f" ({view.unit})" if view.unit else "")
    parts = [
        view.unit_line(),
        f"{view.word('filters')}: {view.filter_line()}",
        view.source_line(),
        view.made_on(),
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
        plot_bgcolor="white",  # the page's charts are drawn on white, not plotly's blue-grey
        separators=fmt.plotly_separators(view.lang),  # vi: 2.084; 12,5 — en: 2,084; 12.5
    )
    # the page's grid (Streamlit's chart theme): light lines across a value axis drawn upright,
    # none along the categories or the years
    across = not any(getattr(t, "orientation", None) == "h" for t in fig.data)
    fig.update_xaxes(showgrid=False, zerolinecolor=GRID)
    fig.update_yaxes(showgrid=across, gridcolor=GRID, zerolinecolor=GRID)
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


def submit(
    view: ExportView, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT
) -> concurrent.futures.Future:
    """Start drawing a decorated chart; the future gives its PNG or SVG bytes (see
    :func:`result`). Drawings asked for in turn are made in turn by one browser."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt!r}")
    fig = flattened(decorated(view, height), width, height)  # a map without WebGL
    drawer = renderer(bundle_for([fig]))
    try:
        return drawer.submit(fig.to_dict(), fmt, width, height)
    except ImageExportError:
        raise
    except Exception as exc:  # noqa: BLE001 - report one clear error
        raise _failed(view, fmt, exc) from exc


def result(view: ExportView, future: concurrent.futures.Future, fmt: str = "png") -> bytes:
    """The bytes of a drawing started by :func:`submit` (a clear error if it failed)."""
    try:
        return future.result(timeout=START_TIMEOUT_S)
    except Exception as exc:  # noqa: BLE001 - report one clear error
        raise _failed(view, fmt, exc) from exc


def _failed(view: ExportView, fmt: str, exc: BaseException) -> ImageExportError:
    return ImageExportError(
        f"could not render '{view.title}' as {fmt.upper()}: {exc} "
        "(is Debian's chromium installed? apt-get install chromium)"
    )


def render(view: ExportView, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """PNG or SVG bytes of a decorated chart (1600 × 900 by default)."""
    return result(view, submit(view, fmt, width, height), fmt)
