"""The Bayesian non-parametric latent-class estimator (LCMCR), with convergence diagnostics."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from crossroads.stats.mse._base import Progress, json_safe, result_head
from crossroads.stats.mse._diagnostics import (
    Diagnostics,
    EstimateWarning,
    common_warnings,
    plain_diagnostics,
)
from crossroads.stats.mse._lcmcr import LatentClassSampler, SamplerOutput
from crossroads.stats.mse._mcmc import effective_sample_size, split_rhat
from crossroads.stats.mse._settings import MSESettings
from crossroads.stats.mse._table import OverlapTable

#: R-hat above this means the chains have not mixed (Vehtari et al. 2021 suggest 1.01;
#: 1.05 is the older, common threshold for a warning).
RHAT_LIMIT = 1.05
#: Fewer effective draws than this make the interval's ends unreliable.
MIN_ESS = 400
TRACE_SEGMENTS = 10


@dataclass(frozen=True)
class ChainSummary:
    """One chain's posterior of N: its median, interval and the medians of ten segments."""

    median: float
    lower: float
    upper: float
    segment_medians: tuple[float, ...]


class LatentClassMSE:
    """Population size under Manrique-Vallier's (2016) latent-class model, as LCMCR.

    A Dirichlet-process mixture of independent-list classes (see ``_lcmcr``)
    with the population size sampled in the Gibbs sweep; the defaults are
    LCMCR's and HRDAG's: at most ``classes=10`` classes, a Gamma(0.25, 0.25)
    prior on the concentration, 10,000 sweeps of burn-in, then 1,000 draws
    thinned by 100, here in ``chains=4`` chains run together.

    Assumptions: a closed population and perfect linkage; within a latent
    class, being on one list says nothing about being on another. Classes
    absorb heterogeneous catchability and list dependences that act through
    kinds of people; a dependence acting within a class (a direct referral
    from one list to another for everyone) is not modelled. The prior
    matters with few lists or sparse overlaps.

    ``population_size_`` is the posterior median of N; ``conf_int_`` the
    equal-tailed credible interval at ``confidence``; ``posterior_mean_``,
    ``draws_`` (chains x draws of N), ``ess_`` (effective draws), ``rhat_``
    (split R-hat), ``chains_`` (per-chain summaries), ``occupied_classes_``
    (mean number of classes holding anyone), ``alpha_`` (posterior median of
    the concentration) and ``diagnostics_`` are also set. The same ``seed``
    and settings give the same draws.
    """

    method = "latent_class"

    def __init__(
        self,
        *,
        classes: int = 10,
        prior: tuple[float, float] = (0.25, 0.25),
        burn_in: int = 10000,
        samples: int = 1000,
        thinning: int = 100,
        chains: int = 4,
        seed: int = 1234,
        confidence: float = 0.95,
        progress: Progress | None = None,
    ) -> None:
        self.classes = classes
        self.prior = prior
        self.burn_in = burn_in
        self.samples = samples
        self.thinning = thinning
        self.chains = chains
        self.seed = seed
        self.confidence = confidence
        self.progress = progress

    population_size_: float
    posterior_mean_: float
    dark_figure_: float
    n_observed_: int
    conf_int_: tuple[float, float]
    interval_method_: str
    draws_: npt.NDArray[np.int64]
    ess_: float
    rhat_: float
    chains_: tuple[ChainSummary, ...]
    occupied_classes_: float
    alpha_: float
    diagnostics_: Diagnostics
    settings_: MSESettings
    table_: OverlapTable

    def get_settings(self) -> MSESettings:
        return MSESettings(
            method="latent_class",
            latent_classes=self.classes,
            prior=self.prior,
            burn_in=self.burn_in,
            samples=self.samples,
            thinning=self.thinning,
            chains=self.chains,
            seed=self.seed,
            confidence=self.confidence,
            n_boot=0,
            sensitivity_thresholds=(),
        )

    def fit(self, table: OverlapTable) -> LatentClassMSE:
        """Run the chains and summarise the posterior of N; returns ``self``."""
        if not isinstance(table, OverlapTable):
            raise TypeError(f"fit() expects an OverlapTable, got {type(table).__name__}")
        settings = self.get_settings()
        rows = list(table.observed_rows())
        patterns = np.array([[(row.pattern >> j) & 1 for j in range(table.k)] for row in rows])
        counts = np.array([row.count for row in rows], dtype=np.int64)
        sampler = LatentClassSampler(
            patterns,
            counts,
            classes=settings.latent_classes,
            prior=(settings.prior[0], settings.prior[1]),
            chains=settings.chains,
            rng=np.random.default_rng(settings.seed),
        )
        output = sampler.run(
            settings.burn_in, settings.samples, settings.thinning, progress=self.progress
        )
        self.table_ = table
        self.settings_ = settings
        self._summarise(table, output, settings.confidence)
        return self

    def _summarise(self, table: OverlapTable, output: SamplerOutput, confidence: float) -> None:
        n_obs = table.n_observed
        draws = output.unseen + n_obs
        tail = (1 - confidence) / 2
        low, median, high = np.quantile(draws, [tail, 0.5, 1 - tail])
        self.draws_ = draws
        self.n_observed_ = n_obs
        self.population_size_ = float(median)
        self.posterior_mean_ = float(draws.mean())
        self.dark_figure_ = float(median) - n_obs
        self.conf_int_ = (float(low), float(high))
        self.interval_method_ = "credible"
        self.ess_ = effective_sample_size(draws)
        self.rhat_ = split_rhat(draws) if draws.shape[0] > 1 else math.nan
        self.occupied_classes_ = float(output.occupied.mean())
        self.alpha_ = float(np.median(output.alpha))
        self.chains_ = tuple(
            ChainSummary(
                float(np.median(chain)),
                float(np.quantile(chain, tail)),
                float(np.quantile(chain, 1 - tail)),
                tuple(float(np.median(part)) for part in np.array_split(chain, TRACE_SEGMENTS)),
            )
            for chain in draws
        )
        self.diagnostics_ = self._diagnose(table)

    def _diagnose(self, table: OverlapTable) -> Diagnostics:
        warnings = common_warnings(
            table,
            dark_figure=self.dark_figure_,
            deviance=None,
            df_resid=None,
            gof=None,
            interval=self.conf_int_,
        )
        if math.isfinite(self.rhat_) and self.rhat_ > RHAT_LIMIT:
            warnings.append(
                EstimateWarning(
                    "chains_disagree",
                    f"The chains disagree (R-hat {self.rhat_:.3f} > {RHAT_LIMIT}); run longer "
                    "(more burn-in and draws) before using the estimate.",
                )
            )
        if self.ess_ < MIN_ESS:
            warnings.append(
                EstimateWarning(
                    "few_effective_draws",
                    f"Only {self.ess_:.0f} effectively independent draws; the interval's ends "
                    "are imprecise. Keep more draws or thin less.",
                )
            )
        if self.draws_.max() >= 21 * self.n_observed_:
            warnings.append(
                EstimateWarning(
                    "posterior_at_cap",
                    "Some draws reach the sampler's cap of 20 times the number seen: the "
                    "data hardly bound the population from above.",
                )
            )
        return plain_diagnostics(table, deviance=math.nan, df_resid=0, gof=None, warnings=warnings)

    def summary(self) -> dict[str, Any]:
        return self.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable results, in the layout of the log-linear estimators."""
        lower, upper = self.conf_int_
        settings = self.settings_
        data = {
            **result_head(self.method, self.table_, self.population_size_, self.dark_figure_),
            "model": {
                "label": f"latent classes (K = {settings.latent_classes})",
                "terms": [],
            },
            "conf_int": {
                "confidence": settings.confidence,
                "lower": lower,
                "upper": upper,
                "method": self.interval_method_,
            },
            "intervals": {},
            "latent_class": {
                "posterior_median": self.population_size_,
                "posterior_mean": self.posterior_mean_,
                "ess": self.ess_,
                "rhat": self.rhat_,
                "chains": settings.chains,
                "draws_per_chain": settings.samples,
                "occupied_classes": self.occupied_classes_,
                "alpha": self.alpha_,
                "chain_summaries": [asdict(chain) for chain in self.chains_],
            },
            "diagnostics": self.diagnostics_.to_dict(),
            "settings": settings.to_dict(),
            "table": self.table_.to_dict(),
        }
        result: dict[str, Any] = json_safe(data)
        return result
