"""Simulated populations for checking estimators (tests, benchmarks, planning).

Each of ``N`` people is captured by list ``j`` with probability
``logistic(logit(p_j) + e_i + sum_{l < j} d_lj x_il)``: ``e_i ~ Normal(0,
heterogeneity^2)`` is a person's catchability shared by all lists (unobserved
heterogeneity), and ``d_lj`` raises (positive) or lowers (negative) the log
odds of list ``j`` for people already on list ``l`` (list dependence, e.g.
referrals between services).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from crossroads.stats.mse._parsing import default_list_names
from crossroads.stats.mse._table import OverlapTable


def simulate_overlap_table(
    population_size: int,
    capture_probabilities: Sequence[float],
    *,
    dependence: Mapping[tuple[int, int], float] | None = None,
    heterogeneity: float = 0.0,
    lists: Sequence[str] | None = None,
    seed: int | np.random.Generator | None = None,
) -> OverlapTable:
    """Draw the overlap table of one simulated population (see module docstring).

    ``capture_probabilities`` are per list, in (0, 1); ``dependence`` maps
    ``(l, j)`` with ``l < j`` (list indices) to a log odds ratio;
    ``heterogeneity`` is the standard deviation of ``e_i`` (0 = everyone
    equally catchable).
    """
    if population_size < 1:
        raise ValueError("population_size must be at least 1")
    probs = np.asarray(capture_probabilities, dtype=np.float64)
    if np.any((probs <= 0) | (probs >= 1)):
        raise ValueError("capture probabilities must lie strictly between 0 and 1")
    k = probs.size
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    frailty = rng.normal(0.0, heterogeneity, population_size) if heterogeneity > 0 else 0.0
    captured = np.zeros((population_size, k), dtype=bool)
    base = np.log(probs / (1 - probs))
    for j in range(k):
        logit = base[j] + frailty
        for (first, second), log_odds in (dependence or {}).items():
            if second == j:
                if not 0 <= first < j:
                    raise ValueError(f"dependence key {(first, second)} must have first < second")
                logit = logit + log_odds * captured[:, first]
        captured[:, j] = rng.random(population_size) < 1.0 / (1.0 + np.exp(-logit))
    patterns = captured @ (1 << np.arange(k))
    counts = np.bincount(patterns, minlength=2**k)[1:]
    return OverlapTable(lists or default_list_names(k), counts)


def simulate_latent_classes(
    population_size: int,
    class_weights: Sequence[float],
    capture_probabilities: Sequence[Sequence[float]],
    *,
    lists: Sequence[str] | None = None,
    seed: int | np.random.Generator | None = None,
) -> OverlapTable:
    """Draw a population made of latent classes, each with its own capture probabilities.

    ``class_weights`` (summing to 1) are the classes' shares of the population
    and ``capture_probabilities[c][j]`` the chance that a person of class
    ``c`` is on list ``j``; within a class, lists are independent. This is
    the model of Manrique-Vallier (2016); two classes of very different
    catchability are the textbook case of heterogeneity.
    """
    weights = np.asarray(class_weights, dtype=np.float64)
    probs = np.asarray(capture_probabilities, dtype=np.float64)
    if probs.ndim != 2 or probs.shape[0] != weights.size:
        raise ValueError("give one row of capture probabilities per class")
    if np.any((probs <= 0) | (probs >= 1)) or abs(weights.sum() - 1) > 1e-9:
        raise ValueError("probabilities must lie in (0, 1) and class weights sum to 1")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    members = rng.choice(weights.size, size=population_size, p=weights)
    captured = rng.random((population_size, probs.shape[1])) < probs[members]
    k = probs.shape[1]
    patterns = captured @ (1 << np.arange(k))
    counts = np.bincount(patterns, minlength=2**k)[1:]
    return OverlapTable(lists or default_list_names(k), counts)
