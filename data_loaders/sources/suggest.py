"""Close names for a place name that matches no unit ("Có phải … không?"): the units whose
names are spelt nearly alike, accents and case aside, within the row's province when it has one.
"""

from __future__ import annotations

import difflib
import weakref
from collections import Counter

from data_loaders.reference.localities import Harmoniser, split_prefix
from data_loaders.reference.text import compact_key

MAX_SUGGESTIONS = 3
TIERS = {"province": 0, "district": 1, "commune": 2}  # a tie: the larger unit first
SPREAD = 0.05  # names shown: as close as the closest one, less at most this
CUTOFF = 0.75  # difflib's ratio: "dongdaa" → "dongda" is 0.92, "haiphongg" → "haiphong" 0.94


def close_units(
    harmoniser: Harmoniser,
    query: str,
    parent: str | None = None,
    *,
    tier: str | None = None,
    n: int = MAX_SUGGESTIONS,
) -> list[str]:
    """Up to ``n`` units whose names are closest to ``query``, by their full names
    ("Quận Đống Đa, Thành phố Hà Nội"); within ``parent`` (a province's name) when given,
    of ``tier`` ("province" …) when given."""
    type_key, short = split_prefix(query)
    key = short.replace(" ", "") or compact_key(query)
    if not key:
        return []
    parents = set(harmoniser.candidates(parent, tier="province")) if parent else set()
    found: list[tuple[bool, float, int, str]] = []  # not the type named, -closeness, tier
    for near, score in _near_keys(harmoniser, key):
        for entry in harmoniser.index[near]:
            info = harmoniser.info[entry.code]
            if entry.former or (tier and info["tier"] != tier):
                continue
            if parents and not ({info["province_code"], info["current_province_code"]} & parents):
                continue
            other_type = bool(type_key) and entry.type_key != type_key
            found.append((other_type, -score, TIERS.get(info["tier"], 3), entry.code))
    if not found:
        return []
    best_type, best_score = min(found)[:2]
    out: list[str] = []
    for other_type, score, _tier, code in sorted(found):
        if other_type != best_type or score > best_score + SPREAD:
            continue  # only names about as close as the closest, of the type named if any
        name = harmoniser.display(code)
        if name not in out:
            out.append(name)
        if len(out) >= n:
            break
    return out


MAX_QUERIES = 2_000  # distinct names looked up per harmoniser; then no more suggestions
POOL = 40  # index keys compared closely, those sharing the most letter triples


class _Index:
    """The harmoniser's name keys by their letter triples, to find close ones fast."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.by_gram: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            for gram in _grams(key):
                self.by_gram.setdefault(gram, []).append(i)
        self.near: dict[str, tuple[tuple[str, float], ...]] = {}

    def closest(self, key: str) -> tuple[tuple[str, float], ...]:
        found = self.near.get(key)
        if found is not None:
            return found
        if len(self.near) >= MAX_QUERIES:
            return ()  # a file of thousands of unknown names: its messages without suggestions
        shared = Counter(i for gram in _grams(key) for i in self.by_gram.get(gram, ()))
        pool = [
            self.keys[i]
            for i, _ in shared.most_common(POOL * 4)
            if abs(len(self.keys[i]) - len(key)) <= 3 and self.keys[i] != key
        ][:POOL]
        close = difflib.get_close_matches(key, pool, n=12, cutoff=CUTOFF)
        found = tuple((k, difflib.SequenceMatcher(None, key, k).ratio()) for k in close)
        self.near[key] = found
        return found


def _grams(key: str) -> set[str]:
    padded = f"^{key}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


_INDEXES: weakref.WeakKeyDictionary[Harmoniser, _Index] = weakref.WeakKeyDictionary()


def _near_keys(harmoniser: Harmoniser, key: str) -> tuple[tuple[str, float], ...]:
    """The index keys closest to ``key`` with their closeness, best first (lengths within 3:
    a typo, not another word)."""
    index = _INDEXES.get(harmoniser)
    if index is None or len(index.keys) != len(harmoniser.index):
        index = _INDEXES[harmoniser] = _Index(list(harmoniser.index))
    return index.closest(key)
