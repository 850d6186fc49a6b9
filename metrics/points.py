"""Where units are: the centre (latitude, longitude) of localities, for point maps.

Centres come with the official units (``vietnamadminunits``) in the ``localities`` table;
a unit without one (a reporting unit, an unknown code) is left out.

>>> from metrics.testing import tiny_engine
>>> centroids(tiny_engine(), ["zzz"]).empty
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from metrics.engine import Engine

COLUMNS = ["locality_code", "lat", "lon"]


def centroids(engine: Engine, codes: Sequence[str]) -> pd.DataFrame:
    """``locality_code, lat, lon`` of the ``codes`` that have a centre."""
    if not codes:
        return pd.DataFrame(columns=COLUMNS)
    frame = engine.sql(
        "SELECT locality_code, lat, lon FROM localities "
        "WHERE locality_code IN (SELECT unnest(?)) AND lat IS NOT NULL AND lon IS NOT NULL",
        [list(codes)],
    )
    return frame[COLUMNS].reset_index(drop=True)
