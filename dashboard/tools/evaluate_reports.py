"""Score the extractor against a labelled corpus.

A corpus is a directory of ``NAME.txt`` report texts, each with a sibling
``NAME.labels.json``: ``{"title": …, "published": "YYYY-MM-DD" | null,
"locality": …, "province": …, "tallies": [{"value", "metric", "kind", "field",
"theme", "subject", "level", "award", "period_start", "period_end"}, …]}`` (a
bare list of tallies is accepted too). A candidate matches a label when value
and metric agree; among matched pairs the other attributes are compared.

A corpus may hold a ``split.json`` (``{"dev": [names], "test": [names]}``): the
scores are then printed for each half (tune on ``dev``, report both). Besides
value+metric precision and recall, the evaluation counts a candidate as fully
right when every attribute (field, subject, level, award, theme, period and
locality) agrees too (all-attribute precision, recall, F1), counts localities
that are not real units (invented localities) and times the extraction.

The texts may live apart from the labels: ``--texts DIR`` (for ``tests/corpus/real``
also the environment variable ``DVK_REAL_CORPUS_TEXTS``) names a directory holding
``NAME.txt`` for each ``NAME.labels.json``. The corpus of real published reports
keeps only its labels and references in the repository; its texts belong to their
publishers and must be supplied that way.

Run ``dvk evaluate-reports [CORPUS_DIR] [--texts DIR] [--json] [--verbose] [--benchmark]
[--half dev|test]``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from data_loaders.report_text.extract import Candidate, extract
from data_loaders.report_text.gazetteer import lookup

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "reports"
REAL_CORPUS = DEFAULT_CORPUS.parent / "real"
TEXTS_ENV = "DVK_REAL_CORPUS_TEXTS"
ATTRIBUTES: tuple[str, ...] = ("field", "subject", "level", "period", "award", "kind", "theme")
# What must agree, besides value and metric, for a candidate to be fully right.
ALL_ATTRIBUTES: tuple[str, ...] = (
    "field", "subject", "level", "award", "theme", "period", "locality",
)  # fmt: skip


@dataclass(frozen=True)
class LabelledDocument:
    """One report text and the tallies a careful reader takes from it."""

    name: str
    text: str
    title: str | None
    published: date | None
    locality: str | None
    province: str | None
    tallies: list[dict[str, object]]
    outlet: str | None = None


@dataclass
class DocumentScore:
    """Matches of one document."""

    name: str
    labels: int
    candidates: int
    matched: int
    agree: dict[str, int] = field(default_factory=dict)
    missed: list[dict[str, object]] = field(default_factory=list)
    spurious: list[dict[str, object]] = field(default_factory=list)
    mismatches: list[dict[str, object]] = field(default_factory=list)
    locality_ok: bool | None = None
    complete: int = 0  # matched candidates whose every attribute (ALL_ATTRIBUTES) agrees
    invented: list[str] = field(default_factory=list)  # localities that are no real unit
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.candidates if self.candidates else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labels if self.labels else 1.0


def parse_published(value: str | None) -> date | None:
    """A publication date given as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (first day).

    >>> parse_published("2021-12"), parse_published("2019"), parse_published(None)
    (datetime.date(2021, 12, 1), datetime.date(2019, 1, 1), None)
    """
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return date(*(parts + [1, 1])[:3])


def load_split(directory: Path) -> dict[str, list[str]]:
    """The fixed development and test halves of a corpus (empty when it has none)."""
    path = directory / "split.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {half: list(data[half]) for half in ("dev", "test")}


def labelled_names(directory: Path) -> list[str]:
    """The names of the documents labelled in ``directory`` (``NAME.labels.json``), sorted."""
    return sorted(p.name.removesuffix(".labels.json") for p in directory.glob("*.labels.json"))


def _text_path(name: str, directory: Path, texts: Path | None) -> Path | None:
    """Where the text of ``name`` is: in ``texts`` first, else beside its labels."""
    for folder in (texts, directory):
        if folder is not None and (folder / f"{name}.txt").is_file():
            return folder / f"{name}.txt"
    return None


def missing_texts(directory: Path, texts: Path | None = None) -> list[str]:
    """Labelled documents whose text is neither in ``texts`` nor beside the labels.

    >>> missing_texts(DEFAULT_CORPUS)
    []
    """
    return [n for n in labelled_names(directory) if _text_path(n, directory, texts) is None]


def load_corpus(
    directory: Path, names: Sequence[str] | None = None, texts: Path | None = None
) -> list[LabelledDocument]:
    """Read every labelled document whose text is available, sorted by name.

    ``names`` keeps only those documents (one half of a split corpus); ``texts`` is a
    directory holding ``NAME.txt`` apart from the labels (see :func:`missing_texts`).
    """
    documents = []
    for name in labelled_names(directory):
        if names is not None and name not in names:
            continue
        text_path = _text_path(name, directory, texts)
        if text_path is None:
            continue
        meta = json.loads((directory / f"{name}.labels.json").read_text(encoding="utf-8"))
        if isinstance(meta, list):
            meta = {"tallies": meta}
        documents.append(
            LabelledDocument(
                name=name,
                text=text_path.read_text(encoding="utf-8"),
                title=meta.get("title"),
                published=parse_published(meta.get("published")),
                locality=meta.get("locality"),
                province=meta.get("province"),
                tallies=list(meta.get("tallies", [])),
                outlet=meta.get("outlet"),
            )
        )
    return documents


def _attribute(record: dict[str, object], name: str) -> object:
    if name == "period":
        return (record.get("period_start"), record.get("period_end"))
    if name == "locality":
        return (record.get("locality"), record.get("province"))
    return record.get(name)


def _with_place(label: dict[str, object], doc: LabelledDocument) -> dict[str, object]:
    """The label with its locality: its own (a smaller unit named with it) or the document's."""
    return {**label, "locality": label.get("locality") or doc.locality, "province": doc.province}


