"""The figures' read model: what the pages show equals what the releases give, and follows them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from crossroads.accounts.models import Role
from crossroads.exchange import public
from crossroads.exchange.released import NETWORK, Release, ReleasedTable
from crossroads.exchange.released import TOTAL as T
from crossroads.exchange.services import drafts
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tasks import RELEASE_TASK, compute_release_task
from crossroads.exchange.tests.conftest import add_records
from crossroads.monitoring import readmodel
from crossroads.monitoring.figurebook import Monitor
from crossroads.monitoring.indicators import INDICATORS
from crossroads.monitoring.models import ScopeFigures
from crossroads.monitoring.synthetic import SyntheticExchange, synthetic_releases
from crossroads.monitoring.tasks import queue_rebuild
from crossroads.tasks.models import TaskRun
from crossroads.tasks.queueing import start
from crossroads.testing import Personas, agree, make_user

COUNTRIES = ["NLD", "GRC", "HUN"]


def _releases() -> dict[int, Release]:
    """Two cohort years of three countries; one cell of Greece suppressed in 2025."""
    data = synthetic_releases(COUNTRIES, [2024, 2025], seed=11, size=(60, 140))
    release = data[2025]
    tables = dict(release.scopes["GRC"])
    forms = tables["persons_forms"]
    cells = {c.categories: c.value for c in forms.cells()}
    cells[(T, "forced_begging")] = None
    tables["persons_forms"] = ReleasedTable.from_cells(forms.name, forms.dimension_names, cells)
    data[2025] = Release(
        2025, {**release.scopes, "GRC": tables}, release.contributors, release.rule
    )
    return data


@pytest.fixture
def synthetic(db: None, monkeypatch: pytest.MonkeyPatch) -> dict[int, Release]:
    data = _releases()
    exchange = SyntheticExchange(data)
    monkeypatch.setattr(public, "states", exchange.states)
    monkeypatch.setattr(public, "releases", exchange.releases)
    readmodel.rebuild()
    return data


def test_stored_figures_equal_the_figures_computed_from_the_releases(
    synthetic: dict[int, Release],
) -> None:
    computed = Monitor(synthetic)
    stored = readmodel.stored(readmodel.ACCEPTED)
    assert stored is not None
    assert stored.years == [2024, 2025]
    checked = 0
    for year in computed.years:
        assert stored.year_info(year).countries == tuple(COUNTRIES_SORTED)
        for scope in [NETWORK, *COUNTRIES]:
            assert stored.cohort(scope, year) == computed.cohort(scope, year)
            for spec in INDICATORS:
                assert stored.figure(spec.code, scope, year) == computed.figure(
                    spec.code, scope, year
                )
                checked += 1
    assert checked == 2 * 4 * len(INDICATORS)


COUNTRIES_SORTED = sorted(COUNTRIES)


def test_the_dashboard_shows_the_stored_figures(
    synthetic: dict[int, Release], personas: Personas, client: Client
) -> None:
    client.force_login(personas.analyst)
    response = client.get(reverse("monitoring:overview"), {"year": 2024})
    computed = Monitor(synthetic)
    shown = {row["spec"].code: row["figure"] for row in response.context["rows"]}
    assert shown == {s.code: computed.figure(s.code, NETWORK, 2024) for s in INDICATORS}


def test_suppressed_cells_never_reach_the_read_model(synthetic: dict[int, Release]) -> None:
    row = ScopeFigures.objects.get(year=2025, scope="GRC")
    forms = {tuple(c[:-1]): c[-1] for c in row.cells["persons_forms"]}
    assert forms[(T, "forced_begging")] is None
    suppressed = {
        (scope, table.name, c.categories)
        for scope, tables in synthetic[2025].scopes.items()
        for table in tables.values()
        for c in table.cells()
        if c.suppressed
    }
    stored = {
        (r.scope, name, tuple(c[:-1]))
        for r in ScopeFigures.objects.filter(year=2025)
        for name, cells in r.cells.items()
        for c in cells
        if c[-1] is not None
    }
    assert suppressed and not suppressed & stored


def test_unknown_country_codes_get_404_and_alpha_2_redirects(
    synthetic: dict[int, Release], personas: Personas, client: Client
) -> None:
    client.force_login(personas.analyst)
    assert client.get("/monitoring/countries/XXX/").status_code == 404
    assert client.get("/monitoring/countries/ZZ/").status_code == 404
    response = client.get("/monitoring/countries/gr/?year=2024")
    assert response.status_code == 302 and response["Location"].endswith("/GRC/?year=2024")
    assert client.get("/monitoring/countries/GRC/").status_code == 200


@pytest.fixture
def accepted_member(personas: Personas) -> Personas:
    """Organisation A's 2024 submission accepted: 25 Dutch persons."""
    agree(personas.analyst, personas.org_a)
    agree(personas.analyst, personas.org_b)
    agreed = personas
    add_records(agreed.data_officer_a, 25, "NL", citizenship=["NLD"])
    officer = agreed.data_officer_a
    services.accept(agreed.analyst, services.submit(officer, drafts.build_draft(officer, 2024)))
    return agreed


