"""Invented identities for the demo: syllable names that belong to nobody.

Used only to compute linkage tokens in the demo (and, for hidden-victim
estimation, to draw several overlapping lists of the same invented people).
The identities themselves are never stored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_SYLLABLES = {
    "latin": (["ma", "ri", "an", "el", "to", "ra", "li", "na", "so", "da", "vi", "ca", "lo", "ne"],
              ["escu", "ova", "ic", "an", "er", "os", "ini", "enko", "ak", "ov", "sen", "eiro"]),
    "cyrillic": (["Ва", "Ли", "На", "Та", "Ми", "Ле", "Ка", "Ро", "Да", "Ан"],
                 ["енко", "ова", "ук", "ин", "ко", "ич"]),
    "west_africa": (["O", "A", "Chi", "Ade", "Ngo", "Ife", "Bo", "Ka", "Ama", "Efe"],
                    ["nwa", "yemi", "ola", "buike", "sola", "kanmi", "dozie", "ma"]),
    "asia": (["Li", "Ngu", "Tran", "Mai", "Thi", "Hoa", "Lan", "Min", "Anh", "Kim"],
             ["en", "yen", "ang", "uong", "o", "inh"]),
}  # fmt: skip
_REGION_OF = {"UKR": "cyrillic", "MDA": "latin", "BLR": "cyrillic", "RUS": "cyrillic", "BGR": "cyrillic",
              "NGA": "west_africa", "GHA": "west_africa", "CIV": "west_africa", "GIN": "west_africa",
              "CMR": "west_africa", "SEN": "west_africa", "UGA": "west_africa", "VNM": "asia",
              "CHN": "asia", "THA": "asia", "PHL": "asia", "MNG": "asia"}  # fmt: skip


@dataclass(frozen=True)
class DemoIdentity:
    """An invented person: names, date of birth (ISO), sex."""

    given: str
    family: str
    dob: str
    sex: str


def _word(rng: random.Random, region: str, parts: int) -> str:
    first, endings = _SYLLABLES[region]
    word = "".join(rng.choice(first) for _ in range(parts)) + rng.choice(endings)
    return word[0].upper() + word[1:]


def invent(rng: random.Random, citizenship: str, sex: str, birth_year: int) -> DemoIdentity:
    """An invented identity typical of nobody in particular."""
    region = _REGION_OF.get(citizenship, "latin")
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return DemoIdentity(
        given=_word(rng, region, rng.randint(1, 2)),
        family=_word(rng, region, rng.randint(1, 3)),
        dob=f"{birth_year:04d}-{month:02d}-{day:02d}",
        sex=sex,
    )
