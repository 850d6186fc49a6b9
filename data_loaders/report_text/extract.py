"""Candidate tallies read from the prose of a report or news item.

:func:`extract` finds every stated count of models, exemplars, registrants,
commendations, nominations and contest entries or prizes, and returns them as
:class:`Candidate` rows in the vocabulary of ``data_loaders/reference/vocab/terms.csv``,
each with the sentence that states it. Candidates await review: ``confidence`` is lower for
approximate numbers ("hơn 1.000") and weak cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from data_loaders.reference.text import clean_text, fold_key
from data_loaders.report_text.candidate import CANDIDATE_KEYS, Candidate
from data_loaders.report_text.context import Context
from data_loaders.report_text.folding import fold_chars
from data_loaders.report_text.segment import split_sentences
from data_loaders.report_text.tidy import about_the_movement, deduplicate, reconcile_sums
from data_loaders.report_text.walker import DocumentWalker, Found
from data_loaders.storage import limits

__all__ = ["CANDIDATE_KEYS", "Candidate", "Explained", "explain", "extract", "normalise_text"]


def normalise_text(text: str) -> str:
    """NFC text with tidy lines; blank lines (paragraph breaks) are kept.

    >>> normalise_text("  Dòng  một \\r\\n\\r\\n\\tDòng hai ")
    'Dòng một\\n\\nDòng hai'
    """
    lines = [
        clean_text(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return "\n".join(lines).strip()


_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")


def check_numbers_per_sentence(body: str) -> None:
    """Refuse a sentence with more numbers than the limit (a table flattened into prose).

    >>> check_numbers_per_sentence("Có " + ", ".join(["1"] * 1001) + " mô hình.")
    Traceback (most recent call last):
    ...
    data_loaders.storage.limits.LimitExceeded: the sentence “Có 1, 1, ...” holds 1,001 numbers, ...
    """
    for sentence in split_sentences(body):
        count = sum(1 for _ in _NUMBER.finditer(sentence.text))
        if count > limits.MAX_NUMBERS_PER_SENTENCE:
            raise limits.LimitExceeded(
                f"the sentence “{sentence.text[:50]}…” holds {count:,} numbers, more than "
                f"the limit of {limits.MAX_NUMBERS_PER_SENTENCE:,}; enter such a table "
                "in the spreadsheet template"
            )


def drop_repeated_headline(body: str, title: str) -> str:
    """``body`` without its first line when that line is the headline again.

    A page copied whole starts with its headline; read twice, the headline's
    figures would be two tallies, and the lead paragraph (which sets the
    default period) would be the headline instead of the first paragraph.

    >>> drop_repeated_headline("Xã A có 12 mô hình\\n\\nNăm 2023, xã A có 12 mô hình.",
    ...                        "Xã A có 12 mô hình “Dân vận khéo”")
    'Năm 2023, xã A có 12 mô hình.'
    >>> drop_repeated_headline("Năm 2023, xã A có 12 mô hình.", "Xã A có 12 mô hình")
    'Năm 2023, xã A có 12 mô hình.'

    A dateline may come first ("08:10 12/05/2021", then the headline): it goes with it.

    >>> drop_repeated_headline("08:10:05 12/05/2021\\n\\nXã A có 12 mô hình\\n\\nNăm 2023 …",
    ...                        "Xã A có 12 mô hình")
    'Năm 2023 …'
    """
    head, _, after = body.lstrip("\n").partition("\n")
    if _DATELINE.match(head.strip()):
        shorter = _drop_first_if_headline(after.lstrip("\n"), title)
        if shorter != after.lstrip("\n"):
            return shorter
    return _drop_first_if_headline(body, title)


# A line holding only a date and time ("08:10:05 12/05/2021", "Thứ Ba, 13/10/2020, 09:15").
_DATELINE = re.compile(r"^[\w\s,]{0,12}?[\d:/.,\s()+-]*(?:GMT[+\d]*\)?)?$")


def _drop_first_if_headline(body: str, title: str) -> str:
    first, _, rest = body.partition("\n")
    key, title_key = fold_key(first), fold_key(title)
    if title_key and key and (key == title_key or (len(key) > 12 and title_key.startswith(key))):
        return rest.lstrip("\n")
    if (
        title_key
        and key
        and len(title_key) > 12
        and key.startswith(title_key)
        and len(key) - len(title_key) <= 20
    ):
        return rest.lstrip("\n")
    return body


def _flags(f: Found, ctx: Context) -> tuple[str, ...]:
    flags = []
    if f.res.unresolved_unit:
        flags.append("locality not found in the localities table: " + f.res.unresolved_unit)
    elif f.res.locality is None and ctx.place is None:
        if ctx.rejected:
            flags.append("locality not found in the localities table: " + ", ".join(ctx.rejected))
        else:
            flags.append("locality not stated")
    if f.res.period is None:
        flags.append("period not stated")
    elif not f.res.period_stated:
        flags.append("period inferred")
    elif f.res.period.end is None:
        flags.append("period end not known: “đến nay” on an undated page")
    elif f.res.period_to_now:
        year = "the year of publication" if ctx.dated else "the latest year the page names"
        if "nay" in fold_chars(f.quote):
            flags.append(f"period end inferred: “đến nay” read as {year}")
        else:  # a phase that runs past the report ("giai đoạn 2021-2025" in 2023)
            flags.append(f"period end inferred: the phase cut at {year}")
    flags += [f"{name} inferred" for name in f.res.inferred]
    return tuple(flags)


def _candidate(f: Found, ctx: Context) -> Candidate:
    r = f.res
    flags = _flags(f, ctx)
    confidence = r.confidence if f.sentence >= 0 else r.confidence * 0.9
    if any(flag.startswith("locality not found") for flag in flags):
        confidence *= 0.8
    if any(flag.startswith(("period inferred", "period not", "period end")) for flag in flags):
        confidence *= 0.95
    return Candidate(
        value=f.item.mention.value,
        metric=r.metric,
        kind=r.kind,
        field=r.field,
        theme=r.theme,
        subject=r.subject,
        level=r.level,
        award=r.award,
        period_start=r.period.start if r.period else None,
        period_end=r.period.end if r.period else None,
        locality=r.locality or (ctx.place.name if ctx.place and not r.unresolved_unit else None),
        province=ctx.province,
        quote=f.quote,
        confidence=round(confidence, 3),
        flags=flags,
    )


def extract(
    text: str,
    *,
    title: str | None = None,
    published: date | None = None,
    locality_hint: str | None = None,
    outlet: str | None = None,
) -> list[Candidate]:
    """Candidate tallies stated in ``text`` (and ``title``), in document order.

    Parameters
    ----------
    text
        The body of the report or article (plain text; paragraphs separated by
        blank lines).
    title
        Its headline, if known; figures stated only there are kept.
    published
        Publication date; relative periods ("đến nay", "6 tháng đầu năm") are
        anchored on it, else on the latest year the document states.
    locality_hint
        Locality the caller already knows the report is about; overrides the
        one read from the text.
    outlet
        The newspaper or portal that published it ("Báo Hậu Giang", "Thị ủy La
        Gi"); names the reporting unit when the text only says "toàn tỉnh".

    Examples
    --------
    >>> found = extract("Năm 2022, toàn quận có 181 tập thể và 176 cá nhân đăng ký thực hiện "
    ...                 "với tổng số 371 mô hình “Dân vận khéo”.", title="Quận Đống Đa (Hà Nội)")
    >>> for c in found:
    ...     print(c.value, c.metric, c.subject, c.period_start, c.period_end)
    181 registrants collective 2022-01-01 2022-12-31
    176 registrants individual 2022-01-01 2022-12-31
    371 models_registered all 2022-01-01 2022-12-31
    >>> found[0].locality, found[0].province
    ('Quận Đống Đa', 'Hà Nội')
    >>> [c.value for c in extract("Kỷ niệm 93 năm Ngày truyền thống; hơn 300 đại biểu; 85% hộ.")]
    []
    """
    found, ctx = _walk(text, title, published, locality_hint, outlet)
    return [_candidate(f, ctx) for f in found]


def _walk(
    text: str,
    title: str | None,
    published: date | None,
    locality_hint: str | None,
    outlet: str | None,
) -> tuple[list[Found], Context]:
    body = normalise_text(text)
    check_numbers_per_sentence(body)
    headline = clean_text(title) if title else ""
    if headline:
        body = drop_repeated_headline(body, headline)
    walker = DocumentWalker(body, headline, published, locality_hint, clean_text(outlet or ""))
    found = about_the_movement(walker, walker.run())
    reconcile_sums(found)
    return deduplicate(found), walker.ctx


@dataclass(frozen=True)
class Explained:
    """A candidate and, per attribute, the words that decided it (``dvk extract --explain``)."""

    candidate: Candidate
    why: dict[str, str]


_AWARD_WORDS = re.compile(r"(?i)\b(bằng khen|giấy khen|giải (?:nhất|nhì|ba|[abc])\b)")


def explain(
    text: str,
    *,
    title: str | None = None,
    published: date | None = None,
    locality_hint: str | None = None,
    outlet: str | None = None,
) -> list[Explained]:
    """Like :func:`extract`, with the words that decided each attribute of each figure.

    Examples
    --------
    >>> out = explain("Tại buổi lễ, Chủ tịch UBND tỉnh trao Bằng khen cho 21 tập thể tiêu biểu "
    ...               "của phong trào thi đua “Dân vận khéo” năm 2022.",
    ...               outlet="Báo Bà Rịa - Vũng Tàu")
    >>> why = out[0].why
    >>> why["level"], why["award"], why["period"]
    ('«UBND tỉnh»', '«Bằng khen»', '«năm 2022»')
    >>> why["locality"]
    'reporting unit, from the outlet'
    """
    found, ctx = _walk(text, title, published, locality_hint, outlet)
    out = []
    for f in found:
        candidate = _candidate(f, ctx)
        why = dict(f.res.evidence)
        if candidate.level == "none":
            why["level"] = "no level named"
        award = _AWARD_WORDS.search(f.quote)
        why["award"] = (
            f"«{award.group(1)}»" if candidate.award != "none" and award else "none named"
        )
        why.setdefault("theme", "no theme named" if candidate.theme == "none" else "named")
        if candidate.period_start is None:
            why["period"] = "not stated"
        if candidate.locality is None:
            why["locality"] = "; ".join(flag for flag in candidate.flags if "locality" in flag)
        for flag in candidate.flags:
            why.setdefault("review", flag)
        out.append(Explained(candidate, why))
    return out