def _network_cohort(client: Client) -> int | None:
    response = client.get(reverse("monitoring:overview"), {"year": 2024})
    assert response.status_code == 200
    cohort: int | None = response.context.get("cohort")
    return cohort


def test_accepting_a_submission_changes_the_dashboard(
    accepted_member: Personas, client: Client
) -> None:
    client.force_login(accepted_member.analyst)
    assert _network_cohort(client) == 25
    officer_b = make_user("officer-b", Role.DATA_OFFICER, accepted_member.org_b)
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    services.accept(
        accepted_member.analyst, services.submit(officer_b, drafts.build_draft(officer_b, 2024))
    )
    assert _network_cohort(client) == 40


def test_a_returned_submission_disappears_from_the_figures(
    accepted_member: Personas, client: Client
) -> None:
    client.force_login(accepted_member.analyst)
    officer_b = make_user("officer-b", Role.DATA_OFFICER, accepted_member.org_b)
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    second = services.accept(
        accepted_member.analyst, services.submit(officer_b, drafts.build_draft(officer_b, 2024))
    )
    assert _network_cohort(client) == 40
    services.return_submission(accepted_member.analyst, second, "The counts look doubled.")
    assert _network_cohort(client) == 25
    stored = readmodel.stored(readmodel.ACCEPTED)
    assert stored is not None
    assert {c.code for c in stored.year_info(2024).contributors} == {"org-a"}


def test_pages_say_when_figures_are_being_recomputed(
    accepted_member: Personas, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A release stored while no worker brings the figures up to date (the rebuild
    # is queued but does not run): the page shows the previous figures and says so.
    monkeypatch.setattr("crossroads.monitoring.tasks.queue_rebuild", _never_runs)
    monkeypatch.setattr("crossroads.monitoring.freshness.queue_rebuild", _never_runs)
    officer_b = make_user("officer-b", Role.DATA_OFFICER, accepted_member.org_b)
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    services.accept(
        accepted_member.analyst, services.submit(officer_b, drafts.build_draft(officer_b, 2024))
    )
    client.force_login(accepted_member.analyst)
    response = client.get(reverse("monitoring:overview"), {"year": 2024})
    assert response.context["cohort"] == 25
    assert response.context["stale_years"] == [2024]
    assert "are being recomputed" in response.content.decode()


def _never_runs() -> TaskRun:
    """A queued rebuild that no worker has taken yet."""
    return TaskRun.objects.create(kind="monitoring.figures", key="monitoring.figures")


def test_years_being_computed_share_one_note_and_an_empty_page_says_figures_are_coming(
    personas: Personas, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each acceptance queues its year's tables, and no worker has taken them yet.
    def queued(user: object, year: int, *, by_country: bool | None = None) -> TaskRun:
        return TaskRun.objects.create(
            kind=RELEASE_TASK, key=f"tables:{year}", params={"year": year, "by_country": True}
        )

    monkeypatch.setattr(services, "recompute", queued)
    agree(personas.analyst, personas.org_a)
    officer = personas.data_officer_a
    for year in (2023, 2024):
        add_records(
            officer,
            12,
            f"Y{year}",
            citizenship=["NLD"],
            year_of_registration=year,
            first_contact_date=f"{year}-03-05",
        )
        services.accept(
            personas.analyst, services.submit(officer, drafts.build_draft(officer, year))
        )
    client.force_login(personas.analyst)
    page = client.get(reverse("monitoring:overview")).content.decode()
    assert page.count("are being computed;") == 1
    assert "The network and country tables of 2023, 2024 are being computed" in page
    assert "Waiting for a worker: 2023, 2024." in page
    assert "The figures are being computed" in page
    assert "No accepted submissions yet" not in page


def test_the_figures_rebuild_goes_to_a_worker_before_table_computations_queued_earlier(
    db: None, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        tables = start(compute_release_task, key="tables:2024", year=2024, by_country=True)
        figures = queue_rebuild()
    handed = [str(r.args_kwargs["args"][0]) for r in DBTaskResult.objects.ready()]
    assert handed == [str(figures.pk), str(tables.pk)]
