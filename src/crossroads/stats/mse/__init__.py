"""Multiple Systems Estimation: how many people did no list see?

Several organisations each keep a list of the people they met (police,
NGOs, shelters, labour inspectors). Once the lists are linked, the overlap
table says how many people were on each combination of lists. The way the
lists overlap tells how many people were on none of them: the *dark figure*.
This package estimates it with Poisson log-linear models, as the reference R
packages SparseMSE / MultipleSystemsEstimation (Chan, Silverman & Vincent
2021; Silverman 2020; Silverman, Chan & Vincent 2024) and Rcapture
(Baillargeon & Rivest 2007) do, with the same answers and much faster.

Start with :class:`OverlapTable` (read from CSV) and :class:`StepwiseMSE`
(SparseMSE's default: stepwise model choice and a BCa bootstrap interval).
The assumptions, and when not to trust an estimate, are in
``docs/estimation.md``.
"""

from crossroads.stats.mse._base import MSEEstimator, NotFittedError
from crossroads.stats.mse._bootstrap import SPARSEMSE_ALPHA, bca_limits, quantile_type8
from crossroads.stats.mse._closed import (
    ClosedModelRow,
    ClosedPopulationMSE,
    closed_population_models,
)
from crossroads.stats.mse._closed_design import RCAPTURE_MODELS, ClosedModel, ClosedModelError
from crossroads.stats.mse._diagnostics import Diagnostics, EstimateWarning, SensitivityRow
from crossroads.stats.mse._estimate import PopulationEstimator, estimate, estimator_from_settings
from crossroads.stats.mse._estimators import StepwiseMSE
from crossroads.stats.mse._existence import ExistenceCheck
from crossroads.stats.mse._fit import (
    LoglinearFit,
    ModelNotEstimableError,
    check_existence,
    fit_loglinear,
)
from crossroads.stats.mse._ic import (
    InformationCriterionMSE,
    ModelAveragedMSE,
    RankedModel,
)
from crossroads.stats.mse._latent_class import MIN_ESS, RHAT_LIMIT, ChainSummary, LatentClassMSE
from crossroads.stats.mse._mcmc import effective_sample_size, split_rhat
from crossroads.stats.mse._parsing import MAX_LISTS, OverlapTableError
from crossroads.stats.mse._profile import ProfileInterval
from crossroads.stats.mse._settings import SENSITIVITY_THRESHOLDS, MSESettings, SettingsError
from crossroads.stats.mse._simple import TwoListEstimate, chapman, lincoln_petersen
from crossroads.stats.mse._simulate import simulate_latent_classes, simulate_overlap_table
from crossroads.stats.mse._table import OverlapTable, PatternRow

__all__ = [
    "MAX_LISTS",
    "MIN_ESS",
    "RCAPTURE_MODELS",
    "RHAT_LIMIT",
    "SENSITIVITY_THRESHOLDS",
    "SPARSEMSE_ALPHA",
    "ChainSummary",
    "ClosedModel",
    "ClosedModelError",
    "ClosedModelRow",
    "ClosedPopulationMSE",
    "Diagnostics",
    "EstimateWarning",
    "ExistenceCheck",
    "InformationCriterionMSE",
    "LatentClassMSE",
    "LoglinearFit",
    "MSEEstimator",
    "MSESettings",
    "ModelAveragedMSE",
    "ModelNotEstimableError",
    "NotFittedError",
    "OverlapTable",
    "OverlapTableError",
    "PatternRow",
    "PopulationEstimator",
    "ProfileInterval",
    "RankedModel",
    "SensitivityRow",
    "SettingsError",
    "StepwiseMSE",
    "TwoListEstimate",
    "bca_limits",
    "chapman",
    "check_existence",
    "closed_population_models",
    "effective_sample_size",
    "estimate",
    "estimator_from_settings",
    "fit_loglinear",
    "lincoln_petersen",
    "quantile_type8",
    "simulate_latent_classes",
    "simulate_overlap_table",
    "split_rhat",
]
