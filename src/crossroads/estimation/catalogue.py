"""The catalogue of estimation methods, by the names the page and the CLI share.

* ``stepwise`` - SparseMSE's default: stepwise choice of interactions and a
  BCa bootstrap that repeats the choice (the recommended default);
* ``aic`` / ``bic`` - the best hierarchical model by AIC or BIC, and
  ``averaged`` - every hierarchical model weighted by its criterion; with
  bootstrap replicates, each replicate repeats the choice (among the
  ``n_top`` best models of the data when there are many);
* ``latent_class`` - the Bayesian latent-class model of LCMCR;
* Rcapture's closed-population models by their keys: ``m0``, ``mt``,
  ``mh_chao`` ... ``mth_gamma``, ``mb``, ``mbh``.

The comparison of all methods on one table is in :mod:`.comparison`; the
runner reaches both through :mod:`.methods`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _

from crossroads.stats.mse import (
    RCAPTURE_MODELS,
    MSESettings,
    OverlapTable,
    PopulationEstimator,
    estimator_from_settings,
)

LOGLINEAR = ("stepwise", "aic", "bic", "averaged")
CLOSED = tuple(model.key for model in RCAPTURE_MODELS)
METHODS: dict[str, Any] = {
    "stepwise": _("Stepwise model choice with bootstrap (SparseMSE)"),
    "aic": _("Best model by AIC"),
    "bic": _("Best model by BIC"),
    "averaged": _("Model averaging"),
    "latent_class": _("Latent classes, Bayesian (LCMCR)"),
    "m0": _("M0: everyone equally likely on every list"),
    "mt": _("Mt: lists differ, independent (Rcapture)"),
    "mh_chao": _("Mh Chao: people differ, lower bound"),
    "mh_poisson": _("Mh Poisson2: people differ"),
    "mh_darroch": _("Mh Darroch: people differ"),
    "mh_gamma": _("Mh Gamma3.5: people differ"),
    "mth_chao": _("Mth Chao: lists and people differ, lower bound"),
    "mth_poisson": _("Mth Poisson2: lists and people differ"),
    "mth_darroch": _("Mth Darroch: lists and people differ"),
    "mth_gamma": _("Mth Gamma3.5: lists and people differ"),
    "mb": _("Mb: being on a list changes the chance of later lists"),
    "mbh": _("Mbh: behavioural response and heterogeneity"),
}
#: The methods grouped for the form's drop-down list.
METHOD_GROUPS: list[tuple[Any, tuple[str, ...]]] = [
    (_("Log-linear models"), LOGLINEAR),
    (
        _("People differ in how easy they are to find"),
        (
            "latent_class",
            *("mth_chao", "mth_poisson", "mth_darroch", "mth_gamma"),
            *("mh_chao", "mh_poisson", "mh_darroch", "mh_gamma"),
        ),
    ),
    (_("Lists in time order"), ("mb", "mbh")),
    (_("Baselines"), ("m0", "mt")),
]
INTERVAL_LABELS: dict[str, Any] = {
    "bca": _("BCa bootstrap, model choice repeated"),
    "profile": _("profile likelihood, for the chosen model"),
    "wald": _("Wald, for the chosen model"),
    "buckland": _("model-averaged (Buckland)"),
    "credible": _("Bayesian credible interval"),
}
#: The most lists for which every hierarchical model can be searched (AIC, BIC, averaging).
MAX_SEARCH_LISTS = 6
#: Bootstraps of the searches re-select among every model up to this many models (four
#: lists, three-list terms included); above it, among the best TOP_MODELS of the data.
FULL_RESELECTION_MODELS = 113
TOP_MODELS = 20
#: Searches take three-list interactions into account up to this many lists.
MAX_ORDER_3_LISTS = 5

Progress = Callable[[int, int], None]
Criterion = Literal["aic", "bic"]


def _criterion(name: str) -> Criterion:
    if name == "aic":
        return "aic"
    if name == "bic":
        return "bic"
    raise ValueError(f"unknown criterion {name!r} (expected aic or bic)")


def search_models_count(n_lists: int, max_order: int) -> int:
    """How many hierarchical models a search over ``n_lists`` lists fits."""
    if max_order >= 3 and n_lists <= MAX_ORDER_3_LISTS:
        return {2: 2, 3: 8, 4: 113, 5: 6212}.get(n_lists, 0)
    return int(2 ** (n_lists * (n_lists - 1) // 2))


def default_top_models(n_lists: int, max_order: int) -> int:
    """0 (re-select among every model) for small searches, :data:`TOP_MODELS` otherwise."""
    return 0 if search_models_count(n_lists, max_order) <= FULL_RESELECTION_MODELS else TOP_MODELS


def mse_settings(
    method: str,
    *,
    pthresh: float = 0.02,
    n_boot: int = 1000,
    seed: int = 1234,
    confidence: float = 0.95,
    criterion: str = "bic",
    max_order: int = 2,
    n_top: int | None = None,
    n_lists: int | None = None,
    latent: dict[str, Any] | None = None,
) -> MSESettings:
    """The analysis settings for a method name of :data:`METHODS`.

    ``n_top`` defaults from ``n_lists`` (see :func:`default_top_models`);
    ``latent`` may set the latent-class sampler's ``burn_in``, ``samples``,
    ``thinning``, ``chains``, ``latent_classes`` and ``prior``.
    """
    if method == "stepwise":
        return MSESettings(
            method="stepwise", pthresh=pthresh, n_boot=n_boot, seed=seed, confidence=confidence
        )
    if method in ("aic", "bic", "averaged"):
        top = n_top if n_top is not None else default_top_models(n_lists or 0, max_order)
        return MSESettings(
            method="information_criterion" if method != "averaged" else "model_average",
            criterion=_criterion(method if method != "averaged" else criterion),
            max_order=max_order,
            n_boot=n_boot,
            n_top=top,
            seed=seed,
            confidence=confidence,
        )
    if method == "latent_class":
        return MSESettings(
            method="latent_class", n_boot=0, seed=seed, confidence=confidence, **(latent or {})
        )
    if method in CLOSED:
        return MSESettings(
            method="closed_population",
            closed_model=method,
            n_boot=0,
            confidence=confidence,
            sensitivity_thresholds=(),
        )
    raise ValueError(f"unknown method {method!r} (expected one of {', '.join(METHODS)})")


def method_name(settings: MSESettings) -> str:
    """The method name of :data:`METHODS` that ``settings`` describe."""
    if settings.method == "stepwise":
        return "stepwise"
    if settings.method == "information_criterion":
        return settings.criterion
    if settings.method == "closed_population":
        return settings.closed_model
    if settings.method == "latent_class":
        return "latent_class"
    return "averaged"


def fit(
    table: OverlapTable, settings: MSESettings, progress: Progress | None = None
) -> PopulationEstimator:
    """Fit the estimator that ``settings`` describe."""
    return estimator_from_settings(settings, progress).fit(table)
