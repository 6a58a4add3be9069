"""Turn the parsed TOML entries of the data standard into its typed definitions.

One reader serves one version's folder: it makes every label through that
version's catalogues (:class:`crossroads.codebook.translations.Texts`), so a
text without its English wording or with an unknown language stops loading
with a message naming the file and the entry.
"""

from __future__ import annotations

import gettext
from typing import Any

import pycountry

from crossroads.codebook.definitions import (
    EMPTY_TEXT,
    Condition,
    EventType,
    FieldDef,
    FieldType,
    Requirement,
    StandardError,
    Text,
    Value,
    Vocabulary,
)
from crossroads.codebook.translations import Texts

MAPPING_KEYS = ("htcds", "ctdc", "eurostat")


class EntryReader:
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
