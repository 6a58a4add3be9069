"""The privacy-budget ledger of publications with differentially private counts.

A publication that chooses differential privacy (:data:`Method.PRIVACY`)
covers several cohort years (the report's trend goes back to the first).
For each of them it either **reuses** the noisy counts an earlier
publication released while the year's accepted submissions are unchanged
(no budget spent: publishing fresh noise for the same persons again would
let anyone average it away), or **noises** the year afresh, spending the
release's ``ε`` on it. Each cohort year holds different persons, so each
has its own budget (``settings.CROSSROADS_PRIVACY_BUDGET``); a publication
that would take a year past it is refused (:class:`BudgetExceeded`) before
anything is stored.

The ledger (:class:`~crossroads.reports.models.PrivacyRelease` and its
:class:`~crossroads.reports.models.PrivacySpending` rows) records every
noised year's spending by table and scope, written with its audit entry by
:func:`record_spending` in the publication's transaction. The budget of a
year is charged on the network scope of every table: each person counted
in a table loses its share once, whichever country counted them; the
country rows say where the noise was drawn (countries hold different
persons, so they share one table's share).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.accounts.permissions import is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.exchange import public
from crossroads.exchange.public import NETWORK, PrivateRelease, Release
from crossroads.reports.builder import ReportError
from crossroads.reports.frozen import frozen
from crossroads.reports.models import Method, PrivacyRelease, PrivacySpending, Publication

DEFAULT_EPSILON = 1.0
"""The budget the publish form proposes for each newly noised cohort year."""


class BudgetExceeded(ReportError):
    """A publication would spend more than a cohort year's privacy budget."""


class InvalidBudget(ReportError):
    """A privacy budget that is not a positive number."""


def budget() -> float:
    """The privacy budget ε of each cohort year, over all its publications."""
    return float(settings.CROSSROADS_PRIVACY_BUDGET)


def spent(year: int) -> float:
    """The budget already spent on cohort year ``year``."""
    total = PrivacyRelease.objects.filter(year=year).aggregate(s=Sum("epsilon"))["s"]
    return float(total or 0.0)


def check_epsilon(epsilon: float | None) -> float:
    """``epsilon`` as the budget of a release, or :class:`InvalidBudget`."""
    if epsilon is None or not (0 < epsilon < float("inf")):
        raise InvalidBudget(_("The privacy budget ε must be a positive number."))
    return float(epsilon)


def check_budget(needs: Mapping[int, float]) -> None:
    """Refuse (:class:`BudgetExceeded`) spending ``needs`` (cohort year -> ε) when any
    year would go past its budget; the message names every such year."""
    limit = budget()
    over = []
    for year, epsilon in sorted(needs.items()):
        already = spent(year)
        if already + epsilon > limit + 1e-9:
            over.append((year, already))
    if over:
        years = ", ".join(
            _("%(year)s (%(spent)s already spent)") % {"year": y, "spent": f"{s:g}"}
            for y, s in over
        )
        raise BudgetExceeded(
            _(
                "Publishing with ε = %(epsilon)s would take these cohort years past their "
                "privacy budget of %(budget)s: %(years)s. Choose a smaller ε, or publish "
                "with suppression of small counts."
            )
            % {"epsilon": f"{max(needs.values()):g}", "budget": f"{limit:g}", "years": years}
        )


def reusable(year: int) -> Release | None:
    """The noisy counts of ``year`` an earlier publication released, if its accepted
    submissions are unchanged since (see the module docstring)."""
    key = public.accepted_key(year)
    if key is None:
        return None
    earlier = (
        PrivacyRelease.objects.filter(year=year, key=key)
        .select_related("publication")
        .order_by("-released_at")
        .first()
    )
    if earlier is None:
        return None
    stored = earlier.publication.snapshot["releases"].get(str(year))
    return Release.from_dict(stored) if stored is not None else None


@dataclass(frozen=True)
class PrivatePlan:
    """The differentially private releases of the years a publication covers."""

    releases: dict[int, Release]
    fresh: dict[int, PrivateRelease]
    """The years noised afresh (they spend budget), by cohort year."""

    @property
    def needs(self) -> dict[int, float]:
        return {year: p.epsilon for year, p in self.fresh.items()}


def check_plan(years: Iterable[int], epsilon: float | None) -> dict[int, Release]:
    """The reusable releases among ``years``, after refusing (:class:`InvalidBudget`,
    :class:`BudgetExceeded`) a budget that would take one of the others past its own;
    reads no table and draws no noise (the publish form checks with it first)."""
    epsilon = check_epsilon(epsilon)
    wanted = sorted(years)
    reused = {year: r for year in wanted if (r := reusable(year)) is not None}
    check_budget({year: epsilon for year in wanted if year not in reused})
    return reused


