"""Synthetic models and exemplars with plausible Vietnamese names, vectorised.

Names are built from the phrase parts of :mod:`data_loaders.demo.names`. Matching
keys are folded once per distinct part (or distinct combination of parts) and
joined by arrow, so that ``name_key == fold_key(model_name)`` without folding a
million strings one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from data_loaders.demo import names
from data_loaders.demo.space import (
    COMMUNE,
    DISTRICT,
    ERA2025,
    PRE2025,
    Scale,
    Units,
    dict_array,
    take,
    year_activity,
    year_reporting,
)
from data_loaders.reference import vocabulary
from data_loaders.reference.text import fold_key
from data_loaders.storage import schema

FIELDS = names.FIELDS
FIELD_SHARES = np.array([0.3, 0.33, 0.2, 0.17])
STATUS_SHARES = np.array([0.5, 0.3, 0.13, 0.07])  # registered, recognized, commended, nominated
NOTE = "Dữ liệu mô phỏng (synthetic) – không phải mô hình thật"
EXEMPLAR_SHARE = 0.2
COMMITTEE = {"Huyện": "Huyện ủy", "Quận": "Quận ủy", "Thị xã": "Thị ủy", "Thành phố": "Thành ủy"}


@dataclass
class Text:
    """Display text and its folded key, row by row."""

    display: pa.Array
    key: pa.Array

    @classmethod
    def of(cls, values: Sequence[str], index: np.ndarray) -> Text:
        """``values[index]``, folding each distinct value once."""
        return cls(take(values, index), take([fold_key(v) for v in values], index))

    def subset(self, index: np.ndarray) -> Text:
        rows = pa.array(index)
        return Text(self.display.take(rows), self.key.take(rows))


def scatter(values: pa.Array, mask: np.ndarray) -> pa.Array:
    """A ``len(mask)`` array holding ``values`` in order where ``mask`` is set, else null."""
    positions = np.cumsum(mask) - 1
    return values.take(pa.array(positions, mask=~mask))


def join(parts: Sequence[Text], separators: Sequence[str]) -> Text:
    """Concatenate texts with separators (their keys with one space: the separators fold away)."""
    display: list[pa.Array | str] = [parts[0].display]
    for sep, part in zip(separators, parts[1:]):
        display += [sep, part.display]
    return Text(
        pc.binary_join_element_wise(*display, ""),
        pc.binary_join_element_wise(*[p.key for p in parts], " "),
    )


# -- who and where --------------------------------------------------------------------------
def bare_name(short_name: str, unit_type: str) -> str:
    """``short_name`` without a type prefix in other capitals ("Thành Phố Bắc Kạn" → "Bắc Kạn");
    a name that really starts with the type word ("Phường Đúc") is kept."""
    prefix = unit_type + " "
    if short_name.lower().startswith(prefix.lower()) and not short_name.startswith(prefix):
        return short_name[len(prefix) :]
    return short_name


def place_texts(units: Units) -> tuple[list[str], list[str]]:
    """Per unit: its name as an owner suffix ("xã Yên Bình") and its party committee
    ("Huyện ủy Yên Bình"; communes get "Đảng ủy xã …")."""
    bare = [bare_name(s, t) for s, t in zip(units.short_name, units.unit_type)]
    place = [f"{t.lower()} {s}" for t, s in zip(units.unit_type, bare)]
    committee = [
        f"{COMMITTEE.get(t, 'Đảng ủy ' + t.lower())} {s}" for t, s in zip(units.unit_type, bare)
    ]
    return place, committee


def hamlet_words(units: Units, rng: np.random.Generator) -> np.ndarray:
    """Per unit the word for its hamlets: thôn, bản, ấp, tổ dân phố or khu phố."""
    words = np.full(len(units), "thôn", dtype=object)
    words[(units.region == 1) & (rng.random(len(units)) < 0.5)] = "bản"
    words[units.region == 3] = "ấp"
    words[units.urban] = "tổ dân phố"
    words[units.urban & (units.region == 3)] = "khu phố"
    return words


def people(rng: np.random.Generator, n: int) -> tuple[Text, Text]:
    """Personal names: (with honorific "Ông"/"Bà", without)."""
    surnames, weights = zip(*names.SURNAMES)
    p = np.array(weights) / sum(weights)
    female = rng.random(n) < 0.45
    surname = rng.choice(len(surnames), n, p=p)
    middle = rng.integers(0, len(names.MIDDLE_MALE), n)
    given = rng.integers(0, len(names.GIVEN_MALE), n)
    # one index space for both genders: female parts follow the male ones
    middle = np.where(female, middle + len(names.MIDDLE_MALE), middle)
    given = np.where(female, given + len(names.GIVEN_MALE), given)
    full = join(
        [
            Text.of(list(surnames), surname),
            Text.of([*names.MIDDLE_MALE, *names.MIDDLE_FEMALE], middle),
            Text.of([*names.GIVEN_MALE, *names.GIVEN_FEMALE], given),
        ],
        [" ", " "],
    )
    honorific = Text.of(["Ông", "Bà"], female.astype(np.int64))
    return join([honorific, full], [" "]), full


def collectives(
    rng: np.random.Generator, units: Units, unit: np.ndarray, hamlet_word: np.ndarray
) -> Text:
    """Collective owners: hamlet organisations ("Chi bộ thôn Đông"), commune or district
    organisations ("Hội Phụ nữ xã Yên Bình", "Ban Dân vận Huyện ủy Yên Bình")."""
    n = len(unit)
    place, committee = place_texts(units)
    local = units.tier[unit] == COMMUNE
    hamlet = local & (rng.random(n) < 0.55)
    orgs = [*names.HAMLET_ORGS, *names.COMMUNE_ORGS, *names.DISTRICT_ORGS]
    h, c = len(names.HAMLET_ORGS), len(names.COMMUNE_ORGS)
    org = np.where(
        hamlet,
        rng.integers(0, h, n),
        np.where(
            local, h + rng.integers(0, c, n), h + c + rng.integers(0, len(names.DISTRICT_ORGS), n)
        ),
    )
    words = sorted(set(hamlet_word))
    word = np.array([words.index(w) for w in hamlet_word])[unit]
    hamlet_name = rng.integers(0, len(names.HAMLET_NAMES), n)
    # the Ban Dân vận belongs to the party committee, the others to the unit
    uses_committee = org == orgs.index("Ban Dân vận", h + c)
    units_text = [*place, *committee]
    where = np.where(uses_committee, unit + len(units), unit)
    at_unit = join([Text.of(orgs, org), Text.of(units_text, where)], [" "])
    at_hamlet = join(
        [Text.of(orgs, org), Text.of(words, word), Text.of(names.HAMLET_NAMES, hamlet_name)],
        [" ", " "],
    )
    mask = pa.array(hamlet)
    return Text(
        pc.if_else(mask, at_hamlet.display, at_unit.display),
        pc.if_else(mask, at_hamlet.key, at_unit.key),
    )


# -- what and when --------------------------------------------------------------------------
def allocate(rng: np.random.Generator, units: Units, total: int) -> np.ndarray:
    """Unit of each model: communes of both eras and pre-2025 districts, by activity."""
    commune = (units.tier == COMMUNE) & (units.propensity > 0)
    district = (units.tier == DISTRICT) & (units.era == PRE2025)
    years = np.where(units.era == ERA2025, 1.3, 11.0)
    weight = units.activity * (0.3 + units.propensity) * years
    weight = np.where(commune, weight, np.where(district, 0.12 * weight, 0.0))
    counts = rng.multinomial(total, weight / weight.sum())
    return np.repeat(np.arange(len(units)), counts)


def model_years(rng: np.random.Generator, era: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end years: 2010–2025 for pre-2025 units, 2025–2026 for 2025 units."""
    n = len(era)
    old_years = np.arange(2010, 2026)
    p = np.array([year_activity(y) * year_reporting(y) for y in old_years])
    p[-1] *= 0.5
    start = np.where(
        era == ERA2025,
        rng.choice([2025, 2026], n, p=[0.35, 0.65]),
        rng.choice(old_years, n, p=p / p.sum()),
    )
    last = np.where(era == ERA2025, 2026, 2025)
    lasting = rng.random(n) < 0.4
    end = np.where(lasting, np.minimum(start + rng.geometric(0.4, n), last), start)
    return start.astype(np.int16), end.astype(np.int16)


