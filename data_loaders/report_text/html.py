"""Main text, title and publication date of a saved news page.

Navigation, menus, headers and footers, scripts, share bars, view counters
("Lượt xem: 1.234") and related-article lists are dropped; the block with
the most paragraph text (and the fewest links) is kept as the article body.
"""

from __future__ import annotations

import re
from datetime import date

from bs4 import BeautifulSoup, Tag

from data_loaders.reference.text import clean_text, fold_key
from data_loaders.report_text.dates import find_date, parse_date
from data_loaders.storage import limits

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "iframe", "svg", "button", "select", "input", "template", "menu")  # fmt: skip
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:nav|menu|breadcrumb|footer|header|sidebar|side-bar|related|lien-?quan"
    r"|tinlienquan|tin-khac|tinkhac|cung-chuyen-muc|other-news|more-news|xem-them|comment"
    r"|binh-luan|share|social|tags?|banner|advert|ads|quang-cao|view-?count|luot-?xem|widget"
    r"|popup|login|search|toolbar|print|rating|copyright)(?:$|[\s_-])",
    re.IGNORECASE,
)
_RELATED_HEADING = re.compile(
    r"^(?:tin|bai viet|bai|tin tuc)\s+(?:lien quan|cung chuyen muc|khac|moi|doc nhieu|noi bat)"
    r"|^xem them|^doc them|^tin noi bat|^xem nhieu nhat|^co the ban quan tam"
)
_NOISE_LINE = re.compile(
    r"^(?:luot xem|so luot xem|luot doc|view|views|chia se|in bai|ban in|gui bai|facebook"
    r"|twitter|zalo|trang chu|bai viet hay|hay danh gia|danh gia bai viet|cap nhat)\b"
    r"|^\d+\s*(?:luot xem|views?)$"
)
_BLOCKS = (
    *("p", "div", "section", "article", "li", "tr", "td", "th", "br", "h1", "h2", "h3"),
    *("h4", "h5", "h6", "blockquote", "figcaption", "dd", "dt", "pre", "table", "ul", "ol"),
)
_DATE_META = (
    ("property", "article:published_time"),
    ("property", "og:article:published_time"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "dc.date.issued"),
    ("itemprop", "datePublished"),
    ("name", "article:published_time"),
)


def _attr_text(tag: Tag) -> str:
    values = [tag.get("id") or "", *(tag.get("class") or [])]
    return " ".join(str(v) for v in values)


def _gone(tag: Tag) -> bool:
    """True for a decomposed tag, read from its own attributes.

    ``Tag.decomposed`` of an intact tag falls back to a search of its whole subtree for a
    child named "_decomposed", which made stripping quadratic in the nesting depth.
    """
    return bool(vars(tag).get("_decomposed", False))


def _strip_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if _gone(tag) or tag.name in ("html", "body"):
            continue
        if _BOILERPLATE.search(_attr_text(tag)) and tag.name not in ("article", "main"):
            tag.decompose()
    for tag in soup.find_all(["h2", "h3", "h4", "h5", "div", "p", "span", "strong"]):
        if _gone(tag):
            continue
        own = fold_key(tag.get_text(" ", strip=True))
        if own and len(own) < 40 and _RELATED_HEADING.search(own):
            follower = tag.find_next_sibling()
            if follower is not None and follower.name in ("ul", "ol", "div"):
                follower.decompose()
            tag.decompose()


def _link_density(tag: Tag) -> float:
    text = len(tag.get_text(" ", strip=True)) or 1
    links = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
    return links / text


def _main_block(soup: BeautifulSoup) -> Tag:
    """The element holding the article: the parent that collects the most paragraph text.

    Each paragraph credits its parent in full and its grandparent by half (the
    readability heuristic), less the share of its text that is links, so a
    wrapper holding the article and a sidebar loses to the article itself.
    """
    explicit = soup.find(attrs={"itemprop": "articleBody"})
    if isinstance(explicit, Tag) and len(explicit.get_text(strip=True)) > 200:
        return explicit
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    for paragraph in soup.find_all(["p", "td", "pre", "blockquote"]):
        text = paragraph.get_text(" ", strip=True)
        if len(text) < 25:
            continue
        credit = len(text) * (1 - _link_density(paragraph))
        parent = paragraph.parent
        for share in (1.0, 0.5):
            if not isinstance(parent, Tag):
                break
            tags[id(parent)] = parent
            scores[id(parent)] = scores.get(id(parent), 0.0) + credit * share
            parent = parent.parent
    if not scores:
        return soup.body or soup
    return tags[max(scores, key=scores.__getitem__)]


