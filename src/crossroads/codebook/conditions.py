"""Evaluate the standard's ``applies_when`` conditions against a record's values.

The browser mirrors this logic in ``codebook/js/conditions.js`` so fields
appear and disappear as a caseworker types; the server is the authority.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crossroads.codebook.definitions import Condition, Standard


def condition_holds(
    condition: Condition | None,
    values: Mapping[str, Any],
    *,
    standard: Standard,
    country: str,
) -> bool:
    """True when ``condition`` holds for the cleaned ``values`` of a record.

    ``country`` is the alpha-3 code of the organisation that owns the record.
    A condition on a field that has no value does not hold: a field that
    depends on the age band stays hidden until the age band is known.
    """
    if condition is None:
        return True
    kind = condition.kind
    if kind == "named":
        return condition_holds(
            standard.conditions[condition.name], values, standard=standard, country=country
        )
    if kind == "any":
        return any(
            condition_holds(p, values, standard=standard, country=country) for p in condition.parts
        )
    if kind == "all":
        return all(
            condition_holds(p, values, standard=standard, country=country) for p in condition.parts
        )
    value = values.get(condition.field)
    if value is None or value == [] or value == "":
        return False
    if kind == "in":
        return value in condition.values
    if kind == "any_of":
        return bool(set(value) & set(condition.values))
    if kind == "lt":
        return isinstance(value, int) and condition.number is not None and value < condition.number
    if kind == "excludes_country_of_organisation":
        return country not in value
    raise ValueError(f"unknown condition kind {kind!r}")


def describe(condition: Condition | None, standard: Standard, language: str) -> str:
    """A short human description of when a condition holds (for messages and the codebook)."""
    if condition is None:
        return ""
    if condition.kind == "named":
        return standard.conditions[condition.name].description.get(language)
    if condition.description.values:
        return condition.description.get(language)
    if condition.kind in {"in", "any_of"}:
        field_def = standard.field(condition.field)
        vocabulary = standard.vocabulary_of(field_def)
        labels = []
        for code in condition.values:
            value = vocabulary.get(code)
            labels.append(value.label.get(language) if value else code)
        return f"{field_def.label.get(language)}: {', '.join(labels)}"
    if condition.kind == "lt":
        return f"{standard.field(condition.field).label.get(language)} < {condition.number}"
    joiner = " or " if condition.kind == "any" else " and "
    return joiner.join(describe(part, standard, language) for part in condition.parts)
