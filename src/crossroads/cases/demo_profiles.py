"""Invented country profiles that shape the demo network's records.

The profiles themselves are data, in ``demo_profiles.toml`` next to this
module: made-up numbers that give the dashboards clear, believable
contrasts and describe no real country's practice. Rates are probabilities
for one person; weights pick the citizenship of non-nationals, the main
form of exploitation and the origin of incoming international referrals.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).with_suffix(".toml")
WEIGHTS = ("eu_origins", "non_eu_origins", "forms", "international_in")


@dataclass(frozen=True)
class Profile:
    """How records of one country's members are drawn."""

    per_org_year: int
    national: float
    other_eu: float
    eu_origins: dict[str, float]
    non_eu_origins: dict[str, float]
    forms: dict[str, float]
    identified: float  # presumed victims referred who get a positive decision
    referred: float  # presumed victims referred to the identifying authority
    rrp_informed: float
    rrp_granted: float
    permit_applied: float
    permit_granted: float
    personal_ground: float  # share of permit applications on personal situation
    conditional: float  # assistance made conditional on cooperation
    cooperating: float
    reported: float
    enforcement_after_report: float
    prosecuted: float  # proceedings against the person for compelled acts
    punished: float  # share of those proceedings ending in punishment
    comp_claimed: float
    comp_awarded: float
    comp_paid: float
    traffickers_investigated: float
    guardian: float
    international_in: dict[str, float] = field(default_factory=dict)


def _weights(
    value: str | dict[str, float], shared: dict[str, dict[str, float]], where: str
) -> dict[str, float]:
    if not isinstance(value, str):
        return dict(value)
    if value not in shared:
        raise ValueError(f"{where} names no shared weight set: {value}")
    return shared[value]


def load_profiles(path: Path = DATA) -> dict[str, Profile]:
    """The country profiles of ``path`` (see ``demo_profiles.toml``), by ISO country code."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    shared = {name: dict(weights) for name, weights in data.get("shared", {}).items()}
    profiles: dict[str, Profile] = {}
    for code, values in data["countries"].items():
        given = dict(values)
        for name in WEIGHTS:
            if name in given:
                given[name] = _weights(given[name], shared, f"{code}: {name}")
        profiles[code] = Profile(**given)
    return profiles


PROFILES: dict[str, Profile] = load_profiles()
