"""The common standard, public: versions, sections, fields, events and vocabularies,
with every label in every language and the mappings to HTCDS, CTDC and Eurostat."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params import P, PathEx
from pydantic import Field

from crossroads.accounts.models import TokenScope
from crossroads.api.auth import anyone, require
from crossroads.api.problems import ApiError
from crossroads.api.schemas import ERRORS
from crossroads.codebook.definitions import FieldDef, Standard, Text, Vocabulary
from crossroads.codebook.loader import available_versions, load_standard

router = Router(tags=["standard"], auth=anyone)


class SectionOut(Schema):
    code: str
    label: dict[str, str]
    description: dict[str, str]


class StandardOut(Schema):
    version: str
    title: dict[str, str]
    summary: dict[str, str]
    languages: list[str]
    sections: list[SectionOut]


class FieldOut(Schema):
    code: str = Field(description="For an event's field: `<event>.<field>`.")
    section: str
    type: str
    label: dict[str, str]
    definition: dict[str, str]
    vocabulary: str | None
    required: str | None = Field(description="`save`, `complete`, or null (optional).")
    minimum: int | None
    maximum: int | str | None
    mappings: dict[str, str]
    event: str | None


class ValueOut(Schema):
    code: str
    label: dict[str, str]
    definition: dict[str, str]
    exclusive: bool
    mappings: dict[str, str]


class VocabularyOut(Schema):
    code: str
    label: dict[str, str]
    definition: dict[str, str]
    values: list[ValueOut]


def _texts(text: Text) -> dict[str, str]:
    return dict(text.values)


def _standard(request: HttpRequest, version: str) -> Standard:
    require(request, TokenScope.PUBLIC)
    if version not in available_versions():
        raise ApiError(404)
    return load_standard(version)


def _field(field_def: FieldDef) -> dict[str, Any]:
    return {
        "code": field_def.path,
        "section": field_def.section,
        "type": str(field_def.type),
        "label": _texts(field_def.label),
        "definition": _texts(field_def.definition),
        "vocabulary": field_def.vocabulary,
        "required": str(field_def.required) if field_def.required else None,
        "minimum": field_def.minimum,
        "maximum": field_def.maximum,
        "mappings": dict(field_def.mappings),
        "event": field_def.event,
    }


def _vocabulary(vocabulary: Vocabulary) -> dict[str, Any]:
    return {
        "code": vocabulary.code,
        "label": _texts(vocabulary.label),
        "definition": _texts(vocabulary.definition),
        "values": [
            {
                "code": value.code,
                "label": _texts(value.label),
                "definition": _texts(value.definition),
                "exclusive": value.exclusive,
                "mappings": dict(value.mappings),
            }
            for value in vocabulary.values
        ],
    }


@router.get(
    "/standard", response={200: list[str], **ERRORS}, url_name="versions", summary="Versions"
)
def versions(request: HttpRequest) -> list[str]:
    """The versions of the standard this instance knows, oldest first."""
    require(request, TokenScope.PUBLIC)
    return available_versions()


@router.get(
    "/standard/{version}",
    response={200: StandardOut, **ERRORS},
    url_name="standard",
    summary="A version of the standard",
)
def standard(request: HttpRequest, version: PathEx[str, P(max_length=20)]) -> dict[str, Any]:
    found = _standard(request, version)
    return {
        "version": found.version,
        "title": _texts(found.title),
        "summary": _texts(found.summary),
        "languages": list(found.languages),
        "sections": [
            {"code": s.code, "label": _texts(s.label), "description": _texts(s.description)}
            for s in found.sections
        ],
    }


@router.get(
    "/standard/{version}/fields",
    response={200: list[FieldOut], **ERRORS},
    url_name="fields",
    summary="Fields",
)
def fields(request: HttpRequest, version: PathEx[str, P(max_length=20)]) -> list[dict[str, Any]]:
    """Every field, then every event's fields (`<event>.<field>`)."""
    found = _standard(request, version)
    every = [*found.fields, *(f for event in found.events for f in event.fields)]
    return [_field(f) for f in every]


@router.get(
    "/standard/{version}/vocabularies",
    response={200: list[VocabularyOut], **ERRORS},
    url_name="vocabularies",
    summary="Vocabularies",
)
def vocabularies(
    request: HttpRequest, version: PathEx[str, P(max_length=20)]
) -> list[dict[str, Any]]:
    found = _standard(request, version)
    return [_vocabulary(v) for v in found.vocabularies.values()]


@router.get(
    "/standard/{version}/vocabularies/{code}",
    response={200: VocabularyOut, **ERRORS},
    url_name="vocabulary",
    summary="A vocabulary",
)
def vocabulary(
    request: HttpRequest,
    code: PathEx[str, P(max_length=80)],
    version: PathEx[str, P(max_length=20)],
) -> dict[str, Any]:
    found = _standard(request, version)
    if code not in found.vocabularies:
        raise ApiError(404)
    return _vocabulary(found.vocabularies[code])