def model_heads(rng: np.random.Generator, start: np.ndarray) -> np.ndarray:
    """Head phrase of each model; Covid-19 heads only in 2020–2022, digital ones from 2019."""
    heads = names.heads()
    popularity = rng.gamma(2.0, 1.0, len(heads))
    head = rng.choice(len(heads), len(start), p=popularity / popularity.sum())
    theme = np.array([t for _, t, _ in heads])
    timeless = np.nonzero(theme == "none")[0]
    wrong = ((theme[head] == "covid") & ((start < 2020) | (start > 2022))) | (
        (theme[head] == "digital") & (start < 2019)
    )
    head[wrong] = rng.choice(timeless, int(wrong.sum()))
    return head


def model_names(rng: np.random.Generator, head: np.ndarray) -> Text:
    """Prefix + head + a qualifier that suits it, folded once per distinct combination."""
    heads = [h for _, _, h in names.heads()]
    prefixes, p_prefix = names.weighted(names.MODEL_PREFIXES)
    suffixes, p_suffix = names.suffixes_by_head()
    n = len(head)
    prefix = rng.choice(len(prefixes), n, p=p_prefix)
    cumulative = np.cumsum(np.array(p_suffix), axis=1)[head]
    suffix = np.minimum((rng.random(n)[:, None] > cumulative).sum(axis=1), len(suffixes) - 1)
    combo = (prefix * len(heads) + head) * len(suffixes) + suffix
    used, inverse = np.unique(combo, return_inverse=True)
    texts = []
    for c in used:
        rest, s = divmod(int(c), len(suffixes))
        pre, h = divmod(rest, len(heads))
        texts.append(prefixes[pre] + heads[h] + suffixes[s])
    return Text.of(texts, inverse)


