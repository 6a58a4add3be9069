"""The tables of standard 1.1's fields (catalogue 1.2), counted from records checked by hand."""
# ruff: noqa: E501 - one record per line reads best against the counts below

from __future__ import annotations

import pytest

from crossroads.cases.models import Case
from crossroads.exchange.building.tables import Built, build
from crossroads.stats.disclosure import TOTAL as T
from crossroads.testing import Personas, make_case

NIGERIAN = {"citizenship": ["NGA"]}


def _referred(referral: str, decided: str | None, outcome: str) -> dict[str, object]:
    event: dict[str, object] = {"authority": "police", "outcome": outcome}
    event["referral_date"] = referral
    if decided:
        event["decision_date"] = decided
    return {"identification_decision": [event]}


@pytest.fixture
def built(personas: Personas) -> Built:
    officer = personas.data_officer_a  # organisation A works in the Netherlands
    # Time to assistance from the first contact (5 March 2024): 7 days (within a week),
    # 8 days, 31 days; no start recorded.
    make_case(officer, "AS-7", assistance_start_date="2024-03-12")
    make_case(officer, "AS-8", assistance_start_date="2024-03-13")
    make_case(officer, "AS-31", assistance_start_date="2024-04-05")
    # State-funded assistance, information, detention, reasons for not reporting.
    make_case(officer, "SA-1", state_assistance_outcome="ended_non_cooperation", rights_information="understood_language", detention="immigration", reasons_not_reported=["fear_of_deportation", "fear_of_traffickers"])  # fmt: skip
    make_case(officer, "SA-2", state_assistance_outcome="provided", rights_information="other_language", detention="none")  # fmt: skip
    # Enforcement and identification: removed while the decision was pending (referred
    # 1 April, decided 1 June, removed 10 May); removed after a decision; decided, no measure.
    make_case(officer, "EN-PEND", **NIGERIAN, enforcement_measure="removal", enforcement_date="2024-05-10", events=_referred("2024-04-01", "2024-06-01", "positive"))  # fmt: skip
    make_case(officer, "EN-AFTER", **NIGERIAN, enforcement_measure="removal", enforcement_date="2024-07-10", events=_referred("2024-04-01", "2024-06-01", "negative"))  # fmt: skip
    make_case(officer, "EN-NONE", **NIGERIAN, enforcement_measure="none", events=_referred("2024-04-01", None, "pending"))  # fmt: skip
    # Enforcement and the reflection period: a transfer on the period's last day.
    make_case(officer, "RRP-IN", **NIGERIAN, enforcement_measure="transfer", enforcement_date="2024-04-30", events={"reflection_period": [{"informed": "yes", "decision": "granted", "start_date": "2024-04-01", "end_date": "2024-04-30"}]})  # fmt: skip
    # Status at closure: closed with a permit, closed pending, open.
    make_case(officer, "CL-PERMIT", **NIGERIAN, case_status="closed", residence_status_at_closure="trafficking_permit")  # fmt: skip
    make_case(officer, "CL-PEND", **NIGERIAN, case_status="closed_referred", residence_status_at_closure="application_pending")  # fmt: skip
    # Children: treated as a child until assessed, missing from care, returned with and
    # without a best-interests determination.
    make_case(officer, "CH-1", age_band="9_17", age_disputed="yes", treated_as_child_pending_assessment="yes", missing_from_care="yes", child_returned="yes", best_interests_before_return="no")  # fmt: skip
    make_case(officer, "CH-2", age_band="9_17", missing_from_care="no", child_returned="yes", best_interests_before_return="yes")  # fmt: skip
    # A record still on standard 1.0 counts as not recorded.
    old = make_case(officer, "OLD", **NIGERIAN)
    Case.objects.filter(pk=old.pk).update(standard_version="1.0")
    return build(personas.org_a, 2024, ["profile", "rights"])


def test_time_to_assistance_is_banded_from_the_first_contact(built: Built) -> None:
    table = built.tables.table("rights_assistance_time")
    assert table.count("within_7_days") == 1
    assert table.count("days_8_30") == 1
    assert table.count("over_30_days") == 1
    assert table.count("not_recorded") == built.cohort_size - 3


def test_plain_answers_are_counted_and_missing_ones_are_not_recorded(built: Built) -> None:
    assistance = built.tables.table("rights_state_assistance")
    assert assistance.count("ended_non_cooperation") == 1 and assistance.count("provided") == 1
    assert assistance.count("not_recorded") == built.cohort_size - 2
    information = built.tables.table("rights_information")
    assert information.count("understood_language") == 1
    assert built.tables.table("rights_detention").count("immigration") == 1


def test_reasons_for_not_reporting_are_multi_response(built: Built) -> None:
    table = built.tables.table("rights_deterrence")
    assert table.count("fear_of_deportation") == 1
    assert table.count("fear_of_traffickers") == 1
    assert table.count(T) == built.cohort_size
    assert table.count("not_recorded") == built.cohort_size - 1


def test_enforcement_is_placed_against_the_identification_decision(built: Built) -> None:
    table = built.tables.table("rights_enforcement_identification")
    assert table.count("non_eu", "while_pending") == 1
    assert table.count("non_eu", "other_time") == 1
    assert table.count("non_eu", "no_enforcement") == 1


def test_enforcement_on_the_last_day_of_the_reflection_period_is_during_it(built: Built) -> None:
    table = built.tables.table("rights_enforcement_reflection")
    assert table.count("non_eu", "during_period") == 1
    assert table.count("non_eu", "no_record") == table.count("non_eu", T) - 1


def test_the_status_at_closure_counts_closed_cases_only(built: Built) -> None:
    table = built.tables.table("rights_closure_status")
    assert table.count("non_eu", "trafficking_permit") == 1
    assert table.count("non_eu", "application_pending") == 1
    assert table.count("non_eu", "not_closed") == table.count("non_eu", T) - 2


def test_the_children_tables_count_children_only(built: Built) -> None:
    presumption = built.tables.table("rights_age_presumption")
    assert presumption.count("yes", "yes") == 1
    care = built.tables.table("rights_children_care")
    assert (care.count("yes"), care.count("no"), care.count(T)) == (1, 1, 2)
    returns = built.tables.table("rights_children_return")
    assert returns.count("yes", "yes") == 1 and returns.count("yes", "no") == 1
