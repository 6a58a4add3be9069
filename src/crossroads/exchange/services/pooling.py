"""Three-year cohorts for countries whose single-year cohorts are too small to show figures.

How (and why):

* **Fixed, non-overlapping windows.** Years are pooled in windows of three
  that never overlap (2020–2022, 2023–2025, 2026–2028…): two overlapping
  windows (2022–2024 and 2023–2025) differ by one year at each end, and
  their difference would reveal single-year cells. A window is pooled once
  each of its three years has current tables by country, and never in part.
* **Same protection.** Persons belong to one cohort year, so a pooled
  count is the sum over the three years' accepted submissions: their
  original counts are summed together (:func:`~crossroads.exchange.services.aggregation.exact_sums`)
  and protected with the same rule and method as a single year, every
  country's tables with the network's.
* **Audited against the single years.** The pooled tables minus the
  released cells of two years give the third: a 2023 cell suppressed as 5
  with 2024 = 20, 2025 = 30 and a pooled 55 would be 5 again. The pooled
  country tables are therefore audited together with the three years'
  published tables (every country's and the network's, all their
  relations, and ``pooled = 2023 + 2024 + 2025`` cell by cell;
  :func:`crossroads.stats.disclosure.audit_pooled`). Each country named by
  a failing cell has its pooled tables withheld, and the audit is run
  again until it passes; if it fails with no country to blame, nothing is
  pooled. The pooled network figures are never published (the network is
  not small).
* **Each round re-solves only what may have changed.** Withholding
  countries only takes published cells away, so the outsider knows less
  and every range can only widen: a cell shown protected in one round stays
  protected, and the next round solves only the cells that failed (and any
  whose requirement rose). The result is the one a full audit of the final
  tables gives.
* **Bounded.** The audit stops after ``CROSSROADS_POOLED_AUDIT_SECONDS``;
  the window is then not pooled, and the reason is recorded: nothing is
  published on an unfinished audit.
* **Only from original counts.** When a member of any of the three years
  keeps its original counts at home, its suppressed cells are unknown to
  the secretariat too, and the joint audit cannot be done: nothing is
  pooled for that window.
* Only tables held by country in all three years are pooled.
* **Audited against named releases.** The audit records which release of
  each year it was run against (``audit["years"]``: the stored release and
  when it was computed, :func:`release_version`), so that a publication can
  include the pooled figures only where it shows each year at exactly that
  release (:mod:`crossroads.reports.services`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.exchange.models import NetworkRelease, PooledRelease
from crossroads.exchange.services.aggregation import (
    Contribution,
    Progress,
    Sums,
    accepted,
    accepted_keys,
    contributions_of,
    exact_sums,
    protect_sums,
)
from crossroads.exchange.services.summing import COUNTRY, country_links, uses_originals
from crossroads.exchange.signals import release_changed
from crossroads.stats.disclosure import (
    OutOfTime,
    PooledAudit,
    PoolingError,
    Published,
    SuppressionRule,
    Table,
    TableSet,
    audit_pooled,
    pooled_constraints,
)

WINDOW = 3
"""Years in a pooled cohort."""
FIRST_WINDOW = 2023
"""A year that starts a window: windows are 2023–2025 and every third year on either side."""


def window_of(year: int) -> tuple[int, int]:
    """The first and last year of the pooled window that holds ``year``."""
    first = year - (year - FIRST_WINDOW) % WINDOW
    return first, first + WINDOW - 1


def window_key(first_year: int, keys: Mapping[int, str] | None = None) -> str:
    """Identifies the accepted submissions of the window's years (empty if a year has none)."""
    known = accepted_keys() if keys is None else keys
    years = range(first_year, first_year + WINDOW)
    if any(year not in known for year in years):
        return ""
    return hashlib.sha256("|".join(f"{y}:{known[y]}" for y in years).encode()).hexdigest()


def release_version(release: NetworkRelease) -> dict[str, Any]:
    """What names one computation of a year's tables: the stored release and when it was
    computed (every recomputation changes it). A published year's provenance carries
    the same two (``release`` and ``computed_at``)."""
    return {"release": release.pk, "computed_at": release.computed_at.isoformat()}


def ready(first_year: int) -> bool:
    """Whether every year of the window has current tables by country."""
    keys = accepted_keys()
    stored = dict(
        NetworkRelease.objects.filter(
            year__in=range(first_year, first_year + WINDOW), by_country=True
        ).values_list("year", "key")
    )
    return all(
        year in stored and stored[year] == keys.get(year)
        for year in range(first_year, first_year + WINDOW)
    )


