"""Rules learnt from the real published reports (issue 16), each on a self-written text.

The real texts are not in the repository (see tests/corpus/real/README.md); every sentence
here is written for the test and only shares the shape of a case met in the development half.
"""

from __future__ import annotations

from datetime import date

from data_loaders.report_text import extract

DVK = "“Dân vận khéo”"


def rows(text: str, *keys: str, **kwargs: object) -> list[tuple[object, ...]]:
    """(value, metric, *keys) of every candidate."""
    return [(c.value, c.metric, *(getattr(c, k) for k in keys)) for c in extract(text, **kwargs)]


# ------------------------------------------------------------ a page copied with its headline
def test_headline_repeated_as_first_line_is_one_tally_and_not_the_lead() -> None:
    title = f"Huyện Mai Lâm có 214 mô hình {DVK}"
    text = (
        f"Huyện Mai Lâm có 214 mô hình {DVK}\n\n"
        f"Trong năm 2022, huyện Mai Lâm đã xây dựng được 214 mô hình {DVK} trên các lĩnh vực.\n\n"
        "Trong đó, lĩnh vực kinh tế 90 mô hình; lĩnh vực văn hóa - xã hội 124 mô hình."
    )
    found = rows(text, "period_start", title=title, published=date(2023, 3, 2))
    assert found == [
        (214, "models_registered", date(2022, 1, 1)),
        (90, "models_registered", date(2022, 1, 1)),
        (124, "models_registered", date(2022, 1, 1)),
    ]
