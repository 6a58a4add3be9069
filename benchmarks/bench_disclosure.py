"""Disclosure control timings: one large submission, and 30 submissions aggregated.

Prints wall-clock and CPU figures (median of several runs) for:

* protecting a realistic submission of a 100,000-person organisation: 20
  tables, several with 20-40 categories (countries), a 15 x 15 table of
  international referrals, multi-response and nested tables (target: well
  under 1 s, so that the whole submission builds in under 2 s);
* summing 30 members' submissions and protecting the network tables
  (target: under 1 s);
* the same with a per-country dimension, so that per-country and network
  tables are protected together (no target: a far larger linked problem).

Run with ``.venv/bin/python benchmarks/bench_disclosure.py``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from crossroads.stats.disclosure import (
    CellRef,
    CellStatus,
    Dimension,
    Nested,
    ProtectedTableSet,
    SameCount,
    SuppressionRule,
    Table,
    TableSet,
    aggregate,
    protect,
)

T = TypeVar("T")
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

SEX = Dimension("sex", ("F", "M", "X"))
AGE = Dimension("age", ("0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+"))
CHILD = Dimension("child", ("child", "adult"))
CITIZENSHIP = Dimension("citizenship", ("national", "other_eu", "non_eu"))
COUNTRY = Dimension("country", tuple(f"C{i:02d}" for i in range(40)))
STATUS = Dimension("status", ("presumed", "identified"))
ACTOR = Dimension("identified_by", ("ngo", "police", "labour_insp", "social", "health", "other"))
REFERRER = Dimension(
    "referrer", ("self", "ngo", "police", "social", "health", "embassy", "io", "x")
)
FORMS = ("sexual", "labour", "criminal", "begging", "domestic", "marriage", "adoption", "organ")
FORM = Dimension("form", FORMS, additive=False)
SECTORS = tuple(f"S{i:02d}" for i in range(12))
SECTOR = Dimension("sector", SECTORS, additive=False)
ORIGIN = Dimension("from_country", tuple(f"R{i:02d}" for i in range(15)))
DESTINATION = Dimension("to_country", tuple(f"R{i:02d}" for i in range(15)))
GROUND = Dimension("ground", ("victim", "cooperation", "humanitarian", "other"))
CLAIM = Dimension("route", ("criminal", "civil", "state_fund"))
ASSISTANCE = Dimension("assistance", tuple(f"A{i}" for i in range(10)), additive=False)
REFLECTION = Dimension("reflection", ("granted", "refused", "pending", "not_applicable"))


def _zipf(rng: np.random.Generator, n: int, size: int, s: float = 1.3) -> Ints:
    weights = 1.0 / np.arange(1, n + 1) ** s
    return rng.choice(n, size=size, p=weights / weights.sum()).astype(np.int64)


def _count(dims: list[Dimension], *codes: Ints) -> Ints:
    shape = tuple(d.size for d in dims)
    flat = np.ravel_multi_index(codes, shape)
    return np.bincount(flat, minlength=int(np.prod(shape))).reshape(shape).astype(np.int64)


def _multi(dims: list[Dimension], members: Bools, flags: Bools, *codes: Ints) -> Ints:
    """Extended counts for a last multi-response dimension given per-person flags."""
    shape = tuple(d.size for d in dims)
    out = np.zeros(tuple(n + 1 for n in shape), dtype=np.int64)
    for j in range(flags.shape[1]):
        keep = members & flags[:, j]
        index = tuple(c[keep] for c in codes)
        block = _count(dims[:-1], *index) if codes else np.array(keep.sum())
        inner = np.zeros(tuple(n + 1 for n in shape[:-1]), dtype=np.int64)
        _fill_totals(inner, block)
        out[..., j] = inner
    block = _count(dims[:-1], *(c[members] for c in codes)) if codes else np.array(members.sum())
    total = np.zeros(tuple(n + 1 for n in shape[:-1]), dtype=np.int64)
    _fill_totals(total, block)
    out[..., -1] = total
    return out


def _fill_totals(target: Ints, interior: Ints) -> None:
    cells = interior
    for axis in range(interior.ndim):
        cells = np.concatenate([cells, cells.sum(axis=axis, keepdims=True)], axis=axis)
    target[...] = cells


def submission(persons: int, seed: int) -> TableSet:
    """A member's year: 20 tables tabulated from simulated case records."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(3, persons, p=[0.55, 0.44, 0.01])
    age = rng.choice(9, persons, p=[0.02, 0.1, 0.12, 0.14, 0.14, 0.12, 0.2, 0.1, 0.06])
    child = (age < 2).astype(np.int64)
    child = 1 - child
    country = _zipf(rng, 40, persons, 1.1)
    citizenship = np.where(country == 0, 0, np.where(country < 10, 1, 2))
    status = rng.choice(2, persons, p=[0.6, 0.4])
    actor = _zipf(rng, 6, persons, 1.5)
    referrer = _zipf(rng, 8, persons, 1.2)
    form_p = np.array([0.45, 0.4, 0.08, 0.04, 0.05, 0.02, 0.003, 0.001])
    forms = rng.random((persons, 8)) < form_p
    labour = forms[:, 1]
    sectors = (rng.random((persons, 12)) < 0.6 / np.arange(1, 13)) & labour[:, None]
    assistance = rng.random((persons, 10)) < np.linspace(0.8, 0.02, 10)
    referred = rng.random(persons) < 0.01
    origin = _zipf(rng, 15, persons, 1.0)
    destination = (origin + 1 + _zipf(rng, 14, persons, 1.0)) % 15
    foreign = citizenship > 0
    applied = foreign & (rng.random(persons) < 0.12)
    granted = applied & (rng.random(persons) < 0.6)
    ground = _zipf(rng, 4, persons, 1.5)
    claimed = rng.random(persons) < 0.05
    awarded = claimed & (rng.random(persons) < 0.4)
    paid = awarded & (rng.random(persons) < 0.5)
    route = _zipf(rng, 3, persons, 1.0)
    reflection = rng.choice(4, persons, p=[0.5, 0.1, 0.1, 0.3])
    everyone = np.ones(persons, dtype=bool)
    a = "assisted"
    tables = [
        Table("sex_age", a, [SEX, AGE], _count([SEX, AGE], sex, age)),
        Table(
            "sex_citizenship", a, [SEX, CITIZENSHIP], _count([SEX, CITIZENSHIP], sex, citizenship)
        ),
        Table(
            "child_citizenship",
            a,
            [CHILD, CITIZENSHIP],
            _count([CHILD, CITIZENSHIP], child, citizenship),
        ),
        Table("country", a, [COUNTRY], _count([COUNTRY], country)),
        Table("sex_country", a, [SEX, COUNTRY], _count([SEX, COUNTRY], sex, country)),
        Table("status_actor", a, [STATUS, ACTOR], _count([STATUS, ACTOR], status, actor)),
        Table("referrer", a, [REFERRER], _count([REFERRER], referrer)),
        Table("form", a, [FORM], _multi([FORM], everyone, forms)),
        Table("sex_form", a, [SEX, FORM], _multi([SEX, FORM], everyone, forms, sex)),
        Table("child_form", a, [CHILD, FORM], _multi([CHILD, FORM], everyone, forms, child)),
        Table("assistance", a, [ASSISTANCE], _multi([ASSISTANCE], everyone, assistance)),
        Table("sector", "labour", [SECTOR], _multi([SECTOR], labour, sectors)),
        Table("sex_sector", "labour", [SEX, SECTOR], _multi([SEX, SECTOR], labour, sectors, sex)),
        Table(
            "referrals",
            "referred",
            [ORIGIN, DESTINATION],
            _count([ORIGIN, DESTINATION], origin[referred], destination[referred]),
        ),
        Table("permit_applied", "permit_applied", [GROUND], _count([GROUND], ground[applied])),
        Table("permit_granted", "permit_granted", [GROUND], _count([GROUND], ground[granted])),
        Table("compensation_claimed", "claimed", [CLAIM], _count([CLAIM], route[claimed])),
        Table("compensation_awarded", "awarded", [CLAIM], _count([CLAIM], route[awarded])),
        Table("compensation_paid", "paid", [CLAIM], _count([CLAIM], route[paid])),
        Table(
            "reflection",
            "foreign",
            [REFLECTION, CITIZENSHIP],
            _count([REFLECTION, CITIZENSHIP], reflection[foreign], citizenship[foreign]),
        ),
    ]
    links: list[Nested | SameCount] = [
        Nested("permit_granted", "permit_applied"),
        Nested("compensation_awarded", "compensation_claimed"),
        Nested("compensation_paid", "compensation_awarded"),
        SameCount(CellRef("sector", ("_T",)), CellRef("form", ("labour",))),
    ]
    return TableSet(tables, links)


