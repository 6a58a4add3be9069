"""The tables of the full indicator catalogue, counted from records small enough to check by hand.

Dates decide these tables (time to a decision, length of a period, time to
money), so each record below sits on one side of a band's edge; the
expected count is derived next to it.
"""

from __future__ import annotations

import pytest

from crossroads.exchange.building.tables import Built, build
from crossroads.stats.disclosure import TOTAL as T
from crossroads.testing import Personas, make_case


def _decision(referral: str | None, decided: str | None, outcome: str) -> dict[str, object]:
    event: dict[str, object] = {"authority": "police", "outcome": outcome}
    if referral:
        event["referral_date"] = referral
    if decided:
        event["decision_date"] = decided
    return event


def _rrp(start: str | None, end: str | None, decision: str = "granted") -> dict[str, object]:
    event: dict[str, object] = {"informed": "yes", "decision": decision}
    if start:
        event["start_date"] = start
    if end:
        event["end_date"] = end
    return event


def _claim(claim: str, paid: str | None, payment: str = "full") -> dict[str, object]:
    event: dict[str, object] = {"route": "state_fund", "outcome": "awarded", "claim_date": claim}
    event["payment"] = payment
    if paid:
        event["payment_date"] = paid
    return event


@pytest.fixture
def built(personas: Personas) -> Built:
    officer = personas.data_officer_a  # organisation A works in the Netherlands
    romanian = {"citizenship": ["ROU"]}
    nigerian = {"citizenship": ["NGA"], "exploitation_forms": ["labour"]}
    # Identification: 90 days exactly (within), 91 days (91-180), 200 days (over 180),
    # pending, decided without a referral date; the delay runs from the earliest referral.
    make_case(
        officer,
        "ID-90",
        events={"identification_decision": [_decision("2024-01-01", "2024-03-31", "positive")]},
    )
    make_case(
        officer,
        "ID-91",
        events={"identification_decision": [_decision("2024-01-01", "2024-04-01", "negative")]},
    )
    make_case(
        officer,
        "ID-200",
        events={
            "identification_decision": [
                _decision("2024-01-01", "2024-02-01", "negative"),
                _decision("2024-03-01", "2024-07-19", "positive"),
            ]
        },
    )
    make_case(
        officer,
        "ID-PENDING",
        events={"identification_decision": [_decision("2024-01-01", None, "pending")]},
    )
    make_case(
        officer,
        "ID-NODATE",
        events={"identification_decision": [_decision(None, "2024-05-01", "positive")]},
    )
    # Reflection periods (non-nationals): 30 days counting both ends, 29 days, ongoing,
    # granted without dates, refused.
    make_case(
        officer,
        "RRP-30",
        **romanian,
        events={"reflection_period": [_rrp("2024-04-01", "2024-04-30")]},
    )
    make_case(
        officer,
        "RRP-29",
        **romanian,
        events={"reflection_period": [_rrp("2024-04-01", "2024-04-29")]},
    )
    make_case(
        officer, "RRP-ON", **romanian, events={"reflection_period": [_rrp("2024-04-01", None)]}
    )
    make_case(officer, "RRP-NODATE", **romanian, events={"reflection_period": [_rrp(None, None)]})
    make_case(
        officer, "RRP-NO", **romanian, events={"reflection_period": [_rrp(None, None, "refused")]}
    )
    # Permits by form: a Nigerian in labour exploitation granted, one refused, one pending.
    for code, outcome in (
        ("P-GRANTED", "granted"),
        ("P-REFUSED", "refused"),
        ("P-PENDING", "pending"),
    ):
        make_case(
            officer,
            code,
            **nigerian,
            events={
                "residence_permit": [
                    {
                        "ground": "personal_situation",
                        "outcome": outcome,
                        "application_date": "2024-05-01",
                    }
                ]
            },
        )
    # Proceedings against traffickers: the furthest any went counts.
    make_case(
        officer, "TR-INV", events={"proceedings_against_traffickers": [{"stage": "investigation"}]}
    )
    make_case(
        officer,
        "TR-CONV",
        events={
            "proceedings_against_traffickers": [
                {"stage": "discontinued"},
                {"stage": "verdict", "verdict": "conviction_thb"},
            ]
        },
    )
    make_case(
        officer,
        "TR-CHARGED",
        events={"proceedings_against_traffickers": [{"stage": "verdict", "verdict": "pending"}]},
    )
    # Time to money: 365 days (within a year), 366 days, 800 days, paid without a date,
    # awarded and not paid.
    make_case(officer, "PAY-365", events={"compensation": [_claim("2023-01-01", "2024-01-01")]})
    make_case(
        officer, "PAY-366", events={"compensation": [_claim("2023-01-01", "2024-01-02", "partial")]}
    )
    make_case(officer, "PAY-800", events={"compensation": [_claim("2022-01-01", "2024-03-11")]})
    make_case(officer, "PAY-NODATE", events={"compensation": [_claim("2023-01-01", None)]})
    make_case(officer, "PAY-NONE", events={"compensation": [_claim("2023-01-01", None, "none")]})
    # Needs: shelter needed and received, needed and not received; interpretation received
    # without a recorded need (not counted as a met need).
    make_case(
        officer,
        "N-MET",
        assistance_needed=["shelter", "interpretation"],
        assistance_received=["shelter", "interpretation"],
    )
    make_case(officer, "N-UNMET", assistance_needed=["shelter"], assistance_received=["health"])
    make_case(officer, "N-EXTRA", assistance_received=["interpretation"])
    # Disputed age: assessed adult, assessed child, pending.
    make_case(
        officer,
        "AGE-ADULT",
        age_disputed="yes",
        age_assessment_method="medical",
        age_assessment_outcome="adult",
    )
    make_case(
        officer,
        "AGE-CHILD",
        age_disputed="yes",
        age_assessment_method="medical",
        age_assessment_outcome="child",
    )
    make_case(
        officer,
        "AGE-PEND",
        age_disputed="yes",
        age_assessment_method="medical",
        age_assessment_outcome="pending",
    )
    return build(personas.org_a, 2024, ["profile", "rights"])  # fmt: skip


