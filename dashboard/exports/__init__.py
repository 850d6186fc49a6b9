"""Exports for speeches and conferences: chart images, XLSX/CSV tables, the speech kit,
a PPTX deck and a PDF report. Every builder takes :class:`ExportView` objects and returns bytes;
nothing here depends on Streamlit, so the CLI (``dvk export``) and the pages share them.
"""

from dashboard.exports.model import ExportView, SourceRef

__all__ = ["ExportView", "SourceRef"]
