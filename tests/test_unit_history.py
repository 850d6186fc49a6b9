"""Units' history before 1 July 2025: merged units keep their own figures, old names are found,
and an old name that the history lacks is reported (issue 10, item 6)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.config import SAMPLE_DIR
from data_loaders.reference.localities import (
    OLD_VALID_TO,
    Harmoniser,
    build_localities,
    default_harmoniser,
    harmonise,
)
from data_loaders.reference.unit_history import HISTORY_FILE, HistoryError, read_history


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return build_localities().set_index("locality_code", drop=False)


def test_phuc_thanh_is_its_own_unit_with_its_successor(table) -> None:
    row = table.loc["14335"]
    assert row["name"] == "Phường Phúc Thành"
    assert row["parent_code"] == "369" and table.at["369", "name"] == "Thành phố Ninh Bình"
    assert row["valid_to"] == date(2024, 12, 31)
    assert row["successor_code"] == "14329"  # Phường Vân Giang, Thành phố Hoa Lư
    assert table.at["14329", "name"] == "Phường Vân Giang"
    assert row["province_code"] == "37" and row["current_province_code"] == "N37"
    match = harmonise("Phường Phúc Thành", "Ninh Bình", on=date(2018, 12, 31))
    assert match.ok and match.code == "14335" and not match.via_alias


def test_old_city_name_is_not_matched_to_the_city_that_absorbed_it(table) -> None:
    # before: "Thành phố Ninh Bình" resolved silently to Thành phố Hoa Lư (374)
    assert harmonise("Thành phố Ninh Bình", "Ninh Bình").code == "369"
    assert harmonise("TP Ninh Bình").code == "369"
    # the old district whose code went on as the (larger) city keeps its own unit
    old = harmonise("Huyện Hoa Lư", "Ninh Bình")
    assert old.ok and old.code == "374-2024"
    assert table.at["374-2024", "successor_code"] == "374"
    assert table.at["374-2024", "official_code"] == "374"


def test_renamed_province_keeps_its_code() -> None:
    assert harmonise("Tỉnh Thừa Thiên Huế").code == "46"
    assert harmonise("Thừa Thiên Huế").code == "46"


def test_former_name_missing_from_the_history_is_reported_with_candidates() -> None:
    # Xã Ninh Xuân (Huyện Hoa Lư) was merged into Xã Ninh Nhất; the history does not hold it
    match = harmonise("Xã Ninh Xuân", "Ninh Bình", on=date(2020, 12, 31))
    assert not match.ok and match.status == "unknown" and match.code is None
    assert match.former and match.candidates == ["14347"]
    message = default_harmoniser().explain(match)
    assert "former unit" in message and "Xã Ninh Nhất" in message
    # another province's Xã Ninh Xuân (a unit of that name today) is still found
    assert harmonise("Xã Ninh Xuân", "Khánh Hòa").code == "22555"


def test_history_is_extended_by_a_data_row(tmp_path: Path) -> None:
    copy = tmp_path / "unit_history.csv"
    shutil.copy(HISTORY_FILE, copy)
    with copy.open("a", encoding="utf-8") as out:
        out.write(
            "14545,Xã Ninh Xuân,commune,374,merged,14347,2025-01-01,"
            "Nghị quyết 1318/NQ-UBTVQH15,test row,\n"
        )
    units = build_localities(copy).set_index("locality_code")
    assert units.at["14545", "name"] == "Xã Ninh Xuân"
    assert units.at["14545", "parent_code"] == "374-2024"  # Huyện Hoa Lư of that time
    assert units.at["14545", "successor_code"] == "14347"
    match = Harmoniser(history=copy).harmonise("Xã Ninh Xuân", "Ninh Bình")
    assert match.ok and match.code == "14545"
    assert "14545" not in build_localities().set_index("locality_code").index


@pytest.mark.parametrize(
    ("row", "where"),
    [
        ("1,Xã Mới,commune,369,merged,99999,2025-01-01,NQ 1/NQ,s,", "column successor_code"),
        ("1,Xã Mới,commune,369,merged,14347,2025-13-01,NQ 1/NQ,s,", "column effective"),
        ("1,Xã Mới,commune,369,moved,14347,2025-01-01,NQ 1/NQ,s,", "column change"),
        ("1,Mới,commune,369,merged,14347,2025-01-01,NQ 1/NQ,s,", "column old_name"),
        ("1,Xã Mới,commune,,merged,14347,2025-01-01,NQ 1/NQ,s,", "column parent_code"),
        ("1,Xã Mới,commune,369,merged,14347,2025-01-01,,s,", "column decided_by"),
    ],
)
def test_bad_history_rows_are_refused_with_row_and_column(
    tmp_path: Path, row: str, where: str
) -> None:
    copy = tmp_path / "unit_history.csv"
    shutil.copy(HISTORY_FILE, copy)
    row_number = len(read_history(copy)) + 2  # the header is row 1
    with copy.open("a", encoding="utf-8") as out:
        out.write(row + "\n")
    with pytest.raises(HistoryError, match=f"row {row_number}, {where}"):
        build_localities(copy)


def test_every_history_row_is_complete(table) -> None:
    history = read_history()
    assert history["decided_by"].str.len().gt(0).all()
    assert history["source"].str.len().gt(0).all()
    merged = table[table["valid_to"] < OLD_VALID_TO]
    assert len(merged) == (history["change"] == "merged").sum()
    for code in merged.index:  # every chain of successors ends in a unit since 1 July 2025
        seen = [code]
        while table.at[seen[-1], "era"] != "2025":
            seen.append(table.at[seen[-1], "successor_code"])
            assert len(seen) < 6, seen


def test_every_unit_named_in_the_sample_is_found_under_its_own_name() -> None:
    """Each locality of the bundled sample resolves to the unit of that name (never through
    the name of a unit it absorbed), on the date of its report."""
    h = default_harmoniser()
    for name in ("tallies", "models"):
        frame = pd.read_csv(SAMPLE_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
        end = frame["period_end"] if "period_end" in frame else frame["year_end"]
        for province, locality, year in set(zip(frame["province"], frame["locality"], end)):
            match = h.harmonise(locality or province, province or None, on=date(int(year), 12, 31))
            assert match.ok and not match.via_alias, (locality, province, match)
            head = (locality or province).split(",")[0]
            assert h.info[match.code]["name"].endswith(head.split(" ", 1)[-1]), (head, match)


def test_sample_figures_of_phuc_thanh_are_stored_under_phuc_thanh(sample_data_dir: Path) -> None:
    from data_loaders.storage.warehouse import Warehouse

    wh = Warehouse(sample_data_dir)
    tallies = wh.read("tallies")
    ward = tallies[tallies["source_id"] == "phucthanh-2018"]
    assert set(ward["locality_code"]) == {"14335"}
    assert set(ward["district_code"]) == {"369"}
    models = wh.read("models")
    assert set(models.loc[models["source_id"] == "phucthanh-2018", "locality_code"]) == {"14335"}


def test_an_older_warehouse_gets_the_history_units(tmp_path: Path) -> None:
    from data_loaders.ingest import ensure_localities
    from data_loaders.storage.warehouse import Warehouse

    wh = Warehouse(tmp_path)
    units = build_localities()
    old = units[~units["locality_code"].isin(["14335", "369"])]
    with wh.lock():
        wh.write({"localities": old})
        assert {"14335", "369"} <= set(ensure_localities(wh)["locality_code"])
    assert {"14335", "369"} <= set(wh.read("localities")["locality_code"])


def test_a_merged_district_keeps_its_number_of_communes(table) -> None:
    # its wards are listed under Thành phố Hoa Lư: the history states how many it had,
    # so a "per commune" rate is not divided by the two merged wards it lists
    assert table.at["369", "child_count"] == 14
    assert table.at["374-2024", "child_count"] == 11
    assert table.at["14335", "child_count"] == 0


def test_merged_units_do_not_swell_the_units_of_2025(sample_data_dir) -> None:
    from metrics import places
    from metrics.engine import Engine

    units = build_localities().set_index("locality_code")
    assert units.at["37", "child_count"] == 7  # Ninh Bình's districts on 30 June 2025
    assert units.at["374", "child_count"] == 20
    engine = Engine(sample_data_dir)
    assert len(places.children(engine, "37")) == 7  # what coverage counts
    with_old = places.children(engine, "37", former=True)["locality_code"].tolist()
    assert {"369", "374-2024"} <= set(with_old) and len(with_old) == 9  # what pickers offer
    assert set(places.children(engine, "369")["locality_code"]) == {"14335", "14326"}


def test_dat_do_and_long_dien_are_former_districts_of_long_dat(table, tmp_path: Path) -> None:
    """Huyện Long Điền (752) and Huyện Đất Đỏ (753) became Huyện Long Đất on 1 January 2025
    (Nghị quyết 1256/NQ-UBTVQH15); Long Đất kept code 753. A report naming Đất Đỏ finds the
    old district itself, never the larger Long Đất (before: not found, figure without a place)."""
    from data_loaders.report_text import extract_file

    dat_do = table.loc["753-2024"]
    assert dat_do["name"] == "Huyện Đất Đỏ" and dat_do["successor_code"] == "753"
    assert dat_do["valid_to"] == date(2024, 12, 31) and dat_do["child_count"] == 8
    assert table.at["753", "name"] == "Huyện Long Đất"
    assert table.at["752", "successor_code"] == "753" and table.at["752", "child_count"] == 7
    for code in ("752", "753-2024"):
        assert table.at[code, "province_code"] == "77"
    for on in (date(2020, 12, 31), None):
        match = harmonise("Huyện Đất Đỏ", "Bà Rịa - Vũng Tàu", on=on)
        assert match.ok and match.code == "753-2024" and not match.former, match
        assert harmonise("huyện Long Điền", "tỉnh Bà Rịa – Vũng Tàu", on=on).code == "752"
    assert harmonise("Huyện Long Đất").code == "753"
    report = tmp_path / "dat-do.txt"
    report.write_text(
        "Ngày 15/12/2022, Huyện Đất Đỏ tổng kết phong trào thi đua “Dân vận khéo”. Năm 2022, "
        "toàn huyện có 120 mô hình “Dân vận khéo” được đăng ký thực hiện.",
        encoding="utf-8",
    )
    _, found = extract_file(report)
    assert [(c.value, c.locality) for c in found] == [(120, "Huyện Đất Đỏ")]
    assert not any("not found" in flag for c in found for flag in c.flags)
