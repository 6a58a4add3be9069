"""Counting the exchange tables from records: each person once, consent respected.

The records below are few enough to count by hand; every expected number
is derived in the comment next to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crossroads.cases.counting import EVENT_KEYS, LAYOUT
from crossroads.cases.models import Case
from crossroads.codebook.loader import load_standard
from crossroads.exchange.building.rights import _Rules
from crossroads.exchange.building.tables import Built, build
from crossroads.exchange.tests.conftest import add_records
from crossroads.stats.disclosure import TOTAL as T
from crossroads.testing import Personas, make_case


@pytest.fixture
def built(personas: Personas) -> Built:
    officer = personas.data_officer_a  # organisation A works in the Netherlands
    add_records(officer, 3, "NL", gender="female", age_band="24_26", citizenship=["NLD"])
    add_records(
        officer,
        2,
        "RO",
        gender="male",
        age_band="30_38",
        citizenship=["ROU"],
        exploitation_forms=["labour", "forced_begging"],
        labour_sectors=["A"],
        consent_data_use="aggregate_and_research",
        events={
            "identification_decision": [
                {"authority": "police", "outcome": "negative", "decision_date": "2024-06-01"}
            ],
            "residence_permit": [
                {"ground": "cooperation", "outcome": "refused", "application_date": "2024-03-01"},
                {"ground": "personal_situation", "outcome": "granted",
                 "application_date": "2024-05-01"},
            ],
        },
    )  # fmt: skip
    make_case(
        officer,
        "CHILD",
        gender="female",
        age_band="9_17",
        citizenship=["SYR", "DEU"],
        unaccompanied="yes",
        guardian_appointed="no",
        events={
            "identification_decision": [
                {"authority": "police", "outcome": "pending"},
                {"authority": "nrm_body", "outcome": "positive", "decision_date": "2024-09-01"},
            ]
        },
    )
    make_case(officer, "REFUSED", consent_data_use="refused")
    make_case(officer, "NOT-ASKED", consent_data_use="not_asked")
    make_case(officer, "NOT-VICTIM", trafficking_status="not_victim")
    make_case(officer, "OTHER-YEAR", year_of_registration=2023, first_contact_date="2023-05-05")
    return build(personas.org_a, 2024, ["profile", "referrals", "rights"])


def test_only_records_whose_consent_allows_counting_are_counted(built: Built) -> None:
    # 3 + 2 + 1 counted; refused, not asked and not trafficked are left out; 2023 is not read.
    assert built.cohort_size == 6
    assert built.records == 9
    assert dict(built.excluded) == {"consent_refused": 1, "consent_not_asked": 1, "not_a_victim": 1}
    left_out = built.tables.table("excluded_records")
    assert left_out.count("consent_refused") == 1
    assert left_out.count(T) == 3


def test_sex_and_age_count_each_person_once_under_their_age_group(built: Built) -> None:
    table = built.tables.table("persons_sex_age")
    assert table.count("female", "adult", "24_26") == 3
    assert table.count("male", "adult", "30_38") == 2
    assert table.count("female", "child", "9_17") == 1
    assert table.count("female", "adult", "9_17") == 0  # structurally empty
    assert table.count(T, "child", T) == 1
    assert table.count(T, T, T) == 6


def test_citizenship_groups_follow_own_country_then_eu_then_other(built: Built) -> None:
    groups = built.tables.table("persons_citizenship")
    assert groups.count(T, "own_country") == 3
    # Romania, and Syria with Germany: an EU citizenship makes the person other EU.
    assert groups.count(T, "other_eu") == 3
    assert groups.count(T, "non_eu") == 0
    countries = built.tables.table("persons_countries")
    assert countries.count("other_eu", "DEU") == 1
    assert "SYR" not in countries.dimensions[1].categories  # one main country per person


def test_a_multi_response_table_counts_persons_in_its_total(built: Built) -> None:
    forms = built.tables.table("persons_forms")
    assert forms.count(T, "sexual") == 4  # the 3 Dutch women and the child (default form)
    assert forms.count(T, "labour") == 2
    assert forms.count(T, "forced_begging") == 2
    assert forms.count(T, T) == 6  # persons, although the categories add up to 8
    groups = built.tables.table("persons_form_groups")
    assert groups.count(T, "labour") == 2
    assert groups.count(T, "other") == 2  # forced begging is "other" in Eurostat's grouping


def test_labour_sectors_count_only_persons_in_labour_exploitation(built: Built) -> None:
    sectors = built.tables.table("labour_sectors")
    assert sectors.count(T, T) == 2
    assert sectors.count("male", "A") == 2


def test_a_positive_decision_counts_over_an_earlier_pending_one(built: Built) -> None:
    identification = built.tables.table("rights_identification")
    assert identification.count("positive", "other_eu") == 1
    assert identification.count("negative", "other_eu") == 2
    assert identification.count("never_referred", "own_country") == 3
    assert identification.count("pending", T) == 0


def test_a_person_with_two_permit_applications_counts_once_with_the_granted_one(
    built: Built,
) -> None:
    permits = built.tables.table("rights_permits")
    assert permits.count("other_eu", "personal_situation", "granted") == 2
    assert permits.count(T, "cooperation", T) == 0
    assert permits.count(T, "no_application", "no_application") == 4


def test_children_are_the_child_age_group_of_the_cohort(built: Built) -> None:
    children = built.tables.table("rights_children")
    assert children.count(T, T) == 1
    assert children.count("yes", "no") == 1


def test_non_nationals_without_a_reflection_entry_stay_in_the_denominator(built: Built) -> None:
    reflection = built.tables.table("rights_reflection")
    non_nationals = sum(
        reflection.count(group, T, T) for group in ("other_eu", "non_eu", "stateless_unknown")
    )
    assert non_nationals == 3
    assert reflection.count("other_eu", "no_record", "no_record") == 3


def test_records_whose_counting_row_is_stale_are_counted_from_their_documents(
    personas: Personas, built: Built
) -> None:
    # A row never written, and one written under another layout (an older release):
    # both are read from the document, and every table comes out the same.
    Case.objects.filter(client_code="RO-001").update(counting_row="")
    Case.objects.filter(client_code="CHILD").update(
        counting_row=Case.objects.get(client_code="NL-000").counting_row.replace(LAYOUT, "00000000")
    )
    again = build(personas.org_a, 2024, ["profile", "referrals", "rights"])
    assert again.cohort_size == built.cohort_size
    for table in built.tables:
        assert again.tables.table(table.name).cells.tolist() == table.cells.tolist(), table.name


class Recording(dict[str, Any]):
    """An event that notes every key a rule reads."""

    read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        Recording.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        Recording.read.add(key)
        return super().__getitem__(key)


@pytest.mark.parametrize("kind", sorted(EVENT_KEYS))
def test_the_counting_row_keeps_every_key_of_an_event_that_the_rights_rules_read(
    kind: str,
) -> None:
    # Every branch: one event and two, with every outcome the standard knows (decisive,
    # pending, neither: then the latest counts) and every key of the event filled in.
    standard = load_standard()
    rules = _Rules(standard)
    by_kind: dict[str, list[Callable[[list[Recording]], object]]] = {
        "identification_decision": [rules.identification, rules.identification_delay],
        "reflection_period": [rules.reflection, rules.rrp_length],
        "residence_permit": [rules.permit],
        "report_to_authorities": [rules.reporting],
        "proceedings_against_person": [rules.proceedings],
        "proceedings_against_traffickers": [rules.prosecution],
        "compensation": [rules.compensation, rules.compensation_delay],
    }
    kind_rules = by_kind[kind]
    event_type = standard.event(kind)
    full = {field.code: "x" for field in event_type.fields}
    outcome = event_type.field("outcome") or event_type.fields[0]
    codes = standard.vocabulary_of(outcome).codes if outcome.vocabulary else ("x",)
    Recording.read = set()
    for rule in kind_rules:
        for code in codes:
            rule([Recording(full, **{outcome.code: code})])
            rule([Recording(full, **{outcome.code: code}), Recording(full)])
    assert Recording.read, kind
    assert Recording.read <= set(EVENT_KEYS[kind]), Recording.read - set(EVENT_KEYS[kind])
