"""HiGHS linear programs kept between solves, for the audit and the complement search.

The solver is HiGHS, through its own Python interface (``highspy``) rather
than ``scipy.optimize.linprog``, which wraps the same solver but rebuilds
the model on every call: the audit solves one model once per suppressed
cell and direction with only the objective changed, and keeping the model
lets HiGHS restart from the previous optimal basis (a warm start). On the
small blocks typical of a submission a re-solve takes about 0.1 ms against
about 1.5 ms for a fresh ``linprog`` call.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IndexArray = npt.NDArray[np.intp]

TOLERANCE = 1e-6
"""Values closer than this are equal; LP bounds are rounded inwards to integers with it."""

PRIMAL_SIMPLEX = 4
"""HiGHS's ``simplex_strategy`` for the primal simplex. When only the objective
changes the last basis stays feasible, and the primal simplex goes on from it;
on a block of 1,200 cells this re-solves about ten times faster than the
default dual simplex, which must first repair the basis."""

OPTIMAL = "optimal"
UNBOUNDED = "unbounded"
INFEASIBLE = "infeasible"

_STATUS = {
    highspy.HighsModelStatus.kOptimal: OPTIMAL,
    highspy.HighsModelStatus.kUnbounded: UNBOUNDED,
    highspy.HighsModelStatus.kInfeasible: INFEASIBLE,
}


def _is_either(status: highspy.HighsModelStatus) -> bool:
    return bool(status == highspy.HighsModelStatus.kUnboundedOrInfeasible)


class SolverError(RuntimeError):
    """The solver failed on a problem that must be solvable (inconsistent input or numerics)."""


class LinearProgram:
    """``min c @ x`` subject to ``row_lower <= M @ x <= row_upper`` and ``lower <= x <= upper``.

    ``matrix`` is column-wise (CSC). The model is kept between solves:
    :meth:`set_cost` and :meth:`set_bounds` change it in place and the next
    :meth:`minimise` starts from the last optimal basis. With
    ``integer=True`` every variable must be a whole number (branch and
    bound; no warm start). Infinite bounds are IEEE infinities, which is
    what HiGHS's ``kHighsInf`` is.
    """

    def __init__(
        self,
        matrix: Any,
        row_lower: FloatArray,
        row_upper: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
        *,
        integer: bool = False,
        primal: bool = False,
    ) -> None:
        n = lower.size
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = row_lower.size
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = lower.astype(np.float64)
        lp.col_upper_ = upper.astype(np.float64)
        lp.row_lower_ = row_lower.astype(np.float64)
        lp.row_upper_ = row_upper.astype(np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.asarray(matrix.indptr, dtype=np.int32)
        lp.a_matrix_.index_ = np.asarray(matrix.indices, dtype=np.int32)
        lp.a_matrix_.value_ = np.asarray(matrix.data, dtype=np.float64)
        if integer:
            lp.integrality_ = [highspy.HighsVarType.kInteger] * n
        self._highs = _new_highs()
        self._highs.setOptionValue("output_flag", False)
        if primal:
            self._highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
        self._highs.passModel(lp)
        self._all = np.arange(n, dtype=np.int32)
        self.size = n
        self.solves = 0

    @classmethod
    def from_parts(
        cls,
        a_eq: Any,
        b_eq: FloatArray,
        a_ub: Any,
        b_ub: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
        *,
        integer: bool = False,
        primal: bool = False,
    ) -> LinearProgram:
        """``a_eq @ x = b_eq`` and ``a_ub @ x <= b_ub`` (sparse matrices) as one program."""
        return cls(
            sparse.csc_array(sparse.vstack([a_eq, a_ub])),
            np.concatenate([b_eq, np.full(b_ub.size, -np.inf)]),
            np.concatenate([b_eq, b_ub]),
            lower,
            upper,
            integer=integer,
            primal=primal,
        )

    def set_cost(self, index: int, value: float) -> None:
        self._highs.changeColCost(int(index), float(value))

    def set_costs(self, costs: FloatArray) -> None:
        self._highs.changeColsCost(self.size, self._all, costs.astype(np.float64))

    def set_bounds(self, lower: FloatArray, upper: FloatArray) -> None:
        self._highs.changeColsBounds(
            self.size,
            self._all,
            lower.astype(np.float64),
            upper.astype(np.float64),
        )

    def minimise(self) -> tuple[str, FloatArray | None]:
        """Solve; returns the status (``OPTIMAL``, ``UNBOUNDED``, ``INFEASIBLE``) and the optimum.

        HiGHS may only say "unbounded or infeasible"; that is reported as
        ``UNBOUNDED``, and callers that need to tell apart know from context
        whether the problem is feasible.
        """
        self._highs.run()
        self.solves += 1
        model_status = self._highs.getModelStatus()
        if model_status not in _STATUS and not _is_either(model_status):
            # A warm start can end undecided (seen on unbounded problems);
            # solving again from scratch settles it.
            self._highs.clearSolver()
            self._highs.run()
            self.solves += 1
            model_status = self._highs.getModelStatus()
        if _is_either(model_status):
            return UNBOUNDED, None
        status = _STATUS.get(model_status)
        if status is None:
            raise SolverError(f"HiGHS stopped with {self._highs.modelStatusToString(model_status)}")
        if status != OPTIMAL:
            return status, None
        return status, np.asarray(self._highs.getSolution().col_value, dtype=np.float64)


def blocks(rows: Any, n: int) -> IndexArray:
    """Connected-component label of each of ``n`` variables linked by the rows of a matrix."""
    if rows.shape[0] == 0:
        return np.arange(n, dtype=np.intp)
    incidence = sparse.csr_array((np.ones(rows.nnz), rows.indices, rows.indptr), rows.shape)
    _, labels = connected_components(incidence.T @ incidence, directed=False)
    return np.asarray(labels, dtype=np.intp)


_banner_lock = threading.Lock()
_banner_shown = False


def _new_highs() -> Any:
    """A solver, without the copyright banner HiGHS prints on the first one of a process.

    The banner is written by the solver's C++ code straight to file
    descriptor 1, before any option can turn it off, so the first solver is
    made with that descriptor briefly pointed at the null device.
    """
    global _banner_shown
    with _banner_lock:
        if _banner_shown:
            return highspy.Highs()  # type: ignore[no-untyped-call]
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with Path(os.devnull).open("wb") as null:
                os.dup2(null.fileno(), 1)
                solver = highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
        return solver
