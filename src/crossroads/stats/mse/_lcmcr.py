"""The Gibbs sampler of the Bayesian non-parametric latent-class model (LCMCR).

Manrique-Vallier (2016), as the R package LCMCR implements it. Each of ``N``
people belongs to a latent class ``z`` in ``1 .. K``; given the class, being
on each of the ``J`` lists is independent, with probability ``lambda_jk``.
Lists may therefore depend on each other through the classes, and people
may differ in how catchable they are, which is what log-linear models with
two-list terms handle badly. The prior:

* class weights ``pi`` by truncated stick breaking: ``V_k ~ Beta(1, alpha)``,
  ``pi_k = V_k prod_{l<k} (1 - V_l)``, ``V_K = 1`` (a Dirichlet process with
  at most ``K`` classes);
* ``alpha ~ Gamma(a, b)`` (shape, rate; LCMCR's ``a = b = 0.25``);
* ``lambda_jk ~ Beta(1, 1)``;
* ``p(N) ∝ 1 / N``.

One sweep, on the aggregated table (people with the same capture pattern are
exchangeable, so only class counts per pattern are needed):

1. the counts of each observed pattern are split over the classes,
   ``Multinomial(n_m, q_mk)`` with ``q_mk ∝ pi_k prod_j lambda_jk^x (1 - lambda_jk)^(1-x)``;
2. ``lambda_jk ~ Beta(1 + on_jk, 1 + off_jk)``, counting the unseen people
   (on no list) of the previous sweep;
3. ``V_k ~ Beta(1 + n_k, alpha + sum_{l>k} n_l)``;
4. the unseen: with ``pi_0 = sum_k pi_k prod_j (1 - lambda_jk)``, the number
   never seen is ``NegativeBinomial(n, 1 - pi_0)`` (failures before ``n``
   successes), the conditional under the ``1/N`` prior; draws above ``20 n``
   are redrawn, as LCMCR does; they are split over classes
   ``∝ pi_k prod_j (1 - lambda_jk)``;
5. ``alpha ~ Gamma(a + K - 1, b - log pi_K)``.

Every chain runs in the same NumPy arrays (a leading chain axis), so four
chains cost little more than one. Beta draws are made from log-Gamma draws,
with ``log G = log G' + log(U) / a`` for shapes ``a < 1`` (``G' ~
Gamma(a + 1)``), so that tiny stick weights stay finite in log space.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: LCMCR's cap: draws of the unseen count above this multiple of ``n`` are redrawn.
UNSEEN_CAP = 20
_PROGRESS_STEPS = 100


@dataclass(frozen=True)
class SamplerOutput:
    """Kept draws, chains by draws: the unseen count, ``alpha`` and the occupied classes."""

    unseen: IntArray
    alpha: FloatArray
    occupied: IntArray


def log_gamma(rng: np.random.Generator, shape: FloatArray) -> FloatArray:
    """``log G`` with ``G ~ Gamma(shape, 1)``, accurate for tiny shapes."""
    small = shape < 1.0
    if not small.any():
        return np.asarray(np.log(rng.standard_gamma(shape)), dtype=np.float64)
    draws = np.log(rng.standard_gamma(np.where(small, shape + 1.0, shape)))
    uniform = rng.random(shape.shape)
    draws = draws + np.where(small, np.log(uniform) / np.where(small, shape, 1.0), 0.0)
    return np.asarray(draws, dtype=np.float64)


def _log_beta_pair(
    rng: np.random.Generator, a: FloatArray, b: FloatArray, *, large: bool = False
) -> tuple[FloatArray, FloatArray]:
    """``(log X, log(1 - X))`` for ``X ~ Beta(a, b)``; ``large`` when both shapes are >= 1."""
    if large:
        ga, gb = np.log(rng.standard_gamma(a)), np.log(rng.standard_gamma(b))
    else:
        ga, gb = log_gamma(rng, a), log_gamma(rng, b)
    total = np.logaddexp(ga, gb)
    return ga - total, gb - total


def _normalised(log_weights: FloatArray) -> FloatArray:
    shifted = np.exp(log_weights - log_weights.max(axis=-1, keepdims=True))
    result: FloatArray = shifted / shifted.sum(axis=-1, keepdims=True)
    return result


class LatentClassSampler:
    """State and sweeps of ``chains`` independent chains for one aggregated table."""

    def __init__(
        self,
        patterns: IntArray,
        counts: npt.ArrayLike,
        *,
        classes: int,
        prior: tuple[float, float],
        chains: int,
        rng: np.random.Generator,
    ) -> None:
        self.x = patterns.astype(np.float64)  # (M, J) 0/1
        self.xt = np.ascontiguousarray(self.x.T)
        # One count vector for every chain, or one per chain (independent tables sharing the
        # patterns, which is how simulation studies run many tables at once).
        table = np.broadcast_to(np.asarray(counts, dtype=np.int64), (chains, patterns.shape[0]))
        self.counts_row = np.ascontiguousarray(table)
        self.n = self.counts_row.sum(axis=1)
        self.k = classes
        self.a, self.b = prior
        self.chains = chains
        self.rng = rng
        m, j = self.x.shape
        # Over-dispersed starting points (for R-hat): lambda near each list's share of the
        # people seen, stick weights from a Beta(1, 1) stick, alpha = 1, nobody unseen.
        share = (self.counts_row @ self.x) / np.maximum(self.n, 1)[:, None]
        spread = rng.uniform(0.5, 1.5, size=(chains, j, classes))
        lam = np.clip(share[:, :, None] * spread, 0.01, 0.99)
        self.log_lam = np.log(lam)
        self.log_not = np.log1p(-lam)
        sticks = rng.beta(1.0, 1.0, size=(chains, classes))
        sticks[:, -1] = 1.0
        rest = np.cumsum(np.log1p(-np.minimum(sticks, 1 - 1e-12)), axis=1)
        self.log_pi = np.log(sticks) + np.hstack([np.zeros((chains, 1)), rest[:, :-1]])
        self.alpha = np.ones(chains)
        self.unseen = np.zeros(chains, dtype=np.int64)
        self.unseen_classes = np.zeros((chains, classes), dtype=np.int64)
        self.class_counts = np.zeros((chains, m, classes), dtype=np.int64)
        self.cap = UNSEEN_CAP * self.n

    def sweep(self) -> None:
        """One Gibbs sweep of every chain (steps 1-5 of the module docstring)."""
        rng = self.rng
        # 1. Split each observed pattern's count over the classes.
        log_missed = self.log_pi + self.log_not.sum(axis=1)
        log_q = log_missed[:, None, :] + self.x @ (self.log_lam - self.log_not)
        self.class_counts = rng.multinomial(self.counts_row, _normalised(log_q))
        # 2. Capture probabilities per list and class, the unseen counted as on no list.
        on = self.xt @ self.class_counts
        per_class = self.class_counts.sum(axis=1) + self.unseen_classes
        off = per_class[:, None, :] - on
        self.log_lam, self.log_not = _log_beta_pair(rng, 1.0 + on, 1.0 + off, large=True)
        # 3. Stick-breaking weights.
        later = np.cumsum(per_class[:, ::-1], axis=1)[:, ::-1]
        beyond = np.hstack([later[:, 1:], np.zeros((self.chains, 1), dtype=np.int64)])
        log_v, log_rest = _log_beta_pair(
            rng, 1.0 + per_class[:, :-1], self.alpha[:, None] + beyond[:, :-1]
        )
        before = np.hstack([np.zeros((self.chains, 1)), np.cumsum(log_rest, axis=1)])
        self.log_pi = np.hstack([log_v, np.zeros((self.chains, 1))]) + before
        # 4. The unseen people and their classes.
        log_missed = self.log_pi + self.log_not.sum(axis=1)
        pi0 = np.minimum(np.exp(log_missed).sum(axis=1), 1.0 - 1e-15)
        unseen = rng.negative_binomial(self.n, 1.0 - pi0)
        capped = unseen > self.cap
        while np.any(capped):
            unseen[capped] = rng.negative_binomial(self.n[capped], 1.0 - pi0[capped])
            capped = unseen > self.cap
        self.unseen = unseen.astype(np.int64)
        self.unseen_classes = rng.multinomial(self.unseen, _normalised(log_missed))
        # 5. The concentration of the stick-breaking prior.
        self.alpha = rng.gamma(self.a + self.k - 1.0, 1.0 / (self.b - before[:, -1]))

    def run(
        self,
        burn_in: int,
        samples: int,
        thinning: int,
        progress: Callable[[int, int], None] | None = None,
    ) -> SamplerOutput:
        """Discard ``burn_in`` sweeps, then keep every ``thinning``-th of ``samples * thinning``."""
        total = burn_in + samples * thinning
        every = max(1, total // _PROGRESS_STEPS)
        unseen = np.empty((self.chains, samples), dtype=np.int64)
        alpha = np.empty((self.chains, samples))
        occupied = np.empty((self.chains, samples), dtype=np.int64)
        kept = 0
        for step in range(1, total + 1):
            self.sweep()
            after = step - burn_in
            if after > 0 and after % thinning == 0:
                unseen[:, kept] = self.unseen
                alpha[:, kept] = self.alpha
                in_use = self.class_counts.sum(axis=1) + self.unseen_classes
                occupied[:, kept] = (in_use > 0).sum(axis=1)
                kept += 1
            if progress is not None and (step % every == 0 or step == total):
                progress(step, total)
        return SamplerOutput(unseen, alpha, occupied)
