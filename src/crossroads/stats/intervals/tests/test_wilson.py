"""The Wilson interval against values derived by hand."""

from __future__ import annotations

import math

import pytest

from crossroads.stats.intervals import ProportionError, wilson_interval

Z95 = 1.959963984540054


def test_half_of_ten_matches_the_formula_worked_by_hand() -> None:
    # p = 0.5, n = 10: centre = (0.5 + z²/20) / (1 + z²/10) = 0.5 by symmetry;
    # half = z / (1 + z²/10) * sqrt(0.025 + z²/400).
    half = Z95 / (1 + Z95**2 / 10) * math.sqrt(0.025 + Z95**2 / 400)
    result = wilson_interval(5, 10)
    assert result.rate == 0.5
    assert result.low == pytest.approx(0.5 - half, abs=1e-12)
    assert result.high == pytest.approx(0.5 + half, abs=1e-12)
    assert result.low == pytest.approx(0.2366, abs=5e-5)
    assert result.high == pytest.approx(0.7634, abs=5e-5)


def test_eighty_one_of_two_hundred_and_sixty_three() -> None:
    # By hand: p = 0.307985, z²/n = 0.014606, centre = (p + 0.007303) / 1.014606
    # = 0.310749, half = 1.931748 * sqrt(p(1 - p)/263 + z²/(4 · 263²)) = 0.055461,
    # so the interval is 0.255289 to 0.366210.
    result = wilson_interval(81, 263)
    assert result.low == pytest.approx(0.255289, abs=1e-6)
    assert result.high == pytest.approx(0.366210, abs=1e-6)


def test_no_success_has_a_lower_bound_of_exactly_zero() -> None:
    result = wilson_interval(0, 20)
    assert result.low == 0.0
    # Upper bound for x = 0: z² / (n + z²).
    assert result.high == pytest.approx(Z95**2 / (20 + Z95**2), abs=1e-12)


def test_all_successes_have_an_upper_bound_of_exactly_one() -> None:
    result = wilson_interval(20, 20)
    assert result.high == 1.0
    assert result.low == pytest.approx(20 / (20 + Z95**2), abs=1e-12)


def test_a_wider_level_gives_a_wider_interval() -> None:
    narrow = wilson_interval(30, 100, level=0.90)
    wide = wilson_interval(30, 100, level=0.99)
    assert wide.low < narrow.low < 0.3 < narrow.high < wide.high


@pytest.mark.parametrize(
    ("numerator", "denominator", "level", "message"),
    [
        (1, 0, 0.95, "denominator must be at least 1"),
        (5, 4, 0.95, "numerator must lie between 0 and the denominator (4)"),
        (-1, 4, 0.95, "numerator must lie between 0"),
        (1, 4, 1.0, "level must lie strictly between 0 and 1"),
        (1.5, 4, 0.95, "numerator must be a whole number"),
    ],
)
def test_impossible_inputs_are_refused_with_the_reason(
    numerator: int, denominator: int, level: float, message: str
) -> None:
    with pytest.raises(ProportionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        wilson_interval(numerator, denominator, level)
