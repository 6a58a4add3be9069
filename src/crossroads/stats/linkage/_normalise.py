"""Normalisation of identity fields before hashing.

The goal is that every spelling of one person that a caseworker, a police
officer or a labour inspector might plausibly type reduces to the same
string, while different people stay different. Steps for names:

1. Unicode compatibility decomposition, then transliteration of any script
   to ASCII (``anyascii``: Cyrillic, Greek, Arabic, ...) - accents drop out.
2. Lower case; anything that is not a letter separates name parts.
3. A light folding of common transliteration variants (German ``ue`` for
   ``u``, ``kh``/``h``, ``y``/``j``/``i``, ``w``/``v``, ``ph``/``f``) and of
   doubled letters, so ``Yuliya``, ``Yulia`` and ``Julia`` agree.

Dates of birth accept ISO (``1990-03-07``), day-first European forms
(``7.3.1990``, ``07/03/1990``, ``07-03-1990``) and ``19900307``; a year alone
is a partial date that only the year-based tokens use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from anyascii import anyascii


class IdentityError(ValueError):
    """An identity field cannot be read; the message names the field and the value.

    ``field`` (``"date_of_birth"`` or ``"sex"``) and ``reason`` say the same
    without the value, for reports that must never repeat identity data (the
    per-row errors of ``crossroads tokenize``).
    """

    def __init__(self, message: str, *, field: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason or message


_FOLDS: tuple[tuple[str, str], ...] = (
    ("ae", "a"),
    ("oe", "o"),
    ("ue", "u"),
    ("kh", "h"),
    ("ph", "f"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
)
_NOT_LETTER = re.compile(r"[^a-z]+")
_DOUBLE = re.compile(r"(.)\1+")


def _fold(part: str) -> str:
    for old, new in _FOLDS:
        part = part.replace(old, new)
    return _DOUBLE.sub(r"\1", part)


# Names and dates repeat a lot across a list (common given names, family
# names, birth dates), so caching their normalisation roughly halves the time
# ``crossroads tokenize`` spends per person.
@lru_cache(maxsize=1 << 16)
def normalise_name(value: str) -> tuple[str, ...]:
    """Return the folded parts of a name, in their original order.

    ``"  Anna-María  O'Neill "`` and ``"ANNA MARIA ONEILL"`` both give
    ``("ana", "maria", "oneil")``. Apostrophes join (O'Neill), hyphens and
    spaces separate.
    """
    text = unicodedata.normalize("NFKC", value)
    text = anyascii(text).lower().replace("'", "").replace("`", "")
    parts = [_fold(part) for part in _NOT_LETTER.split(text)]
    return tuple(part for part in parts if part)


_DATE_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), ("y", "m", "d")),
)
_YEAR = re.compile(r"^(\d{4})$")


@lru_cache(maxsize=1 << 16)
def normalise_date(value: str) -> tuple[int, int | None, int | None]:
    """Return ``(year, month, day)`` from a date of birth written in a common form.

    Slashes and dots with the day first are read the European way (day,
    month, year). A bare year returns ``(year, None, None)``. Raises
    :class:`IdentityError` for anything else, or for an impossible date.
    """
    text = value.strip()
    if match := _YEAR.match(text):
        year = int(match.group(1))
        _check_year(year, value)
        return year, None, None
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            _check_year(parts["y"], value)
            try:
                date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise IdentityError(
                    f"date of birth {value!r} is not a real date (expected day, month, year)",
                    field="date_of_birth",
                    reason="is not a real date (expected day, month, year)",
                ) from None
            return parts["y"], parts["m"], parts["d"]
    form = "is not in a recognised form (use YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY or a year alone)"
    raise IdentityError(f"date of birth {value!r} {form}", field="date_of_birth", reason=form)


def _check_year(year: int, original: str) -> None:
    if not 1900 <= year <= 2100:
        raise IdentityError(
            f"date of birth {original!r} has an implausible year",
            field="date_of_birth",
            reason="has an implausible year (expected 1900 to 2100)",
        )


_SEX = {
    "f": "f",
    "female": "f",
    "woman": "f",
    "w": "f",
    "femme": "f",
    "ж": "f",
    "m": "m",
    "male": "m",
    "man": "m",
    "homme": "m",
    "м": "m",
    "h": "m",
    "x": "x",
    "other": "x",
    "trans_nonbinary": "x",
    "nonbinary": "x",
}


def normalise_sex(value: str | None) -> str:
    """Return ``"f"``, ``"m"``, ``"x"`` or ``""`` (unknown) for a recorded sex or gender."""
    if value is None:
        return ""
    key = value.strip().lower()
    if key in {"", "unknown", "u", "?"}:
        return ""
    if key in _SEX:
        return _SEX[key]
    raise IdentityError(
        f"sex {value!r} is not recognised (expected female, male or other)",
        field="sex",
        reason="is not recognised (expected female, male, other or empty)",
    )


@dataclass(frozen=True)
class Identity:
    """A normalised identity: the only input a linkage token is computed from.

    Build one with :meth:`from_fields`; it is never stored or logged.
    """

    given: tuple[str, ...]
    family: tuple[str, ...]
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    sex: str
    # Derived once, because every token level reads them.
    full_date: str | None = field(init=False, repr=False, compare=False)
    all_names: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        known = None not in (self.birth_year, self.birth_month, self.birth_day)
        full = f"{self.birth_year:04d}{self.birth_month:02d}{self.birth_day:02d}" if known else None
        # ``full_date``: YYYYMMDD, or None if only the year (or nothing) is known.
        object.__setattr__(self, "full_date", full)
        # ``all_names``: every name part, sorted and joined, the form that ignores name order.
        object.__setattr__(self, "all_names", " ".join(sorted(self.given + self.family)))

    @classmethod
    def from_fields(
        cls,
        given_names: str = "",
        family_names: str = "",
        date_of_birth: str = "",
        sex: str | None = "",
    ) -> Identity:
        """Normalise raw identity fields; raises :class:`IdentityError` on unreadable input."""
        year: int | None = None
        month: int | None = None
        day: int | None = None
        if date_of_birth and date_of_birth.strip():
            year, month, day = normalise_date(date_of_birth)
        return cls(
            given=normalise_name(given_names or ""),
            family=normalise_name(family_names or ""),
            birth_year=year,
            birth_month=month,
            birth_day=day,
            sex=normalise_sex(sex),
        )

    @property
    def is_empty(self) -> bool:
        """True when no name was given: such an identity yields no tokens."""
        return not self.given and not self.family

    @property
    def swapped_date(self) -> str | None:
        """The date with day and month exchanged, when that is also a valid, different date."""
        if self.full_date is None or self.birth_day is None or self.birth_month is None:
            return None
        if self.birth_day > 12 or self.birth_day == self.birth_month:
            return None
        return f"{self.birth_year:04d}{self.birth_day:02d}{self.birth_month:02d}"
