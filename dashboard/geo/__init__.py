"""Province boundaries shipped with the dashboard (GeoJSON files beside this module).

``provinces-pre2025.json`` holds the 63 provinces in force until 30 June 2025 (feature ``id`` =
official province code), ``provinces-2025.json`` the 34 provinces since 1 July 2025 (``id`` =
"N" + official code, as in the ``localities`` table). Both are built by hand with
``dvk geo-build`` (see ``README.md`` here for the source and its licence);
nothing is downloaded at run time.

>>> len(boundaries("current")["features"]), len(boundaries("reported")["features"])
(34, 63)
>>> codes("current")[:3]
('N01', 'N04', 'N08')
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
FILES = {"current": "provinces-2025.json", "reported": "provinces-pre2025.json"}


@cache
def boundaries(boundary: str) -> dict:
    """The GeoJSON FeatureCollection of the provinces drawn for a sidebar boundary mode
    (``"current"``: the 34 provinces; ``"reported"``: the 63 provinces before 1 July 2025)."""
    return json.loads((HERE / FILES[boundary]).read_text(encoding="utf-8"))


@cache
def codes(boundary: str) -> tuple[str, ...]:
    """Province codes that have a polygon, in file order."""
    return tuple(f["id"] for f in boundaries(boundary)["features"])


@cache
def subset(boundary: str, codes: tuple[str, ...]) -> dict:
    """Only the features of ``codes`` (each map trace carries just the polygons it draws)."""
    wanted = set(codes)
    features = [f for f in boundaries(boundary)["features"] if f["id"] in wanted]
    return {"type": "FeatureCollection", "features": features}


@cache
def extent(boundary: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) of every polygon, in degrees."""
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords: list) -> None:
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for feature in boundaries(boundary)["features"]:
        walk(feature["geometry"]["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)
