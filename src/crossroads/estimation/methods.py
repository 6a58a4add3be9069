"""The estimation methods analysts choose between, and the comparison of their answers.

The web page and ``crossroads estimate`` name methods the same way:

* ``stepwise`` - SparseMSE's default: stepwise choice of interactions and a
  BCa bootstrap that repeats the choice (the recommended default);
* ``aic`` / ``bic`` - the single best hierarchical model by AIC or BIC;
* ``averaged`` - every hierarchical model, weighted by its criterion.

Every estimate is also shown next to the answers of the other methods, and
of the independence model (main effects only: what one would get assuming
no list influences another), so an analyst sees how much the figure
depends on the method.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _

from crossroads.stats.mse import (
    MSEEstimator,
    MSESettings,
    OverlapTable,
    estimator_from_settings,
)

METHODS: dict[str, Any] = {
    "stepwise": _("Stepwise model choice with bootstrap (SparseMSE)"),
    "aic": _("Best model by AIC"),
    "bic": _("Best model by BIC"),
    "averaged": _("Model averaging"),
}
ALTERNATIVE_LABELS: dict[str, Any] = {
    "stepwise": _("Stepwise (SparseMSE)"),
    "aic": _("Best model, AIC"),
    "bic": _("Best model, BIC"),
    "averaged": _("Model averaging, BIC weights"),
    "averaged_aic": _("Model averaging, AIC weights"),
    "independence": _("Independence (main effects only)"),
}
# The same, short enough for the chart's row labels in every language.
CHART_LABELS: dict[str, Any] = {
    "stepwise": _("Stepwise"),
    "aic": "AIC",
    "bic": "BIC",
    "averaged": _("Averaged (BIC)"),
    "averaged_aic": _("Averaged (AIC)"),
    "independence": _("Independence"),
}
INTERVAL_LABELS: dict[str, Any] = {
    "bca": _("BCa bootstrap, model choice repeated"),
    "profile": _("profile likelihood, for the chosen model"),
    "wald": _("Wald, for the chosen model"),
    "buckland": _("model-averaged (Buckland)"),
}
#: The most lists for which every hierarchical model can be searched (AIC, BIC, averaging).
MAX_SEARCH_LISTS = 6

Progress = Callable[[int, int], None]
Criterion = Literal["aic", "bic"]


def _criterion(name: str) -> Criterion:
    if name == "aic":
        return "aic"
    if name == "bic":
        return "bic"
    raise ValueError(f"unknown criterion {name!r} (expected aic or bic)")


def mse_settings(
    method: str,
    *,
    pthresh: float = 0.02,
    n_boot: int = 1000,
    seed: int = 1234,
    confidence: float = 0.95,
    criterion: str = "bic",
) -> MSESettings:
    """The analysis settings for a method name of :data:`METHODS`."""
    if method == "stepwise":
        return MSESettings(
            method="stepwise", pthresh=pthresh, n_boot=n_boot, seed=seed, confidence=confidence
        )
    if method in ("aic", "bic"):
        return MSESettings(
            method="information_criterion",
            criterion=_criterion(method),
            n_boot=0,
            confidence=confidence,
        )
    if method == "averaged":
        return MSESettings(
            method="model_average", criterion=_criterion(criterion), n_boot=0, confidence=confidence
        )
    raise ValueError(f"unknown method {method!r} (expected one of {', '.join(METHODS)})")


def method_name(settings: MSESettings) -> str:
    """The method name of :data:`METHODS` that ``settings`` describe."""
    if settings.method == "stepwise":
        return "stepwise"
    if settings.method == "information_criterion":
        return settings.criterion
    return "averaged"


def fit(
    table: OverlapTable, settings: MSESettings, progress: Progress | None = None
) -> MSEEstimator:
    """Fit the estimator that ``settings`` describe."""
    return estimator_from_settings(settings, progress).fit(table)


def _row(key: str, estimator: MSEEstimator | None, error: str = "") -> dict[str, Any]:
    if estimator is None:
        return {"key": key, "error": error}
    lower, upper = estimator.conf_int_
    return {
        "key": key,
        "population_size": estimator.population_size_,
        "lower": lower,
        "upper": upper if math.isfinite(upper) else None,
        "interval": estimator.interval_method_,
        "model": estimator.model_.label,
        "error": "",
    }


def compare(table: OverlapTable, settings: MSESettings, main: MSEEstimator) -> list[dict[str, Any]]:
    """The main estimate and the alternatives' answers, JSON-ready, in a fixed order.

    Alternatives are point estimates with model-conditional intervals (no
    bootstrap), which is quick; the main estimate keeps its own interval. A
    method that cannot run on this table gets a row with its reason.
    """
    chosen = method_name(settings)
    if chosen == "averaged" and settings.criterion == "aic":
        chosen = "averaged_aic"
    rows = []
    for key in ("stepwise", "aic", "bic", "averaged", "independence"):
        if key == chosen:
            rows.append({**_row(key, main), "main": True})
            continue
        if key in ("aic", "bic", "averaged") and table.k > MAX_SEARCH_LISTS:
            reason = str(_("not available for more than six lists (too many models to search)"))
            rows.append({**_row(key, None, reason), "main": False})
            continue
        alternative = (
            MSESettings(method="stepwise", pthresh=0.0, n_boot=0, confidence=settings.confidence)
            if key == "independence"
            else mse_settings(
                key, pthresh=settings.pthresh, n_boot=0, confidence=settings.confidence
            )
        )
        alternative = MSESettings.from_dict(
            {**alternative.to_dict(), "profile": True, "sensitivity_thresholds": []}
        )
        try:
            rows.append({**_row(key, fit(table, alternative)), "main": False})
        except (ValueError, ArithmeticError) as error:
            rows.append({**_row(key, None, str(error)), "main": False})
    if not any(row["main"] for row in rows):
        rows.insert(0, {**_row(chosen, main), "main": True})
    return rows
