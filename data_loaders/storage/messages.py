"""Every message that an ingest gives about its input, in Vietnamese and English, in one place.

A loader names a problem by its code and the values that fill it (``problem(...)`` or
``raise Problem(code, ...)``); the words live here only. Vietnamese messages name columns by their
Vietnamese header and list accepted values by their Vietnamese labels, never by raw ids.
"""

from __future__ import annotations

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
    "cannot_read": ("cannot read: {detail}", "không đọc được tệp: {detail}"),
    "csv_unreadable": (
        "the CSV cannot be read here ({detail})",
        "tệp CSV hỏng từ chỗ này ({detail})",
    ),
    "not_utf8": (
        "not UTF-8 text (byte {byte} cannot be read); save the CSV as UTF-8",
        "tệp không phải văn bản UTF-8 (không đọc được byte {byte}); hãy lưu lại CSV dạng UTF-8",
    ),
    "not_utf8_file": (
        "not UTF-8 text; save the CSV as UTF-8",
        "tệp không phải văn bản UTF-8; hãy lưu lại CSV dạng UTF-8",
    ),
    "workbook_unreadable": (
        "cannot open the workbook ({detail})",
        "không mở được tệp Excel ({detail})",
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
    "cannot_read_file": ("cannot read the file: {detail}", "không mở được tệp: {detail}"),
    "unsupported": (
        "unsupported file type '{value}' (expected CSV or XLSX)",
        "không nhận loại tệp «{value}» (cần CSV hoặc XLSX)",
    ),
    "defect": (
        "cannot read ({detail}); please report this",
        "không đọc được ({detail}); xin báo lỗi này cho người quản trị",
    ),
    "not_writable": (
        "the data directory {data_dir} cannot be written ({detail}); nothing was stored and the "
        "warehouse is as it was",
        "không ghi được vào thư mục dữ liệu {data_dir} ({detail}); chưa có gì được ghi, kho dữ "
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
        "nguồn SQL từ chối câu truy vấn: {detail}",
    ),
    "mapping_unreadable": ("{detail}", "tệp ánh xạ không dùng được: {detail}"),
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
