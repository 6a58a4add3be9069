"""Typed, immutable definitions of the data standard, as read from its TOML files.

Nothing here imports Django: the same definitions drive forms, imports,
exports, the exchange tables and the codebook document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

DEFAULT_LANGUAGE = "en"
_SPACES = re.compile(r"[\s\-_\u2013]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive key for matching labels typed by people.

    Cached: imports fold the same few hundred cell texts again and again.
    """
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped)


class StandardError(ValueError):
    """The standard's files are inconsistent; the message says where."""


@dataclass(frozen=True)
class Text:
    """A text in several languages; falls back to English when a language is missing."""

    values: Mapping[str, str]

    def get(self, language: str | None = None) -> str:
        """The text in ``language`` (e.g. ``"fr"``), or in English."""
        if language:
            base = language.split("-")[0].lower()
            if base in self.values:
                return self.values[base]
        return self.values.get(DEFAULT_LANGUAGE, "")

    def all(self) -> Iterator[str]:
        """Every language version (for recognising labels typed in any language)."""
        return iter(self.values.values())

    def __str__(self) -> str:
        return self.get()


EMPTY_TEXT = Text({})


class FieldType(StrEnum):
    """The kinds of value a field holds."""

    INTEGER = "integer"
    DATE = "date"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    COUNTRY = "country"
    COUNTRIES = "countries"

    @property
    def is_multiple(self) -> bool:
        """Whether the field holds a list of codes."""
        return self in {FieldType.MULTICHOICE, FieldType.COUNTRIES}

    @property
    def is_coded(self) -> bool:
        """Whether the field's values come from a vocabulary (countries included)."""
        return self in {
            FieldType.CHOICE,
            FieldType.MULTICHOICE,
            FieldType.COUNTRY,
            FieldType.COUNTRIES,
        }


class Requirement(StrEnum):
    """How strongly a field is required."""

    SAVE = "save"  # a record cannot be saved without it
    COMPLETE = "complete"  # a record is incomplete (flagged) without it


@dataclass(frozen=True)
class Value:
    """One value of a vocabulary, with its stable code and mappings."""

    code: str
    label: Text
    definition: Text = EMPTY_TEXT
    aliases: tuple[str, ...] = ()
    exclusive: bool = False
    mappings: Mapping[str, str] = field(default_factory=dict)
    flags: Mapping[str, Any] = field(default_factory=dict)

    def flag(self, name: str, default: Any = None) -> Any:
        """A semantic flag of the value (e.g. ``pending``, ``child``, ``counts_in_statistics``)."""
        return self.flags.get(name, default)


