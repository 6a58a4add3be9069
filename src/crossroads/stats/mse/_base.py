"""What every MSE estimator shares: fitted attributes, summary and reporting."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from crossroads.stats.mse._bootstrap import BatchEstimator, run_bootstrap
from crossroads.stats.mse._diagnostics import Diagnostics, SensitivityRow
from crossroads.stats.mse._existence import ExistenceChecker
from crossroads.stats.mse._fit import LoglinearFit, ModelNotEstimableError
from crossroads.stats.mse._profile import ProfileInterval, profile_interval
from crossroads.stats.mse._settings import MSESettings
from crossroads.stats.mse._stepwise import stepwise_batch
from crossroads.stats.mse._table import OverlapTable
from crossroads.stats.mse._terms import Model, model_label

Progress = Callable[[int, int], None]


class NotFittedError(RuntimeError):
    """A fitted attribute was read before ``fit`` was called."""


def json_safe(value: Any) -> Any:
    """Recursively replace non-finite floats by ``None`` and NumPy scalars by Python ones."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def profile_dict(profile: ProfileInterval | None) -> dict[str, Any] | None:
    """A profile-likelihood interval, JSON-ready."""
    if profile is None:
        return None
    return {
        "confidence": profile.confidence,
        "lower": profile.lower,
        "upper": profile.upper,
        "multinomial_estimate": profile.estimate,
        "upper_found": profile.upper_found,
    }


def result_head(
    method: str, table: OverlapTable, population_size: float, dark_figure: float
) -> dict[str, Any]:
    """The keys every estimator's ``to_dict`` opens with."""
    return {
        "method": method,
        "population_size": population_size,
        "dark_figure": dark_figure,
        "n_observed": table.n_observed,
        "lists": list(table.lists),
    }


def _interval_dict(bounds: tuple[float, float] | None, confidence: float) -> dict[str, Any] | None:
    if bounds is None:
        return None
    return {"confidence": confidence, "lower": bounds[0], "upper": bounds[1]}