def plan(years: Iterable[int], epsilon: float) -> PrivatePlan:
    """Reuse or noise each of ``years`` (see the module docstring); refuses a plan that
    would go past a year's budget before noising anything."""
    wanted = sorted(years)
    reused = check_plan(wanted, epsilon)
    fresh = {year: public.private_release(year, epsilon) for year in wanted if year not in reused}
    releases = {year: reused.get(year) or fresh[year].release for year in wanted}
    return PrivatePlan(releases, fresh)


def record_spending(
    user: User, publication: Publication, fresh: Mapping[int, PrivateRelease]
) -> None:
    """Write the ledger lines of the years ``publication`` noised afresh, with their audit
    entry; called inside the publication's transaction, after checking the budget again."""
    if not is_analyst(user):
        raise PermissionError("only network analysts publish")
    check_budget({year: p.epsilon for year, p in fresh.items()})
    now = timezone.now()
    for year, private in sorted(fresh.items()):
        line = PrivacyRelease.objects.create(
            publication=publication, year=year, epsilon=private.epsilon,
            key=str(private.release.provenance.get("key", "")), released_at=now,
            released_by=user,
        )  # fmt: skip
        PrivacySpending.objects.bulk_create(
            PrivacySpending(release=line, table=table, scope=scope, epsilon=epsilon)
            for table, scopes in sorted(private.spending.items())
            for scope, epsilon in sorted(scopes.items())
        )
        record(
            user,
            Action.PUBLISH,
            object_type="privacy_release",
            object_id=line.pk,
            summary=f"Spent ε={private.epsilon:g} of the {year} cohort's privacy budget "
            f"(publication {publication.year} v{publication.version})",
            detail={
                "year": year,
                "epsilon": private.epsilon,
                "spent": spent(year),
                "budget": budget(),
                "tables": {t: s.get(NETWORK, 0.0) for t, s in sorted(private.spending.items())},
            },
        )


@dataclass(frozen=True)
class TableSpending:
    """What one table of a ledger line spent: its share of ε and the scopes it was
    drawn in."""

    table: str
    epsilon: float
    scopes: list[str]


def spending_by_table(line: PrivacyRelease) -> list[TableSpending]:
    """The table and scope rows of one ledger line, one entry per table."""
    by_table: dict[str, TableSpending] = {}
    for row in line.spending.all():
        entry = by_table.setdefault(row.table, TableSpending(row.table, 0.0, []))
        entry.scopes.append(row.scope)
        if row.scope == NETWORK:
            by_table[row.table] = TableSpending(row.table, row.epsilon, entry.scopes)
    return sorted(by_table.values(), key=lambda t: t.table)


@dataclass(frozen=True)
class YearBudget:
    """One cohort year's part of the ledger: its lines, each with its spending by table."""

    year: int
    spent: float
    budget: float
    lines: list[tuple[PrivacyRelease, list[TableSpending]]]

    @property
    def remaining(self) -> float:
        return max(self.budget - self.spent, 0.0)


def ledger(user: User) -> list[YearBudget]:
    """Every cohort year's spending, newest first (analysts only)."""
    if not is_analyst(user):
        raise PermissionError("only network analysts read the privacy-budget ledger")
    limit = budget()
    by_year: dict[int, list[PrivacyRelease]] = {}
    found = PrivacyRelease.objects.select_related("publication").prefetch_related("spending")
    for line in found.order_by("released_at"):
        by_year.setdefault(line.year, []).append(line)
    return [
        YearBudget(
            year,
            sum(r.epsilon for r in lines),
            limit,
            [(line, spending_by_table(line)) for line in lines],
        )
        for year, lines in sorted(by_year.items(), reverse=True)
    ]


@dataclass(frozen=True)
class YearMethod:
    """How one cohort year's counts of a publication were produced (for the public pages)."""

    year: int
    private: bool
    epsilon: float | None
    threshold: int | None
    margins: list[tuple[str, int, int]]
    """For a private year: (table, margin of one cell, margin of the network total)."""


def methods(publication: Publication) -> list[YearMethod]:
    """What produced the counts of every cohort year ``publication`` holds, newest first."""
    parts = frozen(publication)
    out = []
    for year, rule in parts.rules.items():
        private = rule.get("method") == public.DIFFERENTIAL_PRIVACY
        margins: list[tuple[str, int, int]] = []
        if private:
            for code, table in sorted(parts.network_tables[year].items()):
                method = table.get("method") or {}
                total = _grand_total_margin(table)
                margins.append((code, int(method.get("margin", 0)), total))
        out.append(
            YearMethod(
                year=year,
                private=private,
                epsilon=float(rule["epsilon"]) if private else None,
                threshold=None if private else int(rule.get("threshold", 0)) or None,
                margins=margins,
            )
        )
    out.sort(key=lambda m: m.year, reverse=True)
    return out


def _grand_total_margin(table: Mapping[str, Any]) -> int:
    size = len(table["dimensions"])
    for cell in table["cells"]:
        if cell["categories"] == ["_T"] * size:
            return int(cell.get("margin") or 0)
    return 0


def is_private(publication: Publication) -> bool:
    """Whether the publication chose differentially private counts."""
    return publication.method == Method.PRIVACY
