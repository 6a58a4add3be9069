"""Distinct rows of an integer matrix, fast: packed into one integer each, then one sort.

``np.unique(matrix, axis=0)`` compares rows as opaque byte strings and is
several times slower than sorting one ``int64`` per row. Rows of small
non-negative offsets pack into one integer (mixed radix, first column most
significant), which keeps the lexicographic order ``np.unique`` gives.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
IndexArray = npt.NDArray[np.intp]


def distinct_rows(matrix: npt.NDArray[np.integer]) -> tuple[IntArray, IndexArray, IntArray]:
    """The distinct rows of a 2-d integer ``matrix`` in lexicographic order, the index of
    each row of ``matrix`` among them, and how often each occurs.

    Equivalent to ``np.unique(matrix, axis=0, return_inverse=True,
    return_counts=True)``.
    """
    rows = np.asarray(matrix, dtype=np.int64)
    if rows.shape[0] == 0:
        return rows.reshape(0, rows.shape[1]), np.zeros(0, dtype=np.intp), np.zeros(0, np.int64)
    lows = rows.min(axis=0)
    spans = rows.max(axis=0) - lows + 1
    if math.prod(int(span) for span in spans) >= 2**62:
        # Too many bits for one integer: compare the rows themselves.
        unique, inverse, counts = np.unique(rows, axis=0, return_inverse=True, return_counts=True)
        return unique, inverse.reshape(-1).astype(np.intp), counts.astype(np.int64)
    key = np.zeros(rows.shape[0], dtype=np.int64)
    for column, low, span in zip(rows.T, lows.tolist(), spans.tolist(), strict=True):
        key = key * span + (column - low)
    keys, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    unique = np.empty((len(keys), rows.shape[1]), dtype=np.int64)
    for at in range(rows.shape[1] - 1, -1, -1):
        unique[:, at] = keys % spans[at] + lows[at]
        keys = keys // spans[at]
    return unique, inverse.reshape(-1).astype(np.intp), counts.astype(np.int64)
