"""Network and per-country tables from the accepted submissions of a year, with provenance.

How (and why):

* The accepted version of each member counts; superseded, returned and
  pending versions never do.
* Original counts are summed and the sums protected again from scratch
  (``crossroads.stats.disclosure.aggregate``, then ``protect``): summing
  released values would add suppressed cells as zeros, and the members'
  suppression patterns protect nothing in a sum. Per-country and network
  tables are one table set (a leading ``country`` dimension whose total is
  the network), so neither can be differenced against the other. The two
  tables by country of citizenship and referral pair are summed for the
  network only (see :data:`~crossroads.exchange.services.summing.NETWORK_ONLY`).
* A member whose agreement does not let the secretariat keep original
  counts contributes its released values instead: they are added to the
  protected sums afterwards, and a cell suppressed on either side stays
  suppressed. Each part being protected on its own, no suppressed cell can
  be recomputed from the sum. The page says which members were added so.
* The threshold is the highest of the contributors' agreements, never
  below the network's; network sums are not rounded.
* A module shared by fewer members than the profile (rights outcomes, say)
  is summed over the members that share it. Subtracting it from the
  profile tables would give the counts of the members that do not share
  it; when one of those is small, the module is withheld, and the page says
  so (see :func:`~crossroads.exchange.services.summing.differencing_risk`).

The result of a year is stored (:class:`~crossroads.exchange.models.NetworkRelease`)
because protecting every country's tables together takes a while; it is read
back through :mod:`crossroads.exchange.services.releases`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.exchange import catalogue
from crossroads.exchange.models import NETWORK_THRESHOLD, NetworkRelease, Status, Submission
from crossroads.exchange.released import Coverage, coverage
from crossroads.exchange.services.summing import (
    COUNTRY,
    add_released,
    country_links,
    differencing_risk,
    summed,
    uses_originals,
)
from crossroads.exchange.signals import release_changed
from crossroads.stats.disclosure import (
    ProtectedTableSet,
    SuppressionRule,
    Table,
    TableSet,
    protect,
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Contribution:
    """One accepted submission counted in a network release (its provenance)."""

    submission_id: int
    organisation: str
    organisation_name: str
    country: str
    version: int
    checksum: str
    originals: bool
    """True when its original counts were summed; False when its released values were added."""
    modules: tuple[str, ...]


def accepted(year: int) -> list[Submission]:
    """The accepted version of each member for ``year``."""
    return list(
        Submission.objects.filter(year=year, status=Status.ACCEPTED)
        .select_related("organisation")
        .order_by("organisation__code")
    )


def key_of(submissions: Sequence[Submission]) -> str:
    """Identifies a set of accepted versions (a release is current while it matches)."""
    return key_of_versions([(s.pk, s.checksum) for s in submissions])


def key_of_versions(versions: Iterable[tuple[int, str]]) -> str:
    """:func:`key_of` from (submission id, checksum) pairs, read without the tables."""
    parts = sorted(f"{pk}:{checksum}" for pk, checksum in versions)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def accepted_keys() -> dict[int, str]:
    """The key of each year's accepted versions, in one query that reads no table."""
    by_year: dict[int, list[tuple[int, str]]] = {}
    rows = Submission.objects.filter(status=Status.ACCEPTED).values_list("year", "pk", "checksum")
    for year, pk, checksum in rows:
        by_year.setdefault(year, []).append((pk, checksum))
    return {year: key_of_versions(versions) for year, versions in by_year.items()}


def rule_of(submissions: Sequence[Submission]) -> SuppressionRule:
    """The highest threshold of the contributors' agreements, never below the network's.

    A member's rounding applies to its own tables; network sums are not
    rounded, since rounding a sum of many members' counts protects no one
    member more than suppression already does.
    """
    thresholds = [int(s.terms.get("threshold") or 0) for s in submissions]
    return SuppressionRule(threshold=max([NETWORK_THRESHOLD, *thresholds]))


def modules_of(submission: Submission) -> tuple[str, ...]:
    """The modules the submission shares: those of which it holds any table.

    A module's tables come whole (an agreement shares whole modules), so a
    submission holds all of a module's tables of the catalogue it was built
    under, or none; one built under an older catalogue lacks the tables
    added since, and still shares the module (the sums leave those tables
    out, see :func:`~crossroads.exchange.services.summing.summed`)."""
    names = {t["name"] for t in submission.released.get("tables", [])}
    return tuple(
        str(m) for m in catalogue.MODULES if {t.code for t in catalogue.tables_of([m])} & names
    )


@dataclass
class Summed:
    """The protected tables of a year before they are stored."""

    rule: SuppressionRule
    tables: dict[str, dict[str, Any]]
    contributions: list[Contribution]
    withheld: list[str]
    seconds: float


@dataclass
class Sums:
    """The exact sums of a year's accepted submissions, before any protection."""

    rule: SuppressionRule
    tables: list[Table]
    profile: list[Submission]
    """The submissions that share the profile module (those summed)."""
    modules: dict[int, tuple[str, ...]]
    """The modules each submission shares, by submission id."""
    withheld: list[str]


