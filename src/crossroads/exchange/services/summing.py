"""The parts of network aggregation: summing originals, adding released values, the guard.

See :mod:`crossroads.exchange.services.aggregation` for why each exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import product
from typing import Any

import numpy as np

from crossroads.exchange import catalogue
from crossroads.exchange.models import Submission
from crossroads.exchange.released import ReleasedTable, original_tables, released_tables
from crossroads.stats.disclosure import (
    CONFIDENTIAL_FLAG,
    SUPPRESSED_SYMBOL,
    TOTAL,
    CellRef,
    Dimension,
    SameCount,
    Table,
    TableSet,
    aggregate,
)

COUNTRY = "country"


def uses_originals(submission: Submission) -> bool:
    """Whether the secretariat may sum this submission's original counts."""
    return bool(submission.terms.get("originals_to_secretariat")) and bool(submission.original)


def _module_tables(module: str) -> list[str]:
    return [t.code for t in catalogue.tables_of([module])]


def _table_names(submission: Submission) -> frozenset[str]:
    """The names of the tables ``submission`` holds (originals if used, else released)."""
    source = submission.original if uses_originals(submission) else submission.released
    return frozenset(t["name"] for t in (source or {}).get("tables", []))


def _inputs(submission: Submission, names: Sequence[str]) -> TableSet:
    """A submission's original tables of ``names``; for a released-only submission, zeros.

    The zeros carry the submission's categories (its countries, say), so
    that the sum has a place for the released values added afterwards.
    """
    if uses_originals(submission):
        # Only the tables needed, read one by one, and their counts not checked again: a
        # whole TableSet.from_dict would compile the constraints of every table once more
        # (the secretariat checked them on import), and summing needs none.
        stored = {t["name"]: t for t in (submission.original or {}).get("tables", [])}
        return TableSet([Table.from_dict(stored[name]) for name in names], check_counts=False)
    released = {t["name"]: t for t in submission.released.get("tables", [])}
    zeros = []
    for name in names:
        table = released[name]
        dims = [Dimension.from_dict(d) for d in table["dimensions"]]
        shape = tuple(d.size + 1 for d in dims)
        zeros.append(Table(name, table["population"], dims, np.zeros(shape, dtype=np.int64)))
    return TableSet(zeros, check_counts=False)


NETWORK_ONLY = frozenset({"persons_countries", "referral_pairs"})
"""Tables summed for the network only: by country they would hold tens of thousands of
cells (every country of citizenship or referral pair for every reporting country), which
disclosure control cannot protect in reasonable time. They share their margins with the
network slice of the other tables and are protected together with them."""


def summed(
    modules: Sequence[str],
    sharing: Sequence[Submission],
    population_suffix: str,
    *,
    by_country: bool,
) -> list[Table]:
    """The modules' tables summed over ``sharing``: by country (leading ``country``
    dimension, the network as its total) unless ``by_country`` is False or the table is
    summed for the network only (:data:`NETWORK_ONLY`).

    A table that not every submission holds (one built under an older
    catalogue, before the table existed) is left out: a sum over some of
    the members would pass for the network's figure."""
    held = [_table_names(s) for s in sharing]
    names = [
        name
        for module in modules
        for name in _module_tables(module)
        if all(name in names_of for names_of in held)
    ]
    grouped = [n for n in names if by_country and n not in NETWORK_ONLY]
    network = [n for n in names if n not in grouped]
    tables: list[Table] = []
    if grouped:
        total = aggregate(
            [_inputs(s, grouped) for s in sharing],
            groups=[s.organisation.country for s in sharing],
            group_dimension=COUNTRY,
        )
        tables.extend(total.tables)
    if network:
        tables.extend(aggregate([_inputs(s, network) for s in sharing]).tables)
    if not population_suffix:
        return tables
    return [
        Table(t.name, f"{t.population}.{population_suffix}", t.dimensions, t.cells) for t in tables
    ]


def country_links(tables: Sequence[Table]) -> list[SameCount]:
    """The catalogue's shared cells among ``tables``, for the network and each country."""
    by_name = {t.name: t for t in tables}
    links: list[SameCount] = []
    for link in catalogue.links(by_name):
        first, second = by_name[link.first[0]], by_name[link.second[0]]
        if first.population.partition(".")[2] != second.population.partition(".")[2]:
            continue  # summed over different members: not the same persons
        grouped = [t.dimensions[0].name == COUNTRY for t in (first, second)]
        if grouped != [True, True]:
            continue  # the catalogue declares no link with a network-only table
        for country in (*first.dimensions[0].categories, TOTAL):
            links.append(
                SameCount(
                    CellRef(first.name, (country, *link.first[1])),
                    CellRef(second.name, (country, *link.second[1])),
                )
            )
    return links


def is_by_country(table: Mapping[str, Any]) -> bool:
    """Whether a summed table has the leading country dimension."""
    return bool(table["dimensions"]) and table["dimensions"][0]["name"] == COUNTRY


