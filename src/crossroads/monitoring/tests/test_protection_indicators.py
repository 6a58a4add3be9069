"""The indicators of standard 1.1's fields, each against tables computed by hand."""
# ruff: noqa: E501 - the hand-computed tables read best one table per line

from __future__ import annotations

import pytest

from crossroads.exchange.released import TOTAL as T
from crossroads.exchange.released import ReleasedTable
from crossroads.monitoring.figures import Reason, compute
from crossroads.monitoring.indicators import BY_CODE, NOT_COMPUTED, indicator
from crossroads.monitoring.indicators.protection import PROTECTION
from crossroads.stats.intervals import wilson_interval


def _table(
    code: str, dims: tuple[str, ...], cells: dict[tuple[str, ...], int | None]
) -> ReleasedTable:
    return ReleasedTable.from_cells(code, dims, cells)


TABLES = {
    "rights_state_assistance": _table("rights_state_assistance", ("state_assistance",), {
        (T,): 200, ("provided",): 70, ("refused_non_cooperation",): 6, ("ended_non_cooperation",): 9,
        ("refused_other",): 5, ("ended_other",): 10, ("not_sought",): 40, ("unknown",): 20, ("not_recorded",): 40,
    }),
    "rights_assistance_time": _table("rights_assistance_time", ("assistance_delay",), {
        (T,): 200, ("within_7_days",): 45, ("days_8_30",): 30, ("over_30_days",): 15, ("dates_unknown",): 10, ("not_recorded",): 100,
    }),
    "rights_enforcement_identification": _table("rights_enforcement_identification", ("citizenship_group", "enforcement_identification"), {
        ("other_eu", T): 40, ("non_eu", T): 80,
        ("other_eu", "not_referred"): 10, ("non_eu", "not_referred"): 20,
        ("other_eu", "while_pending"): 1, ("non_eu", "while_pending"): 7,
        ("other_eu", "not_recorded"): 9, ("non_eu", "not_recorded"): 12,
    }),
    "rights_enforcement_reflection": _table("rights_enforcement_reflection", ("citizenship_group", "enforcement_reflection"), {
        ("other_eu", T): 40, ("non_eu", T): 80,
        ("other_eu", "no_record"): 30, ("non_eu", "no_record"): 40,
        ("other_eu", "during_period"): 0, ("non_eu", "during_period"): 4,
        ("other_eu", "not_recorded"): 2, ("non_eu", "not_recorded"): 8,
    }),
    "rights_closure_status": _table("rights_closure_status", ("citizenship_group", "closure_status"), {
        ("other_eu", T): 40, ("non_eu", T): 80,
        ("other_eu", "not_closed"): 20, ("non_eu", "not_closed"): 30,
        ("other_eu", "trafficking_permit"): 0, ("non_eu", "trafficking_permit"): 12,
        ("other_eu", "international_protection"): 0, ("non_eu", "international_protection"): 6,
        ("other_eu", "other_permit"): 1, ("non_eu", "other_permit"): 2,
        ("other_eu", "eu_citizen"): 15, ("non_eu", "eu_citizen"): 0,
        ("other_eu", "application_pending"): 0, ("non_eu", "application_pending"): 9,
        ("other_eu", "unknown"): 2, ("non_eu", "unknown"): 3,
        ("other_eu", "not_recorded"): 0, ("non_eu", "not_recorded"): 2,
    }),
    "rights_information": _table("rights_information", ("rights_information",), {
        (T,): 200, ("understood_language",): 90, ("other_language",): 20, ("not_informed",): 10, ("unknown",): 30, ("not_recorded",): 50,
    }),
    "rights_detention": _table("rights_detention", ("detention",), {
        (T,): 200, ("none",): 120, ("criminal",): 5, ("immigration",): 8, ("both",): 2, ("unknown",): 15, ("not_recorded",): 50,
    }),
    "rights_deterrence": _table("rights_deterrence", ("reason_not_reported",), {
        (T,): 200, ("fear_of_deportation",): 30, ("fear_of_traffickers",): 25, ("unknown",): 12, ("not_recorded",): 140,
    }),
    "rights_age_presumption": _table("rights_age_presumption", ("age_disputed", "treated_as_child"), {
        ("yes", "yes"): 17, ("yes", "no"): 8, ("yes", "unknown"): 3, ("yes", "not_recorded"): 2,
    }),
    "rights_children_care": _table("rights_children_care", ("missing_from_care",), {
        (T,): 40, ("yes",): 3, ("no",): 27, ("unknown",): 4, ("not_recorded",): 6,
    }),
    "rights_children_return": _table("rights_children_return", ("child_returned", "best_interests"), {
        ("yes", "yes"): 4, ("yes", "no"): 5, ("yes", "unknown"): 1,
    }),
}  # fmt: skip

# (code, numerator, denominator, pending), worked out by hand from TABLES.
EXPECTED = [
    ("R1.2", 15, 100, None),  # 6 + 9 of 200 less 40 not sought, 20 unknown, 40 not recorded
    ("R1.3", 45, 90, None),  # undated and unrecorded starts left out
    ("R2.4", 8, 69, None),  # 1 + 7 of (40 - 10 - 9) + (80 - 20 - 12) referred
    ("R3.4", 4, 40, None),  # 0 + 4 of (40 - 30 - 2) + (80 - 40 - 8) granted
    ("R4.4", 36, 54, 9),  # 1 + 15 + 12 + 6 + 2 of (40 - 20 - 2) + (80 - 30 - 9 - 3 - 2)
    ("R5.1", 90, 120, None),
    ("R7.4", 15, 135, None),  # 5 + 8 + 2 of 200 less 15 unknown, 50 not recorded
    ("R8.3", 30, 48, None),  # 200 less 12 unknown, 140 not recorded
    ("R10.2a", 17, 25, None),
    ("R10.3", 3, 30, None),
    ("R10.4", 4, 9, None),  # 9 returns: "not enough data"
]


@pytest.mark.parametrize(("code", "numerator", "denominator", "pending"), EXPECTED)
def test_each_protection_indicator_matches_the_hand_computed_figure(
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


def test_every_indicator_of_standard_1_1_is_checked_by_hand() -> None:
    assert {code for code, *_ in EXPECTED} == {spec.code for spec in PROTECTION}
    assert all(spec.code in BY_CODE for spec in PROTECTION)


def test_only_the_data_sharing_incidents_stay_uncomputed_and_by_design() -> None:
    assert [(item.code, item.by_design) for item in NOT_COMPUTED] == [("R8.4", True)]


def test_a_submission_without_the_new_tables_reads_as_not_submitted() -> None:
    figure = compute(indicator("R5.1"), {}, "NLD", 2025)
    assert figure.reason == Reason.TABLE_MISSING and figure.rate is None
