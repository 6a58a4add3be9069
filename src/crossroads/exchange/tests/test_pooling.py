"""Three-year cohorts: sums of the years' accepted originals, protected and audited with them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from crossroads.accounts.models import Role, User
from crossroads.audit.models import AuditEntry
from crossroads.exchange import tasks
from crossroads.exchange.models import PooledRelease, Status, Submission
from crossroads.exchange.services import drafts, pooling
from crossroads.exchange.services import submissions as services
from crossroads.exchange.services.releases import aggregate_year
from crossroads.exchange.services.summing import scope_tables
from crossroads.exchange.tests.conftest import add_records
from crossroads.stats.disclosure import TOTAL as T
from crossroads.stats.disclosure import audit_pooled
from crossroads.tasks.progress import Progress
from crossroads.testing import Personas, make_user

YEARS = (2023, 2024, 2025)


def pooled_network(agreed: Personas, small: tuple[int, int, int]) -> User:
    """Organisation A (Netherlands): 40 persons a year. B (Germany): ``small`` persons a year."""
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    for year, persons in zip(YEARS, small, strict=True):
        date = f"{year}-03-05"
        add_records(
            agreed.data_officer_a, 40, f"NL{year}", year_of_registration=year,
            first_contact_date=date,
        )  # fmt: skip
        add_records(
            officer_b, persons, f"DE{year}", year_of_registration=year, first_contact_date=date,
            citizenship=["DEU"],
        )  # fmt: skip
    for year in YEARS:
        for officer in (agreed.data_officer_a, officer_b):
            draft = drafts.build_draft(officer, year)
            services.accept(agreed.analyst, services.submit(officer, draft))
    return officer_b


def test_windows_are_fixed_and_never_overlap() -> None:
    assert pooling.window_of(2023) == (2023, 2025)
    assert pooling.window_of(2025) == (2023, 2025)
    assert pooling.window_of(2026) == (2026, 2028)
    assert pooling.window_of(2022) == (2020, 2022)


def test_small_yearly_cohorts_are_pooled_as_their_sum_and_protected(agreed: Personas) -> None:
    pooled_network(agreed, (3, 4, 5))
    pooled = PooledRelease.objects.get(first_year=2023)  # pooled when the last year was stored
    assert pooled.last_year == 2025
    assert pooling.is_current(pooled)
    assert "DEU" in pooled.countries
    germany = scope_tables(pooled.tables, "DEU")
    assert germany["persons_sex_age"].cell(T, T, T).value == 3 + 4 + 5
    assert pooled.audit["passed"] is True
    # The network's pooled figures are never published.
    assert all(
        cell["categories"][0] != T for table in pooled.tables.values() for cell in table["cells"]
    )
    # Every cell below the threshold is suppressed, as in a single year.
    for table in pooled.tables.values():
        for cell in table["cells"]:
            assert cell["value"] is None or cell["value"] == 0 or cell["value"] >= 10
    # Returning one year's submission makes them out of date: they are no longer offered.
    returned = Submission.objects.get(organisation=agreed.org_b, year=2024, status=Status.ACCEPTED)
    services.return_submission(agreed.analyst, returned, "Please check")
    assert not pooling.is_current(pooled)


def test_a_suppressed_year_is_never_revealed_by_the_pooled_figures(agreed: Personas) -> None:
    # Germany: 5 in 2023 (suppressed), 20 in 2024, 30 in 2025: a pooled 55 would give the 5.
    pooled_network(agreed, (5, 20, 30))
    single = aggregate_year(2023, compute=False)
    assert single is not None
    assert single.scope("DEU")["persons_sex_age"].cell(T, T, T).value is None
    pooled = PooledRelease.objects.get(first_year=2023)
    # Germany's pooled tables are withheld, and so are the Netherlands': its 2023 cells were
    # Germany's complements, and its pooled figures minus 2024 and 2025 would give them back.
    assert pooled.withheld == ["DEU", "NLD"]
    assert pooled.countries == [] and pooled.tables == {}


@pytest.mark.parametrize("year", [2024])
def test_a_window_with_a_year_missing_is_not_pooled(agreed: Personas, year: int) -> None:
    add_records(agreed.data_officer_a, 12, "NL", year_of_registration=year)
    draft = drafts.build_draft(agreed.data_officer_a, year)
    services.accept(agreed.analyst, services.submit(agreed.data_officer_a, draft))
    assert not pooling.ready(2023)
    assert pooling.compute_pooled(agreed.analyst, 2023) is None
    assert not PooledRelease.objects.exists()


def test_pooling_holds_no_transaction_of_its_own_while_it_computes(
    agreed: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Minutes of auditing inside a transaction would hold SQLite's one write lock: sign-ins
    # and saves would fail meanwhile. Only storing the result is a transaction.
    pooled_network(agreed, (3, 4, 5))
    depths: list[int] = []

    def recording(*args: Any, **kwargs: Any) -> pooling.Pooled:
        depths.append(len(connection.atomic_blocks))
        return pooling.pool(*args, **kwargs)

    monkeypatch.setattr("crossroads.exchange.tasks.pool", recording)
    outside = len(connection.atomic_blocks)
    tasks.compute_pooled_task(Progress(None), first_year=2023)
    assert depths == [outside]
    assert PooledRelease.objects.filter(first_year=2023).exists()


def test_a_window_whose_audit_runs_out_of_time_is_withheld_with_its_reason(
    agreed: Personas, settings: Any
) -> None:
    pooled_network(agreed, (3, 4, 5))
    assert PooledRelease.objects.filter(first_year=2023).exists()
    settings.CROSSROADS_POOLED_AUDIT_SECONDS = 0
    assert pooling.compute_pooled(agreed.analyst, 2023) is None
    # Nothing is published on an unfinished audit, not even the tables stored before.
    assert not PooledRelease.objects.exists()
    removed = AuditEntry.objects.get(object_type="pooled_release", action="delete")
    assert "did not finish within 0 seconds" in removed.summary
    # Run again with nothing stored, the reason is recorded all the same.
    tasks.compute_pooled_task(Progress(None), first_year=2023, user_id=agreed.analyst.pk)
    again = AuditEntry.objects.get(object_type="pooled_release", action="update")
    assert "did not finish within 0 seconds" in again.summary
    assert not PooledRelease.objects.exists()


def test_a_window_audited_in_rounds_withholds_as_a_full_audit_of_each_round_would(
    agreed: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    pooled_network(agreed, (5, 20, 30))
    stored = PooledRelease.objects.get(first_year=2023)
    assert stored.audit["rounds"] == 2 and stored.audit["linear_programs"] > 0

    def from_scratch(*args: Any, **kwargs: Any) -> Any:
        return audit_pooled(*args, **{**kwargs, "earlier": None})

    monkeypatch.setattr("crossroads.exchange.services.pooling.audit_pooled", from_scratch)
    again = pooling.pool(2023)
    assert (again.withheld, again.countries, again.tables) == (
        stored.withheld,
        stored.countries,
        stored.tables,
    )