def exact_sums(
    chosen: Sequence[Submission], *, by_country: bool = True, progress: Progress | None = None
) -> Sums:
    """The original counts of ``chosen`` summed module by module, with the modules
    withheld for their differencing risk left out (see the module docstring); never
    shown as such: :func:`sum_and_protect` protects them, and a differentially private
    release adds noise to them."""
    say = progress or (lambda _message: None)
    rule = rule_of(chosen)
    modules = {s.pk: modules_of(s) for s in chosen}
    profile = [s for s in chosen if str(catalogue.Module.PROFILE) in modules[s.pk]]
    withheld: list[str] = []
    # Modules shared by the same members are summed in one pass (one input per member).
    together: dict[tuple[int, ...], list[str]] = {}
    for module in catalogue.MODULES:
        sharing = [s for s in profile if str(module) in modules[s.pk]]
        if not sharing:
            continue
        partial = len(sharing) < len(profile)
        if partial and differencing_risk(str(module), profile, sharing, rule.threshold):
            withheld.append(str(module))
            continue
        together.setdefault(tuple(s.pk for s in sharing), []).append(str(module))
    by_pk = {s.pk: s for s in profile}
    tables: list[Table] = []
    for pks, group in together.items():
        sharing = [by_pk[pk] for pk in pks]
        suffix = "" if len(sharing) == len(profile) else "-".join(group)
        say(f"summing the {', '.join(group)} tables of {len(sharing)} submissions")
        tables.extend(summed(group, sharing, suffix, by_country=by_country))
    return Sums(rule, tables, profile, modules, withheld)


def contributions_of(chosen: Sequence[Submission], sums: Sums) -> list[Contribution]:
    """The provenance of each submission counted in ``sums``."""
    return [
        Contribution(
            submission_id=s.pk,
            organisation=s.organisation.code,
            organisation_name=s.organisation.name,
            country=s.organisation.country,
            version=s.version,
            checksum=s.checksum,
            originals=uses_originals(s),
            modules=tuple(m for m in sums.modules[s.pk] if m not in sums.withheld),
        )
        for s in chosen
    ]


def sum_and_protect(
    chosen: Sequence[Submission], *, by_country: bool = True, progress: Progress | None = None
) -> Summed:
    """Sum the given accepted submissions and protect the sums (see the module docstring).

    ``by_country=False`` gives the network tables only, in a second or two;
    with countries, every country's tables are protected together with the
    network's, which takes minutes for a network of twenty countries.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    sums = exact_sums(chosen, by_country=by_country, progress=progress)
    tables = sums.tables
    protected: dict[str, dict[str, Any]] = {}
    if tables:
        cells = sum(t.cells.size for t in tables)
        say(f"protecting {len(tables)} tables ({cells} cells)")
        # No one reads the audit of network sums cell by cell (only that it passed).
        protected_set = protect(
            TableSet(tables, country_links(tables)),
            sums.rule,
            exact_intervals=False,
            keep_totals_of=COUNTRY,
        )
        released = protected_set.to_dict(preview=False)
        protected = {t["name"]: t for t in released["tables"]}
        for submission in sums.profile:
            if not uses_originals(submission):
                add_released(protected, submission)
    return Summed(
        sums.rule,
        protected,
        contributions_of(chosen, sums),
        sums.withheld,
        time.perf_counter() - started,
    )


def compute_release(
    user: User | None, year: int, *, by_country: bool = True, progress: Progress | None = None
) -> NetworkRelease:
    """Compute and store the network release of ``year`` from its accepted submissions.

    It replaces the year's previous release: one release per year exists,
    so that two differently protected versions of the same sums are never
    both shown.
    """
    chosen = accepted(year)
    result = sum_and_protect(chosen, by_country=by_country, progress=progress)
    return store_release(user, year, chosen, result, by_country=by_country)


def store_release(
    user: User | None,
    year: int,
    chosen: Sequence[Submission],
    result: Summed,
    *,
    by_country: bool,
) -> NetworkRelease:
    """Store ``result``, the protected sums of ``chosen`` (the accepted submissions of
    ``year``), as the year's release, and audit it (see :func:`compute_release`)."""
    with transaction.atomic():
        release, _created = NetworkRelease.objects.update_or_create(
            year=year,
            defaults={
                "key": key_of(chosen),
                "by_country": by_country,
                "computed_at": timezone.now(),
                "computed_by": user,
                "rule": result.rule.to_dict(),
                "contributions": [asdict(c) for c in result.contributions],
                "withheld": result.withheld,
                "tables": result.tables,
                "seconds": result.seconds,
            },
        )
        record(
            user,
            Action.CREATE,
            object_type="network_release",
            object_id=release.pk,
            summary=f"Computed the network tables of {year} from {len(chosen)} submissions"
            + (" (network and by country)" if by_country else " (network only)"),
            detail={"submissions": [f"{s.organisation.code} v{s.version}" for s in chosen]},
        )
        release_changed.send(sender=NetworkRelease, year=year)
    return release


def accepted_members() -> dict[int, int]:
    """How many members have an accepted submission, by year (one query, no table read)."""
    rows = (
        Submission.objects.filter(status=Status.ACCEPTED)
        .values("year")
        .annotate(members=Count("organisation", distinct=True))
    )
    return {int(row["year"]): int(row["members"]) for row in rows}


def accepted_coverage() -> dict[int, Coverage]:
    """How many members have an accepted submission for each year, against the
    best-covered year up to it (one query)."""
    return coverage(accepted_members())


def years_with_accepted() -> list[int]:
    """Years with at least one accepted submission, newest first."""
    years = Submission.objects.filter(status=Status.ACCEPTED).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def protect_sums(sums: Sums, progress: Progress | None = None) -> ProtectedTableSet:
    """Protect summed tables as :func:`sum_and_protect` does, every country's with the
    network's (for pooled cohorts, which need the protected set itself)."""
    say = progress or (lambda _message: None)
    say(f"protecting {len(sums.tables)} tables ({sum(t.cells.size for t in sums.tables)} cells)")
    return protect(
        TableSet(sums.tables, country_links(sums.tables)),
        sums.rule,
        exact_intervals=False,
        keep_totals_of=COUNTRY,
    )