@dataclass(frozen=True)
class Vocabulary:
    """An ordered list of allowed values."""

    code: str
    label: Text
    values: tuple[Value, ...]
    definition: Text = EMPTY_TEXT

    def __post_init__(self) -> None:
        # Lookup tables, built once; the dataclass stays immutable from outside.
        object.__setattr__(self, "_by_code", {value.code: value for value in self.values})
        object.__setattr__(self, "_codes", tuple(value.code for value in self.values))
        object.__setattr__(self, "_order", {value.code: i for i, value in enumerate(self.values)})
        folded: dict[str, str] = {}
        for value in self.values:
            for key in (value.code, *value.label.all(), *value.aliases):
                folded.setdefault(fold(key), value.code)
        object.__setattr__(self, "_by_folded", folded)

    def get(self, code: str) -> Value | None:
        """The value with ``code``, or None."""
        by_code: dict[str, Value] = self.__dict__["_by_code"]
        return by_code.get(code)

    def match(self, text: str) -> str | None:
        """The code ``text`` names: a code, a label in any language or an alias, ignoring
        case and accents; None if it names none."""
        if text in self.__dict__["_by_code"]:
            return text
        folded: dict[str, str] = self.__dict__["_by_folded"]
        return folded.get(fold(text))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes in their defined order."""
        codes: tuple[str, ...] = self.__dict__["_codes"]
        return codes

    def order(self, code: str) -> int:
        """Position of ``code`` in the vocabulary (for sorting multi-valued answers)."""
        order: dict[str, int] = self.__dict__["_order"]
        return order[code]

    def codes_with_flag(self, name: str, value: Any = True) -> frozenset[str]:
        """Codes whose flag ``name`` equals ``value``."""
        return frozenset(v.code for v in self.values if v.flags.get(name) == value)


@dataclass(frozen=True)
class Condition:
    """When a field or event applies. A small declarative language (see standard.toml).

    ``kind`` is one of ``in`` (a single value among ``values``), ``any_of`` (a
    multi-valued answer shares a code with ``values``), ``lt`` (a number
    below ``number``), ``excludes_country_of_organisation``, ``any``/``all``
    (combinations of ``parts``), or ``named`` (``name`` refers to a named
    condition of the standard).
    """

    kind: str
    field: str = ""
    values: tuple[str, ...] = ()
    number: int | None = None
    parts: tuple[Condition, ...] = ()
    name: str = ""
    description: Text = EMPTY_TEXT


@dataclass(frozen=True)
class FieldDef:
    """A field of a case record, or of an event."""

    code: str
    section: str
    type: FieldType
    label: Text
    definition: Text = EMPTY_TEXT
    vocabulary: str | None = None
    required: Requirement | None = None
    applies_when: Condition | None = None
    minimum: int | None = None
    maximum: int | str | None = None
    mappings: Mapping[str, str] = field(default_factory=dict)
    event: str | None = None

    @property
    def path(self) -> str:
        """Unique name across the record: ``code`` or ``event.code``."""
        return f"{self.event}.{self.code}" if self.event else self.code


@dataclass(frozen=True)
class EventType:
    """A kind of dated rights-outcome event and its fields."""

    code: str
    section: str
    label: Text
    definition: Text
    repeatable: bool
    date_field: str
    fields: tuple[FieldDef, ...]
    applies_when: Condition | None = None

    def field(self, code: str) -> FieldDef | None:
        """The event field with ``code``, or None."""
        return next((f for f in self.fields if f.code == code), None)


@dataclass(frozen=True)
class Section:
    """A group of fields shown together on forms and in the codebook."""

    code: str
    label: Text
    description: Text


@dataclass(frozen=True)
class Rule:
    """A cross-field rule; ``kind`` selects the check, ``params`` configure it."""

    kind: str
    params: Mapping[str, str]


@dataclass(frozen=True)
class Standard:
    """One version of the common data standard."""

    version: str
    title: Text
    summary: Text
    languages: tuple[str, ...]
    sections: tuple[Section, ...]
    fields: tuple[FieldDef, ...]
    events: tuple[EventType, ...]
    vocabularies: Mapping[str, Vocabulary]
    conditions: Mapping[str, Condition]
    rules: tuple[Rule, ...]
    eu_members: frozenset[str]
    former_eu_members: Mapping[str, int]
    #: The version this one adds to (every record of it is valid here), or None.
    extends: str | None = None

    def __post_init__(self) -> None:
        # Lookup tables built once: validation asks for fields by code many times per row.
        object.__setattr__(self, "_fields", {f.code: f for f in self.fields})
        object.__setattr__(self, "_events", {e.code: e for e in self.events})

    def field(self, code: str) -> FieldDef:
        """The record field with ``code``; raises KeyError if there is none."""
        fields: dict[str, FieldDef] = self.__dict__["_fields"]
        return fields[code]

    def has_field(self, code: str) -> bool:
        """Whether the record has a field ``code``."""
        return code in self.__dict__["_fields"]

    def event(self, code: str) -> EventType:
        """The event type with ``code``; raises KeyError if there is none."""
        events: dict[str, EventType] = self.__dict__["_events"]
        return events[code]

    def vocabulary_of(self, field_def: FieldDef) -> Vocabulary:
        """The vocabulary of a coded field (countries included)."""
        if field_def.type in {FieldType.COUNTRY, FieldType.COUNTRIES}:
            return self.vocabularies["country"]
        if field_def.vocabulary is None:
            raise KeyError(f"{field_def.path} has no vocabulary")
        return self.vocabularies[field_def.vocabulary]

    def fields_in(self, section: str) -> tuple[FieldDef, ...]:
        """Record fields of a section, in order."""
        return tuple(f for f in self.fields if f.section == section)

    def events_in(self, section: str) -> tuple[EventType, ...]:
        """Event types of a section, in order."""
        return tuple(e for e in self.events if e.section == section)

    def all_fields(self) -> Iterator[FieldDef]:
        """Record fields, then every event's fields."""
        yield from self.fields
        for event in self.events:
            yield from event.fields

    def is_eu_member(self, country: str, year: int) -> bool:
        """Whether ``country`` (alpha-3) was an EU member state in ``year``."""
        if country in self.eu_members:
            return True
        last = self.former_eu_members.get(country)
        return last is not None and year <= last
