"""Nhập dữ liệu — upload any file the `dvk ingest` command takes, see what it would change,
correct its problems in place, and commit it with one button; a source's history and undo."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from dashboard import auth, cache, fmt, import_logic, safe_text, signin, ui
from dashboard.context import Ctx
from dashboard.i18n import texts
from dashboard.import_review import document_text, review_cards
from dashboard.review_logic import DOC_KEY, apply_choices, iso_date, open_document, shown_date
from data_loaders.appdb.users import province_name
from data_loaders.ingest.report_ingest import reviewed_candidates
from data_loaders.storage import limits

PATH_KEY = DOC_KEY  # the file planned now (the upload, or its corrected copy)
ORIGINAL_KEY = "imp_original"  # the upload as it came
UPLOAD_ID_KEY = "imp_upload_id"
PLAN_KEY = "imp_plan"
DONE_KEY = "imp_done"  # the last commit's or undo's message, shown once
COMMITTED_KEY = "imp_committed"  # the sources of the last commit: the history shows them first
HISTORY_KEY = "imp_history_source"
LEAD_KEY = "imp_history_lead"  # the source the history picker last defaulted to
UNDO_KEY = "imp_undo_ask"
REPORT_PLAN_KEY = "imp_report_plan"  # (the chosen figures, their plan): planned once per choice
TEXT = {
    "title": ("Nhập dữ liệu", "Import data"),
    "intro": (
        "Tải lên một tệp: biểu mẫu số liệu (XLSX, CSV), danh sách nguồn, danh sách mô hình, "
        "điển hình, hoặc văn bản báo cáo (TXT, HTML, DOCX, PDF có lớp chữ). Hệ thống nhận dạng "
        "loại tệp, cho biết sẽ thêm, thay thế hay giữ nguyên những gì và liệt kê mọi lỗi. "
        "Chưa có gì được ghi cho đến khi bạn bấm “Ghi vào kho dữ liệu”.",
        "Upload one file: the tally template (XLSX, CSV), a list of sources, a list of models "
        "and exemplars, or a report text (TXT, HTML, DOCX, PDF with a text layer). The kind is "
        "recognised, what would be added, replaced or left unchanged is shown, with every "
        "problem. Nothing is written until you press “Commit to the warehouse”.",
    ),
    "template": ("Tải biểu mẫu nhập số liệu (XLSX)", "Download the template (XLSX)"),
    "upload": ("Tệp cần nhập", "File to import"),
    "reviewer": ("Người nhập", "Imported by"),
    "kind": ("Đã nhận dạng: {kind}", "Recognised: {kind}"),
    "rows_read": ("Số dòng đọc được", "Rows read"),
    "sources_touched": ("Số nguồn", "Sources"),
    "sources_after_fix": (
        "Biết sau khi sửa hết lỗi: các nguồn được thêm hay thay thế chỉ tính khi mọi dòng hợp lệ.",
        "Known once every problem is fixed: sources added or replaced are counted on valid rows.",
    ),
    "problem_count": ("Số lỗi", "Problems"),
    "changes": ("Sẽ thay đổi gì trong kho dữ liệu", "What the commit would change"),
    "problems": ("Các lỗi cần sửa (theo dòng và cột)", "Problems to fix (by row and column)"),
    "no_problem": ("Không có lỗi.", "No problems."),
    "edit": ("Sửa trực tiếp các dòng có lỗi", "Correct the rows with problems here"),
    "row_problems": ("Lỗi của dòng", "Problems of the row"),
    "report_chosen": (
        "Tính trên {n} con số đã xác nhận hoặc đã sửa; con số bị loại hay chưa duyệt không "
        "được ghi.",
        "Counted on the {n} figures confirmed or corrected; rejected or unreviewed figures are "
        "not written.",
    ),
    "report_none_chosen": (
        "Chưa có con số nào được xác nhận: xác nhận hoặc sửa các con số ở trên, bảng thay "
        "đổi sẽ hiện ở đây.",
        "No figure is confirmed yet: confirm or correct the figures above and the changes "
        "appear here.",
    ),
    "edit_help": (
        "Sửa các ô trong bảng (ô lỗi được nêu ở bảng trên), rồi bấm “Kiểm tra lại”. Tệp gốc "
        "không bị thay đổi: một bản đã sửa được kiểm tra và, khi bạn ghi, được lưu làm nguồn.",
        "Edit the cells (the table above names the wrong ones), then press “Check again”. The "
        "original file is not changed: a corrected copy is checked and, on commit, kept as the "
        "source.",
    ),
    "recheck": ("Kiểm tra lại", "Check again"),
    "corrected_copy": (
        "Đang kiểm tra bản đã sửa của tệp {name}.",
        "Checking the corrected copy of {name}.",
    ),
    "fix_file": (
        "Các lỗi này không nằm ở một dòng số liệu (ví dụ thiếu cột): hãy sửa tệp rồi tải lên lại.",
        "These problems are not in a data row (e.g. a missing column): fix the file and upload "
        "it again.",
    ),
    "meta": ("Thông tin nguồn", "About the source"),
    "meta_help": (
        "Điền sẵn từ tài liệu khi tài liệu có nêu; hãy kiểm tra và bổ sung.",
        "Prefilled from the document where it says them; check and complete them.",
    ),
    "meta_title": ("Tên nguồn (tiêu đề báo cáo, bài báo)", "Title"),
    "meta_outlet": ("Cơ quan ban hành hoặc báo đăng", "Issued by / outlet"),
    "meta_published": ("Ngày ban hành (ngày/tháng/năm)", "Date issued (dd/mm/yyyy)"),
    "meta_url": ("Đường dẫn (nếu có)", "Web address (if any)"),
    "date_hint": ("ngày/tháng/năm", "dd/mm/yyyy"),
    "bad_date": (
        "Ngày “{text}” không hợp lệ (viết 31/12/2022).",
        "The date “{text}” is not valid (write 31/12/2022).",
    ),
    "commit_head": ("Ghi vào kho dữ liệu", "Commit"),
    "commit_help": (
        "Một lần bấm ghi toàn bộ tệp (và các quyết định duyệt) trong một giao dịch: hoặc ghi "
        "hết, hoặc không ghi gì. Ghi lại cùng một tệp không làm thay đổi gì; mỗi lần ghi được "
        "lưu trong lịch sử nhập và có thể hoàn tác.",
        "One press writes the whole file (and the review decisions) in one transaction: all or "
        "nothing. Committing the same file again changes nothing; every run is kept in the "
        "history and can be undone.",
    ),
    "commit": ("Ghi vào kho dữ liệu", "Commit to the warehouse"),
    "blocked": (
        "Chưa ghi được: còn {n} lỗi. Hãy sửa ở bảng trên rồi bấm “Kiểm tra lại”.",
        "Cannot commit yet: {n} problems remain. Correct them above and press “Check again”.",
    ),
    "blocked_file": (
        "Chưa ghi được: còn {n} lỗi trong tệp. Hãy sửa tệp rồi tải lên lại.",
        "Cannot commit yet: {n} problems in the file. Fix the file and upload it again.",
    ),
    "committed": (
        "Đã ghi {n} dòng vào kho dữ liệu ({status}).",
        "{n} rows committed ({status}).",
    ),
    "committed_report": (
        "Đã ghi {n} con số vào kho dữ liệu (nguồn: {name}).",
        "{n} figures committed (source: {name}).",
    ),
    "unchanged": (
        "Kho dữ liệu đã có đúng các số liệu này; không có gì thay đổi.",
        "The warehouse already holds these figures; nothing changed.",
    ),
    "refused": ("Chưa ghi được; hãy sửa các lỗi sau:", "Not committed; fix these problems:"),
    "more_problems": ("… và {n} lỗi khác.", "… and {n} more problems."),
    "bad_file": ("Không đọc được tệp: {err}", "Cannot read the file: {err}"),
    "none_found": ("Không tìm thấy con số nào trong tệp này.", "No figures were found."),
    "nothing": ("Chưa có con số nào được xác nhận.", "No figure is confirmed yet."),
    "bad_values": (
        "Còn con số chưa hợp lệ ở các mục: {items}. Hãy sửa hoặc chọn Loại.",
        "Some figures are not valid (items {items}): correct or reject them.",
    ),
    "outside": (
        "Bạn chỉ được ghi số liệu của {province}. Các con số sau thuộc nơi khác hoặc chưa xác "
        "định được địa phương:",
        "You may only commit figures of {province}. These are elsewhere or cannot be placed:",
    ),
    "outside_file": (
        "Bạn chỉ được ghi số liệu của {province}; tệp này có số liệu của nơi khác hoặc chưa "
        "xác định được địa phương:",
        "You may only commit figures of {province}; this file has figures elsewhere or that "
        "cannot be placed:",
    ),
    "history": ("Lịch sử nhập của một nguồn", "Ingest history of a source"),
    "history_source": ("Nguồn", "Source"),
    "history_search": ("Tìm nguồn (tên hoặc mã)", "Find a source (title or id)"),
    "history_search_hint": ("Gõ vài chữ trong tên nguồn", "Type a few words of its title"),
    "history_listed": (
        "Liệt kê {shown} trong {total} nguồn; gõ tên hoặc mã để tìm nguồn khác.",
        "Listing {shown} of {total} sources; type a title or id to find others.",
    ),
    "history_none": ("Không có nguồn nào khớp “{q}”.", "No source matches “{q}”."),
    "history_empty": ("Nguồn này chưa có lần nhập nào.", "This source has no runs yet."),
    "no_sources": ("Kho dữ liệu chưa có nguồn nào.", "The warehouse has no sources yet."),
    "undo": ("Hoàn tác lần nhập gần nhất", "Undo the last run"),
    "undo_ask": (
        "Hoàn tác lần nhập gần nhất của nguồn “{name}”? Các dòng của nguồn trở về đúng như "
        "trước lần nhập đó (nguồn mới thêm sẽ bị xóa). Việc hoàn tác cũng được ghi vào lịch sử.",
        "Undo the last run of “{name}”? The source's rows go back to exactly what they were "
        "before it (a newly added source is removed). The undo is recorded in the history.",
    ),
    "undo_not_yours": (
        "Nguồn này có số liệu ngoài {province}: chỉ quản trị viên hoặc biên tập viên không "
        "giới hạn tỉnh được hoàn tác.",
        "This source has figures outside {province}: only an administrator or an editor of "
        "every province may undo it.",
    ),
    "undo_yes": ("Xác nhận hoàn tác", "Confirm the undo"),
    "undo_no": ("Hủy", "Cancel"),
    "undone": (
        "Đã hoàn tác lần nhập gần nhất của nguồn “{name}”.",
        "Undid the last run of “{name}”.",
    ),
    "undo_refused": ("Không hoàn tác được: {err}", "Could not undo: {err}"),
}


_texts = texts(TEXT)


def tr(key: str, ctx: Ctx, **values: object) -> str:
    return _texts(key, ctx.lang, **values)


def _take_upload(ctx: Ctx, data_dir: Path) -> None:
    upload = st.file_uploader(
        tr("upload", ctx),
        type=import_logic.UPLOAD_TYPES,
        key="imp_upload",
        max_upload_size=limits.MAX_FILE_BYTES // limits.MiB,  # what the loaders accept
    )
    if upload is None or st.session_state.get(UPLOAD_ID_KEY) == upload.file_id:
        return
    st.session_state[UPLOAD_ID_KEY] = upload.file_id
    try:
        path = import_logic.save_upload(data_dir, upload.name, upload.getvalue())
    except ValueError as exc:
        st.error(tr("bad_file", ctx, err=safe_text.md(exc)))
        return
    _start(path, original=path)


def _start(path: Path, original: Path) -> None:
    st.session_state[PATH_KEY] = str(path)
    st.session_state[ORIGINAL_KEY] = str(original)
    st.session_state.pop(PLAN_KEY, None)
    st.session_state.pop(DONE_KEY, None)
    for key in [k for k in st.session_state if str(k).startswith("imp_meta_")]:
        del st.session_state[key]


def _plan(data_dir: Path) -> import_logic.Plan:
    path = st.session_state[PATH_KEY]
    cached = st.session_state.get(PLAN_KEY)
    if cached is None or str(cached.path) != path:
        cached = import_logic.plan_file(Path(path), data_dir)
        st.session_state[PLAN_KEY] = cached
    return cached


def render(ctx: Ctx) -> None:
    who = signin.require("ingest", ctx.lang)  # refused on the server, whatever the request
    st.title(tr("title", ctx))
    st.caption(tr("intro", ctx))
    data_dir = cache.data_dir()
    top_left, top_right = st.columns([3, 2])
    top_left.caption(f"{tr('reviewer', ctx)}: {who.name}")  # the ledger's user: never typed
    top_right.download_button(
        tr("template", ctx),
        data=import_logic.template_bytes,  # built when clicked, not on every rerun
        file_name="mau-nhap-so-lieu-dan-van-kheo.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="imp_template",
        icon=":material/download:",
    )
    done = st.session_state.get(DONE_KEY)  # kept until the next upload or check
    if done:
        st.success(done)
    _take_upload(ctx, data_dir)
    if st.session_state.get(PATH_KEY):
        ui.guarded(ctx, lambda: _planned(ctx, who, data_dir))
    st.divider()
    ui.guarded(ctx, lambda: _history(ctx, who, data_dir))


def _planned(ctx: Ctx, who: auth.Identity, data_dir: Path) -> None:
    try:
        plan = _plan(data_dir)
    except (OSError, ValueError) as exc:
        st.error(tr("bad_file", ctx, err=safe_text.md(exc)))
        return
    said = tr("kind", ctx, kind=import_logic.kind_label(plan.kind, ctx.lang))
    (st.success if plan.loaded is not None else st.info)(said)  # unread: a guess from its name
    original = Path(st.session_state.get(ORIGINAL_KEY, plan.path))
    if Path(plan.path) != original:
        st.caption(tr("corrected_copy", ctx, name=safe_text.md(original.name)))
    if plan.kind == "report" and plan.loaded is None and plan.problems:
        _problems(ctx, data_dir, plan)  # a report that cannot be read: said in plain words
        return
    if plan.kind == "report":
        _report(ctx, who, data_dir, plan)
        return
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("rows_read", ctx), fmt.number(plan.rows_read, ctx.lang))
    if plan.changes or not plan.problems:
        c2.metric(tr("sources_touched", ctx), fmt.number(len(plan.changes), ctx.lang))
    else:  # not known until the rows check: "0" would read as a file without a source
        c2.metric(tr("sources_touched", ctx), "—", help=tr("sources_after_fix", ctx))
    c3.metric(tr("problem_count", ctx), fmt.number(plan.problem_count, ctx.lang))
    if plan.changes:
        st.subheader(tr("changes", ctx))
        st.table(import_logic.changes_frame(plan, ctx.lang), hide_index=True)
        if all(c.status == "unchanged" for c in plan.changes):
            st.info(tr("unchanged", ctx))
    editable = _problems(ctx, data_dir, plan) if plan.problems else True
    # a file of one source: its details asked (a list of sources states its own)
    asked = plan.kind != "sources" and plan.meta is not None
    meta = _meta_form(ctx, plan) if asked else None
    _commit(ctx, who, data_dir, plan, meta, bad_meta=asked and meta is None, editable=editable)


def _problems(ctx: Ctx, data_dir: Path, plan: import_logic.Plan) -> bool:
    """The problems, and the rows they name to correct in place; False when none can be."""
    st.subheader(tr("problems", ctx))
    st.table(import_logic.problems_frame(plan.problems, ctx.lang, Path(plan.path)), hide_index=True)
    if plan.problem_count > len(plan.problems):
        more = fmt.number(plan.problem_count - len(plan.problems), ctx.lang)
        st.caption(tr("more_problems", ctx, n=more))
    rows = import_logic.problem_rows(Path(plan.path), plan.problems, ctx.lang)
    if rows.empty:
        st.info(tr("fix_file", ctx))
        return False
    st.subheader(tr("edit", ctx))
    st.caption(tr("edit_help", ctx))
    config = {name: st.column_config.TextColumn(name) for name in rows.columns[1:]} | {
        import_logic.ROW_COLUMN: st.column_config.NumberColumn(disabled=True, format="%d"),
        import_logic.PROBLEM_COLUMN: st.column_config.TextColumn(
            tr("row_problems", ctx), disabled=True, width="medium"
        ),
    }
    with st.form(f"imp_fix_{Path(plan.path).parent.name}", border=False):
        edited = st.data_editor(  # in a form: no rerun at each cell, one check at the end
            rows,
            hide_index=True,
            column_config=config,
            num_rows="fixed",
            key=f"imp_editor_{Path(plan.path).parent.name}",
        )
        recheck = st.form_submit_button(tr("recheck", ctx), icon=":material/refresh:")
    if recheck:
        copy = import_logic.write_corrected(Path(plan.path), edited, Path(data_dir) / "uploads")
        _start(copy, original=Path(st.session_state.get(ORIGINAL_KEY, plan.path)))
        st.rerun()
    return True


def _meta_form(ctx: Ctx, plan: import_logic.Plan) -> import_logic.SourceMeta | None:
    """The source's title, outlet, date and URL; None when the date typed is not a date."""
    found = plan.meta or import_logic.SourceMeta()
    # widgets of this upload (and its corrected copies), never holding the last file's values
    mine = Path(st.session_state.get(ORIGINAL_KEY, plan.path)).parent.name
    with st.expander(tr("meta", ctx), expanded=True):
        st.caption(tr("meta_help", ctx))
        c1, c2 = st.columns(2)
        title = c1.text_input(
            tr("meta_title", ctx), value=found.title or "", key=f"imp_meta_title_{mine}"
        )
        outlet = c2.text_input(
            tr("meta_outlet", ctx), value=found.outlet or "", key=f"imp_meta_outlet_{mine}"
        )
        c3, c4 = st.columns(2)
        typed = c3.text_input(
            tr("meta_published", ctx),
            value=shown_date(found.published.isoformat() if found.published else None),
            key=f"imp_meta_published_{mine}",
            placeholder=tr("date_hint", ctx),
        )
        url = c4.text_input(tr("meta_url", ctx), value=found.url or "", key=f"imp_meta_url_{mine}")
    published = iso_date(typed) if typed.strip() else None
    if typed.strip() and published is None:
        st.error(tr("bad_date", ctx, text=safe_text.md(typed[:40])))
        return None
    from datetime import date

    return import_logic.SourceMeta(
        title=title.strip() or None,
        outlet=outlet.strip() or None,
        published=date.fromisoformat(published) if published else None,
        url=url.strip() or None,
    )


