"""The one validation layer that every entry path (form, import, API) uses.

:func:`validate_record` takes raw values keyed by field code (and raw events
keyed by event code), returns the canonical record, and raises
:class:`RecordInvalid` listing every problem: which field, which value, and
what is allowed. Missing fields needed for completeness are not errors; they
are reported in :attr:`CleanRecord.missing` so the record can be saved and
flagged as incomplete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.codebook.coerce import ValueProblem, coerce, is_blank
from crossroads.codebook.conditions import condition_holds, describe
from crossroads.codebook.definitions import EventType, FieldDef, Requirement, Standard

EVENTS_KEY = "events"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record: where, which value, and what is expected."""

    path: str
    label: str
    value: Any
    message: str

    def __str__(self) -> str:
        if self.value is None or self.value == "":
            return f"{self.label}: {self.message}"
        return f"{self.label}: {self.value!r} — {self.message}"


class RecordInvalid(ValueError):
    """A record failed validation; ``problems`` lists each problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class CleanRecord:
    """A validated record in canonical form."""

    data: dict[str, Any]
    events: dict[str, list[dict[str, Any]]]
    missing: list[str] = field(default_factory=list)
    completeness: int = 100

    def as_document(self) -> dict[str, Any]:
        """The record as stored: field values plus ``events``."""
        return {**self.data, EVENTS_KEY: self.events}


def validate_record(
    raw: Mapping[str, Any],
    *,
    standard: Standard,
    country: str,
    language: str = "en",
    drop_inapplicable: bool = False,
    today: date | None = None,
) -> CleanRecord:
    """Validate and canonicalise one case record.

    ``raw`` maps field codes to raw values, and ``"events"`` to a mapping of
    event code to a list of raw events. ``country`` is the owning
    organisation's country (alpha-3), which decides what counts as non-national.
    Unknown keys are errors, so a misspelt column never disappears silently.
    With ``drop_inapplicable`` (forms, where hidden fields cannot be seen),
    values of fields that do not apply are discarded instead of refused.
    """
    today = today or timezone.localdate()
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    known = {f.code for f in standard.fields} | {EVENTS_KEY}
    for key in raw:
        if key not in known:
            problems.append(Problem(key, key, None, _("is not a field of the standard")))
    for field_def in standard.fields:
        value = raw.get(field_def.code)
        if is_blank(value):
            continue
        try:
            data[field_def.code] = coerce(
                standard, field_def, value, today=today, language=language
            )
        except ValueProblem as exc:
            problems.append(
                _problem(standard, field_def, field_def.code, value, str(exc), language)
            )
    _drop_or_refuse_inapplicable(
        standard, data, country, language, drop_inapplicable, problems, raw
    )
    events = _validate_events(
        standard,
        raw.get(EVENTS_KEY) or {},
        data,
        country,
        language,
        drop_inapplicable,
        today,
        problems,
    )
    _apply_rules(standard, data, events, language, problems)
    for field_def in standard.fields:
        if (
            field_def.required is Requirement.SAVE
            and field_def.code not in data
            and not any(p.path == field_def.code for p in problems)
        ):
            problems.append(
                _problem(standard, field_def, field_def.code, None, _("is required"), language)
            )
    if problems:
        raise RecordInvalid(problems)
    missing, percent = completeness(standard, data, events, country)
    return CleanRecord(data=data, events=events, missing=missing, completeness=percent)


def _problem(
    standard: Standard,
    field_def: FieldDef,
    path: str,
    value: Any,
    message: str,
    language: str,
) -> Problem:
    label = field_def.label.get(language)
    if field_def.event is not None:
        label = f"{label} ({standard.event(field_def.event).label.get(language)})"
    return Problem(path=path, label=label, value=value, message=message)


def _drop_or_refuse_inapplicable(
    standard: Standard,
    data: dict[str, Any],
    country: str,
    language: str,
    drop: bool,
    problems: list[Problem],
    raw: Mapping[str, Any],
) -> None:
    for field_def in standard.fields:
        if field_def.code not in data:
            continue
        if condition_holds(field_def.applies_when, data, standard=standard, country=country):
            continue
        if drop:
            del data[field_def.code]
            continue
        problems.append(
            _problem(
                standard,
                field_def,
                field_def.code,
                raw.get(field_def.code),
                _("applies only when %(condition)s; leave it empty")
                % {"condition": describe(field_def.applies_when, standard, language)},
                language,
            )
        )
        del data[field_def.code]


def _validate_events(
    standard: Standard,
    raw_events: Any,
    data: dict[str, Any],
    country: str,
    language: str,
    drop: bool,
    today: date,
    problems: list[Problem],
) -> dict[str, list[dict[str, Any]]]:
    events: dict[str, list[dict[str, Any]]] = {}
    if not isinstance(raw_events, Mapping):
        problems.append(Problem(EVENTS_KEY, EVENTS_KEY, None, _("expected events by kind")))
        return events
    for code, entries in raw_events.items():
        try:
            event = standard.event(code)
        except KeyError:
            problems.append(Problem(code, code, None, _("is not an event of the standard")))
            continue
        cleaned = [
            entry
            for index, raw_entry in enumerate(entries or [])
            if (
                entry := _validate_event(
                    standard, event, index, raw_entry, language, today, problems
                )
            )
        ]
        if not cleaned:
            continue
        if not condition_holds(event.applies_when, data, standard=standard, country=country):
            if not drop:
                problems.append(
                    Problem(
                        code,
                        event.label.get(language),
                        None,
                        _("applies only when %(condition)s; remove it")
                        % {"condition": describe(event.applies_when, standard, language)},
                    )
                )
            continue
        if not event.repeatable and len(cleaned) > 1:
            problems.append(
                Problem(code, event.label.get(language), None, _("may be recorded only once"))
            )
            continue
        cleaned.sort(key=lambda e: e.get(event.date_field) or "9999-99-99")
        events[code] = cleaned
    return events


def _validate_event(
    standard: Standard,
    event: EventType,
    index: int,
    raw_entry: Any,
    language: str,
    today: date,
    problems: list[Problem],
) -> dict[str, Any]:
    if not isinstance(raw_entry, Mapping):
        problems.append(Problem(event.code, event.label.get(language), None, _("expected fields")))
        return {}
    entry: dict[str, Any] = {}
    known = {f.code for f in event.fields}
    for key in raw_entry:
        if key not in known:
            problems.append(
                Problem(
                    f"{event.code}[{index + 1}].{key}", key, None, _("is not a field of this event")
                )
            )
    for field_def in event.fields:
        value = raw_entry.get(field_def.code)
        if is_blank(value):
            continue
        try:
            entry[field_def.code] = coerce(
                standard, field_def, value, today=today, language=language
            )
        except ValueProblem as exc:
            path = f"{event.code}[{index + 1}].{field_def.code}"
            problems.append(_problem(standard, field_def, path, value, str(exc), language))
    return entry


def _apply_rules(
    standard: Standard,
    data: dict[str, Any],
    events: dict[str, list[dict[str, Any]]],
    language: str,
    problems: list[Problem],
) -> None:
    for rule in standard.rules:
        params = rule.params
        if rule.kind == "age_band_matches_age":
            age, band = data.get(params["age_field"]), data.get(params["band_field"])
            if age is None or band is None:
                continue
            band_field = standard.field(params["band_field"])
            value = standard.vocabulary_of(band_field).get(band)
            low, high = (value.flag("min_age"), value.flag("max_age")) if value else (None, None)
            if low is not None and high is not None and not low <= age <= high:
                problems.append(
                    _problem(
                        standard,
                        standard.field(params["age_field"]),
                        params["age_field"],
                        age,
                        _("does not fall in the age band %(band)s")
                        % {"band": value.label.get(language) if value else band},
                        language,
                    )
                )
        elif rule.kind == "date_in_year":
            when, year = data.get(params["field"]), data.get(params["year_field"])
            if when is not None and year is not None and int(when[:4]) != year:
                problems.append(
                    _problem(
                        standard,
                        standard.field(params["field"]),
                        params["field"],
                        when,
                        _("must fall in the year of registration (%(year)s)") % {"year": year},
                        language,
                    )
                )
        elif rule.kind == "date_order":
            event = standard.event(params["event"])
            for index, entry in enumerate(events.get(event.code, [])):
                first, second = entry.get(params["before"]), entry.get(params["after"])
                if first is not None and second is not None and second < first:
                    later = event.field(params["after"])
                    earlier = event.field(params["before"])
                    assert later is not None and earlier is not None
                    problems.append(
                        _problem(
                            standard,
                            later,
                            f"{event.code}[{index + 1}].{later.code}",
                            second,
                            _("cannot be before %(other)s (%(date)s)")
                            % {"other": earlier.label.get(language), "date": first},
                            language,
                        )
                    )
        else:
            raise ValueError(f"unknown rule kind {rule.kind!r} in the standard")


def completeness(
    standard: Standard,
    data: Mapping[str, Any],
    events: Mapping[str, list[dict[str, Any]]],
    country: str,
) -> tuple[list[str], int]:
    """The fields needed for completeness that are empty, and the share (%) that are filled.

    One definition everywhere: the fields *needed for completeness* are the
    applicable record fields the standard requires (to save or for
    completeness) and the required-for-completeness fields of each recorded
    event. A record is complete (100 %) exactly when none of them is empty;
    optional fields never lower the figure.
    """
    missing: list[str] = []
    needed = 0
    for field_def in standard.fields:
        if field_def.required is None:
            continue
        if not condition_holds(field_def.applies_when, data, standard=standard, country=country):
            continue
        needed += 1
        if field_def.code not in data:
            missing.append(field_def.code)
    for code, entries in events.items():
        event = standard.event(code)
        for index, entry in enumerate(entries):
            for field_def in event.fields:
                if field_def.required is Requirement.COMPLETE:
                    needed += 1
                    if field_def.code not in entry:
                        missing.append(f"{code}[{index + 1}].{field_def.code}")
    percent = 100 if not needed else (100 * (needed - len(missing))) // needed
    return missing, percent
