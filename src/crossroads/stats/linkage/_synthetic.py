"""Invented identities and realistic recording errors, to measure linkage.

Nobody here is real: names are built from syllables. The same person is
written down differently by different services; :func:`with_recording_errors`
reproduces the usual ways (after the error types reported by the ONS and in
Christen's *Data Matching*, 2012): a typing error in a name, the names
swapped (family name taken for the given name), another transliteration of
a name from Cyrillic (or the name kept in Cyrillic), day and month of birth
exchanged, the day of birth unknown (only the year recorded) or mistyped.
Benchmarks, tests and the demo use them to measure how often the token
cascade finds the true links and how often it makes false ones.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from anyascii import anyascii

_LATIN = (
    ["ma", "ri", "an", "el", "to", "ra", "li", "na", "so", "da", "vi", "ca", "lo", "ne", "be",
     "ta", "mi", "ro", "sa", "le", "ni", "ko", "ja", "pe", "du", "ga", "fi", "ze"],
    ["escu", "ova", "ic", "an", "er", "os", "ini", "enko", "ak", "ov", "sen", "eiro", "ez",
     "ski", "ier", "ard", "elli", "ou", "is", "aj"],
)  # fmt: skip
_CYRILLIC = (
    ["Ва", "Ли", "На", "Та", "Ми", "Ле", "Ка", "Ро", "Да", "Ан", "Ю", "Ксе", "Ха", "Же", "Ше",
     "Ол", "Ге", "Бо", "Ся", "Ще"],
    ["енко", "ова", "ук", "ин", "ко", "ич", "ев", "ий", "юк", "ая"],
)  # fmt: skip
_WEST_AFRICA = (
    ["O", "A", "Chi", "Ade", "Ngo", "Ife", "Bo", "Ka", "Ama", "Efe", "Kwa", "Nana", "Yaw",
     "Oke", "Tun", "Se"],
    ["nwa", "yemi", "ola", "buike", "sola", "kanmi", "dozie", "ma", "ku", "bena", "fo"],
)  # fmt: skip
_ASIA = (
    ["Li", "Ngu", "Tran", "Mai", "Thi", "Hoa", "Lan", "Min", "Anh", "Kim", "Zhang", "Wei",
     "Bao", "Som", "Chai"],
    ["en", "yen", "ang", "uong", "o", "inh", "ai", "ong", "chai", "porn"],
)  # fmt: skip
_REGIONS = {"latin": _LATIN, "cyrillic": _CYRILLIC, "west_africa": _WEST_AFRICA, "asia": _ASIA}
_REGION_WEIGHTS = {"latin": 0.45, "cyrillic": 0.25, "west_africa": 0.18, "asia": 0.12}
# Alternative romanisations seen for the same Cyrillic name (Russian, Ukrainian,
# French, German and passport conventions); some of these the normaliser folds,
# some it cannot.
_TRANSLITERATIONS = (
    ("i", "y"), ("y", "i"), ("ya", "ia"), ("yu", "iu"), ("kh", "h"), ("ch", "tch"),
    ("sh", "ch"), ("v", "w"), ("ts", "tz"), ("e", "ye"), ("zh", "j"), ("iy", "y"),
    ("ks", "x"), ("u", "ou"),
)  # fmt: skip


@dataclass(frozen=True)
class SyntheticIdentity:
    """An invented identity as a list holder would have typed it."""

    given: str
    family: str
    dob: str
    sex: str


@dataclass(frozen=True)
class RecordingErrors:
    """How often each kind of recording error happens, per record (probabilities)."""

    given_typo: float = 0.10
    family_typo: float = 0.08
    swapped_names: float = 0.05
    transliteration: float = 0.10
    day_month_swap: float = 0.03
    missing_day: float = 0.03
    date_typo: float = 0.02

    @classmethod
    def none(cls) -> RecordingErrors:
        """No error at all: every list writes the person the same way."""
        return cls(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


_YEARS = range(1955, 2010)
# Most people assisted are young adults: years of birth peak around 1995.
_YEAR_WEIGHTS = list(itertools.accumulate(1 + max(0, 30 - abs(1995 - y)) for y in _YEARS))
_POOL = 1500
# Zipf-like frequencies of given names: the commonest name is borne by about 3 %
# of people of its region, as the commonest given names are in European registers.
_POOL_WEIGHTS = list(itertools.accumulate(1 / (rank + 5) for rank in range(_POOL)))


def _name(rng: random.Random, region: str, parts: int) -> str:
    starts, endings = _REGIONS[region]
    word = "".join(rng.choice(starts) for _ in range(parts)) + rng.choice(endings)
    return word[0].upper() + word[1:]


def synthetic_identities(count: int, seed: int) -> Iterator[SyntheticIdentity]:
    """``count`` invented, mostly distinct people (deterministic for a seed).

    Given names come from a smaller pool than family names, with a skewed
    frequency, so common names and shared birth years occur as in real lists
    and the looser token levels meet real ambiguity.
    """
    rng = random.Random(f"synthetic-identities-{seed}")
    regions = list(_REGION_WEIGHTS)
    weights = list(_REGION_WEIGHTS.values())
    pools = {
        region: [_name(rng, region, rng.randint(1, 2)) for _ in range(_POOL)] for region in regions
    }
    for _ in range(count):
        region = rng.choices(regions, weights)[0]
        given = rng.choices(pools[region], cum_weights=_POOL_WEIGHTS)[0]
        if rng.random() < 0.25:
            given += " " + rng.choices(pools[region], cum_weights=_POOL_WEIGHTS)[0]
        family = _name(rng, region, rng.randint(1, 3))
        year = rng.choices(_YEARS, cum_weights=_YEAR_WEIGHTS)[0]
        dob = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield SyntheticIdentity(given, family, dob, rng.choice(("female", "female", "male")))


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word + rng.choice("aeiou")
    at = rng.randrange(1, len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:at] + word[at + 1 :]
    if kind == 1:
        return word[:at] + rng.choice("abcdefghijklmnoprstuvz") + word[at + 1 :]
    if kind == 2 and at < len(word) - 1:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + rng.choice("aeilnorst") + word[at:]


def _transliterate(rng: random.Random, word: str) -> str:
    if any("\u0400" <= ch <= "\u04ff" for ch in word):
        # A Cyrillic name romanised by the service that recorded it.
        latin = anyascii(word)
        return latin if rng.random() < 0.5 else _transliterate(rng, latin)
    lowered = word.lower()
    options = [(a, b) for a, b in _TRANSLITERATIONS if a in lowered]
    if not options:
        return word
    old, new = rng.choice(options)
    changed = lowered.replace(old, new, 1)
    return changed[0].upper() + changed[1:]


def with_recording_errors(
    rng: random.Random, person: SyntheticIdentity, errors: RecordingErrors
) -> SyntheticIdentity:
    """The same person as another service might have written them, with random errors."""
    given, family, dob = person.given, person.family, person.dob
    if rng.random() < errors.transliteration:
        if rng.random() < 0.5:
            given = _transliterate(rng, given)
        else:
            family = _transliterate(rng, family)
    if rng.random() < errors.given_typo:
        given = _typo(rng, given)
    if rng.random() < errors.family_typo:
        family = _typo(rng, family)
    if rng.random() < errors.swapped_names:
        given, family = family, given
    year, month, day = dob[:4], dob[5:7], dob[8:10]
    if rng.random() < errors.day_month_swap and int(day) <= 12:
        month, day = day, month
    if rng.random() < errors.date_typo:
        day = f"{min(28, max(1, int(day) + rng.choice((-10, -1, 1, 10)))):02d}"
    dob = f"{year}-{month}-{day}"
    if rng.random() < errors.missing_day:
        dob = year
    return SyntheticIdentity(given, family, dob, person.sex)