def add_released(tables: dict[str, dict[str, Any]], submission: Submission) -> None:
    """Add a submission's released values to protected sums, in its country and the network.

    A cell suppressed on either side is suppressed in the result; a
    differentially private sum stays noisy, with the same margin.
    """
    country = submission.organisation.country
    for name, theirs in released_tables(submission.released).items():
        ours = tables.get(name)
        if ours is None:
            continue
        index = {tuple(cell["categories"]): cell for cell in ours["cells"]}
        scopes: tuple[tuple[str, ...], ...] = (
            ((country,), (TOTAL,)) if is_by_country(ours) else ((),)
        )
        for cell in theirs.cells():
            for scope in scopes:
                target = index.get((*scope, *cell.categories))
                if target is None:
                    continue
                if cell.suppressed or target["value"] is None:
                    target.update(
                        status="suppressed", value=None, display=SUPPRESSED_SYMBOL,
                        flag=CONFIDENTIAL_FLAG,
                    )  # fmt: skip
                    continue
                value = int(target["value"]) + int(cell.value or 0)
                rounded = "rounded" in (target["status"], cell.status)
                status = "rounded" if rounded and value else ("zero" if value == 0 else "released")
                if target["status"] == "noisy":
                    status = "noisy"  # a noisy sum stays noisy (its margin is unchanged)
                target.update(status=status, value=value, display=str(value), flag="")


def differencing_risk(
    module: str,
    profile: Sequence[Submission],
    sharing: Sequence[Submission],
    threshold: int,
) -> bool:
    """Whether summing ``module`` over fewer members than the profile would reveal a small count.

    The cells the module's tables share with the profile tables (grand
    totals, common margins, declared shared cells) differ between the two
    sums by exactly the counts of the members that do not share the module.
    Those differences, per country and for the network, must be zero or at
    least the threshold, and known: a difference that rests on a cell a
    member suppressed counts as a risk.
    """
    missing = [s for s in profile if s not in sharing]
    # Several of the module's tables share the same profile cell: count each cell once,
    # or a difference of 2 repeated over five tables would look like a safe 10.
    cells = list(dict.fromkeys(_shared_profile_cells(module)))
    sums: dict[tuple[str, str, tuple[str, ...]], int | None] = {}
    for submission in missing:
        tables = (
            original_tables(submission.original)
            if uses_originals(submission)
            else released_tables(submission.released)
        )
        for table_name, categories in cells:
            table = tables.get(table_name)
            value = table.cell(*categories).value if table is not None else 0
            for scope in (submission.organisation.country, TOTAL):
                key = (scope, table_name, categories)
                known = sums.get(key, 0)
                sums[key] = None if known is None or value is None else known + value
    return any(v is None or 0 < v < threshold for v in sums.values())


def _shared_profile_cells(module: str) -> Iterable[tuple[str, tuple[str, ...]]]:
    """Cells of profile tables that a table of ``module`` also counts."""
    profile_specs = catalogue.tables_of([catalogue.Module.PROFILE])
    for spec in catalogue.tables_of([module]):
        for other in profile_specs:
            if other.population != spec.population:
                continue
            common = set(spec.dimensions) & set(other.dimensions)
            yield from _margin_cells(other, common)
    for link in catalogue.links(t.code for t in catalogue.TABLES):
        modules = {catalogue.table(link.first[0]).module, catalogue.table(link.second[0]).module}
        if modules == {catalogue.Module(module), catalogue.Module.PROFILE}:
            profile_side = (
                link.first
                if catalogue.table(link.first[0]).module == catalogue.Module.PROFILE
                else link.second
            )
            yield profile_side


def _margin_cells(
    spec: catalogue.TableSpec, common: set[str]
) -> Iterable[tuple[str, tuple[str, ...]]]:
    """Every cell of ``spec`` whose dimensions outside ``common`` are at their total."""
    choices: list[Sequence[str]] = []
    for name in spec.dimensions:
        dim = catalogue.dimension(name)
        if name in common and not dim.dynamic:
            choices.append((*dim.codes, TOTAL))
        else:
            choices.append((TOTAL,))

    for combination in product(*choices):
        yield spec.code, tuple(combination)


def scope_tables(tables: Mapping[str, Mapping[str, Any]], country: str) -> dict[str, ReleasedTable]:
    """The released tables of one country (or ``_T``, the network), without the country.

    Network-only tables belong to the network scope only.
    """
    out: dict[str, ReleasedTable] = {}
    for name, table in tables.items():
        if not is_by_country(table):
            if country == TOTAL:
                out[name] = ReleasedTable(table)
            continue
        if country != TOTAL and country not in table["dimensions"][0]["categories"]:
            continue
        out[name] = ReleasedTable(
            {
                "name": table["name"],
                "population": table["population"],
                "dimensions": table["dimensions"][1:],
                "cells": [
                    {**cell, "categories": cell["categories"][1:]}
                    for cell in table["cells"]
                    if cell["categories"][0] == country
                ],
                "method": table.get("method"),
            }
        )
    return out
