"""Every UI text, Vietnamese first, English available: ``t(key, lang, **values)``.

Vocabulary labels (metric, field, …) come from :mod:`data_loaders.reference.vocabulary`.

>>> t("page_overview", "vi"), t("page_overview", "en")
('Tổng quan', 'Overview')
>>> t("delta_vs", "vi", period="2021")
'so với 2021'
>>> label("field", "culture_society")
'Văn hóa – xã hội'
>>> label("field", None, "en")
'All'
"""

from __future__ import annotations

from collections.abc import Callable

from data_loaders.reference import vocabulary

LANGS: tuple[str, ...] = ("vi", "en")
LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}

TEXT: dict[str, tuple[str, str]] = {
    # app and sidebar
    "app_title": ("Dân vận khéo — so sánh kết quả phong trào", "Dân vận khéo — comparing results"),
    "language": ("Ngôn ngữ", "Language"),
    "boundary": ("Ranh giới hành chính", "Administrative boundaries"),
    "boundary_reported": ("Như khi báo cáo (đơn vị cũ)", "As reported (old units)"),
    "boundary_current": (
        "Quy về 34 tỉnh, thành (từ 1/7/2025)",
        "Rolled up to the 34 provinces (2025)",
    ),
    "province": ("Tỉnh, thành phố", "Province"),
    "district": ("Quận, huyện, thị xã", "District"),
    "commune": ("Xã, phường, thị trấn", "Commune / ward"),
    "all_units": ("— Tất cả —", "— All —"),
    "nation": ("Cả nước", "Whole country"),
    "era_2025": ("từ 1/7/2025", "since 1 July 2025"),
    "period": ("Thời gian", "Period"),
    "period_all": ("Tất cả các năm", "All years"),
    "period_custom": ("Khoảng năm", "Year range"),
    "period_years": ("Từ năm — đến năm", "From — to"),
    # maps and the single-year picker (dashboard/maps.py, map_section.py, sidebar.py)
    "period_year": ("Một năm", "One year"),
    "period_year_pick": ("Năm", "Year"),
    "map_title": ("Bản đồ: {metric}", "Map: {metric}"),
    "map_no_data": ("Không có số liệu", "No figure"),
    "map_no_rate": ("Có số liệu nhưng thiếu mẫu số", "A figure but no denominator"),
    "map_tier_current": ("tỉnh, thành (từ 1/7/2025)", "provinces (since 1 July 2025)"),
    "map_tier_reported": ("tỉnh, thành (trước 1/7/2025)", "provinces (before 1 July 2025)"),
    "map_coverage": (
        "Có số liệu: {n} / {total} {tier}; tỉnh màu xám: không có số liệu (không phải số 0).",
        "With a figure: {n} / {total} {tier}; grey provinces: no figure (not zero).",
    ),
    "map_unlike": (
        "{n} tỉnh, thành khác có số liệu khác loại (tổng từng phần †, suy ra *) nên không tô "
        "màu — xem mục “Không xếp hạng cùng”.",
        "{n} other provinces have a figure of another kind (partial sum †, derived *), not "
        "shaded — see “Not ranked with the others”.",
    ),
    "map_off_map": (
        "{n} đơn vị báo cáo theo ranh giới khác không vẽ trên bản đồ này (xem bảng xếp hạng; "
        "chọn “Quy về 34 tỉnh, thành” để gộp).",
        "{n} units reported on other boundaries are not drawn on this map (see the ranking; "
        "choose “Rolled up to the 34 provinces” to merge them).",
    ),
    "top_n": ("Số địa phương vẽ", "Localities drawn"),
    "top_all": ("Tất cả", "All"),
    "find_locality": (
        "Tìm trong bảng xếp hạng (gõ để tìm)",
        "Find in the ranking (type to search)",
    ),
    "rank_of_unrated": (
        "{name}: không xếp hạng — không tính được tỷ lệ (thiếu mẫu số của năm xác định).",
        "{name}: not ranked — no rate (no denominator for the year).",
    ),
    "rank_of": (
        "{name}: hạng {rank} / {n} {tier} — {scope}",
        "{name}: rank {rank} of {n} {tier} — {scope}",
    ),
    "rank_rest": (
        "Còn {n} địa phương không vẽ (từ {lo} đến {hi}{total}); xem đủ ở dạng Bảng.",
        "{n} more localities not drawn (from {lo} to {hi}{total}); the Table shows them all.",
    ),
    "rank_rest_dots": (
        "Còn {n} địa phương không vẽ (từ {lo} đến {hi}{total}); xem đủ ở dạng Bảng, hoặc chọn "
        "“Tất cả” để thấy mọi địa phương trên một biểu đồ chấm.",
        "{n} more localities not drawn (from {lo} to {hi}{total}); the Table shows them all, "
        "or choose “All” to see every locality on one dot plot.",
    ),
    "rank_rest_total": ("; cộng {total}", "; together {total}"),
    "points_title": ("Bản đồ điểm: {metric} — {scope}", "Point map: {metric} — {scope}"),
    "points_coverage": (
        "Mỗi điểm là trung tâm một xã, phường ({n} / {total} đơn vị có tọa độ); "
        "điểm xám: không có số liệu.",
        "Each point is a commune's centre ({n} / {total} units with coordinates); grey: no figure.",
    ),
    "map_click_hint": (
        "Bấm vào một tỉnh để xem chi tiết tỉnh đó.",
        "Click a province to look into it.",
    ),
    "metric": ("Chỉ tiêu", "Measure"),
    "field": ("Lĩnh vực", "Field"),
    "level": ("Cấp công nhận", "Level"),
    "subject": ("Đối tượng", "Subject"),
    "kind": ("Loại", "Kind"),
    "theme": ("Chủ đề", "Theme"),
    "award": ("Hình thức khen thưởng", "Award"),
    "year": ("Năm", "Year"),
    "any": ("Tất cả", "All"),
    "more_filters": ("Lọc thêm", "More filters"),
    "copy_link": ("Sao chép liên kết", "Copy link"),
    "copy_link_help": (
        "Liên kết mở lại đúng trang, bộ lọc và tùy chọn đang xem. Bấm biểu tượng sao chép ở góc.",
        "The link reopens this page with the same filters and options. Use the copy icon.",
    ),
    "notice_invalid": (
        "Liên kết có tham số không hợp lệ hoặc đã lỗi thời, đã bỏ qua: {items}",
        "The link had invalid or outdated parameters, ignored: {items}",
    ),
    "error_page": (
        "Đã xảy ra lỗi khi hiển thị phần này. Lỗi đã được ghi lại; "
        "hãy thử đổi bộ lọc hoặc tải lại trang.",
        "Something went wrong while showing this part. The error was logged; "
        "try other filters or reload the page.",
    ),
    "empty": ("Không có số liệu cho lựa chọn này.", "No figures for this selection."),
    "empty_hint": (
        "Hãy mở rộng thời gian, bỏ bớt bộ lọc hoặc chọn địa phương khác.",
        "Widen the period, remove a filter or choose another locality.",
    ),
    "no_data": (
        "Chưa có dữ liệu. Nạp dữ liệu bằng `dvk ingest` (xem trang Hướng dẫn).",
        "No data yet. Load data with `dvk ingest` (see the Guide page).",
    ),
    "synthetic": (
        "Dữ liệu tổng hợp (synthetic) để thử nghiệm — không phải số liệu thật.",
        "Synthetic test data — not real figures.",
    ),
    # pages
    "page_overview": ("Tổng quan", "Overview"),
    "page_compare": ("So sánh địa phương", "Compare localities"),
    "page_breakdown": ("Lĩnh vực & cấp", "Fields & levels"),
    "page_trends": ("Xu hướng", "Trends"),
    "page_catalogue": ("Danh mục mô hình", "Model catalogue"),
    "page_quality": ("Nguồn & chất lượng dữ liệu", "Sources & data quality"),
    "page_guide": ("Hướng dẫn", "Guide"),
    "page_import": ("Nhập dữ liệu", "Import data"),
    "page_users": ("Người dùng", "Users"),
    # charts
    "unit": ("Đơn vị", "Unit"),
    "filters": ("Bộ lọc", "Filters"),
    "download": ("Tải", "Download"),
    "short_link": ("Tạo liên kết ngắn", "Make a short link"),
    "pack_build": ("Tạo bộ tài liệu (PPTX, PDF)", "Build the pack (PPTX, PDF)"),
    "export_panel": (
        "Xuất số liệu cho bài phát biểu và hội nghị",
        "Export for speeches and conferences",
    ),
    "speech_kit": ("Số liệu cho bài phát biểu", "Figures for a speech"),
    "speech_none": (
        "Chưa có câu nào: phạm vi đang chọn không có số liệu so sánh được.",
        "No sentence: the current selection has no comparable figures.",
    ),
    "speech_copy": (
        "Bấm biểu tượng sao chép ở góc khung để chép toàn bộ.",
        "Use the copy icon of the box to copy everything.",
    ),
    "pack": (
        "Bộ tài liệu hội nghị (các biểu đồ của trang này)",
        "Conference pack (the charts of this page)",
    ),
    "pack_none": (
        "Trang này chưa có biểu đồ nào để đưa vào bộ tài liệu.",
        "This page shows no chart to put in a pack.",
    ),
    "sources": ("Nguồn", "Sources"),
    "more_sources": ("và {n} nguồn khác", "and {n} more"),
    "view": ("Hiển thị", "Show"),
    "view_chart": ("Biểu đồ", "Chart"),
    "view_table": ("Bảng", "Table"),
    "derived_note": ("* suy ra từ số liệu thành phần", "* derived from a breakdown"),
    "children_note": (
        "† tổng của các đơn vị trực thuộc đã nạp (không có số tổng được nêu)",
        "† sum of the loaded child units (no stated total)",
    ),
    "unit_models": ("mô hình, điển hình", "models and exemplars"),
    "unit_registrants": ("lượt tập thể, cá nhân đăng ký", "registrants"),
    "unit_commendations": ("lượt khen thưởng", "commendations"),
    "unit_nominations": ("mô hình được đề nghị", "nominations"),
    "unit_entries": ("bài dự thi", "entries"),
    "unit_prizes": ("giải thưởng", "prizes"),
    "unit_share": ("% của tổng", "% of total"),
    "unit_per_child": ("{unit} / đơn vị trực thuộc", "{unit} per child unit"),
    "unit_per_commune": ("{unit} / xã, phường", "{unit} per commune"),
    "unit_per_10k": ("{unit} / 10.000 dân", "{unit} per 10,000 people"),
    "unit_per_year": ("{unit} / năm", "{unit} per year"),
    "unit_models_named": ("mô hình có tên", "named models"),
    # overview
    "key_figures": ("Số liệu chính", "Key figures"),
    "localities_reporting": ("Địa phương có số liệu", "Localities reporting"),
    "delta_vs": ("so với {period}", "vs {period}"),
    "no_previous": ("chưa có số liệu kỳ trước", "no figure for the previous period"),
    "source_line": ("Nguồn: {sources}", "Source: {sources}"),
    "top_localities": ("Địa phương dẫn đầu — {metric}", "Leading localities — {metric}"),
    "field_distribution": ("Cơ cấu theo lĩnh vực — {metric}", "By field — {metric}"),
    "trend_title": ("Diễn biến theo năm — {metric}", "Year by year — {metric}"),
    "stated_vs_parts": (
        "Tổng các phần ({parts}) khác số tổng được nêu ({stated}).",
        "The parts ({parts}) differ from the stated total ({stated}).",
    ),
    # compare
    "compare_what": ("Địa phương so sánh", "Localities compared"),
    "scope_children": ("Các đơn vị trực thuộc {name}", "Units directly under {name}"),
    "scope_provinces": ("Các tỉnh, thành phố", "Provinces and cities"),
    "scope_communes": ("Tất cả xã, phường của {name}", "All communes of {name}"),
    "scope_pick": ("Tự chọn địa phương", "Pick localities"),
    "pick_localities": ("Chọn địa phương (gõ để tìm)", "Choose localities (type to search)"),
    "norm": ("Cách so sánh", "Normalisation"),
    "norm_absolute": ("Số tuyệt đối", "Absolute"),
    "norm_share": ("Tỷ trọng trong tổng", "Share of total"),
    "norm_per_child": ("Bình quân mỗi đơn vị trực thuộc", "Per child unit"),
    "norm_per_commune": ("Bình quân mỗi xã, phường", "Per commune"),
    "norm_per_10k": ("Trên 10.000 dân", "Per 10,000 people"),
    "norm_per_year": ("Bình quân mỗi năm", "Per year"),
    "compare_title": ("{metric} — {norm}", "{metric} — {norm}"),
    "rank": ("Hạng", "Rank"),
    "locality": ("Địa phương", "Locality"),
    "value": ("Số liệu", "Figure"),
    "rate": ("Tỷ lệ", "Rate"),
    "denominator": ("Mẫu số", "Denominator"),
    "denominator_year": ("Năm của mẫu số", "Year of denominator"),
    "basis": ("Cơ sở", "Basis"),
    "basis_stated": ("Số nêu trong báo cáo", "Stated"),
    "basis_children": ("Tổng đơn vị trực thuộc", "Sum of child units"),
    "children": ("Đơn vị có số liệu", "Child units reporting"),
    "data_period": ("Kỳ số liệu", "Period of figure"),
    "derived": ("Suy ra", "Derived"),
    "warn_mixed_tiers": (
        "Đang so sánh các cấp hành chính khác nhau — chỉ nên tham khảo.",
        "Different tiers are compared — read with care.",
    ),
    "warn_mixed_periods": (
        "Số liệu của các địa phương thuộc những kỳ khác nhau (xem cột “Kỳ số liệu”) — "
        "so sánh không cùng kỳ.",
        "The figures cover different periods (see “Period of figure”) — not like for like.",
    ),
    "warn_mixed_boundaries": (
        "Có cả đơn vị trước và sau sắp xếp ngày 1/7/2025.",
        "Units from before and after the 1 July 2025 reorganisation are mixed.",
    ),
    "warn_partial_rollup": (
        "Một số số liệu là tổng của các đơn vị trực thuộc đã nạp và còn thiếu đơn vị "
        "(xem cột “Đơn vị có số liệu”).",
        "Some figures add up loaded child units and lack some of them "
        "(see “Child units reporting”).",
    ),
    "missing_rate": (
        "Không có dân số của năm xác định cho: {names} — không tính tỷ lệ.",
        "No population of a stated year for: {names} — no rate shown.",
    ),
    "missing_figure": ("Không có số liệu: {names}", "No figure: {names}"),
    "denominator_line": ("Mẫu số: {what}.", "Denominator: {what}."),
    "den_population": ("dân số (năm ghi trong bảng)", "population (year in the table)"),
    "den_children": (
        "số đơn vị trực thuộc (quận, huyện của tỉnh; xã, phường của huyện)",
        "number of child units (districts of a province; communes of a district)",
    ),
    "den_communes": (
        "số xã, phường theo ranh giới của đơn vị",
        "number of communes within the unit's boundaries",
    ),
    "den_years": ("số năm của kỳ số liệu", "number of years of the figure's period"),
    "den_total": (
        "tổng của các địa phương được so sánh: {total}",
        "total of the compared: {total}",
    ),
    "funnel_title": ("Đăng ký → công nhận → khen thưởng", "Registered → recognised → commended"),
    "funnel_note": (
        "Ba chỉ tiêu khác nhau, không cộng dồn; tỷ lệ chỉ tính trên số đăng ký cùng kỳ của "
        "chính địa phương (không tính khi khác kỳ hoặc là tổng của các đơn vị trực thuộc).",
        "Three different measures, never added; a rate is given only against the unit's own "
        "registered figure of the same period (not across periods, nor for sums of units below).",
    ),
    "see_models": ("Xem mô hình của {name}", "Models of {name}"),
    "apart_no_share": (
        "Không tính tỷ trọng cho các số liệu này: tỷ trọng là phần của tổng các địa phương được "
        "xếp hạng, mà các số liệu này không nằm trong tổng đó; đây là số liệu của chính chúng.",
        "No share is given for these figures: a share is of the total of the localities "
        "ranked, which these are not part of; their own figures are shown.",
    ),
    "apart_no_rate": (
        "Không tính tỷ lệ cho các tổng này: chúng chỉ cộng một phần đơn vị trực thuộc, còn các "
        "đơn vị khác không có số liệu (không phải số 0); đây là số liệu của chính chúng.",
        "No rate is given for these sums: they add only some of the units below, the others "
        "have no figure (not zero); their own figures are shown.",
    ),
    "filter_search": ("Tìm: “{q}”", "Search: “{q}”"),
    "open_catalogue": ("Mở danh mục mô hình theo địa phương", "Open the catalogue for a locality"),
    # breakdown
    "dim_first": ("Chia theo", "Split by"),
    "dim_second": ("Và theo", "Then by"),
    "none_option": ("(không)", "(none)"),
    "mode": ("Giá trị", "Values"),
    "mode_abs": ("Số tuyệt đối", "Absolute"),
    "mode_share": ("Tỷ trọng", "Share"),
    "chart_type": ("Dạng biểu đồ", "Chart type"),
    "chart_bar": ("Cột chồng", "Stacked bars"),
    "chart_treemap": ("Ô vuông (treemap)", "Treemap"),
    "chart_sunburst": ("Vành khuyên (sunburst)", "Sunburst"),
    "breakdown_title": ("{metric} theo {dims}", "{metric} by {dims}"),
    "share": ("Tỷ trọng", "Share"),
    # trends
    "trend_localities": ("Địa phương", "Localities"),
    "yearly_title": ("{metric} theo năm", "{metric} by year"),
    "yoy_title": ("Thay đổi so với năm trước — {metric}", "Change on the previous year — {metric}"),
    "phases_title": ("{metric} theo giai đoạn", "{metric} by phase"),
    "change": ("Thay đổi", "Change"),
    "change_pct": ("Thay đổi (%)", "Change (%)"),
    "phase": ("Giai đoạn", "Phase"),
    "years_covered": ("Số năm có số liệu", "Years covered"),
    "complete": ("Đủ kỳ", "Complete"),
    "no_yearly_for": (
        "Không có số liệu của từng năm cho: {names}.",
        "No single-year figures for: {names}.",
    ),
    "no_phase_for": (
        "Không có số liệu theo giai đoạn 2016–2020, 2021–2025 cho: {names}.",
        "No figures by phase (2016–2020, 2021–2025) for: {names}.",
    ),
    "yearly_only_note": (
        "Chỉ số liệu của từng năm; số liệu cả giai đoạn có ở bảng theo giai đoạn.",
        "Single-year figures only; whole-phase figures are in the phase table.",
    ),
    # totals and like-for-like rankings (metrics/RULES.md)
    "coverage_line": (
        "{n} / {units} {tier} có số liệu",
        "{n} of {units} {tier} with a figure",
    ),
    "coverage_own": ("Số liệu của chính {name}", "{name}'s own figure"),
    "total_partial": (
        "Tổng của các địa phương có số liệu",
        "Total of the localities with a figure",
    ),
    "total_complete": ("Tổng của tất cả {tier}", "Total of all {tier}"),
    "coverage_list": ("Danh sách {n} {tier} có số liệu", "The {n} {tier} with a figure"),
    "coverage_missing": ("Chưa có số liệu: {names}", "No figure yet: {names}"),
    "left_out_short": (
        "Không cộng {n} đơn vị theo địa giới {era}",
        "{n} units on the boundaries {era} not added",
    ),
    "left_out": (
        "Không cộng {n} đơn vị theo địa giới {era} ({names}): một tổng không cộng lẫn "
        "đơn vị trước và sau 1/7/2025.",
        "{n} units on the {era} boundaries are not added ({names}): a total never mixes "
        "units from before and after 1 July 2025.",
    ),
    "era_label_pre2025": ("trước 1/7/2025", "before 1 July 2025"),
    "era_label_2025": ("từ 1/7/2025", "since 1 July 2025"),
    "cautions": ("Lưu ý", "Caveats"),
    "mixed_dates": (
        "Số liệu mới nhất của từng địa phương, đến các năm khác nhau ({first}–{last}): không "
        "phải số liệu của cùng một thời điểm",
        "Each locality's latest figure, as of different years ({first}–{last}): not a figure "
        "of one date",
    ),
    "mixed_periods": (
        "Cộng số liệu của những kỳ khác nhau trong {period}: không phải số liệu của cùng một kỳ",
        "Adds up figures of different periods within {period}: not a figure of one period",
    ),
    "no_delta_unlike": (
        "Không so sánh với {period}: hai kỳ không cùng các địa phương có số liệu",
        "Not compared with {period}: the two periods cover different localities",
    ),
    "yearly_total_title": (
        "{metric} theo năm — tổng của các địa phương có số liệu mỗi năm",
        "{metric} by year — total of the localities with a figure each year",
    ),
    "yearly_total_note": (
        "Mỗi cột là tổng của các địa phương có số liệu năm đó (ghi trên cột), không phải xu "
        "hướng của {name}; thay đổi chỉ tính giữa hai năm có cùng các địa phương.",
        "Each bar adds up the localities with a figure that year (shown on the bar), not a "
        "trend of {name}; a change is given only between years covering the same localities.",
    ),
    "coverage": ("Phạm vi", "Coverage"),
    "covered_text": ("Số đơn vị được cộng", "Units added up"),
    "parts_fewer_localities": (
        "Tổng các phần ({parts}) khác tổng của các địa phương có số liệu ({stated}): không phải "
        "địa phương nào cũng báo cáo theo {dimension}.",
        "The parts ({parts}) differ from the total of the localities with a figure ({stated}): "
        "not every locality reports by {dimension}.",
    ),
    "yearly_points_note": (
        "† Tổng của các đơn vị trực thuộc có số liệu từng năm — vẽ thành điểm, không nối thành "
        "đường, vì mỗi năm có thể là những đơn vị khác nhau; thay đổi chỉ tính khi cùng các "
        "đơn vị.",
        "† Sum of the child units with a figure each year — drawn as points, not a line, as the "
        "units may differ from year to year; a change is given only for the same units.",
    ),
    "yearly_sum_note": (
        "† Tổng của các đơn vị trực thuộc có số liệu năm đó (không nhất thiết đủ mọi đơn vị).",
        "† Sum of the child units with a figure that year (not necessarily every unit).",
    ),
    "covered_units": ("Địa phương được cộng", "Localities added up"),
    "ranked_coverage": (
        "Xếp hạng {n} / {units} {tier}{era} có số liệu đầy đủ.",
        "{n} of {units} {tier}{era} ranked, with complete figures.",
    ),
    "apart_title": (
        "Không xếp hạng cùng — số liệu khác loại ({n})",
        "Not ranked with the others — figures of another kind ({n})",
    ),
    "apart_help": (
        "Các số liệu này không so sánh được với danh sách xếp hạng: tổng của một phần đơn vị "
        "trực thuộc (†), số liệu suy ra (*), hoặc đơn vị theo địa giới khác.",
        "These figures are not comparable with the ranking: sums of some child units (†), "
        "derived figures (*), or units on other boundaries.",
    ),
    "reason": ("Lý do", "Reason"),
    "apart_partial_rollup": (
        "Tổng của một phần đơn vị trực thuộc (†) — không xếp hạng ({n})",
        "Sums of some child units (†) — not ranked ({n})",
    ),
    "apart_derived": (
        "Số liệu suy ra (*) — không xếp hạng ({n})",
        "Derived (*) — not ranked ({n})",
    ),
    "apart_other_boundary": (
        "Đơn vị theo địa giới {era} — không xếp hạng cùng ({n})",
        "Units on the boundaries {era} — not ranked with the others ({n})",
    ),
    "reason_partial_rollup": (
        "† Tổng của {r} / {c} đơn vị trực thuộc",
        "† Sum of {r} of {c} child units",
    ),
    "reason_derived": ("* Số liệu suy ra", "* Derived figure"),
    "reason_other_boundary": ("Địa giới {era}", "Boundaries {era}"),
    "warn_set_apart": (
        "Một số địa phương không được xếp hạng cùng vì số liệu khác loại (tổng từng phần, "
        "suy ra hoặc khác địa giới) — xem mục “Không xếp hạng cùng”.",
        "Some localities are not ranked with the others because their figures are of another "
        "kind (partial sums, derived, other boundaries) — see “Not ranked with the others”.",
    ),
    # catalogue
    "search_models": (
        "Tìm tên mô hình (gõ không dấu cũng được)",
        "Search model names (accents optional)",
    ),
    "status": ("Giai đoạn", "Stage"),
    "models_found": ("{n} mô hình", "{n} models"),
    "page_n": ("Trang", "Page"),
    "model_name": ("Tên mô hình, điển hình", "Name"),
    "owner": ("Chủ thể", "Carried out by"),
    "years": ("Năm", "Years"),
    "source": ("Nguồn", "Source"),
    "catalogue_title": ("Mô hình, điển hình có tên", "Named models and exemplars"),
    "catalogue_by_place": ("Số mô hình có tên theo địa phương", "Named models by locality"),
    # quality
    "sources_title": ("Các nguồn số liệu", "Sources"),
    "findings_title": ("Phát hiện về chất lượng số liệu", "Data-quality findings"),
    "finding_kind": ("Loại phát hiện", "Kind of finding"),
    "show_rows": ("Xem các dòng số liệu liên quan", "Show the rows concerned"),
    "choose_finding": ("Chọn một phát hiện", "Choose a finding"),
    "choose_source": ("Xem số liệu của nguồn", "Figures of a source"),
    "source_search": ("Tìm nguồn (tên hoặc mã)", "Find a source (title or id)"),
    "source_search_hint": ("Gõ vài chữ trong tên nguồn", "Type a few words of its title"),
    "source_search_listed": (
        "Liệt kê {shown} trong {total} nguồn; gõ tên hoặc mã để tìm nguồn khác.",
        "Listing {shown} of {total} sources; type a title or id to find others.",
    ),
    "source_search_none": ("Không có nguồn nào khớp “{q}”.", "No source matches “{q}”."),
    "figures": ("Số liệu", "Figures"),
    "published": ("Ngày đăng", "Published"),
    "title": ("Tiêu đề", "Title"),
    "outlet": ("Nơi đăng", "Outlet"),
    "address": ("Địa chỉ", "Address"),
    "severity": ("Mức độ", "Severity"),
    "sev_error": ("Lỗi", "Error"),
    "sev_warning": ("Cảnh báo", "Warning"),
    "sev_info": ("Lưu ý", "Note"),
    "detail": ("Chi tiết", "Detail"),
    "no_findings": ("Không có phát hiện nào trong phạm vi đang xem.", "No findings in this scope."),
    "quality_scope": (
        "Trong phạm vi địa phương và thời gian đang chọn ở thanh bên, mọi chỉ tiêu.",
        "Within the locality and period chosen in the sidebar, every measure.",
    ),
    "all_kinds": ("Tất cả các loại", "All kinds"),
    "checking": ("Đang kiểm tra chất lượng số liệu…", "Checking data quality…"),
    "listed_of": (
        "Liệt kê {shown} trên tổng số {total} phát hiện (nặng nhất trước).",
        "Listing {shown} of {total} findings (worst first).",
    ),
    # compare at any size: funnel plot of control limits, dot plot, table pages (issue 14)
    "control_title": (
        "Biểu đồ phễu kiểm soát: {metric} — {norm}",
        "Funnel plot with control limits: {metric} — {norm}",
    ),
    "control_not_applicable": (
        "Biểu đồ phễu kiểm soát cần mẫu số khác nhau giữa các địa phương (dân số, số xã, "
        "phường, số đơn vị trực thuộc): chọn một cách tính như vậy để xem.",
        "The funnel plot needs denominators that differ between localities (population, "
        "communes, child units): choose such a normalisation to see it.",
    ),
    "den_axis_population": ("Dân số", "Population"),
    "den_axis_communes": ("Số xã, phường", "Communes"),
    "den_axis_children": ("Số đơn vị trực thuộc", "Child units"),
    "den_axis_years": ("Số năm", "Years"),
    "log_scale": ("thang logarit", "log scale"),
    "limit_95": ("Giới hạn 95%", "95% limits"),
    "limit_998": ("Giới hạn 99,8%", "99.8% limits"),
    "limit_lo95": ("Giới hạn dưới 95%", "Lower 95% limit"),
    "limit_hi95": ("Giới hạn trên 95%", "Upper 95% limit"),
    "limit_lo998": ("Giới hạn dưới 99,8%", "Lower 99.8% limit"),
    "limit_hi998": ("Giới hạn trên 99,8%", "Upper 99.8% limit"),
    "control_centre": ("Tỷ lệ chung: {centre}", "Overall rate: {centre}"),
    "zone": ("So với giới hạn", "Against the limits"),
    "zone_above_998": ("Cao hơn giới hạn 99,8%", "Above the 99.8% limit"),
    "zone_above_95": ("Cao hơn giới hạn 95%", "Above the 95% limit"),
    "zone_inside": ("Trong giới hạn", "Within the limits"),
    "zone_below_95": ("Thấp hơn giới hạn 95%", "Below the 95% limit"),
    "zone_below_998": ("Thấp hơn giới hạn 99,8%", "Below the 99.8% limit"),
    "zone_group_inside": ("Trong giới hạn 95%", "Within the 95% limits"),
    "zone_group_outside95": ("Ngoài giới hạn 95%", "Outside the 95% limits"),
    "zone_group_outside998": ("Ngoài giới hạn 99,8%", "Outside the 99.8% limits"),
    "control_method": (
        "Đường giữa: tỷ lệ chung của {n} địa phương ({centre}) = tổng số liệu / tổng mẫu số. "
        "Giới hạn kiểm soát 95% và 99,8% theo xấp xỉ chuẩn của phân phối Poisson: "
        "tỷ lệ chung ± z·√(tỷ lệ chung / mẫu số), z = 1,96 và 3,09.",
        "Centre line: the overall rate of the {n} localities ({centre}) = total figure / total "
        "denominator. 95% and 99.8% control limits by the normal approximation of the Poisson "
        "distribution: overall rate ± z·√(overall rate / denominator), z = 1.96 and 3.09.",
    ),
    "control_dispersion": (
        "Các địa phương chênh lệch nhau nhiều hơn mức ngẫu nhiên (độ phân tán quá mức "
        "φ = {phi}), nên giới hạn được nới rộng theo √φ (Spiegelhalter, 2005): điểm ngoài giới "
        "hạn khác biệt vượt cả mức chênh lệch thông thường giữa các địa phương.",
        "Localities differ more than chance alone allows (over-dispersion φ = {phi}), so the "
        "limits are widened by √φ (Spiegelhalter, 2005): a point outside them differs beyond "
        "the usual spread between localities.",
    ),
    "control_counts": (
        "Ngoài giới hạn 99,8%: {above} cao hơn, {below} thấp hơn; ngoài giới hạn 95%: "
        "{outside95} địa phương (tên ghi bên những điểm xa nhất).",
        "Outside the 99.8% limits: {above} above, {below} below; outside the 95% limits: "
        "{outside95} localities (the furthest points are named).",
    ),
    "control_help": (
        "Địa phương nhỏ dao động mạnh do ngẫu nhiên: một điểm trong giới hạn không khác tỷ lệ "
        "chung một cách đáng kể, dù đứng đầu hay cuối bảng xếp hạng.",
        "Small localities swing widely by chance: a point within the limits is not "
        "significantly different from the overall rate, wherever it ranks.",
    ),
    "control_left_out": (
        "{n} địa phương không có mẫu số nên không vẽ.",
        "{n} localities without a denominator are not drawn.",
    ),
    "dots_strip_note": (
        "{n} địa phương, mỗi chấm một địa phương, mỗi hàng một đơn vị cấp trên (trung vị cao "
        "nhất trước; số trong ngoặc: số địa phương); bấm một chấm để xem địa phương đó.",
        "{n} localities, one dot each, one row per parent unit (highest median first; in "
        "brackets: how many); click a dot to look into it.",
    ),
    "dots_rank_note": (
        "{n} địa phương, mỗi chấm một địa phương theo thứ hạng; di chuột để xem tên, bấm để "
        "xem địa phương đó.",
        "{n} localities, one dot each by rank; hover for the name, click to look into it.",
    ),
    "table_page": ("Trang của bảng", "Table page"),
    "table_page_of": (
        "Trang {page} / {pages} — dòng {lo}–{hi}",
        "Page {page} of {pages} — rows {lo}–{hi}",
    ),
    "table_rows": (
        "Dòng {lo}–{hi} trên tổng số {total}; tải XLSX/CSV để có cả bảng.",
        "Rows {lo}–{hi} of {total}; download XLSX/CSV for the whole table.",
    ),
}

