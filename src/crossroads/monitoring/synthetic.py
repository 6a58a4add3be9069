"""Synthetic released tables for tests and benchmarks (never shown as real data).

:func:`synthetic_releases` draws, for any number of countries and years,
the cells of the exchange tables that the indicators read, with
country-specific rates, and blanks every count from 1 to 9 as disclosure
control would (a simplification: no secondary suppression). It stands in
for accepted submissions where the exchange's aggregation is not the
subject, as in the report benchmark.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from crossroads.exchange.public import YearState
from crossroads.exchange.released import NETWORK, Contributor, Release, ReleasedTable
from crossroads.exchange.released import TOTAL as T

FORMS = (
    "sexual",
    "labour",
    "domestic_servitude",
    "forced_criminality",
    "forced_begging",
    "forced_marriage",
)
Cells = dict[tuple[str, ...], int]


def _split(rng: random.Random, total: int, shares: list[float]) -> list[int]:
    parts = [int(total * s * rng.uniform(0.85, 1.15)) for s in shares]
    rest = total - sum(parts[:-1])
    parts[-1] = max(rest, 0)
    return parts


def _country_tables(rng: random.Random, n: int) -> dict[str, Cells]:
    rate = {k: rng.uniform(lo, hi) for k, (lo, hi) in {
        "identified": (0.3, 0.8), "pending": (0.05, 0.15), "conditional": (0.1, 0.8),
        "informed": (0.5, 0.95), "rrp": (0.4, 0.9), "permit": (0.2, 0.8), "personal": (0.05, 0.6),
        "claimed": (0.1, 0.4), "awarded": (0.3, 0.7), "paid": (0.1, 0.7), "proceedings": (0.02, 0.2),
        "punished": (0.1, 0.5), "irregular": (0.2, 0.5), "reported": (0.3, 0.8), "enforced": (0.01, 0.25),
    }.items()}  # fmt: skip
    decided = 1 - rate["identified"] - rate["pending"]
    shares = [rate["identified"], rate["pending"], 0.0, decided]
    positive, pending, not_recorded, _decided_otherwise = _split(rng, n, shares)
    yes, no, unknown = _split(rng, n, [rate["conditional"], 1 - rate["conditional"] - 0.05, 0.05])
    tables: dict[str, Cells] = {
        "persons_sex_age": {(T, T, T): n},
        "persons_forms": {(T, T): n, **{(T, f): v for f, v in zip(FORMS, _split(rng, n, [0.45, 0.3, 0.08, 0.07, 0.05, 0.05]), strict=True)}},
        "rights_identification": {(T, T): n, ("positive", T): positive, ("pending", T): pending, ("not_recorded", T): not_recorded, ("positive", "other_eu"): int(positive * 0.3), ("positive", "non_eu"): int(positive * 0.4)},
        "rights_cooperation": {(T, T): n, ("yes", T): yes, ("no", T): no, ("unknown", T): unknown},
        "rights_reflection": {}, "rights_permits": {},
    }  # fmt: skip
    for group, share in (("other_eu", 0.3), ("non_eu", 0.4)):
        m = int(n * share)
        rrp, pend = int(m * rate["rrp"]), int(m * 0.06)
        tables["rights_reflection"].update({(group, T, T): m, (group, "yes", T): int(m * rate["informed"]), (group, "unknown", T): int(m * 0.04), (group, T, "granted"): rrp, (group, T, "pending"): pend, (group, T, "not_recorded"): 0})  # fmt: skip
        granted = int((m - pend) * rate["permit"])
        tables["rights_permits"].update({(group, T, T): m, (group, T, "granted"): granted, (group, T, "pending"): pend, (group, "personal_situation", "granted"): int(granted * rate["personal"])})  # fmt: skip
    claims = int(n * rate["claimed"])
    pending_claims = int(claims * 0.2)
    awarded = int((claims - pending_claims) * rate["awarded"])
    paid = int(awarded * rate["paid"])
    tables["rights_compensation"] = {(T, T): n, (T, "no_claim"): n - claims, (T, "pending"): pending_claims, (T, "not_recorded"): 0, (T, "awarded_none"): awarded - paid, (T, "awarded_partial"): paid // 2, (T, "awarded_full"): paid - paid // 2, (T, "awarded_unknown"): 0, (T, "refused"): claims - pending_claims - awarded, (T, "withdrawn"): 0}  # fmt: skip
    proceedings = int(n * rate["proceedings"])
    open_ = int(proceedings * 0.25)
    tables["rights_proceedings"] = {(T, T): n, ("no_proceedings", T): n - proceedings, (T, "punished"): int((proceedings - open_) * rate["punished"]), (T, "pending"): open_, (T, "not_recorded"): 0}  # fmt: skip
    irregular = int(n * rate["irregular"])
    reported = int(irregular * rate["reported"])
    enforced = int(reported * rate["enforced"])
    tables["rights_reporting"] = {("irregular", T): irregular, ("irregular", "not_reported"): irregular - reported, ("irregular", "reported_enforcement"): enforced, ("irregular", "reported_no_consequence"): reported - enforced}  # fmt: skip
    children = int(n * 0.12)
    guardian = int(children * rng.uniform(0.5, 0.95))
    tables["rights_children"] = {("yes", T): children, ("yes", "yes"): guardian, ("yes", "no"): children - guardian, ("yes", "unknown"): 0}  # fmt: skip
    return tables


DIMENSIONS = {
    "persons_sex_age": ("sex", "age_group", "age_band"),
    "persons_forms": ("sex", "exploitation_form"),
    "rights_identification": ("identification", "citizenship_group"),
    "rights_cooperation": ("assistance_conditional", "cooperation"),
    "rights_reflection": ("citizenship_group", "rrp_informed", "rrp_decision"),
    "rights_permits": ("citizenship_group", "permit_ground", "permit_outcome"),
    "rights_compensation": ("compensation_route", "compensation_stage"),
    "rights_proceedings": ("proceedings_kind", "proceedings_outcome"),
    "rights_reporting": ("migration_status", "reporting"),
    "rights_children": ("unaccompanied", "guardian"),
}


def _released(code: str, cells: Cells, threshold: int) -> ReleasedTable:
    return ReleasedTable.from_cells(
        code, DIMENSIONS[code], {k: (None if 0 < v < threshold else v) for k, v in cells.items()}
    )


def synthetic_releases(
    countries: list[str],
    years: list[int],
    *,
    seed: int = 1,
    size: tuple[int, int] = (60, 400),
    threshold: int = 10,
) -> dict[int, Release]:
    """Releases with ``countries`` (alpha-3 codes) for ``years``, reproducible for ``seed``."""
    releases = {}
    for year in years:
        scopes: dict[str, dict[str, ReleasedTable]] = {}
        network: dict[str, Cells] = {}
        for country in countries:
            rng = random.Random(f"{seed}-{country}-{year}")
            base = random.Random(f"{seed}-{country}").randint(*size)
            tables = _country_tables(rng, int(base * (0.8 + 0.06 * (year - years[0]))))
            for code, cells in tables.items():
                for key, value in cells.items():
                    network.setdefault(code, {})[key] = network.get(code, {}).get(key, 0) + value
            scopes[country] = {
                code: _released(code, cells, threshold) for code, cells in tables.items()
            }
        scopes[NETWORK] = {
            code: _released(code, cells, threshold) for code, cells in network.items()
        }
        contributors = tuple(
            Contributor(f"{c.lower()}-member", f"Member organisation {c}", c) for c in countries
        )
        releases[year] = Release(year, scopes, contributors, rule={"threshold": threshold})
    return releases


class SyntheticExchange:
    """Stands in for the exchange's public interface with synthetic releases (tests and
    benchmarks of the pages, which need no submission behind their figures): set
    ``crossroads.exchange.public.states`` and ``releases`` to its methods."""

    def __init__(self, data: Mapping[int, Release]) -> None:
        self.data = dict(data)

    def states(self) -> dict[int, YearState]:
        return {
            year: YearState(
                year=year,
                members=len(release.contributors),
                computed=True,
                current=True,
                by_country=True,
                computing=None,
                fingerprint=f"synthetic-{year}-{id(release)}",
            )
            for year, release in sorted(self.data.items())
        }

    def releases(self, years: set[int] | None = None) -> dict[int, Release]:
        return {y: r for y, r in self.data.items() if years is None or y in years}
