"""Warnings in plain words: explained, translated, and never showing a count below ten."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from crossroads.estimation.advice import estimate_warnings, linkage_warnings
from crossroads.estimation.models import Estimate

SOURCES = [
    {"kind": "member", "id": 1, "label": "ngo", "name": "Stichting Overweg", "people": 40},
    {"kind": "upload", "id": 2, "label": "police", "name": "National police", "people": 60},
    {"kind": "upload", "id": 3, "label": "labour", "name": "Labour inspectorate", "people": 30},
]


def estimate(warnings: list[dict[str, str]], **result: Any) -> Estimate:
    return Estimate(
        country="NLD",
        year=2024,
        sources=SOURCES,
        overlap={
            "lists": ["ngo", "police", "labour"],
            "patterns": {"100": 30, "010": 45, "110": 3, "001": 20, "011": 5, "111": 1},
        },
        linkage={},
        result={
            "population_size": 420.0,
            "n_observed": 105,
            "conf_int": {"lower": 300.0, "upper": 900.0},
            "model": {"terms": ["ngo:police"]},
            "diagnostics": {"warnings": warnings, "deviance": 12.5, "df_resid": 2},
            **result,
        },
    )


def test_an_interaction_on_few_people_names_the_lists_and_masks_the_count() -> None:
    [text] = estimate_warnings(
        estimate([{"code": "interaction_on_few_cases", "message": "rests on 4 person(s)"}])
    )
    assert "Stichting Overweg × National police" in text
    assert "fewer than ten" in text
    assert "4" not in text


def test_few_overlaps_masks_the_number_of_people() -> None:
    [text] = estimate_warnings(estimate([{"code": "few_overlaps", "message": "Only 10 people"}]))
    assert "<10 people" in text


def test_numbers_are_read_from_the_result() -> None:
    texts = estimate_warnings(
        estimate(
            [
                {"code": "large_dark_figure", "message": ""},
                {"code": "poor_fit", "message": ""},
                {"code": "wide_interval", "message": ""},
            ]
        )
    )
    assert "3.0 times" in texts[0]
    assert "deviance 12.5 on 2 degrees" in texts[1]
    assert "(300 to 900)" in texts[2]


def test_an_unknown_code_falls_back_to_the_cores_message() -> None:
    assert estimate_warnings(estimate([{"code": "new_check", "message": "Something new."}])) == [
        "Something new."
    ]


def test_warnings_are_translated() -> None:
    with translation.override("fr"):
        [text] = estimate_warnings(estimate([{"code": "not_converged", "message": ""}]))
    assert "solution" in text and "estimation" in text


def test_linkage_warnings_explain_missed_and_wrong_links() -> None:
    record = estimate([])
    record.linkage = {
        "levels": [
            {"level": "exact", "links": 10, "ambiguous": 0, "refused": 0},
            {"level": "birth_year", "links": 9, "ambiguous": 3, "refused": 25},
        ],
        "duplicates": {"ngo": 2, "police": 0},
    }
    loose, skipped, duplicates = linkage_warnings(record)
    assert "loosest level" in loose and "too low" in loose
    assert "<10 tokens were skipped" in skipped and "25 links were refused" in skipped
    assert "--report-duplicates" in duplicates


def test_a_clean_linkage_has_no_warning() -> None:
    record = estimate([])
    record.linkage = {
        "levels": [{"level": "exact", "links": 50, "ambiguous": 0, "refused": 0}],
        "duplicates": {"ngo": 0},
    }
    assert linkage_warnings(record) == []
