"""Place names and values are read level: the grouped "registered → recognised → commended"
bars lie down (long names such as "Tỉnh Tuyên Quang (từ 1/7/2025)" were drawn at 45°)."""

from __future__ import annotations

import pandas as pd

from dashboard import charts


def test_registered_recognised_commended_bars_lie_down_with_level_names() -> None:
    codes = ["40", "37", "01"]
    names = {"40": "Tỉnh Nghệ An (từ 1/7/2025)", "37": "Tỉnh Ninh Bình (từ 1/7/2025)"}
    data = pd.DataFrame(
        {
            "code": codes * 3,
            "stage": ["models_registered"] * 3 + ["models_recognized"] * 3 + ["commendations"] * 3,
            "value": [7832, 4646, 4519, 1830, 1003, 2310, 159, 56, 439],
        }
    )
    fig = charts.funnel_bars(data, "vi", names)
    assert [t.orientation for t in fig.data] == ["h", "h", "h"]
    assert list(fig.data[0].y) == [names["40"], names["37"], "01"]  # names on the level axis
    assert list(fig.data[0].text) == ["7.832", "4.646", "4.519"]  # Vietnamese numbers
    assert all(t.textangle == 0 for t in fig.data)
    assert fig.layout.yaxis.autorange == "reversed"  # in the ranking's order, top down
    assert fig.layout.xaxis.tickangle is None and fig.layout.yaxis.tickangle is None
    assert fig.layout.height >= 16 * 9  # room for nine bars
    assert fig.layout.uniformtext.mode == "hide"  # a value that does not fit is hidden


def test_each_phase_keeps_its_colour_whatever_comes_first() -> None:
    """2016–2020 was blue beside orange 2021–2025 on one view and orange on another, as the
    first locality drawn had only the later phase."""
    rows = [("B", "2021–2025", 5), ("A", "2016–2020", 3), ("A", "2021–2025", 4)]
    data = pd.DataFrame(rows, columns=["name", "ph", "value"])
    fig = charts.stacked_bars(data, "name", "ph", "value", "vi", x_labels={}, color_dim="year")
    colours = {t.name: t.marker.color for t in fig.data}
    assert [t.name for t in fig.data] == ["2016–2020", "2021–2025"]  # legend in time order
    assert colours == {"2016–2020": charts.SEQUENCE[0], "2021–2025": charts.SEQUENCE[1]}
    assert list(fig.layout.xaxis.categoryarray) == ["B", "A"]  # the localities' own order