KIND_TEXT: dict[str, tuple[str, str]] = {
    "parts_mismatch": ("Các phần không khớp với tổng", "Parts do not add up"),
    "partial_breakdown": ("Chỉ có một phần, không có tổng", "Partial breakdown, no total"),
    "period_after_report": ("Kỳ số liệu sau ngày báo cáo", "Period after the report date"),
    "conflicting_values": ("Một số liệu, nhiều giá trị", "One fact, several values"),
    "stated_zero": ("Số 0 được nêu (không phải thiếu số liệu)", "Stated zero (not missing)"),
    "outlier": ("Giá trị bất thường", "Outlier"),
    "list_vs_stated": ("Danh sách mô hình khác số được nêu", "Model list differs from the count"),
}
KIND_DETAIL: dict[str, tuple[str, str]] = {
    "parts_mismatch": (
        "Tổng được nêu {stated}, cộng các phần ({dimension}) được {parts}.",
        "Stated total {stated}; the parts ({dimension}) add up to {parts}.",
    ),
    "partial_breakdown": (
        "Chỉ nêu một phần theo {dimension} (cộng được {parts}); không suy ra được tổng.",
        "Only part of the {dimension} breakdown is stated ({parts}); no total can be derived.",
    ),
    "period_after_report": (
        "Kỳ {period} nhưng nguồn đăng ngày {published}.",
        "Period {period} but the source is dated {published}.",
    ),
    "conflicting_values": ("Các giá trị: {values}.", "Values: {values}."),
    "stated_zero": ("Giá trị 0 được nêu trong nguồn.", "The source states 0."),
    "list_vs_stated": (
        "Số mô hình được nêu {stated}; danh sách mô hình đã nạp có {parts} mô hình.",
        "Stated count {stated}; the loaded model list names {parts} models.",
    ),
    "outlier": (
        "Giá trị {stated}, lệch {score} độ lệch chuẩn (thang log) "
        "so với cùng chỉ tiêu, cấp và độ dài kỳ.",
        "Value {stated}, {score} robust SDs (log scale) "
        "from the same measure, tier and period length.",
    ),
}
WARNING_KEYS = {
    "mixed_tiers": "warn_mixed_tiers",
    "mixed_periods": "warn_mixed_periods",
    "mixed_boundaries": "warn_mixed_boundaries",
    "partial_rollup": "warn_partial_rollup",
    "set_apart": "warn_set_apart",
}
TIERS: dict[str, tuple[str, str]] = {
    "province": ("Tỉnh, thành", "Province"),
    "current_province": ("Tỉnh, thành (2025)", "Province (2025)"),
    "district": ("Quận, huyện", "District"),
    "commune": ("Xã, phường", "Commune"),
    "unit": ("Đơn vị", "Unit"),
    "nation": ("Cả nước", "Country"),
}
MODEL_STATUS: dict[str, tuple[str, str]] = {
    "registered": ("Đăng ký", "Registered"),
    "recognized": ("Được công nhận", "Recognised"),
    "commended": ("Được khen thưởng", "Commended"),
    "nominated": ("Được đề nghị cấp trên", "Nominated"),
}
DIM_NAMES = {
    d: d for d in ("metric", "kind", "field", "theme", "subject", "level", "award", "year")
}

