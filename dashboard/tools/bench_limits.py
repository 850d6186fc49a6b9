"""Time the report extractor on hostile shapes of input (prints figures; not a test).

``dvk bench --limits [--megabytes 10]``:

- one sentence stating 400 and 800 figures (the extractor used to be cubic in them);
- an HTML page of 20,000 nested ``div`` (refused by the nesting limit) and the same number of
  divs as towers just under the limit (read);
- a text of the given size built from varied report sentences (the target: under a minute on
  the 2-core machine).

Each line gives wall time and CPU time of this process (CPU time is what the machine's other
load does not change).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from data_loaders.report_text import extract
from data_loaders.report_text.html import read_html
from data_loaders.storage import limits

_PLACES = ("Quận Đống Đa", "huyện Yên Bình", "tỉnh Hậu Giang", "xã Vĩnh Phú", "phường 3")
_VERBS = ("được đăng ký", "được công nhận", "được biểu dương, khen thưởng", "đăng ký thực hiện")


def _sentence(rng: random.Random) -> str:
    year = rng.randint(limits.FIRST_YEAR, 2025)
    return (
        f"Năm {year}, {rng.choice(_PLACES)} có {rng.randint(1, 5000):,} mô hình “Dân vận khéo” "
        f"{rng.choice(_VERBS)}, trong đó {rng.randint(1, 300)} tập thể và "
        f"{rng.randint(1, 300)} cá nhân."
    ).replace(",", ".", 1)


def text_of(megabytes: float, seed: int = 1) -> str:
    """A report text of about ``megabytes`` MB (UTF-8) in paragraphs of varied sentences."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts)


def _timed(label: str, run: Callable[[], str]) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = run()
    print(
        f"{label:>44}: {time.perf_counter() - wall:7.2f} s wall, "
        f"{time.process_time() - cpu:7.2f} s CPU  ({outcome})",
        flush=True,
    )


def _html(run_html: str) -> str:
    try:
        text, _, _ = read_html(run_html)
    except limits.LimitExceeded as exc:
        return f"refused: {str(exc).split(': ', 1)[1][:50]}…"
    return f"read, {len(text):,} characters"


def run(megabytes: float = 10.0) -> None:
    """``dvk bench --limits [--megabytes N]``: print one timed line per hostile input."""
    for n in (400, 800):
        sentence = "Toàn tỉnh có " + ", ".join(f"{i + 1} mô hình" for i in range(n)) + "."
        _timed(f"{n} numbers in one sentence", lambda s=sentence: f"{len(extract(s))} figures")
    para = "<p>Năm 2022 có 371 mô hình “Dân vận khéo” được đăng ký.</p>"
    deep = "<html><body>" + "<div>" * 20_000 + para + "</div>" * 20_000 + "</body></html>"
    _timed("20,000 nested divs", lambda: _html(deep))
    depth = limits.MAX_HTML_DEPTH - 6
    tower = "<div>" * depth + para + "</div>" * depth
    towers = "<html><body>" + tower * (20_000 // depth) + "</body></html>"
    _timed(f"20,000 divs in towers {depth} deep", lambda: _html(towers))
    text = text_of(megabytes)
    size = len(text.encode("utf-8")) / 1e6
    _timed(f"{size:.1f} MB of report text", lambda: f"{len(extract(text)):,} figures")
