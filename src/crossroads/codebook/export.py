"""The codebook as documents: Markdown and HTML per language, and one CSV of everything.

The same definitions that drive forms and validation are written out, so the
codebook a data officer reads is always the one the software enforces.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from crossroads.cells import safe_row
from crossroads.codebook.conditions import describe
from crossroads.codebook.definitions import FieldDef, FieldType, Requirement, Standard, Vocabulary

TYPE_NAMES = {
    FieldType.INTEGER: _("whole number"),
    FieldType.DATE: _("date"),
    FieldType.CHOICE: _("one value"),
    FieldType.MULTICHOICE: _("several values"),
    FieldType.COUNTRY: _("country (ISO 3166-1 alpha-3)"),
    FieldType.COUNTRIES: _("countries (ISO 3166-1 alpha-3)"),
}
REQUIREMENT_NAMES = {
    Requirement.SAVE: _("required to save"),
    Requirement.COMPLETE: _("needed for completeness"),
}


def type_name(field_def: FieldDef, language: str) -> str:
    """The field's type in words, in ``language``."""
    with translation.override(language):
        return str(TYPE_NAMES[field_def.type])


def requirement_name(field_def: FieldDef, language: str) -> str:
    """How strongly the field is required, in words in ``language`` (empty when optional)."""
    if field_def.required is None:
        return ""
    with translation.override(language):
        return str(REQUIREMENT_NAMES[field_def.required])


def used_vocabularies(standard: Standard) -> list[Vocabulary]:
    """Vocabularies used by at least one field, in first-use order (countries excluded)."""
    seen: dict[str, Vocabulary] = {}
    for field_def in standard.all_fields():
        if field_def.vocabulary and field_def.vocabulary not in seen:
            seen[field_def.vocabulary] = standard.vocabularies[field_def.vocabulary]
    return list(seen.values())


def document_context(standard: Standard, language: str) -> dict[str, object]:
    """Everything the codebook template shows, in ``language``."""
    sections = []
    for section in standard.sections:
        fields = [
            {
                "field": f,
                "label": f.label.get(language),
                "definition": f.definition.get(language),
                "type": type_name(f, language),
                "required": requirement_name(f, language),
                "applies": describe(f.applies_when, standard, language),
            }
            for f in standard.fields_in(section.code)
        ]
        events = [
            {
                "event": e,
                "label": e.label.get(language),
                "definition": e.definition.get(language),
                "applies": describe(e.applies_when, standard, language),
                "fields": [
                    {
                        "field": f,
                        "label": f.label.get(language),
                        "definition": f.definition.get(language),
                        "type": type_name(f, language),
                        "required": requirement_name(f, language),
                    }
                    for f in e.fields
                ],
            }
            for e in standard.events_in(section.code)
        ]
        sections.append(
            {
                "section": section,
                "label": section.label.get(language),
                "description": section.description.get(language),
                "fields": fields,
                "events": events,
            }
        )
    vocabularies = [
        {
            "vocabulary": v,
            "label": v.label.get(language),
            "definition": v.definition.get(language),
            "values": [
                {
                    "value": value,
                    "label": value.label.get(language),
                    "definition": value.definition.get(language),
                }
                for value in v.values
            ],
        }
        for v in used_vocabularies(standard)
    ]
    return {
        "standard": standard,
        "title": standard.title.get(language),
        "summary": standard.summary.get(language),
        "sections": sections,
        "vocabularies": vocabularies,
        "language": language,
    }


def to_html(standard: Standard, language: str) -> str:
    """A standalone HTML codebook (styles included, no external assets)."""
    with translation.override(language):
        return render_to_string("codebook/document.html", document_context(standard, language))


def to_markdown(standard: Standard, language: str) -> str:
    """The codebook as Markdown."""
    with translation.override(language):
        return render_to_string("codebook/document.md", document_context(standard, language))


def csv_rows(standard: Standard) -> Iterator[list[str]]:
    """One row per field and per vocabulary value, with every language and mapping."""
    languages = list(standard.languages)
    yield [
        "kind", "section", "event", "field", "vocabulary", "code", "type", "required",
        *[f"label_{lang}" for lang in languages],
        *[f"definition_{lang}" for lang in languages],
        "htcds", "ctdc", "eurostat",
    ]  # fmt: skip
    for f in standard.all_fields():
        event = standard.event(f.event) if f.event else None
        yield [
            "field",
            event.section if event else f.section,
            f.event or "",
            f.code,
            f.vocabulary or ("country" if f.type.is_coded else ""),
            "",
            f.type.value,
            f.required.value if f.required else "",
            *[f.label.get(lang) for lang in languages],
            *[f.definition.get(lang) for lang in languages],
            f.mappings.get("htcds", ""),
            f.mappings.get("ctdc", ""),
            f.mappings.get("eurostat", ""),
        ]
    for vocabulary in used_vocabularies(standard):
        for value in vocabulary.values:
            yield [
                "value", "", "", "", vocabulary.code, value.code, "", "",
                *[value.label.get(lang) for lang in languages],
                *[value.definition.get(lang) for lang in languages],
                value.mappings.get("htcds", ""),
                value.mappings.get("ctdc", ""),
                value.mappings.get("eurostat", ""),
            ]  # fmt: skip


def to_csv(standard: Standard) -> str:
    """The CSV codebook as text (UTF-8 with a byte-order mark when written, for spreadsheets)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in csv_rows(standard):
        writer.writerow(safe_row(row))
    return buffer.getvalue()
