"""Rate limits: atomic under concurrency, keyed by an expiring hash, never the identity."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from crossroads.core import throttle
from crossroads.core.models import ThrottleCounter
from crossroads.core.throttle import Limit

LIMIT = Limit("test:scope", attempts=3, window=timedelta(minutes=10))


@pytest.mark.django_db
def test_attempts_past_the_limit_are_refused_until_the_window_ends() -> None:
    verdicts = [throttle.hit(LIMIT, "203.0.113.7", now=1000) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[3].count == 4 and verdicts[3].retry_after == 600
    assert not throttle.peek(LIMIT, "203.0.113.7", now=1500).allowed
    assert throttle.hit(LIMIT, "203.0.113.7", now=1000 + 601).allowed  # a new window
    assert throttle.hit(LIMIT, "198.51.100.1", now=1000).allowed  # another identity


@pytest.mark.django_db
def test_the_attempt_that_reaches_the_limit_starts_a_whole_window_of_waiting() -> None:
    throttle.hit(LIMIT, "x", now=1000)
    throttle.hit(LIMIT, "x", now=1500)
    third = throttle.hit(LIMIT, "x", now=1590)
    assert third.allowed and third.retry_after == 600
    assert not throttle.hit(LIMIT, "x", now=2100).allowed


@pytest.mark.django_db
def test_the_identity_is_never_stored_and_expired_counters_are_purged() -> None:
    throttle.hit(LIMIT, "203.0.113.7", now=1000)
    row = ThrottleCounter.objects.get()
    assert "203.0.113.7" not in row.key and len(row.key) == 64
    assert throttle.purge_expired(now=1599) == 0
    assert throttle.purge_expired(now=1600) == 1
    assert not ThrottleCounter.objects.exists()


@pytest.mark.django_db
def test_reset_and_refund_give_attempts_back() -> None:
    for _ in range(3):
        throttle.hit(LIMIT, "x")
    throttle.refund(LIMIT, "x")
    assert throttle.peek(LIMIT, "x").count == 2
    throttle.reset(LIMIT, "x")
    assert throttle.peek(LIMIT, "x").count == 0


def _race(attempt: Callable[[], bool]) -> list[bool]:
    """16 attempts released at the same moment from 16 threads."""
    start = threading.Barrier(16)

    def one(_: int) -> bool:
        start.wait()
        return attempt()

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(one, range(16)))


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_let_more_than_the_limit_through_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("threads cannot share SQLite's in-memory test database (next test)")
    limit = Limit("test:race", attempts=5, window=timedelta(minutes=10))

    def attempt() -> bool:
        try:
            return throttle.hit(limit, "race").allowed
        finally:
            connections.close_all()

    assert _race(attempt).count(True) == 5
    assert throttle.peek(limit, "race").count == 16


@pytest.mark.django_db
def test_concurrent_attempts_never_let_more_than_the_limit_through_on_sqlite(
    tmp_path: Path,
) -> None:
    """The same statement, from 16 connections of their own to one SQLite file."""
    path = tmp_path / "race.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute(
            f"CREATE TABLE {ThrottleCounter._meta.db_table} "
            "(key varchar(64) PRIMARY KEY, count integer, expires_at bigint)"
        )
    limit = Limit("test:race", attempts=5, window=timedelta(minutes=10))
    statement = throttle.upsert_statement(lambda name: f'"{name}"').replace("%s", "?")

    def attempt() -> bool:
        with sqlite3.connect(path, timeout=20) as own:
            count = own.execute(statement, throttle.upsert_parameters(limit, "race", 1000))
            return bool(count.fetchone()[0] <= limit.attempts)

    assert _race(attempt).count(True) == 5


def test_the_client_address_is_taken_from_trusted_proxies_only(settings: object) -> None:
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.CROSSROADS_TRUSTED_PROXIES = 0  # type: ignore[attr-defined]
    assert throttle.client_address(request) == "10.0.0.2"
    settings.CROSSROADS_TRUSTED_PROXIES = 1  # type: ignore[attr-defined]
    assert throttle.client_address(request) == "203.0.113.9"
    v6 = factory.get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")
    settings.CROSSROADS_TRUSTED_PROXIES = 0  # type: ignore[attr-defined]
    assert throttle.client_address(v6) == "2001:db8:1:2::/64"
