"""The spreadsheet layout of a case record, shared by imports, exports and the template.

One column per record field, then one column per field of each event kind
(``<event>.<field>``, one event of each kind per row), plus the client code
and the three identity columns that are turned into linkage tokens on import
and never stored or exported. A column is recognised by its code or by its
label in any language of the standard, ignoring case and accents; an event
field also by "<event label> — <field label>".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from crossroads.codebook.definitions import EventType, FieldDef, Standard, fold
from crossroads.codebook.loader import load_standard


class Kind(StrEnum):
    """What a column holds."""

    CLIENT_CODE = "client_code"
    IDENTITY = "identity"
    FIELD = "field"
    EVENT_FIELD = "event_field"


# Identity columns: typed in the file, turned into tokens, dropped.
IDENTITY_COLUMNS = {
    "identity_given": _("Given names"),
    "identity_family": _("Family names"),
    "identity_dob": _("Date of birth"),
}
CLIENT_CODE_LABEL = _("Client code")
EVENT_JOINER = " — "


@dataclass(frozen=True)
class Column:
    """One column of the layout."""

    key: str
    kind: Kind
    field: FieldDef | None = None
    event: EventType | None = None

    def label(self, language: str) -> str:
        """The column's label in ``language``."""
        if self.kind is Kind.CLIENT_CODE:
            with translation.override(language):
                return str(CLIENT_CODE_LABEL)
        if self.kind is Kind.IDENTITY:
            with translation.override(language):
                return str(IDENTITY_COLUMNS[self.key])
        assert self.field is not None
        if self.event is not None:
            return f"{self.event.label.get(language)}{EVENT_JOINER}{self.field.label.get(language)}"
        return self.field.label.get(language)

    def header(self, language: str | None) -> str:
        """The header written in files: the code, or the label in ``language``."""
        return self.key if language is None else self.label(language)

    def definition(self, language: str) -> str:
        """What the column means, in ``language``."""
        if self.field is not None:
            return self.field.definition.get(language)
        with translation.override(language):
            if self.kind is Kind.CLIENT_CODE:
                return str(
                    _(
                        "Your organisation's own code for the person, never a name. It identifies "
                        "the record: importing a row whose client code exists updates that record."
                    )
                )
            return str(
                _(
                    "Used only to compute the linkage token, then dropped: never stored, "
                    "never shown again, never exported."
                )
            )


def _languages(standard: Standard) -> tuple[str, ...]:
    offered = tuple(code for code, _name in settings.LANGUAGES)
    return tuple(dict.fromkeys((*standard.languages, *offered)))


def layout(standard: Standard) -> tuple[Column, ...]:
    """Every column in file order."""
    return _layout(standard.version)


@cache
def _layout(version: str) -> tuple[Column, ...]:
    standard = load_standard(version)
    columns = [Column("client_code", Kind.CLIENT_CODE)]
    columns += [Column(key, Kind.IDENTITY) for key in IDENTITY_COLUMNS]
    columns += [Column(f.code, Kind.FIELD, field=f) for f in standard.fields]
    for event in standard.events:
        columns += [
            Column(f"{event.code}.{f.code}", Kind.EVENT_FIELD, field=f, event=event)
            for f in event.fields
        ]
    return tuple(columns)


def data_columns(standard: Standard) -> tuple[Column, ...]:
    """The columns an export writes: every column but the identity ones."""
    return tuple(c for c in layout(standard) if c.kind is not Kind.IDENTITY)


def _aliases(column: Column, languages: Iterable[str]) -> set[str]:
    names = {column.key}
    for language in languages:
        names.add(column.label(language))
        if column.event is not None and column.field is not None:
            event_label, field_label = (
                column.event.label.get(language),
                column.field.label.get(language),
            )
            names |= {
                f"{event_label} - {field_label}",
                f"{event_label}: {field_label}",
                f"{event_label}.{field_label}",
            }
    if column.kind is Kind.CLIENT_CODE:
        names |= {"client code", "code"}
    return {fold(name) for name in names}


def recogniser(standard: Standard) -> dict[str, Column]:
    """Folded header text → column, for every code and label in every language.

    A label shared by two columns (none in the current standard) is left out,
    so it can never be guessed wrongly; the code always works.
    """
    return _recogniser(standard.version)


@cache
def _recogniser(version: str) -> dict[str, Column]:
    standard = load_standard(version)
    found: dict[str, Column] = {}
    shared: set[str] = set()
    languages = _languages(standard)
    for column in layout(standard):
        for alias in _aliases(column, languages):
            if alias in found and found[alias] != column:
                shared.add(alias)
            found.setdefault(alias, column)
    for alias in shared:
        del found[alias]
    return found


def recognise(standard: Standard, header: str) -> Column | None:
    """The column a header names, or None."""
    return recogniser(standard).get(fold(header))
