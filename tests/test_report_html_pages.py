"""Main text of pages shaped like published ones: menus, related-article lists, comments.

Every page is written here (our own words). Each keeps its article paragraphs and drops the
rest; the figures ``extract`` reads from the kept text are the article's and no others.
The same pages compared the current reader with trafilatura 2.3.1 (issue 16; the figures are
in tests/corpus/real/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from data_loaders.report_text import extract
from data_loaders.report_text.readers import read_document

DVK = "“Dân vận khéo”"


@dataclass(frozen=True)
class Page:
    name: str
    html: str
    article: tuple[str, ...]  # paragraphs that must be kept
    junk: tuple[str, ...]  # words of menus, lists and comments that must not be
    figures: tuple[int, ...]  # values extract() must find, in order


_P1 = f"Năm 2023, huyện Lục Yên có 318 mô hình {DVK} được đăng ký trên các lĩnh vực."
_P2 = f"Ban Dân vận Huyện ủy đã đề nghị công nhận 42 mô hình {DVK} cấp huyện."
_P3 = "Các mô hình tập trung vào vận động nhân dân hiến đất làm đường và giữ gìn vệ sinh."
_RELATED = "Xã Tân Lĩnh có 27 mô hình dân vận khéo được công nhận"
_COMMENT = "Xã tôi cũng có 15 mô hình dân vận khéo, sao báo không nhắc?"

NEWSPAPER = Page(
    "newspaper",
    f"""<html><head><title>Lục Yên có 318 mô hình {DVK} - Báo Yên Bái</title>
<meta property="article:published_time" content="2023-11-20T08:00:00+07:00"></head><body>
<header><div class="logo">Báo Yên Bái</div><ul class="menu"><li><a href="/">Trang chủ</a></li>
<li><a href="/cs">Chính trị</a></li><li><a href="/kt">Kinh tế</a></li></ul></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/cs">Chính trị</a></div>
<main><article><h1>Lục Yên có 318 mô hình {DVK}</h1><div class="meta">20/11/2023 08:00</div>
<p>{_P1}</p><p>{_P2}</p><p>{_P3}</p>
<div class="share-bar"><a>Facebook</a> <a>Zalo</a> Lượt xem: 2.431</div></article>
<section class="tin-lien-quan"><h3>Tin liên quan</h3><ul><li><a href="/1">{_RELATED}</a></li>
<li><a href="/2">Trấn Yên trao 5 giải hội thi dân vận khéo</a></li></ul></section>
<div id="comments" class="comment-list"><h3>Bình luận</h3><div class="comment"><b>Bạn đọc Hoa</b>
<p>{_COMMENT}</p></div></div></main>
<footer><p>Cơ quan của Đảng bộ tỉnh Yên Bái. Giấy phép số 123/GP-BTTTT năm 2021.</p></footer>
</body></html>""",
    (_P1, _P2, _P3),
    ("Trang chủ", "Tân Lĩnh", "Xã tôi", "Giấy phép", "Lượt xem", "5 giải"),
    (318, 42),
)

_Q1 = f"Qua 5 năm, toàn thị xã Nghĩa Lộ đã biểu dương 64 điển hình {DVK} tiêu biểu."
_Q2 = "Nhiều điển hình là người có uy tín ở thôn bản, được nhân dân tin tưởng và làm theo."
PORTAL = Page(
    "portal with layout tables",
    f"""<html><head><title>Thị ủy Nghĩa Lộ</title></head><body>
<table width="100%"><tr><td class="left" width="20%">
<a href="/a">Giới thiệu</a><br><a href="/b">Văn bản</a><br><a href="/c">Lịch công tác</a><br>
<a href="/d">Hỏi đáp</a><br><a href="/e">Liên hệ</a></td>
<td width="60%"><h2>Biểu dương điển hình {DVK} giai đoạn 2019 - 2024</h2>
<span class="date">Ngày 12/10/2024</span><p>{_Q1}</p><p>{_Q2}</p>
<div class="other-news"><b>Các tin khác</b><ul>
<li><a href="/x">Nghĩa Lộ có 12 tập thể được khen thưởng năm 2022</a></li>
<li><a href="/y">Phường Tân An ra mắt mô hình tự quản</a></li></ul></div></td>
<td width="20%"><div class="banner"><a href="/q">Quảng cáo</a></div>
<div class="xem-nhieu"><b>Xem nhiều nhất</b><a href="/z">Hội thi có 20 đội tham gia</a></div></td>
</tr></table></body></html>""",
    (_Q1, _Q2),
    ("Giới thiệu", "12 tập thể", "tự quản", "Quảng cáo", "20 đội"),
    (64,),
)

_R1 = f"Năm 2022, toàn tỉnh có 2.105 mô hình {DVK}, trong đó 1.230 mô hình tập thể."
_R2 = "Ảnh: Nhân dân thôn Khe Cam hiến đất mở đường liên thôn."
AGGREGATOR = Page(
    "aggregator with related cards",
    f"""<html><head><title>Toàn tỉnh có 2.105 mô hình - Tin mới</title></head><body>
<div class="top-nav"><a>Mới nhất</a><a>Thế giới</a><a>Xã hội</a></div>
<div class="article-body" itemprop="articleBody"><h1>Toàn tỉnh có 2.105 mô hình {DVK}</h1>
<p>{_R1}</p><figure><img src="a.jpg"><figcaption>{_R2}</figcaption></figure>
<p>Nguồn: Báo Tuyên Quang</p></div>
<div class="related-news"><div class="card"><a href="/1">Hà Giang có 6.000 mô hình dân vận
khéo</a><p>Tỉnh Hà Giang vừa tổng kết, toàn tỉnh có hơn 6.000 mô hình.</p></div>
<div class="card"><a href="/2">Lào Cai biểu dương 90 điển hình</a>
<p>Lào Cai biểu dương 90 điển hình dân vận khéo giai đoạn 2021-2025.</p></div></div>
</body></html>""",
    (_R1, _R2),
    ("Mới nhất", "6.000", "90 điển hình"),
    (2105, 1230),
)

PAGES = (NEWSPAPER, PORTAL, AGGREGATOR)


def _read(page: Page, tmp_path: Path) -> tuple[str, list[int]]:
    path = tmp_path / f"{page.name.split()[0]}.html"
    path.write_text(page.html, encoding="utf-8")
    document = read_document(path)
    found = extract(document.text, title=document.title, published=document.published)
    return document.text, [c.value for c in found]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_reader_keeps_the_article_and_drops_menus_lists_and_comments(
    page: Page, tmp_path: Path
) -> None:
    text, values = _read(page, tmp_path)
    assert [p for p in page.article if p not in text] == []
    assert [j for j in page.junk if j in text] == []
    assert values == list(page.figures)
