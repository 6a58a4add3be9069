"""The analysis specification: a typed, validated, serialisable record.

A published estimate names its settings; storing them with the overlap table
is enough to reproduce it exactly (same seed, same numbers).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from crossroads.stats.mse._bootstrap import SPARSEMSE_ALPHA
from crossroads.stats.mse._closed_design import ClosedModel, ClosedModelError

Method = Literal[
    "stepwise", "information_criterion", "model_average", "closed_population", "latent_class"
]
METHODS: tuple[str, ...] = (
    "stepwise",
    "information_criterion",
    "model_average",
    "closed_population",
    "latent_class",
)
Criterion = Literal["aic", "bic"]

#: The thresholds of Chan, Silverman & Vincent's (2021) simulation study.
SENSITIVITY_THRESHOLDS: tuple[float, ...] = (0.0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 1.0)

SETTINGS_VERSION = 1


class SettingsError(ValueError):
    """An invalid analysis specification."""


def _whole(name: str, value: int, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise SettingsError(f"{name} must be a whole number >= {minimum}, got {value!r}")


def _probability(name: str, value: float, *, closed: bool) -> float:
    number = float(value)
    ok = 0.0 <= number <= 1.0 if closed else 0.0 < number < 1.0
    if not math.isfinite(number) or not ok:
        interval = "[0, 1]" if closed else "(0, 1)"
        raise SettingsError(f"{name} must lie in {interval}, got {value!r}")
    return number


@dataclass(frozen=True)
class MSESettings:
    """How an MSE estimate is computed.

    * ``method``: ``"stepwise"`` (SparseMSE's default), ``"information_criterion"``
      (best model by AIC or BIC over all hierarchical models),
      ``"model_average"`` (all those models weighted by the criterion),
      ``"closed_population"`` (one of Rcapture's models M0 ... Mbh, named by
      ``closed_model``) or ``"latent_class"`` (LCMCR's Bayesian latent-class model).
    * ``pthresh``: stepwise p-value threshold in [0, 1]; SparseMSE's 0.02.
    * ``criterion``, ``max_order``: the criterion and the highest interaction
      order (2, or 3 for at most five lists) for the model searches.
    * ``n_boot``: bootstrap replicates for BCa limits (0 = none), for the
      stepwise, information-criterion and model-average methods.
    * ``n_top``: for the information-criterion and model-average bootstraps,
      re-select only among the ``n_top`` best models of the data (Silverman,
      Chan & Vincent 2024); 0 re-selects among every model.
    * ``closed_model``: the closed-population model's key (``"mth_chao"``,
      ``"mh_darroch"``, ``"mb"``...).
    * ``latent_classes``, ``prior``: the latent-class model's largest number of
      classes ``K`` and the Gamma(a, b) prior of the stick-breaking
      concentration (LCMCR's 10 and (0.25, 0.25)).
    * ``burn_in``, ``samples``, ``thinning``, ``chains``: the latent-class
      sampler's iterations discarded, draws kept per chain, iterations per
      kept draw and independent chains (the ``seed`` seeds them all).
    * ``alpha``: cumulative levels at which BCa limits are reported.
    * ``confidence``: level of the reported two-sided intervals.
    * ``seed``: seed of ``numpy.random.default_rng`` for the bootstrap.
    * ``profile``: also compute the profile-likelihood interval.
    * ``sensitivity_thresholds``: pthresh values for the sensitivity table.
    """

    method: Method = "stepwise"
    pthresh: float = 0.02
    criterion: Criterion = "bic"
    max_order: int = 2
    n_boot: int = 1000
    alpha: tuple[float, ...] = SPARSEMSE_ALPHA
    confidence: float = 0.95
    seed: int = 1234
    profile: bool = True
    sensitivity_thresholds: tuple[float, ...] = SENSITIVITY_THRESHOLDS
    n_top: int = 0
    closed_model: str = "mth_chao"
    latent_classes: int = 10
    prior: tuple[float, float] = (0.25, 0.25)
    burn_in: int = 10000
    samples: int = 1000
    thinning: int = 100
    chains: int = 4

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise SettingsError(
                "method must be one of "
                + ", ".join(repr(m) for m in METHODS)
                + f", got {self.method!r}"
            )
        _probability("pthresh", self.pthresh, closed=True)
        if self.criterion not in ("aic", "bic"):
            raise SettingsError(f"criterion must be 'aic' or 'bic', got {self.criterion!r}")
        if isinstance(self.max_order, bool) or self.max_order not in (1, 2, 3):
            raise SettingsError(f"max_order must be 1, 2 or 3, got {self.max_order!r}")
        if isinstance(self.n_boot, bool) or not isinstance(self.n_boot, int) or self.n_boot < 0:
            raise SettingsError(f"n_boot must be a whole number >= 0, got {self.n_boot!r}")
        if 0 < self.n_boot < 10:
            raise SettingsError(f"n_boot must be 0 or at least 10, got {self.n_boot}")
        object.__setattr__(self, "alpha", tuple(float(a) for a in self.alpha))
        if not self.alpha:
            raise SettingsError("alpha must list at least one level")
        for level in self.alpha:
            _probability("each alpha level", level, closed=False)
        _probability("confidence", self.confidence, closed=False)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise SettingsError(f"seed must be a whole number >= 0, got {self.seed!r}")
        if not isinstance(self.profile, bool):
            raise SettingsError(f"profile must be true or false, got {self.profile!r}")
        object.__setattr__(
            self, "sensitivity_thresholds", tuple(float(t) for t in self.sensitivity_thresholds)
        )
        for threshold in self.sensitivity_thresholds:
            _probability("each sensitivity threshold", threshold, closed=True)
        _whole("n_top", self.n_top, 0)
        try:
            ClosedModel.from_key(self.closed_model)
        except ClosedModelError as error:
            raise SettingsError(str(error)) from None
        _whole("latent_classes", self.latent_classes, 2)
        object.__setattr__(self, "prior", tuple(float(p) for p in self.prior))
        if len(self.prior) != 2 or not all(math.isfinite(p) and p > 0 for p in self.prior):
            raise SettingsError(f"prior must be two positive numbers (a, b), got {self.prior!r}")
        _whole("burn_in", self.burn_in, 0)
        _whole("samples", self.samples, 10)
        _whole("thinning", self.thinning, 1)
        _whole("chains", self.chains, 1)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, with a format version."""
        data = asdict(self)
        data["alpha"] = list(self.alpha)
        data["sensitivity_thresholds"] = list(self.sensitivity_thresholds)
        data["prior"] = list(self.prior)
        data["version"] = SETTINGS_VERSION
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MSESettings:
        """Inverse of :meth:`to_dict`; unknown keys are an error."""
        values = dict(data)
        version = values.pop("version", SETTINGS_VERSION)
        if version != SETTINGS_VERSION:
            raise SettingsError(f"unsupported settings version {version!r}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise SettingsError("unknown settings: " + ", ".join(unknown))
        for key in ("alpha", "sensitivity_thresholds", "prior"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> MSESettings:
        return cls.from_dict(json.loads(text))
