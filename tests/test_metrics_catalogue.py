"""Model catalogue search and sources (metrics layer)."""

from __future__ import annotations

from pathlib import Path

from metrics import catalogue, sources
from metrics.catalogue import CatalogueQuery
from metrics.engine import Engine
from metrics.testing import tiny_engine


def test_search_ignores_diacritics_and_case(sample_data_dir: Path) -> None:
    e = Engine(sample_data_dir)
    for text in ("camera an ninh", "CAMERA AN NINH", "cámera an nình", "an ninh camera"):
        page = catalogue.search(e, CatalogueQuery(text=text))
        assert page.total == 1, text
        assert "camera an ninh" in page.rows["model_name"].iloc[0].lower()


def test_search_within_a_locality_and_paging() -> None:
    e = tiny_engine()
    assert catalogue.search(e, CatalogueQuery(text="camera", locality="31")).total == 1
    page = catalogue.search(e, CatalogueQuery(page_size=2, page=2))
    assert (page.total, page.pages, page.page, len(page.rows)) == (4, 2, 2, 2)
    assert catalogue.search(e, CatalogueQuery(page=99, page_size=2)).page == 2


def test_filters_field_and_years() -> None:
    e = tiny_engine()
    assert catalogue.search(e, CatalogueQuery(field="defense_security")).total == 2
    assert catalogue.search(e, CatalogueQuery(years=(2021, 2021))).total == 1


def test_sources_table_lists_every_source(sample_data_dir: Path) -> None:
    e = Engine(sample_data_dir)
    table = sources.sources_table(e)
    assert len(table) == 48
    assert table.set_index("source_id").loc["hoankiem-2023", "figures"] == 0
    assert len(sources.figures(e, "dongda-2022")) == 7
