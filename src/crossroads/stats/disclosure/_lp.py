"""Linear programs behind the audit and the choice of complementary cells.

The solver is HiGHS, through its own Python interface (``highspy``) rather
than ``scipy.optimize.linprog``, which wraps the same solver but rebuilds
the model on every call: the audit solves one model once per suppressed
cell and direction with only the objective changed, and keeping the model
lets HiGHS restart from the previous optimal basis (a warm start). On the
small blocks typical of a submission a re-solve takes about 0.1 ms against
about 1.5 ms for a fresh ``linprog`` call.

What else keeps the work small, and why:

* Released cells are constants, so only suppressed cells remain as
  unknowns; relations without any unknown are dropped and relations with a
  single unknown become bounds. The rest splits into independent blocks
  (connected components of unknowns linked by a relation); the feasible
  set is the product of the blocks, so each block is solved on its own.
* Every optimum found is a feasible table. A lower bound that some known
  feasible point already attains (the true table or an earlier optimum)
  needs no optimisation, which skips most minimisations.
"""

from __future__ import annotations

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

RECESSION_MIN_BLOCK = 8
"""Blocks larger than this first look for variables without a maximum (see below)."""

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
        self._highs = highspy.Highs()  # type: ignore[no-untyped-call]
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


class Intervals:
    """Smallest and largest value of each unknown variable.

    NaN for known variables, ``inf`` for an upper bound that does not exist.
    """

    def __init__(self, n: int) -> None:
        self.lower: FloatArray = np.full(n, np.nan)
        self.upper: FloatArray = np.full(n, np.nan)
        self.solves = 0


def _split_known(
    matrix: Any, known: BoolArray, values: FloatArray
) -> tuple[Any, FloatArray, npt.NDArray[np.int64]]:
    """The columns of unknowns, the right-hand side from known values, nonzeros per row."""
    unknown_part = sparse.csr_array(matrix[:, np.flatnonzero(~known)])
    rhs = -(matrix[:, np.flatnonzero(known)] @ values[known])
    return unknown_part, np.asarray(rhs, dtype=np.float64), np.diff(unknown_part.indptr)


def blocks(rows: Any, n: int) -> IndexArray:
    """Connected-component label of each of ``n`` variables linked by the rows of a matrix."""
    if rows.shape[0] == 0:
        return np.arange(n, dtype=np.intp)
    incidence = sparse.csr_array((np.ones(rows.nnz), rows.indices, rows.indptr), rows.shape)
    _, labels = connected_components(incidence.T @ incidence, directed=False)
    return np.asarray(labels, dtype=np.intp)


def feasible_intervals(
    equalities: Any,
    inequalities: Any,
    known: BoolArray,
    values: FloatArray,
    floor: FloatArray,
    *,
    integer: bool = False,
) -> Intervals:
    """Range of every unknown variable over all tables consistent with what is known.

    The feasible set is ``{x : A x = 0, G x <= 0, x >= floor, x_k = values_k
    for known k}``. ``values`` must hold the true value of every variable
    (known and unknown): the true table is feasible and serves as a first
    witness. Bounds are rounded inwards to integers (counts are whole
    numbers). With ``integer=True`` they are integer-programming optima;
    otherwise linear-programming ones, which equal the integer optima for
    two-way tables with margins and may be wider otherwise (never narrower).
    """
    out = Intervals(known.size)
    unknown = np.flatnonzero(~known)
    if unknown.size == 0:
        return out
    a_u, a_rhs, a_nnz = _split_known(equalities, known, values)
    g_u, g_rhs, g_nnz = _split_known(inequalities, known, values)
    low = floor[unknown].astype(np.float64)
    high = np.full(unknown.size, np.inf)
    for row in np.flatnonzero(g_nnz == 1):
        start = g_u.indptr[row]
        var, coef = int(g_u.indices[start]), float(g_u.data[start])
        if coef > 0:
            high[var] = min(high[var], g_rhs[row] / coef)
        else:
            low[var] = max(low[var], g_rhs[row] / coef)
    a_keep = np.flatnonzero(a_nnz > 0)
    g_keep = np.flatnonzero(g_nnz > 1)
    rows = sparse.csr_array(sparse.vstack([a_u[a_keep], g_u[g_keep]]))
    labels = blocks(rows, unknown.size)
    row_labels = labels[rows.indices[rows.indptr[:-1]]]
    truth = values[unknown]
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(int(labels.max()) + 2))
    for label in range(int(labels.max()) + 1):
        members = order[starts[label] : starts[label + 1]]
        eq_rows = a_keep[row_labels[: a_keep.size] == label]
        ub_rows = g_keep[row_labels[a_keep.size :] == label]
        a_block = a_u[eq_rows][:, members]
        g_block = g_u[ub_rows][:, members]
        program = LinearProgram.from_parts(
            a_block,
            a_rhs[eq_rows],
            g_block,
            g_rhs[ub_rows],
            low[members],
            high[members],
            integer=integer,
            primal=True,
        )
        unbounded = np.zeros(members.size, dtype=bool)
        if members.size > RECESSION_MIN_BLOCK:
            unbounded, solves = _unbounded_directions(a_block, g_block, high[members])
            out.solves += solves
        lo, hi = _block_intervals(program, low[members], high[members], truth[members], unbounded)
        out.lower[unknown[members]] = lo
        out.upper[unknown[members]] = hi
        out.solves += program.solves
    return out