def invented_localities(candidates: Sequence[Candidate]) -> list[str]:
    """Localities given to candidates that resolve to no real unit of the localities table.

    >>> invented_localities([])
    []
    """
    names = dict.fromkeys(c.locality for c in candidates if c.locality)
    province = next((c.province for c in candidates if c.province), None)
    return [n for n in names if not lookup(n, province).real]


def _agreement(label: dict[str, object], candidate: dict[str, object]) -> int:
    return sum(_attribute(label, a) == _attribute(candidate, a) for a in ATTRIBUTES)


def score_document(doc: LabelledDocument, candidates: list[Candidate]) -> DocumentScore:
    """Match candidates to labels on (value, metric), best attribute agreement first.

    >>> doc = LabelledDocument("x", "Năm 2023 có 336 mô hình.", None, None, None, None,
    ...                        [{"value": 336, "metric": "models_registered", "field": "all"}])
    >>> score = score_document(doc, extract(doc.text))
    >>> score.precision, score.recall, score.agree["field"]
    (1.0, 1.0, 1)
    """
    found = [c.to_dict() for c in candidates]
    free = list(range(len(found)))
    score = DocumentScore(doc.name, len(doc.tallies), len(found), 0, dict.fromkeys(ATTRIBUTES, 0))
    for label in doc.tallies:
        options = [
            i
            for i in free
            if found[i]["value"] == label["value"] and found[i]["metric"] == label["metric"]
        ]
        if not options:
            score.missed.append(label)
            continue
        best = max(options, key=lambda i: _agreement(label, found[i]))
        free.remove(best)
        score.matched += 1
        placed = _with_place(label, doc)
        if all(_attribute(placed, a) == _attribute(found[best], a) for a in ALL_ATTRIBUTES):
            score.complete += 1
        if _attribute(placed, "locality") == _attribute(found[best], "locality"):
            score.agree["place"] = score.agree.get("place", 0) + 1
        else:
            score.mismatches.append(
                {"value": label["value"], "metric": label["metric"], "attribute": "locality",
                 "expected": _attribute(placed, "locality"),
                 "found": _attribute(found[best], "locality")}
            )  # fmt: skip
        for name in ATTRIBUTES:
            if _attribute(label, name) == _attribute(found[best], name):
                score.agree[name] += 1
            else:
                score.mismatches.append(
                    {"value": label["value"], "metric": label["metric"], "attribute": name,
                     "expected": _attribute(label, name), "found": _attribute(found[best], name)}
                )  # fmt: skip
    score.spurious = [found[i] for i in free]
    score.invented = invented_localities(candidates)
    if doc.locality and found:
        score.locality_ok = (found[0]["locality"], found[0]["province"]) == (
            doc.locality,
            doc.province,
        )
    return score


def evaluate(
    directory: Path = DEFAULT_CORPUS, half: str | None = None, texts: Path | None = None
) -> list[DocumentScore]:
    """Run the extractor on every labelled document of ``directory`` (or of one ``half``).

    ``texts``: a directory holding the texts apart from the labels (:func:`load_corpus`).

    >>> scores = evaluate()
    >>> len(scores) >= 25, all(0 <= s.precision <= 1 for s in scores)
    (True, True)
    """
    names = load_split(directory)[half] if half else None
    lookup("Thành phố Hà Nội")  # load the localities table once, outside the timings
    scores = []
    for doc in load_corpus(directory, names, texts):
        started = time.perf_counter()
        candidates = extract(doc.text, title=doc.title, published=doc.published, outlet=doc.outlet)
        elapsed = time.perf_counter() - started
        score = score_document(doc, candidates)
        score.seconds = elapsed
        scores.append(score)
    return scores


