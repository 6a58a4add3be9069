"""Hypothesis strategies: small linked table sets tabulated from simulated persons.

Tables are counted from person records, so they are consistent by
construction (shared margins agree, multi-response totals count persons,
awarded never exceeds claimed), and small counts are frequent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st

from crossroads.stats.disclosure import (
    Dimension,
    Nested,
    SuppressionRule,
    Table,
    TableSet,
)


@dataclass(frozen=True)
class Person:
    sex: int
    age: int
    citizenship: int
    forms: tuple[bool, ...]
    claimed: bool
    awarded: bool


def _count(dims: list[Dimension], codes: list[list[int]]) -> npt.NDArray[np.int64]:
    counts = np.zeros(tuple(d.size for d in dims), dtype=np.int64)
    for row in codes:
        counts[tuple(row)] += 1
    return counts


def _multi(dim: Dimension, by: Dimension | None, persons: list[Person]) -> npt.NDArray[np.int64]:
    """Extended counts of a multi-response dimension, optionally crossed with an additive one."""
    if by is None:
        cells = np.zeros(dim.size + 1, dtype=np.int64)
        for p in persons:
            cells[: dim.size] += np.array(p.forms, dtype=np.int64)
            cells[dim.size] += 1
        return cells
    cells = np.zeros((by.size + 1, dim.size + 1), dtype=np.int64)
    for p in persons:
        for row in (p.sex, by.size):
            cells[row, : dim.size] += np.array(p.forms, dtype=np.int64)
            cells[row, dim.size] += 1
    return cells


@st.composite
def table_sets(draw: st.DrawFn) -> TableSet:
    """Two to four linked tables of one population, sometimes with a nested pair."""
    n_sex = draw(st.integers(2, 3))
    n_age = draw(st.integers(2, 6))
    n_cit = draw(st.integers(2, 4))
    n_form = draw(st.integers(2, 4))
    sex = Dimension("sex", tuple(f"s{i}" for i in range(n_sex)))
    age = Dimension("age", tuple(f"a{i}" for i in range(n_age)))
    cit = Dimension("cit", tuple(f"c{i}" for i in range(n_cit)))
    form = Dimension("form", tuple(f"f{i}" for i in range(n_form)), additive=False)
    person = st.builds(
        Person,
        st.integers(0, n_sex - 1),
        st.integers(0, n_age - 1),
        st.integers(0, n_cit - 1),
        st.tuples(*[st.booleans()] * n_form),
        st.booleans(),
        st.booleans(),
    )
    persons = draw(st.lists(person, min_size=1, max_size=70))
    catalogue = {
        "sex_age": lambda: Table(
            "sex_age", "all", [sex, age], _count([sex, age], [[p.sex, p.age] for p in persons])
        ),
        "sex_cit": lambda: Table(
            "sex_cit",
            "all",
            [sex, cit],
            _count([sex, cit], [[p.sex, p.citizenship] for p in persons]),
        ),
        "age_cit": lambda: Table(
            "age_cit",
            "all",
            [age, cit],
            _count([age, cit], [[p.age, p.citizenship] for p in persons]),
        ),
        "sex": lambda: Table("sex", "all", [sex], _count([sex], [[p.sex] for p in persons])),
        "form": lambda: Table("form", "all", [form], _multi(form, None, persons)),
        "sex_form": lambda: Table("sex_form", "all", [sex, form], _multi(form, sex, persons)),
    }
    names = draw(st.lists(st.sampled_from(sorted(catalogue)), min_size=2, max_size=4, unique=True))
    tables = [catalogue[name]() for name in names]
    links = []
    if draw(st.booleans()):
        claimed = [[p.sex] for p in persons if p.claimed]
        awarded = [[p.sex] for p in persons if p.claimed and p.awarded]
        tables.append(Table("claimed", "claimed", [sex], _count([sex], claimed)))
        tables.append(Table("awarded", "awarded", [sex], _count([sex], awarded)))
        links.append(Nested("awarded", "claimed"))
    return TableSet(tables, links)


rules = st.builds(
    SuppressionRule,
    threshold=st.sampled_from([3, 5, 10]),
    release_zeros=st.sampled_from([True, True, True, False]),
    rounding_base=st.sampled_from([None, None, 3, 5]),
    protection=st.sampled_from([None, None, 1, 2, 4]),
)
