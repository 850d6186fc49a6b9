"""Exports for speeches and conferences: chart images, XLSX/CSV tables, the speech kit,
a PPTX deck and a PDF report. Every builder takes :class:`ExportView` objects and returns bytes;
nothing here depends on Streamlit, so the CLI (``dvk export``) and the pages share them.

The package imports nothing itself (``ExportView`` and ``SourceRef`` are loaded when first
asked for), so ``dvk export`` can start the image browser (``browser.py``) before pandas loads.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ExportView", "SourceRef"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from dashboard.exports import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
