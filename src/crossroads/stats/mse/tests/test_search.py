"""Exhaustive AIC/BIC search over hierarchical models and model averaging."""

from __future__ import annotations

import math

import numpy as np
import pytest

from crossroads.stats.mse import InformationCriterionMSE, ModelAveragedMSE, fit_loglinear
from crossroads.stats.mse._existence import ExistenceChecker
from crossroads.stats.mse._search import _admissible, search_models
from crossroads.stats.mse._terms import hierarchical_models, rcapture_label
from crossroads.stats.mse.tests._reference import KOREA, NEWORL, WESTERN

# MultipleSystemsEstimation 1.2.0 user guide:
#   fit_bic <- estimate_population(Korea, method = "bic"); fit_bic$bic_results$res
KOREA_BIC_TABLE = {
    "[12,23]": (157.1667, 57.14081),
    "[12,3]": (268.7778, 58.96860),
    "[13,23]": (123.4630, 91.89711),
    "[23,1]": (126.1944, 138.06368),
    "[13,2]": (126.9394, 155.16018),
    "[1,2,3]": (141.9926, 184.14431),
}


def test_korea_bic_table_matches_multiple_systems_estimation() -> None:
    result = search_models(KOREA.counts.astype(np.float64), 3, 2)
    # [12,13] and [12,13,23] fail the existence check, as in the package (six models listed).
    assert result.n_models == 8
    assert result.n_rejected == 2
    ours = {
        rcapture_label(m, 3): (n, b)
        for m, n, b in zip(result.models, result.population_size, result.bic, strict=True)
    }
    assert set(ours) == set(KOREA_BIC_TABLE)
    for label, (abundance, bic) in KOREA_BIC_TABLE.items():
        assert ours[label][0] == pytest.approx(abundance, rel=1e-6)
        assert ours[label][1] == pytest.approx(bic, rel=1e-6)


def test_the_bic_estimator_picks_12_23_for_korea() -> None:
    # estimate_population(Korea, method = "bic"): popest 157.1667, model "[12,23]", BIC 57.14081
    result = InformationCriterionMSE(criterion="bic").fit(KOREA)
    assert result.model_.rcapture_label == "[12,23]"
    assert result.population_size_ == pytest.approx(157.1667, rel=1e-6)
    assert result.model_.bic == pytest.approx(57.14081, rel=1e-6)
    assert result.n_rejected_ == 2


def test_model_counts_match_rcapture_and_multiple_systems_estimation() -> None:
    assert len(hierarchical_models(4, 3)) == 113  # Rcapture: length(getAllModels(4))
    assert len(hierarchical_models(5, 2)) == 1024
    assert len(hierarchical_models(6, 2)) == 32768
    assert len(hierarchical_models(3, 3)) == 8  # the three-way term is the dark figure's


def test_the_search_reports_progress_up_to_the_number_of_models() -> None:
    calls: list[tuple[int, int]] = []
    search_models(
        WESTERN.counts.astype(np.float64), 5, 2, progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (1024, 1024)


def test_searches_too_large_to_enumerate_are_refused() -> None:
    with pytest.raises(ValueError, match="stepwise"):
        search_models(NEWORL.counts.astype(np.float64), 8, 2)
    with pytest.raises(ValueError, match="three-list"):
        search_models(np.ones(63), 6, 3)


def test_every_searched_fit_equals_a_direct_fit() -> None:
    result = search_models(WESTERN.counts.astype(np.float64), 5, 2)
    for index in (0, 17, 300, len(result.models) - 1):
        model = result.models[index]
        names = [":".join(f"L{j + 1}" for j in range(5) if (t >> j) & 1) for t in model]
        direct = fit_loglinear(WESTERN, names)
        assert result.population_size[index] == pytest.approx(direct.population_size, rel=1e-8)
        assert result.aic[index] == pytest.approx(direct.aic, rel=1e-9)
        assert result.bic[index] == pytest.approx(direct.bic, rel=1e-9)


def test_the_monotone_shortcut_admits_exactly_the_models_that_pass_the_check() -> None:
    y = WESTERN.counts.astype(np.float64)
    models = hierarchical_models(5, 3)[::7]
    fast = _admissible(y, 5, models, ExistenceChecker(5))
    checker = ExistenceChecker(5)
    assert fast == [checker.check(y, m).ok for m in models]


def test_model_average_weights_sum_to_one_and_average_the_estimates() -> None:
    result = ModelAveragedMSE(criterion="aic").fit(KOREA)
    search = result.search_
    weights = search.weights("aic")
    assert weights.sum() == pytest.approx(1.0)
    assert result.population_size_ == pytest.approx(float(np.sum(weights * search.population_size)))
    assert sum(result.weights_.values()) == pytest.approx(1.0)
    low, high = result.conf_int_
    assert low < result.population_size_ < high
    # Akaike weights: exp(-delta/2) normalised; the best two Korea models by AIC.
    delta = search.aic - search.aic.min()
    assert weights.max() == pytest.approx(1 / np.sum(np.exp(-delta / 2)))


def test_a_dominant_model_gets_almost_all_the_weight() -> None:
    result = ModelAveragedMSE(criterion="bic").fit(WESTERN)
    best = InformationCriterionMSE(criterion="bic", profile=False).fit(WESTERN)
    top_weight = max(result.weights_.values())
    assert result.model_.label == best.model_.label
    tolerance = 1 - top_weight + 0.05
    assert math.isclose(result.population_size_, best.population_size_, rel_tol=tolerance)
