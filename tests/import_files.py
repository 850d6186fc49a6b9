"""Files a data officer uploads, made by the tests: a template workbook with two bad rows, a
model list, a DOCX report."""

from __future__ import annotations

from pathlib import Path

from data_loaders.sources.template import TALLY_COLUMNS

HEADER = ("province", "locality", "period_start", "period_end", "metric", "kind", "field", "value")
# Quận Đống Đa, 2019: a year the sample does not hold, so the overview can only show these
GOOD = ("Hà Nội", "Quận Đống Đa", 2019, 2019, "Mô hình đăng ký", "Mô hình", "", 373)
BAD_METRIC = ("Hà Nội", "Quận Đống Đa", 2019, 2019, "Mô hình đăng kíí", "Mô hình", "Kinh tế", 120)
BAD_VALUE = (
    "Hà Nội",
    "Quận Đống Đa",
    2019,
    2019,
    "Mô hình đăng ký",
    "Mô hình",
    "Văn hóa – xã hội",
    "mười",
)
FIXES = {3: {"Chỉ tiêu *": "Mô hình đăng ký"}, 4: {"Số lượng *": "45"}}  # row → header → text


def template_with_two_bad_rows(path: Path) -> Path:
    """The template's first sheet, Vietnamese headers, rows 3 and 4 wrong (metric, value)."""
    from openpyxl import Workbook

    labels = {c.id: c.label_vi + (" *" if c.required else "") for c in TALLY_COLUMNS}
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append([labels[h] for h in HEADER])
    for row in (GOOD, BAD_METRIC, BAD_VALUE):
        ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


MODEL_LIST = (
    '"Tên mô hình, điển hình",Loại,Tỉnh/thành phố,Địa phương/đơn vị,Lĩnh vực,Từ năm,Đến năm\n'
    "Dân vận khéo trong chỉnh trang vỉa hè phường Láng Hạ,Mô hình,Hà Nội,"
    "Quận Đống Đa,Văn hóa – xã hội,2019,2019\n"
    "Tổ tự quản an ninh khu dân cư số 7,Mô hình,Hà Nội,Quận Đống Đa,"
    "Quốc phòng – an ninh,2019,2019\n"
)


def model_list(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MODEL_LIST, encoding="utf-8")
    return path


REPORT_LINES = (
    "Báo cáo kết quả phong trào thi đua “Dân vận khéo” năm 2019 của Quận Đống Đa",
    "Năm 2019, toàn Quận Đống Đa có 412 mô hình “Dân vận khéo” được đăng ký thực hiện.",
)


def docx_report(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(REPORT_LINES[0], level=1)
    for line in REPORT_LINES[1:]:
        document.add_paragraph(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