def test_the_time_to_identification_runs_from_the_earliest_referral_to_the_counted_decision(
    built: Built,
) -> None:
    table = built.tables.table("rights_identification_time")
    assert table.count(T, "within_90_days") == 1  # 1 Jan to 31 Mar 2024 is 90 days
    assert table.count(T, "days_91_180") == 1
    assert table.count(T, "over_180_days") == 1  # 1 Jan to 19 Jul (the positive one): 200 days
    assert table.count("positive", "over_180_days") == 1
    assert table.count("pending", "pending") == 1
    assert table.count(T, "dates_unknown") == 1
    assert table.count(T, "never_referred") == built.cohort_size - 5


def test_a_reflection_period_counts_both_its_first_and_last_day(built: Built) -> None:
    table = built.tables.table("rights_reflection_length")
    assert table.count("granted", "days_30_or_more") == 1  # 1 to 30 April: 30 days
    assert table.count("granted", "under_30_days") == 1
    assert table.count("granted", "ongoing") == 1
    assert table.count("granted", "dates_unknown") == 1
    assert table.count("refused", "no_record") == 1
    assert table.count("granted", T) == 4


def test_permits_by_form_count_non_nationals_by_eurostat_group(built: Built) -> None:
    table = built.tables.table("rights_permits_forms")
    assert table.count("non_eu", "labour", "granted") == 1
    assert table.count("non_eu", "labour", "refused") == 1
    assert table.count("non_eu", "labour", "pending") == 1
    assert table.count("non_eu", "sexual", T) == 0


def test_prosecution_counts_the_furthest_stage_any_proceedings_reached(built: Built) -> None:
    table = built.tables.table("rights_prosecution")
    assert table.count("investigation") == 1
    assert table.count("convicted") == 1  # not discontinued: a conviction went further
    assert table.count("charged") == 1  # a verdict stage whose verdict is pending
    assert table.count("discontinued") == 0
    assert table.count("no_proceedings") == built.cohort_size - 3


def test_time_to_money_counts_paid_awards_by_days_from_claim_to_first_payment(
    built: Built,
) -> None:
    table = built.tables.table("rights_compensation_time")
    assert table.count(T, "within_1_year") == 1  # 1 Jan 2023 to 1 Jan 2024: 365 days
    assert table.count(T, "years_1_2") == 1  # 366 days, partly paid
    assert table.count(T, "over_2_years") == 1
    assert table.count(T, "dates_unknown") == 1
    assert table.count("awarded_none", "not_paid") == 1


def test_a_need_is_met_only_when_it_was_both_needed_and_received(built: Built) -> None:
    met = built.tables.table("persons_needs_met")
    unmet = built.tables.table("persons_unmet_needs")
    assert met.count("shelter") == 1 and unmet.count("shelter") == 1
    assert met.count("interpretation") == 1  # N-EXTRA received it without a recorded need
    assert met.count("health") == 0


def test_disputed_ages_are_counted_by_the_assessment_outcome(built: Built) -> None:
    table = built.tables.table("rights_age")
    assert table.count("yes", "adult") == 1
    assert table.count("yes", "child") == 1
    assert table.count("yes", "pending") == 1
    assert table.count("unknown", "not_assessed") == built.cohort_size - 3
