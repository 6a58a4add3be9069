"""Linking lists: strict levels first, loose levels only on unique tokens, one record per list."""

from __future__ import annotations

import random

import numpy as np
import pytest

from crossroads.stats.linkage import (
    LEVEL_NAMES,
    Identity,
    LinkageError,
    LinkageKey,
    RecordingErrors,
    TokenList,
    duplicate_groups,
    link,
    synthetic_identities,
    token_cascade,
    with_recording_errors,
)

KEY = LinkageKey("network-test-key-0123456789")


def tokens(given: str, family: str, dob: str, sex: str = "female") -> list[str]:
    return token_cascade(Identity.from_fields(given, family, dob, sex), KEY).as_list()


def token_list(name: str, *people: tuple[str, str, str]) -> TokenList:
    return TokenList.from_tokens(name, [tokens(*person) for person in people])


def level(result_levels: object, name: str) -> tuple[int, int, int]:
    for report in result_levels:  # type: ignore[attr-defined]
        if report.level == name:
            return report.links, report.ambiguous, report.refused
    raise AssertionError(name)


def test_three_lists_give_the_hand_counted_overlap_table() -> None:
    # Ana is on A, B and C; Ion on A and B; Eva on C only; Mia on A only.
    a = token_list(
        "a", ("Ana", "Popescu", "1994-03-07"), ("Ion", "Rusu", "1990-04-09"), ("Mia", "Lu", "2001")
    )
    b = token_list("b", ("ANA", "popescu", "07.03.1994"), ("Ion", "Rusu", "09/04/1990"))
    c = token_list("c", ("Eva", "Stan", "1985-12-01"), ("Ana", "Popescu", "19940307"))
    result = link([a, b, c])
    # Patterns: bit 0 = a, bit 1 = b, bit 2 = c.
    expected = np.zeros(7, dtype=np.int64)
    expected[0b001 - 1] = 1  # Mia
    expected[0b011 - 1] = 1  # Ion
    expected[0b100 - 1] = 1  # Eva
    expected[0b111 - 1] = 1  # Ana
    assert result.counts.tolist() == expected.tolist()
    assert result.people == 4
    assert result.list_sizes == (3, 2, 2)
    assert level(result.levels, "exact") == (3, 0, 0)


def test_the_overlap_csv_has_one_column_per_list_then_count() -> None:
    a = token_list("police-2024", ("Ana", "Popescu", "1994-03-07"), ("Ion", "Rusu", "1990-04-09"))
    b = token_list("ngo", ("Ana", "Popescu", "1994-03-07"))
    assert link([a, b]).to_csv() == "police-2024,ngo,count\n1,0,1\n1,1,1\n"


def test_a_typo_links_on_a_looser_level_when_the_token_is_unique() -> None:
    a = token_list("a", ("Olena", "Shevchenko", "1979-05-30"))
    b = token_list("b", ("Olna", "Shevchenko", "1979-05-30"))
    result = link([a, b])
    assert result.counts.tolist() == [0, 0, 1]
    assert level(result.levels, "exact") == (0, 0, 0)
    assert level(result.levels, "family_date") == (1, 0, 0)


def test_a_single_exact_key_misses_the_typo() -> None:
    a = token_list("a", ("Olena", "Shevchenko", "1979-05-30"))
    b = token_list("b", ("Olna", "Shevchenko", "1979-05-30"))
    assert link([a, b], levels=("exact",)).counts.tolist() == [1, 1, 0]


def test_swapped_names_and_swapped_day_and_month_still_link() -> None:
    a = token_list("a", ("Amina", "Diallo", "1988-01-15"), ("Ion", "Rusu", "1990-04-09"))
    b = token_list("b", ("Diallo", "Amina", "1988-01-15"), ("Ion", "Rusu", "1990-09-04"))
    result = link([a, b])
    assert result.counts.tolist() == [0, 0, 2]
    assert level(result.levels, "any_order") == (1, 0, 0)
    assert level(result.levels, "day_month") == (1, 0, 0)


