"""Invented people, their tokens, members' records and token files for the estimation tests."""

from __future__ import annotations

import io
from collections.abc import Iterable

from crossroads.accounts.models import User
from crossroads.cases import services as case_services
from crossroads.cases.models import Case
from crossroads.cases.services import linkage_key
from crossroads.stats.linkage import Identity, LinkageKey, token_cascade, write_token_file
from crossroads.testing import minimal_record

_CONSONANTS = "bdfglmnprst"
_VOWELS = "aeiou"


def _word(number: int, syllables: int) -> str:
    letters = []
    for _ in range(syllables):
        number, rest = divmod(number, len(_CONSONANTS) * len(_VOWELS))
        letters.append(_CONSONANTS[rest // len(_VOWELS)] + _VOWELS[rest % len(_VOWELS)])
    return "".join(letters).capitalize()


def person(number: int) -> tuple[str, str, str, str]:
    """Person ``number``: distinct names (no two normalise alike), a date of birth, a sex."""
    return (
        _word(number, 2),
        _word(number * 7 + 3, 3),
        f"{1970 + number % 30}-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "female" if number % 3 else "male",
    )


def tokens(number: int, key: LinkageKey | None = None) -> list[str]:
    """The tokens of person ``number`` under ``key`` (default: the deployment's)."""
    identity = Identity.from_fields(*person(number))
    return token_cascade(identity, key or linkage_key()).as_list()


def member_records(
    user: User, numbers: Iterable[int], consent: str = "aggregate_and_research", year: int = 2024
) -> list[Case]:
    """Records of ``user``'s organisation for the people ``numbers``, with their tokens."""
    return [
        case_services.create_case(
            user,
            f"P-{year}-{number}",
            minimal_record(consent_data_use=consent, year_of_registration=year),
            tokens=tokens(number),
            from_form=False,
        )
        for number in numbers
    ]


def token_file(label: str, numbers: Iterable[int], key: LinkageKey | None = None) -> bytes:
    """A token file of the people ``numbers``."""
    key = key or linkage_key()
    buffer = io.StringIO()
    write_token_file(buffer, label, key.fingerprint, [tokens(n, key) for n in numbers])
    return buffer.getvalue().encode("utf-8")
