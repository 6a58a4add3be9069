"""Differentially private network tables: noisy sums of the accepted originals that never go
negative, whose totals add up, and that say what produced them."""

from __future__ import annotations

import pytest

from crossroads.accounts.models import Role, User
from crossroads.exchange import public
from crossroads.exchange.released import NETWORK, CellStatus, ReleasedTable
from crossroads.exchange.services import drafts
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.conftest import add_records
from crossroads.stats.disclosure import TOTAL as T
from crossroads.testing import Personas, agree, make_user


def _accept(personas: Personas, officer: User) -> None:
    services.accept(personas.analyst, services.submit(officer, drafts.build_draft(officer, 2024)))


@pytest.fixture
def two_members(agreed: Personas) -> Personas:
    """A: 20 Dutch women, 12 Romanian men. B: 15 German women."""
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    add_records(agreed.data_officer_a, 20, "NL", citizenship=["NLD"])
    add_records(agreed.data_officer_a, 12, "RO", citizenship=["ROU"], gender="male")
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    _accept(agreed, agreed.data_officer_a)
    _accept(agreed, officer_b)
    return agreed


def _adds_up(table: ReleasedTable) -> bool:
    """Every additive total of a one- or two-dimensional table is the sum of its parts."""
    dims = table.dimensions
    if len(dims) == 1:
        d = dims[0]
        return not d.additive or table.cell(T).value == sum(
            table.cell(c).value or 0 for c in d.categories
        )
    ok = True
    for axis, d in enumerate(dims):
        if not d.additive:
            continue
        other = dims[1 - axis]
        for code in (*other.categories, T):
            key = [code, code]
            key[axis] = T
            parts = []
            for c in d.categories:
                part = [code, code]
                part[axis] = c
                parts.append(table.cell(*part).value or 0)
            ok = ok and table.cell(*key).value == sum(parts)
    return ok


def test_a_private_release_has_no_negative_count_and_its_totals_add_up(
    two_members: Personas,
) -> None:
    private = public.private_release(2024, 1.0)
    release = private.release
    assert public.is_private(release) and release.rule["epsilon"] == 1.0
    assert release.countries == ["DEU", "NLD"]
    for scope in (NETWORK, "DEU", "NLD"):
        for table in release.tables(scope).values():
            assert table.private and table.method is not None
            cells = list(table.cells())
            assert all(c.kind is CellStatus.NOISY for c in cells)
            assert all(c.value is not None and c.value >= 0 for c in cells)
            assert all(c.margin is not None and c.margin > 0 for c in cells)
            if len(table.dimensions) <= 2:
                assert _adds_up(table), (scope, table.name)


def test_the_network_counts_are_the_sums_of_the_countries_noisy_counts(
    two_members: Personas,
) -> None:
    release = public.private_release(2024, 2.0).release
    network = release.tables(NETWORK)["persons_sex_age"]
    countries = [release.tables(c)["persons_sex_age"] for c in release.countries]
    for cell in network.cells():
        assert cell.value == sum(t.cell(*cell.categories).value or 0 for t in countries)
    # A network total adds several countries' noise: its margin is wider than one cell's.
    assert network.grand_total.margin is not None and countries[0].grand_total.margin is not None
    assert network.grand_total.margin > countries[0].grand_total.margin


def test_the_budget_is_split_over_the_tables_and_recorded_by_scope(
    two_members: Personas,
) -> None:
    private = public.private_release(2024, 0.8)
    network_shares = [scopes[NETWORK] for scopes in private.spending.values()]
    assert sum(network_shares) == pytest.approx(0.8)
    sex_age = private.spending["persons_sex_age"]
    assert set(sex_age) == {NETWORK, "DEU", "NLD"}
    assert private.spending["persons_countries"].keys() == {NETWORK}  # network only
    table = private.release.tables(NETWORK)["persons_sex_age"]
    assert table.method is not None
    assert table.method["epsilon"] == pytest.approx(sex_age[NETWORK])


def test_each_release_draws_new_noise(two_members: Personas) -> None:
    """Different draws give different counts: the release is not the exact sums. (A large
    budget keeps the counts away from zero, where clipping could make draws agree; six
    draws all equal have a probability of about one in a million.)"""
    totals = {
        public.private_release(2024, 20.0).release.tables(NETWORK)["persons_citizenship"]
        .cell("female", T).value
        for _ in range(6)
    }  # fmt: skip
    assert len(totals) > 1


def test_a_member_keeping_its_originals_home_keeps_its_suppressed_cells_suppressed(
    agreed: Personas,
) -> None:
    agree(agreed.analyst, agreed.org_b, originals_to_secretariat=False)
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    add_records(agreed.data_officer_a, 20, "NL", citizenship=["NLD"])
    add_records(officer_b, 15, "DE", citizenship=["DEU"])
    add_records(officer_b, 3, "FR", citizenship=["FRA"])  # small: suppressed in B's release
    _accept(agreed, agreed.data_officer_a)
    _accept(agreed, officer_b)
    release = public.private_release(2024, 1.0).release
    network = release.tables(NETWORK)["persons_citizenship"]
    assert network.cell("female", "other_eu").value is None
    known = [c for c in network.cells() if c.value is not None]
    assert known and all(c.kind is CellStatus.NOISY for c in known)