GUIDE: dict[str, str] = {
    "vi": """
### Mỗi con số nghĩa là gì
- **Mô hình đăng ký**: số mô hình, điển hình được đăng ký, xây dựng, thực hiện trong kỳ.
- **Mô hình được công nhận**: số mô hình được thẩm định và công nhận, biểu dương ở một cấp.
- **Khen thưởng**: số lượt Bằng khen, Giấy khen cho mô hình, điển hình.
- Mỗi số liệu đều có **nguồn** (báo cáo, bài báo) và **ngày**; xem ở chú thích dưới biểu đồ và trang
  *Nguồn & chất lượng dữ liệu*.

### Số liệu được cộng như thế nào
- Không bao giờ cộng một số **tổng** với các **phần** của chính nó (ví dụ tổng 4 lĩnh vực với từng
  lĩnh vực).
- Khi thiếu số tổng mà có **đủ các phần** (đủ 4 lĩnh vực, hoặc tập thể + cá nhân), tổng được **suy
  ra**
  và đánh dấu *.
- Số tổng được nêu của một địa phương được ưu tiên hơn tổng các đơn vị trực thuộc đã nạp; khi phải
  cộng
  các đơn vị trực thuộc, bảng ghi rõ (†) và cho biết có bao nhiêu đơn vị có số liệu.
- Các kỳ **không chồng lấn**: khi một kỳ dài (ví dụ 2016–2020) trùng với số liệu từng năm, kỳ dài
  được dùng.
- **Thiếu số liệu không phải là số 0**: địa phương không có số liệu được ghi là “không có số liệu”.
- **Mô hình đăng ký là số hiện có** (“đến nay”): khi chọn nhiều năm, mỗi địa phương lấy số mới
  nhất trong khoảng đã chọn, không cộng các năm.
- Một **tổng** của nhiều địa phương luôn ghi **phạm vi** (“18 / 63 tỉnh, thành có số liệu”, bấm để
  xem danh sách); khi chưa đủ, tổng được gọi là “tổng của các địa phương có số liệu”. Tổng không
  bao giờ cộng lẫn đơn vị trước và sau 1/7/2025; thay đổi giữa hai kỳ chỉ tính khi cùng các địa
  phương.
- **Xếp hạng** chỉ gồm số liệu đầy đủ cùng một địa giới; tổng từng phần (†), số suy ra (*) và đơn
  vị theo địa giới khác nằm ở mục riêng “Không xếp hạng cùng”.

### Đọc một so sánh
- So sánh các địa phương **cùng cấp**, **cùng chỉ tiêu**, **cùng kỳ**; nếu lẫn cấp hoặc lẫn kỳ,
  trang sẽ cảnh báo.
- Thành phố lớn và một phường chênh nhau hàng trăm lần: hãy dùng **bình quân mỗi xã, phường**,
  **trên 10.000 dân**
  (chỉ khi có dân số của năm xác định) hoặc **bình quân mỗi năm**. Mẫu số và năm của mẫu số luôn
  được ghi.
- Với một tỷ lệ, **biểu đồ phễu kiểm soát** đặt mỗi địa phương theo mẫu số của nó: địa phương
  nhỏ dao động mạnh do ngẫu nhiên, nên chỉ điểm **ngoài giới hạn 95% / 99,8%** mới khác tỷ lệ
  chung một cách đáng kể. Khi so sánh hàng trăm đơn vị (“Tất cả”), mỗi đơn vị là một chấm; bảng
  hiện 50 dòng mỗi trang.
- **Ranh giới**: xem số liệu như khi báo cáo (đơn vị cũ) hoặc quy về 34 tỉnh, thành hiện nay; khi
  quy đổi
  còn thiếu đơn vị cũ, bảng ghi rõ.
- Mọi trạng thái (trang, bộ lọc, tùy chọn) nằm trong **địa chỉ trang**: dùng “Sao chép liên kết” để
  chia sẻ.

### Thêm số liệu
1. Tạo mẫu nhập: `dvk template --out mau-nhap.xlsx` (tiêu đề tiếng Việt, danh sách chọn, trang hướng
   dẫn).
2. Điền mỗi dòng một số liệu: địa phương, kỳ, chỉ tiêu, lĩnh vực, đối tượng, cấp, giá trị, nguồn.
3. Nạp: `dvk ingest mau-nhap.xlsx` (thêm `--data-dir THƯ_MỤC` nếu cần). Tệp có dòng sai bị từ chối
   cả tệp,
   kèm danh sách lỗi theo dòng và cột; nạp lại cùng tệp không thay đổi gì.
4. Danh sách mô hình có tên và văn bản báo cáo (DOCX, PDF, HTML) cũng nạp được bằng `dvk ingest`.
""",
    "en": """
### What each figure means
- **Models registered**: models and exemplars registered, built or carried out in the period.
- **Models recognised**: models appraised and recognised at a level.
- **Commendations**: certificates of merit and commendation for models and exemplars.
- Every figure has a **source** (report, article) and a **date**: see the caption under each chart
  and
  the *Sources & data quality* page.

### How figures are added up
- A **total** is never added to its own **parts** (e.g. the all-fields total to each field).
- A missing total is **derived** from a **complete** breakdown (all four fields, or collectives +
  individuals) and marked *.
- A locality's stated total wins over the sum of its loaded child units; when children are added up
  the table says so (†) and how many reported.
- Periods **never overlap**: when a long period (e.g. 2016–2020) overlaps yearly figures, the long
  one is used.
- **Missing is not zero**: a locality without a figure is shown as having none.
- **Models registered is a stock** ("to date"): over several years each locality shows its latest
  figure inside the range, never a sum over years.
- A **total** over localities always states its **coverage** ("18 of 63 provinces with a figure",
  click for the list); unless complete it is called "total of the localities with a figure". It
  never adds units from before and after 1 July 2025; a change between two periods is given only
  for the same localities.
- **Rankings** hold complete figures on one set of boundaries; partial sums (†), derived figures
  (*) and units on other boundaries are in a separate group, "Not ranked with the others".

### Reading a comparison
- Compare localities of the **same tier**, **measure** and **period**; mixing them brings a warning.
- A city and a ward differ by orders of magnitude: use **per commune**, **per 10,000 people** (only
  where a
  population of a stated year exists) or **per year**. The denominator and its year are always
  shown.
- For a rate, the **funnel plot with control limits** places each locality by its denominator:
  small localities swing by chance, so only a point **outside the 95% / 99.8% limits** differs
  significantly from the overall rate. Hundreds of units ("All") are drawn as dots; the table
  shows 50 rows a page.
- **Boundaries**: as reported (old units) or rolled up to the 34 current provinces; a roll-up that
  lacks
  old units says so.
- The whole view (page, filters, options) lives in the **address**: use “Copy link” to share it.

### Adding data
1. Make the template: `dvk template --out template.xlsx` (Vietnamese headers, drop-downs,
   instructions).
2. One figure per row: locality, period, measure, field, subject, level, value, source.
3. Load it: `dvk ingest template.xlsx` (add `--data-dir DIR` if needed). A file with a bad row is
   refused
   whole with every problem listed by row and column; loading the same file again changes nothing.
4. Lists of named models and report texts (DOCX, PDF, HTML) load with `dvk ingest` too.
""",
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``values`` filled in (the key itself if unknown)."""
    pair = TEXT.get(key)
    text = _pick(pair, lang) if pair else key
    return text.format(**values) if values else text


def texts(table: dict[str, tuple[str, str]]) -> Callable[..., str]:
    """A module's own UI texts (Vietnamese, English) as a lookup like :func:`t`.

    >>> tr = texts({"hi": ("Chào {name}", "Hello {name}")})
    >>> tr("hi", "vi", name="Lan"), tr("hi", "en", name="Lan")
    ('Chào Lan', 'Hello Lan')
    """

    def tr(key: str, lang: str, **values: object) -> str:
        text = _pick(table[key], lang)
        return text.format(**values) if values else text

    return tr


def label(dim: str, value: str | None, lang: str = "vi") -> str:
    """Label of a vocabulary id (``None`` → "All")."""
    if value is None:
        return t("any", lang)
    return vocabulary.label(dim, value, lang)


def kind_text(kind: str, lang: str = "vi") -> str:
    return _pick(KIND_TEXT.get(kind, (kind, kind)), lang)


def kind_detail(kind: str, lang: str = "vi", **values: object) -> str:
    pair = KIND_DETAIL.get(kind)
    return _pick(pair, lang).format(**values) if pair else ""


def tier(value: str, lang: str = "vi") -> str:
    return _pick(TIERS.get(value, (value, value)), lang)


def model_status(value: str, lang: str = "vi") -> str:
    return _pick(MODEL_STATUS.get(value, (value, value)), lang)


def dim_name(dim: str, lang: str = "vi") -> str:
    return t(dim, lang)


def guide(lang: str = "vi") -> str:
    return GUIDE["en" if lang == "en" else "vi"]