def _unbounded_directions(a_block: Any, g_block: Any, high: FloatArray) -> tuple[BoolArray, int]:
    """Variables of a block that can grow without limit, found with a few programs.

    A variable has no maximum exactly when some direction ``d >= 0`` with
    ``A d = 0`` and ``G d <= 0`` (zero on variables with an upper bound)
    increases it. Maximising the sum of ``d`` (each at most 1) over the
    variables not yet found finds at least one more such variable while any
    is left, so the loop ends after a handful of solves; the variables found
    need no maximisation of their own.
    """
    m = high.size
    cone = LinearProgram.from_parts(
        a_block,
        np.zeros(a_block.shape[0]),
        g_block,
        np.zeros(g_block.shape[0]),
        np.zeros(m),
        np.where(np.isfinite(high), 0.0, 1.0),
    )
    found = np.zeros(m, dtype=bool)
    while True:
        cone.set_costs(np.where(found, 0.0, -1.0))
        status, direction = cone.minimise()
        if status != OPTIMAL or direction is None:
            raise SolverError("the recession cone of a block could not be explored")
        new = (direction > TOLERANCE) & ~found
        if not new.any():
            return found, cone.solves
        found |= new


def _block_intervals(
    program: LinearProgram,
    low: FloatArray,
    high: FloatArray,
    truth: FloatArray,
    unbounded: BoolArray,
) -> tuple[FloatArray, FloatArray]:
    """Minimum and maximum of each variable of one block, by warm-started re-solves."""
    m = low.size
    lowest = truth.copy()
    highest = truth.copy()
    lo = low.copy()
    hi = high.copy()
    hi[unbounded] = np.inf
    for k in range(m):
        if unbounded[k]:
            pass
        elif not (np.isfinite(high[k]) and highest[k] >= high[k] - TOLERANCE):
            program.set_cost(k, -1.0)
            status, point = program.minimise()
            program.set_cost(k, 0.0)
            if status == UNBOUNDED:
                hi[k] = np.inf
            elif status == OPTIMAL and point is not None:
                hi[k] = point[k]
                np.minimum(lowest, point, out=lowest)
                np.maximum(highest, point, out=highest)
            else:
                raise SolverError("a block with a known feasible table has no maximum")
        if lowest[k] > low[k] + TOLERANCE:
            program.set_cost(k, 1.0)
            status, point = program.minimise()
            program.set_cost(k, 0.0)
            if status != OPTIMAL or point is None:
                raise SolverError("a block with a known feasible table has no minimum")
            lo[k] = point[k]
            np.minimum(lowest, point, out=lowest)
            np.maximum(highest, point, out=highest)
    finite = np.isfinite(hi)
    hi[finite] = np.floor(hi[finite] + TOLERANCE)
    return np.ceil(lo - TOLERANCE), hi
