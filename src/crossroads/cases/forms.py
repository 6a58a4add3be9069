"""The case record form, generated from the standard's definitions.

Adding a field or an event to the standard makes it appear here with no
template change. The form only collects raw values; validation is the
standard's single validation layer (:mod:`crossroads.codebook.validation`),
whose problems are mapped back onto the inputs they concern.

Identity fields (names, date of birth) are typed here, turned into linkage
tokens by the service, and never stored, logged or sent back to the browser:
they are never pre-filled, not even after a validation error.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from crossroads.cases import services
from crossroads.codebook.definitions import (
    Condition,
    EventType,
    FieldDef,
    FieldType,
    Requirement,
    Section,
    Standard,
)
from crossroads.codebook.display import options
from crossroads.codebook.validation import Problem
from crossroads.stats.linkage import Identity

CHECKBOX_LIMIT = 30
HELP_SHOWN_CHARS = 110
_EVENT_NAME = re.compile(r"^e-(?P<kind>[a-z_]+)-(?P<index>\d{1,3})-(?P<field>[a-z_]+)$")
_PROBLEM_PATH = re.compile(r"^(?P<kind>[a-z_]+)\[(?P<index>\d+)\]\.(?P<field>[a-z_]+)$")
IDENTITY_FIELDS = ("identity_given", "identity_family", "identity_dob")


@dataclass
class Widget:
    """One input of the form, ready for the template."""

    field: FieldDef
    name: str
    label: str
    help: str
    kind: str
    value: Any = None
    options: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)
    condition: str = ""

    @property
    def required(self) -> bool:
        return self.field.required is Requirement.SAVE

    @property
    def recommended(self) -> bool:
        return self.field.required is Requirement.COMPLETE

    @property
    def help_is_long(self) -> bool:
        """Long definitions fold into an info toggle, so the form stays scannable."""
        return len(self.help) > HELP_SHOWN_CHARS

    @property
    def values(self) -> list[str]:
        """Selected codes of a multi-valued input."""
        return list(self.value) if isinstance(self.value, list) else []


@dataclass
class EventEntry:
    """One event of a kind, with its inputs."""

    index: int
    widgets: list[Widget]


@dataclass
class EventBlock:
    """All events of one kind, plus an empty template for adding another."""

    event: EventType
    label: str
    definition: str
    entries: list[EventEntry]
    template: EventEntry
    condition: str = ""
    errors: list[str] = dataclasses.field(default_factory=list)


@dataclass
class SectionBlock:
    """A section of the form."""

    section: Section
    label: str
    description: str
    widgets: list[Widget]
    events: list[EventBlock]


def condition_json(
    condition: Condition | None, standard: Standard, country: str
) -> dict[str, Any] | None:
    """The condition as plain JSON for the browser (named conditions expanded)."""
    if condition is None:
        return None
    if condition.kind == "named":
        return condition_json(standard.conditions[condition.name], standard, country)
    if condition.kind in {"any", "all"}:
        parts = [condition_json(part, standard, country) for part in condition.parts]
        return {condition.kind: parts}
    if condition.kind == "in":
        return {"field": condition.field, "in": list(condition.values)}
    if condition.kind == "any_of":
        return {"field": condition.field, "any_of": list(condition.values)}
    if condition.kind == "lt":
        return {"field": condition.field, "lt": condition.number}
    return {"field": condition.field, "excludes": country}


class CaseForm:
    """Builds the form's sections from the standard and reads a submitted form."""

    def __init__(
        self,
        standard: Standard,
        *,
        language: str,
        country: str,
        document: Mapping[str, Any] | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.standard = standard
        self.language = language
        self.country = country
        self.document = document or {}
        self.errors_by_name: dict[str, list[str]] = defaultdict(list)
        self.general_errors: list[str] = []
        for problem in problems or []:
            self._attach(problem)

    # ----------------------------------------------------------- reading a post
    @staticmethod
    def parse(post: QueryDict, standard: Standard) -> dict[str, Any]:
        """Raw values by field code, and ``events`` by kind in form order.

        Problems name events by their position in that order, counted from 1,
        which is how :meth:`_attach` maps them back onto the inputs.
        """
        raw: dict[str, Any] = {}
        for field_def in standard.fields:
            name = f"f-{field_def.code}"
            if field_def.type.is_multiple:
                raw[field_def.code] = [v for v in post.getlist(name) if v]
            else:
                raw[field_def.code] = post.get(name, "")
        grouped: dict[str, dict[int, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
        for key in post:
            match = _EVENT_NAME.match(key)
            if not match:
                continue
            kind, index, code = match["kind"], int(match["index"]), match["field"]
            values = [v for v in post.getlist(key) if v]
            grouped[kind][index][code] = (
                values if len(values) > 1 else (values[0] if values else "")
            )
        raw["events"] = {
            kind: [entries[i] for i in sorted(entries)] for kind, entries in grouped.items()
        }
        return raw

    @staticmethod
    def identity(post: QueryDict, gender: str) -> Identity | None:
        """The identity typed on the form, or None when the identity fields were left empty.

        Raises :class:`crossroads.stats.linkage.IdentityError` for an unreadable date.
        """
        return services.identity_of(
            post.get("identity_given", ""),
            post.get("identity_family", ""),
            post.get("identity_dob", ""),
            gender,
        )

    # ----------------------------------------------------------- building
    def _attach(self, problem: Problem) -> None:
        match = _PROBLEM_PATH.match(problem.path)
        if match:
            # Problem indices count the submitted events from 1, in form order.
            name = f"e-{match['kind']}-{int(match['index']) - 1}-{match['field']}"
            self.errors_by_name[name].append(problem.message)
        elif problem.path in IDENTITY_FIELDS or problem.path == "client_code":
            self.errors_by_name[problem.path].append(problem.message)
        elif self.standard.has_field(problem.path):
            self.errors_by_name[f"f-{problem.path}"].append(problem.message)
        elif any(e.code == problem.path for e in self.standard.events):
            self.errors_by_name[f"event-{problem.path}"].append(problem.message)
        else:
            self.general_errors.append(str(problem))

    def _widget(self, field_def: FieldDef, name: str, value: Any) -> Widget:
        if field_def.type is FieldType.INTEGER:
            kind = "number"
        elif field_def.type is FieldType.DATE:
            kind = "date"
        elif field_def.type in {FieldType.CHOICE, FieldType.COUNTRY}:
            kind = "select"
        else:
            vocabulary = self.standard.vocabulary_of(field_def)
            kind = "checkboxes" if len(vocabulary.values) <= CHECKBOX_LIMIT else "picker"
        condition = condition_json(field_def.applies_when, self.standard, self.country)
        return Widget(
            field=field_def,
            name=name,
            label=field_def.label.get(self.language),
            help=field_def.definition.get(self.language),
            kind=kind,
            value=value,
            options=options(self.standard, field_def, self.language)
            if field_def.type.is_coded
            else [],
            errors=self.errors_by_name.get(name, []),
            condition=json.dumps(condition) if condition else "",
        )

    def sections(self) -> list[SectionBlock]:
        """The form's sections in the standard's order."""
        blocks = []
        events_doc: Mapping[str, list[Mapping[str, Any]]] = self.document.get("events", {})
        for section in self.standard.sections:
            widgets = [
                self._widget(f, f"f-{f.code}", self.document.get(f.code))
                for f in self.standard.fields_in(section.code)
            ]
            event_blocks = []
            for event in self.standard.events_in(section.code):
                entries = [
                    EventEntry(
                        index=i,
                        widgets=[
                            self._widget(f, f"e-{event.code}-{i}-{f.code}", entry.get(f.code))
                            for f in event.fields
                        ],
                    )
                    for i, entry in enumerate(events_doc.get(event.code, []))
                ]
                if not entries:
                    entries = [self._entry(event, 0)]
                condition = condition_json(event.applies_when, self.standard, self.country)
                event_blocks.append(
                    EventBlock(
                        event=event,
                        label=event.label.get(self.language),
                        definition=event.definition.get(self.language),
                        entries=entries,
                        template=self._entry(event, "__index__"),  # type: ignore[arg-type]
                        condition=json.dumps(condition) if condition else "",
                        errors=self.errors_by_name.get(f"event-{event.code}", []),
                    )
                )
            blocks.append(
                SectionBlock(
                    section=section,
                    label=section.label.get(self.language),
                    description=section.description.get(self.language),
                    widgets=widgets,
                    events=event_blocks,
                )
            )
        return blocks

    def _entry(self, event: EventType, index: int) -> EventEntry:
        return EventEntry(
            index=index,
            widgets=[
                self._widget(f, f"e-{event.code}-{index}-{f.code}", None) for f in event.fields
            ],
        )

    def error_count(self) -> int:
        """How many problems the form shows."""
        return sum(len(v) for v in self.errors_by_name.values()) + len(self.general_errors)

    def error_summary(self) -> list[tuple[str, str]]:
        """(input name, message) pairs for the summary at the top of the form."""
        labels: dict[str, str] = {
            "client_code": _("Client code"),
            "identity_dob": _("Date of birth"),
        }
        for block in self.sections():
            for widget in block.widgets:
                labels[widget.name] = widget.label
            for event in block.events:
                labels[f"event-{event.event.code}"] = event.label
                for entry in event.entries:
                    for widget in entry.widgets:
                        labels[widget.name] = f"{event.label} — {widget.label}"
        pairs = [
            (name, f"{labels.get(name, name)}: {message}")
            for name, messages in self.errors_by_name.items()
            for message in messages
        ]
        return pairs + [("", message) for message in self.general_errors]
