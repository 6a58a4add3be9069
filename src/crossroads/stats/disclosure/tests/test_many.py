"""Protecting many table sets at once gives what protecting each one gives."""

from __future__ import annotations

import pytest

from crossroads.stats.disclosure import (
    Dimension,
    SuppressionRule,
    Table,
    TableSet,
    _many,
    protect,
    protect_many,
)

SEX = Dimension("sex", ("F", "M"))
AGE = Dimension("age", ("child", "adult"))
CITIZENSHIP = Dimension("citizenship", ("national", "eu", "non_eu"))


def _member(shift: int) -> TableSet:
    return TableSet(
        [
            Table("sex_age", "assisted", [SEX, AGE], [[3 + shift, 25], [30, 42 - shift]]),
            Table(
                "sex_citizenship",
                "assisted",
                [SEX, CITIZENSHIP],
                [[20 + shift, 4, 4], [25, 11, 36 - shift]],
            ),
        ]
    )


def test_protecting_in_two_processes_gives_exactly_the_one_by_one_results_in_order() -> None:
    jobs = [
        (_member(shift), SuppressionRule(threshold=threshold))
        for shift in (0, 1, 5)
        for threshold in (10, 15)
    ]
    results = protect_many(jobs, workers=2)
    assert len(results) == len(jobs)
    for (tables, rule), (result, seconds) in zip(jobs, results, strict=True):
        assert result.to_dict(preview=True) == protect(tables, rule).to_dict(preview=True)
        assert seconds >= 0
    # The jobs differ, so the order matters: a shuffled answer would fail above.
    assert results[0][0].to_dict() != results[-1][0].to_dict()


def test_one_worker_protects_here_without_starting_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no process pool for one worker")

    monkeypatch.setattr(_many, "ProcessPoolExecutor", refuse)
    jobs = [(_member(0), SuppressionRule()), (_member(1), SuppressionRule())]
    results = protect_many(jobs, workers=1)
    assert results[0][0].table("sex_age").cell("F", "child").display == "x"
    assert len(results) == 2
