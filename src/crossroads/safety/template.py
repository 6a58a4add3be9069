"""The network's template of a member's safety protocol (``protocol.toml``), as typed values."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

TEMPLATE = Path(__file__).with_name("protocol.toml")


@dataclass(frozen=True)
class Rule:
    """One rule of the template, with its text in every language and its live check."""

    code: str
    text: dict[str, str]
    check: str | None

    def say(self, language: str | None = None) -> str:
        return _pick(self.text, language)


@dataclass(frozen=True)
class Section:
    code: str
    title: dict[str, str]
    rules: tuple[Rule, ...]

    def say(self, language: str | None = None) -> str:
        return _pick(self.title, language)


@dataclass(frozen=True)
class Template:
    version: str
    sections: tuple[Section, ...]

    def rules(self) -> list[Rule]:
        return [rule for section in self.sections for rule in section.rules]


def _pick(texts: dict[str, str], language: str | None) -> str:
    wanted = (language or get_language() or "en")[:2]
    return texts.get(wanted) or texts["en"]


@cache
def load_template() -> Template:
    """The template shipped with this version of Crossroads."""
    data = tomllib.loads(TEMPLATE.read_text(encoding="utf-8"))
    sections = tuple(
        Section(
            section["code"],
            dict(section["title"]),
            tuple(
                Rule(rule["code"], dict(rule["text"]), rule.get("check"))
                for rule in section["rule"]
            ),
        )
        for section in data["section"]
    )
    return Template(str(data["version"]), sections)
