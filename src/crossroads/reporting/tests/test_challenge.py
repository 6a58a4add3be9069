"""The form's abuse brake: proof of work with JavaScript, time without, each challenge once."""

from __future__ import annotations

import hashlib
import itertools
import time

import pytest
from django.test import Client
from django.urls import reverse

from crossroads.core.models import ThrottleCounter
from crossroads.reporting import challenge
from crossroads.reporting.models import Report
from crossroads.reporting.tests.helpers import form_data, open_point
from crossroads.testing import Personas


@pytest.fixture
def point(personas: Personas) -> Personas:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    return personas


def test_leading_zero_bits_are_counted_across_bytes() -> None:
    assert challenge.leading_zero_bits(b"\x00\x00\x80") == 16
    assert challenge.leading_zero_bits(b"\x00\x01") == 15
    assert challenge.leading_zero_bits(b"\x0f") == 4
    assert challenge.leading_zero_bits(b"\xff") == 0


def _is_work(nonce: str, solution: str) -> bool:
    """Whether SHA-256 of ``"<nonce>:<solution>"`` starts with enough zero bits, computed
    here rather than by the code under test."""
    digest = hashlib.sha256(f"{nonce}:{solution}".encode()).digest()
    return int.from_bytes(digest[:4]) >> (32 - challenge.WORK_BITS) == 0


def test_a_solution_is_a_hash_with_enough_leading_zero_bits() -> None:
    token = challenge.issue()
    nonce = challenge.nonce_of(token)
    assert nonce is not None
    solution = challenge.solve(nonce)
    assert _is_work(nonce, solution)
    assert challenge.check(token, solution) is challenge.Outcome.OK
    # A fixed wrong answer would be right by chance for one random nonce in 2**WORK_BITS.
    wrong = next(f"wrong-{n}" for n in itertools.count() if not _is_work(nonce, f"wrong-{n}"))
    assert challenge.check(token, wrong) is challenge.Outcome.EARLY


def test_without_work_a_challenge_is_worth_something_only_after_the_minimum_time() -> None:
    now = time.time()
    token = challenge.issue(now=now)
    assert challenge.check(token, "", now=now + 5) is challenge.Outcome.EARLY
    assert challenge.check(token, "", now=now + challenge.MIN_SECONDS) is challenge.Outcome.OK
    assert challenge.check(token, "", now=now + challenge.MAX_AGE + 1) is challenge.Outcome.EXPIRED
    assert challenge.check(token[:-2] + "xx", "", now=now + 60) is challenge.Outcome.INVALID


def test_a_report_sent_at_once_with_the_work_done_is_taken(point: Personas) -> None:
    token = challenge.issue()
    nonce = challenge.nonce_of(token)
    assert nonce is not None
    data = form_data(challenge=token, solution=challenge.solve(nonce))
    response = Client().post(reverse("report:network"), data)
    assert "receipt" in response.context
    assert Report.objects.count() == 1


def test_a_report_sent_at_once_without_work_is_held_with_its_answers_kept(
    point: Personas,
) -> None:
    data = form_data(challenge=challenge.issue(), region="Westland-marker")
    response = Client().post(reverse("report:network"), data)
    page = response.content.decode()
    assert "30 seconds after the form opens" in page
    assert "Westland-marker" in page  # the answers are still in the form
    assert data["challenge"] in page  # the same challenge: the time already spent counts
    assert not Report.objects.exists()


def test_a_challenge_is_used_once_and_stored_only_as_an_expiring_keyed_hash(
    point: Personas,
) -> None:
    data = form_data()
    assert "receipt" in Client().post(reverse("report:network"), data).context
    again = Client().post(reverse("report:network"), data)
    assert "expired or was already sent" in again.content.decode()
    assert Report.objects.count() == 1
    nonce = challenge.nonce_of(data["challenge"])
    assert nonce is not None
    assert not ThrottleCounter.objects.filter(key__contains=nonce).exists()


def test_a_form_without_a_challenge_is_refused_clearly(point: Personas) -> None:
    data = form_data()
    del data["challenge"]
    response = Client().post(reverse("report:network"), data)
    assert "expired or was already sent" in response.content.decode()
    assert not Report.objects.exists()


def test_the_form_carries_a_fresh_challenge_and_the_work_to_do(point: Personas) -> None:
    page = Client().get(reverse("report:network")).content.decode()
    assert 'name="challenge"' in page and f'data-work-bits="{challenge.WORK_BITS}"' in page
    assert 'name="solution"' in page
