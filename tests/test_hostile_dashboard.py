"""Text from outside the app is shown as text on the dashboard (issue 11, injection).

The Markdown a page sends is rendered with a CommonMark renderer (markdown-it, as Streamlit's
is CommonMark too) and must hold no link or image that came from the URL or a file; Plotly
labels must hold no HTML tag from data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from dashboard import charts, safe_text
from dashboard.review_logic import DOC_KEY, save_upload
from data_loaders.ingest import ingest_file
from tests import hostile_files as hf
from tests.dashboard_fixtures import open_page, problems

PHISH = "[phish](http://host/p)"
IMAGE = "![b](http://host/b.png)"


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def _no_markup_from_outside(markdown: str) -> None:
    html = rendered(markdown)
    assert "http://host" not in "".join(
        part for part in html.split('"') if part.startswith("http")
    ), html
    assert "<a " not in html and "<img" not in html, html


@pytest.fixture
def data_dir(dashboard_copy: Path) -> Path:
    return dashboard_copy


@pytest.mark.parametrize("text", [IMAGE, PHISH, "<http://host/p>", '<a href="http://host">x</a>'])
def test_escaped_text_renders_as_the_same_text(text: str) -> None:
    html = rendered(safe_text.md(text))
    assert "<a " not in html and "<img" not in html
    assert html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').strip() == (
        f"<p>{text}</p>"
    )


def test_dropped_url_parameters_are_shown_as_text(data_dir: Path) -> None:
    at = open_page("tong-quan", {"foo": IMAGE, "bar": PHISH})
    assert problems(at) == []
    (warning,) = [w.value for w in at.warning if "bỏ qua" in w.value]
    _no_markup_from_outside(warning)
    shown = rendered(warning)
    assert "foo=![b](http://host/b.png)" in shown and "bar=[phish](http://host/p)" in shown


def test_source_titles_and_locality_labels_are_text(data_dir: Path, tmp_path: Path) -> None:
    title = f'{PHISH} <a href="http://host/x">Báo cáo</a>'
    rows = [
        [*hf.TEMPLATE_HEADER, "source_title", "source_date"],
        [*hf.template_row(period_start="2019", period_end="2019", value="373"), title, "2019"],
    ]
    result = ingest_file(hf.write_csv(tmp_path / "src.csv", rows), data_dir)
    assert result.status == "ok", result.problems
    at = open_page("tong-quan", {"p": "01", "d": "006", "period": "2019-2019"})
    assert problems(at) == []
    captions = [c.value for c in at.caption if "phish" in c.value]
    assert captions, [c.value for c in at.caption]
    for caption in captions:
        _no_markup_from_outside(caption)


def test_plotly_labels_from_data_are_escaped() -> None:
    name = '<a href="http://host/p">Xã Tân Minh</a>'
    fig = charts.ranked_bars([name, "Xã B"], pd.Series([3, 2]), "vi")
    assert list(fig.data[0].y) == ['&lt;a href="http://host/p"&gt;Xã Tân Minh&lt;/a&gt;', "Xã B"]
    stacked = charts.stacked_bars(
        pd.DataFrame({"code": ["1", "2"], "field": ["economy", "culture"], "value": [1, 2]}),
        "code",
        "field",
        "value",
        "vi",
        x_labels={"1": name, "2": "<b>B</b>"},
        color_dim="field",
    )
    # the names on the category axis (a long name lays the bars down: names on y)
    ticks = [v for tr in stacked.data for v in (tr.y if tr.orientation == "h" else tr.x)]
    assert ticks and all("<" not in t for t in ticks), ticks


def test_review_page_takes_a_figure_above_2_to_the_53(data_dir: Path) -> None:
    text = (
        f"Báo cáo {PHISH}\n\nNăm 2022, toàn tỉnh Hậu Giang có 1{'0' * 30} mô hình "
        f"“Dân vận khéo” được đăng ký {IMAGE}."
    )
    path = save_upload(data_dir, "lon.txt", text.encode("utf-8"))
    at = open_page("nhap-du-lieu")
    at.session_state[DOC_KEY] = str(path)
    at.run()
    assert problems(at) == []
    (value,) = [n for n in at.text_input if n.key and n.key.startswith("rv_val_")]
    assert at.button(key="imp_commit").disabled  # too large: typed again or rejected first
    assert any("lớn hơn giới hạn" in c.value for c in at.caption)
    for block in [m.value for m in at.markdown] + [h.value for h in at.subheader]:
        if "host" in block and "<div" not in block:
            _no_markup_from_outside(block)
    (decision,) = [s for s in at.selectbox if s.key and s.key.startswith("rv_dec_")]
    decision.set_value("confirmed")
    value.set_value("1.432")
    at.run()
    next(b for b in at.button if b.key == "imp_commit").click().run()
    assert problems(at) == []
    assert any("Đã ghi 1 con số" in s.value for s in at.success), [s.value for s in at.success]
