"""Classifying each counted person along every dimension of the catalogue.

A classification is either an array of category positions, one per
person (additive dimensions; -1 for a person outside the table's
population), or an array of bit masks, bit ``k`` set when the person has
category ``k`` (multi-response dimensions). Each distinct answer is
classified once (see :meth:`Cohort.answers`), and the results reach the
persons who gave it by one NumPy index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt

from crossroads.codebook.definitions import Condition, Standard
from crossroads.exchange.building.extract import Cohort
from crossroads.exchange.catalogue import NOT_RECORDED, UNKNOWN, dimension, eurostat_groups

IntArray = npt.NDArray[np.int64]
OWN, OTHER_EU, NON_EU, STATELESS = "own_country", "other_eu", "non_eu", "stateless_unknown"
NOT_A_COUNTRY = frozenset({"XXA", "XXX"})


@dataclass(frozen=True)
class Classified:
    """One dimension's categories and every person's place in them."""

    codes: tuple[str, ...]
    values: IntArray
    multi: bool = False
    parents: tuple[str, ...] = ()
    """For a nested dimension: the enclosing category of each category (same order)."""


def positions_in(codes: Sequence[str], values: Sequence[Any], default: str) -> IntArray:
    """The position of each of ``values`` in ``codes``; unknown or empty values -> ``default``."""
    lookup = {code: i for i, code in enumerate(codes)}
    # map() with dict.get runs the loop in C.
    return np.fromiter(
        map(lookup.get, values, repeat(lookup[default])), dtype=np.int64, count=len(values)
    )


def positions(cohort: Cohort, field_code: str, codes: Sequence[str], default: str) -> IntArray:
    """Each person's position of the answer to ``field_code`` in ``codes`` (else ``default``)."""
    index, (answers,) = cohort.answers(field_code)
    return positions_in(codes, answers, default)[index]


def masks(cohort: Cohort, field_code: str, codes: Sequence[str], empty: str | None) -> IntArray:
    """Each person's bit mask of the answers to the multi-valued ``field_code``.

    Bit ``k`` is set when the answer holds ``codes[k]``; an empty answer sets
    the bit of ``empty`` (or none).
    """
    position = {code: i for i, code in enumerate(codes)}
    empty_mask = (1 << position[empty]) if empty is not None else 0

    def mask(value: Any) -> int:
        bits = 0
        for code in value or ():
            if code in position:
                bits |= 1 << position[code]
        return bits or empty_mask

    index, (answers,) = cohort.answers(field_code)
    return np.fromiter(map(mask, answers), dtype=np.int64, count=len(answers))[index]


def _codes(name: str) -> tuple[str, ...]:
    return dimension(name).codes


def profile(cohort: Cohort, standard: Standard) -> dict[str, Classified]:
    """Classifications of the profile dimensions (vocabulary fields, citizenship, forms)."""
    out: dict[str, Classified] = {}
    for name, field_code, default in (
        ("sex", "gender", UNKNOWN),
        ("status_decided_by", "status_decided_by", UNKNOWN),
        ("referred_by", "referred_by", UNKNOWN),
        ("trafficking_status", "trafficking_status", NOT_RECORDED),
    ):
        codes = _codes(name)
        out[name] = Classified(codes, positions(cohort, field_code, codes, default))
    out.update(_ages(cohort, standard))
    out.update(_citizenship(cohort, standard))
    forms = _codes("exploitation_form")
    form_masks = masks(cohort, "exploitation_forms", forms, UNKNOWN)
    out["exploitation_form"] = Classified(forms, form_masks, multi=True)
    # Eurostat groups and the labour condition follow from the forms' bits, in NumPy.
    group_of = {form: group for group, members in eurostat_groups().items() for form in members}
    groups = _codes("exploitation_group")
    group_masks = np.zeros(cohort.size, dtype=np.int64)
    for bit, form in enumerate(forms):
        has = (form_masks >> bit) & 1
        group_masks |= has << groups.index(group_of.get(form, UNKNOWN))
    out["exploitation_group"] = Classified(groups, group_masks, multi=True)
    labour = _labour_forms(standard)
    labour_bits = sum(1 << bit for bit, form in enumerate(forms) if form in labour)
    in_labour = (form_masks & labour_bits) != 0
    sectors = _codes("labour_sector")
    sector_masks = masks(cohort, "labour_sectors", sectors, UNKNOWN)
    out["labour_sector"] = Classified(sectors, np.where(in_labour, sector_masks, -1), multi=True)
    types = _codes("assistance_received")
    received = masks(cohort, "assistance_received", types, None)
    needed = masks(cohort, "assistance_needed", types, None)
    out["assistance_received"] = Classified(types, received, multi=True)
    out["assistance_unmet"] = Classified(types, needed & ~received, multi=True)
    out["assistance_met"] = Classified(types, needed & received, multi=True)
    return out


