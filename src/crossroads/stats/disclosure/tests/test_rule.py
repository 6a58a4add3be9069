"""The suppression rule: validation, serialisation, sensitivity and rounding."""

from __future__ import annotations

import numpy as np
import pytest

from crossroads.stats.disclosure import RuleError, SuppressionRule


def test_the_default_rule_is_threshold_ten_with_zeros_released_and_protection_five() -> None:
    rule = SuppressionRule()
    assert (rule.threshold, rule.release_zeros, rule.rounding_base) == (10, True, None)
    assert rule.protection_level == 5
    assert rule.suppressed_lower_bound == 1


@pytest.mark.parametrize(
    "arguments",
    [
        {"threshold": 0},
        {"threshold": True},
        {"threshold": 10.0},
        {"rounding_base": 1},
        {"protection": 0},
        {"release_zeros": "yes"},
    ],
)
def test_it_rejects_parameters_out_of_range(arguments: dict[str, object]) -> None:
    with pytest.raises(RuleError):
        SuppressionRule(**arguments)  # type: ignore[arg-type]


def test_counts_from_one_to_threshold_minus_one_are_sensitive_margins_included() -> None:
    counts = np.array([0, 1, 9, 10, 11])
    assert SuppressionRule().is_sensitive(counts).tolist() == [False, True, True, False, False]
    hiding_zeros = SuppressionRule(release_zeros=False)
    assert hiding_zeros.is_sensitive(counts).tolist() == [True, True, True, False, False]


def test_a_primary_cell_needs_an_upper_bound_at_the_threshold_and_protection_above_it() -> None:
    rule = SuppressionRule(threshold=10, protection=5)
    assert rule.required_upper(1) == 10
    assert rule.required_upper(5) == 10
    assert rule.required_upper(9) == 14


def test_rounding_goes_to_the_nearest_multiple_with_halves_up() -> None:
    rule = SuppressionRule(rounding_base=10)
    assert rule.round(np.array([0, 10, 14, 15, 16, 124])).tolist() == [0, 10, 10, 20, 20, 120]
    five = SuppressionRule(rounding_base=5)
    assert five.round(np.array([10, 12, 13, 17, 18])).tolist() == [10, 10, 15, 15, 20]


def test_rounding_never_goes_below_the_threshold() -> None:
    rule = SuppressionRule(threshold=11, rounding_base=5)
    assert rule.round(np.array([11, 12, 13, 17])).tolist() == [15, 15, 15, 15]


def test_a_rule_round_trips_through_its_dictionary_form() -> None:
    rule = SuppressionRule(threshold=11, release_zeros=False, rounding_base=5, protection=3)
    data = rule.to_dict()
    assert data["protection_level"] == 3
    assert SuppressionRule.from_dict(data) == rule
    with pytest.raises(RuleError, match="unknown"):
        SuppressionRule.from_dict({"threshold": 10, "k": 11})
