"""Summing members' original counts into network (and per-group) tables.

Why aggregation starts from original counts and is protected again:

* A suppressed cell is unknown, not zero. Summing suppressed inputs as
  zeros would publish wrong totals, and summing released values only
  would let anyone subtract the published network figure from the sum of
  the members' released figures and recover what the members suppressed.
* Suppression patterns do not add up: the sum of protected tables may hold
  new small cells (a category below the threshold in every member stays
  small in total) and the members' complements no longer protect anything
  in the sum. The network tables are therefore protected again, from
  scratch, with :func:`~crossroads.stats.disclosure.protect`.

With ``groups`` (for example each member's country) the result gets a
leading additive dimension whose categories are the groups; the network
table is then its margin, and per-country and network tables are protected
together, so that one cannot be differenced against the other.

Persons assisted by two members are counted twice: the sums are counts of
persons per member, added up.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crossroads.stats.disclosure._constraints import CellRef, Link, Nested, SameCount
from crossroads.stats.disclosure._model import TOTAL, Dimension, IntArray, Table, TableError
from crossroads.stats.disclosure._tableset import TableSet


class AggregationError(TableError):
    """Inputs cannot be summed: protected inputs, or tables that do not match."""


def _check_inputs(table_sets: Sequence[object]) -> Sequence[TableSet]:
    if not table_sets:
        raise AggregationError("nothing to aggregate")
    checked: list[TableSet] = []
    for index, item in enumerate(table_sets):
        if not isinstance(item, TableSet):
            kind = type(item).__name__
            raise AggregationError(
                f"input {index} is a {kind}, not a TableSet of original counts. Suppressed "
                "cells must never be summed as zeros: aggregate the original counts that the "
                "secretariat keeps for accepted submissions, then protect the sum again"
            )
        checked.append(item)
    first = checked[0]
    for index, other in enumerate(checked[1:], start=1):
        if set(other.names) != set(first.names):
            raise AggregationError(
                f"input {index} has tables {sorted(other.names)}, input 0 has {sorted(first.names)}"
            )
        if set(other.links) != set(first.links):
            raise AggregationError(f"input {index} declares other links than input 0")
        for table in first:
            theirs = other.table(table.name)
            if theirs.population != table.population or [
                (d.name, d.additive) for d in theirs.dimensions
            ] != [(d.name, d.additive) for d in table.dimensions]:
                raise AggregationError(
                    f"table {table.name!r} of input {index} has another population or dimensions"
                )
    return checked


def _union_categories(table_sets: Sequence[TableSet]) -> dict[tuple[str, str], Dimension]:
    """Union of categories per (population, dimension), in order of first appearance."""
    found: dict[tuple[str, str], tuple[list[str], bool]] = {}
    for table_set in table_sets:
        for table in table_set:
            for dimension in table.dimensions:
                codes, _ = found.setdefault(
                    (table.population, dimension.name), ([], dimension.additive)
                )
                codes.extend(c for c in dimension.categories if c not in codes)
    return {
        key: Dimension(key[1], tuple(codes), additive) for key, (codes, additive) in found.items()
    }


def _embed(table: Table, dimensions: Sequence[Dimension]) -> IntArray:
    """The table's extended counts placed in the (larger) union of categories, zeros elsewhere."""
    shape = tuple(d.size + 1 for d in dimensions)
    out = np.zeros(shape, dtype=np.int64)
    index = tuple(
        np.array([union.index(own.code(i)) for i in range(own.size + 1)])
        for own, union in zip(table.dimensions, dimensions, strict=True)
    )
    out[np.ix_(*index)] = table.cells
    return out


def aggregate(
    table_sets: Sequence[TableSet],
    *,
    groups: Sequence[str] | None = None,
    group_dimension: str = "group",
) -> TableSet:
    """Sum table sets of identical structure, cell by cell, from their original counts.

    All inputs must hold the same table names, each with the same
    population, dimension names (in the same order) and additivity, and the
    same links; categories may differ and are united, in order of first
    appearance, a missing category counting zero persons. Protected inputs
    are refused (:class:`AggregationError`). With ``groups`` (one label per
    input), every table gains a leading dimension ``group_dimension`` with
    one category per distinct label, in order of first appearance.

    The result holds original counts: protect it with
    :func:`~crossroads.stats.disclosure.protect` before anything leaves the
    secretariat.
    """
    inputs = _check_inputs(table_sets)
    labels: list[str] = []
    if groups is not None:
        if len(groups) != len(inputs):
            raise AggregationError(f"{len(groups)} group labels for {len(inputs)} inputs")
        labels = list(dict.fromkeys(groups))
    union = _union_categories(inputs)
    tables: list[Table] = []
    for template in inputs[0]:
        dimensions = [union[(template.population, d.name)] for d in template.dimensions]
        parts = [_embed(ts.table(template.name), dimensions) for ts in inputs]
        if groups is None:
            counts = np.sum(parts, axis=0)
        else:
            if group_dimension in {d.name for d in dimensions}:
                raise AggregationError(
                    f"table {template.name!r} already has a dimension {group_dimension!r}"
                )
            by_group = [
                np.sum([p for p, g in zip(parts, groups, strict=True) if g == label], axis=0)
                for label in labels
            ]
            counts = np.stack([*by_group, np.sum(parts, axis=0)])
            dimensions = [Dimension(group_dimension, tuple(labels)), *dimensions]
        tables.append(Table(template.name, template.population, dimensions, counts))
    # Sums of consistent counts are consistent: compiled when first protected, not here.
    links = _links(inputs[0].links, labels if groups is not None else None)
    return TableSet(tables, links, check_counts=False)


def _links(links: Sequence[Link], labels: Sequence[str] | None) -> list[Link]:
    if labels is None:
        return list(links)
    out: list[Link] = []
    for link in links:
        if isinstance(link, Nested):
            out.append(link)
            continue
        for label in [*labels, TOTAL]:
            out.append(
                SameCount(
                    CellRef(link.first.table, (label, *link.first.categories)),
                    CellRef(link.second.table, (label, *link.second.categories)),
                )
            )
    return out
