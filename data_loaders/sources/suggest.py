"""Close names for a place name that matches no unit ("Có phải … không?"): the units whose
names are spelt nearly alike, accents and case aside, within the row's province when it has one.
"""

from __future__ import annotations

import difflib

from data_loaders.reference.localities import Harmoniser, split_prefix
from data_loaders.reference.text import compact_key

MAX_SUGGESTIONS = 3
CUTOFF = 0.75  # difflib's ratio: "dongdaa" → "dongda" is 0.92, "haiphongg" → "haiphong" 0.94


def close_units(
    harmoniser: Harmoniser, query: str, parent: str | None = None, n: int = MAX_SUGGESTIONS
) -> list[str]:
    """Up to ``n`` units whose names are closest to ``query``, by their full names
    ("Quận Đống Đa, Thành phố Hà Nội"); within ``parent`` (a province's name) when given."""
    type_key, short = split_prefix(query)
    key = short.replace(" ", "") or compact_key(query)
    if not key:
        return []
    parents = set(harmoniser.candidates(parent, tier="province")) if parent else set()
    out: list[str] = []
    for near in _near_keys(harmoniser, key):
        entries = [e for e in harmoniser.index[near] if not e.former]
        typed = [e for e in entries if type_key and e.type_key == type_key]
        for entry in typed or entries:
            info = harmoniser.info[entry.code]
            if parents and not ({info["province_code"], info["current_province_code"]} & parents):
                continue
            name = harmoniser.display(entry.code)
            if name not in out:
                out.append(name)
            if len(out) >= n:
                return out
    return out


_NEAR: dict[tuple[int, str], tuple[str, ...]] = {}  # (harmoniser, key) → close keys
_KEYS: dict[int, tuple[str, ...]] = {}


def _near_keys(harmoniser: Harmoniser, key: str) -> tuple[str, ...]:
    """The index keys closest to ``key``, best first (lengths within 3: a typo, not a word)."""
    owner = id(harmoniser)
    found = _NEAR.get((owner, key))
    if found is None:
        keys = _KEYS.get(owner)
        if keys is None:
            keys = _KEYS[owner] = tuple(harmoniser.index)
        pool = [k for k in keys if abs(len(k) - len(key)) <= 3 and k != key]
        found = tuple(difflib.get_close_matches(key, pool, n=12, cutoff=CUTOFF))
        if len(_NEAR) > 10_000:
            _NEAR.clear()
        _NEAR[(owner, key)] = found
    return found
