"""The report-text part of "Nhập dữ liệu": one card per figure found, to confirm, correct or
reject, in Vietnamese formats (3.150; 90%; 31/12/2022). The decisions are saved by the page's
one commit button (``review_logic.apply_choices``)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import fmt, safe_text
from dashboard.context import Ctx
from dashboard.i18n import t, texts
from dashboard.review_logic import DECISIONS, highlighted, iso_date, parse_count, shown_date
from data_loaders.reference import vocabulary
from data_loaders.storage import limits

TEXT = {
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
    "period_start": ("Từ ngày (ngày/tháng/năm)", "From (dd/mm/yyyy)"),
    "period_end": ("Đến ngày (ngày/tháng/năm)", "To (dd/mm/yyyy)"),
    "confidence": ("Độ tin cậy", "Confidence"),
    "confirm_all": ("Xác nhận tất cả", "Confirm all"),
    "bad_number": (
        "“{text}” không phải số nguyên không âm (viết 3.150 hoặc 3150).",
        "“{text}” is not a whole non-negative number (write 3,150 or 3150).",
    ),
    "too_large": (
        "Con số lớn hơn giới hạn {limit}: hãy nhập số đúng hoặc chọn Loại.",
        "The figure is above the limit of {limit}: type the right number or reject it.",
    ),
    "bad_date": (
        "“{text}” không phải ngày (viết 31/12/2022 hoặc 2022).",
        "“{text}” is not a date (write 31/12/2022 or 2022).",
    ),
}


_texts = texts(TEXT)


def tr(key: str, lang: str, **values: object) -> str:
    return _texts(key, lang, **values)


def document_text(ctx: Ctx, doc: Any, items: list[Any]) -> None:
    with st.expander(tr("text", ctx.lang), expanded=False):
        marks = [
            (i + 1, (it.corrected or it.candidate).get("quote", "")) for i, it in enumerate(items)
        ]
        st.markdown(
            f"<div style='max-height:28rem;overflow:auto'>{highlighted(doc.text, marks)}</div>",
            unsafe_allow_html=True,
        )


def review_cards(ctx: Ctx, items: list[Any]) -> dict[int, dict[str, object]]:
    """The cards of every figure; returns the reviewer's choices (item id → values)."""
    st.subheader(tr("figures", ctx.lang))
    if st.button(tr("confirm_all", ctx.lang), key="rv_all"):
        for item in items:
            if st.session_state.get(f"rv_dec_{item.id}", item.decision) == "pending":
                st.session_state[f"rv_dec_{item.id}"] = "confirmed"
    return {item.id: _card(ctx, item, i + 1) for i, item in enumerate(items)}


def _card(ctx: Ctx, item: Any, number: int) -> dict[str, object]:
    lang = ctx.lang
    cand = item.corrected or item.candidate
    with st.container(border=True):
        head, decision_col = st.columns([5, 2])
        head.markdown(f"**#{number}** · « {safe_text.md(cand.get('quote', ''))} »")
        decision = decision_col.selectbox(
            tr("decision", lang),
            DECISIONS,
            index=DECISIONS.index(item.decision),
            format_func=lambda d: tr(d, lang),
            key=f"rv_dec_{item.id}",
        )
        choice: dict[str, object] = {"decision": decision}
        c1, c2, c3, c4 = st.columns(4)
        stated = cand.get("value")
        fits = isinstance(stated, int | float) and 0 <= stated <= limits.MAX_COUNT
        shown = fmt.number(stated, lang) if fits else str("" if stated is None else stated)
        typed = c1.text_input(tr("value", lang), value=shown, key=f"rv_val_{item.id}")
        value = parse_count(typed)
        if value is None:
            c1.caption(f":red[{tr('bad_number', lang, text=safe_text.md(typed[:40]))}]")
        elif value > limits.MAX_COUNT:
            c1.caption(f":red[{tr('too_large', lang, limit=fmt.number(limits.MAX_COUNT, lang))}]")
            value = None
        choice["value"] = value
        for col, dim in ((c2, "metric"), (c3, "field"), (c4, "subject")):
            choice[dim] = _vocab_box(col, dim, cand.get(dim), item.id, lang, keep_unknown=True)
        c5, c6, c7, c8 = st.columns(4)
        for col, dim in ((c5, "level"), (c6, "award"), (c7, "kind")):
            choice[dim] = _vocab_box(col, dim, cand.get(dim), item.id, lang, keep_unknown=False)
        confidence = float(cand.get("confidence") or 0)
        c8.caption(f"{tr('confidence', lang)}: {fmt.percent(confidence, lang, decimals=0)}")
        c9, c10, c11, c12 = st.columns(4)
        for col, key in ((c9, "period_start"), (c10, "period_end")):
            typed = col.text_input(
                tr(key, lang), value=shown_date(cand.get(key)), key=f"rv_{key}_{item.id}"
            )
            parsed = iso_date(typed)
            if typed.strip() and parsed is None:
                col.caption(f":red[{tr('bad_date', lang, text=safe_text.md(typed[:40]))}]")
            choice[key] = parsed if parsed is not None else (typed.strip() or None)
        for col, key in ((c11, "locality"), (c12, "province")):
            choice[key] = (
                col.text_input(
                    tr(key, lang), value=str(cand.get(key) or ""), key=f"rv_{key}_{item.id}"
                )
                or None
            )
    return choice


def _vocab_box(col, dim: str, current: object, item_id: int, lang: str, keep_unknown: bool):
    ids = vocabulary.ids(dim)
    if keep_unknown and current not in ids:
        options = [*ids, current]
        index = len(ids)
    else:
        options = ids
        index = ids.index(current) if current in ids else 0
    return col.selectbox(
        t(dim, lang),
        options,
        index=index,
        format_func=lambda v: vocabulary.label(dim, v, lang) if v in ids else str(v),
        key=f"rv_{dim}_{item_id}",
    )
