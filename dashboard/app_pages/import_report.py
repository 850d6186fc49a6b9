"""Nhập báo cáo — upload a report, review each figure found in it, commit the confirmed ones."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import auth, cache, fmt, safe_text, signin, ui
from dashboard.context import Ctx
from dashboard.review_logic import (
    DECISIONS,
    DOC_KEY,
    apply_choices,
    highlighted,
    open_document,
    save_upload,
)
from data_loaders.appdb.users import province_name
from data_loaders.ingest import commit_document
from data_loaders.ingest.report_ingest import reviewed_candidates
from data_loaders.reference import vocabulary
from data_loaders.storage import limits

TEXT = {
    "title": ("Nhập báo cáo", "Import a report"),
    "intro": (
        "Tải lên báo cáo hoặc bài báo (TXT, HTML, DOCX, PDF có lớp chữ). Hệ thống tìm các con số "
        "về mô hình, điển hình; hãy xác nhận, sửa hoặc loại từng con số rồi ghi vào kho dữ liệu.",
        "Upload a report or news item (TXT, HTML, DOCX, PDF with a text layer). Confirm, correct "
        "or reject each figure found, then commit.",
    ),
    "upload": ("Tệp báo cáo", "Report file"),
    "reviewer": ("Người duyệt", "Reviewer"),
    "none_found": ("Không tìm thấy con số nào trong tệp này.", "No figures were found."),
    "text": ("Văn bản (các câu có con số được đánh dấu)", "Text (sentences with figures marked)"),
    "figures": ("Các con số tìm thấy", "Figures found"),
    "decision": ("Quyết định", "Decision"),
    "pending": ("Chờ duyệt", "Pending"),
    "confirmed": ("Xác nhận", "Confirm"),
    "corrected": ("Đã sửa", "Corrected"),
    "rejected": ("Loại", "Reject"),
    "value": ("Số lượng", "Value"),
    "locality": ("Địa phương", "Locality"),
    "province": ("Tỉnh, thành phố", "Province"),
    "period_start": ("Từ ngày", "From"),
    "period_end": ("Đến ngày", "To"),
    "confidence": ("Độ tin cậy", "Confidence"),
    "confirm_all": ("Xác nhận tất cả", "Confirm all"),
    "save": ("Lưu quyết định", "Save decisions"),
    "saved": ("Đã lưu {n} quyết định.", "{n} decisions saved."),
    "commit": ("Ghi vào kho dữ liệu", "Commit to the warehouse"),
    "committed": (
        "Đã ghi {n} con số vào kho dữ liệu (nguồn: {name}).",
        "{n} figures committed (source: {name}).",
    ),
    "unchanged": ("Kho dữ liệu đã có đúng các con số này.", "The warehouse already holds these."),
    "refused": ("Chưa ghi được; hãy sửa các lỗi sau:", "Not committed; fix these problems:"),
    "nothing": ("Chưa có con số nào được xác nhận.", "No figure is confirmed yet."),
    "bad_file": ("Không đọc được tệp: {err}", "Cannot read the file: {err}"),
    "too_large": (
        "Con số trong báo cáo ({value}) lớn hơn giới hạn {limit}: hãy nhập số đúng hoặc chọn Loại.",
        "The figure in the report ({value}) is above the limit of {limit}: type the right "
        "number or reject it.",
    ),
    "more_problems": ("… và {n} lỗi khác.", "… and {n} more problems."),
    "outside": (
        "Bạn chỉ được ghi số liệu của {province}. Các con số sau thuộc nơi khác hoặc chưa xác "
        "định được địa phương:",
        "You may only commit figures of {province}. These are elsewhere or cannot be placed:",
    ),
}


def tr(key: str, ctx: Ctx, **values: object) -> str:
    text = TEXT[key][0 if ctx.lang == "vi" else 1]
    return text.format(**values) if values else text


def _choice_widgets(ctx: Ctx, item, number: int) -> dict[str, object]:
    cand = item.corrected or item.candidate
    with st.container(border=True):
        head, decision_col = st.columns([5, 2])
        head.markdown(f"**#{number}** · « {safe_text.md(cand.get('quote', ''))} »")
        decision = decision_col.selectbox(
            tr("decision", ctx),
            DECISIONS,
            index=DECISIONS.index(item.decision),
            format_func=lambda d: tr(d, ctx),
            key=f"rv_dec_{item.id}",
        )
        c1, c2, c3, c4 = st.columns(4)
        choice: dict[str, object] = {"decision": decision}
        stated = _whole(cand.get("value"))
        fits = stated is not None and 0 <= stated <= limits.MAX_COUNT
        if not fits:  # a figure the input cannot hold (above 2^53 it would break the page)
            c1.caption(
                tr(
                    "too_large",
                    ctx,
                    value=safe_text.md(str(cand.get("value"))[:40]),
                    limit=fmt.number(limits.MAX_COUNT, ctx.lang),
                )
            )
        typed = c1.number_input(
            tr("value", ctx),
            min_value=0,
            max_value=limits.MAX_COUNT,
            step=1,
            value=stated if fits else None,
            key=f"rv_val_{item.id}",
        )
        choice["value"] = None if typed is None else int(typed)
        for col, dim in ((c2, "metric"), (c3, "field"), (c4, "subject")):
            ids = vocabulary.ids(dim)
            current = cand.get(dim)
            options = ids if current in ids else [*ids, current]
            choice[dim] = col.selectbox(
                ui_label(dim, ctx),
                options,
                index=options.index(current),
                format_func=lambda v, d=dim: vocabulary.label(d, v, ctx.lang),
                key=f"rv_{dim}_{item.id}",
            )
        c5, c6, c7, c8 = st.columns(4)
        for col, dim in ((c5, "level"), (c6, "award"), (c7, "kind")):
            ids = vocabulary.ids(dim)
            current = cand.get(dim)
            choice[dim] = col.selectbox(
                ui_label(dim, ctx),
                ids,
                index=ids.index(current) if current in ids else 0,
                format_func=lambda v, d=dim: vocabulary.label(d, v, ctx.lang),
                key=f"rv_{dim}_{item.id}",
            )
        c8.caption(f"{tr('confidence', ctx)}: {float(cand.get('confidence') or 0):.2f}")
        c9, c10, c11, c12 = st.columns(4)
        for col, key in (
            (c9, "period_start"),
            (c10, "period_end"),
            (c11, "locality"),
            (c12, "province"),
        ):
            choice[key] = (
                col.text_input(
                    tr(key, ctx), value=str(cand.get(key) or ""), key=f"rv_{key}_{item.id}"
                )
                or None
            )
    return choice


def _whole(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def ui_label(dim: str, ctx: Ctx) -> str:
    from dashboard.i18n import t

    return t(dim, ctx.lang)


def render(ctx: Ctx) -> None:
    who = signin.require("ingest", ctx.lang)  # refused on the server, whatever the request
    st.title(tr("title", ctx))
    st.caption(tr("intro", ctx))
    user = who.name  # the reviewer recorded in the ledger and audit log: never typed
    st.caption(f"{tr('reviewer', ctx)}: {user}")
    data_dir = cache.data_dir()
    upload = st.file_uploader(
        tr("upload", ctx), type=["txt", "html", "htm", "docx", "pdf"], key="rv_upload"
    )
    if upload is not None:
        try:
            path = save_upload(data_dir, upload.name, upload.getvalue())
        except ValueError as exc:
            st.error(tr("bad_file", ctx, err=safe_text.md(exc)))
            return
        st.session_state[DOC_KEY] = str(path)
    if not st.session_state.get(DOC_KEY):
        return
    try:
        doc, items = open_document(data_dir, Path(st.session_state[DOC_KEY]))
    except ValueError as exc:
        st.error(tr("bad_file", ctx, err=safe_text.md(exc)))
        return
    st.subheader(safe_text.md(doc.title or doc.file_name))
    if not items:
        st.info(tr("none_found", ctx))
        return
    with st.expander(tr("text", ctx), expanded=False):
        marks = [
            (i + 1, (it.corrected or it.candidate).get("quote", "")) for i, it in enumerate(items)
        ]
        st.markdown(
            f"<div style='max-height:28rem;overflow:auto'>{highlighted(doc.text, marks)}</div>",
            unsafe_allow_html=True,
        )
    st.subheader(tr("figures", ctx))
    if st.button(tr("confirm_all", ctx), key="rv_all"):
        for item in items:
            if st.session_state.get(f"rv_dec_{item.id}", item.decision) == "pending":
                st.session_state[f"rv_dec_{item.id}"] = "confirmed"
    choices = {item.id: _choice_widgets(ctx, item, i + 1) for i, item in enumerate(items)}
    save_col, commit_col = st.columns(2)
    if save_col.button(tr("save", ctx), key="rv_save", type="secondary"):
        n = apply_choices(data_dir, items, choices, user)
        st.success(tr("saved", ctx, n=n))
    if commit_col.button(tr("commit", ctx), key="rv_commit", type="primary"):
        apply_choices(data_dir, items, choices, user)
        final = reviewed_candidates(data_dir, doc.sha256)
        if not final:
            st.warning(tr("nothing", ctx))
            return
        outside = auth.outside_province(who.province_code, final) if who.province_code else []
        if outside:
            head = tr("outside", ctx, province=province_name(who.province_code))
            st.error(head + "\n\n" + "\n".join(f"- {o}" for o in outside))
            return
        result = commit_document(data_dir, doc, final, user=user)
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
            name = safe_text.md(doc.title or doc.file_name)
            st.success(tr("committed", ctx, n=result.rows_written, name=name))


ui.run_page(render)
