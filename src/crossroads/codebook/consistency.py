"""Cross-file checks of a data standard once all its files are read."""

from __future__ import annotations

from crossroads.codebook.definitions import Condition, FieldType, Standard, StandardError


def check_standard(standard: Standard) -> None:
    """Cross-file consistency: vocabularies, sections and condition references exist."""
    sections = {s.code for s in standard.sections}
    seen: set[str] = set()
    for field_def in standard.all_fields():
        where = f"field {field_def.path!r}"
        if field_def.path in seen:
            raise StandardError(f"{where} is defined twice")
        seen.add(field_def.path)
        if field_def.event is None and field_def.section not in sections:
            raise StandardError(f"{where}: unknown section {field_def.section!r}")
        coded = field_def.type in {FieldType.CHOICE, FieldType.MULTICHOICE}
        if coded and field_def.vocabulary not in standard.vocabularies:
            raise StandardError(f"{where}: unknown vocabulary {field_def.vocabulary!r}")
        _check_condition(standard, field_def.applies_when, where)
    for event in standard.events:
        if event.section not in sections:
            raise StandardError(f"event {event.code!r}: unknown section {event.section!r}")
        if standard.has_field(event.code):
            raise StandardError(f"event {event.code!r} has the same code as a field")
        _check_condition(standard, event.applies_when, f"event {event.code!r}")
    for condition in standard.conditions.values():
        _check_condition(standard, condition, "standard.toml conditions")


def _check_condition(standard: Standard, condition: Condition | None, where: str) -> None:
    if condition is None:
        return
    if condition.kind == "named" and condition.name not in standard.conditions:
        raise StandardError(f"{where}: unknown condition {condition.name!r}")
    if condition.field and not standard.has_field(condition.field):
        raise StandardError(f"{where}: condition refers to unknown field {condition.field!r}")
    for part in condition.parts:
        _check_condition(standard, part, where)
