"""SparseMSE's checkident: the Fienberg-Rinaldo linear program and the rank test."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.stats.mse import OverlapTable, check_existence
from crossroads.stats.mse._existence import ExistenceChecker, lp_objective, removed_cells
from crossroads.stats.mse._terms import Model, full_design, pair_terms
from crossroads.stats.mse.tests._reference import ARTIFICIAL_3, KOREA


def test_artificial_3_reproduces_the_three_cases_of_csv21_table_3() -> None:
    # SparseMSE: checkident(Artificial_3, mX=mX, ...)          -> 2 (not identifiable)
    #            checkident(Artificial_3, mX=mX[,1], ...)      -> 1 (MLE does not exist)
    #            checkident(Artificial_3, mX=mX[,2:3], ...)    -> 0
    assert check_existence(ARTIFICIAL_3, ["A:B", "A:C", "B:C"]).code == 2
    assert check_existence(ARTIFICIAL_3, ["A:B"]).code == 1
    assert check_existence(ARTIFICIAL_3, ["A:C", "B:C"]).code == 0


def test_a_zero_cell_in_a_saturated_slice_has_no_mle() -> None:
    # Korea with b:c and b:d: given b = 0 the three cells (c), (d), (c,d) are fitted exactly,
    # and the (c,d) cell is 0, so b:c:d-free margins force mu(c,d) = 0 and exp(beta_0) -> inf.
    # This is why MultipleSystemsEstimation lists six, not seven, admissible Korea models.
    result = check_existence(KOREA, ["b:c", "b:d"])
    assert result.code == 1
    assert not result.mle_exists
    assert result.identifiable
    assert check_existence(KOREA, ["b:c"]).ok


def test_a_list_seen_only_with_another_and_too_few_cells_give_code_3() -> None:
    # Everyone on A is also on B (A:B total 2 = A total 2), so a strictly positive table
    # cannot reproduce both totals: no MLE (bit 1). A:C and B:C never overlap, so the cells
    # AC, BC and ABC are removed, leaving 4 cells for 5 parameters (bit 2).
    table = OverlapTable.from_patterns({"010": 2, "110": 2, "001": 2})
    assert check_existence(table, ["A:B", "A:C", "B:C"]).code == 3


def test_the_linear_program_gives_the_same_answer_at_any_scale() -> None:
    # Existence depends only on which cells are positive, so multiplying every count by a
    # large factor, or adding a huge list beside a one-person overlap, changes nothing.
    big = OverlapTable("bcd", KOREA.counts * 100_000)
    assert check_existence(big, ["b:c", "b:d"]).code == 1
    assert check_existence(big, ["b:c"]).code == 0
    lopsided = OverlapTable.from_patterns({"100": 2_000_000, "010": 3, "110": 1, "001": 5,
                                           "101": 1})  # fmt: skip
    y = lopsided.counts.astype(np.float64)
    for model, expected in (((0b011, 0b101), 1), ((0b011,), 0)):
        assert ExistenceChecker(3).check(y, model).code == _direct_code(y, 3, model) == expected


def test_the_rank_test_alone_flags_a_non_identifiable_model() -> None:
    assert check_existence(ARTIFICIAL_3, ["A:B", "A:C", "B:C"]).identifiable is False


def _direct_code(y: np.ndarray, k: int, model: Model) -> int:
    """checkident without shortcuts or memory: always solve the linear program."""
    removed = removed_cells(y, model, k)
    fitted = tuple(t for t in model if np.any(y[(np.arange(1, 2**k) & t) == t] > 0))
    design = full_design(fitted, k)[~removed]
    code = 0 if np.linalg.matrix_rank(design) == design.shape[1] else 2
    if lp_objective(design, y[~removed]) <= 1e-9:
        code |= 1
    return code


@settings(max_examples=60, deadline=None)
@given(
    k=st.integers(min_value=3, max_value=4),
    data=st.data(),
)
def test_shortcuts_give_the_same_code_as_always_solving_the_program(
    k: int, data: st.DataObject
) -> None:
    cells = data.draw(st.lists(st.sampled_from([0, 0, 0, 1, 2, 5]), min_size=2**k - 1,
                               max_size=2**k - 1))  # fmt: skip
    y = np.asarray(cells, dtype=np.float64)
    if y.sum() == 0:
        y[0] = 1.0
    pairs = pair_terms(k)
    chosen = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    checker = ExistenceChecker(k)
    model = tuple(chosen)
    first = checker.check(y, model).code
    assert first == _direct_code(y, k, model)
    # A second call answers from memory and must agree.
    assert checker.check(y, model).code == first


def test_memory_of_supports_is_used_across_tables() -> None:
    checker = ExistenceChecker(3)
    model: Model = (0b011, 0b101)
    y = KOREA.counts.astype(np.float64)
    assert checker.check(y, model).code == 1
    solved = checker.linear_programs
    smaller = y.copy()
    smaller[0] = 0.0  # fewer positive cells cannot bring existence back
    assert checker.check(smaller, model).code == 1
    assert checker.linear_programs == solved
