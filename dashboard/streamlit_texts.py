"""Streamlit's own English texts in Vietnamese: the upload box, "No results", "Page not found".

Streamlit draws some texts in the browser with no option to change them: the upload box
("Drag and drop a file here", "Upload", "200MB per file • TXT"), the empty search of a
select box ("No results"), and the dialog for an address with no page ("Page not found").
:func:`apply` is called once per run by the navigation frame (``app.py``), so every page
gets it with nothing to do: it sends a small script (``st.html``, hidden) that rewrites
those texts where Streamlit draws them — only inside upload boxes, select boxes, their
option lists and dialogs, and only texts that match a known English text whole. The
original text is kept, so switching to English brings Streamlit's texts back.

The size shown in the upload box is the one Streamlit enforces: ``dvk serve`` sets
``server.maxUploadSize`` to the loaders' own limit (:data:`UPLOAD_LIMIT_MB`, from
``data_loaders/limits.py``), and a page may lower it per box (``max_upload_size``).

>>> dict(rules("vi"))["1GB per file"], dict(rules("en"))["1GB per file"]
('Tối đa 512 MB mỗi tệp', '512 MB per file')
>>> [vi for en, vi in rules("en") if "Page" in vi]
[]
"""

from __future__ import annotations

import functools
import json
import re

import streamlit as st

from dashboard import fmt
from data_loaders.storage import limits

UPLOAD_LIMIT_MB = limits.MAX_FILE_BYTES // limits.MiB  # what Streamlit accepts (dvk serve)
KEY = "dvk_streamlit_texts"
# Where Streamlit draws the texts: nothing else on the page is touched.
SCOPES = (
    '[data-testid="stFileUploader"]',
    '[data-testid="stSelectbox"]',
    '[data-testid="stMultiSelect"]',
    '[role="listbox"]',  # the option list of a select box (drawn apart from it)
    '[role="dialog"]',  # "Page not found"
)
# (English text as a whole-text regular expression, Vietnamese with $1… for the groups)
VI: tuple[tuple[str, str], ...] = (
    (r"Drag and drop a file here", "Kéo và thả tệp vào đây"),
    (r"Drag and drop files here", "Kéo và thả các tệp vào đây"),
    (r"Drag and drop directories here", "Kéo và thả các thư mục vào đây"),
    (r"Upload", "Chọn tệp"),
    (r"Upload directories", "Chọn thư mục"),
    (r"(\S+) per file", "Tối đa $1 mỗi tệp"),
    (r"File must be (.+) or smaller\.", "Tệp phải nhỏ hơn hoặc bằng $1."),
    (r"(.+) files are not allowed\.", "Không nhận tệp loại $1."),
    (r"Only one file is allowed\.", "Chỉ được chọn một tệp."),
    (r"No results", "Không có kết quả"),
    (r"Choose an option", "Chọn một mục"),
    (r"Choose options", "Chọn các mục"),
    (r"Page not found", "Không tìm thấy trang"),
    (
        r"You have requested page /(.+), but no corresponding file was found in the app's "
        r"pages/ directory\. Running the app's main page\.",
        "Không có trang /$1 (hoặc tài khoản của bạn không được mở trang này). "
        "Đang mở trang Tổng quan.",
    ),
    (
        r"The page that you have requested does not seem to exist\. Running the app's main "
        r"page\.",
        "Không có trang này (hoặc tài khoản của bạn không được mở trang này). "
        "Đang mở trang Tổng quan.",
    ),
)
# Limits a page may give an upload box: Streamlit shows them rounded (512 MiB as "1GB").
KNOWN_LIMITS = (limits.MAX_FILE_BYTES, limits.MAX_REPORT_BYTES)


def streamlit_size(size: float, unit: str = "b", precision: int = 0, base: int = 1000) -> str:
    """A size as Streamlit's browser code writes it (``getSizeDisplay``).

    >>> streamlit_size(512 * 2**20), streamlit_size(512 * 2**20, base=1024)
    ('1GB', '512MB')
    >>> streamlit_size(64 * 2**20, precision=1)
    '67.1MB'
    """
    units = ["gb", "mb", "kb", "b"]
    at = units.index(unit)
    if at and size > base / 2:
        return streamlit_size(size / base, units[at - 1], precision, base)
    return f"{size:.{precision}f}{unit.upper()}"


def real_size(size: int, lang: str) -> str:
    """A limit in MB as a person reads it.

    >>> real_size(512 * 2**20, "vi"), real_size(64 * 2**20, "en")
    ('512 MB', '64 MB')
    """
    return f"{fmt.number(size / limits.MiB, lang)} MB"


SIZE_TEXTS = {  # the figure put right, in each language: (box, refused file)
    "vi": ("Tối đa {real} mỗi tệp", "Tệp phải nhỏ hơn hoặc bằng {real}."),
    "en": ("{real} per file", "File must be {real} or smaller."),
}


def size_rules(lang: str) -> list[tuple[str, str]]:
    """Streamlit's rounded figure of a known limit → the limit itself (every language)."""
    box, refused = SIZE_TEXTS["vi" if lang == "vi" else "en"]
    out: list[tuple[str, str]] = []
    for size in KNOWN_LIMITS:
        real = real_size(size, lang)
        for base in (1000, 1024):  # Streamlit's browser code picks one
            shown = re.escape(streamlit_size(size, base=base))
            exact = re.escape(streamlit_size(size, precision=1, base=base))
            out.append((f"{shown} per file", box.format(real=real)))
            out.append((f"File must be {exact} or smaller\\.", refused.format(real=real)))
    return out


_SCRIPT = """<script>(function(){
const rules = %(rules)s.map(([en, out]) => [new RegExp("^" + en + "$"), out]);
const scopes = %(scopes)s.join(",");
window.dvkTexts = rules;
const fix = (node) => {
  const now = node.nodeValue;
  if (node.dvkShown === undefined || now !== node.dvkShown) { node.dvkOriginal = now; }
  const original = node.dvkOriginal, text = original.trim();
  let out = original;
  for (const [re, to] of window.dvkTexts) {
    if (re.test(text)) { out = text.replace(re, to); break; }
  }
  node.dvkShown = out;
  if (now !== out) { node.nodeValue = out; }
};
const run = () => {
  for (const root of document.querySelectorAll(scopes)) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.nodeValue.trim() || n.dvkOriginal !== undefined) { fix(n); }
    }
  }
};
window.dvkTextsRun = run;
if (!window.dvkTextsObserver) {
  let queued = false;
  window.dvkTextsObserver = new MutationObserver(() => {
    if (queued) { return; }
    queued = true;
    requestAnimationFrame(() => { queued = false; window.dvkTextsRun(); });
  });
  window.dvkTextsObserver.observe(document.body,
    {childList: true, subtree: true, characterData: true});
}
run();
})();</script>"""


def rules(lang: str) -> list[tuple[str, str]]:
    """The (English pattern, replacement) pairs for ``lang``, the first match wins; in
    English only the figures of the upload limits are put right."""
    return size_rules(lang) + (list(VI) if lang == "vi" else [])


@functools.lru_cache(maxsize=4)
def script(lang: str) -> str:
    """The rewriting script for ``lang`` (made once per language: it is sent on every run)."""
    return _SCRIPT % {"rules": json.dumps(rules(lang)), "scopes": json.dumps(list(SCOPES))}


def apply(lang: str) -> None:
    """Send the rewriting script for ``lang`` (hidden; the browser keeps it across reruns)."""
    st.html(f"<style>.st-key-{KEY}{{display:none}}</style>")
    with st.container(key=KEY):
        st.html(script(lang), unsafe_allow_javascript=True)