def _median_time(action: Callable[[], T], repeats: int) -> tuple[str, float, T]:
    """Median wall-clock and CPU seconds over ``repeats`` runs, after one warm-up run.

    CPU time is printed too because on a shared machine wall-clock time also
    counts other processes; the solver runs on one thread, so on an idle
    machine the two agree.
    """
    walls, cpus = [], []
    result = action()
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    wall_s, cpu_s = statistics.median(walls), statistics.median(cpus)
    return f"{wall_s:.3f} s (CPU {cpu_s:.3f} s)", wall_s, result


def _describe(protected: ProtectedTableSet) -> str:
    summary = protected.summary
    cells = sum(summary.values())
    primary = summary[CellStatus.SUPPRESSED_PRIMARY]
    secondary = summary[CellStatus.SUPPRESSED_SECONDARY]
    return (
        f"{len(protected)} tables, {cells} cells, {primary} primary and {secondary} secondary "
        f"suppressions, {protected.audit.linear_programs} linear programs (search and audit), "
        f"audit {'passed' if protected.audit.passed else 'FAILED'}"
    )


def main() -> None:
    rule = SuppressionRule(threshold=10)
    big = submission(100_000, seed=1)
    shown, seconds, protected = _median_time(lambda: protect(big, rule), repeats=5)
    print(f"protect one submission (100,000 persons): {shown}")
    print(f"  {_describe(protected)}")
    shown, build, _ = _median_time(lambda: submission(100_000, seed=1), repeats=3)
    print(f"  tabulating and validating it: {shown}; total {build + seconds:.3f} s")

    rng = np.random.default_rng(7)
    sizes = np.round(np.exp(rng.uniform(np.log(200), np.log(20_000), 30))).astype(int)
    members = [submission(int(n), seed=100 + i) for i, n in enumerate(sizes)]
    countries = [f"K{i % 12:02d}" for i in range(len(members))]
    shown, _, network = _median_time(lambda: protect(aggregate(members), rule), repeats=3)
    print(f"aggregate 30 submissions ({sizes.sum():,} persons) and protect: {shown}")
    print(f"  {_describe(network)}")
    shown, _, by_country = _median_time(
        lambda: protect(
            aggregate(members, groups=countries, group_dimension="member_country"), rule
        ),
        repeats=1,
    )
    print(f"aggregate by 12 countries, protected with the network margins: {shown}")
    print(f"  {_describe(by_country)}")
    print("  (no target: one large linked publication, protected once a year)")


if __name__ == "__main__":
    main()
