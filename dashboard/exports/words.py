"""The words every export prints around the figures — footers, sheet names, table labels, slide
and report texts — in the export's language (Vietnamese first, English for ``lang=en`` links),
through :func:`dashboard.i18n.texts` like every other UI text.

>>> tr("unit", "vi"), tr("unit", "en")
('Đơn vị', 'Unit')
>>> made_on(date(2026, 12, 3), "vi"), made_on(date(2026, 12, 3), "en")
('Lập ngày 03/12/2026', 'Made on 3 December 2026')
"""

from __future__ import annotations

from datetime import date

from dashboard import fmt
from dashboard.i18n import texts

tr = texts(
    {
        # footers and table labels (images, XLSX, CSV, deck, report)
        "unit": ("Đơn vị", "Unit"),
        "filters": ("Bộ lọc", "Filters"),
        "no_filter": ("Không lọc", "No filter"),
        "source": ("Nguồn", "Source"),
        "sources_none": ("không có", "none"),
        "sources_more": ("và {n} nguồn khác", "and {n} more sources"),
        "synthetic_mark": ("DỮ LIỆU MÔ PHỎNG (synthetic)", "SYNTHETIC DATA (not real figures)"),
        "synthetic_note": (
            "Dữ liệu mô phỏng (synthetic), không phải số liệu thật",
            "Synthetic data, not real figures",
        ),
        "warning": ("Lưu ý", "Caution"),
        "note": ("Ghi chú", "Note"),
        "table": ("Bảng", "Table"),
        "made_on_label": ("Ngày lập", "Made on"),
        # XLSX sheets and their headers
        "sheet_sources": ("Nguồn", "Sources"),
        "sheet_filters": ("Bộ lọc", "Filters"),
        "source_id": ("Mã nguồn", "Source id"),
        "source_title": ("Tiêu đề", "Title"),
        "source_outlet": ("Cơ quan/báo", "Agency/outlet"),
        "source_url": ("Đường dẫn", "Address"),
        "source_date": ("Ngày", "Date"),
        "item": ("Mục", "Item"),
        "value": ("Giá trị", "Value"),
        # speech kit, deck and report
        "scope": ("Phạm vi", "Scope"),
        "speech_warnings": ("Lưu ý khi dùng số liệu:", "Before using these figures:"),
        "speech_none": (
            "(Không có số liệu phù hợp để nêu.)",
            "(No figure fit to be quoted.)",
        ),
        "deck_title": (
            "Kết quả phong trào thi đua “Dân vận khéo”",
            "Results of the “Dân vận khéo” (skilful mass mobilisation) emulation movement",
        ),
        "chart": ("Biểu đồ", "Chart"),
        "no_caution": ("(Không có lưu ý.)", "(No caution.)"),
        "data_table": ("Bảng số liệu", "Data table"),
        "data_sources": ("Nguồn số liệu", "Sources of the figures"),
        "no_source": ("(Không có nguồn.)", "(No source.)"),
        "done": ("Xong", "Done"),
    }
)


def made_on(when: date, lang: str) -> str:
    """The date an export was made, as a reader of ``lang`` writes it."""
    if lang == "en":
        return f"Made on {when.day} {when:%B %Y}"
    return f"Lập ngày {fmt.published(when)}"


def made_on_value(when: date, lang: str) -> str:
    """The same date without its label (a table's "made on" row)."""
    return f"{when.day} {when:%B %Y}" if lang == "en" else fmt.published(when)
