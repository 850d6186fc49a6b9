"""Every unit keeps its own code and label through charts, tables and exports (issue 10,
item 3): same-name units are told apart by their parent, merged units name their successor,
and no label stands for two units in any chart or table of a grid of dashboard states."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.exports.adapt import PAGE_CHARTS
from metrics import catalogue, places
from metrics.engine import Engine
from tests.dashboard_fixtures import charts, has_demo, make_demo, open_page, problems

SOURCES = """source_id,source_title,source_outlet,source_url,source_date,locality,note
hn-xa-2022,Tổng kết phong trào Dân vận khéo năm 2022 (số liệu thử),Kiểm thử,,2022-12-20,Hà Nội,
"""
# two "Xã Tân Minh" and two "Phường Minh Khai" of Hà Nội, as observed at national scale
HEADER = (
    "source_id,province,locality,locality_level,period_start,period_end,metric,kind,field,"
    "theme,subject,level,award,value,note"
)
SAME_NAMES = (
    ("Xã Tân Minh, Huyện Sóc Sơn", 624),
    ("Xã Tân Minh, Huyện Thường Tín", 112),
    ("Phường Minh Khai, Quận Bắc Từ Liêm", 57),
    ("Phường Minh Khai, Quận Hai Bà Trưng", 41),
)
TALLIES = "\n".join(
    [HEADER]
    + [
        f'hn-xa-2022,Hà Nội,"{name}",commune,2022,2022,models_registered,any,all,,all,,,{value},'
        for name, value in SAME_NAMES
    ]
)
TAN_MINH = {"00406": "Xã Tân Minh, Huyện Sóc Sơn", "10240": "Xã Tân Minh, Huyện Thường Tín"}


@pytest.fixture(scope="module")
def same_names_dir(tmp_path_factory) -> Path:
    """A warehouse holding the sample plus same-name communes of Hà Nội."""
    import shutil

    from data_loaders.config import SAMPLE_DIR
    from data_loaders.ingest import ingest_paths

    files = tmp_path_factory.mktemp("same-names-files")
    for name in ("sources.csv", "tallies.csv", "models.csv"):
        shutil.copy(SAMPLE_DIR / name, files / name)
    (files / "hn-sources.csv").write_text(SOURCES, encoding="utf-8")
    (files / "hn-tallies.csv").write_text(TALLIES + "\n", encoding="utf-8")
    directory = tmp_path_factory.mktemp("same-names")
    results = ingest_paths([files], directory, progress=False)
    assert all(not r.refused for r in results), [str(p) for r in results for p in r.problems]
    return directory


def test_same_name_units_get_their_parent(same_names_dir: Path) -> None:
    engine = Engine(same_names_dir)
    out = places.labels(engine, ["00406", "10240", "00613", "00295", "001"])
    assert out["00406"] == "Xã Tân Minh, Huyện Sóc Sơn"
    assert out["10240"] == "Xã Tân Minh, Huyện Thường Tín"
    assert out["00613"] == "Phường Minh Khai, Quận Bắc Từ Liêm"
    assert out["00295"] == "Phường Minh Khai, Quận Hai Bà Trưng"
    assert out["001"] == "Quận Ba Đình"  # unique names stay short
    assert places.labels(engine, ["00406"]) == {"00406": "Xã Tân Minh"}
    # the same name in different provinces: the district, then the province
    both = places.labels(engine, ["00406", "00406", "10240"])
    assert len(both) == 2


def test_merged_unit_names_its_successor_and_2025_units_are_marked(sample_data_dir) -> None:
    engine = Engine(sample_data_dir)
    out = places.labels(engine, ["14335", "369", "374-2024", "N37", "37"])
    assert out["14335"] == "Phường Phúc Thành (nay thuộc Phường Vân Giang)"
    assert out["369"] == "Thành phố Ninh Bình (nay thuộc Thành phố Hoa Lư)"
    assert out["374-2024"] == "Huyện Hoa Lư (nay thuộc Thành phố Hoa Lư)"
    assert out["N37"] == "Tỉnh Ninh Bình (từ 1/7/2025)" and out["37"] == "Tỉnh Ninh Bình"
    en = places.labels(engine, ["14335"], lang="en")
    assert en["14335"] == "Phường Phúc Thành (now part of Phường Vân Giang)"
    assert places.labels(engine, ["N37"], boundary="current")["N37"] == "Tỉnh Ninh Bình"


def test_names_that_stay_alike_fall_back_to_the_code(sample_data_dir) -> None:
    engine = Engine(sample_data_dir)
    whole = places.labels(engine, ["VN", *engine.localities.index])
    assert len(set(whole.values())) == len(whole)  # every unit of the country, one label each


def test_compare_page_draws_two_bars_for_two_tan_minh(same_names_dir, monkeypatch) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(same_names_dir))
    at = open_page("so-sanh", {"p": "01", "scope": "communes", "period": "2022"})
    assert not problems(at)
    bars = charts(at)[0]["data"][0]
    labels = dict(zip(bars["y"], bars["x"]))
    assert labels["Xã Tân Minh, Huyện Sóc Sơn"] == 624
    assert labels["Xã Tân Minh, Huyện Thường Tín"] == 112
    assert labels["Phường Minh Khai, Quận Bắc Từ Liêm"] == 57
    assert labels["Phường Minh Khai, Quận Hai Bà Trưng"] == 41
    export = at.session_state[PAGE_CHARTS][0].table
    names = set(export.iloc[:, 1])
    assert set(TAN_MINH.values()) <= names


def test_phuc_thanh_row_in_as_reported_mode(sample_data_dir, monkeypatch) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("so-sanh", {"p": "37", "scope": "communes"})
    assert not problems(at)
    bars = charts(at)[0]["data"][0]
    assert list(bars["y"]) == ["Phường Phúc Thành (nay thuộc Phường Vân Giang)"]
    assert list(bars["x"]) == [23]
    # the district picker offers the old city, the commune picker the old ward
    at = open_page("so-sanh", {"p": "37", "d": "369"})
    district = next(s for s in at.selectbox if s.value == "369")
    assert "Thành phố Ninh Bình (nay thuộc Thành phố Hoa Lư)" in district.options
    commune = next(s for s in at.selectbox if "Phường Phúc Thành" in " ".join(s.options))
    assert "Phường Phúc Thành (nay thuộc Phường Vân Giang)" in commune.options


@pytest.mark.parametrize(
    "text", ["Phúc Thành", "phuc thanh", "Phường Phúc Thành", "Thành phố Ninh Bình"]
)
def test_catalogue_finds_models_by_old_unit_names(sample_data_dir, text: str) -> None:
    engine = Engine(sample_data_dir)
    page = catalogue.search(engine, catalogue.CatalogueQuery(text=text))
    assert page.total == 3
    assert set(page.rows["locality_code"]) == {"14335"}
    assert set(page.rows["locality_name"]) == {"Phường Phúc Thành (nay thuộc Phường Vân Giang)"}


def test_catalogue_matches_whole_unit_names_only(sample_data_dir) -> None:
    engine = Engine(sample_data_dir)
    assert "14335" in catalogue.units_named(engine, "phúc thành")
    assert catalogue.units_named(engine, "Phúc") == []  # part of a name: model names only
    assert catalogue.units_named(engine, "") == []
    camera = catalogue.search(engine, catalogue.CatalogueQuery(text="camera an ninh"))
    assert camera.total == 1  # word search over model names is unchanged


# -- the invariant over a grid of dashboard states -------------------------------------------
GRID: list[tuple[str, dict[str, str]]] = [
    ("so-sanh", {}),
    ("tong-quan", {"b": "current"}),
    ("so-sanh", {"p": "01", "scope": "communes"}),
    ("so-sanh", {"p": "01", "scope": "communes", "b": "current"}),
    ("so-sanh", {"p": "37"}),
    ("so-sanh", {"p": "37", "scope": "communes"}),
    ("so-sanh", {"scope": "pick", "loc": "00406,10240,00613,00295,14335,369,31"}),
    ("so-sanh", {"scope": "pick", "loc": "00406,10240", "norm": "share"}),
    ("tong-quan", {}),
    ("tong-quan", {"p": "01"}),
    ("tong-quan", {"p": "37"}),
    ("xu-huong", {"loc": "00406,10240,00613,00295"}),
    ("xu-huong", {"loc": "VN,37,14335,369"}),
    ("mo-hinh", {"q": "Phúc Thành"}),
]


def _category_lists(figure: dict) -> list[list]:
    """The category coordinates of each trace (bars: the axis of names; lines: the names)."""
    out = []
    for trace in figure["data"]:
        if trace.get("type") == "bar":
            axis = "y" if trace.get("orientation") == "h" else "x"
            out.append(list(trace.get(axis) or []))
    lines = [t.get("name") for t in figure["data"] if t.get("type") == "scatter"]
    if lines:
        out.append(lines)
    return out


# On main, the funnel section of the compare page fails in "current" mode (duplicate codes
# in metrics.comparisons.funnel, another engineer's area): only that section shows an error.
KNOWN_SECTION_ERROR: set[tuple[str, str]] = set()


def _check_state(page: str, query: dict[str, str]) -> None:
    at = open_page(page, query)
    assert not at.exception, (page, query, [e.message for e in at.exception])
    if (page, query.get("b", "reported")) not in KNOWN_SECTION_ERROR:
        assert not problems(at), (page, query, problems(at))
    for figure in charts(at):
        for values in _category_lists(figure):
            assert len(values) == len(set(values)), (page, query, values)
    for view in at.session_state.get(PAGE_CHARTS, []):
        table: pd.DataFrame = view.table
        place = [c for c in table.columns if str(c) in ("Địa phương", "Locality")]
        if not place:
            continue
        keys = [
            c
            for c in table.columns
            if str(c) in ("Địa phương", "Locality", "Năm", "Year", "Giai đoạn", "Phase")
            or str(c) in ("Chỉ tiêu", "Measure")
        ]
        assert not table.duplicated(keys).any(), (page, query, view.title, table)
        if view.figure is not None:
            shown = {v for vals in _category_lists(view.figure.to_dict()) for v in vals}
            shown = {v for v in shown if v is not None and not str(v).isdigit()}  # not years
            names = {str(n).rstrip("*†") for n in table[place[0]]}
            assert {str(s).rstrip("*†") for s in shown} <= names | {None}, (shown, names)


@pytest.mark.parametrize(("page", "query"), GRID)
def test_no_label_stands_for_two_units_sample(same_names_dir, monkeypatch, page, query) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(same_names_dir))
    _check_state(page, query)


DEMO_GRID: list[tuple[str, dict[str, str]]] = [
    ("so-sanh", {}),
    ("so-sanh", {"p": "37", "scope": "communes"}),
    ("so-sanh", {"p": "N37", "b": "current"}),
    ("so-sanh", {"p": "35", "scope": "communes", "b": "reported"}),
    ("tong-quan", {"p": "06"}),
    ("xu-huong", {}),
]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    if not has_demo():
        pytest.skip("no demo generator")
    return make_demo(tmp_path_factory.mktemp("demo-labels"))


@pytest.mark.slow
@pytest.mark.parametrize(("page", "query"), DEMO_GRID)
def test_no_label_stands_for_two_units_demo(demo_dir, monkeypatch, page, query) -> None:
    monkeypatch.setenv("DVK_DATA_DIR", str(demo_dir))
    _check_state(page, query)


@pytest.mark.slow
def test_demo_has_same_name_units_in_one_list(demo_dir) -> None:
    """The small demo's commune list of old Ninh Bình + Hà Nam + Bắc Kạn holds same-name units,
    each labelled apart."""
    engine = Engine(demo_dir)
    info = engine.localities
    communes = info[(info["tier"] == "commune") & (info["era"] == "pre2025")]
    communes = communes[communes["province_code"].isin(["06", "35", "37"])]
    doubled = communes[communes["name"].duplicated(keep=False)]
    assert len(doubled) >= 2
    out = places.labels(engine, list(doubled.index))
    assert len(set(out.values())) == len(doubled)
    assert all("," in label for label in out.values())


def test_a_unit_named_on_its_own_says_which_one(same_names_dir, monkeypatch) -> None:
    engine = Engine(same_names_dir)
    assert places.label(engine, "00406") == "Xã Tân Minh, Huyện Sóc Sơn"
    assert places.label(engine, "14335") == "Phường Phúc Thành (nay thuộc Phường Vân Giang)"
    assert places.label(engine, "006") == "Quận Đống Đa"
    # the selected scope in titles and filter lines (and so in every export of the view)
    monkeypatch.setenv("DVK_DATA_DIR", str(same_names_dir))
    district = engine.localities.at["00406", "parent_code"]
    at = open_page("tong-quan", {"p": "01", "d": district, "c": "00406", "period": "2022"})
    assert not problems(at)
    texts = " ".join(str(getattr(e, "value", "")) for e in at.caption) + " ".join(
        str(getattr(e, "value", "")) for e in at.markdown
    )
    assert "Xã Tân Minh, Huyện Sóc Sơn" in texts


def test_renamed_units_are_found_by_their_old_name(sample_data_dir, monkeypatch) -> None:
    engine = Engine(sample_data_dir)
    assert catalogue.units_named(engine, "Thừa Thiên Huế") == ["46"]
    assert catalogue.units_named(engine, "Tỉnh Thừa Thiên Huế") == ["46"]
    picker = places.labels(engine, ["46", "48"], former=True)
    assert picker["46"] == "Thành phố Huế (trước đây: Tỉnh Thừa Thiên Huế)"
    assert places.labels(engine, ["46"])["46"] == "Thành phố Huế"  # charts: today's name only
    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    at = open_page("tong-quan")
    province = next(s for s in at.selectbox if "Tỉnh Ninh Bình" in s.options)
    assert "Thành phố Huế (trước đây: Tỉnh Thừa Thiên Huế)" in province.options


def test_missing_figure_line_tells_same_name_units_apart(same_names_dir, monkeypatch) -> None:
    """Two "Xã Tân Minh" picked, one without a figure: the "no figure" line and the ranking
    name each with its district, so the reader knows which one has no figure."""
    monkeypatch.setenv("DVK_DATA_DIR", str(same_names_dir))
    at = open_page("so-sanh", {"scope": "pick", "loc": "00406,04855"})
    assert not problems(at)
    view = next(v for v in at.session_state[PAGE_CHARTS] if v.key == "rank")
    line = next(w for w in view.warnings if w.startswith("Không có số liệu:"))
    assert line == "Không có số liệu: Xã Tân Minh, Huyện Đà Bắc", line
    assert "Xã Tân Minh, Huyện Sóc Sơn" in set(view.table["Địa phương"])