def _text_of(block: Tag) -> str:
    for br in block.find_all("br"):
        br.replace_with("\n")
    for tag in block.find_all(_BLOCKS):
        tag.insert_before("\n\n" if tag.name in ("p", "h1", "h2", "h3", "h4", "li") else "\n")
        tag.insert_after("\n\n" if tag.name in ("p", "h1", "h2", "h3", "h4", "li") else "\n")
    lines = []
    for raw in block.get_text().split("\n"):
        line = clean_text(raw)
        if line and _NOISE_LINE.search(fold_key(line)):
            continue
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _title(soup: BeautifulSoup) -> str | None:
    for candidate in (
        soup.find("h1"),
        soup.find("meta", attrs={"property": "og:title"}),
        soup.find("title"),
    ):
        if candidate is None:
            continue
        text = candidate.get("content") if candidate.name == "meta" else candidate.get_text(" ")
        text = clean_text(text)
        if candidate.name == "title":
            text = (
                re.split(r"\s+[|–—-]\s+(?=[^|–—-]*$)", text)[0]
                if " - " in text or " | " in text
                else text
            )
        if text:
            return text
    return None


def _published(soup: BeautifulSoup) -> date | None:
    """The publication date from meta tags or a <time> element."""
    for attr, value in _DATE_META:
        meta = soup.find("meta", attrs={attr: re.compile(f"^{re.escape(value)}$", re.I)})
        if meta is not None and (found := parse_date(str(meta.get("content", "")))):
            return found
    for tag in soup.find_all("time"):
        if found := parse_date(str(tag.get("datetime", "")) or tag.get_text(" ")):
            return found
    return None


def _depth(soup: BeautifulSoup) -> int:
    """How deeply the elements nest (one pass; no recursion)."""
    depth: dict[int, int] = {id(soup): 0}
    deepest = 0
    for tag in soup.descendants:
        if isinstance(tag, Tag):
            level = depth.get(id(tag.parent), 0) + 1
            depth[id(tag)] = level
            deepest = max(deepest, level)
    return deepest


def read_html(markup: str | bytes, name: str = "page") -> tuple[str, str | None, date | None]:
    """Main text, title and publication date of an HTML page.

    Examples
    --------
    >>> page = ('<html><head><title>Tin - Báo X</title></head><body><nav>Trang chủ</nav>'
    ...         '<div class="detail"><h1>Toàn tỉnh có 1.432 mô hình</h1><span>22/12/2023</span>'
    ...         '<p>Năm 2023 có 1.432 mô hình.</p><p>Lượt xem: 1.234</p></div></body></html>')
    >>> text, title, published = read_html(page)
    >>> title, published.isoformat(), "Lượt xem" in text, "Trang chủ" in text
    ('Toàn tỉnh có 1.432 mô hình', '2023-12-22', False, False)
    """
    soup = BeautifulSoup(markup, "lxml")
    deepest = _depth(soup)
    if deepest > limits.MAX_HTML_DEPTH:
        raise limits.LimitExceeded(
            f"{name}: the page nests its elements {deepest:,} deep, more than the limit of "
            f"{limits.MAX_HTML_DEPTH}; save the article's text instead"
        )
    title = _title(soup)
    published_meta = _published(soup)
    _strip_boilerplate(soup)
    page_text = clean_text(soup.get_text(" "))
    block = _main_block(soup)
    text = _text_of(block)
    if title and text.startswith(title):
        text = text[len(title) :].lstrip()
    published = published_meta or _top_date(page_text, text)
    return text, title, published


def _top_date(page_text: str, text: str) -> date | None:
    """A date printed above the article's first paragraph (a byline), else near the page top.

    Dates inside the article ("Kế hoạch số 84-KH/TU ngày 10/4/2018") are not its date.
    """
    paragraphs = [line for line in text.split("\n") if len(line) > 60]
    start = page_text.find(paragraphs[0][:40]) if paragraphs else -1
    head = page_text[:start] if start > 0 else page_text[:300]
    return find_date(head[-600:])
