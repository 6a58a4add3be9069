"""Rcapture's closed-population models: heterogeneous catchability and behavioural response."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import norm

from crossroads.stats.mse._base import json_safe, profile_dict, result_head
from crossroads.stats.mse._closed_design import (
    RCAPTURE_MODELS,
    ClosedFit,
    ClosedModel,
    fit_closed,
)
from crossroads.stats.mse._closed_profile import closed_profile_interval
from crossroads.stats.mse._diagnostics import (
    Diagnostics,
    EstimateWarning,
    common_warnings,
    goodness_of_fit,
    plain_diagnostics,
)
from crossroads.stats.mse._profile import ProfileInterval
from crossroads.stats.mse._settings import MSESettings
from crossroads.stats.mse._table import OverlapTable
from crossroads.stats.mse._threads import single_blas_thread


class ClosedPopulationMSE:
    """Population size under one of Rcapture's closed-population models.

    The models of ``closedp.t`` and ``closedpCI.t`` (Baillargeon & Rivest
    2007; Rivest & Lévesque 2001; Chao 1987; Darroch et al. 1993), fitted as
    Poisson log-linear models on the overlap table, with the lists taken as
    capture occasions in column order (see ``_closed_design`` for each
    design):

    * ``"m0"``, ``"mt"``: equal catchability; ``mt`` is the independence model;
    * ``"mh_chao"``, ``"mh_poisson"``, ``"mh_darroch"``, ``"mh_gamma"``:
      people differ in catchability, the same way on every list (Chao's lower
      bound, Poisson2, Darroch, Gamma3.5);
    * ``"mth_..."``: lists differ *and* people differ;
    * ``"mb"``, ``"mbh"``: being on a list changes the chance of being on the
      later lists (behavioural response; meaningful only when the list order
      is a time order).

    Assumptions: a closed population and perfect linkage; Mh and Mth assume
    that heterogeneity acts alike on every list (no list-specific dependence),
    and their estimates grow with the assumed tail of hard-to-catch people
    (Chao's is a lower bound, Gamma3.5 the most generous). ``conf_int_`` is
    the multinomial profile-likelihood interval (``profile=True``, Rcapture's
    ``closedpCI.t``; model-conditional) or ``N +/- z se`` otherwise.

    Fitted attributes: ``population_size_``, ``dark_figure_``,
    ``n_observed_``, ``stderr_`` (Rcapture's delta-method standard error),
    ``conf_int_``, ``interval_method_``, ``profile_conf_int_``, ``model_``
    (the :class:`ClosedFit`), ``diagnostics_``, ``settings_``.
    """

    method = "closed_population"

    def __init__(
        self, model: str = "mth_chao", *, confidence: float = 0.95, profile: bool = True
    ) -> None:
        self.model = model
        self.confidence = confidence
        self.profile = profile

    population_size_: float
    dark_figure_: float
    n_observed_: int
    stderr_: float
    conf_int_: tuple[float, float]
    interval_method_: str
    profile_conf_int_: ProfileInterval | None
    model_: ClosedFit
    diagnostics_: Diagnostics
    settings_: MSESettings
    table_: OverlapTable

    def get_settings(self) -> MSESettings:
        return MSESettings(
            method="closed_population",
            closed_model=self.model,
            n_boot=0,
            confidence=self.confidence,
            profile=self.profile,
            sensitivity_thresholds=(),
        )

    def fit(self, table: OverlapTable) -> ClosedPopulationMSE:
        """Fit the model and its interval; returns ``self``."""
        if not isinstance(table, OverlapTable):
            raise TypeError(f"fit() expects an OverlapTable, got {type(table).__name__}")
        settings = self.get_settings()
        model = ClosedModel.from_key(settings.closed_model)
        y = table.counts.astype(np.float64)
        with single_blas_thread():
            fit = fit_closed(y, table.lists, model)
            if not math.isfinite(fit.population_size):
                raise ValueError(
                    f"model {model.label} has no finite estimate for this table (the fitted "
                    "chance of a first capture falls to zero)"
                )
            self.profile_conf_int_ = (
                closed_profile_interval(y, fit, confidence=settings.confidence)
                if settings.profile
                else None
            )
        self.table_ = table
        self.settings_ = settings
        self.model_ = fit
        self.population_size_ = fit.population_size
        self.dark_figure_ = fit.dark_figure
        self.n_observed_ = fit.n_observed
        self.stderr_ = fit.stderr
        if self.profile_conf_int_ is not None:
            self.conf_int_ = (self.profile_conf_int_.lower, self.profile_conf_int_.upper)
            self.interval_method_ = "profile"
        else:
            half = float(norm.ppf(0.5 + settings.confidence / 2)) * fit.stderr
            self.conf_int_ = (
                max(float(fit.n_observed), fit.population_size - half),
                fit.population_size + half,
            )
            self.interval_method_ = "wald"
        self.diagnostics_ = closed_diagnostics(table, fit, self.conf_int_)
        return self

    def summary(self) -> dict[str, Any]:
        return self.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable results, in the layout of the log-linear estimators."""
        fit = self.model_
        lower, upper = self.conf_int_
        data = {
            **result_head(self.method, self.table_, self.population_size_, self.dark_figure_),
            "model": {
                "label": fit.label,
                "key": fit.model.key,
                "terms": [],
                "coefficients": fit.coefficients,
                "removed": list(fit.removed),
                "deviance": fit.deviance,
                "df_resid": fit.df_resid,
                "aic": fit.aic,
                "bic": fit.bic,
                "rcapture_stderr": fit.stderr,
            },
            "conf_int": {
                "confidence": self.settings_.confidence,
                "lower": lower,
                "upper": upper,
                "method": self.interval_method_,
            },
            "intervals": {"profile": profile_dict(self.profile_conf_int_)},
            "diagnostics": self.diagnostics_.to_dict(),
            "settings": self.settings_.to_dict(),
            "table": self.table_.to_dict(),
        }
        result: dict[str, Any] = json_safe(data)
        return result


def closed_diagnostics(
    table: OverlapTable, fit: ClosedFit, interval: tuple[float, float]
) -> Diagnostics:
    """Fit and warnings of a closed-population model, in the shared layout."""
    gof = goodness_of_fit(fit.deviance, fit.df_resid)
    warnings = common_warnings(
        table,
        dark_figure=fit.dark_figure,
        deviance=fit.deviance,
        df_resid=fit.df_resid,
        gof=gof,
        interval=interval,
        converged=fit.converged,
    )
    if fit.model.behavioural:
        warnings.append(
            EstimateWarning(
                "list_order_assumed",
                "Behavioural-response models read the lists as capture occasions in column "
                "order; the estimate means nothing unless that order is a time order.",
            )
        )
    return plain_diagnostics(
        table, deviance=fit.deviance, df_resid=fit.df_resid, gof=gof, warnings=warnings
    )


@dataclass(frozen=True)
class ClosedModelRow:
    """One row of :func:`closed_population_models` (Rcapture's ``closedp.t`` table)."""

    key: str
    label: str
    population_size: float
    stderr: float
    deviance: float
    df_resid: int
    aic: float
    bic: float
    error: str = ""


def closed_population_models(table: OverlapTable) -> list[ClosedModelRow]:
    """All twelve models of Rcapture's ``closedp.t`` fitted to ``table`` (no interval).

    With two lists only M0, Mt and Mb are fitted, as in Rcapture. A model
    that cannot be fitted gets a row with the reason in ``error``.
    """
    y = table.counts.astype(np.float64)
    rows = []
    models = [m for m in RCAPTURE_MODELS if table.k > 2 or m.kind in ("M0", "Mt", "Mb")]
    with single_blas_thread():
        for model in models:
            try:
                fit = fit_closed(y, table.lists, model)
            except (ValueError, ArithmeticError, np.linalg.LinAlgError) as error:
                nan = math.nan
                rows.append(
                    ClosedModelRow(model.key, model.label, nan, nan, nan, 0, nan, nan, str(error))
                )
                continue
            rows.append(
                ClosedModelRow(
                    model.key,
                    model.label,
                    fit.population_size,
                    fit.stderr,
                    fit.deviance,
                    fit.df_resid,
                    fit.aic,
                    fit.bic,
                )
            )
    return rows
