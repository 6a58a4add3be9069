"""The estimator a stored analysis specification describes, and the one-call ``estimate``."""

from __future__ import annotations

from crossroads.stats.mse._base import Progress
from crossroads.stats.mse._closed import ClosedPopulationMSE
from crossroads.stats.mse._estimators import StepwiseMSE
from crossroads.stats.mse._ic import InformationCriterionMSE, ModelAveragedMSE
from crossroads.stats.mse._latent_class import LatentClassMSE
from crossroads.stats.mse._settings import MSESettings
from crossroads.stats.mse._table import OverlapTable

#: Every estimator that a stored :class:`MSESettings` can describe. They share
#: ``population_size_``, ``dark_figure_``, ``n_observed_``, ``conf_int_``,
#: ``interval_method_``, ``diagnostics_``, ``settings_`` and ``to_dict()``.
PopulationEstimator = (
    StepwiseMSE | InformationCriterionMSE | ModelAveragedMSE | ClosedPopulationMSE | LatentClassMSE
)


def estimator_from_settings(
    settings: MSESettings, progress: Progress | None = None
) -> PopulationEstimator:
    """The unfitted estimator that a stored :class:`MSESettings` describes."""
    if settings.method == "latent_class":
        return LatentClassMSE(
            classes=settings.latent_classes,
            prior=(settings.prior[0], settings.prior[1]),
            burn_in=settings.burn_in,
            samples=settings.samples,
            thinning=settings.thinning,
            chains=settings.chains,
            seed=settings.seed,
            confidence=settings.confidence,
            progress=progress,
        )
    if settings.method == "closed_population":
        return ClosedPopulationMSE(
            settings.closed_model, confidence=settings.confidence, profile=settings.profile
        )
    if settings.method == "stepwise":
        return StepwiseMSE(
            pthresh=settings.pthresh,
            n_boot=settings.n_boot,
            alpha=settings.alpha,
            confidence=settings.confidence,
            seed=settings.seed,
            profile=settings.profile,
            sensitivity_thresholds=settings.sensitivity_thresholds,
            progress=progress,
        )
    cls = (
        InformationCriterionMSE if settings.method == "information_criterion" else ModelAveragedMSE
    )
    return cls(
        criterion=settings.criterion,
        max_order=settings.max_order,
        n_boot=settings.n_boot,
        n_top=settings.n_top,
        alpha=settings.alpha,
        seed=settings.seed,
        confidence=settings.confidence,
        profile=settings.profile,
        sensitivity_thresholds=settings.sensitivity_thresholds,
        progress=progress,
    )


def estimate(
    table: OverlapTable, settings: MSESettings | None = None, progress: Progress | None = None
) -> PopulationEstimator:
    """Fit the estimator described by ``settings`` (default: SparseMSE's) to ``table``."""
    return estimator_from_settings(settings or MSESettings(), progress).fit(table)
