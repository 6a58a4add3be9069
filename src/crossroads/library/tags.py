"""The tags of a document, taken from the standard: countries, rights, forms of exploitation."""

from __future__ import annotations

from crossroads.codebook.loader import load_standard
from crossroads.codebook.questionnaire import load_questionnaire
from crossroads.collation import sorted_by_text


def country_choices(language: str) -> list[tuple[str, str]]:
    """(ISO alpha-3, name) of every country of the standard, sorted by name."""
    vocabulary = load_standard().vocabularies["country"]
    return sorted_by_text(
        ((v.code, v.label.get(language)) for v in vocabulary.values), lambda c: c[1]
    )


def right_choices(language: str) -> list[tuple[str, str]]:
    """The rights the network monitors, as coded in the narrative questionnaire."""
    item = load_questionnaire().section("situation").item("right")
    return [(c.code, c.label.get(language)) for c in item.choices]


def form_choices(language: str) -> list[tuple[str, str]]:
    """The forms of exploitation of the standard."""
    vocabulary = load_standard().vocabularies["exploitation_form"]
    return [(v.code, v.label.get(language)) for v in vocabulary.values]


def label(choices: list[tuple[str, str]], code: str) -> str:
    """The label of ``code`` among ``choices`` (the code itself if unknown)."""
    return next((name for value, name in choices if value == code), code)
