"""Distinct rows by packed keys give exactly what numpy's row-wise unique gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from crossroads.stats.rows import distinct_rows


@given(
    hnp.arrays(
        np.int64,
        st.tuples(st.integers(0, 60), st.integers(1, 5)),
        elements=st.integers(-3, 40),
    )
)
def test_distinct_rows_match_numpys_unique_rows_order_index_and_counts(
    matrix: np.ndarray,
) -> None:
    rows, inverse, counts = distinct_rows(matrix)
    expected, expected_inverse, expected_counts = np.unique(
        matrix, axis=0, return_inverse=True, return_counts=True
    )
    assert rows.tolist() == expected.tolist()
    assert inverse.tolist() == expected_inverse.reshape(-1).tolist()
    assert counts.tolist() == expected_counts.tolist()


def test_rows_too_wide_to_pack_are_compared_directly() -> None:
    # Four columns spanning 2**20 values each need 80 bits: no single integer holds them.
    matrix = np.array([[0, 0, 0, 2**20], [2**20, 0, 0, 0], [0, 0, 0, 2**20]], dtype=np.int64)
    rows, inverse, counts = distinct_rows(matrix)
    assert rows.tolist() == [[0, 0, 0, 2**20], [2**20, 0, 0, 0]]
    assert inverse.tolist() == [0, 1, 0]
    assert counts.tolist() == [2, 1]
