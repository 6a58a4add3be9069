"""The recognition gap's interval: hand-computed cases and its coverage in a simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

from crossroads.stats.recognition import (
    Estimate,
    RecognitionError,
    Released,
    recognition_gap,
    simulate_size,
)


def test_an_exact_count_can_only_be_itself() -> None:
    assert Released(37).possible() == (37, 37)


def test_a_count_rounded_to_five_stands_for_the_five_counts_that_round_to_it() -> None:
    # 8, 9, 10, 11, 12 round to 10 (halves up: 7.5 is not a count, 12.5 would go to 15).
    assert Released(10, rounding_base=5, threshold=1).possible() == (8, 12)
    assert Released(30, rounding_base=10, threshold=10).possible() == (25, 34)


def test_a_count_lifted_to_the_smallest_multiple_above_the_threshold_can_be_down_to_it() -> None:
    # Threshold 7, base 5: 7 rounds to 5, below the threshold, so it is released as 10.
    assert Released(10, rounding_base=5, threshold=7).possible() == (7, 12)


def test_a_zero_stays_zero_when_rounded() -> None:
    assert Released(0, rounding_base=5, threshold=10).possible() == (0, 0)


def test_an_estimate_known_exactly_and_an_exact_count_give_a_single_share() -> None:
    gap = recognition_gap(Released(50), Estimate(200, 200, 200, observed=200))
    assert gap.share == pytest.approx(0.25)
    assert (gap.low, gap.high) == pytest.approx((0.25, 0.25))
    assert gap.unrecognised == 150
    assert (gap.unrecognised_low, gap.unrecognised_high) == pytest.approx((150, 150))


def test_the_share_interval_is_the_count_over_the_estimate_limits_when_the_count_is_exact() -> None:
    # 60 identified, N = 400 (300 to 600), 250 seen: the share runs from 60/600 to 60/300.
    gap = recognition_gap(Released(60), Estimate(400, 300, 600, observed=250), draws=200_000)
    assert gap.share == pytest.approx(0.15)
    assert gap.low == pytest.approx(0.10, abs=0.002)
    assert gap.high == pytest.approx(0.20, abs=0.002)
    assert gap.unrecognised == 340
    assert gap.unrecognised_low == pytest.approx(240, abs=3)
    assert gap.unrecognised_high == pytest.approx(540, abs=3)


def test_rounding_the_identified_count_widens_the_interval() -> None:
    estimate = Estimate(400, 380, 420, observed=300)
    exact = recognition_gap(Released(60), estimate)
    rounded = recognition_gap(Released(60, rounding_base=10, threshold=10), estimate)
    assert rounded.high - rounded.low > exact.high - exact.low


def test_simulated_sizes_reproduce_the_published_interval() -> None:
    estimate = Estimate(1000, 700, 1800, observed=500, level=0.9)
    sizes = simulate_size(estimate, 400_000, np.random.default_rng(1))
    low, middle, high = np.quantile(sizes, [0.05, 0.5, 0.95])
    assert low == pytest.approx(700, rel=0.01)
    assert middle == pytest.approx(1000, rel=0.01)
    assert high == pytest.approx(1800, rel=0.01)


def test_without_an_upper_limit_the_share_has_no_lower_limit() -> None:
    gap = recognition_gap(Released(40), Estimate(500, 400, None, observed=300))
    assert gap.low == 0.0
    assert gap.high == pytest.approx(0.1)
    assert gap.unrecognised_high is None


def test_the_same_figures_always_give_the_same_interval() -> None:
    estimate = Estimate(900, 600, 1500, observed=400)
    first = recognition_gap(Released(45, rounding_base=5, threshold=10), estimate)
    again = recognition_gap(Released(45, rounding_base=5, threshold=10), estimate)
    assert (first.low, first.high) == (again.low, again.high)


def test_an_estimate_below_the_persons_it_saw_is_refused() -> None:
    with pytest.raises(RecognitionError):
        recognition_gap(Released(10), Estimate(90, 80, 120, observed=100))


def _chapman(n1: int, n2: int, both: int, level: float) -> Estimate:
    """Two-list Chapman estimate with Chao's log-normal interval (the world the test draws)."""
    size = (n1 + 1) * (n2 + 1) / (both + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - both) * (n2 - both) / ((both + 1) ** 2 * (both + 2))
    observed = n1 + n2 - both
    unseen = size - observed
    factor = math.exp(
        float(norm.ppf((1 + level) / 2)) * math.sqrt(math.log(1 + variance / unseen**2))
    )
    return Estimate(size, observed + unseen / factor, observed + unseen * factor, observed, level)


def test_the_interval_covers_the_true_share_close_to_its_level_in_a_simulation() -> None:
    """3,000 victims; two lists catch 25% and 20% of them; 10% are formally identified,
    their count released rounded to 5. Over 400 cohorts the 95% interval must cover the
    true share of recognised victims 95% of the time, within 3.5 points (about three
    standard errors of a coverage counted over 400 cohorts)."""
    rng = np.random.default_rng(17)
    population, level, cohorts = 3000, 0.95, 400
    covered = 0
    for cohort in range(cohorts):
        on_first = rng.random(population) < 0.25
        on_second = rng.random(population) < 0.20
        identified = int((rng.random(population) < 0.10).sum())
        estimate = _chapman(
            int(on_first.sum()), int(on_second.sum()), int((on_first & on_second).sum()), level
        )
        released = Released(int((identified * 2 + 5) // 10 * 5), rounding_base=5, threshold=10)
        gap = recognition_gap(released, estimate, draws=4000, seed=cohort)
        covered += gap.low <= identified / population <= gap.high
    coverage = covered / cohorts
    assert abs(coverage - level) <= 0.035, coverage
