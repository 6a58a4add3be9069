"""Each indicator against a small network computed by hand, and the "not enough data" rule."""
# ruff: noqa: E501 - the hand-computed tables read best one table per line

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from crossroads.exchange.catalogue import dimension, table
from crossroads.exchange.released import TOTAL as T
from crossroads.exchange.released import ReleasedTable
from crossroads.monitoring.figurebook import Monitor
from crossroads.monitoring.figures import Reason, compute
from crossroads.monitoring.indicators import INDICATORS, indicator
from crossroads.monitoring.synthetic import synthetic_releases
from crossroads.stats.intervals import wilson_interval

# One country's released tables, small enough to check every figure by hand.
TABLES = {
    "rights_identification": ReleasedTable.from_cells(
        "rights_identification",
        ("identification", "citizenship_group"),
        {(T, T): 100, ("positive", T): 45, ("pending", T): 20, ("not_recorded", T): 0},
    ),
    "rights_cooperation": ReleasedTable.from_cells(
        "rights_cooperation",
        ("assistance_conditional", "cooperation"),
        {(T, T): 100, ("yes", T): 30, ("no", T): 60, ("unknown", T): 10},
    ),
    "rights_reflection": ReleasedTable.from_cells(
        "rights_reflection",
        ("citizenship_group", "rrp_informed", "rrp_decision"),
        {
            ("other_eu", T, T): 20, ("non_eu", T, T): 40,
            ("other_eu", "yes", T): 12, ("non_eu", "yes", T): 30,
            ("other_eu", "unknown", T): 0, ("non_eu", "unknown", T): 10,
            ("other_eu", T, "granted"): 10, ("non_eu", T, "granted"): 20,
            ("other_eu", T, "pending"): 0, ("non_eu", T, "pending"): 10,
            ("other_eu", T, "not_recorded"): 0, ("non_eu", T, "not_recorded"): 0,
        },
    ),
    "rights_compensation": ReleasedTable.from_cells(
        "rights_compensation",
        ("compensation_route", "compensation_stage"),
        {
            (T, T): 100, (T, "no_claim"): 60, (T, "pending"): 10, (T, "not_recorded"): 0,
            (T, "refused"): 12, (T, "withdrawn"): 0, (T, "awarded_none"): 10,
            (T, "awarded_partial"): 5, (T, "awarded_full"): 3, (T, "awarded_unknown"): 0,
        },
    ),
    "rights_proceedings": ReleasedTable.from_cells(
        "rights_proceedings",
        ("proceedings_kind", "proceedings_outcome"),
        {(T, T): 100, ("no_proceedings", T): 70, (T, "no_proceedings"): 70, (T, "punished"): 12, (T, "pending"): 6, (T, "not_recorded"): 0},
    ),
    "rights_reporting": ReleasedTable.from_cells(
        "rights_reporting",
        ("migration_status", "reporting"),
        {("irregular", T): 50, ("irregular", "not_reported"): 20, ("irregular", "reported_enforcement"): 6, ("irregular", "reported_no_consequence"): 24},
    ),
}  # fmt: skip

# (code, numerator, denominator, pending), worked out by hand from TABLES.
EXPECTED = [
    ("R2.1", 45, 80, 20),  # 100 persons - 20 pending - 0 not recorded
    ("R1.1", 60, 90, None),  # 30 yes + 60 no; the 10 unknown left out
    ("R3.2", 42, 50, None),  # 12 + 30 informed of 20 + 40 non-nationals less 10 unknown
    ("R3.1", 30, 50, 10),  # 10 + 20 granted of 60 less 10 pending
    ("R6.1", 40, 100, None),  # 100 - 60 without a claim
    ("R6.2", 18, 30, 10),  # 10 + 5 + 3 awards of 40 claims less 10 pending
    ("R7.1", 30, 100, None),
    ("R7.3", 12, 24, 6),  # 30 proceedings less 6 pending
    ("R8.1", 30, 50, None),
    ("R8.2", 6, 30, None),
]


@pytest.mark.parametrize(("code", "numerator", "denominator", "pending"), EXPECTED)
def test_each_indicator_matches_the_hand_computed_figure(
    code: str, numerator: int, denominator: int, pending: int | None
) -> None:
    figure = compute(indicator(code), TABLES, "NLD", 2025)
    assert (figure.numerator, figure.denominator, figure.pending) == (
        numerator,
        denominator,
        pending,
    )
    expected = wilson_interval(numerator, denominator)
    assert figure.rate == pytest.approx(numerator / denominator, abs=1e-12)
    assert (figure.low, figure.high) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_pending_outcomes_are_left_out_of_the_denominator_not_counted_as_failures() -> None:
    figure = compute(indicator("R2.1"), TABLES, "NLD", 2025)
    assert figure.rate == pytest.approx(45 / 80)
    assert figure.rate != pytest.approx(45 / 100)


