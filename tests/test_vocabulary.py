"""Meta-tests on the vocabulary itself (data_loaders/reference/vocab/terms.csv)."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from data_loaders.reference import vocabulary
from data_loaders.reference.text import clean_text, fold_key
from data_loaders.storage import schema

DESIGN_IDS = {
    "metric": {
        "models_registered",
        "models_recognized",
        "registrants",
        "commendations",
        "nominations",
        "contest_entries",
        "contest_prizes",
    },
    "kind": {"model", "exemplar", "any"},
    "field": {"economy", "culture_society", "defense_security", "political_system", "all"},
    "theme": {"none", "new_rural", "urban", "covid", "digital", "land", "environment", "other"},
    "subject": {"collective", "individual", "all"},
    "level": {"central", "province", "district", "commune", "none"},
    "award": {"bang_khen", "giay_khen", "prize_a", "prize_b", "prize_c", "none"},
}


def test_ids_are_those_of_the_design() -> None:
    for dim, expected in DESIGN_IDS.items():
        assert set(vocabulary.ids(dim)) == expected, dim


def test_every_id_has_both_labels() -> None:
    for dim in vocabulary.DIMENSIONS:
        for term in vocabulary.terms()[dim].values():
            assert term.label_vi and term.label_en, (dim, term.id)
            assert term.label_vi != term.id


def test_spellings_are_disjoint_within_each_dimension() -> None:
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    with (vocabulary.VOCAB_DIR / "spellings.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            seen[(row["dimension"], fold_key(row["spelling"]))].add(row["id"])
    clashes = {k: v for k, v in seen.items() if len(v) > 1}
    assert not clashes
    # no spelling points at another id's label or id in the same dimension
    for (dim, key), target in seen.items():
        for term in vocabulary.terms()[dim].values():
            if key in (fold_key(term.id), fold_key(term.label_vi), fold_key(term.label_en)):
                assert target == {term.id}, (dim, key)


def test_every_spelling_points_at_a_defined_id() -> None:
    with (vocabulary.VOCAB_DIR / "spellings.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["id"] in vocabulary.terms()[row["dimension"]], row


@pytest.mark.parametrize(
    ("dim", "text", "expected"),
    [
        ("field", "văn hóa – xã hội", "culture_society"),
        ("field", "văn hoá xã hội", "culture_society"),
        ("field", "VH-XH", "culture_society"),
        ("field", "quốc phòng, an ninh", "defense_security"),
        ("field", "an ninh – quốc phòng", "defense_security"),
        ("field", "Xây dựng hệ thống chính trị", "political_system"),
        ("field", "kinh te", "economy"),
        ("award", "Bằng khen", "bang_khen"),
        ("award", "giải nhì", "prize_b"),
        ("level", "cấp cơ sở", "commune"),
        ("level", "cấp quận", "district"),
        ("metric", "Mô hình được công nhận", "models_recognized"),
        ("kind", "Điển hình", "exemplar"),
        ("theme", "Nông thôn mới", "new_rural"),
    ],
)
def test_real_spellings_are_categorised(dim: str, text: str, expected: str) -> None:
    assert vocabulary.categorise(dim, text) == expected


def test_categorising_is_idempotent() -> None:
    for dim in vocabulary.DIMENSIONS:
        for term_id in vocabulary.ids(dim):
            assert vocabulary.categorise(dim, term_id) == term_id
            label = vocabulary.label(dim, term_id)
            assert vocabulary.categorise(dim, label) == term_id
            assert vocabulary.categorise(dim, vocabulary.categorise(dim, label)) == term_id


def test_field_combination_is_canonical() -> None:
    combo = vocabulary.categorise("field", "VH-XH | kinh tế")
    assert combo == "economy|culture_society"
    assert vocabulary.is_valid("field", combo)
    assert not vocabulary.is_valid("field", "culture_society|economy")
    with pytest.raises(vocabulary.UnknownTerm):
        vocabulary.categorise("field", "all|economy")


def test_unknown_spelling_is_reported_not_kept() -> None:
    with pytest.raises(vocabulary.UnknownTerm) as err:
        vocabulary.categorise("field", "thể thao")
    assert "thể thao" in str(err.value) and "economy" in str(err.value)
    with pytest.raises(vocabulary.UnknownTerm):
        vocabulary.categorise("metric", "")


def test_text_is_nfc_and_folding_handles_d_and_tone_marks() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Thanh Hóa")
    assert clean_text(nfd) == "Thanh Hóa"
    assert fold_key("Thanh Hoá") == fold_key("THANH HÓA") == "thanh hoa"
    assert fold_key("Thuỷ") == fold_key("Thủy")
    assert fold_key("Ðà Nẵng") == "da nang"  # U+00D0 typed for Đ
    assert clean_text("Ðà Nẵng") == "Đà Nẵng"


def test_every_defined_column_is_used_and_schemas_build() -> None:
    used = {c for cols in schema.TABLES.values() for c in cols}
    assert used == set(schema.COLUMNS)
    for table in schema.TABLES:
        assert schema.schema(table).names == list(schema.TABLES[table])
    for col in schema.COLUMNS.values():
        if col.dimension:
            assert col.dimension in vocabulary.DIMENSIONS


VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def test_bulk_text_functions_match_the_single_ones() -> None:
    import unicodedata

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from data_loaders.reference.text import clean_many, fold_clean, fold_many

    alphabet = st.sampled_from(list(VIET + VIET.upper() + " \t-–“”,.()0123456789Ð\u00a0™"))

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.text(alphabet, max_size=40), max_size=30), st.booleans())
    def check(values: list[str], nfd: bool) -> None:
        if nfd:
            values = [unicodedata.normalize("NFD", v) for v in values]
        cleaned = clean_many(values)
        assert cleaned == [clean_text(v) for v in values]
        assert fold_many(cleaned) == [fold_clean(v) for v in cleaned]
        assert fold_many(cleaned) == [fold_key(v) for v in values]

    check()
