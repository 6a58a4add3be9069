"""Dimensions and tables of counts, with their margins carried explicitly.

A table of ``k`` dimensions with ``n_1, ..., n_k`` categories is stored as an
*extended* array of shape ``(n_1 + 1, ..., n_k + 1)``: the last position
along each axis is the total over that dimension (the code :data:`TOTAL`).
Every margin and the grand total are therefore cells like any other, which
is what lets them be released or suppressed one by one.

What a total means depends on the dimension:

* an **additive** dimension partitions the table's population (each person
  has exactly one category), so its total is the sum of its categories;
* a **multi-response** dimension (``additive=False``) lets a person have
  several categories or none, so its total is the number of persons and is
  not the sum of the categories; all that is known is that each category
  count is at most the total.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import numpy.typing as npt

TOTAL = "_T"
"""Category code of the total along a dimension (the SDMX code for "total")."""

MAX_DIMENSIONS = 4
"""Members' tables have one to three dimensions; aggregation by group adds one."""

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")

IntArray = npt.NDArray[np.int64]


class TableError(ValueError):
    """A table or table set is malformed or its counts are inconsistent.

    The message names the table, the dimension and the cell concerned.
    """


def _check_name(kind: str, value: object) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise TableError(
            f"{kind} {value!r} must be a non-empty string of letters, digits, '_', '.', ':' or '-'"
        )
    return value


@dataclass(frozen=True)
class Dimension:
    """A classification variable of a table: its name, ordered categories and additivity.

    ``categories`` are codes (for example ISO country codes or codebook
    values); :data:`TOTAL` is reserved. ``additive`` says whether the
    categories partition the population counted by the table (True: sex,
    age group, citizenship group) or whether a person may fall in several or
    none of them (False: forms of exploitation, labour sectors).
    """

    name: str
    categories: tuple[str, ...]
    additive: bool = True

    def __post_init__(self) -> None:
        _check_name("dimension name", self.name)
        categories = tuple(self.categories)
        object.__setattr__(self, "categories", categories)
        if not categories:
            raise TableError(f"dimension {self.name!r} has no categories")
        for code in categories:
            if not isinstance(code, str) or not code:
                raise TableError(f"dimension {self.name!r}: category {code!r} is not a code")
            if code == TOTAL:
                raise TableError(f"dimension {self.name!r}: {TOTAL!r} is reserved for the total")
        if len(set(categories)) != len(categories):
            duplicates = sorted({c for c in categories if categories.count(c) > 1})
            raise TableError(f"dimension {self.name!r}: duplicate categories {duplicates}")
        if not isinstance(self.additive, bool):
            raise TableError(f"dimension {self.name!r}: additive must be True or False")

    @property
    def size(self) -> int:
        """The number of categories, not counting the total."""
        return len(self.categories)

    def index(self, code: str) -> int:
        """Position of ``code`` along the extended axis (the total is last)."""
        if code == TOTAL:
            return self.size
        try:
            return self.categories.index(code)
        except ValueError:
            raise TableError(f"dimension {self.name!r} has no category {code!r}") from None

    def code(self, position: int) -> str:
        """Category code at ``position`` of the extended axis."""
        return TOTAL if position == self.size else self.categories[position]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "categories": list(self.categories), "additive": self.additive}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Dimension:
        return cls(str(data["name"]), tuple(data["categories"]), bool(data.get("additive", True)))


def _as_counts(name: str, counts: npt.ArrayLike) -> IntArray:
    array = np.asarray(counts)
    if array.dtype == np.bool_ or array.dtype.kind not in "iu":
        if (
            array.dtype.kind == "f"
            and np.all(np.isfinite(array))
            and np.all(array == np.round(array))
        ):
            array = array.astype(np.int64)
        else:
            raise TableError(f"table {name!r}: counts must be whole numbers, got {array.dtype}")
    return np.array(array, dtype=np.int64)


def _extend(interior: IntArray) -> IntArray:
    """Add a total position along every axis, each total the sum over that axis."""
    cells = interior
    for axis in range(interior.ndim):
        cells = np.concatenate([cells, cells.sum(axis=axis, keepdims=True)], axis=axis)
    return cells