def overall(scores: Sequence[DocumentScore]) -> dict[str, object]:
    """Micro-averaged precision, recall and attribute accuracy over all documents.

    >>> total = overall([DocumentScore("a", 4, 5, 4, {"field": 3}), DocumentScore("b", 2, 1, 1)])
    >>> total["precision"], total["recall"], total["field_accuracy"]
    (0.8333, 0.8333, 0.6)
    """
    labels = sum(s.labels for s in scores)
    candidates = sum(s.candidates for s in scores)
    matched = sum(s.matched for s in scores)
    result: dict[str, object] = {
        "documents": len(scores),
        "labels": labels,
        "candidates": candidates,
        "matched": matched,
        "precision": round(matched / candidates, 4) if candidates else 1.0,
        "recall": round(matched / labels, 4) if labels else 1.0,
    }
    for name in (*ATTRIBUTES, "place"):
        agree = sum(s.agree.get(name, 0) for s in scores)
        result[f"{name}_accuracy"] = round(agree / matched, 4) if matched else None
    checked = [s.locality_ok for s in scores if s.locality_ok is not None]
    result["locality_accuracy"] = round(sum(checked) / len(checked), 4) if checked else None
    complete = sum(s.complete for s in scores)
    p_all = complete / candidates if candidates else 1.0
    r_all = complete / labels if labels else 1.0
    result["all_attribute_precision"] = round(p_all, 4)
    result["all_attribute_recall"] = round(r_all, 4)
    result["all_attribute_f1"] = round(2 * p_all * r_all / (p_all + r_all), 4) if complete else 0.0
    result["invented_localities"] = sum(len(s.invented) for s in scores)
    timed = [s.seconds for s in scores]
    result["ms_per_document"] = round(1000 * sum(timed) / len(timed), 2) if timed else None
    return result


def _document_rows(scores: Sequence[DocumentScore]) -> list[dict[str, object]]:
    documents = []
    for s in scores:
        row: dict[str, object] = {
            "name": s.name, "labels": s.labels, "candidates": s.candidates, "matched": s.matched,
            "precision": round(s.precision, 4), "recall": round(s.recall, 4),
            "locality_ok": s.locality_ok, "missed": s.missed, "spurious": s.spurious,
            "mismatches": s.mismatches, "complete": s.complete, "invented": s.invented,
            "ms": round(1000 * s.seconds, 2),
        }  # fmt: skip
        for name in ATTRIBUTES:
            row[f"{name}_accuracy"] = round(s.agree[name] / s.matched, 4) if s.matched else None
        documents.append(row)
    return documents


def _as_json(halves: dict[str, list[DocumentScore]]) -> str:
    if list(halves) == ["all"]:
        scores = halves["all"]
        data: dict[str, object] = {"overall": overall(scores), "documents": _document_rows(scores)}
    else:
        data = {
            half: {"overall": overall(scores), "documents": _document_rows(scores)}
            for half, scores in halves.items()
        }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _as_text(scores: Sequence[DocumentScore], verbose: bool) -> str:
    def pct(value: object) -> str:
        return "   -  " if value is None else f"{float(value):6.1%}"  # type: ignore[arg-type]

    lines = [
        f"{'document':<22}{'labels':>7}{'found':>7}{'match':>7}{'prec':>8}{'recall':>8}"
        f"{'field':>8}{'subj':>8}{'level':>8}{'period':>8}"
    ]
    for s in scores:
        acc = [
            s.agree[a] / s.matched if s.matched else None
            for a in ("field", "subject", "level", "period")
        ]
        lines.append(
            f"{s.name:<22}{s.labels:>7}{s.candidates:>7}{s.matched:>7}"
            f"{pct(s.precision):>8}{pct(s.recall):>8}" + "".join(f"{pct(a):>8}" for a in acc)
        )
        if verbose:
            lines += [f"    missed   {m['value']:>6} {m['metric']}" for m in s.missed]
            lines += [
                f"    spurious {c['value']:>6} {c['metric']}  «{c['quote']}»" for c in s.spurious
            ]
            lines += [
                f"    wrong    {m['value']:>6} {m['metric']} {m['attribute']}: "
                f"expected {m['expected']}, found {m['found']}"
                for m in s.mismatches
            ]
            lines += [f"    invented locality {name}" for name in s.invented]
    total = overall(scores)
    lines.append("")
    lines.append(
        f"overall: {total['documents']} documents, {total['labels']} labels, "
        f"{total['candidates']} candidates, {total['matched']} matched"
    )
    lines.append(f"precision {pct(total['precision'])}   recall {pct(total['recall'])}")
    lines.append(
        "accuracy among matched: "
        + ", ".join(f"{a} {pct(total[f'{a}_accuracy']).strip()}" for a in ATTRIBUTES)
        + f", locality {pct(total['place_accuracy']).strip()}"
        + f" (document's unit {pct(total['locality_accuracy']).strip()})"
    )
    lines.append(
        f"all attributes: precision {pct(total['all_attribute_precision']).strip()}, "
        f"recall {pct(total['all_attribute_recall']).strip()}, "
        f"F1 {pct(total['all_attribute_f1']).strip()};  "
        f"invented localities {total['invented_localities']};  "
        f"{total['ms_per_document']} ms per document"
    )
    return "\n".join(lines)


