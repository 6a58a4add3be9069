"""Group disclosure through released zeros: warnings for the data officer.

When every person of a group (a row of a two-way table, say "women aged
18-20") falls in one category of another dimension, publishing the row
tells everyone in that group something about each of its members, without
anybody being singled out ("all of them were exploited in agriculture").
The threshold rule does not prevent this. Crossroads releases zeros by
default, because a zero is often the finding itself (no residence permit
granted, no compensation paid), and warns instead: the data officer can
merge categories, or choose ``SuppressionRule(release_zeros=False)``.

A warning is raised for a released, non-zero group total of a proper
subgroup (at least one other dimension fixed to a category) whose whole
count is released in a single category. Along a multi-response dimension
this means every member of the group has that category.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from crossroads.stats.disclosure._result import GroupDisclosure, ProtectedTable


def group_disclosures(tables: Iterable[ProtectedTable]) -> list[GroupDisclosure]:
    """One warning per group whose members all share a released category."""
    warnings: list[GroupDisclosure] = []
    for protected in tables:
        table = protected.table
        if len(table.dimensions) < 2:
            continue
        cells = table.cells
        hidden = protected.suppressed
        for axis, dimension in enumerate(table.dimensions):
            if dimension.size < 2:
                continue
            counts = np.moveaxis(cells, axis, -1)
            masked = np.moveaxis(hidden, axis, -1)
            total = counts[..., -1:]
            whole = (counts[..., :-1] == total) & ~masked[..., :-1]
            shown = ~masked[..., -1] & (total[..., 0] > 0)
            for where in np.argwhere(shown & whole.any(axis=-1)):
                others = [d for i, d in enumerate(table.dimensions) if i != axis]
                if all(int(w) == d.size for w, d in zip(where, others, strict=True)):
                    continue
                group = tuple(
                    (d.name, d.code(int(w)))
                    for w, d in zip(where, others, strict=True)
                    if int(w) != d.size
                )
                category = dimension.categories[int(np.argmax(whole[tuple(where)]))]
                warnings.append(
                    GroupDisclosure(
                        table.name, int(total[tuple(where)][0]), group, dimension.name, category
                    )
                )
    return warnings
