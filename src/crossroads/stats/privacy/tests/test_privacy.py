"""The discrete Laplace mechanism's stated margins against simulation, and the consistency
post-processing (no negative count, every total adds up)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.stats.disclosure import TOTAL, Dimension, Table
from crossroads.stats.privacy import (
    DiscreteLaplace,
    PrivacyError,
    consistent,
    privatize,
    sensitivity,
    split_budget,
)

TOLERANCE = 0.01
"""How far an empirical coverage may stand from the stated one (about five standard
errors of a proportion near 0.95 over 20,000 draws)."""


def seeded(seed: int):  # type: ignore[no-untyped-def]
    """A seeded sampler of the same distribution as OpenDP's: the difference of two
    geometric counts of failures with success probability 1 - exp(-1/scale)."""
    rng = np.random.default_rng(seed)

    def draw(mechanism: DiscreteLaplace, counts: Sequence[int]) -> list[int]:
        p = 1 - mechanism.ratio
        size = len(counts)
        noise = rng.geometric(p, size) - rng.geometric(p, size)
        return [int(c) + int(n) for c, n in zip(counts, noise, strict=True)]

    return draw


def test_opendp_noise_stays_within_the_stated_margin_as_often_as_stated() -> None:
    mechanism = DiscreteLaplace.for_budget(0.25, 1)
    draws = np.array(mechanism.sample([0] * 20_000))
    h = mechanism.margin()
    empirical = float(np.mean(np.abs(draws) <= h))
    stated = 1 - mechanism.tail(h)
    assert stated >= 0.95
    assert mechanism.tail(h - 1) > 0.05, "the margin is the smallest that covers 95%"
    assert abs(empirical - stated) < TOLERANCE
    assert abs(float(draws.var()) / mechanism.variance - 1) < 0.06
    assert abs(float(draws.mean())) < 0.2


@pytest.mark.parametrize("terms", [4, 40])
def test_the_margin_of_a_sum_of_noisy_cells_covers_95_percent_of_simulated_sums(
    terms: int,
) -> None:
    mechanism = DiscreteLaplace(3.0)
    draws = np.array(seeded(terms)(mechanism, [0] * (terms * 10_000))).reshape(10_000, terms)
    sums = draws.sum(axis=1)
    h = mechanism.margin(terms)
    assert abs(float(np.mean(np.abs(sums) <= h)) - 0.95) < 0.015
    assert float(np.mean(np.abs(sums) <= h // 2)) < 0.9, "a margin twice too wide would pass"


def test_opendp_states_the_budget_the_scale_was_chosen_for() -> None:
    mechanism = DiscreteLaplace.for_budget(0.3, 4)
    assert mechanism.scale == pytest.approx(4 / 0.3)
    assert mechanism.epsilon(4) == pytest.approx(0.3)


def test_a_budget_is_split_equally_and_adds_up_to_the_release_budget() -> None:
    shares = split_budget(1.0, ["a", "b", "c"])
    assert sum(shares.values()) == pytest.approx(1.0)
    assert list(shares.values()) == pytest.approx([1 / 3] * 3)
    with pytest.raises(PrivacyError):
        split_budget(0, ["a"])
    with pytest.raises(PrivacyError):
        DiscreteLaplace.for_budget(-1, 1)


SEX = Dimension("sex", ("F", "M"))
AGE = Dimension("age", ("child", "adult", "unknown"))
FORMS = Dimension("form", ("sexual", "labour", "other"), additive=False)


def test_a_multi_response_dimension_multiplies_the_sensitivity() -> None:
    assert sensitivity([SEX, AGE]) == 1
    assert sensitivity([SEX, FORMS]) == 4


def test_after_post_processing_cells_and_totals_keep_their_stated_margins() -> None:
    table = Table("sex_age", "assisted", [SEX, AGE], [[120, 340, 80], [200, 150, 60]])
    draw = seeded(7)
    inside = []
    for _ in range(2_000):
        private = privatize(table, 0.5, noise=draw)
        errors = np.abs(private.table.cells - table.cells)
        inside.append(errors <= private.margins)
    coverage = np.mean(np.array(inside), axis=0)
    assert np.all(np.abs(coverage - 0.95) < 0.03), coverage


counts = st.lists(st.integers(0, 6), min_size=6, max_size=6)


@settings(max_examples=60, deadline=None)
@given(counts, st.sampled_from([0.05, 0.5, 2.0]))
def test_no_published_count_is_negative_and_every_total_adds_up(
    values: list[int], epsilon: float
) -> None:
    table = Table("sex_age", "assisted", [SEX, AGE], np.array(values).reshape(2, 3))
    cells = privatize(table, epsilon).table.cells
    assert cells.min() >= 0
    assert np.array_equal(cells[:2, :3].sum(axis=0), cells[2, :3])
    assert np.array_equal(cells[:2, :3].sum(axis=1), cells[:2, 3])
    assert cells[2, 3] == cells[:2, :3].sum()


def test_a_multi_response_total_is_never_below_one_of_its_categories() -> None:
    noisy = np.array([[5, -3, 9, 2], [0, 4, -1, 1]])
    cells = consistent(noisy, [SEX, FORMS])
    assert cells.min() >= 0
    assert np.all(cells[:, 3] >= cells[:, :3].max(axis=1))
    assert np.array_equal(cells[2], cells[0] + cells[1])
    table = Table("sex_form", "assisted", [SEX, FORMS], cells)
    assert table.count(TOTAL, TOTAL) == cells[2, 3]


def test_negative_noise_is_projected_keeping_the_noisy_total() -> None:
    cells = consistent(np.array([7, -2, 1]), [Dimension("d", ("a", "b", "c"))])
    assert cells.tolist() == [6, 0, 0, 6]
