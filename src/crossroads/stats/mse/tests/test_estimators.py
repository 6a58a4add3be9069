"""The estimator contract, the analysis settings, reports and diagnostics."""

from __future__ import annotations

import json
import math

import pytest

from crossroads.stats.mse import (
    InformationCriterionMSE,
    ModelAveragedMSE,
    ModelNotEstimableError,
    MSESettings,
    NotFittedError,
    OverlapTable,
    SettingsError,
    StepwiseMSE,
    estimate,
    estimator_from_settings,
)
from crossroads.stats.mse.tests._reference import KOREA, UK, WESTERN


def test_init_only_stores_settings_and_fit_validates_them() -> None:
    estimator = StepwiseMSE(pthresh=2.0)
    assert estimator.pthresh == 2.0
    with pytest.raises(SettingsError, match="pthresh"):
        estimator.fit(KOREA)


def test_fit_returns_self_and_results_end_in_an_underscore() -> None:
    estimator = StepwiseMSE(n_boot=20)
    assert estimator.fit(KOREA) is estimator
    for name in ("population_size_", "dark_figure_", "selected_terms_", "conf_int_",
                 "bootstrap_estimates_", "diagnostics_", "model_", "settings_"):  # fmt: skip
        assert hasattr(estimator, name)
    assert estimator.population_size_ == pytest.approx(
        estimator.n_observed_ + estimator.dark_figure_
    )


def test_reading_results_before_fit_raises_a_clear_error() -> None:
    with pytest.raises(NotFittedError, match="call fit"):
        StepwiseMSE().to_dict()


def test_fit_rejects_anything_but_an_overlap_table() -> None:
    with pytest.raises(TypeError, match="OverlapTable"):
        StepwiseMSE().fit([[1, 0, 3]])  # type: ignore[arg-type]


def test_the_report_is_strict_json_with_the_estimate_under_population_size() -> None:
    result = StepwiseMSE(n_boot=30).fit(WESTERN)
    report = result.summary()
    text = json.dumps(report, allow_nan=False)
    back = json.loads(text)
    assert back["population_size"] == pytest.approx(2483.384, rel=1e-6)
    assert back["model"]["terms"] == ["L1:L5"]
    assert back["conf_int"]["method"] == "bca"
    assert set(back["intervals"]) == {"wald", "profile", "bca"}
    assert back["settings"]["seed"] == 1234
    assert back["table"]["lists"] == list(WESTERN.lists)


def test_an_unbounded_interval_is_written_as_null() -> None:
    table = OverlapTable.from_patterns({"10": 40, "01": 35, "11": 1})
    report = StepwiseMSE(n_boot=0).fit(table).to_dict()
    assert report["intervals"]["profile"]["upper"] is None
    json.dumps(report, allow_nan=False)


def test_settings_round_trip_and_reproduce_the_estimate_exactly() -> None:
    settings = MSESettings(pthresh=0.05, n_boot=40, seed=99)
    stored = settings.to_json()
    restored = MSESettings.from_json(stored)
    assert restored == settings
    first, second = estimate(UK, restored), estimate(UK, settings)
    assert first.population_size_ == second.population_size_
    assert first.conf_int_ == second.conf_int_
    assert first.get_settings() == settings


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"method": "lasso"}, "method"),
        ({"criterion": "dic"}, "criterion"),
        ({"max_order": 4}, "max_order"),
        ({"n_boot": 5}, "at least 10"),
        ({"n_boot": -1}, "n_boot"),
        ({"alpha": (0.0, 0.5)}, "alpha"),
        ({"confidence": 1.0}, "confidence"),
        ({"seed": -3}, "seed"),
    ],
)
def test_invalid_settings_are_rejected_with_the_field_named(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        MSESettings(**changes)  # type: ignore[arg-type]


def test_unknown_or_future_settings_are_rejected() -> None:
    with pytest.raises(SettingsError, match="unknown settings: colour"):
        MSESettings.from_dict({"colour": "red"})
    with pytest.raises(SettingsError, match="version"):
        MSESettings.from_dict({"version": 99})


def test_settings_choose_the_estimator() -> None:
    assert isinstance(estimator_from_settings(MSESettings()), StepwiseMSE)
    chosen = estimator_from_settings(MSESettings(method="information_criterion", criterion="aic"))
    assert isinstance(chosen, InformationCriterionMSE)
    assert chosen.criterion == "aic"
    averaged = estimator_from_settings(MSESettings(method="model_average"))
    assert isinstance(averaged, ModelAveragedMSE)


def test_without_bootstrap_the_interval_is_the_wald_interval() -> None:
    result = StepwiseMSE(n_boot=0).fit(KOREA)
    assert result.interval_method_ == "wald"
    assert result.conf_int_ == result.wald_conf_int_
    assert result.bootstrap_estimates_ is None


def test_diagnostics_report_fit_non_overlapping_pairs_and_sensitivity() -> None:
    result = StepwiseMSE(n_boot=0).fit(UK)
    diagnostics = result.diagnostics_
    assert diagnostics.non_overlapping_pairs == ("LA:GP", "LA:NCA")
    assert diagnostics.overlaps["LA:NG"] == 15 + 1 + 1 + 1
    assert diagnostics.df_resid == 63 - 1 - 6 - 7
    assert diagnostics.gof_pvalue is not None and 0 < diagnostics.gof_pvalue < 1
    thresholds = [row.pthresh for row in diagnostics.sensitivity]
    assert thresholds == [0.0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 1.0]
    at_default = next(row for row in diagnostics.sensitivity if row.pthresh == 0.02)
    assert at_default.population_size == pytest.approx(result.population_size_)
    codes = {w.code for w in diagnostics.warnings}
    # NG:GP is in the model but rests on the single person seen on both lists.
    assert "interaction_on_few_cases" in codes


def test_sparse_tables_raise_the_warnings_an_analyst_needs() -> None:
    table = OverlapTable.from_patterns({"100": 60, "010": 45, "001": 30, "110": 1, "011": 1})
    codes = {w.code for w in StepwiseMSE(n_boot=50).fit(table).diagnostics_.warnings}
    assert {"few_overlaps", "large_dark_figure", "wide_interval"} <= codes


@pytest.mark.parametrize(
    ("patterns", "reason"),
    [
        ({"10": 5, "01": 3}, "No two lists share anyone"),
        ({"10": 5, "11": 3}, "One list holds everyone"),
    ],
)
def test_tables_that_support_no_estimate_stop_with_the_reason(
    patterns: dict[str, int], reason: str
) -> None:
    table = OverlapTable.from_patterns(patterns)
    for estimator in (StepwiseMSE(), InformationCriterionMSE(), ModelAveragedMSE()):
        with pytest.raises(ModelNotEstimableError, match=reason):
            estimator.fit(table)


def test_bootstrap_model_frequencies_are_reported() -> None:
    result = StepwiseMSE(n_boot=100).fit(WESTERN)
    shares = result.diagnostics_.bootstrap_models
    assert 0 < sum(shares.values()) <= 1
    assert result.model_.label in shares


def test_information_criterion_estimators_report_their_ranking() -> None:
    result = InformationCriterionMSE().fit(KOREA)
    report = result.to_dict()
    assert report["search"]["n_models"] == 8
    assert report["search"]["ranking"][0]["label"] == result.model_.label
    assert result.interval_method_ == "profile"
    assert math.isfinite(result.conf_int_[1])
