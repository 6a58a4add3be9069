"""Who may follow and cancel a run: its organisation's data staff, or the analysts for
the network's work; everybody else gets the same 404 as for a run that does not exist."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from crossroads.tasks.models import Status, TaskRun
from crossroads.testing import Personas

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def member_run(personas: Personas) -> TaskRun:
    return TaskRun.objects.create(kind="tests.count", params={"n": 1}, organisation=personas.org_a)


@pytest.fixture
def network_run(db: None) -> TaskRun:
    return TaskRun.objects.create(kind="tests.count", params={"n": 1})


@pytest.mark.parametrize("name", ["tasks:run", "tasks:status"])
def test_a_members_run_is_followed_by_its_data_staff_only(
    personas: Personas, member_run: TaskRun, name: str
) -> None:
    url = reverse(name, args=[member_run.pk])
    for user in (personas.data_officer_a, personas.org_admin_a):
        assert personas.client_for(user).get(url).status_code == 200
    for user in (personas.caseworker_a, personas.caseworker_b, personas.analyst):
        assert personas.client_for(user).get(url).status_code == 404
    assert personas.client_for(None).get(url).status_code == 302


@pytest.mark.parametrize("name", ["tasks:run", "tasks:status"])
def test_the_networks_run_is_followed_by_analysts_only(
    personas: Personas, network_run: TaskRun, name: str
) -> None:
    url = reverse(name, args=[network_run.pk])
    assert personas.client_for(personas.analyst).get(url).status_code == 200
    for user in (personas.data_officer_a, personas.caseworker_a, personas.caseworker_b):
        assert personas.client_for(user).get(url).status_code == 404


def test_a_missing_run_gives_the_same_404(personas: Personas) -> None:
    url = reverse("tasks:status", args=[uuid.uuid4()])
    assert personas.client_for(personas.analyst).get(url).status_code == 404


def test_only_the_runs_own_people_may_cancel_it(
    personas: Personas, member_run: TaskRun, settings: Any
) -> None:
    url = reverse("tasks:cancel", args=[member_run.pk])
    for user in (personas.caseworker_b, personas.analyst, personas.caseworker_a):
        assert personas.client_for(user).post(url).status_code == 404
    member_run.refresh_from_db()
    assert member_run.status == Status.QUEUED
    response = personas.client_for(personas.data_officer_a).post(url)
    assert response.status_code == 302
    member_run.refresh_from_db()
    assert member_run.status == Status.CANCELLED


def test_the_task_list_shows_a_persons_own_runs_only(
    personas: Personas, member_run: TaskRun, network_run: TaskRun
) -> None:
    page = personas.client_for(personas.data_officer_a).get(reverse("tasks:list"))
    assert str(member_run.pk) in page.content.decode()
    assert str(network_run.pk) not in page.content.decode()
    assert personas.client_for(personas.caseworker_a).get(reverse("tasks:list")).status_code == 404
