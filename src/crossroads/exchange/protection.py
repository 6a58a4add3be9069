"""Disclosure control of a submission's tables, through ``crossroads.stats.disclosure``.

This module only chooses the rule from the agreement and shapes the
results; the suppression itself (primary, secondary across linked tables,
rounding, audit) is the statistics core's.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from crossroads.exchange import catalogue
from crossroads.exchange.models import NETWORK_THRESHOLD
from crossroads.stats.disclosure import ProtectedTableSet, SuppressionRule, TableSet, protect

_WARNING = re.compile(
    r"^(?P<table>\S+): all \d+ persons with (?P<group>.+) have (?P<dim>\S+)=(?P<cat>\S+)$"
)


@dataclass(frozen=True)
class Protected:
    """What leaves (``released``), what the data officer sees (``preview``) and how long it took."""

    released: dict[str, Any]
    preview: dict[str, Any]
    warnings: tuple[str, ...]
    seconds: float


def rule_for(terms: Mapping[str, Any]) -> SuppressionRule:
    """The suppression rule an agreement's terms ask for (never below the network threshold)."""
    threshold = max(int(terms.get("threshold") or NETWORK_THRESHOLD), NETWORK_THRESHOLD)
    base = terms.get("rounding_base")
    return SuppressionRule(threshold=threshold, rounding_base=int(base) if base else None)


def protect_tables(tables: TableSet, rule: SuppressionRule) -> Protected:
    """Protect a submission's tables; keep the warnings a person should read."""
    started = time.perf_counter()
    result: ProtectedTableSet = protect(tables, rule)
    seconds = time.perf_counter() - started
    warnings = tuple(w for w in result.warnings if not _structural(w))
    preview = result.to_dict(preview=True)
    preview["warnings"] = list(warnings)
    return Protected(result.to_dict(preview=False), preview, warnings, seconds)


def _structural(warning: str) -> bool:
    """Whether a group-disclosure warning only restates the catalogue's structure.

    "All persons aged 21-23 are adults" and "all persons with no permit
    application have no permit decision" are true by construction and tell
    nobody anything; the statistics core cannot know that, the catalogue can.
    A warning whose category is "no such event" is dropped for the same reason.
    """
    match = _WARNING.match(warning)
    if match is None:
        return False
    try:
        spec = catalogue.table(match["table"])
        dim = catalogue.dimension(match["dim"])
    except catalogue.CatalogueError:
        return False
    if dim.none_code and match["cat"] == dim.none_code:
        return True
    grouped = [part.split("=", 1)[0] for part in match["group"].split(", ")]
    for name in grouped:
        if name not in spec.dimensions:
            continue
        other = catalogue.dimension(name)
        if other.parent == dim.name or dim.parent == name:
            return True
    return False


def describe_warning(warning: str, language: str) -> str:
    """A group-disclosure warning in words and labels instead of codes."""
    from crossroads.exchange.presenters import category_label, dimension_title

    match = _WARNING.match(warning)
    if match is None:
        return warning
    try:
        title = catalogue.label_in(catalogue.table(match["table"]).title, language)
    except catalogue.CatalogueError:
        title = match["table"]
    group = []
    for part in match["group"].split(", "):
        name, _sep, code = part.partition("=")
        group.append(f"{dimension_title(name, language)}: {category_label(name, code, language)}")
    count = warning.split(" persons with ", 1)[0].rsplit(" ", 1)[-1]
    answer = (
        f"{dimension_title(match['dim'], language)}: "
        f"{category_label(match['dim'], match['cat'], language)}"
    )
    return _("%(table)s — all %(n)s persons with %(group)s have %(answer)s.") % {
        "table": title,
        "n": count,
        "group": "; ".join(group),
        "answer": answer,
    }
