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

A later version may ``extends = "<earlier version>"`` in its ``standard.toml``:
its folder then holds only what it adds (sections, conditions, rules, fields,
events, vocabularies, and their catalogues), and everything else is the
earlier version's. Adding is all an extending version may do, so a record of
the earlier version is a valid record of the later one (see
:mod:`crossroads.codebook.upgrade`).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from crossroads.codebook.consistency import check_standard
from crossroads.codebook.definitions import (
    FieldDef,
    Rule,
    Section,
    Standard,
    StandardError,
    Vocabulary,
)
from crossroads.codebook.entries import EntryReader
from crossroads.codebook.translations import Texts

STANDARDS_DIR = Path(__file__).resolve().parent / "standards"
CURRENT_VERSION = "1.1"


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
    ISO 3166 translations instead (pycountry) and are not listed. For a
    version that extends another, only the texts it adds (the earlier
    version's catalogue translates the rest).
    """
    return _read_standard(STANDARDS_DIR / version)[1].sources


def base_folder(version: str, filename: str) -> Path:
    """The folder of ``version`` or of the earliest version it extends that holds ``filename``."""
    folder = STANDARDS_DIR / version
    if not (folder / "standard.toml").exists():
        raise StandardError(f"standard version {version!r} is not available")
    while not (folder / filename).exists():
        earlier = _read(folder / "standard.toml").get("extends")
        if earlier is None:
            raise StandardError(f"standard version {version!r} has no {filename}")
        folder = STANDARDS_DIR / str(earlier)
    return folder


def _read_standard(folder: Path) -> tuple[Standard, EntryReader]:
    head = _read(folder / "standard.toml")
    if "extends" in head:
        return _read_extension(folder, head)
    reader = EntryReader(Texts(folder))
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
    check_standard(standard)
    return standard, reader


def _read_extension(folder: Path, head: dict[str, Any]) -> tuple[Standard, EntryReader]:
    """A version that adds to an earlier one: the earlier version plus this folder's additions."""
    earlier = str(head["extends"])
    if not (STANDARDS_DIR / earlier / "standard.toml").exists():
        raise StandardError(f"standard.toml: extends unknown version {earlier!r}")
    base = load_standard(earlier)
    reader = EntryReader(Texts(folder))
    vocabularies = dict(base.vocabularies)
    for path in sorted((folder / "vocabularies").glob("*.toml")):
        vocabulary = reader.vocabulary(_read(path), path.name)
        if vocabulary.code in vocabularies:
            raise StandardError(
                f"{path.name}: vocabulary {vocabulary.code!r} is already in version {earlier}"
            )
        vocabularies[vocabulary.code] = vocabulary
    conditions = dict(base.conditions)
    for name, spec in head.get("conditions", {}).items():
        if name in conditions:
            raise StandardError(f"standard.toml: condition {name!r} is already in {earlier}")
        where = f"standard.toml [conditions.{name}]"
        conditions[name] = reader.condition(spec, where, f"condition.{name}")
    added = [
        reader.field(spec, "fields.toml", None)
        for spec in _read_optional(folder / "fields.toml").get("field", [])
    ]
    events = base.events + tuple(
        reader.event(spec) for spec in _read_optional(folder / "events.toml").get("event", [])
    )
    sections = base.sections + tuple(
        Section(
            code=s["code"],
            label=reader.text(s["label"], s["code"], address=f"section.{s['code']}.label"),
            description=reader.text(
                s["description"], s["code"], address=f"section.{s['code']}.description"
            ),
        )
        for s in head.get("sections", [])
    )
    standard = Standard(
        version=str(head["version"]),
        title=reader.text(head["title"], "standard.toml title", address="standard.title"),
        summary=reader.text(head["summary"], "standard.toml summary", address="standard.summary"),
        languages=tuple(lang for lang in base.languages if lang in reader.texts.languages),
        sections=sections,
        fields=_in_section_order(base.fields, added),
        events=events,
        vocabularies=vocabularies,
        conditions=conditions,
        rules=base.rules
        + tuple(
            Rule(kind=r["kind"], params={k: str(v) for k, v in r.items() if k != "kind"})
            for r in head.get("rules", [])
        ),
        eu_members=base.eu_members,
        former_eu_members=base.former_eu_members,
        extends=earlier,
    )
    check_standard(standard)
    return standard, reader


def _in_section_order(fields: tuple[FieldDef, ...], added: list[FieldDef]) -> tuple[FieldDef, ...]:
    """``fields`` with each added field placed after the last field of its section."""
    result = list(fields)
    for field_def in added:
        last = max(
            (i for i, f in enumerate(result) if f.section == field_def.section), default=None
        )
        result.insert(len(result) if last is None else last + 1, field_def)
    return tuple(result)


def _read_optional(path: Path) -> dict[str, Any]:
    return _read(path) if path.exists() else {}


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise StandardError(f"{path.name}: not valid TOML ({exc})") from None