def _commit_button(ctx: Ctx, disabled: bool = False) -> bool:
    st.subheader(tr("commit_head", ctx))
    st.caption(tr("commit_help", ctx))
    return st.button(
        tr("commit", ctx), key="imp_commit", type="primary", disabled=disabled,
        icon=":material/cloud_upload:",
    )  # fmt: skip


def _commit(
    ctx: Ctx,
    who: auth.Identity,
    data_dir: Path,
    plan: import_logic.Plan,
    meta: import_logic.SourceMeta | None,
    bad_meta: bool = False,
    editable: bool = True,
) -> None:
    """``editable``: the problems can be corrected in the page (else: in the file)."""
    blocked = plan.blocking
    if blocked:
        key = "blocked" if editable else "blocked_file"
        st.warning(tr(key, ctx, n=fmt.number(plan.problem_count, ctx.lang)))
    if not _commit_button(ctx, disabled=blocked or bad_meta):
        return
    outside = import_logic.outside_province(plan, who.province_code) if who.province_code else []
    if outside:
        head = tr("outside_file", ctx, province=province_name(who.province_code))
        st.error(head + "\n\n" + "\n".join(f"- {safe_text.md(o)}" for o in outside))
        return
    result = import_logic.commit_plan(plan, data_dir, user=who.name, meta=meta)
    _committed(ctx, result)


