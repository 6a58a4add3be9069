"""Splitting what an outsider knows into independent blocks of unknown cells.

Released cells are constants, so only suppressed cells remain as unknowns;
relations without any unknown are dropped and relations with a single
unknown become bounds. The rest splits into independent blocks (connected
components of unknowns linked by a relation): the feasible set is the
product of the blocks, so each block is solved on its own
(:mod:`crossroads.stats.disclosure._intervals`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from crossroads.stats.disclosure._lp import (
    BoolArray,
    FloatArray,
    IndexArray,
    LinearProgram,
    blocks,
)


@dataclass
class Block:
    """Unknowns linked by relations, with the relations and bounds that hold only them."""

    variables: IndexArray
    equalities: Any
    eq_rhs: FloatArray
    inequalities: Any
    ub_rhs: FloatArray
    low: FloatArray
    high: FloatArray
    truth: FloatArray

    def program(self, *, integer: bool = False) -> LinearProgram:
        return LinearProgram.from_parts(
            self.equalities,
            self.eq_rhs,
            self.inequalities,
            self.ub_rhs,
            self.low,
            self.high,
            integer=integer,
            primal=True,
        )


def _split_known(
    matrix: Any, known: BoolArray, values: FloatArray
) -> tuple[Any, FloatArray, npt.NDArray[np.int64]]:
    """The columns of unknowns, the right-hand side from known values, nonzeros per row."""
    unknown_part = sparse.csr_array(matrix[:, np.flatnonzero(~known)])
    rhs = -(matrix[:, np.flatnonzero(known)] @ values[known])
    return unknown_part, np.asarray(rhs, dtype=np.float64), np.diff(unknown_part.indptr)


def suppressed_blocks(equalities: Any, inequalities: Any, known: BoolArray) -> IndexArray:
    """Block label of each unknown variable, -1 for known ones."""
    unknown = np.flatnonzero(~known)
    rows = sparse.csr_array(sparse.vstack([equalities, inequalities])[:, unknown])
    labels = np.full(known.size, -1, dtype=np.intp)
    labels[unknown] = blocks(rows, unknown.size)
    return labels


def independent_blocks(
    equalities: Any,
    inequalities: Any,
    known: BoolArray,
    values: FloatArray,
    floor: FloatArray,
    focus: BoolArray | None,
) -> Iterator[Block]:
    """The independent blocks of unknowns (only those holding a focus variable, if given)."""
    unknown = np.flatnonzero(~known)
    if unknown.size == 0:
        return
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
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(int(labels.max()) + 2))
    wanted = np.ones(int(labels.max()) + 1, dtype=bool)
    if focus is not None:
        wanted[:] = False
        wanted[labels[focus[unknown]]] = True
    for label in np.flatnonzero(wanted).tolist():
        members = order[starts[label] : starts[label + 1]]
        eq_rows = a_keep[row_labels[: a_keep.size] == label]
        ub_rows = g_keep[row_labels[a_keep.size :] == label]
        yield Block(
            unknown[members],
            a_u[eq_rows][:, members],
            a_rhs[eq_rows],
            g_u[ub_rows][:, members],
            g_rhs[ub_rows],
            low[members],
            high[members],
            values[unknown[members]],
        )
