"""Every message that an ingest gives about its input, in Vietnamese and English, in one place.

A loader names a problem by its code and the values that fill it (``problem(...)`` or
``raise Problem(code, ...)``); the words live here only. Vietnamese messages name columns by their
Vietnamese header and list accepted values by their Vietnamese labels, never by raw ids.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable

from data_loaders.storage.problems import IngestProblem

# code → (English, Vietnamese). Fields: {value} the offending cell text, {accepted} the accepted
# values' labels, {header} the column's header, others as each message says.
MESSAGES: dict[str, tuple[str, str]] = {
    # cells
    "required": ("value is required", "ô này không được để trống"),
    "value_required": (
        "value is required (leave the row out when the figure is unknown)",
        "chưa có số lượng (không biết con số thì bỏ cả dòng)",
    ),
    "locality_required": (
        "value is required (or give the province)",
        "chưa có địa phương (hoặc ghi tỉnh/thành phố)",
    ),
    "place_required": ("province or locality is required", "chưa có tỉnh/thành phố hay địa phương"),
    "unknown_term": (
        "'{value}' is not a known {dimension}; accepted: {accepted}",
        "{dimension} «{value}» không có trong danh mục; chấp nhận: {accepted}",
    ),
    "field_combination": (
        "'{value}' mixes 'all fields' with single fields; accepted: {accepted}",
        "«{value}» vừa ghi tất cả lĩnh vực vừa ghi từng lĩnh vực; chấp nhận: {accepted}",
    ),
    "not_whole_number": (
        "'{value}' is not a whole number (digits 0–9 only)",
        "«{value}» không phải số nguyên (chỉ gồm chữ số 0–9)",
    ),
    "negative": (
        "'{value}' is negative; counts are never negative",
        "«{value}» là số âm; số lượng không thể âm",
    ),
    "too_large": (
        "'{value}' is larger than {limit}, the largest count accepted",
        "«{value}» lớn hơn {limit}, số lớn nhất được nhận",
    ),
    "not_period": (
        "'{value}' is not a year (2022), a month (06/2022) or a date (30/06/2022)",
        "«{value}» không phải năm (2022), tháng (06/2022) hay ngày (30/06/2022)",
    ),
    "not_date": (
        "'{value}' is not a date (26/10/2022, 10/2022, 2022)",
        "«{value}» không phải ngày (26/10/2022, 10/2022, 2022)",
    ),
    "not_year": (
        "'{value}' is not a year (four digits 0–9, e.g. 2022)",
        "«{value}» không phải năm (bốn chữ số, ví dụ 2022)",
    ),
    "year_outside": (
        "'{value}': year {year} is outside {first} … {last}: the movement began in {first}",
        "«{value}»: năm {year} nằm ngoài {first} … {last} (phong trào bắt đầu năm {first})",
    ),
    "no_month": ("'{value}': there is no month {month}", "«{value}»: không có tháng {month}"),
    "no_day": (
        "'{value}': there is no day {day} in {month_year}",
        "«{value}»: tháng {month_year} không có ngày {day}",
    ),
    "period_reversed": (
        "ends before the start of the period",
        "thời gian kết thúc trước thời gian bắt đầu",
    ),
    "year_end_reversed": ("ends before the start year", "năm kết thúc trước năm bắt đầu"),
    # places
    "unknown_unit": (
        "'{value}' is not a known administrative unit",
        "«{value}» không phải tên một đơn vị hành chính đã biết (ghi đủ loại đơn vị: "
        "Xã, Phường, Quận, Huyện, Tỉnh …)",
    ),
    "unknown_unit_suggest": (
        "'{value}' is not a known administrative unit; did you mean {choices}?",
        "«{value}» không phải tên một đơn vị hành chính đã biết. Có phải {choices} không?",
    ),
    "ambiguous_unit": (
        "'{value}' is ambiguous: {accepted}; add the district or province",
        "«{value}» trùng tên nhiều đơn vị: {accepted}; ghi thêm huyện hoặc tỉnh",
    ),
    "former_unit": (
        "'{value}' is the name of a former unit that the unit history "
        "(data_loaders/reference/unit_history.csv) does not hold; it was merged into: "
        "{accepted}. Add the unit to the history, or name the unit of the report's date",
        "«{value}» là tên một đơn vị cũ chưa có trong lịch sử đơn vị hành chính; đơn vị này "
        "đã nhập vào: {accepted}. Ghi tên đơn vị vào thời điểm báo cáo",
    ),
    "unit_needs_province": (
        "a non-administrative unit needs its province",
        "đơn vị không phải đơn vị hành chính cần ghi tỉnh/thành phố",
    ),
    # sources
    "unknown_source": (
        "unknown source '{value}': give the source's title or URL on the row, or ingest the "
        "list of sources first",
        "chưa có nguồn mã «{value}»: ghi Tên nguồn/Đường dẫn nguồn trên dòng, hoặc nhập danh "
        "sách nguồn trước",
    ),
    "source_disagree": (
        "rows of source '{value}' disagree on its details",
        "các dòng của nguồn «{value}» ghi thông tin nguồn khác nhau",
    ),
    "source_twice": ("source '{value}' appears twice", "nguồn «{value}» xuất hiện hai lần"),
    "same_figure": (
        "same figure (locality, period, metric, breakdown and note) as row {first}",
        "trùng con số ở dòng {first} (cùng địa phương, thời gian, chỉ tiêu, phân loại, ghi chú)",
    ),
    "same_model": (
        "same model (name, locality, start year) listed twice",
        "mô hình này (tên, địa phương, năm bắt đầu) được ghi hai lần",
    ),
    # headers and files
    "unknown_header": (
        "unknown column header (not a template column); accepted: {accepted}",
        "tiêu đề cột «{value}» không thuộc biểu mẫu; chấp nhận: {accepted}",
    ),
    "column_missing": ("required column is missing", "thiếu cột bắt buộc «{header}»"),
    "cannot_read": (
        "cannot read: {detail}",
        "không đọc được nội dung tệp (tệp có thể bị hỏng hoặc không đúng loại); hãy mở tệp bằng "
        "chương trình đã tạo ra nó, lưu lại rồi gửi lại",
    ),
    "csv_unreadable": (
        "the CSV cannot be read here ({detail})",
        'tệp CSV sai cấu trúc từ chỗ này (thường do một dấu ngoặc kép " không được đóng); hãy '
        "mở bằng Excel rồi lưu lại dạng «CSV UTF-8»",
    ),
    "csv_ragged": (
        "the row has {found} fields where the header has {expected} ({detail})",
        "dòng này có {found} ô trong khi dòng tiêu đề có {expected} cột (thừa dấu phẩy, hoặc "
        "thiếu dấu ngoặc kép quanh một giá trị có dấu phẩy)",
    ),
    "csv_nul": (
        "the CSV holds a NUL byte (binary data): is it really a CSV file?",
        "tệp CSV chứa ký tự rỗng (byte 0, dữ liệu nhị phân): tệp này có đúng là CSV không?",
    ),
    "not_utf8": (
        "not UTF-8 text (byte {byte} cannot be read: «{value}»); save the CSV as UTF-8",
        "tệp không phải văn bản UTF-8 (không đọc được byte {byte}: «{value}»; có thể tệp được lưu "
        "bằng bảng mã Windows-1258 hay 1252); trong Excel hãy chọn Lưu thành → «CSV UTF-8»",
    ),
    "not_utf8_file": (
        "not UTF-8 text; save the CSV as UTF-8",
        "tệp không phải văn bản UTF-8; hãy lưu lại CSV dạng UTF-8",
    ),
    "damaged": (
        "the {expected} file is damaged or incomplete ({detail})",
        "tệp {expected} bị hỏng hoặc không trọn vẹn (có thể tải về hay sao chép chưa xong); hãy "
        "mở tệp rồi lưu lại, hoặc gửi lại tệp gốc",
    ),
    "not_kind": (
        "not a {expected} file ({detail})",
        "tệp không phải tệp {expected} dù mang đuôi {ext}; hãy kiểm tra lại tệp",
    ),
    "renamed_html": (
        "the file is a web page (HTML) named {ext}; open it and save it as {expected}",
        "tệp thực chất là một trang web (HTML) nhưng mang đuôi {ext}; hãy mở tệp rồi lưu lại "
        "thành {expected}",
    ),
    "renamed_pdf": (
        "the file is a PDF named {ext}; send the {expected} file itself",
        "tệp thực chất là tệp PDF nhưng mang đuôi {ext}; hãy gửi chính tệp {expected}",
    ),
    "renamed_zip": (
        "the file is an Office package (XLSX or DOCX) named {ext}; give it its own extension",
        "tệp thực chất là tệp Office (XLSX hoặc DOCX) nhưng mang đuôi {ext}; hãy đổi đuôi tệp "
        "cho đúng loại",
    ),
    "encrypted": (
        "the file is protected by a password (encrypted); remove the password and save it again",
        "tệp được khoá bằng mật khẩu (mã hoá); hãy gỡ mật khẩu, lưu lại rồi gửi lại",
    ),
    "old_office": (
        "the file is in the old Excel or Word format (.xls, .doc); save it as {expected}",
        "tệp ở định dạng Excel hay Word cũ (.xls, .doc); hãy mở rồi lưu lại thành {expected}",
    ),
    "sheet_unreadable": (
        "cannot read the sheet '{value}' ({detail})",
        "không đọc được trang tính «{value}» (tệp có thể bị hỏng); hãy mở bằng Excel, lưu lại "
        "rồi gửi lại",
    ),
    "too_many_cells": (
        "sheet '{value}' holds more than {limit} cells (the limit); split the file",
        "trang tính «{value}» có hơn {limit} ô (giới hạn); hãy chia nhỏ tệp",
    ),
    "cell_too_long": (
        "the cell holds {count} characters, more than the limit of {limit}",
        "ô này có {count} ký tự, vượt giới hạn {limit} ký tự",
    ),
    "file_too_large": (
        "the file is {size}, more than the limit of {limit}",
        "tệp nặng {size}, vượt giới hạn {limit}; hãy chia nhỏ tệp",
    ),
    "part_too_large": (
        "part '{value}' unpacks to {size}, more than the limit of {limit}",
        "phần «{value}» của tệp giải nén ra {size}, vượt giới hạn {limit}",
    ),
    "package_too_large": (
        "the package unpacks to {size}, more than the limit of {limit}",
        "tệp giải nén ra {size}, vượt giới hạn {limit}",
    ),
    "beyond_limit": (
        "{detail}",
        "tệp vượt giới hạn xử lý (quá lớn, quá nhiều số trong một câu hoặc lồng quá sâu); hãy "
        "chia nhỏ tệp",
    ),
    "schema_check": (
        "the normalised value fails the warehouse's check ({detail}); please report this",
        "giá trị sau chuẩn hoá không qua được kiểm tra của kho dữ liệu; xin báo lỗi này cho "
        "người quản trị",
    ),
    "stray_value": (
        "a value ('{value}') stands in a column without a header; give the column a header or "
        "remove the value",
        "giá trị «{value}» nằm ở cột không có tiêu đề; hãy ghi tiêu đề cho cột hoặc xoá giá trị",
    ),
    "file_empty": ("the file is empty", "tệp trống"),
    "duplicate_header": (
        "'{value}' repeats column {first} ('{first_header}'): both would fill '{id}'; keep one",
        "cột «{value}» trùng với cột {first} («{first_header}»); chỉ giữ một cột",
    ),
    "cannot_read_file": ("cannot read the file: {detail}", "không mở được tệp: {reason}"),
    "unsupported": (
        "unsupported file type '{value}' (expected CSV or XLSX)",
        "không nhận loại tệp «{value}» (cần CSV hoặc XLSX)",
    ),
    "defect": (
        "cannot read ({detail}); please report this",
        "không đọc được tệp do một lỗi của chương trình; xin báo lỗi này cho người quản trị "
        "(chi tiết ghi trong nhật ký)",
    ),
    "not_writable": (
        "the data directory {data_dir} cannot be written ({detail}); nothing was stored and the "
        "warehouse is as it was",
        "không ghi được vào thư mục dữ liệu {data_dir} ({reason}); chưa có gì được ghi, kho dữ "
        "liệu giữ nguyên",
    ),
    "not_read_batch": (
        "not read: the batch stopped at {value}",
        "chưa đọc: lượt nhập đã dừng ở tệp {value}",
    ),
    "report_needs_review": (
        "a report text: review its figures on the page 'Nhập dữ liệu', or use --accept-all",
        "tệp báo cáo: duyệt các con số ở trang «Nhập dữ liệu», hoặc dùng --accept-all",
    ),
    "sql_refused": (
        "the SQL source refused the query: {detail}",
        "nguồn SQL từ chối câu truy vấn (bảng hay cột không có, sai cú pháp, hoặc không có "
        "quyền đọc; chi tiết ghi trong nhật ký)",
    ),
    "sql_read_only": (
        "the SQL source is read-only here: the query would change it ({detail})",
        "nguồn SQL chỉ cho đọc: câu truy vấn này muốn thay đổi dữ liệu (chỉ dùng câu SELECT)",
    ),
    "sql_no_table": (
        "the SQL source refused the query: {detail}",
        "nguồn SQL từ chối câu truy vấn: không có bảng được nêu trong câu truy vấn",
    ),
    "sql_no_column": (
        "the SQL source refused the query: {detail}",
        "nguồn SQL từ chối câu truy vấn: không có cột được nêu trong câu truy vấn",
    ),
    "sql_syntax": (
        "the SQL source refused the query: {detail}",
        "nguồn SQL từ chối câu truy vấn: câu truy vấn sai cú pháp",
    ),
    "sql_no_connection": (
        "cannot connect to the SQL source: {detail}",
        "không kết nối được tới nguồn SQL (sai địa chỉ, mật khẩu, hoặc máy chủ không chạy)",
    ),
    "mapping_unreadable": (
        "cannot read the mapping ({detail})",
        "không đọc được tệp ánh xạ: {reason}",
    ),
    "mapping_yaml": (
        "not a valid mapping file ({detail})",
        "tệp ánh xạ sai cú pháp YAML (dòng {line}); hãy sửa lại tệp",
    ),
    "mapping_alias": (
        "not a valid mapping file (line {line}: aliases (*{value}) are not allowed in a mapping "
        "file; write the values out)",
        "tệp ánh xạ dùng bí danh YAML (*{value}, dòng {line}); hãy viết đầy đủ các giá trị",
    ),
    "mapping_shape": (
        "the mapping must be keys and values (kind, columns, …)",
        "tệp ánh xạ phải gồm các cặp khoá: giá trị (kind, columns …)",
    ),
    "mapping_key_shape": (
        "'{value}' must be keys and values",
        "mục «{value}» của tệp ánh xạ phải gồm các cặp khoá: giá trị",
    ),
    "mapping_kind": (
        "kind must be 'tallies' or 'models', not '{value}'",
        "mục kind phải là tallies (số liệu) hoặc models (mô hình), không phải «{value}»",
    ),
    "mapping_column": (
        "'{value}' is not a canonical {kind} column (expected one of: {accepted})",
        "«{value}» không phải cột chuẩn của loại {kind}; chấp nhận: {accepted}",
    ),
    "mapping_no_columns": ("'columns' is empty", "mục columns của tệp ánh xạ đang trống"),
    "sqlite_missing": (
        "the SQLite database {value} does not exist",
        "không có cơ sở dữ liệu SQLite «{value}»",
    ),
    "query_or_table": (
        "give exactly one of --query or --table",
        "cần ghi đúng một trong hai: --query hoặc --table",
    ),
    "query_no_rows": (
        "the query returns no rows (only a SELECT can be read)",
        "câu truy vấn không trả về dòng nào (chỉ đọc được câu SELECT)",
    ),
    "no_table": ("the source has no table '{value}'", "nguồn SQL không có bảng «{value}»"),
    "sql_columns_twice": (
        "the source gives column(s) {value} more than once",
        "nguồn SQL trả về cột {value} hơn một lần",
    ),
    "sql_column_missing": (
        "source column '{value}' (for {canon}) does not exist",
        "cơ sở dữ liệu nguồn không có cột «{value}» (dùng cho {canon})",
    ),
    "unknown_status": (
        "'{value}' is not a known status; accepted: {accepted}",
        "tình trạng «{value}» không có trong danh mục; chấp nhận: {accepted}",
    ),
    "unknown_owner_type": (
        "'{value}' is not a known owner type; accepted: {accepted}",
        "loại chủ thể «{value}» không có trong danh mục; chấp nhận: {accepted}",
    ),
    "nothing_to_undo": (
        "source '{value}' has no ingest run left to undo",
        "nguồn «{value}» không còn lần nhập nào để hoàn tác",
    ),
    "no_snapshot": (
        "the last run of source '{value}' (run {run}) was ingested before runs kept the rows "
        "they replaced; it cannot be undone",
        "lần nhập gần nhất của nguồn «{value}» (lần {run}) có từ trước khi hệ thống lưu dữ liệu "
        "cũ; không hoàn tác được",
    ),
    "snapshot_pruned": (
        "run {run} of source '{value}' is older than the last {depth} runs of a source that "
        "can be undone; the rows it replaced are no longer kept",
        "lần nhập {run} của nguồn «{value}» cũ hơn {depth} lần nhập gần nhất có thể hoàn tác; "
        "dữ liệu cũ của lần đó không còn được lưu",
    ),
    "snapshot_unreadable": (
        "the rows kept for undoing run {run} cannot be read (data_dir/history); nothing was "
        "changed",
        "không đọc được dữ liệu cũ lưu để hoàn tác lần nhập {run}; chưa thay đổi gì",
    ),
    "meta_needs_one_source": (
        "the source's title, outlet, date and URL can be given only for a file with one source; "
        "this file has {count}",
        "chỉ ghi được tên, cơ quan, ngày, đường dẫn nguồn cho tệp có một nguồn; tệp này có {count}",
    ),
}

# What each kind of input is called.
KINDS: dict[str, tuple[str, str]] = {
    "template": ("tally template", "Biểu mẫu số liệu"),
    "sources": ("list of sources", "Danh sách nguồn"),
    "model_list": ("list of models and exemplars", "Danh sách mô hình, điển hình"),
    "report": ("report text", "Văn bản báo cáo"),
}


# Why the system could not read or write a file, by errno: (English, Vietnamese).
OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("no such file or directory", "không tìm thấy tệp hay thư mục"),
    errno.EACCES: ("permission denied", "không có quyền truy cập"),
    errno.EPERM: ("operation not permitted", "không được phép thao tác"),
    errno.EISDIR: ("is a directory", "đây là thư mục, không phải tệp"),
    errno.ENOTDIR: ("not a directory", "đường dẫn không phải thư mục"),
    errno.ENOSPC: ("no space left on device", "ổ đĩa hết chỗ trống"),
    errno.EROFS: ("read-only file system", "ổ đĩa chỉ cho đọc"),
    errno.EIO: ("input/output error", "lỗi đọc ghi của ổ đĩa"),
    errno.EMFILE: ("too many open files", "mở quá nhiều tệp cùng lúc"),
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """Why an operating-system call failed, in English (its own words) and Vietnamese."""
    en = exc.strerror or str(exc)
    vi = OS_REASONS.get(exc.errno or -1, (en, "lỗi hệ thống khi truy cập tệp"))[1]
    return en, vi


def kind_label(kind: str, lang: str = "vi") -> str:
    en, vi = KINDS.get(kind, (kind, kind))
    return en if lang == "en" else vi


# Words for whole-run outcomes (CLI and page), same catalogue.
OUTCOMES: dict[str, tuple[str, str]] = {
    "added": ("added", "thêm mới"),
    "replaced": ("replaced", "thay thế"),
    "unchanged": ("unchanged", "không đổi"),
    "ok": ("added", "thêm mới"),
    "refused": ("refused", "từ chối"),
    "failed": ("failed", "lỗi ghi"),
    "not read": ("not read", "chưa đọc"),
    "undone": ("undone", "đã hoàn tác"),
    "removed": ("removed", "đã xoá"),
    "planned": ("checked", "đã kiểm tra"),
}


# What the rows counted in a change are, by table.
ROWS_OF: dict[str, tuple[str, str]] = {
    "tallies": ("figures", "số liệu"),
    "models": ("models", "mô hình"),
    "sources": ("source rows", "dòng nguồn"),
}


def rows_of(table: str | None, lang: str = "vi") -> str:
    en, vi = ROWS_OF.get(table or "", ("rows", "dòng"))
    return en if lang == "en" else vi


def outcome(status: str, lang: str = "vi") -> str:
    en, vi = OUTCOMES.get(status, (status, status))
    return en if lang == "en" else vi


def render(code: str, lang: str, **params: object) -> str:
    """The message ``code`` in ``lang`` ("vi" or "en") filled with ``params``."""
    en, vi = MESSAGES[code]
    text = en if lang == "en" else vi
    return text.format(**params)


class Problem(ValueError):
    """A bad value found while reading a cell: its message code and what fills it.

    ``str()`` is the English message (for logs); loaders turn it into an :class:`IngestProblem`
    with :func:`from_error`.
    """

    def __init__(
        self,
        code: str,
        *,
        value: object = None,
        accepted_vi: Iterable[str] = (),
        accepted_en: Iterable[str] = (),
        **params: object,
    ) -> None:
        self.code = code
        self.value = None if value is None else str(value)
        self.accepted_vi = tuple(accepted_vi)
        self.accepted_en = tuple(accepted_en)
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str, header: str = "") -> str:
        accepted = self.accepted_en if lang == "en" else self.accepted_vi
        params = {k: _pick(v, lang) for k, v in self.params.items()}
        params.setdefault("header", header)
        return render(
            self.code, lang, value=self.value or "", accepted=", ".join(accepted), **params
        )


def _pick(value: object, lang: str) -> object:
    """A parameter given as (English, Vietnamese) takes the language's text."""
    if isinstance(value, tuple) and len(value) == 2:
        return value[0] if lang == "en" else value[1]
    return value


def problem(
    file: object,
    row: int | None,
    column: str | None,
    code: str,
    *,
    header: str | None = None,
    value: object = None,
    accepted_vi: Iterable[str] = (),
    accepted_en: Iterable[str] = (),
    **params: object,
) -> IngestProblem:
    """An :class:`IngestProblem` from the catalogue: English and Vietnamese messages."""
    return from_error(
        file,
        row,
        column,
        Problem(code, value=value, accepted_vi=accepted_vi, accepted_en=accepted_en, **params),
        header=header,
    )


def from_error(
    file: object,
    row: int | None,
    column: str | None,
    exc: BaseException,
    *,
    header: str | None = None,
) -> IngestProblem:
    """A problem from a raised error: a :class:`Problem` keeps both languages; any other
    error keeps its (English) text in both."""
    if isinstance(exc, Problem):
        en = exc.text("en", header or column or "")
        vi = exc.text("vi", header or column or "")
        return IngestProblem(
            str(file),
            row,
            column,
            en,
            value=exc.value,
            accepted=exc.accepted_vi,
            message_vi=vi,
            header=header,
            code=exc.code,
        )
    return IngestProblem(str(file), row, column, str(exc), header=header)