def statuses(
    rng: np.random.Generator, tier: np.ndarray, era: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Furthest stage reached and the level that recognised the model (codes)."""
    n = len(tier)
    level = {term: i for i, term in enumerate(vocabulary.ids("level"))}
    status = rng.choice(len(STATUS_SHARES), n, p=STATUS_SHARES)
    draw = rng.random(n)
    commune_unit = np.select(
        [draw < 0.7, draw < 0.95], [level["commune"], level["district"]], level["province"]
    )
    district_unit = np.where(draw < 0.75, level["district"], level["province"])
    new_unit = np.where(draw < 0.8, level["commune"], level["province"])
    recognised = np.where(tier == DISTRICT, district_unit, commune_unit)
    recognised = np.where(era == ERA2025, new_unit, recognised)
    central = (status == 2) & (rng.random(n) < 0.02)
    recognised = np.where(central, level["central"], recognised)
    return status, np.where(status == 0, level["none"], recognised)


def names_and_owners(
    rng: np.random.Generator,
    units: Units,
    unit: np.ndarray,
    head: np.ndarray,
    field: np.ndarray,
    owner_kind: np.ndarray,
) -> tuple[Text, pa.Array]:
    """Model names and owners. ``owner_kind``: 0 collective, 1 individual, 2 none; exemplars
    (``head`` = -1) are named after their owner and a role that suits their field."""
    exemplar = head < 0
    individual, collective = owner_kind == 1, owner_kind == 0
    titled, person = people(rng, int(individual.sum()))
    group = collectives(rng, units, unit[collective], hamlet_words(units, rng))
    roles = [r for f in FIELDS for r in names.EXEMPLAR_ROLES[f]]
    per_field = len(roles) // len(FIELDS)
    role = field * per_field + rng.integers(0, per_field, len(unit))
    by_person, by_group = exemplar & individual, exemplar & collective
    parts = [
        (
            join(
                [
                    titled.subset(np.nonzero(exemplar[individual])[0]),
                    Text.of(roles, role[by_person]),
                ],
                [" – "],
            ),
            by_person,
        ),
        (
            join(
                [group.subset(np.nonzero(exemplar[collective])[0]), Text.of(roles, role[by_group])],
                [" – "],
            ),
            by_group,
        ),
        (model_names(rng, head[~exemplar]), ~exemplar),
    ]
    name = Text(
        pc.coalesce(*[scatter(text.display, mask) for text, mask in parts]),
        pc.coalesce(*[scatter(text.key, mask) for text, mask in parts]),
    )
    owner = pc.coalesce(scatter(person.display, individual), scatter(group.display, collective))
    return name, owner


# -- the table ------------------------------------------------------------------------------
def models_table(
    rng: np.random.Generator, units: Units, scale: Scale, province_sources: list[str]
) -> pa.Table:
    """``scale.models`` rows; ``province_sources[i]`` is the source of unit i's province."""
    unit = allocate(rng, units, scale.models)
    n = len(unit)
    era = units.era[unit]
    start, end = model_years(rng, era)
    exemplar = rng.random(n) < EXEMPLAR_SHARE

    heads = names.heads()
    head = np.where(exemplar, -1, model_heads(rng, start))  # exemplars have no head phrase
    head_field = np.array([FIELDS.index(f) for f, _, _ in heads])[head]
    head_theme = np.array([vocabulary.ids("theme").index(t) for _, t, _ in heads])[head]
    field = np.where(exemplar, rng.choice(len(FIELDS), n, p=FIELD_SHARES), head_field)
    theme = np.where(exemplar, vocabulary.ids("theme").index("none"), head_theme)

    owner_kind = np.where(
        exemplar,
        np.where(rng.random(n) < 0.7, 1, 0),
        rng.choice(3, n, p=[0.75, 0.12, 0.13]),
    )  # 0 collective, 1 individual, 2 none
    name, owner = names_and_owners(rng, units, unit, head, field, owner_kind)
    status, level = statuses(rng, units.tier[unit], era)

    serial = pc.utf8_lpad(pa.array(np.arange(1, n + 1)).cast(pa.string()), 8, "0")
    owner_types = ("collective", "individual", "none")
    columns: dict[str, pa.Array] = {
        "model_id": pc.binary_join_element_wise("demo-m", serial, ""),
        "model_name": name.display,
        "name_key": name.key,
        "kind": dict_array(exemplar.astype(np.int8), ("model", "exemplar")),
        "owner_name": owner,
        "owner_type": dict_array(owner_kind, owner_types),
        "locality_code": take(units.code, unit),
        "province_code": take(units.province_code, unit),
        "district_code": take(units.district_code, unit),
        "current_province_code": take(units.current_province_code, unit),
        "field": dict_array(field, FIELDS),
        "theme": dict_array(theme, vocabulary.ids("theme")),
        "year_start": pa.array(start),
        "year_end": pa.array(end),
        "model_status": dict_array(status, schema.MODEL_STATUSES),
        "recognition_level": dict_array(level, vocabulary.ids("level")),
        "source_id": take(province_sources, unit),
        "note": take([NOTE], np.zeros(n, np.int64)),
    }
    return pa.Table.from_arrays(
        [columns[c] for c in schema.TABLES["models"]], schema=schema.schema("models")
    )
