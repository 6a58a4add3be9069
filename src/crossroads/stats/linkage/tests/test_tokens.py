"""Linkage tokens: the same person written differently links; different keys do not."""

from __future__ import annotations

import pytest

from crossroads.stats.linkage import (
    LEVEL_NAMES,
    Identity,
    IdentityError,
    LinkageKey,
    TokenSet,
    normalise_date,
    normalise_name,
    token_cascade,
)

KEY = LinkageKey("network-test-key-0123456789")


def tokens(given: str, family: str, dob: str, sex: str = "female") -> TokenSet:
    return token_cascade(Identity.from_fields(given, family, dob, sex), KEY)


def test_case_accents_spaces_and_date_format_do_not_change_the_token() -> None:
    reference = tokens("Ana María", "Popescu", "1994-03-07")
    variants = [
        tokens("ANA MARIA", "popescu", "07.03.1994"),
        tokens("  ana   maría ", " POPESCU ", "7/3/1994"),
        tokens("Ana-Maria", "Popescu", "19940307"),
        tokens("Ana Maria", "Popescu", "07-03-1994", "F"),
    ]
    for variant in variants:
        assert variant["exact"] == reference["exact"]


def test_cyrillic_and_latin_spellings_of_one_name_link() -> None:
    latin = tokens("Yuliya", "Ivanova", "1990-11-02")
    cyrillic = tokens("Юлия", "Иванова", "02.11.1990")
    other_transliteration = tokens("Julia", "Ivanova", "1990-11-02")
    assert latin["exact"] == cyrillic["exact"] == other_transliteration["exact"]


def test_name_order_swap_links_on_the_any_order_level_only() -> None:
    straight = tokens("Amina", "Diallo", "1988-01-15")
    swapped = tokens("Diallo", "Amina", "1988-01-15")
    assert straight["exact"] != swapped["exact"]
    assert straight["any_order"] == swapped["any_order"]


def test_typo_in_given_name_still_links_on_family_and_date() -> None:
    right = tokens("Olena", "Shevchenko", "1979-05-30")
    typo = tokens("Olenna", "Shevcehnko", "1979-05-30")
    assert right["exact"] != typo["exact"]
    one_typo = tokens("Olna", "Shevchenko", "1979-05-30")
    assert right["family_date"] == one_typo["family_date"]


def test_exchanged_day_and_month_link_on_the_day_month_level() -> None:
    assert (
        tokens("Ion", "Rusu", "1990-04-09")["day_month"]
        == tokens("Ion", "Rusu", "1990-09-04")["day_month"]
    )


def test_different_people_get_different_tokens_at_every_level() -> None:
    one = tokens("Ana", "Popescu", "1994-03-07")
    other = tokens("Maria", "Ionescu", "1991-08-21")
    for level in LEVEL_NAMES:
        assert one[level] != other[level]


def test_a_different_key_gives_different_tokens_and_fingerprint() -> None:
    identity = Identity.from_fields("Ana", "Popescu", "1994-03-07", "female")
    other_key = LinkageKey("another-network-key-987654321")
    first, second = token_cascade(identity, KEY), token_cascade(identity, other_key)
    for level in LEVEL_NAMES:
        assert first[level] != second[level]
    assert KEY.fingerprint != other_key.fingerprint


def test_a_year_of_birth_alone_yields_only_the_year_level() -> None:
    result = tokens("Ana", "Popescu", "1994")
    assert result["birth_year"] is not None
    assert result["exact"] is None
    assert result.as_list().count("") == len(LEVEL_NAMES) - 1


def test_an_identity_without_names_yields_no_tokens() -> None:
    assert tokens("", "", "1994-03-07").is_empty


def test_token_lists_round_trip() -> None:
    result = tokens("Ana", "Popescu", "1994-03-07")
    assert TokenSet.from_list(result.as_list()) == result


def test_tokens_are_hex_of_128_bits() -> None:
    token = tokens("Ana", "Popescu", "1994-03-07")["exact"]
    assert token is not None
    assert len(token) == 32
    int(token, 16)


def test_the_key_is_not_shown_by_repr() -> None:
    assert "network-test-key" not in repr(KEY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1994-03-07", (1994, 3, 7)),
        ("7.3.1994", (1994, 3, 7)),
        ("07/03/1994", (1994, 3, 7)),
        ("19940307", (1994, 3, 7)),
        ("1994", (1994, None, None)),
    ],
)
def test_dates_of_birth_are_read_day_first(raw: str, expected: tuple[int, int, int]) -> None:
    assert normalise_date(raw) == expected


@pytest.mark.parametrize("raw", ["31.02.1990", "1990-13-01", "yesterday", "07/03/94", "1850-01-01"])
def test_unreadable_dates_are_refused_with_the_value_in_the_message(raw: str) -> None:
    with pytest.raises(IdentityError, match="date of birth"):
        normalise_date(raw)


def test_unknown_sex_is_refused_by_name() -> None:
    with pytest.raises(IdentityError, match="sex 'robot'"):
        Identity.from_fields("Ana", "Popescu", "1994", "robot")


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 16"):
        LinkageKey("short")


def test_names_fold_common_transliteration_variants() -> None:
    assert normalise_name("Müller") == normalise_name("Mueller") == ("muler",)
    assert normalise_name("O'Neill") == ("oneil",)


def test_tokens_are_standard_hmac_sha256_under_each_levels_subkey() -> None:
    import hashlib
    import hmac

    _, subkeys = KEY.worker_state()
    for material in ["", "ana maria\x1fpopescu\x1f19940307\x1ff", "ю" * 300]:
        for level in LEVEL_NAMES:
            expected = hmac.new(subkeys[level], material.encode(), hashlib.sha256).hexdigest()
            assert KEY.token(level, material) == expected[:32]


def test_a_key_rebuilt_in_a_worker_makes_the_same_tokens() -> None:
    rebuilt = LinkageKey.from_worker_state(KEY.worker_state())
    identity = Identity.from_fields("Ana", "Popescu", "1994-03-07", "f")
    assert token_cascade(identity, rebuilt) == token_cascade(identity, KEY)
    assert rebuilt.fingerprint == KEY.fingerprint
