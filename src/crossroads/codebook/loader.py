"""Read a version of the data standard from its TOML files.

The files live in ``standards/<version>/``: ``standard.toml`` (sections,
named conditions, cross-field rules), ``fields.toml``, ``events.toml``,
``country_groups.toml`` and one file per vocabulary in ``vocabularies/``.
The files hold English; every other language comes from the version's
gettext catalogues (:mod:`crossroads.codebook.translations`). Countries come
from ISO 3166-1 (pycountry, with its translations into every language of the
standard) plus the few ICAO codes listed in ``country_groups.toml``. Any
inconsistency (a field naming a missing vocabulary, a duplicate code, a label
without its English text) stops loading with a message naming the file and
the entry.
"""

from __future__ import annotations

import gettext
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from crossroads.codebook.definitions import (
    EMPTY_TEXT,
    Condition,
    EventType,
    FieldDef,
    FieldType,
    Requirement,
    Rule,
    Section,
    Standard,
    Text,
    Value,
    Vocabulary,
)
from crossroads.codebook.translations import Texts

STANDARDS_DIR = Path(__file__).resolve().parent / "standards"
CURRENT_VERSION = "1.0"
MAPPING_KEYS = ("htcds", "ctdc", "eurostat")


class StandardError(ValueError):
    """The standard's files are inconsistent; the message says where."""


def available_versions() -> list[str]:
    """Versions of the standard shipped with this release, oldest first."""
    return sorted(
        (p.name for p in STANDARDS_DIR.iterdir() if (p / "standard.toml").exists()),
        key=lambda v: tuple(int(part) for part in v.split(".")),
    )


@cache
def load_standard(version: str = CURRENT_VERSION) -> Standard:
    """Load (once per process) and check one version of the standard."""
    folder = STANDARDS_DIR / version
    if not (folder / "standard.toml").exists():
        raise StandardError(
            f"standard version {version!r} is not available "
            f"(available: {', '.join(available_versions())})"
        )
    return read_standard(folder)


def read_standard(folder: Path) -> Standard:
    """Read and check the standard held in ``folder`` (no caching)."""
    return _read_standard(folder)[0]


def translatable_texts(version: str = CURRENT_VERSION) -> list[tuple[str, str]]:
    """(address, English text) of every label and definition of the standard, in file order.

    What each language's catalogue translates; countries' names come from
    ISO 3166 translations instead (pycountry) and are not listed.
    """
    return _read_standard(STANDARDS_DIR / version)[1].sources


def _read_standard(folder: Path) -> tuple[Standard, _Reader]:
    head = _read(folder / "standard.toml")
    reader = _Reader(Texts(folder))
    vocabularies: dict[str, Vocabulary] = {}
    for path in sorted((folder / "vocabularies").glob("*.toml")):
        vocabulary = reader.vocabulary(_read(path), path.name)
        if vocabulary.code in vocabularies:
            raise StandardError(f"{path.name}: vocabulary {vocabulary.code!r} is defined twice")
        vocabularies[vocabulary.code] = vocabulary
    groups = _read(folder / "country_groups.toml")
    vocabularies["country"] = reader.countries(groups)
    conditions = {
        name: reader.condition(spec, f"standard.toml [conditions.{name}]", f"condition.{name}")
        for name, spec in head.get("conditions", {}).items()
    }
    fields = tuple(
        reader.field(spec, "fields.toml", None) for spec in _read(folder / "fields.toml")["field"]
    )
    events = tuple(reader.event(spec) for spec in _read(folder / "events.toml")["event"])
    eu = groups["groups"]["eu"]
    standard = Standard(
        version=str(head["version"]),
        title=reader.text(head["title"], "standard.toml title", address="standard.title"),
        summary=reader.text(head["summary"], "standard.toml summary", address="standard.summary"),
        languages=reader.texts.languages,
        sections=tuple(
            Section(
                code=s["code"],
                label=reader.text(
                    s["label"], f"section {s['code']}", address=f"section.{s['code']}.label"
                ),
                description=reader.text(
                    s["description"],
                    f"section {s['code']}",
                    address=f"section.{s['code']}.description",
                ),
            )
            for s in head["sections"]
        ),
        fields=fields,
        events=events,
        vocabularies=vocabularies,
        conditions=conditions,
        rules=tuple(
            Rule(kind=r["kind"], params={k: str(v) for k, v in r.items() if k != "kind"})
            for r in head.get("rules", [])
        ),
        eu_members=frozenset(eu["members"]),
        former_eu_members=dict(eu.get("former", {})),
    )
    _check(standard)
    return standard, reader


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise StandardError(f"{path.name}: not valid TOML ({exc})") from None


