"""Linking several lists through their token cascades into one overlap table.

Rules (the same whoever runs the linkage):

* Records within one list are distinct persons: each list holder
  deduplicates its own list. Two records of the same list are never merged
  into one person, so a person (cluster) holds at most one record per list.
  Records of one list that look like the same person are only *reported*
  (:attr:`Linkage.duplicates`).
* Levels are used strictest first (:data:`~crossroads.stats.linkage.LEVEL_NAMES`).
  At every level a token is used only where it is unique within each list
  that holds it; a token held by two records of one list is skipped as
  ambiguous, because it cannot say which of the two is the person.
* A link that would put two records of one list into the same person is
  refused and counted.

Why this matters for the estimate: a missed link (false non-link) turns one
person into two, which looks like less overlap and *inflates* the hidden
number; a wrong link (false link) does the opposite and *deflates* it. The
per-level counts of :class:`Linkage` let an analyst see which levels carried
the linkage.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from crossroads.cells import safe_row
from crossroads.stats.linkage._files import KeyArray, TokenFile, check_list_name, token_keys
from crossroads.stats.linkage._forest import Forest, IntArray, LevelReport
from crossroads.stats.linkage._tokens import LEVEL_NAMES

MIN_LISTS = 2
MAX_LISTS = 12  # as crossroads.stats.mse accepts (its tables are dense)
#: The level on which records of one list are compared to report likely duplicates:
#: all names (in any order), the full date of birth and sex agree after normalisation.
DUPLICATE_LEVEL = "any_order"


class LinkageError(ValueError):
    """Lists that cannot be linked together (too few or too many, same name, other key)."""


@dataclass(frozen=True)
class TokenList:
    """One list to link: its name and, per record, the key of each level's token.

    ``keys`` has one row per record and one column per level of
    :data:`~crossroads.stats.linkage.LEVEL_NAMES`; 0 marks a missing token.
    """

    name: str
    keys: KeyArray

    @property
    def people(self) -> int:
        """The number of records in the list."""
        return int(self.keys.shape[0])

    @classmethod
    def from_file(cls, token_file: TokenFile, name: str | None = None) -> TokenList:
        """The list of a token file, under its own label unless ``name`` is given."""
        return cls(check_list_name(name or token_file.list_name), token_file.keys)

    @classmethod
    def from_tokens(cls, name: str, rows: Iterable[Sequence[str]]) -> TokenList:
        """A list from rows of hexadecimal tokens in level order ('' when missing).

        This is the form stored with case records (``Case.linkage_tokens``).
        Raises :class:`ValueError` for a row of the wrong length or a malformed token.
        """
        width = len(LEVEL_NAMES)
        columns: list[list[str]] = [[] for _ in range(width)]
        for number, row in enumerate(rows, start=1):
            if len(row) != width:
                raise ValueError(f"record {number}: expected {width} tokens, got {len(row)}")
            for column, token in zip(columns, row, strict=True):
                column.append(token or "")
        keys = np.zeros((len(columns[0]), width), dtype=np.uint64)
        for level, column in enumerate(columns):
            try:
                keys[:, level] = token_keys(column)
            except ValueError as error:
                raise ValueError(
                    f"record {int(error.args[0]) + 1}: the {LEVEL_NAMES[level]} token is malformed"
                ) from None
        return cls(check_list_name(name), keys)


@dataclass(frozen=True)
class Linkage:
    """The result of linking lists: the overlap table and how it was reached.

    ``counts[c - 1]`` is the number of people found on exactly the lists
    whose bits are set in pattern ``c`` (bit ``j`` = ``lists[j]``), the
    convention of :class:`crossroads.stats.mse.OverlapTable`.
    ``person[j][r]`` is the person number of record ``r`` of list ``j``.
    """

    lists: tuple[str, ...]
    list_sizes: tuple[int, ...]
    counts: IntArray
    levels: tuple[LevelReport, ...]
    duplicates: tuple[int, ...]  # per list, records that look like another record of it
    person: tuple[IntArray, ...]

    @property
    def people(self) -> int:
        """The number of distinct people seen on at least one list."""
        return int(self.counts.sum())

    @property
    def links(self) -> int:
        """Links made over all levels."""
        return sum(level.links for level in self.levels)

    def patterns(self) -> list[tuple[tuple[int, ...], int]]:
        """Observed patterns as (0/1 per list, count), in pattern order."""
        k = len(self.lists)
        return [
            (tuple((pattern >> j) & 1 for j in range(k)), int(self.counts[pattern - 1]))
            for pattern in range(1, 2**k)
            if self.counts[pattern - 1] > 0
        ]

    def overlap(self) -> dict[str, Any]:
        """The overlap table as ``{"lists": [...], "patterns": {"101": count, ...}}``.

        Pattern strings hold one 0/1 character per list, in list order (the
        form of :meth:`crossroads.stats.mse.OverlapTable.to_dict`); only
        observed patterns are listed.
        """
        return {
            "lists": list(self.lists),
            "patterns": {"".join(map(str, bits)): count for bits, count in self.patterns()},
        }

    def to_csv(self) -> str:
        """The overlap table as CSV: one 0/1 column per list, then ``count``; observed rows only.

        This is the input of ``crossroads estimate`` (and of SparseMSE and Rcapture).
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(safe_row([*self.lists, "count"]))
        for bits, count in self.patterns():
            writer.writerow([*bits, count])
        return buffer.getvalue()

    def report(self) -> dict[str, Any]:
        """The linkage diagnostics, JSON-ready (no token, no record position)."""
        return {
            "lists": list(self.lists),
            "list_sizes": dict(zip(self.lists, self.list_sizes, strict=True)),
            "people": self.people,
            "links": self.links,
            "levels": [
                {
                    "level": level.level,
                    "links": level.links,
                    "ambiguous": level.ambiguous,
                    "refused": level.refused,
                }
                for level in self.levels
            ],
            "duplicates": dict(zip(self.lists, self.duplicates, strict=True)),
        }


