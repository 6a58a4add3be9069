"""Goodness of fit, sparsity and stability checks on a fitted estimate.

The warnings are for an analyst deciding whether to publish: each has a
stable ``code`` (for software) and a plain-language ``message``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.stats import chi2

from crossroads.stats.mse._fit import LoglinearFit
from crossroads.stats.mse._table import OverlapTable
from crossroads.stats.mse._terms import (
    Model,
    cell_patterns,
    containing,
    model_label,
    pair_terms,
    term_name,
)

#: An interaction resting on this many shared cases or fewer is flagged.
FEW_SHARED_CASES = 2
#: Interval width, relative to the estimate, above which it is flagged.
WIDE_INTERVAL = 1.0
#: Dark figure, as a multiple of the people observed, above which it is flagged.
LARGE_DARK_FIGURE = 5.0
#: Fewer people than this seen on two or more lists is flagged.
FEW_OVERLAPS = 10
#: Estimates over the sensitivity thresholds differing by more than this ratio are flagged.
THRESHOLD_RATIO = 1.5
#: Bootstrap share of the original model below which selection is flagged as unstable.
STABLE_SELECTION = 0.2


@dataclass(frozen=True)
class EstimateWarning:
    """A reason to be careful with an estimate."""

    code: str
    message: str


@dataclass(frozen=True)
class SensitivityRow:
    """The stepwise estimate at one selection threshold."""

    pthresh: float
    population_size: float
    model: str


@dataclass(frozen=True)
class Diagnostics:
    """Fit, sparsity and stability of an estimate (see ``docs/estimation.md``)."""

    deviance: float
    df_resid: int
    gof_pvalue: float | None
    pearson_chi2: float
    overlaps: dict[str, int]
    non_overlapping_pairs: tuple[str, ...]
    infinite_terms: tuple[str, ...]
    probability_empty: dict[str, float]
    sensitivity: tuple[SensitivityRow, ...] = ()
    bootstrap_models: dict[str, float] = field(default_factory=dict)
    warnings: tuple[EstimateWarning, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "deviance": self.deviance,
            "df_resid": self.df_resid,
            "gof_pvalue": self.gof_pvalue,
            "pearson_chi2": self.pearson_chi2,
            "overlaps": dict(self.overlaps),
            "non_overlapping_pairs": list(self.non_overlapping_pairs),
            "infinite_terms": list(self.infinite_terms),
            "probability_empty": dict(self.probability_empty),
            "sensitivity": [
                {"pthresh": r.pthresh, "population_size": r.population_size, "model": r.model}
                for r in self.sensitivity
            ],
            "bootstrap_models": dict(self.bootstrap_models),
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }


def model_frequencies(
    models: Sequence[Model], lists: Sequence[str], top: int = 5
) -> dict[str, float]:
    """Share of bootstrap replicates selecting each model (the ``top`` most frequent)."""
    if not models:
        return {}
    counts = Counter(tuple(sorted(m)) for m in models)
    total = len(models)
    return {model_label(m, lists): n / total for m, n in counts.most_common(top)}


def diagnose(
    table: OverlapTable,
    fit: LoglinearFit,
    *,
    interval: tuple[float, float] | None = None,
    sensitivity: Sequence[SensitivityRow] = (),
    bootstrap_models: Sequence[Model] = (),
) -> Diagnostics:
    """Compute diagnostics and warnings for ``fit`` of ``table``."""
    y = table.counts.astype(np.float64)
    overlaps = pair_overlaps(table)
    non_overlapping = tuple(name for name, total in overlaps.items() if total == 0)
    kept = fit.fitted > 0
    pearson = float(np.sum((y[kept] - fit.fitted[kept]) ** 2 / fit.fitted[kept]))
    gof = goodness_of_fit(fit.deviance, fit.df_resid)
    frequencies = model_frequencies(bootstrap_models, table.lists, top=5)
    original_share = frequencies.get(fit.label, 0.0) if bootstrap_models else None
    warnings = _warnings(table, fit, gof, interval, sensitivity, original_share)
    return Diagnostics(
        deviance=fit.deviance,
        df_resid=fit.df_resid,
        gof_pvalue=gof,
        pearson_chi2=pearson,
        overlaps=overlaps,
        non_overlapping_pairs=non_overlapping,
        infinite_terms=fit.infinite_terms,
        probability_empty=dict(fit.probability_empty),
        sensitivity=tuple(sensitivity),
        bootstrap_models=frequencies,
        warnings=tuple(warnings),
    )


def pair_overlaps(table: OverlapTable) -> dict[str, int]:
    """People on both lists of every pair, keyed ``"A:B"``."""
    k = table.k
    return {term_name(p, table.lists): table.overlap(*_two(p, k)) for p in pair_terms(k)}


def plain_diagnostics(
    table: OverlapTable,
    *,
    deviance: float,
    df_resid: int,
    gof: float | None,
    warnings: Sequence[EstimateWarning],
) -> Diagnostics:
    """Diagnostics of an estimator without log-linear interactions (no boundary terms)."""
    overlaps = pair_overlaps(table)
    return Diagnostics(
        deviance=deviance,
        df_resid=df_resid,
        gof_pvalue=gof,
        pearson_chi2=math.nan,
        overlaps=overlaps,
        non_overlapping_pairs=tuple(name for name, n in overlaps.items() if n == 0),
        infinite_terms=(),
        probability_empty={},
        warnings=tuple(warnings),
    )


def _two(term: int, k: int) -> tuple[int, int]:
    first, second = (j for j in range(k) if (term >> j) & 1)
    return first, second


def _warnings(
    table: OverlapTable,
    fit: LoglinearFit,
    gof: float | None,
    interval: tuple[float, float] | None,
    sensitivity: Sequence[SensitivityRow],
    original_share: float | None,
) -> list[EstimateWarning]:
    out: list[EstimateWarning] = []
    y = table.counts
    for term, name in zip(fit.model, fit.terms, strict=True):
        shared = int(y[containing(term, table.k)].sum())
        if 0 < shared <= FEW_SHARED_CASES:
            out.append(
                EstimateWarning(
                    "interaction_on_few_cases",
                    f"The {name} interaction rests on {shared} person(s) seen on all of its lists; "
                    "one wrong or missed link there can change the estimate a lot.",
                )
            )
    if fit.infinite_terms:
        out.append(
            EstimateWarning(
                "mle_at_boundary",
                "The fit sits on the boundary: "
                + ", ".join(fit.infinite_terms)
                + " never occur together and their interaction is at minus infinity.",
            )
        )
    out.extend(
        common_warnings(
            table,
            dark_figure=fit.dark_figure,
            deviance=fit.deviance,
            df_resid=fit.df_resid,
            gof=gof,
            interval=interval,
            converged=fit.converged,
        )
    )
    values = [row.population_size for row in sensitivity if math.isfinite(row.population_size)]
    if values and max(values) > THRESHOLD_RATIO * min(values):
        out.append(
            EstimateWarning(
                "threshold_sensitive",
                f"The estimate ranges from {min(values):.0f} to {max(values):.0f} over the "
                "selection thresholds tried; it depends on which interactions are allowed.",
            )
        )
    if original_share is not None and original_share < STABLE_SELECTION:
        out.append(
            EstimateWarning(
                "unstable_selection",
                f"Only {100 * original_share:.0f}% of bootstrap samples select the same model; "
                "the interval accounts for this, but the point estimate is fragile.",
            )
        )
    return out


def goodness_of_fit(deviance: float, df_resid: int) -> float | None:
    """The chi-square p-value of a deviance (None without residual degrees of freedom)."""
    return float(chi2.sf(deviance, df_resid)) if df_resid > 0 else None


def common_warnings(
    table: OverlapTable,
    *,
    dark_figure: float,
    deviance: float | None,
    df_resid: int | None,
    gof: float | None,
    interval: tuple[float, float] | None,
    converged: bool = True,
) -> list[EstimateWarning]:
    """The warnings that apply to any estimator: convergence, sparsity, extrapolation,
    fit and interval width (``deviance`` None for a model without one)."""
    out: list[EstimateWarning] = []
    y = table.counts
    population_size = table.n_observed + dark_figure
    if not converged:
        out.append(EstimateWarning("not_converged", "The model fit did not converge."))
    shared_cases = int(y[np.bitwise_count(cell_patterns(table.k)) > 1].sum())
    if shared_cases < FEW_OVERLAPS:
        out.append(
            EstimateWarning(
                "few_overlaps",
                f"Only {shared_cases} people are on more than one list; "
                "the estimate rests on them.",
            )
        )
    if dark_figure > LARGE_DARK_FIGURE * table.n_observed:
        out.append(
            EstimateWarning(
                "large_dark_figure",
                f"The estimated number never seen is {dark_figure / table.n_observed:.1f} times "
                "the number seen: a long extrapolation.",
            )
        )
    if gof is not None and gof < 0.01:
        out.append(
            EstimateWarning(
                "poor_fit",
                f"The model fits the overlaps poorly (deviance {deviance:.1f} on "
                f"{df_resid} df, p = {gof:.3g}); an important dependence between lists "
                "may be missing.",
            )
        )
    if interval is not None:
        lower, upper = interval
        if not math.isfinite(upper):
            out.append(
                EstimateWarning(
                    "unbounded_interval", "The confidence interval has no finite upper limit."
                )
            )
        elif (upper - lower) > WIDE_INTERVAL * population_size:
            out.append(
                EstimateWarning(
                    "wide_interval",
                    f"The interval ({lower:.0f} to {upper:.0f}) is wider than the estimate itself.",
                )
            )
    return out