def test_names_swapped_on_one_list_and_mistyped_on_the_other_link_on_the_prefixes() -> None:
    a = token_list("a", ("Olena", "Shevchenko", "1979-05-30"))
    b = token_list("b", ("Shevcenko", "Olena", "1979-05-30"))
    result = link([a, b])
    assert result.counts.tolist() == [0, 0, 1]
    assert level(result.levels, "prefixes") == (1, 0, 0)


def test_a_loose_token_shared_by_two_records_of_one_list_is_skipped_as_ambiguous() -> None:
    # Two different women of list a share the family name and date of birth, so
    # the family_date token cannot say which of them list b's "Mria" is.
    a = token_list("a", ("Maria", "Popa", "1990-01-02"), ("Elena", "Popa", "1990-01-02"))
    b = token_list("b", ("Mria", "Popa", "1990-01-02"))
    result = link([a, b])
    assert result.people == 3
    assert level(result.levels, "family_date") == (0, 1, 0)


def test_two_records_of_one_list_are_never_merged_into_one_person() -> None:
    # b's record matches a's first record exactly and a's second record on a
    # looser level; the second link would put two a-records in one person.
    a = token_list("a", ("Maria", "Popa", "1990-01-02"), ("Marie", "Popa", "1990-01-20"))
    b = token_list("b", ("Maria", "Popa", "1990-01-02"))
    c = token_list("c", ("Marie", "Popa", "1990-01-20"), ("Maria", "Popa", "1990-01-02"))
    result = link([a, b, c])
    for person in result.person:
        assert len(person) == len(set(person.tolist()))
    # Every record of one list stays a different person.
    assert len(set(result.person[0].tolist())) == 2
    assert result.people == 2


def test_a_refused_link_is_counted() -> None:
    # a1 and b1 link exactly; at the birth_year level b1 and a2 share a unique
    # token (same names, same year, different full dates), which would put a1
    # and a2 into one person: refused.
    a = token_list("a", ("Ana", "Popa", "1990-01-02"), ("Ana", "Popa", "1990-07-08"))
    b = token_list("b", ("Ana", "Popa", "1990-01-02"))
    result = link([a, b], levels=("exact", "birth_year"))
    assert level(result.levels, "exact") == (1, 0, 0)
    assert result.people == 2


def test_people_seen_twice_in_one_list_are_reported_not_merged() -> None:
    a = token_list("a", ("Ana", "Popa", "1990-01-02"), ("Popa", "Ana", "02.01.1990"))
    b = token_list("b", ("Ion", "Rusu", "1990-04-09"))
    result = link([a, b])
    assert result.duplicates == (2, 0)
    assert [g.tolist() for g in duplicate_groups(a)] == [[0, 1]]
    assert result.people == 3


def test_lists_must_be_two_to_twelve_and_distinctly_named() -> None:
    one = token_list("a", ("Ana", "Popa", "1990-01-02"))
    with pytest.raises(LinkageError, match="between 2 and 12"):
        link([one])
    with pytest.raises(LinkageError, match="used more than once: a"):
        link([one, one])
    with pytest.raises(LinkageError, match="unknown token level 'fuzzy'"):
        link([one, token_list("b", ("Ion", "Rusu", "1990"))], levels=("fuzzy",))


def test_malformed_stored_tokens_are_refused_with_the_record_number() -> None:
    good = tokens("Ana", "Popa", "1990-01-02")
    bad = [*good[:-1], "not-a-token"]
    with pytest.raises(ValueError, match="record 2: the birth_year token is malformed"):
        TokenList.from_tokens("a", [good, bad])
    with pytest.raises(ValueError, match="record 1: expected 7 tokens"):
        TokenList.from_tokens("a", [good[:3]])


def test_the_report_names_every_level_and_holds_no_token() -> None:
    a = token_list("a", ("Ana", "Popa", "1990-01-02"))
    b = token_list("b", ("Ana", "Popa", "1990-01-02"))
    report = link([a, b]).report()
    assert [entry["level"] for entry in report["levels"]] == list(LEVEL_NAMES)
    assert report["list_sizes"] == {"a": 1, "b": 1}
    assert tokens("Ana", "Popa", "1990-01-02")[0] not in str(report)