class MSEEstimator:
    """Base class: settings in ``__init__``, results (ending in ``_``) after :meth:`fit`."""

    method: str = ""
    progress: Progress | None = None

    table_: OverlapTable
    model_: LoglinearFit
    population_size_: float
    dark_figure_: float
    n_observed_: int
    selected_terms_: tuple[str, ...]
    conf_int_: tuple[float, float]
    interval_method_: str
    wald_conf_int_: tuple[float, float]
    profile_conf_int_: ProfileInterval | None
    bootstrap_estimates_: npt.NDArray[np.float64] | None
    bca_quantiles_: dict[float, float]
    acceleration_: float | None
    bias_correction_: float | None
    diagnostics_: Diagnostics
    settings_: MSESettings

    def get_settings(self) -> MSESettings:
        """The analysis specification of this estimator."""
        raise NotImplementedError

    def _check_fitted(self) -> None:
        if not hasattr(self, "population_size_"):
            raise NotFittedError(f"{type(self).__name__} is not fitted yet; call fit(table) first")

    @staticmethod
    def _validate_table(table: object) -> OverlapTable:
        if not isinstance(table, OverlapTable):
            raise TypeError(
                "fit() expects an OverlapTable (see OverlapTable.from_csv), "
                f"got {type(table).__name__}"
            )
        return table

    @staticmethod
    def _require_estimable(table: OverlapTable, checker: ExistenceChecker) -> None:
        """Stop early when not even the main-effects model has an estimate.

        SparseMSE fits that model without checking and reports whatever R's
        ``glm`` stops at; here such a table is an error with a reason.
        """
        check = checker.check(table.counts.astype(np.float64), ())
        if check.ok:
            return
        sizes = table.list_sizes()
        if all(table.overlap(i, j) == 0 for i in range(table.k) for j in range(i + 1, table.k)):
            hint = "No two lists share anyone, so the overlaps say nothing about who is missed."
        elif any(size == table.n_observed for size in sizes.values()):
            hint = "One list holds everyone observed, so the other lists cannot show who it missed."
        else:
            hint = "The lists overlap too little for any log-linear model."
        raise ModelNotEstimableError("[main effects]", check, hint)

    def _set_point(
        self, table: OverlapTable, fit: LoglinearFit, confidence: float, profile: bool
    ) -> None:
        self.table_ = table
        self.model_ = fit
        self.population_size_ = fit.population_size
        self.dark_figure_ = fit.dark_figure
        self.n_observed_ = fit.n_observed
        self.selected_terms_ = fit.terms
        self.wald_conf_int_ = fit.wald_conf_int(confidence)
        self.profile_conf_int_ = (
            profile_interval(
                table.counts.astype(np.float64),
                table.lists,
                fit.model,
                fit.population_size,
                confidence=confidence,
            )
            if profile
            else None
        )
        self.bootstrap_estimates_ = None
        self.bca_quantiles_ = {}
        self.acceleration_ = None
        self.bias_correction_ = None

    def summary(self) -> dict[str, Any]:
        """A JSON-serialisable report; the point estimate is under ``population_size``."""
        return self.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable results, settings and input table (non-finite numbers become null)."""
        self._check_fitted()
        settings = self.settings_
        fit = self.model_
        intervals: dict[str, Any] = {
            "wald": _interval_dict(self.wald_conf_int_, settings.confidence),
            "profile": profile_dict(self.profile_conf_int_),
        }
        if self.bca_quantiles_:
            intervals["bca"] = _interval_dict(self.conf_int_, settings.confidence)
        data: dict[str, Any] = {
            **result_head(self.method, self.table_, self.population_size_, self.dark_figure_),
            "model": {
                "label": fit.label,
                "rcapture_label": fit.rcapture_label,
                "terms": list(self.selected_terms_),
                "coefficients": fit.coefficients,
                "standard_errors": fit.standard_errors,
                "probability_empty": fit.probability_empty,
                "deviance": fit.deviance,
                "df_resid": fit.df_resid,
                "aic": fit.aic,
                "bic": fit.bic,
                "rcapture_stderr": fit.rcapture_stderr,
            },
            "conf_int": {
                **(_interval_dict(self.conf_int_, settings.confidence) or {}),
                "method": self.interval_method_,
            },
            "intervals": intervals,
            "bca_quantiles": {str(a): v for a, v in self.bca_quantiles_.items()},
            "bootstrap": None
            if self.bootstrap_estimates_ is None
            else {
                "n_boot": int(self.bootstrap_estimates_.size),
                "acceleration": self.acceleration_,
                "bias_correction": self.bias_correction_,
                "seed": settings.seed,
            },
            "diagnostics": self.diagnostics_.to_dict(),
            "settings": settings.to_dict(),
            "table": self.table_.to_dict(),
        }
        data.update(self._extra_dict())
        result: dict[str, Any] = json_safe(data)
        return result

    def _extra_dict(self) -> dict[str, Any]:
        return {}

    def _run_bootstrap(
        self,
        table: OverlapTable,
        estimate: float,
        estimator: BatchEstimator,
        settings: MSESettings,
    ) -> list[Model]:
        """BCa limits from ``settings.n_boot`` replicates of ``estimator``; sets ``conf_int_``.

        Also sets ``bootstrap_estimates_``, ``bca_quantiles_``,
        ``acceleration_`` and ``bias_correction_``; returns the replicates' models.
        """
        tail = (1 - settings.confidence) / 2
        levels = tuple(dict.fromkeys((*settings.alpha, tail, 1 - tail)))
        boot = run_bootstrap(
            table.counts,
            estimate,
            estimator,
            n_boot=settings.n_boot,
            alpha=levels,
            seed=settings.seed,
            progress=self.progress,
        )
        self.bootstrap_estimates_ = boot.estimates
        self.bca_quantiles_ = {a: boot.quantiles[a] for a in settings.alpha}
        self.acceleration_ = boot.acceleration
        self.bias_correction_ = boot.bias_correction
        self.conf_int_ = (boot.quantiles[tail], boot.quantiles[1 - tail])
        self.interval_method_ = "bca"
        return boot.models


def threshold_sensitivity(
    table: OverlapTable, thresholds: tuple[float, ...], checker: ExistenceChecker
) -> tuple[SensitivityRow, ...]:
    """Stepwise estimates of ``table`` at each selection threshold."""
    if not thresholds:
        return ()
    y = np.tile(table.counts.astype(np.float64), (len(thresholds), 1))
    rows = []
    for r, threshold in enumerate(thresholds):
        result = stepwise_batch(y[r : r + 1], table.k, threshold, checker)
        rows.append(
            SensitivityRow(
                threshold, float(result.estimates[0]), model_label(result.models[0], table.lists)
            )
        )
    return tuple(rows)
