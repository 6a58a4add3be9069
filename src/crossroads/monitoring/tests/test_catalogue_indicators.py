"""The indicators added to complete the catalogue, each against tables computed by hand."""
# ruff: noqa: E501 - the hand-computed tables read best one table per line

from __future__ import annotations

import pytest

from crossroads.exchange.released import TOTAL as T
from crossroads.exchange.released import ReleasedTable
from crossroads.monitoring.figures import Reason, compute
from crossroads.monitoring.indicators import BY_CODE, INDICATORS, NOT_COMPUTED, indicator
from crossroads.monitoring.indicators.protection import PROTECTION
from crossroads.monitoring.indicators.reporting import REPORTING
from crossroads.stats.intervals import wilson_interval


def _table(
    code: str, dims: tuple[str, ...], cells: dict[tuple[str, ...], int | None]
) -> ReleasedTable:
    return ReleasedTable.from_cells(code, dims, cells)


TABLES = {
    "rights_identification": _table("rights_identification", ("identification", "citizenship_group"), {
        (T, T): 200, ("never_referred", T): 50,
        ("positive", "own_country"): 30, (T, "own_country"): 80, ("pending", "own_country"): 10, ("not_recorded", "own_country"): 0,
        ("positive", "other_eu"): 12, (T, "other_eu"): 40, ("pending", "other_eu"): 5, ("not_recorded", "other_eu"): 5,
        ("positive", "non_eu"): 20, (T, "non_eu"): 80, ("pending", "non_eu"): 10, ("not_recorded", "non_eu"): 0,
    }),
    "rights_identification_forms": _table("rights_identification_forms", ("exploitation_group", "identification"), {
        ("sexual", "positive"): 40, ("sexual", T): 100, ("sexual", "pending"): 10, ("sexual", "not_recorded"): 0,
        ("labour", "positive"): 15, ("labour", T): 70, ("labour", "pending"): 10, ("labour", "not_recorded"): 5,
        ("other", "positive"): 7, ("other", T): 30, ("other", "pending"): 5, ("other", "not_recorded"): 0,
    }),
    "rights_permits": _table("rights_permits", ("citizenship_group", "permit_ground", "permit_outcome"), {
        ("other_eu", T, T): 40, ("non_eu", T, T): 80,
        ("other_eu", T, "granted"): 5, ("non_eu", T, "granted"): 25,
        ("other_eu", T, "refused"): 3, ("non_eu", T, "refused"): 12,
        ("other_eu", T, "pending"): 2, ("non_eu", T, "pending"): 8,
        ("other_eu", "international_protection", T): 4, ("non_eu", "international_protection", T): 26,
        ("other_eu", "international_protection", "granted"): 0, ("non_eu", "international_protection", "granted"): 14,
        ("other_eu", "international_protection", "refused"): 0, ("non_eu", "international_protection", "refused"): 8,
        ("other_eu", "international_protection", "pending"): 4, ("non_eu", "international_protection", "pending"): 4,
    }),
    "rights_compensation": _table("rights_compensation", ("compensation_route", "compensation_stage"), {
        ("state_fund", "refused"): 18, ("state_fund", "pending"): 6,
        ("state_fund", "awarded_none"): 4, ("state_fund", "awarded_partial"): 2, ("state_fund", "awarded_full"): 6, ("state_fund", "awarded_unknown"): 0,
    }),
    "rights_non_punishment": _table("rights_non_punishment", ("proceedings_outcome", "non_punishment_invoked"), {
        (T, "yes"): 9, (T, "no"): 21, (T, "unknown"): 10,
    }),
    "persons_needs_met": _table("persons_needs_met", ("assistance_met",), {
        ("shelter",): 60, ("health",): 40, ("psychosocial",): 30, ("legal_counselling",): 25, ("education",): 4,
        ("interpretation",): 33, ("legal_representation",): 12,
    }),
    "persons_unmet_needs": _table("persons_unmet_needs", ("assistance_unmet",), {
        ("shelter",): 20, ("health",): 10, ("psychosocial",): 30, ("legal_counselling",): 5, ("education",): 6,
        ("interpretation",): 11, ("legal_representation",): 28,
    }),
    "rights_identification_time": _table("rights_identification_time", ("identification", "identification_delay"), {
        (T, "within_90_days"): 24, (T, "days_91_180"): 10, (T, "over_180_days"): 6, (T, "pending"): 25, (T, "dates_unknown"): 7,
    }),
    "rights_reflection_length": _table("rights_reflection_length", ("rrp_decision", "rrp_length"), {
        (T, "days_30_or_more"): 21, (T, "under_30_days"): 9, (T, "ongoing"): 4,
    }),
    "rights_prosecution": _table("rights_prosecution", ("prosecution",), {
        (T,): 200, ("no_proceedings",): 120, ("investigation",): 30, ("charged",): 20, ("convicted",): 15,
        ("acquitted",): 5, ("discontinued",): 8, ("not_recorded",): 2,
    }),
    "rights_compensation_time": _table("rights_compensation_time", ("compensation_stage", "compensation_delay"), {
        (T, "within_1_year"): 5, (T, "years_1_2"): 12, (T, "over_2_years"): 8, (T, "dates_unknown"): 3,
    }),
    "rights_permits_forms": _table("rights_permits_forms", ("citizenship_group", "exploitation_group", "permit_outcome"), {
        ("other_eu", "sexual", "granted"): 3, ("non_eu", "sexual", "granted"): 12,
        ("other_eu", "sexual", T): 15, ("non_eu", "sexual", T): 30,
        ("other_eu", "sexual", "pending"): 1, ("non_eu", "sexual", "pending"): 4,
        ("other_eu", "labour", "granted"): 1, ("non_eu", "labour", "granted"): 6,
        ("other_eu", "labour", T): 20, ("non_eu", "labour", T): 40,
        ("other_eu", "labour", "pending"): 0, ("non_eu", "labour", "pending"): 5,
        ("other_eu", "other", "granted"): 0, ("non_eu", "other", "granted"): 2,
        ("other_eu", "other", T): 2, ("non_eu", "other", T): 10,
        ("other_eu", "other", "pending"): 0, ("non_eu", "other", "pending"): 1,
    }),
    "rights_age": _table("rights_age", ("age_disputed", "age_assessment"), {
        ("yes", "adult"): 14, ("yes", "child"): 11, ("yes", "pending"): 5,
    }),
}  # fmt: skip

