"""Indicators from accepted submissions built through the data exchange's own services."""

from __future__ import annotations

from datetime import date

import pytest

from crossroads.exchange.services.aggregation import compute_release
from crossroads.exchange.services.agreements import Terms, record_agreement
from crossroads.exchange.services.submissions import accept, build_draft, submit
from crossroads.monitoring.exchange_source import accepted_releases, years_waiting
from crossroads.monitoring.figures import NETWORK
from crossroads.monitoring.monitor import Monitor
from crossroads.testing import Personas, make_case


def decision(outcome: str, decided: str | None) -> dict[str, object]:
    event: dict[str, object] = {"authority": "police", "stage": "conclusive", "outcome": outcome}
    if decided:
        event["decision_date"] = decided
    return event


def compensation(outcome: str) -> dict[str, object]:
    event: dict[str, object] = {
        "route": "state_fund",
        "claim_date": "2024-04-01",
        "outcome": outcome,
        "decision_date": "2024-09-01",
    }
    if outcome == "awarded":
        event.update(payment="full", payment_date="2024-11-01")
    return event


def proceedings(outcome: str) -> dict[str, object]:
    return {
        "kind": "criminal",
        "start_date": "2024-03-01",
        "non_punishment_invoked": "yes",
        "outcome": outcome,
        "outcome_date": "2024-08-01",
    }


@pytest.fixture
def accepted_2024(personas: Personas) -> None:
    """Organisation A's 2024 cohort of 48: 24 formally identified, 12 negative, 12 pending;
    24 compensation claims (12 awarded and paid, 12 refused); 12 persons punished."""
    outcomes = (
        [("positive", "2024-06-01")] * 24
        + [("negative", "2024-06-01")] * 12
        + [("pending", None)] * 12
    )
    for number, (outcome, decided) in enumerate(outcomes):
        events: dict[str, list[dict[str, object]]] = {
            "identification_decision": [decision(outcome, decided)]
        }
        if number < 24:  # half claim from the state fund: 12 paid in full, 12 refused
            events["compensation"] = [compensation("awarded" if number < 12 else "refused")]
        if 24 <= number < 36:  # 12 were prosecuted for acts they were compelled to commit
            events["proceedings_against_person"] = [proceedings("punished")]
        make_case(personas.data_officer_a, f"A-{number:03d}", events=events)
    agree(personas)
    draft = build_draft(personas.data_officer_a, 2024)
    accept(personas.analyst, submit(personas.data_officer_a, draft))
    compute_release(personas.analyst, 2024, by_country=True)


def agree(personas: Personas) -> None:
    signed = date(2024, 1, 10)
    record_agreement(
        personas.analyst,
        personas.org_a,
        Terms(
            modules=("profile", "rights"), contributes_tokens=False, threshold=10,
            rounding_base=None, originals_to_secretariat=True, effective_from=signed,
            member_signatory="A. Member", member_signed_on=signed,
            secretariat_signatory="S. Analyst", secretariat_signed_on=signed,
        ),
    )  # fmt: skip


def test_formal_identification_is_computed_from_the_accepted_aggregate(accepted_2024: None) -> None:
    releases = accepted_releases()
    assert list(releases) == [2024]
    release = releases[2024]
    assert release.countries == ["NLD"]
    assert [c.code for c in release.contributors] == ["org-a"]
    monitor = Monitor(releases)
    for scope in ("NLD", NETWORK):
        figure = monitor.figure("R2.1", scope, 2024)
        # 24 positive of 48 persons less 12 pending: 24 / 36, the pending shown apart.
        assert (figure.numerator, figure.denominator, figure.pending) == (24, 36, 12)
        assert figure.rate == pytest.approx(24 / 36)


@pytest.mark.parametrize(
    ("code", "numerator", "denominator"),
    [
        ("R6.1", 24, 48),  # 24 of 48 persons claimed
        ("R6.2", 12, 24),  # 12 of 24 decided claims awarded
        ("R7.1", 12, 48),  # 12 of 48 persons prosecuted for compelled acts
    ],
)
def test_compensation_and_non_punishment_come_from_the_accepted_aggregate(
    accepted_2024: None, code: str, numerator: int, denominator: int
) -> None:
    figure = Monitor(accepted_releases()).figure(code, "NLD", 2024)
    assert (figure.numerator, figure.denominator) == (numerator, denominator)


def test_twelve_awards_or_twelve_proceedings_are_too_few_for_a_rate(accepted_2024: None) -> None:
    monitor = Monitor(accepted_releases())
    for code in ("R6.3", "R7.3"):
        figure = monitor.figure(code, "NLD", 2024)
        assert figure.denominator == 12 and figure.rate is None, code
        assert figure.reason_text() == "12 persons, fewer than 20"


def test_monitoring_reads_only_what_the_exchange_computed(personas: Personas) -> None:
    make_case(personas.data_officer_a, "A-1")
    agree(personas)
    accept(
        personas.analyst,
        submit(personas.data_officer_a, build_draft(personas.data_officer_a, 2024)),
    )
    assert accepted_releases() == {}
    assert years_waiting() == [2024]
    compute_release(personas.analyst, 2024, by_country=False)
    release = accepted_releases()[2024]
    assert release.countries == []  # network only: no per-country tables yet
    assert release.provenance["by_country"] is False and release.provenance["current"] is True
    page = personas.client_for(personas.analyst).get("/monitoring/")
    assert b"Per-country tables of 2024 have not been computed yet" in page.content


def test_the_dashboards_read_the_accepted_data(accepted_2024: None, personas: Personas) -> None:
    response = personas.client_for(personas.analyst).get("/monitoring/")
    assert response.status_code == 200
    assert b"24 / 36" in response.content
    assert b"A-000" not in response.content