def benchmark(
    directory: Path = DEFAULT_CORPUS, repeat: int = 3, texts: Path | None = None
) -> dict[str, float]:
    """Time the extractor: per corpus document and on one long article (all texts joined).

    Returns milliseconds; printed by ``--benchmark`` (a report, not a test threshold).
    """
    bodies = [doc.text for doc in load_corpus(directory, texts=texts)]
    joined = "\n\n".join(bodies)
    lookup("Thành phố Hà Nội")  # load the localities table once, outside the timings
    started = time.perf_counter()
    for _ in range(repeat):
        for text in bodies:
            extract(text)
    per_document = (time.perf_counter() - started) / (repeat * max(len(bodies), 1))
    started = time.perf_counter()
    for _ in range(repeat):
        extract(joined)
    long_article = (time.perf_counter() - started) / repeat
    return {
        "documents": len(bodies),
        "ms_per_document": round(per_document * 1000, 2),
        "long_article_words": len(joined.split()),
        "ms_long_article": round(long_article * 1000, 1),
    }


def texts_not_supplied(directory: Path, missing: Sequence[str]) -> str:
    """What to tell a user who evaluates a corpus whose texts are not supplied.

    >>> print(texts_not_supplied(Path("tests/corpus/real"), ["a", "b"]).splitlines()[0])
    The texts of 2 labelled documents of tests/corpus/real are not available.
    """
    return (
        f"The texts of {len(missing)} labelled documents of {directory} are not available.\n"
        "The texts of the real published reports are not kept in the repository: they belong "
        "to their publishers, and the page store they were read from does not allow copying "
        "them. Only the references (title, outlet, date, URL) and the hand-made labels are "
        "kept.\n"
        f"Supply the texts as NAME.txt files (one per NAME.labels.json) in a directory: "
        f"--texts DIR, or the environment variable {TEXTS_ENV}=DIR. "
        f"See {directory / 'README.md'}."
    )


def run(
    corpus: Path = DEFAULT_CORPUS,
    texts: Path | None = None,
    as_json: bool = False,
    verbose: bool = False,
    with_benchmark: bool = False,
    half: str | None = None,
) -> int:
    """``dvk evaluate-reports``: print precision/recall per document and overall.

    Examples
    --------
    >>> run(Path("/nonexistent-corpus"), as_json=True)
    Traceback (most recent call last):
    ...
    SystemExit: corpus directory not found: /nonexistent-corpus
    """
    if half not in (None, "dev", "test"):
        raise SystemExit(f"--half must be dev or test, not {half!r}")
    if not corpus.is_dir():
        raise SystemExit(f"corpus directory not found: {corpus}")
    if texts is None and os.environ.get(TEXTS_ENV) and corpus.resolve() == REAL_CORPUS:
        texts = Path(os.environ[TEXTS_ENV])  # only for the real corpus: names may recur elsewhere
    if texts is not None and not texts.is_dir():
        raise SystemExit(f"texts directory not found: {texts}")
    missing = missing_texts(corpus, texts)
    if missing and len(missing) == len(labelled_names(corpus)):
        print(texts_not_supplied(corpus, missing))
        return 0
    if missing:
        print(
            f"warning: no text for {len(missing)} labelled documents, left out of the scores: "
            + ", ".join(missing),
            file=sys.stderr,
        )
    if with_benchmark:
        timing = benchmark(corpus, texts=texts)
        print(
            f"benchmark: {timing['ms_per_document']} ms per document "
            f"({timing['documents']} documents); {timing['ms_long_article']} ms for one article "
            f"of {timing['long_article_words']} words"
        )
    split = load_split(corpus)
    if half and not split:
        raise SystemExit(f"{corpus} has no split.json")
    chosen = [half] if half else list(split) or ["all"]
    halves = {h: evaluate(corpus, None if h == "all" else h, texts) for h in chosen}
    if as_json:
        print(_as_json(halves))
        return 0
    for name, scores in halves.items():
        if name != "all":
            print(f"== {name} half ({len(scores)} documents) ==")
        print(_as_text(scores, verbose))
    return 0
