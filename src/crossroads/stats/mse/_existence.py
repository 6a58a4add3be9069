"""Does the (extended) maximum likelihood estimate exist, and is it identifiable?

This is SparseMSE's ``checkident`` (Chan, Silverman & Vincent 2021, section
2.6), which applies the linear program of Fienberg & Rinaldo (2012, with
their typographical error corrected) and a rank test to one candidate model.

1. Interactions whose lists never overlap in the data (N* = 0) are at minus
   infinity in the extended MLE: the cells containing them are removed and
   the terms leave the design. Main effects are never removed: an empty list
   makes the linear program fail, as in SparseMSE.
2. With ``A`` the design on the remaining cells and ``t = A'n`` the
   sufficient statistics, solve

       maximise s  subject to  A'x = t,  x_c >= s for every cell,  x >= 0, s >= 0.

   The MLE exists exactly when ``t`` lies in the relative interior of the
   cone spanned by the rows of ``A``, that is when some strictly positive
   ``x`` reproduces ``t``; so it exists iff the optimum is ``s > 0``
   (error bit 1 otherwise). Writing ``x = z + s 1`` with ``z >= 0`` turns the
   cell inequalities into bounds, which is the same program with fewer rows.
3. If ``A`` is not of full column rank the model is not identifiable (error
   bit 2). The return code is 0, 1, 2 or 3.

Two facts make repeated checks cheap, and are used only as shortcuts to the
same answer. Existence depends on the data only through which cells are
positive (the smallest face of the cone containing ``t``); and for a fixed
model and cell set, adding positive cells cannot destroy existence. So the
checker remembers, per model and cell set, which supports passed and which
failed, and answers by subset tests before it solves a linear program. When
every remaining cell is positive, ``x = n`` is strictly positive and the
answer is immediate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog

from crossroads.stats.mse._terms import Model, containing, full_design

EXISTS = 0
NO_MLE = 1
NOT_IDENTIFIABLE = 2

_LP_TOL = 1e-9


@dataclass(frozen=True)
class ExistenceCheck:
    """Outcome of the existence and identifiability check of one model.

    ``lp_objective`` is the optimum of the linear program, or ``None`` when
    the answer came without solving it (all cells positive, or known from an
    earlier check on a smaller or larger support).
    """

    code: int
    lp_objective: float | None

    @property
    def mle_exists(self) -> bool:
        return not self.code & NO_MLE

    @property
    def identifiable(self) -> bool:
        return not self.code & NOT_IDENTIFIABLE

    @property
    def ok(self) -> bool:
        return self.code == EXISTS


def removed_cells(y: npt.NDArray[np.float64], model: Model, k: int) -> npt.NDArray[np.bool_]:
    """Cells removed by the extended MLE: those containing a never-overlapping interaction."""
    removed = np.zeros(2**k - 1, dtype=bool)
    for term in model:
        inside = containing(term, k)
        if not np.any(y[inside] > 0):
            removed |= inside
    return removed


def lp_objective(design: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float:
    """The optimum ``s`` of the Fienberg-Rinaldo linear program (HiGHS).

    The counts are first rescaled to average 1 per cell. Existence does not
    depend on the scale, and this way a solver's round-off (about 1e-12 here)
    and a genuine positive optimum (at least about 1/n per cell) stay far
    apart for any table size, so a fixed tolerance separates them.
    """
    scaled = y * (y.size / y.sum())
    t = design.T @ scaled
    a_eq = np.hstack([design.T, design.sum(axis=0)[:, None]])
    cost = np.zeros(design.shape[0] + 1)
    cost[-1] = -1.0
    result = linprog(cost, A_eq=a_eq, b_eq=t, bounds=(0, None), method="highs")
    if result.status != 0:
        # Infeasible cannot happen (x = n is feasible); treat solver trouble as no MLE.
        return 0.0
    return float(-result.fun)


def _bits(mask: npt.NDArray[np.bool_]) -> int:
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


@dataclass
class ExistenceChecker:
    """SparseMSE's ``checkident`` for one number of lists, with memory between calls."""

    k: int
    linear_programs: int = 0
    _good: dict[tuple[Model, int], list[int]] = field(default_factory=dict)
    _bad: dict[tuple[Model, int], list[int]] = field(default_factory=dict)
    _rank_ok: dict[tuple[Model, int], bool] = field(default_factory=dict)

    def check(self, y: npt.NDArray[np.float64], model: Model) -> ExistenceCheck:
        """Check ``model`` (its interaction terms) against counts ``y`` over all cells."""
        removed = removed_cells(y, model, self.k)
        kept = ~removed
        sparse = tuple(t for t in model if not np.any(y[containing(t, self.k)] > 0))
        fitted_terms = tuple(t for t in model if t not in sparse)
        key = (fitted_terms, _bits(removed))
        design: npt.NDArray[np.float64] | None = None
        rank_ok = self._rank_ok.get(key)
        if rank_ok is None:
            design = full_design(fitted_terms, self.k)[kept]
            rank_ok = bool(np.linalg.matrix_rank(design) == design.shape[1])
            self._rank_ok[key] = rank_ok
        code = 0 if rank_ok else NOT_IDENTIFIABLE
        y_kept = y[kept]
        support = _bits(y_kept > 0)
        if np.all(y_kept > 0):
            return ExistenceCheck(code, None)
        if design is None:
            design = full_design(fitted_terms, self.k)[kept]
        if rank_ok and np.linalg.matrix_rank(design[y_kept > 0]) == design.shape[1]:
            return ExistenceCheck(code, None)
        if any(g & ~support == 0 for g in self._good.get(key, ())):
            return ExistenceCheck(code, None)
        if any(support & ~b == 0 for b in self._bad.get(key, ())):
            return ExistenceCheck(code | NO_MLE, 0.0)
        objective = lp_objective(design, y_kept)
        self.linear_programs += 1
        if objective > _LP_TOL:
            self._good.setdefault(key, []).append(support)
            return ExistenceCheck(code, objective)
        self._bad.setdefault(key, []).append(support)
        return ExistenceCheck(code | NO_MLE, objective)
