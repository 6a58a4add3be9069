"""Showing stored codes to people, in their language."""

from __future__ import annotations

from typing import Any

from crossroads.codebook.definitions import FieldDef, FieldType, Standard
from crossroads.collation import sorted_by_text


def value_label(standard: Standard, field_def: FieldDef, code: str, language: str) -> str:
    """The label of one code of a coded field (the code itself if unknown)."""
    value = standard.vocabulary_of(field_def).get(code)
    return value.label.get(language) if value else code


def display(standard: Standard, field_def: FieldDef, value: Any, language: str) -> str:
    """A stored value as text: labels for codes (joined with commas), dates and numbers as is."""
    if value is None or value == "" or value == []:
        return ""
    if field_def.type.is_coded:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(value_label(standard, field_def, str(code), language) for code in codes)
    if field_def.type is FieldType.INTEGER:
        return str(value)
    return str(value)


def options(standard: Standard, field_def: FieldDef, language: str) -> list[tuple[str, str]]:
    """(code, label) pairs of a coded field, in the vocabulary's order (countries by label)."""
    vocabulary = standard.vocabulary_of(field_def)
    pairs = [(v.code, v.label.get(language)) for v in vocabulary.values]
    if field_def.type in {FieldType.COUNTRY, FieldType.COUNTRIES}:
        pairs = sorted_by_text(pairs, lambda pair: pair[1])
    return pairs
