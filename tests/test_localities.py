"""Locality harmonisation: every spelling of one unit resolves to one code."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from data_loaders.reference.localities import (
    build_localities,
    default_harmoniser,
    harmonise,
    looks_like_organisation,
)


@pytest.fixture(scope="module")
def table():
    return build_localities()


def test_both_structures_are_present(table) -> None:
    old = table[table["era"] == "pre2025"]
    new = table[table["era"] == "2025"]
    assert (old["tier"] == "province").sum() == 63
    assert (old["tier"] == "district").sum() > 690
    assert (old["tier"] == "commune").sum() > 10_000
    assert (new["tier"] == "province").sum() == 34
    assert (new["tier"] == "district").sum() == 0
    assert (new["tier"] == "commune").sum() > 3_300
    assert table["locality_code"].is_unique


def test_validity_and_successors(table) -> None:
    t = table.set_index("locality_code")
    assert t.at["31", "valid_to"] == date(2025, 6, 30)
    assert t.at["N31", "valid_from"] == date(2025, 7, 1)
    # Hải Dương was merged into Hải Phòng
    assert t.at["30", "successor_code"] == "N31"
    # every pre-2025 unit has a successor that exists
    old = table[table["era"] == "pre2025"]
    assert old["successor_code"].notna().all()
    assert set(old["successor_code"]) <= set(table["locality_code"])
    # a province counts its districts, a district its communes
    assert t.at["01", "child_count"] == 30
    assert t.at["006", "child_count"] > 10


@pytest.mark.parametrize(
    "name",
    [
        "Q. Đống Đa",
        "Quận Đống Đa",
        "quan dong da",
        "QUẬN ĐỐNG ĐA",
        unicodedata.normalize("NFD", "Quận Đống Đa"),
        "Quận Ðống Ða",
    ],
)
def test_dong_da_spellings(name: str) -> None:
    match = harmonise(name)
    assert match.ok and match.code == "006"


@pytest.mark.parametrize(
    "name", ["TP Hải Phòng", "Thành phố Hải Phòng", "Hải Phòng", "TP. Hải Phòng", "hai phong"]
)
def test_hai_phong_spellings(name: str) -> None:
    assert harmonise(name).code == "31"
    assert harmonise(name, on=date(2025, 12, 31)).code == "N31"


@pytest.mark.parametrize("name", ["Thanh Hoá", "Thanh Hóa", "Tỉnh Thanh Hoá", "thanh hoa"])
def test_old_tone_marks(name: str) -> None:
    assert harmonise(name).code == "38"


def test_ho_chi_minh_aliases() -> None:
    for name in ("TP.HCM", "TPHCM", "Thành phố Hồ Chí Minh", "TP Hồ Chí Minh"):
        assert harmonise(name).code == "79", name


@pytest.mark.parametrize("name", ["Phường 1", "Tân Phú", "Xã Vĩnh Phú"])
def test_ambiguous_names_are_reported_with_candidates(name: str) -> None:
    match = harmonise(name)
    assert match.status == "ambiguous"
    assert match.code is None
    assert len(match.candidates) > 1


def test_parent_disambiguates() -> None:
    assert harmonise("Quận Tân Phú", "Hồ Chí Minh").code == "767"
    match = harmonise("Xã Vĩnh Phú", "Kiên Giang")
    assert match.status == "ambiguous"  # three communes of that name in the province
    assert harmonise("Xã Vĩnh Phú, Huyện Giang Thành", "Kiên Giang").ok


def test_unknown_names_are_reported() -> None:
    match = harmonise("Huyện Không Có Thật")
    assert match.status == "unknown" and match.code is None


def test_era_follows_the_date_with_fallback() -> None:
    # a 2025 commune under the new Đồng Tháp
    assert harmonise("Xã Long Bình", "Đồng Tháp", on=date(2025, 12, 31)).code == "N28687"
    # districts were abolished: a 2025 period still finds the old district
    assert harmonise("Thành phố Vũng Tàu", "Bà Rịa - Vũng Tàu", on=date(2025, 12, 31)).code == "747"


def test_merged_ward_resolves_to_its_own_unit() -> None:
    match = harmonise("Phường Phúc Thành", "Ninh Bình")
    assert match.ok and not match.via_alias and match.code == "14335"
    assert default_harmoniser().display(match.code) == (
        "Phường Phúc Thành, Thành phố Ninh Bình, Tỉnh Ninh Bình"
    )


def test_non_administrative_units() -> None:
    assert looks_like_organisation("Công an tỉnh Bình Phước")
    assert looks_like_organisation("Bộ Chỉ huy Quân sự tỉnh")
    assert looks_like_organisation("Đảng ủy Khối các cơ quan tỉnh")
    assert not looks_like_organisation("Huyện Yên Bình")


def test_district_in_the_name_narrows_within_that_district() -> None:
    # three communes "Tân Phú" in districts named "Châu Thành" of different provinces
    assert harmonise("Xã Tân Phú, Huyện Châu Thành", "Bến Tre").ok
    # the package writes duplicated short names as "Tân Thành Xã": the real name still matches
    assert harmonise("Xã Tân Thành, Thành phố Cà Mau", "Cà Mau").ok
    assert harmonise("Phường Tân Thành, Thành phố Cà Mau", "Cà Mau").ok


def test_names_differing_only_by_diacritics() -> None:
    a = harmonise("Xã Minh Quân, Huyện Trấn Yên", "Yên Bái")
    b = harmonise("Xã Minh Quán, Huyện Trấn Yên", "Yên Bái")
    assert a.ok and b.ok and a.code != b.code
    assert harmonise("xa minh quan, huyen tran yen", "Yên Bái").status == "ambiguous"