@dataclass
class Pooled:
    """The protected pooled tables of a window before they are stored."""

    first_year: int
    key: str
    rule: SuppressionRule
    tables: dict[str, dict[str, Any]]
    countries: list[str]
    withheld: list[str]
    contributions: list[Contribution]
    audit: dict[str, Any]
    seconds: float


class NotPoolable(Exception):
    """The window cannot be pooled (a year not ready, or a member keeping originals home)."""


class AuditUnfinished(NotPoolable):
    """The joint audit did not finish in the time allowed: nothing may be published."""


def _hidden(table: Table, stored: Mapping[str, Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """The cells of ``table`` (original sums) that the stored release suppressed.

    Fails when the stored release does not describe these sums (it was
    computed from other counts): then nothing may be pooled.
    """
    if [d["name"] for d in stored["dimensions"]] != [d.name for d in table.dimensions]:
        raise NotPoolable(f"the stored table {table.name} does not match its sums")
    mask = np.zeros(table.shape, dtype=bool)
    for cell in stored["cells"]:
        try:
            position = table.position(cell["categories"])
        except ValueError as error:
            raise NotPoolable(f"the stored table {table.name} does not match its sums") from error
        if cell["value"] is None or str(cell["status"]).startswith("suppressed"):
            mask[position] = True
        elif int(cell["value"]) != int(table.cells[position]) and cell["status"] != "rounded":
            raise NotPoolable(f"the stored table {table.name} does not match its sums")
    return mask


def _by_country(tables: Sequence[Table]) -> dict[str, Table]:
    return {t.name: t for t in tables if t.dimensions and t.dimensions[0].name == COUNTRY}


def pool(first_year: int, progress: Progress | None = None) -> Pooled:
    """Sum, protect and audit the window starting at ``first_year`` (see the module docstring)."""
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    keys = accepted_keys()
    if not ready(first_year):
        raise NotPoolable("a year of the window has no current tables by country")
    years = list(range(first_year, first_year + WINDOW))
    chosen = {year: accepted(year) for year in years}
    if not all(uses_originals(s) for year in years for s in chosen[year]):
        raise NotPoolable("a member keeps its original counts at home")
    releases = {r.year: r for r in NetworkRelease.objects.filter(year__in=years)}
    periods: list[Published] = []
    year_sums: dict[int, Sums] = {}
    for year in years:
        say(f"summing the tables of {year}")
        sums = exact_sums(chosen[year], by_country=True)
        year_sums[year] = sums
        stored = releases[year].tables
        if {t.name for t in sums.tables} != set(stored):
            raise NotPoolable(f"the stored tables of {year} do not match its sums")
        hidden = {t.name: _hidden(t, stored[t.name]) for t in sums.tables}
        table_set = TableSet(sums.tables, country_links(sums.tables), check_counts=False)
        periods.append(Published(str(year), table_set, sums.rule, hidden))
    everyone = [s for year in years for s in chosen[year]]
    say(f"summing the tables of {first_year}–{years[-1]}")
    sums = exact_sums(everyone, by_country=True)
    protected = protect_sums(sums, say)
    common = [
        table
        for name, table in _by_country(sums.tables).items()
        if all(name in _by_country(year_sums[y].tables) for y in years)
    ]
    pooled_set = TableSet(common, country_links(common), check_counts=False)
    hidden = {t.name: protected.table(t.name).suppressed for t in common}
    countries = sorted({c for t in common for c in t.dimensions[0].categories})
    try:
        constraints = pooled_constraints(
            periods, Published("pooled", pooled_set, sums.rule, hidden)
        )
    except PoolingError as error:
        # The pooled sums are not the sum of the years' (should not happen): pool nothing.
        raise NotPoolable(str(error)) from error
    deadline = time.monotonic() + settings.CROSSROADS_POOLED_AUDIT_SECONDS
    withheld: list[str] = []
    rounds = programs = 0
    result: PooledAudit | None = None
    while True:
        rounds += 1
        say(f"auditing the pooled tables with each year's (round {rounds})")
        shown = [c for c in countries if c not in withheld]
        unpublished = {t.name: _unpublished(t, shown) for t in common}
        pooled = Published("pooled", pooled_set, sums.rule, hidden, unpublished)
        try:
            # Each round withholds more, so the last round's audit narrows this one's work.
            result = audit_pooled(periods, pooled, constraints, earlier=result, deadline=deadline)
        except OutOfTime as error:
            raise AuditUnfinished(
                f"the audit did not finish within {settings.CROSSROADS_POOLED_AUDIT_SECONDS} "
                f"seconds (round {rounds}, {len(withheld)} countries withheld so far)"
            ) from error
        programs += result.report.linear_programs
        if result.passed or not shown:
            break
        blamed = {
            cells[0]
            for label, table, cells in result.failing_cells()
            if cells and cells[0] in shown and _is_by_country(label, table, periods, pooled_set)
        }
        withheld.extend(sorted(blamed) if blamed else shown)
    if not result.passed:
        raise NotPoolable("the pooled tables fail the audit with every country withheld")
    shown = [c for c in countries if c not in withheld]
    released = {t["name"]: t for t in protected.to_dict(preview=False)["tables"]}
    tables = {t.name: _only(released[t.name], shown) for t in common} if shown else {}
    report = result.report
    return Pooled(
        first_year=first_year,
        key=window_key(first_year, keys),
        rule=sums.rule,
        tables=tables,
        countries=shown,
        withheld=withheld,
        contributions=contributions_of(everyone, sums),
        audit={
            "passed": True,
            "rounds": rounds,
            "suppressed_cells": len(report.cells),
            "linear_programs": programs,
            "years": {str(y): release_version(releases[y]) for y in years},
        },
        seconds=time.perf_counter() - started,
    )


def _is_by_country(label: str, table: str, periods: Sequence[Published], pooled: TableSet) -> bool:
    sets = {p.label: p.tables for p in periods} | {"pooled": pooled}
    return sets[label].table(table).dimensions[0].name == COUNTRY


def _unpublished(table: Table, shown: Sequence[str]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Cells of a pooled table not published: the network's and withheld countries'."""
    mask = np.ones(table.shape, dtype=bool)
    for position, code in enumerate(table.dimensions[0].categories):
        if code in shown:
            mask[position] = False
    return mask


def _only(table: Mapping[str, Any], shown: Sequence[str]) -> dict[str, Any]:
    """A released table by country, with the cells of the ``shown`` countries only."""
    country, *rest = table["dimensions"]
    return {
        **table,
        "dimensions": [{**country, "categories": [c for c in country["categories"] if c in shown]},
                       *rest],
        "cells": [c for c in table["cells"] if c["categories"][0] in shown],
    }  # fmt: skip


def compute_pooled(
    user: User | None, first_year: int, progress: Progress | None = None
) -> PooledRelease | None:
    """Pool the window starting at ``first_year`` and store it (or remove a stale one).

    Returns None, and removes what was stored, when the window cannot be pooled.
    """
    try:
        result = pool(first_year, progress)
    except NotPoolable as reason:
        remove_pooled(user, first_year, reason)
        return None
    return store_pooled(user, result)


def remove_pooled(user: User | None, first_year: int, reason: NotPoolable) -> None:
    """Remove the window's stored pooled tables, if any, saying why; audited.

    An unfinished audit is recorded even when nothing was stored: the
    window is then left unpooled for a reason an analyst can act on.
    """
    last_year = first_year + WINDOW - 1
    with transaction.atomic():
        removed, _ = PooledRelease.objects.filter(first_year=first_year).delete()
        if removed:
            record(
                user, Action.DELETE, object_type="pooled_release", object_id=first_year,
                summary=f"Removed the pooled tables of {first_year}–{last_year}: {reason}",
            )  # fmt: skip
            release_changed.send(sender=PooledRelease, year=first_year)
        elif isinstance(reason, AuditUnfinished):
            record(
                user, Action.UPDATE, object_type="pooled_release", object_id=first_year,
                summary=f"Did not pool the tables of {first_year}–{last_year}: {reason}",
            )  # fmt: skip


def store_pooled(user: User | None, result: Pooled) -> PooledRelease:
    """Store a window's pooled tables (replacing the window's previous ones) and audit it."""
    last_year = result.first_year + WINDOW - 1
    with transaction.atomic():
        pooled, _created = PooledRelease.objects.update_or_create(
            first_year=result.first_year,
            defaults={
                "last_year": last_year,
                "key": result.key,
                "computed_at": timezone.now(),
                "computed_by": user,
                "rule": result.rule.to_dict(),
                "contributions": [asdict(c) for c in result.contributions],
                "countries": result.countries,
                "withheld": result.withheld,
                "tables": result.tables,
                "audit": result.audit,
                "seconds": result.seconds,
            },
        )
        record(
            user,
            Action.CREATE,
            object_type="pooled_release",
            object_id=pooled.pk,
            summary=f"Computed the pooled tables of {result.first_year}–{last_year} for "
            f"{len(result.countries)} countries ({len(result.withheld)} withheld by the audit)",
            detail={"countries": result.countries, "withheld": result.withheld},
        )
        release_changed.send(sender=PooledRelease, year=result.first_year)
    return pooled


def is_current(pooled: PooledRelease, keys: Mapping[int, str] | None = None) -> bool:
    """Whether the pooled tables were computed from the submissions accepted now."""
    return bool(pooled.key) and pooled.key == window_key(pooled.first_year, keys)
