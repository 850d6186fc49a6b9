"""The corpus of real published reports (tests/corpus/real): references, labels and split.

The texts of those reports are not in the repository (they belong to their publishers); these
tests check what is: the references, the hand-made labels and the fixed split. The extractor's
scores on the corpus are measured with the texts supplied separately (``--texts DIR``) and
recorded in tests/corpus/real/README.md.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from dashboard.tools.evaluate_reports import (
    DEFAULT_CORPUS,
    REAL_CORPUS,
    TEXTS_ENV,
    evaluate,
    invented_localities,
    labelled_names,
    load_corpus,
    load_split,
    missing_texts,
    overall,
    parse_published,
    run,
)
from data_loaders.reference import vocabulary
from data_loaders.report_text.candidate import Candidate
from data_loaders.report_text.gazetteer import lookup

CORPUS = Path(__file__).parent / "corpus" / "real"
DIMENSIONS = ("metric", "kind", "field", "theme", "subject", "level", "award")
# A reference and its labels; nothing that could hold the article's own sentences.
DOCUMENT_KEYS = {"title", "published", "outlet", "url", "title_from_slug", "locality",
                 "province", "note", "tallies"}  # fmt: skip
TALLY_KEYS = {"value", "metric", "kind", "field", "theme", "subject", "level", "award",
              "period_start", "period_end", "locality", "note"}  # fmt: skip
NAMES = labelled_names(CORPUS)


def _meta(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.labels.json").read_text(encoding="utf-8"))


def test_real_corpus_is_the_repository_one() -> None:
    assert REAL_CORPUS.resolve() == CORPUS.resolve()


def test_the_texts_of_the_publishers_are_not_in_the_repository() -> None:
    assert not list(CORPUS.glob("*.txt"))
    assert missing_texts(CORPUS) == NAMES


def test_corpus_is_large_varied_and_sourced() -> None:
    assert len(NAMES) >= 60
    metas = [_meta(n) for n in NAMES]
    assert len({m["province"] for m in metas}) >= 30
    assert any(not m["tallies"] for m in metas), "documents with no figures test the distractors"
    for name, meta in zip(NAMES, metas, strict=True):
        assert str(meta["url"]).startswith("http"), name
        assert meta["outlet"], name
        assert isinstance(meta["title_from_slug"], bool), name


def test_split_is_fixed_complete_and_balanced() -> None:
    split = load_split(CORPUS)
    assert set(split["dev"]) | set(split["test"]) == set(NAMES)
    assert not set(split["dev"]) & set(split["test"])
    assert abs(len(split["dev"]) - len(split["test"])) <= 2
    province = {n: _meta(n)["province"] for n in NAMES}
    per_half = {h: Counter(province[n] for n in split[h]) for h in ("dev", "test")}
    for name in set(province.values()):
        assert abs(per_half["dev"][name] - per_half["test"][name]) <= 1, name


@pytest.mark.parametrize("name", NAMES)
def test_labels_are_well_formed(name: str) -> None:
    meta = _meta(name)
    assert set(meta) <= DOCUMENT_KEYS, set(meta) - DOCUMENT_KEYS
    assert parse_published(meta["published"]) or meta["published"] is None
    assert lookup(meta["locality"], meta["province"]).real, meta["locality"]
    for tally in meta["tallies"]:
        assert set(tally) <= TALLY_KEYS, set(tally) - TALLY_KEYS
        for dimension in DIMENSIONS:
            assert vocabulary.is_valid(dimension, tally[dimension]), (dimension, tally)
        start, end = tally["period_start"], tally["period_end"]
        if start and end:
            assert date.fromisoformat(start) <= date.fromisoformat(end)
        assert isinstance(tally["value"], int) and tally["value"] >= 0
        if tally.get("locality"):
            assert lookup(tally["locality"], meta["province"]).real, tally["locality"]


def test_invented_localities_are_counted() -> None:
    made_up = Candidate(23, "models_registered", "model", "all", "none", "all", "none", "none",
                        None, None, "Phường Sơ Kết", "Ninh Bình", "…", 0.5)  # fmt: skip
    real = Candidate(23, "models_registered", "model", "all", "none", "all", "none", "none",
                     None, None, "Huyện Chợ Đồn", "Bắc Kạn", "…", 0.5)  # fmt: skip
    assert invented_localities([made_up, real]) == ["Phường Sơ Kết"]


def test_partial_publication_dates() -> None:
    assert parse_published("2021-12") == date(2021, 12, 1)
    assert parse_published("2023-10-15") == date(2023, 10, 15)
    assert parse_published(None) is None


def test_without_its_texts_the_command_says_how_to_supply_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TEXTS_ENV, raising=False)
    assert run(CORPUS) == 0
    text = capsys.readouterr().out
    assert "not kept in the repository" in text and "publishers" in text
    assert "--texts DIR" in text and TEXTS_ENV in text
    assert "== dev half" not in text


def _split_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """The self-written corpus as the real one is kept: labels and split here, texts apart."""
    labels, texts = tmp_path / "labels", tmp_path / "texts"
    labels.mkdir()
    texts.mkdir()
    for path in DEFAULT_CORPUS.glob("*.labels.json"):
        shutil.copy(path, labels / path.name)
        shutil.copy(path.with_name(path.name.removesuffix(".labels.json") + ".txt"), texts)
    names = labelled_names(labels)
    half = len(names) // 2
    (labels / "split.json").write_text(json.dumps({"dev": names[:half], "test": names[half:]}))
    return labels, texts


def test_texts_supplied_apart_are_scored_like_texts_beside_their_labels(tmp_path: Path) -> None:
    labels, texts = _split_corpus(tmp_path)
    assert missing_texts(labels, texts) == []
    together = overall(evaluate(DEFAULT_CORPUS))
    apart = overall(evaluate(labels, None, texts))
    drop = ("ms_per_document",)
    assert {k: v for k, v in apart.items() if k not in drop} == {
        k: v for k, v in together.items() if k not in drop
    }
    assert len(load_corpus(labels, texts=texts)) == len(load_corpus(DEFAULT_CORPUS))


def test_command_line_reads_texts_from_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    labels, texts = _split_corpus(tmp_path)
    monkeypatch.delenv(TEXTS_ENV, raising=False)
    assert run(labels, texts=texts) == 0
    text = capsys.readouterr().out
    assert "== dev half" in text and "== test half" in text
    assert "all attributes: precision" in text and "ms per document" in text
    assert run(labels, texts=texts, as_json=True, half="test") == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"test"}
    assert {"all_attribute_f1", "invented_localities", "ms_per_document"} <= set(
        data["test"]["overall"]
    )
    with pytest.raises(SystemExit, match="texts directory not found"):
        run(labels, texts=tmp_path / "nowhere")


def test_a_missing_text_is_named_and_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    labels, texts = _split_corpus(tmp_path)
    monkeypatch.delenv(TEXTS_ENV, raising=False)
    gone = labelled_names(labels)[0]
    (texts / f"{gone}.txt").unlink()
    assert run(labels, texts=texts, as_json=True) == 0
    out = capsys.readouterr()
    assert gone in out.err and "left out" in out.err
    data = json.loads(out.out)
    assert (
        data["dev"]["overall"]["documents"] + data["test"]["overall"]["documents"]
        == len(labelled_names(labels)) - 1
    )


def test_the_environment_supplies_the_real_corpus_texts_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DVK_REAL_CORPUS_TEXTS serves tests/corpus/real; the self-written corpus keeps its own."""
    texts = tmp_path / "texts"
    texts.mkdir()
    for name in labelled_names(DEFAULT_CORPUS):  # same names, texts that state nothing
        (texts / f"{name}.txt").write_text("Không có số liệu.", encoding="utf-8")
    monkeypatch.setenv(TEXTS_ENV, str(texts))
    assert run(DEFAULT_CORPUS, as_json=True) == 0
    own = overall(evaluate(DEFAULT_CORPUS))["matched"]
    assert json.loads(capsys.readouterr().out)["overall"]["matched"] == own
    real = tmp_path / "real"
    real.mkdir()
    (real / f"{NAMES[0]}.txt").write_text("Không có số liệu.", encoding="utf-8")
    monkeypatch.setenv(TEXTS_ENV, str(real))
    assert run(CORPUS, as_json=True) == 0
    out = capsys.readouterr()
    assert "not kept in the repository" not in out.out
    halves = json.loads(out.out)
    assert sum(halves[h]["overall"]["documents"] for h in ("dev", "test")) == 1
    assert "left out" in out.err