class _Reader:
    """Turns parsed TOML into definitions, checking languages as it goes."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    @property
    def sources(self) -> list[tuple[str, str]]:
        """(address, English text) of every text read, in file order."""
        return self.texts.sources

    def text(self, spec: Any, where: str, *, address: str, required: bool = True) -> Text:
        if spec is None:
            if required:
                raise StandardError(f"{where}: a label is required")
            return EMPTY_TEXT
        try:
            return self.texts.make(spec, address)
        except ValueError as exc:
            raise StandardError(f"{where}: {exc}") from None

    def vocabulary(self, spec: dict[str, Any], where: str) -> Vocabulary:
        code = spec["code"]
        base = f"vocabulary.{code}"
        values = []
        seen: set[str] = set()
        for item in spec.get("value", []):
            value_where = f"{where}: value {item.get('code')!r}"
            if item["code"] in seen:
                raise StandardError(f"{value_where} is defined twice")
            seen.add(item["code"])
            values.append(
                Value(
                    code=item["code"],
                    label=self.text(
                        item.get("label"), value_where, address=f"{base}.{item['code']}.label"
                    ),
                    definition=self.text(
                        item.get("definition"),
                        value_where,
                        address=f"{base}.{item['code']}.definition",
                        required=False,
                    ),
                    aliases=tuple(str(a) for a in item.get("aliases", [])),
                    exclusive=bool(item.get("exclusive", False)),
                    mappings={k: item[k] for k in MAPPING_KEYS if k in item},
                    flags=dict(item.get("flags", {})),
                )
            )
        if not values:
            raise StandardError(f"{where}: vocabulary {code!r} has no values")
        return Vocabulary(
            code=code,
            label=self.text(spec.get("label"), where, address=f"{base}.label"),
            values=tuple(values),
            definition=self.text(
                spec.get("definition"), where, address=f"{base}.definition", required=False
            ),
        )

    def countries(self, groups: dict[str, Any]) -> Vocabulary:
        translations = {
            language: gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
            )
            for language in self.texts.languages
            if language != "en"
        }
        values = []
        for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
            labels = {"en": getattr(country, "common_name", None) or country.name}
            for language, translation in translations.items():
                labels[language] = translation.gettext(country.name)
            values.append(
                Value(
                    code=country.alpha_3,
                    label=Text(labels),
                    aliases=(country.alpha_2, country.name),
                    mappings={"iso_alpha2": country.alpha_2, "ctdc": country.alpha_2},
                )
            )
        for code, extra in groups.get("extra_codes", {}).items():
            values.append(
                Value(
                    code=code,
                    label=self.text(
                        extra["label"],
                        f"country_groups.toml {code}",
                        address=f"vocabulary.country.{code}.label",
                    ),
                    definition=self.text(
                        extra.get("definition"),
                        code,
                        address=f"vocabulary.country.{code}.definition",
                        required=False,
                    ),
                )
            )
        return Vocabulary(
            code="country",
            label=self.texts.make({"en": "Country"}, "vocabulary.country.label"),
            values=tuple(values),
        )

    def condition(self, spec: dict[str, Any], where: str, address: str) -> Condition:
        description = self.text(
            spec.get("description"), where, address=f"{address}.description", required=False
        )
        if "condition" in spec:
            return Condition(kind="named", name=spec["condition"], description=description)
        for combinator in ("any", "all"):
            if combinator in spec:
                parts = tuple(
                    self.condition(part, where, f"{address}.{combinator}{index}")
                    for index, part in enumerate(spec[combinator], 1)
                )
                return Condition(kind=combinator, parts=parts, description=description)
        field_code = spec.get("field")
        if not field_code:
            raise StandardError(f"{where}: a condition needs 'field', 'any', 'all' or 'condition'")
        if "in" in spec:
            return Condition(kind="in", field=field_code, values=tuple(spec["in"]))
        if "any_of" in spec:
            return Condition(kind="any_of", field=field_code, values=tuple(spec["any_of"]))
        if "lt" in spec:
            return Condition(kind="lt", field=field_code, number=int(spec["lt"]))
        if spec.get("excludes_country_of_organisation"):
            return Condition(kind="excludes_country_of_organisation", field=field_code)
        raise StandardError(f"{where}: unknown condition {spec!r}")

    def field(self, spec: dict[str, Any], where: str, event: str | None) -> FieldDef:
        code = spec["code"]
        field_where = f"{where}: field {code!r}"
        base = f"event.{event}.{code}" if event else f"field.{code}"
        try:
            field_type = FieldType(spec["type"])
        except ValueError:
            allowed = ", ".join(t.value for t in FieldType)
            raise StandardError(f"{field_where}: type must be one of {allowed}") from None
        required = spec.get("required")
        return FieldDef(
            code=code,
            section=spec.get("section", ""),
            type=field_type,
            label=self.text(spec.get("label"), field_where, address=f"{base}.label"),
            definition=self.text(
                spec.get("definition"), field_where, address=f"{base}.definition", required=False
            ),
            vocabulary=spec.get("vocabulary"),
            required=Requirement(required) if required else None,
            applies_when=(
                self.condition(spec["applies_when"], field_where, f"{base}.applies_when")
                if "applies_when" in spec
                else None
            ),
            minimum=spec.get("min"),
            maximum=spec.get("max"),
            mappings={k: spec[k] for k in MAPPING_KEYS if k in spec},
            event=event,
        )

    def event(self, spec: dict[str, Any]) -> EventType:
        code = spec["code"]
        where = f"events.toml: event {code!r}"
        fields = tuple(self.field(f, where, code) for f in spec["fields"])
        event = EventType(
            code=code,
            section=spec["section"],
            label=self.text(spec.get("label"), where, address=f"event.{code}.label"),
            definition=self.text(
                spec.get("definition"), where, address=f"event.{code}.definition", required=False
            ),
            repeatable=bool(spec.get("repeatable", False)),
            date_field=spec["date_field"],
            fields=fields,
            applies_when=(
                self.condition(spec["applies_when"], where, f"event.{code}.applies_when")
                if "applies_when" in spec
                else None
            ),
        )
        if event.field(event.date_field) is None:
            raise StandardError(
                f"{where}: date_field {event.date_field!r} is not one of its fields"
            )
        return event


def _check(standard: Standard) -> None:
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
