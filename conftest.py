"""Fixtures for the whole test suite: fixed personas and fast password hashing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import translation

from crossroads.accounts.models import Role
from crossroads.audit.sealing import erasing_everything
from crossroads.testing import Personas, make_org, make_user


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        help="Also run the simulation tests marked slow (minutes; see docs/estimation.md).",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow simulation test: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _english_between_tests() -> Iterator[None]:
    """Each test starts in the default language: a request answered in another language
    leaves it active in the thread, and a later test reading a message would read it in
    that language (which test ran before depends on how the tests are shared out)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # The reporting keys' scrypt at its lowest cost (1 MiB): the same code, a thousandth
    # of the time.
    settings.CROSSROADS_REPORTING_KDF_LOG2 = 10  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _tasks_inline(settings: object, tmp_path: Path) -> None:
    """Background tasks run at once, inside the request that starts them (Django's immediate
    task backend), and uploads are kept in a temporary folder."""
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]


@pytest.fixture
def personas(db: None) -> Personas:
    """Organisation A (Netherlands), organisation B (Germany), the secretariat, and their people."""
    org_a = make_org("org-a", "NLD", name="Organisation A")
    org_b = make_org("org-b", "DEU", name="Organisation B")
    secretariat = make_org("secretariat", "BEL", kind="secretariat", name="Secretariat")
    return Personas(
        org_a=org_a,
        org_b=org_b,
        secretariat=secretariat,
        caseworker_a=make_user("caseworker-a", Role.CASEWORKER, org_a),
        data_officer_a=make_user("officer-a", Role.DATA_OFFICER, org_a),
        org_admin_a=make_user("admin-a", Role.ORG_ADMIN, org_a),
        caseworker_b=make_user("caseworker-b", Role.CASEWORKER, org_b),
        analyst=make_user("analyst", Role.ANALYST, secretariat),
    )


@pytest.fixture(autouse=True, scope="session")
def _flush_may_erase_the_audit_log() -> None:
    """The suite empties the database after each test that commits (Django's flush): let it
    empty the audit log too, as ``crossroads demo --reset`` does, which the triggers of
    PostgreSQL refuse to anyone else."""
    original = BaseDatabaseOperations.execute_sql_flush

    def flush(self: BaseDatabaseOperations, sql_list: Iterable[str]) -> None:
        with erasing_everything():
            original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = flush  # type: ignore[method-assign]
