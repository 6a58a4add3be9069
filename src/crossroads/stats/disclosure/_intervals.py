"""Ranges of suppressed cells over every table consistent with what is released.

What keeps the work small, and why:

* Released cells are constants, so only suppressed cells remain as
  unknowns; relations without any unknown are dropped and relations with a
  single unknown become bounds. The rest splits into independent blocks
  (connected components of unknowns linked by a relation); the feasible
  set is the product of the blocks, so each block is solved on its own
  (:mod:`crossroads.stats.disclosure._blocks`).
* Every optimum found is a feasible table. A lower bound that some known
  feasible point already attains (the true table or an earlier optimum)
  needs no optimisation, which skips most minimisations; a requirement that
  a known point already meets needs none either (:func:`meets_requirements`).
* In a large block, the variables with no maximum at all are found first
  with a few programs over the directions in which the block can grow
  (``_unbounded_directions``), instead of one program each.
* Block programs only change their objective between solves, so they run
  the primal simplex, which can go on from the last basis.
* When only the requirements matter (``required`` given), a few programs
  that raise every unsettled cell at once, each capped at what it must
  reach, settle most cells of a large block together; only the others get
  programs of their own. The ranges reported for settled cells are then
  the values seen in feasible tables: inner bounds, enough to prove a
  requirement met, not the exact extremes.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from scipy import sparse

from crossroads.stats.disclosure._blocks import Block, independent_blocks
from crossroads.stats.disclosure._lp import (
    OPTIMAL,
    TOLERANCE,
    UNBOUNDED,
    BoolArray,
    FloatArray,
    LinearProgram,
    SolverError,
)

RECESSION_MIN_BLOCK = 8
"""Blocks larger than this first look for variables without a maximum."""


class OutOfTime(RuntimeError):
    """The ranges were not all found before the deadline given."""


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise OutOfTime("the audit did not finish in the time allowed")


class Intervals:
    """Smallest and largest value of each unknown variable.

    NaN for known variables, ``inf`` for an upper bound that does not exist.
    """

    def __init__(self, n: int) -> None:
        self.lower: FloatArray = np.full(n, np.nan)
        self.upper: FloatArray = np.full(n, np.nan)
        self.solves = 0


def feasible_intervals(
    equalities: Any,
    inequalities: Any,
    known: BoolArray,
    values: FloatArray,
    floor: FloatArray,
    *,
    integer: bool = False,
    required: FloatArray | None = None,
    focus: BoolArray | None = None,
    deadline: float | None = None,
) -> Intervals:
    """Range of every unknown variable over all tables consistent with what is known.

    The feasible set is ``{x : A x = 0, G x <= 0, x >= floor, x_k = values_k
    for known k}``. ``values`` must hold the true value of every variable
    (known and unknown): the true table is feasible and serves as a first
    witness. Bounds are rounded inwards to integers (counts are whole
    numbers). With ``integer=True`` they are integer-programming optima;
    otherwise linear-programming ones, which equal the integer optima for
    two-way tables with margins and may be wider otherwise (never narrower).

    With ``required`` (per variable: the upper bound it must be able to
    reach, or NaN when it only must not be determined), a variable that
    some feasible table already shows meeting its requirement gets the range
    of the values seen instead of its exact extremes (see the module
    docstring); every other variable still gets exact ones.

    With ``focus``, only the unknown variables it marks get ranges (the
    others stay NaN), and only the blocks holding them are solved.
    Past ``deadline`` (a :func:`time.monotonic` time) it stops with
    :class:`OutOfTime`.
    """
    out = Intervals(known.size)
    for block in independent_blocks(equalities, inequalities, known, values, floor, focus):
        _check(deadline)
        program = block.program(integer=integer)
        wanted = None if focus is None else focus[block.variables]
        unbounded = np.zeros(block.variables.size, dtype=bool)
        if (block.variables.size if wanted is None else int(wanted.sum())) > RECESSION_MIN_BLOCK:
            unbounded, solves = _unbounded_directions(
                block.equalities, block.inequalities, block.high
            )
            out.solves += solves
        targets = None if required is None else required[block.variables]
        lo, hi = _block_intervals(program, block, unbounded, targets, wanted, deadline)
        chosen = block.variables if wanted is None else block.variables[wanted]
        out.lower[chosen] = lo if wanted is None else lo[wanted]
        out.upper[chosen] = hi if wanted is None else hi[wanted]
        out.solves += program.solves
    return out


def meets_requirements(
    equalities: Any,
    inequalities: Any,
    known: BoolArray,
    values: FloatArray,
    floor: FloatArray,
    required: FloatArray,
    focus: BoolArray,
) -> bool:
    """Whether every unknown focus variable meets its requirement; stops at the first failure.

    ``required[v]`` is the upper bound variable ``v`` must be able to reach,
    or NaN when it only must not be determined (its maximum above its
    minimum). Blocks without a focus variable are not examined. Known
    feasible points settle most cases without optimising.
    """
    for block in independent_blocks(equalities, inequalities, known, values, floor, focus):
        program = block.program()
        witnesses = [block.truth]
        wanted = focus[block.variables]
        for k in np.flatnonzero(wanted).tolist():
            target = required[block.variables[k]]
            top = max(float(w[k]) for w in witnesses)
            bottom = min(float(w[k]) for w in witnesses)
            if np.isnan(target):
                if top > bottom + TOLERANCE:
                    continue
            elif top >= target - TOLERANCE:
                continue
            for direction in (-1.0, 1.0) if np.isnan(target) else (-1.0,):
                program.set_cost(k, direction)
                status, point = program.minimise()
                program.set_cost(k, 0.0)
                if status == UNBOUNDED:
                    break
                if status != OPTIMAL or point is None:
                    raise SolverError("a block with a known feasible table could not be solved")
                witnesses.append(point)
                if np.isnan(target) and abs(point[k] - block.truth[k]) > TOLERANCE:
                    break
                if not np.isnan(target) and point[k] >= target - TOLERANCE:
                    break
            else:
                return False
    return True


def _unbounded_directions(a_block: Any, g_block: Any, high: FloatArray) -> tuple[BoolArray, int]:
    """Variables of a block that can grow without limit, found with a few programs.

    A variable has no maximum exactly when some direction ``d >= 0`` with
    ``A d = 0`` and ``G d <= 0`` (zero on variables with an upper bound)
    increases it. Directions add up, so one program over ``d`` and
    ``t <= min(d, 1)`` maximising the sum of ``t`` over the variables not
    yet found reaches, in one solve, nearly all of them at once (capping
    ``d`` itself at 1 would not: a margin shared by many directions would
    let only one through per solve). The loop stops when a solve finds no
    new variable; the variables found need no maximisation of their own.
    """
    m = high.size
    growable = np.where(np.isfinite(high), 0.0, np.inf)
    zeros_a = sparse.csr_array((a_block.shape[0], m))
    zeros_g = sparse.csr_array((g_block.shape[0], m))
    identity = sparse.identity(m, format="csr")
    cone = LinearProgram.from_parts(
        sparse.hstack([a_block, zeros_a]),
        np.zeros(a_block.shape[0]),
        sparse.vstack([sparse.hstack([g_block, zeros_g]), sparse.hstack([-identity, identity])]),
        np.zeros(g_block.shape[0] + m),
        np.zeros(2 * m),
        np.concatenate([growable, np.minimum(growable, 1.0)]),
    )
    found = np.zeros(m, dtype=bool)
    while True:
        cone.set_costs(np.concatenate([np.zeros(m), np.where(found, 0.0, -1.0)]))
        status, solution = cone.minimise()
        if status != OPTIMAL or solution is None:
            raise SolverError("the directions of growth of a block could not be found")
        new = (solution[:m] > TOLERANCE) & ~found
        if not new.any():
            return found, cone.solves
        found |= new


SETTLE_ROUNDS = 8
"""At most this many joint programs per block before the remaining cells are solved one by one."""


def _goal(targets: FloatArray, truth: FloatArray) -> FloatArray:
    """What each cell must reach: its requirement, or one above its true value for a cell
    (target NaN) that only must not be determined."""
    return np.where(np.isnan(targets), truth + 1.0, targets)


def _witnessed(
    targets: FloatArray, truth: FloatArray, lowest: FloatArray, highest: FloatArray
) -> BoolArray:
    """Cells that the feasible tables seen (spanning ``lowest`` to ``highest``) show meeting
    their requirement: reaching their goal, or, for a cell that only must not be
    determined, also taking a value below its true one."""
    reached = highest >= _goal(targets, truth) - TOLERANCE
    moved = np.isnan(targets) & (lowest <= truth - 1.0 + TOLERANCE)
    return np.asarray(reached | moved, dtype=bool)


def _settle(
    program: LinearProgram,
    block: Block,
    targets: FloatArray,
    unbounded: BoolArray,
    lowest: FloatArray,
    highest: FloatArray,
    skipped: BoolArray,
) -> BoolArray:
    """Cells of a block that feasible tables show meeting their requirement.

    Each round maximises the sum of the unsettled cells, each capped at its
    target (the requirement, or one above the true value for a cell that
    only must not be determined), and keeps the optimum as a witness. The
    caps keep the program bounded and stop one cell from taking all the
    room. Cells ``skipped`` count as settled. Updates ``lowest`` and
    ``highest`` in place.
    """
    goal = _goal(targets, block.truth)

    def settled_now() -> BoolArray:
        witnessed = _witnessed(targets, block.truth, lowest, highest)
        return np.asarray(skipped | unbounded | witnessed, dtype=bool)

    settled = settled_now()
    for _ in range(SETTLE_ROUNDS):
        if settled.all():
            break
        program.set_bounds(block.low, np.where(settled, block.high, np.minimum(block.high, goal)))
        program.set_costs(np.where(settled, 0.0, -1.0))
        status, point = program.minimise()
        if status != OPTIMAL or point is None:
            break
        np.minimum(lowest, point, out=lowest)
        np.maximum(highest, point, out=highest)
        now = settled_now()
        if (now == settled).all():
            break
        settled = now
    program.set_bounds(block.low, block.high)
    program.set_costs(np.zeros(block.low.size))
    return settled


def _block_intervals(
    program: LinearProgram,
    block: Block,
    unbounded: BoolArray,
    targets: FloatArray | None = None,
    wanted: BoolArray | None = None,
    deadline: float | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Minimum and maximum of each variable of one block, by warm-started re-solves.

    With ``targets`` (see :func:`feasible_intervals`), cells that witnesses
    show meeting them get the witnessed range instead. With ``wanted``, the
    other cells are not solved (their returned range means nothing).
    """
    low, high, truth = block.low, block.high, block.truth
    m = low.size
    lowest = truth.copy()
    highest = truth.copy()
    lo = low.copy()
    hi = high.copy()
    hi[unbounded] = np.inf
    skipped = np.zeros(m, dtype=bool) if wanted is None else ~wanted
    settled = skipped.copy()
    if targets is not None:
        settled = _settle(program, block, targets, unbounded, lowest, highest, skipped)
    for k in range(m):
        if skipped[k]:
            continue
        _check(deadline)
        if targets is not None and not settled[k]:
            # The optima found for earlier cells are feasible tables too: one of them may
            # already show this cell meeting its requirement (as _settle's witnesses do).
            settled[k] = bool(
                _witnessed(targets[k : k + 1], truth[k : k + 1],
                           lowest[k : k + 1], highest[k : k + 1])[0]
            )  # fmt: skip
        if unbounded[k]:
            pass
        elif settled[k]:
            hi[k] = highest[k]
            lo[k] = lowest[k]
            continue
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
