"""Check locality names read from a report against the localities table (and its history).

A name the extractor reads ("Huyện Yên Bình", "Phường Sơ Kết") is only used when it
resolves to a real unit of :mod:`data_loaders.reference.localities` — the vietnamadminunits-based
gazetteer of units before and after the 2025 reform. An unknown name is never turned
into a unit: the caller leaves the locality empty and flags the figure for review.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from data_loaders.reference.localities import default_harmoniser


@dataclass(frozen=True)
class Lookup:
    """How a name resolved: ``ok`` (one unit), ``ambiguous`` (several real units) or ``unknown``."""

    status: str
    province: str | None = None

    @property
    def real(self) -> bool:
        """True when the name is a real unit (one, or several of that name)."""
        return self.status != "unknown"


def _bare_province(code: str) -> str | None:
    info = default_harmoniser().info
    row = info.get(code)
    if row is None:
        return None
    province = row["province_code"] if row["tier"] != "province" else code
    if not isinstance(province, str) or province not in info:
        return None
    return str(info[province]["short_name"]) or None


@cache
def lookup(name: str, province: str | None = None) -> Lookup:
    """Resolve ``name`` (with its unit prefix), inside ``province`` when known.

    The province returned is the one every matching unit lies in (None when they differ).

    Examples
    --------
    >>> lookup("Huyện Chợ Đồn")
    Lookup(status='ok', province='Bắc Kạn')
    >>> lookup("Phường Sơ Kết").real
    False
    >>> lookup("Xã Vĩnh Phú", "Kiên Giang")
    Lookup(status='ambiguous', province='Kiên Giang')
    """
    harmoniser = default_harmoniser()
    match = harmoniser.harmonise(name, province)
    if match.ok and match.code:
        return Lookup("ok", _bare_province(match.code))
    if match.status == "ambiguous":
        provinces = {_bare_province(code) for code in match.candidates}
        return Lookup("ambiguous", provinces.pop() if len(provinces) == 1 else None)
    if province:  # the province may be named wrongly or after a merger; try without it
        wider = lookup(name, None)
        if wider.real:
            return Lookup("ambiguous", None) if wider.province != province else wider
    return Lookup("unknown")