def test_a_denominator_below_twenty_gives_not_enough_data_and_no_rate() -> None:
    small = {
        "rights_proceedings": ReleasedTable.from_cells(
            "rights_proceedings",
            ("proceedings_kind", "proceedings_outcome"),
            {(T, T): 100, ("no_proceedings", T): 70, (T, "no_proceedings"): 70, (T, "punished"): 12, (T, "pending"): 12, (T, "not_recorded"): 0},
        )
    }  # fmt: skip
    figure = compute(indicator("R7.3"), small, "HUN", 2025)
    assert figure.denominator == 18 and not figure.shown
    assert figure.rate is None and figure.low is None and figure.numerator is None
    assert figure.reason == Reason.SMALL
    assert "18 persons, fewer than 20" in figure.reason_text()


def test_eighteen_awards_are_too_few_for_a_payment_rate() -> None:
    figure = compute(indicator("R6.3"), TABLES, "NLD", 2025)  # 10 + 5 + 3 awards
    assert figure.denominator == 18
    assert figure.reason == Reason.SMALL and figure.rate is None


def test_a_suppressed_denominator_gives_not_enough_data() -> None:
    suppressed = dict(TABLES)
    suppressed["rights_identification"] = ReleasedTable.from_cells(
        "rights_identification",
        ("identification", "citizenship_group"),
        {(T, T): 100, ("positive", T): 45, ("pending", T): None, ("not_recorded", T): 0},
    )
    figure = compute(indicator("R2.1"), suppressed, "NLD", 2025)
    assert not figure.shown and figure.reason == Reason.SUPPRESSED
    assert figure.denominator is None


def test_a_suppressed_numerator_with_a_large_denominator_shows_no_rate() -> None:
    suppressed = dict(TABLES)
    suppressed["rights_reporting"] = ReleasedTable.from_cells(
        "rights_reporting",
        ("migration_status", "reporting"),
        {("irregular", T): 50, ("irregular", "not_reported"): 20, ("irregular", "reported_enforcement"): None, ("irregular", "reported_no_consequence"): 24},
    )  # fmt: skip
    figure = compute(indicator("R8.2"), suppressed, "NLD", 2025)
    assert figure.reason == Reason.SUPPRESSED  # its denominator needs the suppressed cell too
    r81 = compute(indicator("R8.1"), suppressed, "NLD", 2025)
    assert r81.shown  # the margins it needs are released


def test_a_table_nobody_submitted_gives_not_enough_data() -> None:
    figure = compute(indicator("R10.1"), TABLES, "NLD", 2025)
    assert not figure.shown and figure.reason == Reason.TABLE_MISSING
    assert figure.reason_text() == "no member submitted the table it needs"


def test_an_alternative_formula_is_used_when_the_first_needs_a_suppressed_cell() -> None:
    tables = {
        "rights_cooperation": ReleasedTable.from_cells(
            "rights_cooperation",
            ("assistance_conditional", "cooperation"),
            {(T, T): 100, ("yes", T): None, ("no", T): 60, ("unknown", T): 10},
        )
    }
    figure = compute(indicator("R1.1"), tables, "NLD", 2025)
    assert (figure.numerator, figure.denominator) == (60, 90)


@pytest.mark.parametrize("spec", INDICATORS, ids=lambda s: s.code)
def test_every_formula_names_tables_dimensions_and_categories_of_the_exchange_catalogue(
    spec: object,
) -> None:
    from crossroads.monitoring.indicators import Indicator

    assert isinstance(spec, Indicator)
    counts = [spec.numerator, spec.denominator] + ([spec.pending] if spec.pending else [])
    for count in counts:
        for formula in count.formulas:
            for term in formula.terms:
                exchange_table = table(term.table)
                assert len(term.categories) == len(exchange_table.dimensions)
                for name, code in zip(exchange_table.dimensions, term.categories, strict=True):
                    if code != T:
                        assert code in dimension(name).codes, (spec.code, term.table, name, code)


def test_the_pages_open_on_the_latest_year_most_members_reported() -> None:
    full = synthetic_releases(["NLD", "DEU", "FRA", "BEL"], [2023, 2024])
    # 2025: only one of four members has been accepted so far.
    early = synthetic_releases(["NLD"], [2025])
    assert Monitor({**full, **early}).latest_year == 2024
    # Once half of them are in, the newest year is the one shown.
    half = synthetic_releases(["NLD", "DEU"], [2025])
    assert Monitor({**full, **half}).latest_year == 2025
    assert Monitor({}).latest_year is None


def test_the_definitions_speak_every_offered_language_from_the_catalogues() -> None:
    title = indicator("R2.1").title
    assert [title.get(code) for code in ("en", "fr", "ro", "uk")] == [
        "Formal identification",
        "Identification formelle",
        "Identificare formală",
        "Офіційне встановлення статусу",
    ]
    # A language that is not offered reads the English text.
    assert title.get("xx") == "Formal identification"


def test_an_indicator_keeps_its_wording_where_another_app_words_the_same_english_otherwise() -> (
    None
):
    title = indicator("R3.2").title
    assert title.get("en") == "Informed of the reflection period"
    with translation.override("fr"):
        # The exchange tables' column of the same name reads "Informée du délai de réflexion".
        assert gettext("Informed of the reflection period") != title.get("fr")
    assert title.get("fr") == "Information sur le délai de réflexion"
