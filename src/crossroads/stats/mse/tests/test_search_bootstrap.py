"""Bootstrap intervals for the AIC/BIC choice and model averaging, repeating the choice."""

from __future__ import annotations

import numpy as np
import pytest

from crossroads.stats.mse import (
    InformationCriterionMSE,
    ModelAveragedMSE,
    MSESettings,
    estimate,
    fit_loglinear,
)
from crossroads.stats.mse._bootstrap import resample
from crossroads.stats.mse.tests._reference import KOREA, UK, WESTERN


def test_each_replicate_repeats_the_whole_bic_choice() -> None:
    # The replicates are the multinomial resamples of the bootstrap; refitting each as a new
    # table with the plain estimator must give the replicate's estimate.
    result = InformationCriterionMSE(n_boot=40, seed=3, profile=False).fit(KOREA)
    replicates = resample(KOREA.counts, 40, np.random.default_rng(3))
    assert result.bootstrap_estimates_ is not None
    for b in (0, 7, 19, 39):
        again = InformationCriterionMSE(profile=False, sensitivity_thresholds=())
        table = KOREA.with_counts(replicates[b].astype(np.int64))
        expected = again.fit(table).population_size_
        assert result.bootstrap_estimates_[b] == pytest.approx(expected, rel=1e-8)
    assert result.interval_method_ == "bca"
    low, high = result.conf_int_
    assert low < result.population_size_ < high


def test_each_replicate_of_the_average_repeats_the_weighting() -> None:
    result = ModelAveragedMSE(n_boot=20, seed=4, profile=False).fit(KOREA)
    replicates = resample(KOREA.counts, 20, np.random.default_rng(4))
    assert result.bootstrap_estimates_ is not None
    table = KOREA.with_counts(replicates[5].astype(np.int64))
    expected = ModelAveragedMSE(profile=False, sensitivity_thresholds=()).fit(table)
    assert result.bootstrap_estimates_[5] == pytest.approx(expected.population_size_, rel=1e-8)


def test_one_top_model_gives_the_fixed_model_bootstrap() -> None:
    # With n_top = 1 every replicate keeps the data's best model: the replicates are that
    # model's estimates on the resampled tables.
    result = InformationCriterionMSE(n_boot=30, n_top=1, seed=5, profile=False).fit(WESTERN)
    replicates = resample(WESTERN.counts, 30, np.random.default_rng(5))
    assert result.bootstrap_estimates_ is not None
    for b in (0, 11, 29):
        table = WESTERN.with_counts(replicates[b].astype(np.int64))
        fixed = fit_loglinear(table, result.selected_terms_, check=False)
        assert result.bootstrap_estimates_[b] == pytest.approx(fixed.population_size, rel=1e-8)


def test_the_top_models_variant_chooses_among_that_many_models() -> None:
    result = InformationCriterionMSE(n_boot=20, n_top=5, seed=6, profile=False).fit(WESTERN)
    assert result.n_candidates_ == 5
    assert result.to_dict()["search"]["n_top"] == 5
    assert set(result.diagnostics_.bootstrap_models) <= {r.label for r in result.ranking_}


def test_re_selecting_every_six_list_model_in_every_replicate_is_refused_with_advice() -> None:
    with pytest.raises(ValueError, match="n_top"):
        InformationCriterionMSE(n_boot=1000, profile=False).fit(UK)


def test_the_bootstrap_settings_are_stored_and_reproduce_the_interval() -> None:
    settings = MSESettings(method="information_criterion", n_boot=50, n_top=3, seed=9)
    first = estimate(KOREA, MSESettings.from_json(settings.to_json()))
    again = estimate(KOREA, settings)
    assert first.conf_int_ == again.conf_int_
    assert first.settings_.n_top == 3
