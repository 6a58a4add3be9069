"""Disclosure control of a submission's tables, through ``crossroads.stats.disclosure``.

This module only chooses the rule from the agreement and shapes the
results; the suppression itself (primary, secondary across linked tables,
rounding, audit) is the statistics core's.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from crossroads.exchange import catalogue
from crossroads.exchange.models import NETWORK_THRESHOLD
from crossroads.exchange.presenters import category_label, dimension_title
from crossroads.exchange.released import GroupDisclosure
from crossroads.stats.disclosure import (
    ProtectedTableSet,
    SuppressionRule,
    TableSet,
    protect,
    protect_many,
)

# Results of protect_ahead, by the content of what was protected (see _fingerprint).
_AHEAD: dict[str, tuple[ProtectedTableSet, float]] = {}


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
    """Protect a submission's tables; keep the warnings a person should read.

    Inside :func:`protect_ahead`, tables it protected already are not
    protected again: their result (the same, protection being a function of
    the counts and the rule) is taken as it was.
    """
    ahead = _AHEAD.get(_fingerprint(tables, rule)) if _AHEAD else None
    if ahead is None:
        started = time.perf_counter()
        result: ProtectedTableSet = protect(tables, rule)
        seconds = time.perf_counter() - started
    else:
        result, seconds = ahead
    warnings = tuple(w for w in result.warnings if not _structural(w))
    preview = result.to_dict(preview=True)
    preview["warnings"] = [w.to_dict() for w in warnings]
    return Protected(result.to_dict(preview=False), preview, warnings, seconds)


@contextmanager
def protect_ahead(
    jobs: Sequence[tuple[TableSet, SuppressionRule]], *, workers: int | None = None
) -> Iterator[None]:
    """Protect many members' tables at once, on every core, for :func:`protect_tables`.

    For work that builds many submissions in a row (the demo network's
    hundred): the protection, which is most of a submission's cost, runs in
    parallel here, and each :func:`protect_tables` inside the block finds its
    result instead of computing it. Tables that differ from every job's are
    protected as usual.
    """
    results = protect_many(jobs, workers=workers)
    _AHEAD.update({_fingerprint(*job): result for job, result in zip(jobs, results, strict=True)})
    try:
        yield
    finally:
        _AHEAD.clear()


def _fingerprint(tables: TableSet, rule: SuppressionRule) -> str:
    """What the protection of ``tables`` under ``rule`` depends on: the counts and the rule."""
    content = json.dumps({"tables": tables.to_dict(), "rule": rule.to_dict()}, sort_keys=True)
    return hashlib.sha256(content.encode()).hexdigest()


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