def _labour_forms(standard: Standard) -> frozenset[str]:
    """Forms named by the standard's ``labour_exploitation`` condition."""
    found: set[str] = set()

    def walk(condition: Condition) -> None:
        if condition.kind == "any_of" and condition.field == "exploitation_forms":
            found.update(condition.values)
        for part in condition.parts:
            walk(part)

    walk(standard.conditions["labour_exploitation"])
    return frozenset(found)


def _ages(cohort: Cohort, standard: Standard) -> dict[str, Classified]:
    bands = dimension("age_band")
    band_codes = bands.codes
    by_age: dict[int, str] = {}
    for value in standard.vocabularies["age_band"].values:
        low, high = value.flag("min_age"), value.flag("max_age")
        if low is not None and high is not None:
            by_age.update(dict.fromkeys(range(int(low), int(high) + 1), value.code))

    def band_of(band: Any, age: Any) -> Any:
        # The band given; else the band of the age given, where only the age is known.
        if band not in band_codes and isinstance(age, int):
            return by_age.get(age, UNKNOWN)
        return band

    index, (given, ages) = cohort.answers("age_band", "age_at_identification")
    band_positions = positions_in(band_codes, list(map(band_of, given, ages)), UNKNOWN)[index]
    parents = tuple(c.parent for c in bands.categories or ())
    groups = _codes("age_group")
    group_of_band = np.array([groups.index(p) for p in parents], dtype=np.int64)
    return {
        "age_band": Classified(band_codes, band_positions, parents=parents),
        "age_group": Classified(groups, group_of_band[band_positions]),
    }


def _citizenship(cohort: Cohort, standard: Standard) -> dict[str, Classified]:
    """Citizenship group and main country: own country, then EU, then any other, then none."""
    own, year = cohort.organisation_country, cohort.year

    def classify(value: Any) -> tuple[str, str]:
        given = tuple(value or ())
        countries = sorted(c for c in given if c not in NOT_A_COUNTRY)
        eu = [c for c in countries if standard.is_eu_member(c, year)]
        if own in given:
            return OWN, own
        if eu:
            return OTHER_EU, eu[0]
        if countries:
            return NON_EU, countries[0]
        return STATELESS, "XXA" if "XXA" in given else "XXX"

    index, (answers,) = cohort.answers("citizenship")
    pairs = list(map(classify, answers))
    groups = _codes("citizenship_group")
    # Every country present, in code order, and always the organisation's own country so
    # that the dimension is never empty and members' tables line up when summed.
    present = sorted({c for _, c in pairs} | {own})
    parent_of = {c: group for group, c in pairs} | {own: OWN}
    group_answers, country_answers = zip(*pairs, strict=True) if pairs else ((), ())
    return {
        "citizenship_group": Classified(
            groups, positions_in(groups, group_answers, STATELESS)[index]
        ),
        "citizenship_country": Classified(
            tuple(present),
            positions_in(present, country_answers, own)[index],
            parents=tuple(parent_of[c] for c in present),
        ),
    }


def referral_pairs(cohort: Cohort) -> list[tuple[frozenset[tuple[str, str]], int]]:
    """The distinct sets of international referral pairs (from, to), with how many persons.

    Most persons have none: they share the empty set.
    """
    own = cohort.organisation_country
    index, (incomings, outgoings) = cohort.answers("referral_in_country", "referral_out_countries")
    persons = np.bincount(index, minlength=len(incomings))
    found: list[tuple[frozenset[tuple[str, str]], int]] = []
    for incoming, outgoing, count in zip(incomings, outgoings, persons.tolist(), strict=True):
        pairs = set()
        if incoming and incoming != own and incoming not in NOT_A_COUNTRY:
            pairs.add((incoming, own))
        for country in outgoing or ():
            if country != own and country not in NOT_A_COUNTRY:
                pairs.add((own, country))
        found.append((frozenset(pairs), count))
    return found
