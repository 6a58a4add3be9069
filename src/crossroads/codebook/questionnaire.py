"""The questionnaire of the annual narrative, read from the standard's ``questionnaire.toml``.

Like the rest of the standard it is versioned data, written in English, its
other languages in the version's catalogues (addresses ``questionnaire.…``,
see :mod:`crossroads.codebook.translations`): sections (national situation, good practices,
projects and initiatives, obstacles, recommendations), each a list of
entries made of typed items (paragraphs, one line, a coded choice, a year).
``check_answers`` tells whether a set of answers fits a version of the
questionnaire; the form, the submission and signed-file imports all use it.

Nothing here imports Django.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from crossroads.codebook.definitions import EMPTY_TEXT, StandardError, Text
from crossroads.codebook.loader import CURRENT_VERSION, base_folder
from crossroads.codebook.personal_data import Finding, find_personal_data
from crossroads.codebook.translations import Texts

FIRST_YEAR = 1990
LAST_YEAR = 2100


class ItemType(StrEnum):
    """What an item of an entry holds."""

    TEXT = "text"
    LINE = "line"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    YEAR = "year"

    @property
    def is_free_text(self) -> bool:
        return self in {ItemType.TEXT, ItemType.LINE}


@dataclass(frozen=True)
class Choice:
    code: str
    label: Text


@dataclass(frozen=True)
class Item:
    """One question of an entry."""

    code: str
    type: ItemType
    label: Text
    help: Text = EMPTY_TEXT
    required: bool = False
    max_length: int = 0
    choices: tuple[Choice, ...] = ()

    def choice_label(self, code: str, language: str) -> str:
        """The label of ``code`` in ``language`` (the code itself if unknown)."""
        return next((c.label.get(language) for c in self.choices if c.code == code), code)


@dataclass(frozen=True)
class Section:
    """A part of the narrative: a list of at most ``max_entries`` entries."""

    code: str
    label: Text
    help: Text
    max_entries: int
    items: tuple[Item, ...]

    def item(self, code: str) -> Item:
        return next(i for i in self.items if i.code == code)


@dataclass(frozen=True)
class Questionnaire:
    """One version of the narrative questionnaire."""

    code: str
    version: str
    languages: tuple[str, ...]
    title: Text
    summary: Text
    guidance: Text
    sections: tuple[Section, ...]

    def section(self, code: str) -> Section:
        return next(s for s in self.sections if s.code == code)


@dataclass(frozen=True)
class Problem:
    """Something in a set of answers that does not fit the questionnaire.

    ``entry`` counts from 1; ``item`` is empty for a problem of the section.
    ``kind`` is one of: unknown_section, unknown_item, too_many, required,
    too_long, not_a_choice, not_a_year, personal_data (then ``finding`` says
    what and where in the item's text).
    """

    section: str
    entry: int
    item: str
    kind: str
    finding: Finding | None = None


@cache
def load_questionnaire(version: str = CURRENT_VERSION) -> Questionnaire:
    """Load (once per process) the questionnaire of a version of the standard."""
    return _read_questionnaire(version)[0]


def questionnaire_texts(version: str = CURRENT_VERSION) -> list[tuple[str, str]]:
    """(address, English text) of every text of the questionnaire, in file order.

    What each language's catalogue of the standard translates beside the
    standard's own texts (:func:`crossroads.codebook.loader.translatable_texts`).
    """
    return _read_questionnaire(version)[1].sources


def _read_questionnaire(version: str) -> tuple[Questionnaire, Texts]:
    # A version that only adds fields (extends an earlier one) keeps its questionnaire.
    folder = base_folder(version, "questionnaire.toml")
    path = folder / "questionnaire.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    texts = Texts(folder)

    def text(value: Any, where: str, *, optional: bool = False) -> Text:
        if value is None and optional:
            return EMPTY_TEXT
        try:
            return texts.make(value, f"questionnaire.{where}")
        except ValueError as exc:
            raise StandardError(f"questionnaire.toml {where}: {exc}") from None

    vocabularies = {
        v["code"]: tuple(
            Choice(c["code"], text(c["label"], f"vocabulary.{v['code']}.{c['code']}.label"))
            for c in v["value"]
        )
        for v in data.get("vocabulary", [])
    }
    sections = []
    for s in data["section"]:
        items = []
        for spec in s["item"]:
            where = f"{s['code']}.{spec['code']}"
            kind = ItemType(spec["type"])
            choices: tuple[Choice, ...] = ()
            if kind in {ItemType.CHOICE, ItemType.MULTICHOICE}:
                if spec.get("vocabulary") not in vocabularies:
                    raise StandardError(f"questionnaire.toml {where}: unknown vocabulary")
                choices = vocabularies[spec["vocabulary"]]
            if kind.is_free_text and not spec.get("max_length"):
                raise StandardError(f"questionnaire.toml {where}: free text needs max_length")
            items.append(
                Item(
                    code=spec["code"],
                    type=kind,
                    label=text(spec["label"], f"section.{where}.label"),
                    help=text(spec.get("help"), f"section.{where}.help", optional=True),
                    required=bool(spec.get("required", False)),
                    max_length=int(spec.get("max_length", 0)),
                    choices=choices,
                )
            )
        sections.append(
            Section(
                code=s["code"],
                label=text(s["label"], f"section.{s['code']}.label"),
                help=text(s["help"], f"section.{s['code']}.help"),
                max_entries=int(s["max_entries"]),
                items=tuple(items),
            )
        )
    questionnaire = Questionnaire(
        code=data["code"],
        version=str(data["version"]),
        languages=texts.languages,
        title=text(data["title"], "title"),
        summary=text(data["summary"], "summary"),
        guidance=text(data["guidance"], "guidance"),
        sections=tuple(sections),
    )
    return questionnaire, texts


def entries(answers: Mapping[str, Any], section: str) -> list[Any]:
    """The entries of ``section`` in a set of answers (an empty list if none)."""
    found = answers.get("sections", {}).get(section, [])
    return found if isinstance(found, list) else []


def is_empty(answers: Mapping[str, Any] | None) -> bool:
    """Whether a set of answers holds no entry at all."""
    return not answers or not any(answers.get("sections", {}).values())


def free_texts(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> Iterator[tuple[Section, int, Item, str]]:
    """Every free-text answer: (section, entry number from 1, item, text)."""
    for section in questionnaire.sections:
        for number, entry in enumerate(entries(answers, section.code), start=1):
            for item in section.items:
                value = entry.get(item.code) if isinstance(entry, dict) else None
                if item.type.is_free_text and isinstance(value, str) and value.strip():
                    yield section, number, item, value


def check_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Problem]:
    """Every way ``answers`` does not fit ``questionnaire``, personal data included.

    ``answers`` is ``{"questionnaire": version, "sections": {code: [entry, …]}}``
    with each entry a mapping of item codes to a string (text, line, choice),
    a list of codes (multichoice) or an integer (year).
    """
    problems: list[Problem] = []
    known = {s.code for s in questionnaire.sections}
    for code in answers.get("sections", {}):
        if code not in known:
            problems.append(Problem(code, 0, "", "unknown_section"))
    for section in questionnaire.sections:
        listed = entries(answers, section.code)
        if len(listed) > section.max_entries:
            problems.append(Problem(section.code, 0, "", "too_many"))
        items = {i.code: i for i in section.items}
        for number, entry in enumerate(listed, start=1):
            if not isinstance(entry, dict):
                problems.append(Problem(section.code, number, "", "unknown_item"))
                continue
            for key in entry:
                if key not in items:
                    problems.append(Problem(section.code, number, str(key), "unknown_item"))
            for item in section.items:
                problems += _check_item(section.code, number, item, entry.get(item.code))
    return problems


def _check_item(section: str, number: int, item: Item, value: Any) -> list[Problem]:
    def problem(kind: str, finding: Finding | None = None) -> Problem:
        return Problem(section, number, item.code, kind, finding)

    if value in (None, "", []):
        return [problem("required")] if item.required else []
    codes = {c.code for c in item.choices}
    if item.type.is_free_text:
        if not isinstance(value, str):
            return [problem("too_long")]
        if len(value) > item.max_length:
            return [problem("too_long")]
        return [problem("personal_data", f) for f in find_personal_data(value)]
    if item.type == ItemType.CHOICE:
        return [] if value in codes else [problem("not_a_choice")]
    if item.type == ItemType.MULTICHOICE:
        ok = isinstance(value, list) and all(v in codes for v in value)
        return [] if ok else [problem("not_a_choice")]
    ok = isinstance(value, int) and not isinstance(value, bool)
    return [] if ok and FIRST_YEAR <= value <= LAST_YEAR else [problem("not_a_year")]
