"""The table catalogue is consistent, stable and documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroads.exchange import catalogue
from crossroads.exchange.catalogue.document import render

DOCS = Path(__file__).resolve().parents[4] / "docs" / "exchange-tables.md"


def test_the_catalogue_document_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), (
        "docs/exchange-tables.md is stale: run "
        "`crossroads exchange catalogue -o docs/exchange-tables.md`"
    )


def test_every_table_names_known_dimensions_and_a_known_population() -> None:
    for spec in catalogue.TABLES:
        catalogue.population(spec.population)
        for name in spec.dimensions:
            catalogue.dimension(name)


def test_a_dimension_shared_by_tables_of_one_population_is_one_definition() -> None:
    # Disclosure control identifies margins by dimension name within a population.
    names = [d.name for d in catalogue.DIMENSIONS]
    assert len(names) == len(set(names))


def test_category_codes_are_unique_within_each_dimension() -> None:
    for spec in catalogue.DIMENSIONS:
        assert len(spec.codes) == len(set(spec.codes)), spec.name


def test_every_declared_link_points_at_existing_categories() -> None:
    for link in catalogue.links(t.code for t in catalogue.TABLES):
        for code, cells in (link.first, link.second):
            spec = catalogue.table(code)
            for name, category in zip(spec.dimensions, cells, strict=True):
                assert category == catalogue.TOTAL or category in catalogue.dimension(name).codes


def test_the_sexual_group_holds_only_the_sexual_form() -> None:
    groups = catalogue.eurostat_groups()
    assert groups["sexual"] == ("sexual",)
    assert {"labour", "domestic_servitude", "child_labour"} <= set(groups["labour"])
    assert "forced_criminality" in groups["other"]


def test_age_bands_sit_under_their_age_group() -> None:
    bands = {c.code: c.parent for c in catalogue.dimension("age_band").categories or ()}
    assert bands["0_8"] == bands["9_17"] == "child"
    assert bands["48_plus"] == "adult"
    assert bands["unknown"] == "unknown"


def test_an_unknown_table_code_is_refused_by_name() -> None:
    with pytest.raises(catalogue.CatalogueError, match="no exchange table 'nope'"):
        catalogue.table("nope")