def _committed(ctx: Ctx, result, source: str | None = None) -> None:
    if result.status == "unchanged":
        st.info(tr("unchanged", ctx))
    elif result.refused:
        shown = result.problems[: limits.MAX_PROBLEMS_SHOWN]
        lines = [f"- {safe_text.md(p.vi())}" for p in shown]
        if result.problem_count > len(shown):
            lines.append(tr("more_problems", ctx, n=result.problem_count - len(shown)))
        st.error(tr("refused", ctx) + "\n\n" + "\n".join(lines))
    else:
        st.cache_data.clear()
        status = import_logic.status_label(
            "added" if result.status == "ok" else result.status, ctx.lang
        )
        n = fmt.number(result.rows_written, ctx.lang)
        if source is None:
            message = tr("committed", ctx, n=n, status=status)
        else:
            message = tr("committed_report", ctx, n=n, name=safe_text.md(source))
        st.session_state[DONE_KEY] = message
        st.session_state[COMMITTED_KEY] = list(result.source_ids)
        st.session_state.pop(PLAN_KEY, None)  # planned again: now "unchanged"
        st.rerun()


# -- report texts: their figures reviewed, then committed ----------------------------------


def _report(ctx: Ctx, who: auth.Identity, data_dir: Path, plan: import_logic.Plan) -> None:
    try:
        doc, items = open_document(data_dir, Path(plan.path))
    except ValueError as exc:
        st.error(tr("bad_file", ctx, err=safe_text.md(exc)))
        return
    st.subheader(safe_text.md(doc.title or doc.file_name))
    if not items:
        st.info(tr("none_found", ctx))
        return
    document_text(ctx, doc, items)
    meta = _meta_form(ctx, plan)
    choices = review_cards(ctx, items)
    bad = [
        str(i + 1)
        for i, item in enumerate(items)
        if choices[item.id]["decision"] != "rejected" and choices[item.id]["value"] is None
    ]
    if bad:
        st.warning(tr("bad_values", ctx, items=", ".join(bad)))
    else:
        _report_changes(ctx, data_dir, doc, items, choices, meta, Path(plan.path))
    if not _commit_button(ctx, disabled=bool(bad) or meta is None):
        return
    apply_choices(data_dir, items, choices, who.name)  # the decisions, saved with the commit
    final = reviewed_candidates(data_dir, doc.sha256)
    if not final:
        st.warning(tr("nothing", ctx))
        return
    outside = auth.outside_province(who.province_code, final) if who.province_code else []
    if outside:
        head = tr("outside", ctx, province=province_name(who.province_code))
        st.error(head + "\n\n" + "\n".join(f"- {o}" for o in outside))
        return
    result = import_logic.commit_report(data_dir, doc, final, who.name, meta)
    _committed(ctx, result, source=(meta.title if meta else None) or doc.title or doc.file_name)