def test_the_cascade_recovers_most_true_links_with_few_false_ones() -> None:
    """Simulation: 3 lists of one population, recorded with realistic errors."""
    rng = random.Random(7)
    population = list(synthetic_identities(3000, seed=3))
    lists, truth = [], []
    for name in ("a", "b", "c"):
        chosen = [i for i in range(len(population)) if rng.random() < 0.4]
        recorded = [with_recording_errors(rng, population[i], RecordingErrors()) for i in chosen]
        rows = [tokens(p.given, p.family, p.dob, p.sex) for p in recorded]
        lists.append(TokenList.from_tokens(name, rows))
        truth.append(np.array(chosen))
    result = link(lists)
    exact = link(lists, levels=("exact",))

    def pairs(person: tuple[np.ndarray, ...]) -> set[tuple[int, int, int, int]]:
        found = set()
        for i in range(3):
            for j in range(i + 1, 3):
                where = {p: r for r, p in enumerate(person[j].tolist())}
                for r, p in enumerate(person[i].tolist()):
                    if p in where:
                        found.add((i, r, j, where[p]))
        return found

    true_pairs = pairs(tuple(truth))
    found = pairs(result.person)
    precision = len(found & true_pairs) / len(found)
    recall = len(found & true_pairs) / len(true_pairs)
    exact_recall = len(pairs(exact.person) & true_pairs) / len(true_pairs)
    assert precision > 0.99
    assert recall > 0.93
    assert exact_recall < recall - 0.15


def reference_link(lists: list[TokenList]) -> tuple[list[int], list[tuple[int, int, int]]]:
    """The documented rules, written plainly: one link at a time, in token order."""
    records = [(j, r) for j, token_list in enumerate(lists) for r in range(token_list.people)]
    parent = list(range(len(records)))
    mask = [1 << j for j, _ in records]

    def find(node: int) -> int:
        while parent[node] != node:
            node = parent[node]
        return node

    reports = []
    for column in range(len(LEVEL_NAMES)):
        holders: dict[int, list[int]] = {}
        for number, (j, r) in enumerate(records):
            key = int(lists[j].keys[r, column])
            if key:
                holders.setdefault(key, []).append(number)
        links = ambiguous = refused = 0
        for key in sorted(holders):
            group = sorted(holders[key], key=lambda n: (records[n][0], n))
            owners = [records[n][0] for n in group]
            if len(set(owners)) < 2:
                continue
            if len(set(owners)) < len(owners):
                ambiguous += 1
                continue
            for other in group[1:]:
                a, b = find(group[0]), find(other)
                if a == b:
                    continue
                if mask[a] & mask[b]:
                    refused += 1
                    continue
                a, b = min(a, b), max(a, b)
                parent[b] = a
                mask[a] |= mask[b]
                links += 1
        reports.append((links, ambiguous, refused))
    people = [0] * (2 ** len(lists) - 1)
    for root in {find(n) for n in range(len(records))}:
        people[mask[root] - 1] += 1
    return people, reports


@pytest.mark.parametrize("seed", range(12))
def test_the_vectorised_linker_follows_the_plain_rules(seed: int) -> None:
    """Random lists with few distinct tokens, so ambiguity and refusals are frequent."""
    rng = np.random.default_rng(seed)
    lists = []
    for j in range(int(rng.integers(2, 6))):
        size = int(rng.integers(5, 60))
        keys = rng.integers(0, 25, size=(size, len(LEVEL_NAMES))).astype(np.uint64)
        keys[rng.random(keys.shape) < 0.2] = 0
        keys[keys.sum(axis=1) == 0, 0] = 1
        lists.append(TokenList(f"list{j}", keys))
    result = link(lists)
    people, reports = reference_link(lists)
    assert result.counts.tolist() == people
    assert [(r.links, r.ambiguous, r.refused) for r in result.levels] == reports