class Table:
    """Counts of persons of one population, cross-classified by one to three dimensions.

    ``counts`` is either the interior array (shape ``(n_1, ..., n_k)``),
    allowed only when every dimension is additive, in which case margins
    and the grand total are computed; or the extended array (shape
    ``(n_1 + 1, ..., n_k + 1)``) with the total of each axis in its last
    position, required as soon as a dimension is multi-response because
    those totals count persons and cannot be derived.

    ``population`` names the set of persons counted. Tables of one
    population count the same persons, so they share their grand total and
    the margins of the dimensions they have in common (see
    :class:`~crossroads.stats.disclosure.TableSet`).

    Raises :class:`TableError` for negative counts, a wrong shape, margins
    that are not the sum of their categories along an additive dimension, or
    a category count above its total along a multi-response dimension.
    The stored array is read-only.
    """

    __slots__ = ("_cells", "dimensions", "name", "population")

    def __init__(
        self,
        name: str,
        population: str,
        dimensions: Sequence[Dimension],
        counts: npt.ArrayLike,
    ) -> None:
        self.name = _check_name("table name", name)
        self.population = _check_name(f"table {name!r}: population", population)
        self.dimensions = tuple(dimensions)
        if not 1 <= len(self.dimensions) <= MAX_DIMENSIONS:
            raise TableError(
                f"table {name!r} has {len(self.dimensions)} dimensions; "
                f"1 to {MAX_DIMENSIONS} are allowed"
            )
        for dimension in self.dimensions:
            if not isinstance(dimension, Dimension):
                raise TableError(f"table {name!r}: {dimension!r} is not a Dimension")
        names = [d.name for d in self.dimensions]
        if len(set(names)) != len(names):
            raise TableError(f"table {name!r} uses a dimension twice: {names}")
        array = _as_counts(name, counts)
        interior = tuple(d.size for d in self.dimensions)
        extended = tuple(n + 1 for n in interior)
        if array.shape == interior:
            multi = [d.name for d in self.dimensions if not d.additive]
            if multi:
                raise TableError(
                    f"table {name!r}: multi-response dimension(s) {multi} need their totals "
                    f"(the number of persons); pass the extended array of shape {extended}"
                )
            self._check_non_negative(array)
            cells = _extend(array)
        elif array.shape == extended:
            self._check_non_negative(array)
            cells = array
            self._check_margins(cells)
        else:
            raise TableError(
                f"table {name!r}: counts have shape {array.shape}; expected {interior} "
                f"(categories only) or {extended} (with totals)"
            )
        cells.setflags(write=False)
        self._cells = cells

    def _check_non_negative(self, array: IntArray) -> None:
        if array.size and array.min() < 0:
            position = np.unravel_index(int(np.argmin(array)), array.shape)
            raise TableError(
                f"table {self.name!r}: negative count {int(array[position])} "
                f"at {self._label(tuple(int(i) for i in position))}"
            )

    def _check_margins(self, cells: IntArray) -> None:
        for axis, dimension in enumerate(self.dimensions):
            parts = np.take(cells, range(dimension.size), axis=axis)
            total = np.take(cells, [dimension.size], axis=axis)
            if dimension.additive:
                bad = parts.sum(axis=axis, keepdims=True) != total
                what = "is not the sum of its categories"
            else:
                bad = np.any(parts > total, axis=axis, keepdims=True)
                what = "is smaller than one of its categories"
            if bad.any():
                where = tuple(int(i) for i in np.argwhere(bad)[0])
                where = (*where[:axis], dimension.size, *where[axis + 1 :])
                raise TableError(
                    f"table {self.name!r}: the total over {dimension.name!r} at "
                    f"{self._label(where)} ({int(cells[where])}) {what}"
                )

    def _label(self, position: tuple[int, ...]) -> str:
        parts = (f"{d.name}={d.code(i)}" for d, i in zip(self.dimensions, position, strict=True))
        return "[" + ", ".join(parts) + "]"

    @property
    def cells(self) -> IntArray:
        """The extended, read-only array of counts, totals in the last position of each axis."""
        return self._cells

    @property
    def interior(self) -> IntArray:
        """The counts without any total (a read-only view)."""
        return self._cells[tuple(slice(0, d.size) for d in self.dimensions)]

    @property
    def grand_total(self) -> int:
        """The number of persons in the table's population."""
        return int(self._cells[tuple(d.size for d in self.dimensions)])

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the extended array."""
        return tuple(d.size + 1 for d in self.dimensions)

    def position(self, categories: Sequence[str]) -> tuple[int, ...]:
        """Extended-array position of the cell with these category codes (``TOTAL`` allowed)."""
        if len(categories) != len(self.dimensions):
            raise TableError(
                f"table {self.name!r} has {len(self.dimensions)} dimensions, "
                f"got {len(categories)} codes {tuple(categories)}"
            )
        return tuple(d.index(c) for d, c in zip(self.dimensions, categories, strict=True))

    def categories_at(self, position: Sequence[int | np.integer[Any]]) -> tuple[str, ...]:
        """Category codes of the cell at an extended-array position."""
        return tuple(d.code(int(i)) for d, i in zip(self.dimensions, position, strict=True))

    def count(self, *categories: str) -> int:
        """The count of one cell, e.g. ``table.count("F", TOTAL)``."""
        return int(self._cells[self.position(categories)])

    def positions(self) -> Iterator[tuple[int, ...]]:
        """Every extended position, in row-major order (the order of ``cells.ravel()``)."""
        return product(*(range(n) for n in self.shape))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return (
            self.name == other.name
            and self.population == other.population
            and self.dimensions == other.dimensions
            and np.array_equal(self._cells, other._cells)
        )

    def __hash__(self) -> int:
        return hash((self.name, self.population, self.dimensions))

    def __repr__(self) -> str:
        dims = " x ".join(f"{d.name}({d.size})" for d in self.dimensions)
        return f"Table({self.name!r}, {self.population!r}, {dims}, total={self.grand_total})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form holding the original counts (never to leave the organisation)."""
        return {
            "name": self.name,
            "population": self.population,
            "dimensions": [d.to_dict() for d in self.dimensions],
            "counts": self._cells.tolist(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Table:
        """Rebuild a table from :meth:`to_dict`; refuses suppressed cells (``None`` counts)."""
        counts = data.get("counts")
        if counts is None or _contains_none(counts):
            raise TableError(
                f"table {data.get('name')!r}: counts are missing or suppressed; a table of "
                "original counts cannot be rebuilt from a protected release"
            )
        return cls(
            str(data["name"]),
            str(data["population"]),
            [Dimension.from_dict(d) for d in data["dimensions"]],
            counts,
        )


def _contains_none(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, list | tuple):
        return any(_contains_none(v) for v in value)
    return False
