"""The stepwise rule gives SparseMSE's selected terms and point estimates.

Reference values are printed in MultipleSystemsEstimation 1.2.0's vignette
"Reproducing Chan, Silverman and Vincent (2021)" from
``estimate_population_stepwise(zdat, pthresh = 0.02)``, which the package
states gives the same models and point estimates as SparseMSE 2.0.1's
``estimatepopulation.0(zdat, method = "stepwise", pthresh = 0.02)``. R prints
seven significant digits, hence ``rel=1e-6``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from crossroads.stats.mse import OverlapTable, StepwiseMSE
from crossroads.stats.mse._stepwise import choose_pair, poisson_tail_pvalues, stepwise_batch
from crossroads.stats.mse.tests._reference import KOREA, NEWORL, NEWORL_5, UK, WESTERN


def stepwise(table: OverlapTable, pthresh: float = 0.02) -> StepwiseMSE:
    return StepwiseMSE(pthresh=pthresh, n_boot=0, profile=False, sensitivity_thresholds=()).fit(
        table
    )


def test_korea_selects_b_c_as_sparsemse() -> None:
    # estimate_population_stepwise(Korea): popest 268.7778, hiermod "[12,3]",
    # deviance 8.566946, aic 44.90767, bic 58.9686, coefficient of b:c 5.412241
    result = stepwise(KOREA)
    assert result.selected_terms_ == ("b:c",)
    assert result.model_.rcapture_label == "[12,3]"
    assert result.population_size_ == pytest.approx(268.7778, rel=1e-6)
    assert result.model_.deviance == pytest.approx(8.566946, rel=1e-6)
    assert result.model_.aic == pytest.approx(44.90767, rel=1e-6)
    assert result.model_.bic == pytest.approx(58.9686, rel=1e-6)
    assert result.model_.coefficients["b:c"] == pytest.approx(5.412241, rel=1e-6)
    assert result.model_.coefficients["(Intercept)"] == pytest.approx(4.982083, rel=1e-6)


def test_new_orleans_eight_lists_selects_the_fourth_and_fifth_list() -> None:
    # estimate_population_stepwise(NewOrl, pthresh = 0.02): popest 1110.488, hiermod
    # "[45,1,2,3,6,7,8]", deviance 33.15516, aic 112.831
    result = stepwise(NEWORL)
    assert result.selected_terms_ == ("L4:L5",)
    assert result.population_size_ == pytest.approx(1110.488, rel=1e-6)
    assert result.model_.deviance == pytest.approx(33.15516, rel=1e-6)
    assert result.model_.aic == pytest.approx(112.831, rel=1e-6)


def test_new_orleans_five_lists_keeps_main_effects_only() -> None:
    # estimate_population_stepwise(NewOrl_5): popest 981.4314, hiermod "[1,2,3,4,5]",
    # deviance 18.05614, aic 76.91578
    result = stepwise(NEWORL_5)
    assert result.selected_terms_ == ()
    assert result.population_size_ == pytest.approx(981.4314, rel=1e-6)
    assert result.model_.aic == pytest.approx(76.91578, rel=1e-6)


def test_western_selects_the_first_and_fifth_list() -> None:
    # estimate_population_stepwise(Western): popest 2483.384, hiermod "[15,2,3,4]",
    # deviance 26.58423, aic 91.8395, bic 118.7443
    result = stepwise(WESTERN)
    assert result.selected_terms_ == ("L1:L5",)
    assert result.population_size_ == pytest.approx(2483.384, rel=1e-6)
    assert result.model_.deviance == pytest.approx(26.58423, rel=1e-6)
    assert result.model_.bic == pytest.approx(118.7443, rel=1e-6)


def test_a_lower_threshold_keeps_the_korea_model() -> None:
    # estimate_population(Korea, method = "stepwise", pthresh = 0.01)$popest: 268.7778
    assert stepwise(KOREA, 0.01).population_size_ == pytest.approx(268.7778, rel=1e-6)


def test_threshold_zero_gives_main_effects_and_one_gives_every_admissible_pair() -> None:
    assert stepwise(WESTERN, 0.0).selected_terms_ == ()
    assert len(stepwise(WESTERN, 1.0).selected_terms_) == 10
    # Korea's full model fails the existence check, so pthresh = 1 runs the stepwise rule with
    # every p-value below 1 admissible; b:d never passes the check once b:c is in (its p is set
    # to 1), which leaves [12,23], the BIC-best model of MultipleSystemsEstimation.
    assert stepwise(KOREA, 1.0).model_.rcapture_label == "[12,23]"


def test_the_p_value_is_one_sided_in_the_observed_direction() -> None:
    observed = np.array([0.0, 3.0, 10.0])
    expected = np.array([2.5, 2.5, 2.5])
    p = poisson_tail_pvalues(observed, expected)
    # N* = 0: P(X <= 0) = exp(-lambda); P(X >= 0) = 1.
    assert p[0] == pytest.approx(math.exp(-2.5), rel=1e-12)
    below = sum(math.exp(-2.5) * 2.5**j / math.factorial(j) for j in range(4))
    assert p[1] == pytest.approx(min(below, 1 - below + math.exp(-2.5) * 2.5**3 / 6), rel=1e-12)
    assert p[2] == pytest.approx(
        1 - sum(math.exp(-2.5) * 2.5**j / math.factorial(j) for j in range(10)), rel=1e-9
    )


def test_a_never_overlapping_pair_enters_once_its_expected_overlap_exceeds_log_50() -> None:
    # p = exp(-lambda*) < 0.02 iff lambda* > -log(0.02) = 3.91: two large independent lists that
    # never meet. The pair enters, at minus infinity.
    table = OverlapTable.from_patterns({"100": 200, "010": 150, "001": 40, "101": 10, "011": 8})
    result = stepwise(table)
    assert "A:B" in result.selected_terms_
    assert result.model_.coefficients["A:B"] == -math.inf
    assert result.diagnostics_.probability_empty["A:B"] < 0.02


def test_ties_go_to_the_first_pair_in_sparsemse_order() -> None:
    always = lambda j: True  # noqa: E731
    assert choose_pair(np.array([0.5, 0.01, 0.01, 0.3]), 0.02, always) == 1
    assert choose_pair(np.array([0.01, 0.5, 0.01]), 0.02, always) == 0


def test_a_pair_failing_the_existence_check_counts_as_p_equal_to_one() -> None:
    p = np.array([0.001, 0.01, 0.5])
    assert choose_pair(p, 0.02, lambda j: j != 0) == 1
    assert choose_pair(p, 0.02, lambda j: j not in (0, 1)) is None


def test_the_threshold_is_strict() -> None:
    assert choose_pair(np.array([0.02, 0.3]), 0.02, lambda j: True) is None


def test_batched_samples_give_the_same_answer_as_one_at_a_time() -> None:
    rng = np.random.default_rng(3)
    counts = UK.counts
    observed = np.flatnonzero(counts)
    samples = np.zeros((40, counts.size))
    samples[:, observed] = rng.multinomial(counts.sum(), counts[observed] / counts.sum(), 40)
    together = stepwise_batch(samples, 6, 0.02)
    for b in range(samples.shape[0]):
        alone = stepwise_batch(samples[b : b + 1], 6, 0.02)
        assert alone.models[0] == together.models[b]
        assert alone.estimates[0] == pytest.approx(together.estimates[b], rel=1e-8)
