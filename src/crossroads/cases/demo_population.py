"""A hidden population for the demo's hidden-victim estimate.

In one country and year, the demo draws a population of known size and lets
several lists capture people from it with unequal, dependent probabilities:
the two member NGOs of that country (whose records for that year are exactly
the people they captured), the police and the labour inspectorate. An
estimate from the lists' overlap should land near :data:`TRUE_SIZE`.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from crossroads.cases.demo_identities import DemoIdentity, invent
from crossroads.cases.demo_profiles import PROFILES
from crossroads.cases.demo_records import draw_person

COUNTRY = "NLD"
YEAR = 2024
TRUE_SIZE = 2600
# Base capture probability of each list; the inspectorate mostly sees labour
# exploitation, and the police refer people to one NGO, which triples its
# chance of seeing them (a dependence between two lists that the estimate
# must find).
LISTS: dict[str, float] = {
    "nl-overweg": 0.085,
    "nl-kompas": 0.065,
    "police": 0.13,
    "labour-inspectorate": 0.04,
}
POLICE_REFERRALS: dict[str, float] = {"nl-overweg": 3.0, "nl-kompas": 1.0}
# How much people differ in visibility (log-normal spread). Every list sees the
# same people more easily, which biases any estimate low; kept moderate so the
# demo's estimate can land near TRUE_SIZE (0.6 and weaker, undetectable
# referrals pulled SparseMSE's stepwise method about 30% below it).
VISIBILITY_SPREAD = 0.25


@dataclass
class Member:
    """One person of the hidden population and the lists that saw them."""

    person: dict[str, Any]
    identity: DemoIdentity
    lists: set[str] = field(default_factory=set)


@cache
def hidden_population(seed: int) -> tuple[Member, ...]:
    """The population (deterministic for a seed), with each member's lists."""
    rng = random.Random(f"{seed}-hidden-population")
    profile = PROFILES[COUNTRY]
    members = []
    for _ in range(TRUE_SIZE):
        person = draw_person(rng, profile, COUNTRY)
        band_age = {"0_8": 6, "9_17": 15, "18_20": 19, "21_23": 22, "24_26": 25, "27_29": 28, "30_38": 34, "39_47": 43, "48_plus": 52}[person["band"]]  # fmt: skip
        sex = {"female": "female", "male": "male"}.get(person["gender"], "")
        identity = invent(rng, person["citizenship"][0], sex, YEAR - band_age)
        member = Member(person=person, identity=identity)
        # Heterogeneity: some people are far more visible than others.
        visibility = math.exp(rng.gauss(0.0, VISIBILITY_SPREAD))
        police = rng.random() < min(0.95, LISTS["police"] * visibility)
        if police:
            member.lists.add("police")
        labour = person["form"] in {"labour", "domestic_servitude", "child_labour"}
        inspect_p = LISTS["labour-inspectorate"] * visibility * (3.0 if labour else 0.3)
        if rng.random() < min(0.95, inspect_p):
            member.lists.add("labour-inspectorate")
        for ngo in ("nl-overweg", "nl-kompas"):
            p = LISTS[ngo] * visibility * (POLICE_REFERRALS[ngo] if police else 1.0)
            if rng.random() < min(0.95, p):
                member.lists.add(ngo)
        members.append(member)
    return tuple(members)


def captured_by(seed: int, list_code: str) -> list[Member]:
    """The members a list captured, in population order."""
    return [m for m in hidden_population(seed) if list_code in m.lists]