def _report_changes(ctx: Ctx, data_dir: Path, doc, items, choices, meta, path: Path) -> None:
    """What committing the figures chosen so far would change, per source (as for a file)."""
    chosen = import_logic.chosen_candidates(items, choices)
    st.subheader(tr("changes", ctx))
    if not chosen:
        st.caption(tr("report_none_chosen", ctx))
        return
    key = json.dumps([chosen, str(path), data_dir.name], default=str, sort_keys=True)
    cached = st.session_state.get(REPORT_PLAN_KEY)
    if cached is None or cached[0] != key:
        cached = (key, import_logic.report_plan(data_dir, doc, chosen, path))
        st.session_state[REPORT_PLAN_KEY] = cached
    sub = cached[1]
    st.caption(tr("report_chosen", ctx, n=fmt.number(len(chosen), ctx.lang)))
    if sub.problems:
        st.table(
            import_logic.problems_frame(sub.problems, ctx.lang), hide_index=True
        )  # e.g. a corrected place that is not a unit
        return
    changes = import_logic.changes_with(sub, data_dir, meta)
    st.table(import_logic.changes_frame(sub, ctx.lang, changes), hide_index=True)
    if changes and all(c.status == "unchanged" for c in changes):
        st.info(tr("unchanged", ctx))


# -- history and undo ---------------------------------------------------------------------


