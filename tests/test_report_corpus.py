"""The labelled corpus (tests/corpus/reports) and the extractor's scores on it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashboard.tools.evaluate_reports import (
    DEFAULT_CORPUS,
    benchmark,
    evaluate,
    load_corpus,
    overall,
    run,
)
from data_loaders.reference import vocabulary
from data_loaders.report_text.numbers import find_numbers

CORPUS = Path(__file__).parent / "corpus" / "reports"
DIMENSIONS = ("metric", "kind", "field", "theme", "subject", "level", "award")


def test_default_corpus_is_the_repository_one() -> None:
    assert DEFAULT_CORPUS.resolve() == CORPUS.resolve()


def test_corpus_is_large_and_varied() -> None:
    docs = load_corpus(CORPUS)
    assert len(docs) >= 25
    assert len(list(CORPUS.glob("*.txt"))) == len(docs), "every text needs its labels"
    metrics = {t["metric"] for d in docs for t in d.tallies}
    assert metrics == set(vocabulary.ids("metric"))
    years = {int(str(t["period_end"])[:4]) for d in docs for t in d.tallies}
    assert min(years) <= 2011 and max(years) >= 2025
    assert any(not d.tallies for d in docs), "documents with no tallies test the distractors"


@pytest.mark.parametrize("doc", load_corpus(CORPUS), ids=lambda d: d.name)
def test_labels_are_well_formed(doc) -> None:
    stated = {m.value for m in find_numbers(f"{doc.title or ''}\n{doc.text}")}
    for tally in doc.tallies:
        for dimension in DIMENSIONS:
            assert vocabulary.is_valid(dimension, tally[dimension]), (dimension, tally)
        start = date.fromisoformat(tally["period_start"])
        end = date.fromisoformat(tally["period_end"])
        assert start <= end
        assert isinstance(tally["value"], int) and tally["value"] >= 0
        assert tally["value"] in stated, f"{tally['value']} is not written in {doc.name}"


def test_extractor_meets_the_precision_and_recall_targets() -> None:
    scores = evaluate(CORPUS)
    total = overall(scores)
    assert total["precision"] >= 0.9, total
    assert total["recall"] >= 0.85, total
    for attribute in ("field", "subject", "level", "period"):
        assert total[f"{attribute}_accuracy"] >= 0.85, (attribute, total)


def test_documents_without_tallies_give_no_candidates() -> None:
    empty = [s for s in evaluate(CORPUS) if s.labels == 0]
    assert empty and all(s.candidates == 0 for s in empty)


def test_command_line_text_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(CORPUS) == 0
    text = capsys.readouterr().out
    assert "precision" in text and "recall" in text and "dongda-2022" in text
    assert run(CORPUS, as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["documents"] == len(load_corpus(CORPUS))
    assert {"precision", "recall", "field_accuracy", "period_accuracy"} <= set(data["overall"])
    assert {"name", "precision", "recall", "missed", "spurious"} <= set(data["documents"][0])
    with pytest.raises(SystemExit, match="corpus directory not found"):
        run(tmp_path / "missing")


def test_a_bare_list_of_tallies_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Năm 2023 toàn huyện có 336 mô hình.", encoding="utf-8")
    label = [{"value": 336, "metric": "models_registered"}]
    (tmp_path / "a.labels.json").write_text(json.dumps(label), encoding="utf-8")
    (score,) = evaluate(tmp_path)
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_benchmark_prints_timings(capsys: pytest.CaptureFixture[str]) -> None:
    timing = benchmark(CORPUS, repeat=1)
    print(f"report-text benchmark: {timing}")  # shown with -s; speed is reported, not asserted
    assert timing["documents"] >= 25 and timing["long_article_words"] > 3000
    assert timing["ms_per_document"] > 0 and timing["ms_long_article"] > 0
