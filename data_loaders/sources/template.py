"""The project's spreadsheet template: its columns, headers and the blank workbook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from data_loaders.reference import vocabulary
from data_loaders.reference.text import fold_key


@dataclass(frozen=True)
class TemplateColumn:
    id: str
    label_vi: str
    required: bool
    help_vi: str
    dimension: str | None = None


TALLY_COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn("province", "Tỉnh/thành phố", True, "Tỉnh, thành phố của địa phương báo cáo"),
    TemplateColumn(
        "locality",
        "Địa phương/đơn vị",
        True,
        "Tên đủ cả loại đơn vị: Quận Đống Đa, Xã Vĩnh Phú; để trống = cả tỉnh",
    ),
    TemplateColumn("period_start", "Từ năm/ngày", True, "Năm (2022) hoặc ngày (01/01/2022)"),
    TemplateColumn("period_end", "Đến năm/ngày", True, "Năm (2022) hoặc ngày (30/06/2022)"),
    TemplateColumn("metric", "Chỉ tiêu", True, "Đếm cái gì", "metric"),
    TemplateColumn("kind", "Loại", False, "Mô hình, điển hình, hay cả hai", "kind"),
    TemplateColumn("field", "Lĩnh vực", False, "Để trống = tất cả lĩnh vực", "field"),
    TemplateColumn("theme", "Chủ đề", False, "Để trống = không chủ đề", "theme"),
    TemplateColumn("subject", "Đối tượng", False, "Tập thể, cá nhân; trống = cả hai", "subject"),
    TemplateColumn("level", "Cấp", False, "Cấp công nhận/khen thưởng", "level"),
    TemplateColumn("award", "Hình thức khen thưởng", False, "Bằng khen, Giấy khen, giải", "award"),
    TemplateColumn("value", "Số lượng", True, "Số nguyên không âm; không biết thì bỏ dòng"),
    TemplateColumn("note", "Ghi chú", False, "Ghi chú tự do"),
)
OPTIONAL_COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn("source_id", "Mã nguồn", False, "Mã ngắn của nguồn (tùy chọn)"),
    TemplateColumn("source_title", "Tên nguồn", False, "Tiêu đề báo cáo/bài báo"),
    TemplateColumn("source_outlet", "Cơ quan ban hành/báo", False, "Nơi ban hành hoặc đăng tải"),
    TemplateColumn("source_url", "Đường dẫn nguồn", False, "Địa chỉ web (nếu có)"),
    TemplateColumn("source_date", "Ngày ban hành", False, "Ngày/tháng/năm ban hành hoặc đăng"),
    TemplateColumn("quote", "Trích dẫn", False, "Câu trong nguồn nêu con số"),
    TemplateColumn(
        "locality_level",
        "Cấp địa phương",
        False,
        "province/district/commune/unit (đơn vị không phải đơn vị hành chính)",
    ),
)
SOURCE_LIST_COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn("source_id", "Mã nguồn", True, "Mã ngắn của nguồn"),
    TemplateColumn("source_title", "Tên nguồn", False, "Tiêu đề"),
    TemplateColumn("source_outlet", "Cơ quan ban hành/báo", False, "Nơi ban hành"),
    TemplateColumn("source_url", "Đường dẫn nguồn", False, "Địa chỉ web"),
    TemplateColumn("source_date", "Ngày ban hành", False, "Ngày ban hành hoặc đăng"),
    TemplateColumn("locality", "Địa phương/đơn vị", False, "Địa phương mà nguồn nói tới"),
    TemplateColumn("note", "Ghi chú", False, "Ghi chú"),
)
ALL_COLUMNS = {c.id: c for c in TALLY_COLUMNS + OPTIONAL_COLUMNS + SOURCE_LIST_COLUMNS}
# Extra header spellings met in real files.
HEADER_ALIASES = {
    "tinh": "province",
    "tinh thanh pho": "province",
    "tinh thanh": "province",
    "dia phuong": "locality",
    "don vi": "locality",
    "ten dia phuong": "locality",
    "tu nam": "period_start",
    "tu": "period_start",
    "nam bat dau": "period_start",
    "den nam": "period_end",
    "den": "period_end",
    "nam ket thuc": "period_end",
    "so luong": "value",
    "so": "value",
    "gia tri": "value",
    "hinh thuc": "award",
    "khen thuong": "award",
    "ghi chu": "note",
    "published_date": "source_date",
    "title": "source_title",
    "outlet": "source_outlet",
    "url": "source_url",
    "nguon": "source_title",
}


def header_to_id(header: object) -> str | None:
    """Map a header cell (id, Vietnamese label or known alias) to a column id."""
    key = fold_key(header)
    if not key:
        return None
    for col in ALL_COLUMNS.values():
        if key in (fold_key(col.id), fold_key(col.label_vi)):
            return col.id
    return HEADER_ALIASES.get(key)


INSTRUCTIONS_VI = [
    "MẪU NHẬP SỐ LIỆU PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”",
    "",
    "1. Mỗi dòng của trang “Số liệu” là một con số được nêu trong báo cáo.",
    "2. Cột có dấu * là bắt buộc. Số lượng là số nguyên không âm; không biết thì bỏ cả dòng "
    "(thiếu số liệu khác với số 0).",
    "3. Các cột Chỉ tiêu, Loại, Lĩnh vực, Chủ đề, Đối tượng, Cấp, Hình thức khen thưởng: "
    "chọn trong danh sách thả xuống (xem trang “Danh mục”).",
    "4. Tổng và chi tiết: dòng tổng để Lĩnh vực trống (= tất cả); các dòng chi tiết ghi từng lĩnh "
    "vực. Không cộng sẵn dòng tổng vào chi tiết.",
    "5. Thời gian: một năm (2022 → 2022) hoặc một giai đoạn (2016 → 2020) hoặc ngày cụ thể.",
    "6. Nguồn: điền Tên nguồn, Cơ quan, Đường dẫn, Ngày ban hành; nếu bỏ trống thì chính tệp này "
    "là nguồn.",
    "7. Nạp tệp: `dvk ingest TỆP.xlsx` hoặc trang “Nhập dữ liệu” của bảng điều khiển. Tệp có dòng "
    "sai sẽ bị từ chối toàn bộ, kèm danh sách lỗi theo dòng và cột; dữ liệu đã có không bị ảnh "
    "hưởng.",
]


def write_template(path: Path) -> Path:
    """Write the blank template workbook to ``path``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    lists = wb.create_sheet("Danh mục")
    guide = wb.create_sheet("Hướng dẫn")
    columns = TALLY_COLUMNS + OPTIONAL_COLUMNS
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="B71C1C")
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.label_vi + (" *" if col.required else ""))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[cell.column_letter].width = max(14, len(col.label_vi) + 4)
    ws.freeze_panes = "A2"
    for j, dim in enumerate(vocabulary.DIMENSIONS, start=1):
        lists.cell(row=1, column=j, value=dim).font = Font(bold=True)
        labels = [t.label_vi for t in vocabulary.terms()[dim].values()]
        for k, text in enumerate(labels, start=2):
            lists.cell(row=k, column=j, value=text)
        letter = lists.cell(row=1, column=j).column_letter
        target = next(i for i, c in enumerate(columns, 1) if c.dimension == dim)
        dv = DataValidation(
            type="list",
            formula1=f"='Danh mục'!${letter}$2:${letter}${len(labels) + 1}",
            allow_blank=True,
            showErrorMessage=False,
        )
        dv.prompt = columns[target - 1].help_vi
        ws.add_data_validation(dv)
        col_letter = ws.cell(row=1, column=target).column_letter
        dv.add(f"{col_letter}2:{col_letter}5000")
    value_dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    value_dv.error = "Số lượng phải là số nguyên không âm"
    ws.add_data_validation(value_dv)
    vcol = ws.cell(row=1, column=[c.id for c in columns].index("value") + 1).column_letter
    value_dv.add(f"{vcol}2:{vcol}5000")
    for r, line in enumerate(INSTRUCTIONS_VI, start=1):
        guide.cell(row=r, column=1, value=line)
    guide["A1"].font = Font(bold=True, size=14)
    start = len(INSTRUCTIONS_VI) + 2
    guide.cell(row=start, column=1, value="Cột").font = Font(bold=True)
    guide.cell(row=start, column=2, value="Mã cột").font = Font(bold=True)
    guide.cell(row=start, column=3, value="Ý nghĩa").font = Font(bold=True)
    for r, col in enumerate(columns, start=start + 1):
        guide.cell(row=r, column=1, value=col.label_vi)
        guide.cell(row=r, column=2, value=col.id)
        guide.cell(row=r, column=3, value=col.help_vi)
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["C"].width = 90
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