def _history_source(ctx: Ctx, sources: dict[str, str]) -> str | None:
    """A search box and a short picker (not every source of a national warehouse on each
    rerun), led by the source of the file just uploaded or committed."""
    plan = st.session_state.get(PLAN_KEY)
    touched = [c.source_id for c in plan.changes] if plan is not None else []
    lead = [*touched, *st.session_state.get(COMMITTED_KEY, [])]
    query = st.text_input(
        tr("history_search", ctx),
        key="imp_history_q",
        placeholder=tr("history_search_hint", ctx),
        max_chars=200,
    )
    ids, total = import_logic.history_choices(sources, query, lead)
    if not ids:
        st.caption(tr("history_none", ctx, q=safe_text.md(query.strip()[:60])))
        return None
    first = next((s for s in lead if s in sources), None)
    if first is not None and st.session_state.get(LEAD_KEY) != first:
        st.session_state[LEAD_KEY] = first  # a new file: its source is shown, once
        st.session_state[HISTORY_KEY] = first
    if st.session_state.get(HISTORY_KEY) not in ids:
        st.session_state[HISTORY_KEY] = ids[0]
    chosen = st.selectbox(
        tr("history_source", ctx),
        ids,
        format_func=lambda s: f"{sources[s]} ({s})" if sources[s] != s else s,
        key=HISTORY_KEY,
    )
    if total > len(ids):
        shown, all_ = fmt.number(len(ids), ctx.lang), fmt.number(total, ctx.lang)
        st.caption(tr("history_listed", ctx, shown=shown, total=all_))
    return chosen