# (code, numerator, denominator, pending), worked out by hand from TABLES.
EXPECTED = [
    ("R1.4a", 60, 80, None),  # shelter: 60 met of 60 + 20 who needed it
    ("R1.4b", 40, 50, None),
    ("R1.4c", 30, 60, None),
    ("R1.4d", 25, 30, None),
    ("R1.4e", 4, 10, None),  # 10 persons needed education: "not enough data"
    ("R2.2", 50, 200, None),
    ("R2.3", 24, 40, 25),  # 24 + 10 + 6 decided with dates; pending and undated apart
    ("R2.5a", 40, 90, 10),  # sexual: 100 less 10 pending
    ("R2.5b", 15, 55, 10),  # labour: 70 less 10 pending less 5 not recorded
    ("R2.5c", 7, 25, 5),
    ("R2.5d", 30, 70, 10),  # nationals: 80 less 10 pending
    ("R2.5e", 12, 30, 5),  # other EU: 40 less 5 pending less 5 not recorded
    ("R2.5f", 20, 70, 10),
    ("R3.3", 21, 30, 4),
    ("R4.2", 15, 45, 10),  # 3 + 12 refused of 5 + 25 granted and 3 + 12 refused
    ("R4.3", 30, 120, None),  # 4 + 26 asylum applicants among 40 + 80 non-nationals
    ("R4.3b", 14, 22, 8),
    ("R5.2", 33, 44, None),
    ("R5.3", 12, 40, None),
    ("R5.4a", 80, 200, None),  # all but the 120 without proceedings
    ("R5.4b", 40, 200, None),  # 20 charged + 15 convicted + 5 acquitted
    ("R5.4c", 15, 200, None),
    ("R6.4", 18, 30, 6),  # 18 refused of 18 + 4 + 2 + 6 + 0 decided
    ("R6.5", 5, 25, None),  # undated payments left out
    ("R7.2", 9, 30, None),  # unknown left out
    ("R9.2a", 15, 40, 5),  # sexual: 3 + 12 granted of 15 + 30 less 1 + 4 pending
    ("R9.2b", 7, 55, 5),
    ("R9.2c", 2, 11, 1),  # 11 non-nationals: "not enough data"
    ("R10.2b", 14, 25, 5),
]


@pytest.mark.parametrize(("code", "numerator", "denominator", "pending"), EXPECTED)
def test_each_catalogue_indicator_matches_the_hand_computed_figure(
    code: str, numerator: int, denominator: int, pending: int | None
) -> None:
    figure = compute(indicator(code), TABLES, "NLD", 2025)
    assert figure.denominator == denominator
    assert figure.pending == pending
    if denominator < 20:
        assert figure.reason == Reason.SMALL and figure.rate is None and figure.numerator is None
        return
    assert figure.numerator == numerator
    expected = wilson_interval(numerator, denominator)
    assert figure.rate == pytest.approx(numerator / denominator, abs=1e-12)
    assert (figure.low, figure.high) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_every_indicator_added_for_the_catalogue_is_checked_by_hand() -> None:
    original = {
        "R1.1",
        "R2.1",
        "R3.1",
        "R3.2",
        "R4.1",
        "R4.1b",
        "R6.1",
        "R6.2",
        "R6.3",
        "R7.1",
        "R7.3",
        "R8.1",
        "R8.2",
        "R10.1",
    }
    later = {spec.code for spec in PROTECTION}  # checked in test_protection_indicators
    reports = {spec.code for spec in REPORTING}  # checked in test_reporting_indicator
    assert {code for code, *_ in EXPECTED} == set(BY_CODE) - original - later - reports


def test_a_suppressed_unmet_count_leaves_the_completeness_rate_unknown() -> None:
    tables = dict(TABLES)
    tables["persons_unmet_needs"] = _table(
        "persons_unmet_needs", ("assistance_unmet",), {("shelter",): None}
    )
    figure = compute(indicator("R1.4a"), tables, "NLD", 2025)
    assert figure.reason == Reason.SUPPRESSED and figure.rate is None


def test_each_right_of_the_catalogue_has_an_indicator_or_says_why_not() -> None:
    covered = {spec.right.value for spec in INDICATORS} | {
        item.right.value for item in NOT_COMPUTED
    }
    assert covered == {f"R{n}" for n in range(1, 11)}
    for item in NOT_COMPUTED:
        assert item.code not in BY_CODE
        assert all(item.why.get(lang) for lang in ("en", "fr", "ru"))
