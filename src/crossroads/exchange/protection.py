"""Disclosure control of a submission's tables, through ``crossroads.stats.disclosure``.

This module only chooses the rule from the agreement and shapes the
results; the suppression itself (primary, secondary across linked tables,
rounding, audit) is the statistics core's.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from crossroads.exchange import catalogue
from crossroads.exchange.models import NETWORK_THRESHOLD
from crossroads.exchange.presenters import category_label, dimension_title
from crossroads.exchange.released import GroupDisclosure
from crossroads.stats.disclosure import ProtectedTableSet, SuppressionRule, TableSet, protect


@dataclass(frozen=True)
class Protected:
    """What leaves (``released``), what the data officer sees (``preview``) and how long it took."""

    released: dict[str, Any]
    preview: dict[str, Any]
    warnings: tuple[GroupDisclosure, ...]
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
    preview["warnings"] = [w.to_dict() for w in warnings]
    return Protected(result.to_dict(preview=False), preview, warnings, seconds)


def _structural(warning: GroupDisclosure) -> bool:
    """Whether a group-disclosure warning only restates the catalogue's structure.

    "All persons aged 21-23 are adults" and "all persons with no permit
    application have no permit decision" are true by construction and tell
    nobody anything; the statistics core cannot know that, the catalogue can.
    A warning whose category is "no such event" is dropped for the same reason.
    """
    try:
        spec = catalogue.table(warning.table)
        dim = catalogue.dimension(warning.dimension)
    except catalogue.CatalogueError:
        return False
    if dim.none_code and warning.category == dim.none_code:
        return True
    for name, _code in warning.group:
        if name not in spec.dimensions:
            continue
        other = catalogue.dimension(name)
        if other.parent == dim.name or dim.parent == name:
            return True
    return False


def describe_warning(warning: GroupDisclosure, language: str) -> str:
    """A group-disclosure warning in words and labels instead of codes."""
    try:
        title = catalogue.label_in(catalogue.table(warning.table).title, language)
    except catalogue.CatalogueError:
        title = warning.table
    group = [
        f"{dimension_title(name, language)}: {category_label(name, code, language)}"
        for name, code in warning.group
    ]
    answer = (
        f"{dimension_title(warning.dimension, language)}: "
        f"{category_label(warning.dimension, warning.category, language)}"
    )
    return _("%(table)s — all %(n)s persons with %(group)s have %(answer)s.") % {
        "table": title,
        "n": warning.persons,
        "group": "; ".join(group),
        "answer": answer,
    }