def _history(ctx: Ctx, who: auth.Identity, data_dir: Path) -> None:
    st.subheader(tr("history", ctx))
    # read once per data version (an ingest or undo changes it), not on every rerun
    sources = cache.per_version(
        ctx, ("import.sources", str(data_dir)), lambda: import_logic.known_sources(data_dir)
    )
    if not sources:
        st.caption(tr("no_sources", ctx))
        return
    chosen = _history_source(ctx, sources)
    if chosen is None:
        return
    records = import_logic.source_history(data_dir, chosen)
    if not records:
        st.caption(tr("history_empty", ctx))
        return
    st.table(import_logic.history_frame(records, ctx.lang), hide_index=True)
    if not who.can("ingest") or not any(r.can_undo for r in records):
        return  # nothing left to undo (an added source's undo removed it; older runs kept none)
    name = safe_text.md(sources[chosen])
    if who.province_code and import_logic.source_outside(data_dir, chosen, who.province_code):
        st.caption(tr("undo_not_yours", ctx, province=province_name(who.province_code)))
        return
    if st.session_state.get(UNDO_KEY) != chosen:
        if st.button(tr("undo", ctx), key="imp_undo", icon=":material/undo:"):
            st.session_state[UNDO_KEY] = chosen
            st.rerun()
        return
    st.warning(tr("undo_ask", ctx, name=name))
    yes, no = st.columns(2)
    if no.button(tr("undo_no", ctx), key="imp_undo_no"):
        st.session_state.pop(UNDO_KEY, None)
        st.rerun()
    if yes.button(tr("undo_yes", ctx), key="imp_undo_yes", type="primary"):
        st.session_state.pop(UNDO_KEY, None)
        try:
            result = import_logic.undo_last_run(data_dir, chosen, user=who.name)
        except (ValueError, KeyError, OSError) as exc:
            st.error(tr("undo_refused", ctx, err=safe_text.md(exc)))
            return
        if result.refused:
            st.error(tr("undo_refused", ctx, err="; ".join(p.vi() for p in result.problems)))
            return
        st.cache_data.clear()
        st.session_state.pop(PLAN_KEY, None)
        st.session_state[DONE_KEY] = tr("undone", ctx, name=name)
        st.rerun()


ui.run_page(render)
