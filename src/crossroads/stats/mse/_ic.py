"""Model choice and model averaging by AIC or BIC over all hierarchical models."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

from crossroads.stats.mse._base import MSEEstimator, Progress, threshold_sensitivity
from crossroads.stats.mse._bootstrap import SPARSEMSE_ALPHA
from crossroads.stats.mse._diagnostics import diagnose
from crossroads.stats.mse._existence import ExistenceChecker
from crossroads.stats.mse._fit import fit_counts
from crossroads.stats.mse._search import SearchResult, search_models
from crossroads.stats.mse._search_bootstrap import (
    SearchSpace,
    check_budget,
    select_many,
    top_models,
)
from crossroads.stats.mse._settings import SENSITIVITY_THRESHOLDS, Method, MSESettings
from crossroads.stats.mse._table import OverlapTable
from crossroads.stats.mse._terms import Model, hierarchical_models, model_label
from crossroads.stats.mse._threads import single_blas_thread

Criterion = Literal["aic", "bic"]


_RANKING_SIZE = 10
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RankedModel:
    """One model of the search, with its estimate, criterion and weight."""

    label: str
    population_size: float
    criterion: float
    weight: float


class _SearchEstimator(MSEEstimator):
    def __init__(
        self,
        *,
        criterion: Criterion = "bic",
        max_order: int = 2,
        n_boot: int = 0,
        n_top: int = 0,
        alpha: Sequence[float] = SPARSEMSE_ALPHA,
        seed: int = 1234,
        confidence: float = 0.95,
        profile: bool = True,
        sensitivity_thresholds: tuple[float, ...] = SENSITIVITY_THRESHOLDS,
        progress: Progress | None = None,
    ) -> None:
        self.criterion = criterion
        self.max_order = max_order
        self.n_boot = n_boot
        self.n_top = n_top
        self.alpha = alpha
        self.seed = seed
        self.confidence = confidence
        self.profile = profile
        self.sensitivity_thresholds = sensitivity_thresholds
        self.progress = progress

    ranking_: tuple[RankedModel, ...]
    n_candidates_: int | None
    n_models_: int
    n_rejected_: int
    search_: SearchResult

    def get_settings(self) -> MSESettings:
        return MSESettings(
            method=cast(Method, self.method),
            criterion=self.criterion,
            max_order=self.max_order,
            n_boot=self.n_boot,
            n_top=self.n_top,
            alpha=tuple(self.alpha),
            seed=self.seed,
            confidence=self.confidence,
            profile=self.profile,
            sensitivity_thresholds=tuple(self.sensitivity_thresholds),
        )

    def _search(
        self, table: OverlapTable, settings: MSESettings, checker: ExistenceChecker
    ) -> SearchResult:
        # The search reports progress only when it is the whole job; with a bootstrap the
        # replicates are the long part and report instead.
        result = search_models(
            table.counts.astype(np.float64),
            table.k,
            settings.max_order,
            checker=checker,
            progress=self.progress if settings.n_boot == 0 else None,
        )
        if not result.models:
            raise ValueError("no model passes the existence and identifiability check")
        values = result.criterion(settings.criterion)
        weights = result.weights(settings.criterion)
        order = np.argsort(values, kind="stable")[:_RANKING_SIZE]
        self.search_ = result
        self.n_candidates_ = None
        self.n_models_ = result.n_models
        self.n_rejected_ = result.n_rejected
        self.ranking_ = tuple(
            RankedModel(
                model_label(result.models[i], table.lists),
                float(result.population_size[i]),
                float(values[i]),
                float(weights[i]),
            )
            for i in order
        )
        return result

    def _bootstrap(
        self,
        table: OverlapTable,
        settings: MSESettings,
        checker: ExistenceChecker,
        estimate: float,
        *,
        average: bool,
    ) -> list[Model]:
        """BCa limits from replicates that each repeat the model choice (SCV24).

        Sets ``conf_int_`` and the bootstrap attributes; returns the models the
        replicates chose. ``n_top`` restricts every replicate's choice to that
        many best models of the data.
        """
        search = self.search_
        values = search.criterion(settings.criterion)
        if settings.n_top == 0:
            candidates = hierarchical_models(table.k, settings.max_order)
            check_budget(len(candidates), settings.n_boot, int(np.count_nonzero(table.counts)))
        else:
            candidates = top_models(search.models, values, settings.n_top)
        space = SearchSpace.of(table.k, candidates)

        def estimator(batch: FloatArray) -> tuple[FloatArray, list[Model]]:
            return select_many(
                batch, space, criterion=settings.criterion, average=average, checker=checker
            )

        self.n_candidates_ = len(candidates)
        return self._run_bootstrap(table, estimate, estimator, settings)

    def _extra_dict(self) -> dict[str, Any]:
        return {
            "search": {
                "n_top": self.settings_.n_top,
                "bootstrap_candidates": self.n_candidates_,
                "criterion": self.settings_.criterion,
                "max_order": self.settings_.max_order,
                "n_models": self.n_models_,
                "n_rejected": self.n_rejected_,
                "ranking": [r.__dict__ for r in self.ranking_],
            }
        }


class InformationCriterionMSE(_SearchEstimator):
    """The population estimate of the hierarchical model with the smallest AIC or BIC.

    As Rcapture's ``closedpMS.t`` followed by ``closedpCI.t`` on the chosen
    model (Baillargeon & Rivest 2007), and MultipleSystemsEstimation's BIC
    method (Silverman, Chan & Vincent 2024), with the extended MLE and the
    existence check of Chan, Silverman & Vincent (2021). Every hierarchical
    model with interactions up to ``max_order`` is fitted: two-way models for
    up to six lists (32,768 models for six), three-way for up to five.

    ``criterion`` is ``"bic"`` (``log(n_obs)`` per parameter, as Rcapture and
    MultipleSystemsEstimation) or ``"aic"``. Without bootstrap (``n_boot=0``,
    the default) ``conf_int_`` is the multinomial profile-likelihood interval
    of the chosen model (Wald if ``profile`` is false); neither allows for the
    model choice, so both are too narrow. With ``n_boot`` replicates it is the
    BCa interval of Silverman, Chan & Vincent (2024): every replicate chooses
    its own best model, among all models or, with ``n_top``, among the
    ``n_top`` best models of the data (their "top models" bootstrap), with
    ``seed`` and ``alpha`` as for :class:`StepwiseMSE`.
    Assumptions as for :class:`StepwiseMSE`.

    Extra fitted attributes: ``ranking_`` (best models with their estimates
    and weights), ``n_models_``, ``n_rejected_`` (models failing the check).
    """

    method = "information_criterion"

    def fit(self, table: OverlapTable) -> InformationCriterionMSE:
        """Fit every model, keep the best; returns ``self``."""
        with single_blas_thread():
            return self._fit(table)

    def _fit(self, table: OverlapTable) -> InformationCriterionMSE:
        settings = self.get_settings()
        table = self._validate_table(table)
        checker = ExistenceChecker(table.k)
        self._require_estimable(table, checker)
        result = self._search(table, settings, checker)
        best = result.models[result.best(settings.criterion)]
        fit = fit_counts(table.counts.astype(np.float64), table.lists, best)
        self.settings_ = settings
        self._set_point(table, fit, settings.confidence, settings.profile)
        if self.profile_conf_int_ is not None:
            self.conf_int_ = (self.profile_conf_int_.lower, self.profile_conf_int_.upper)
            self.interval_method_ = "profile"
        else:
            self.conf_int_ = self.wald_conf_int_
            self.interval_method_ = "wald"
        chosen: list[Model] = []
        if settings.n_boot > 0:
            chosen = self._bootstrap(table, settings, checker, fit.population_size, average=False)
        sensitivity = threshold_sensitivity(table, settings.sensitivity_thresholds, checker)
        self.diagnostics_ = diagnose(
            table,
            fit,
            interval=self.conf_int_,
            sensitivity=sensitivity,
            bootstrap_models=chosen,
        )
        return self


class ModelAveragedMSE(_SearchEstimator):
    """An average of the estimates of all hierarchical models, weighted by AIC or BIC.

    Weights are ``w_m = exp(-delta_m / 2) / sum exp(-delta / 2)`` over the
    models that pass the existence check (Buckland, Burnham & Augustin 1997;
    Burnham & Anderson 2002), ``delta_m`` being the criterion minus its
    minimum. ``population_size_`` is ``sum w_m N_m``. ``conf_int_`` is
    Buckland et al.'s unconditional interval on the log dark figure,
    ``n_obs + exp(theta_bar +/- z SE)`` with ``theta_bar = sum w_m theta_m``
    and ``SE = sum w_m sqrt(se_m^2 + (theta_m - theta_bar)^2)``: it adds the
    spread between models to each model's own uncertainty, unlike the
    model-conditional intervals. ``model_`` is the highest-weight model and
    the diagnostics refer to it. With ``n_boot`` replicates ``conf_int_`` is
    instead the BCa interval of the averaged estimate, each replicate averaging
    over its own weights (``n_top`` as for :class:`InformationCriterionMSE`).
    Extra attributes: ``weights_`` (label to weight, largest first, the ten
    largest), ``ranking_``.
    """

    method = "model_average"

    weights_: dict[str, float]

    def fit(self, table: OverlapTable) -> ModelAveragedMSE:
        """Fit every model and average; returns ``self``."""
        with single_blas_thread():
            return self._fit(table)

    def _fit(self, table: OverlapTable) -> ModelAveragedMSE:
        settings = self.get_settings()
        table = self._validate_table(table)
        checker = ExistenceChecker(table.k)
        self._require_estimable(table, checker)
        result = self._search(table, settings, checker)
        weights = result.weights(settings.criterion)
        best = result.models[int(np.argmax(weights))]
        y = table.counts.astype(np.float64)
        fit = fit_counts(y, table.lists, best)
        self.settings_ = settings
        self._set_point(table, fit, settings.confidence, settings.profile)
        n_obs = float(table.n_observed)
        dark = result.population_size - n_obs
        averaged = float(np.sum(weights * dark))
        theta = np.log(dark)
        theta_bar = float(np.sum(weights * theta))
        se = float(
            np.sum(weights * np.sqrt(result.log_dark_figure_se**2 + (theta - theta_bar) ** 2))
        )
        z = float(norm.ppf(0.5 + settings.confidence / 2))
        self.population_size_ = n_obs + averaged
        self.dark_figure_ = averaged
        self.conf_int_ = (
            n_obs + math.exp(theta_bar - z * se),
            n_obs + math.exp(theta_bar + z * se),
        )
        self.interval_method_ = "buckland"
        self.weights_ = {r.label: r.weight for r in self.ranking_}
        if settings.n_boot > 0:
            self._bootstrap(table, settings, checker, self.population_size_, average=True)
        sensitivity = threshold_sensitivity(table, settings.sensitivity_thresholds, checker)
        self.diagnostics_ = diagnose(table, fit, interval=self.conf_int_, sensitivity=sensitivity)
        return self

    def _extra_dict(self) -> dict[str, Any]:
        data = super()._extra_dict()
        data["weights"] = dict(self.weights_)
        return data
