"""SparseMSE's estimator: stepwise model choice with a BCa bootstrap."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from crossroads.stats.mse._base import MSEEstimator, Progress, threshold_sensitivity
from crossroads.stats.mse._bootstrap import SPARSEMSE_ALPHA
from crossroads.stats.mse._diagnostics import diagnose
from crossroads.stats.mse._existence import ExistenceChecker
from crossroads.stats.mse._fit import fit_counts
from crossroads.stats.mse._settings import SENSITIVITY_THRESHOLDS, MSESettings
from crossroads.stats.mse._stepwise import stepwise_batch
from crossroads.stats.mse._table import OverlapTable
from crossroads.stats.mse._terms import Model
from crossroads.stats.mse._threads import single_blas_thread

FloatArray = npt.NDArray[np.float64]


class StepwiseMSE(MSEEstimator):
    """Multiple systems estimate with SparseMSE's stepwise model choice and BCa bootstrap.

    Estimates the total number of people ``N`` (seen and unseen) from an
    overlap table of 2 to 10 lists, as ``estimatepopulation`` in the R package
    SparseMSE (Chan, Silverman & Vincent 2021) and
    ``estimate_population_stepwise`` in MultipleSystemsEstimation: a Poisson
    log-linear model with main effects and the two-list interactions chosen by
    the stepwise rule (see ``_stepwise``), the extended MLE for lists that
    never overlap, and a BCa bootstrap interval that repeats the model choice
    in every replicate (Silverman, Chan & Vincent 2024).

    Assumptions: the population is closed over the period the lists cover;
    the lists are linked without error; given the interactions in the model,
    being on one list does not change the chance of being on another, and
    everyone has the same chance of being on each list (heterogeneity shows up
    as apparent positive dependence). See ``docs/estimation.md``.

    Parameters
    ----------
    pthresh
        p-value threshold in [0, 1] for adding an interaction (default 0.02,
        chosen by CSV21's simulation study). 0 gives main effects only.
    n_boot
        Bootstrap replicates (default 1000, as SparseMSE; 0 skips the bootstrap
        and reports the Wald interval).
    alpha
        Cumulative levels of the reported BCa limits (SparseMSE's defaults).
    confidence
        Level of ``conf_int_`` and the other two-sided intervals (0.95).
    seed
        Seed for ``numpy.random.default_rng``; the same seed gives the same result.
    profile
        Also compute Rcapture's multinomial profile-likelihood interval.
    sensitivity_thresholds
        Thresholds at which the diagnostics report the stepwise estimate.
    progress
        Optional ``progress(done, total)`` callback during the bootstrap.

    Fitted attributes: ``population_size_``, ``dark_figure_``, ``n_observed_``,
    ``selected_terms_`` (in order of entry), ``model_`` (the fit),
    ``conf_int_`` (BCa, or Wald without bootstrap), ``interval_method_``,
    ``bca_quantiles_`` ({alpha: limit}), ``bootstrap_estimates_``,
    ``acceleration_``, ``bias_correction_``, ``wald_conf_int_``,
    ``profile_conf_int_``, ``diagnostics_``, ``settings_``.
    """

    method = "stepwise"

    def __init__(
        self,
        *,
        pthresh: float = 0.02,
        n_boot: int = 1000,
        alpha: Sequence[float] = SPARSEMSE_ALPHA,
        confidence: float = 0.95,
        seed: int = 1234,
        profile: bool = True,
        sensitivity_thresholds: Sequence[float] = SENSITIVITY_THRESHOLDS,
        progress: Progress | None = None,
    ) -> None:
        self.pthresh = pthresh
        self.n_boot = n_boot
        self.alpha = alpha
        self.confidence = confidence
        self.seed = seed
        self.profile = profile
        self.sensitivity_thresholds = sensitivity_thresholds
        self.progress = progress

    def get_settings(self) -> MSESettings:
        return MSESettings(
            method="stepwise",
            pthresh=self.pthresh,
            n_boot=self.n_boot,
            alpha=tuple(self.alpha),
            confidence=self.confidence,
            seed=self.seed,
            profile=self.profile,
            sensitivity_thresholds=tuple(self.sensitivity_thresholds),
        )

    def fit(self, table: OverlapTable) -> StepwiseMSE:
        """Choose the model, estimate N and its intervals; returns ``self``."""
        with single_blas_thread():
            return self._fit(table)

    def _fit(self, table: OverlapTable) -> StepwiseMSE:
        settings = self.get_settings()
        table = self._validate_table(table)
        y = table.counts.astype(np.float64)
        checker = ExistenceChecker(table.k)
        self._require_estimable(table, checker)
        chosen = stepwise_batch(y[None, :], table.k, settings.pthresh, checker).models[0]
        fit = fit_counts(y, table.lists, chosen)
        self.settings_ = settings
        self._set_point(table, fit, settings.confidence, settings.profile)
        self.conf_int_ = self.wald_conf_int_
        self.interval_method_ = "wald"
        bootstrap_models: list[Model] = []
        if settings.n_boot > 0:

            def estimator(batch: FloatArray) -> tuple[FloatArray, list[Model]]:
                result = stepwise_batch(batch, table.k, settings.pthresh, checker)
                return result.estimates, result.models

            bootstrap_models = self._run_bootstrap(table, fit.population_size, estimator, settings)
        sensitivity = threshold_sensitivity(table, settings.sensitivity_thresholds, checker)
        self.diagnostics_ = diagnose(
            table,
            fit,
            interval=self.conf_int_,
            sensitivity=sensitivity,
            bootstrap_models=bootstrap_models,
        )
        return self
