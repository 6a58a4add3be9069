"""Turn a stored record into what the record page shows, in the reader's language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crossroads.cases.models import Case
from crossroads.codebook.conditions import condition_holds
from crossroads.codebook.definitions import Standard
from crossroads.codebook.display import display
from crossroads.codebook.validation import completeness


@dataclass
class Fact:
    """A labelled value."""

    label: str
    value: str
    missing: bool = False


@dataclass
class EventView:
    """One event with its facts."""

    facts: list[Fact]


@dataclass
class EventKindView:
    """Events of one kind."""

    label: str
    events: list[EventView]


@dataclass
class SectionView:
    """A section of the record page."""

    label: str
    facts: list[Fact]
    event_kinds: list[EventKindView] = field(default_factory=list)


def record_sections(standard: Standard, case: Case, language: str) -> list[SectionView]:
    """The record's applicable fields and its events, section by section."""
    data = case.data
    country = case.organisation.country
    missing = set(_missing_codes(standard, case))
    views = []
    for section in standard.sections:
        facts = []
        for field_def in standard.fields_in(section.code):
            if not condition_holds(
                field_def.applies_when, data, standard=standard, country=country
            ):
                continue
            facts.append(
                Fact(
                    label=field_def.label.get(language),
                    value=display(standard, field_def, data.get(field_def.code), language),
                    missing=field_def.code in missing,
                )
            )
        kinds = []
        for event in standard.events_in(section.code):
            entries = case.events.get(event.code, [])
            if not entries:
                continue
            kinds.append(
                EventKindView(
                    label=event.label.get(language),
                    events=[
                        EventView(
                            facts=[
                                Fact(
                                    f.label.get(language),
                                    display(standard, f, e.get(f.code), language),
                                )
                                for f in event.fields
                                if e.get(f.code) not in (None, "", [])
                            ]
                        )
                        for e in entries
                    ],
                )
            )
        views.append(SectionView(label=section.label.get(language), facts=facts, event_kinds=kinds))
    return views


@dataclass
class MissingField:
    """A field the record still needs for completeness, with the form input that fills it."""

    label: str
    anchor: str


def missing_fields(standard: Standard, case: Case, language: str) -> list[MissingField]:
    """Fields needed for completeness that the record leaves empty, in form order.

    The same list that gives the record its percentage
    (:func:`crossroads.codebook.validation.completeness`).
    """
    items = []
    for path in _missing_paths(standard, case):
        match = _EVENT_PATH.fullmatch(path)
        if match is None:
            items.append(MissingField(standard.field(path).label.get(language), f"f-{path}"))
            continue
        event = standard.event(match["event"])
        field_def = event.field(match["field"])
        assert field_def is not None
        items.append(
            MissingField(
                f"{event.label.get(language)} — {field_def.label.get(language)}",
                f"e-{event.code}-{int(match['index']) - 1}-{field_def.code}",
            )
        )
    return items


_EVENT_PATH = re.compile(r"(?P<event>\w+)\[(?P<index>\d+)\]\.(?P<field>\w+)")


def _missing_paths(standard: Standard, case: Case) -> list[str]:
    missing, _percent = completeness(standard, case.data, case.events, case.organisation.country)
    return missing


def _missing_codes(standard: Standard, case: Case) -> list[str]:
    return [path for path in _missing_paths(standard, case) if "[" not in path]
