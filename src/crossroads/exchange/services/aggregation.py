"""Network and per-country tables from the accepted submissions of a year, with provenance.

How (and why):

* The accepted version of each member counts; superseded, returned and
  pending versions never do.
* Original counts are summed and the sums protected again from scratch
  (``crossroads.stats.disclosure.aggregate``, then ``protect``): summing
  released values would add suppressed cells as zeros, and the members'
  suppression patterns protect nothing in a sum. Per-country and network
  tables are one table set (a leading ``country`` dimension whose total is
  the network), so neither can be differenced against the other.
* A member whose agreement does not let the secretariat keep original
  counts contributes its released values instead: they are added to the
  protected sums afterwards, and a cell suppressed on either side stays
  suppressed. Each part being protected on its own, no suppressed cell can
  be recomputed from the sum. The page says which members were added so.
* The rule is the strictest of the contributors' agreements (highest
  threshold, largest rounding base), never below the network's.
* A module shared by fewer members than the profile (rights outcomes, say)
  is summed over the members that share it. Subtracting it from the
  profile tables would give the counts of the members that do not share
  it; when one of those is small, the module is withheld, and the page says
  so (see :func:`~crossroads.exchange.services.summing.differencing_risk`).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crossroads.exchange import catalogue
from crossroads.exchange.models import NETWORK_THRESHOLD, Status, Submission
from crossroads.exchange.released import ReleasedTable
from crossroads.exchange.services.summing import (
    add_released,
    country_links,
    differencing_risk,
    scope_tables,
    summed,
    uses_originals,
)
from crossroads.stats.disclosure import TOTAL, SuppressionRule, Table, TableSet, protect

CACHE_SIZE = 16


@dataclass(frozen=True)
class Contribution:
    """One accepted submission counted in an aggregate (its provenance)."""

    submission_id: int
    organisation: str
    organisation_name: str
    country: str
    version: int
    checksum: str
    originals: bool
    """True when its original counts were summed; False when its released values were added."""
    modules: tuple[str, ...]


@dataclass
class Aggregate:
    """The protected network and per-country tables of one year, and where they come from."""

    year: int
    rule: SuppressionRule
    tables: dict[str, dict[str, Any]]
    """Released tables with a leading ``country`` dimension (``_T`` is the network)."""
    contributions: list[Contribution]
    withheld: list[str] = field(default_factory=list)
    """Modules left out because they would reveal the counts of members that do not share them."""
    seconds: float = 0.0

    @property
    def countries(self) -> list[str]:
        return sorted({c.country for c in self.contributions})

    def scope(self, country: str | None = None) -> dict[str, ReleasedTable]:
        """The tables of one country (alpha-3) or of the network (None)."""
        return scope_tables(self.tables, country or TOTAL)

    def contributors(self, country: str | None = None) -> list[Contribution]:
        return [c for c in self.contributions if country is None or c.country == country]

    def modules_of(self, table: str) -> list[Contribution]:
        """The contributions counted in ``table``."""
        module = str(catalogue.table(table).module)
        return [c for c in self.contributions if module in c.modules]


def accepted(year: int) -> list[Submission]:
    """The accepted version of each member for ``year``."""
    return list(
        Submission.objects.filter(year=year, status=Status.ACCEPTED)
        .select_related("organisation")
        .order_by("organisation__code")
    )


def rule_of(submissions: Sequence[Submission]) -> SuppressionRule:
    """The strictest of the contributors' rules, never below the network's."""
    thresholds = [int(s.terms.get("threshold") or 0) for s in submissions]
    bases = [int(s.terms["rounding_base"]) for s in submissions if s.terms.get("rounding_base")]
    return SuppressionRule(
        threshold=max([NETWORK_THRESHOLD, *thresholds]),
        rounding_base=max(bases) if bases else None,
    )


def _modules(submission: Submission) -> tuple[str, ...]:
    names = {t["name"] for t in submission.released.get("tables", [])}
    return tuple(
        str(m) for m in catalogue.MODULES if {t.code for t in catalogue.tables_of([m])} <= names
    )


_CACHE: OrderedDict[tuple[Any, ...], Aggregate] = OrderedDict()


def aggregate_year(year: int, submissions: Sequence[Submission] | None = None) -> Aggregate:
    """Sum and protect the accepted submissions of ``year`` (or the ones given).

    Results are kept in memory per set of contributing versions, so pages
    and downloads of an unchanged year do not protect the same sums again.
    """
    chosen = list(submissions) if submissions is not None else accepted(year)
    key = (year, tuple((s.pk, s.checksum) for s in chosen))
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    result = _aggregate(year, chosen)
    _CACHE[key] = result
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _aggregate(year: int, chosen: list[Submission]) -> Aggregate:
    started = time.perf_counter()
    rule = rule_of(chosen)
    modules = {s.pk: _modules(s) for s in chosen}
    result = Aggregate(
        year=year,
        rule=rule,
        tables={},
        contributions=[
            Contribution(
                submission_id=s.pk,
                organisation=s.organisation.code,
                organisation_name=s.organisation.name,
                country=s.organisation.country,
                version=s.version,
                checksum=s.checksum,
                originals=uses_originals(s),
                modules=modules[s.pk],
            )
            for s in chosen
        ],
    )
    profile = [s for s in chosen if str(catalogue.Module.PROFILE) in modules[s.pk]]
    if not profile:
        return result
    tables: list[Table] = []
    for module in catalogue.MODULES:
        sharing = [s for s in profile if str(module) in modules[s.pk]]
        if not sharing:
            continue
        partial = len(sharing) < len(profile)
        if partial and differencing_risk(str(module), profile, sharing, rule.threshold):
            result.withheld.append(str(module))
            continue
        tables.extend(summed(str(module), sharing, str(module) if partial else ""))
    for contribution in result.contributions:
        kept = tuple(m for m in contribution.modules if m not in result.withheld)
        object.__setattr__(contribution, "modules", kept)
    released = protect(TableSet(tables, country_links(tables)), rule).to_dict(preview=False)
    result.tables = {t["name"]: t for t in released["tables"]}
    for submission in profile:
        if not uses_originals(submission):
            add_released(result.tables, submission)
    result.seconds = time.perf_counter() - started
    return result


def years_with_accepted() -> list[int]:
    """Years for which at least one submission is accepted, newest first."""
    return sorted(
        set(Submission.objects.filter(status=Status.ACCEPTED).values_list("year", flat=True)),
        reverse=True,
    )
