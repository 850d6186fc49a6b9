"""Control limits of a funnel plot: is a unit's rate further from the overall rate than
chance alone would put a unit of its size?

A rate is a count per unit of a denominator (models per 10,000 people, per commune …).
Small units swing widely by chance, so ranking them by rate rewards or shames the
smallest. The funnel plot (Spiegelhalter, *Statistics in Medicine* 2005) draws each rate
against its denominator, the overall rate as the centre line and the limits within which
95% and 99.8% of units would lie if every unit had the overall rate.

The limits use the normal approximation of the Poisson distribution of the count: with
``θ`` the overall rate (sum of counts / sum of denominators) and ``n`` a unit's
denominator, the limits of the rate are ``θ ± z·√(θ/n)`` (``z`` = 1.96 for 95%, 3.09 for
99.8%), never below zero. ``scale`` multiplies every rate (10,000 for a rate per 10,000
people).

Units of very different sizes often differ more than chance alone allows (a big province's
count is so large that its Poisson limits are narrow): then nearly every unit would fall
outside. Following Spiegelhalter (*Quality and Safety in Health Care* 2005, "Handling
over-dispersion of performance indicators"), the spread ``φ`` is estimated as the mean
squared standardised distance ``z = (rate − θ)/√(θ/n)`` after winsorising ``z`` at its 10th
and 90th percentiles; when ``I·φ`` exceeds the mean plus two standard deviations of a χ² with
``I − 1`` degrees of freedom (``I`` units), the limits widen to ``θ ± z·√(φ·θ/n)``.

Examples
--------
>>> lo, hi = poisson_limits(0.5, [50.0, 200.0], Z95)
>>> [round(float(x), 4) for x in lo], [round(float(x), 4) for x in hi]
([0.304, 0.402], [0.696, 0.598])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

Z95 = 1.959963984540054  # two-sided 95%
Z998 = 3.090232306167813  # two-sided 99.8%
ZONES = ("above_998", "above_95", "inside", "below_95", "below_998")


def poisson_limits(
    rate: float,
    denominators: Sequence[float] | np.ndarray,
    z: float,
    scale: float = 1.0,
    phi: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) limits of the rate at each denominator, ``rate`` per unit of it;
    ``phi`` (≥ 1) widens them for over-dispersion."""
    n = np.asarray(denominators, dtype=float)
    half = z * np.sqrt(phi * rate / n)
    return np.clip(rate - half, 0.0, None) * scale, (rate + half) * scale


def dispersion(z: Sequence[float] | np.ndarray) -> float:
    """``φ``: the mean square of the standardised distances winsorised at their 10th and 90th
    percentiles (linear interpolation).

    >>> round(dispersion([-2.0, 0.0, 2.0]), 4)
    1.7067
    """
    values = np.asarray(z, dtype=float)
    if values.size == 0:
        return 1.0
    lo, hi = np.percentile(values, [10, 90])
    return float(np.mean(np.clip(values, lo, hi) ** 2))


def over_dispersed(phi: float, units: int) -> bool:
    """``I·φ`` above the mean plus two standard deviations of χ² with ``I − 1`` degrees of
    freedom: the units differ more than chance alone would make them.

    >>> over_dispersed(1.2, 34), over_dispersed(2.0, 34)
    (False, True)
    """
    if units < 3:
        return False
    df = units - 1
    return bool(units * phi > df + 2 * np.sqrt(2 * df))


@dataclass(frozen=True)
class Funnel:
    """Each unit's place against the limits. ``table``: the input rows with ``rate``,
    ``lo95``, ``hi95``, ``lo998``, ``hi998``, ``z`` (the unit's distance from the centre in
    Poisson standard errors) and ``zone`` (one of :data:`ZONES`). ``centre`` is the overall
    rate (already multiplied by ``scale``); ``phi`` the factor the variance was widened by
    (1: plain Poisson limits)."""

    table: pd.DataFrame
    centre: float
    scale: float
    phi: float = 1.0


def funnel(table: pd.DataFrame, scale: float = 1.0, adjust: bool = True) -> Funnel:
    """Limits for ``table`` (columns ``value``, the count, and ``denominator``). Rows
    without a positive denominator or a count are left out: a rate needs both. With
    ``adjust``, over-dispersed units get limits widened by ``φ`` (module docstring).

    >>> t = pd.DataFrame({"code": ["a", "b", "c"], "value": [10, 40, 90],
    ...                   "denominator": [100.0, 100.0, 100.0]})
    >>> f = funnel(t, adjust=False)
    >>> round(f.centre, 4), f.table["zone"].tolist()
    (0.4667, ['below_998', 'inside', 'above_998'])
    """
    usable = table[
        table["value"].notna() & table["denominator"].notna() & (table["denominator"] > 0)
    ].copy()
    if usable.empty:
        return Funnel(usable.assign(rate=[], z=[], zone=[]), float("nan"), scale)
    counts = usable["value"].astype(float).to_numpy()
    n = usable["denominator"].astype(float).to_numpy()
    theta = counts.sum() / n.sum()
    usable["rate"] = counts / n * scale
    spread = np.sqrt(theta / n)
    usable["z"] = np.where(spread > 0, (counts / n - theta) / np.where(spread > 0, spread, 1), 0.0)
    phi = dispersion(usable["z"]) if adjust else 1.0
    phi = phi if adjust and over_dispersed(phi, len(usable)) else 1.0
    for name, z in (("95", Z95), ("998", Z998)):
        lo, hi = poisson_limits(theta, n, z, scale, phi)
        usable[f"lo{name}"], usable[f"hi{name}"] = lo, hi
    usable["zone"] = zones(usable)
    return Funnel(usable.reset_index(drop=True), float(theta * scale), scale, phi)


def zones(table: pd.DataFrame) -> np.ndarray:
    """Each row's zone: above or below the 99.8% limit, else the 95% limit, else inside."""
    rate = table["rate"]
    return np.select(
        [
            rate > table["hi998"],
            rate > table["hi95"],
            rate < table["lo998"],
            rate < table["lo95"],
        ],
        ["above_998", "above_95", "below_998", "below_95"],
        default="inside",
    )