def link(lists: Sequence[TokenList], levels: Sequence[str] = LEVEL_NAMES) -> Linkage:
    """Link 2 to 10 lists through the token cascade (see the module docstring).

    ``levels`` are the levels to use, in order (default: all, strictest
    first); ``("exact",)`` gives the single-key linkage, for comparison.
    """
    _check_lists(lists)
    level_index = [_level_index(level) for level in levels]
    sizes = np.array([token_list.people for token_list in lists], dtype=np.int64)
    owner = np.repeat(np.arange(len(lists), dtype=np.int64), sizes)
    keys = (
        np.concatenate([token_list.keys for token_list in lists])
        if sizes.sum()
        else np.zeros((0, len(LEVEL_NAMES)), dtype=np.uint64)
    )
    forest = Forest(owner)
    reports = tuple(
        forest.link_level(keys[:, column], LEVEL_NAMES[column]) for column in level_index
    )
    roots = forest.roots()
    people, person = np.unique(roots, return_inverse=True)
    masks = forest.mask[people]
    counts = np.bincount(masks, minlength=2 ** len(lists))[1:].astype(np.int64)
    bounds = np.cumsum(sizes)[:-1]
    return Linkage(
        lists=tuple(token_list.name for token_list in lists),
        list_sizes=tuple(int(size) for size in sizes),
        counts=counts,
        levels=reports,
        duplicates=tuple(int(_duplicate_runs(token_list)[2].sum()) for token_list in lists),
        person=tuple(np.split(person.astype(np.int64), bounds)),
    )


def duplicate_groups(token_list: TokenList) -> list[IntArray]:
    """Records of one list that look like the same person, as groups of record positions.

    Two records are in one group when their ``any_order`` tokens are equal:
    all names (in any order), the full date of birth and sex agree after
    normalisation. The list holder should check them; the linker never merges them.
    """
    order, starts, sizes = _duplicate_runs(token_list)
    return [np.sort(order[start : start + size]) for start, size in zip(starts, sizes, strict=True)]


def _duplicate_runs(token_list: TokenList) -> tuple[IntArray, IntArray, IntArray]:
    """Record positions sorted by ``any_order`` token, and where runs of equal tokens start."""
    column = token_list.keys[:, LEVEL_NAMES.index(DUPLICATE_LEVEL)]
    present = np.flatnonzero(column)
    order = present[np.argsort(column[present], kind="stable")]
    values = column[order]
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if values.size else order
    sizes = np.diff(np.r_[starts, values.size])
    repeated = sizes > 1
    return order, starts[repeated], sizes[repeated]


def _check_lists(lists: Sequence[TokenList]) -> None:
    if not MIN_LISTS <= len(lists) <= MAX_LISTS:
        raise LinkageError(
            f"an overlap table needs between {MIN_LISTS} and {MAX_LISTS} lists, got {len(lists)}"
        )
    names = [token_list.name for token_list in lists]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise LinkageError(
            "each list needs its own name; used more than once: " + ", ".join(repeated)
        )
    for token_list in lists:
        if token_list.keys.ndim != 2 or token_list.keys.shape[1] != len(LEVEL_NAMES):
            raise LinkageError(f"list {token_list.name}: expected one token per level")


def _level_index(level: str) -> int:
    try:
        return LEVEL_NAMES.index(level)
    except ValueError:
        raise LinkageError(
            f"unknown token level {level!r} (expected some of {', '.join(LEVEL_NAMES)})"
        ) from None
