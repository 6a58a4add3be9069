"""Moving a record from one version of the standard to a later one, by a declared mapping.

Each version after the first has ``standards/<version>/upgrade.toml``: the
version it upgrades from, and the fields it renames (``[[rename]]`` from, to)
and the codes it changes (``[[recode]]`` field, from, to), applied in order.
Upgrading across several versions applies each step's mapping in turn. The
mapping only transforms the stored document; the caller validates the result
against the new version before storing it (``crossroads.cases.upgrading``).

Nothing here imports Django.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from crossroads.codebook.definitions import StandardError
from crossroads.codebook.loader import (
    STANDARDS_DIR,
    available_versions,
    load_standard,
)


@dataclass(frozen=True)
class Step:
    """The mapping from ``source`` to ``target``: renamed fields, then changed codes."""

    source: str
    target: str
    renames: tuple[tuple[str, str], ...] = ()
    recodes: tuple[tuple[str, str, str], ...] = ()

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        """A new document with this step's renames and recodes applied (events kept as they are)."""
        result = dict(document)
        for old, new in self.renames:
            if old in result:
                result[new] = result.pop(old)
        for field, old_code, new_code in self.recodes:
            value = result.get(field)
            if isinstance(value, list):
                result[field] = list(dict.fromkeys(new_code if v == old_code else v for v in value))
            elif value == old_code:
                result[field] = new_code
        return result


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@cache
def step_to(version: str) -> Step:
    """The declared mapping into ``version``; StandardError if it has none or it is wrong."""
    path = STANDARDS_DIR / version / "upgrade.toml"
    if not path.exists():
        raise StandardError(f"standard version {version!r} declares no upgrade (upgrade.toml)")
    with path.open("rb") as handle:
        spec = tomllib.load(handle)
    step = Step(
        source=str(spec["from"]),
        target=version,
        renames=tuple((r["from"], r["to"]) for r in spec.get("rename", [])),
        recodes=tuple((r["field"], r["from"], r["to"]) for r in spec.get("recode", [])),
    )
    target = load_standard(version)
    for _, new in step.renames:
        if not target.has_field(new):
            raise StandardError(f"{version}/upgrade.toml: renames to unknown field {new!r}")
    for field, _, new_code in step.recodes:
        if not target.has_field(field):
            raise StandardError(f"{version}/upgrade.toml: recodes unknown field {field!r}")
        if target.vocabulary_of(target.field(field)).get(new_code) is None:
            raise StandardError(f"{version}/upgrade.toml: {field} has no code {new_code!r}")
    return step


def path_between(source: str, target: str) -> tuple[Step, ...]:
    """The steps from ``source`` to ``target`` (none when equal); StandardError if impossible."""
    known = available_versions()
    for version in (source, target):
        if version not in known:
            raise StandardError(f"standard version {version!r} is not available")
    if _version_key(source) > _version_key(target):
        raise StandardError(f"a record cannot go back from {source} to {target}")
    steps: list[Step] = []
    current = target
    while current != source:
        step = step_to(current)
        steps.append(step)
        current = step.source
    return tuple(reversed(steps))


def upgrade_document(document: Mapping[str, Any], source: str, target: str) -> dict[str, Any]:
    """``document`` (a stored record) carried from version ``source`` to ``target``."""
    result = dict(document)
    for step in path_between(source, target):
        result = step.apply(result)
    return result
