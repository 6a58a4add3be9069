"""The overlap table: how many people were seen on each combination of lists.

A capture pattern is stored as an integer bit mask: bit ``j`` is set when the
person is on list ``j`` (the ``j``-th column, counting from zero). The table
holds one count for every non-empty pattern ``1 .. 2**k - 1``; patterns that
were not observed are zeros. The all-zero pattern is the dark figure and is
never observed.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from crossroads.cells import safe_row
from crossroads.stats.mse._parsing import (
    COUNT_COLUMN,
    OverlapTableError,
    check_names,
    counts_from_patterns,
    counts_from_records,
    pattern_bits,
    read_csv,
)


@dataclass(frozen=True)
class PatternRow:
    """One observed capture pattern: the lists it contains and its count."""

    pattern: int
    lists: tuple[str, ...]
    count: int


class OverlapTable:
    """Counts of people for every combination of ``k`` lists (2 <= k <= 12).

    ``counts[c - 1]`` is the number of people seen on exactly the lists whose
    bits are set in pattern ``c`` (bit ``j`` = list ``j``), for
    ``c = 1 .. 2**k - 1``. Construct it with :meth:`from_csv`,
    :meth:`from_patterns` or :meth:`from_records`; the table is immutable.
    """

    __slots__ = ("_counts", "_lists")

    def __init__(self, lists: Sequence[str], counts: npt.ArrayLike) -> None:
        names = check_names(lists)
        array = np.asarray(counts)
        expected = 2 ** len(names) - 1
        if array.shape != (expected,):
            raise OverlapTableError(
                f"counts must have one entry per non-empty pattern ({expected} for "
                f"{len(names)} lists), got shape {array.shape}"
            )
        if not np.all(np.isfinite(array.astype(np.float64))):
            raise OverlapTableError("counts must be finite")
        as_int = array.astype(np.int64)
        if np.any(as_int != array) or np.any(as_int < 0):
            raise OverlapTableError("counts must be non-negative whole numbers")
        if as_int.sum() == 0:
            raise OverlapTableError("the table has no observed people")
        patterns = np.arange(1, expected + 1)
        for j, name in enumerate(names):
            if as_int[(patterns >> j) & 1 == 1].sum() == 0:
                raise OverlapTableError(
                    "the list holds nobody; remove it from the table", column=name
                )
        as_int.setflags(write=False)
        self._lists = names
        self._counts: npt.NDArray[np.int64] = as_int

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_patterns(
        cls, mapping: Mapping[Any, int], lists: Sequence[str] | None = None
    ) -> OverlapTable:
        """Build a table from ``{pattern: count}``.

        A pattern is a string of ``0``/``1`` characters (``"101"``), a sequence
        of 0/1 values, or a collection of list names (``{"police", "ngo"}``,
        which needs ``lists``). Patterns not in the mapping count zero.
        Without ``lists`` the lists are called A, B, C, ...
        """
        return cls(*counts_from_patterns(mapping, lists))

    @classmethod
    def from_records(cls, records: Iterable[Iterable[str]], lists: Sequence[str]) -> OverlapTable:
        """Build a table from one record per person: the names of the lists they are on.

        This is how a table is made from linked lists (one record per linked
        person). A record with no list, or with an unknown list name, is an error.
        """
        return cls(*counts_from_records(records, lists))

    @classmethod
    def from_csv(
        cls, source: str | os.PathLike[str] | IO[str], *, lists: Sequence[str] | None = None
    ) -> OverlapTable:
        """Read a table from CSV: one 0/1 column per list, then a ``count`` column.

        One row per observed pattern, as in SparseMSE and Rcapture
        (``dfreq=TRUE``); patterns that are not listed count zero. The header
        names the lists; the ``count`` column may be anywhere and in any case.
        The two-column form ``pattern,count`` is read too: each pattern is a
        string of 0/1 characters, one per list (``0110``), and the lists are
        called A, B, C... unless ``lists`` names them. Blank lines are ignored.
        Errors (:class:`OverlapTableError`) name the line, the column, the
        value found and what was expected.
        """
        if isinstance(source, str | os.PathLike):
            with Path(source).open(newline="", encoding="utf-8-sig") as handle:
                return cls(*read_csv(handle, lists))
        return cls(*read_csv(source, lists))

    # ------------------------------------------------------------------ output
    def to_csv(
        self, destination: str | os.PathLike[str] | IO[str] | None = None, *, zeros: bool = False
    ) -> str:
        """Write the table in the :meth:`from_csv` format and return the text.

        Only observed patterns are written unless ``zeros`` is true.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(safe_row([*self._lists, COUNT_COLUMN]))
        for pattern in range(1, 2**self.k):
            count = int(self._counts[pattern - 1])
            if count == 0 and not zeros:
                continue
            writer.writerow([*(pattern_bits(pattern, self.k)), count])
        text = buffer.getvalue()
        if isinstance(destination, str | os.PathLike):
            Path(destination).write_text(text, encoding="utf-8")
        elif destination is not None:
            destination.write(text)
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form: list names and the observed patterns."""
        return {
            "lists": list(self._lists),
            "patterns": {
                pattern_bits(row.pattern, self.k): row.count for row in self.observed_rows()
            },
        }

    # ------------------------------------------------------------------ accessors
    @property
    def lists(self) -> tuple[str, ...]:
        """The list names, in column order."""
        return self._lists

    @property
    def k(self) -> int:
        """The number of lists."""
        return len(self._lists)

    @property
    def counts(self) -> npt.NDArray[np.int64]:
        """Read-only counts, ``counts[c - 1]`` for pattern ``c``."""
        return self._counts

    @property
    def n_observed(self) -> int:
        """The number of distinct people seen on at least one list."""
        return int(self._counts.sum())

    def list_sizes(self) -> dict[str, int]:
        """How many people each list holds."""
        patterns = np.arange(1, 2**self.k)
        return {
            name: int(self._counts[(patterns >> j) & 1 == 1].sum())
            for j, name in enumerate(self._lists)
        }

    def overlap(self, first: str | int, second: str | int) -> int:
        """N*: people on both lists, whatever other lists they are on."""
        i, j = self.index(first), self.index(second)
        mask = (1 << i) | (1 << j)
        patterns = np.arange(1, 2**self.k)
        return int(self._counts[(patterns & mask) == mask].sum())

    def index(self, name: str | int) -> int:
        """The column index of a list given by name or index."""
        if isinstance(name, int):
            if not 0 <= name < self.k:
                raise OverlapTableError(f"list index {name} is out of range 0..{self.k - 1}")
            return name
        try:
            return self._lists.index(name)
        except ValueError:
            raise OverlapTableError(
                "unknown list name", value=name, expected="one of " + ", ".join(self._lists)
            ) from None

    def observed_rows(self) -> Iterator[PatternRow]:
        """The patterns with a positive count, in pattern order."""
        for pattern in np.flatnonzero(self._counts) + 1:
            members = tuple(self._lists[j] for j in range(self.k) if (pattern >> j) & 1)
            yield PatternRow(int(pattern), members, int(self._counts[pattern - 1]))

    def with_counts(self, counts: npt.ArrayLike) -> OverlapTable:
        """The same lists with other counts (used by resampling)."""
        return OverlapTable(self._lists, counts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OverlapTable):
            return NotImplemented
        return self._lists == other._lists and bool(np.array_equal(self._counts, other._counts))

    def __hash__(self) -> int:
        return hash((self._lists, self._counts.tobytes()))

    def __repr__(self) -> str:
        return (
            f"OverlapTable(lists={list(self._lists)!r}, n_observed={self.n_observed}, "
            f"observed_patterns={int(np.count_nonzero(self._counts))})"
        )
