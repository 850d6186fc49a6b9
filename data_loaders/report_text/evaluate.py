"""Score the extractor against a labelled corpus.

A corpus is a directory of ``NAME.txt`` report texts, each with a sibling
``NAME.labels.json``: ``{"title": …, "published": "YYYY-MM-DD" | null,
"locality": …, "province": …, "tallies": [{"value", "metric", "kind", "field",
"theme", "subject", "level", "award", "period_start", "period_end"}, …]}`` (a
bare list of tallies is accepted too). A candidate matches a label when value
and metric agree; among matched pairs the other attributes are compared.

Run ``python -m data_loaders.report_text.evaluate [CORPUS_DIR] [--json] [--verbose]
[--benchmark]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from data_loaders.report_text.extract import Candidate, extract

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "reports"
ATTRIBUTES: tuple[str, ...] = ("field", "subject", "level", "period", "award", "kind", "theme")


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

    @property
    def precision(self) -> float:
        return self.matched / self.candidates if self.candidates else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labels if self.labels else 1.0


def load_corpus(directory: Path) -> list[LabelledDocument]:
    """Read every ``*.txt`` with a ``*.labels.json`` sibling, sorted by name."""
    documents = []
    for text_path in sorted(directory.glob("*.txt")):
        label_path = text_path.with_name(text_path.stem + ".labels.json")
        if not label_path.exists():
            continue
        meta = json.loads(label_path.read_text(encoding="utf-8"))
        if isinstance(meta, list):
            meta = {"tallies": meta}
        published = meta.get("published")
        documents.append(
            LabelledDocument(
                name=text_path.stem,
                text=text_path.read_text(encoding="utf-8"),
                title=meta.get("title"),
                published=date.fromisoformat(published) if published else None,
                locality=meta.get("locality"),
                province=meta.get("province"),
                tallies=list(meta.get("tallies", [])),
            )
        )
    return documents


def _attribute(record: dict[str, object], name: str) -> object:
    if name == "period":
        return (record.get("period_start"), record.get("period_end"))
    return record.get(name)


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
        for name in ATTRIBUTES:
            if _attribute(label, name) == _attribute(found[best], name):
                score.agree[name] += 1
            else:
                score.mismatches.append(
                    {"value": label["value"], "metric": label["metric"], "attribute": name,
                     "expected": _attribute(label, name), "found": _attribute(found[best], name)}
                )  # fmt: skip
    score.spurious = [found[i] for i in free]
    if doc.locality and found:
        score.locality_ok = (found[0]["locality"], found[0]["province"]) == (
            doc.locality,
            doc.province,
        )
    return score


def evaluate(directory: Path = DEFAULT_CORPUS) -> list[DocumentScore]:
    """Run the extractor on every labelled document of ``directory``.

    >>> scores = evaluate()
    >>> len(scores) >= 25, all(0 <= s.precision <= 1 for s in scores)
    (True, True)
    """
    scores = []
    for doc in load_corpus(directory):
        candidates = extract(doc.text, title=doc.title, published=doc.published)
        scores.append(score_document(doc, candidates))
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
    for name in ATTRIBUTES:
        agree = sum(s.agree.get(name, 0) for s in scores)
        result[f"{name}_accuracy"] = round(agree / matched, 4) if matched else None
    checked = [s.locality_ok for s in scores if s.locality_ok is not None]
    result["locality_accuracy"] = round(sum(checked) / len(checked), 4) if checked else None
    return result


def _as_json(scores: Sequence[DocumentScore]) -> str:
    documents = []
    for s in scores:
        row: dict[str, object] = {
            "name": s.name, "labels": s.labels, "candidates": s.candidates, "matched": s.matched,
            "precision": round(s.precision, 4), "recall": round(s.recall, 4),
            "locality_ok": s.locality_ok, "missed": s.missed, "spurious": s.spurious,
            "mismatches": s.mismatches,
        }  # fmt: skip
        for name in ATTRIBUTES:
            row[f"{name}_accuracy"] = round(s.agree[name] / s.matched, 4) if s.matched else None
        documents.append(row)
    return json.dumps({"overall": overall(scores), "documents": documents}, ensure_ascii=False,
                      indent=2, default=str)  # fmt: skip


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
        + f", locality {pct(total['locality_accuracy']).strip()}"
    )
    return "\n".join(lines)


def benchmark(directory: Path = DEFAULT_CORPUS, repeat: int = 3) -> dict[str, float]:
    """Time the extractor: per corpus document and on one long article (all texts joined).

    Returns milliseconds; printed by ``--benchmark`` (a report, not a test threshold).
    """
    texts = [doc.text for doc in load_corpus(directory)]
    joined = "\n\n".join(texts)
    started = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            extract(text)
    per_document = (time.perf_counter() - started) / (repeat * max(len(texts), 1))
    started = time.perf_counter()
    for _ in range(repeat):
        extract(joined)
    long_article = (time.perf_counter() - started) / repeat
    return {
        "documents": len(texts),
        "ms_per_document": round(per_document * 1000, 2),
        "long_article_words": len(joined.split()),
        "ms_long_article": round(long_article * 1000, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print precision/recall per document and overall.

    Examples
    --------
    >>> main(["--json", "/nonexistent-corpus"])
    Traceback (most recent call last):
    ...
    SystemExit: corpus directory not found: /nonexistent-corpus
    """
    parser = argparse.ArgumentParser(
        prog="python -m data_loaders.report_text.evaluate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and errors")
    parser.add_argument("--benchmark", action="store_true", help="also print extraction times")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        raise SystemExit(f"corpus directory not found: {args.corpus}")
    if args.benchmark:
        timing = benchmark(args.corpus)
        print(
            f"benchmark: {timing['ms_per_document']} ms per document "
            f"({timing['documents']} documents); {timing['ms_long_article']} ms for one article "
            f"of {timing['long_article_words']} words"
        )
    scores = evaluate(args.corpus)
    print(_as_json(scores) if args.json else _as_text(scores, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
