"""The rights indicators, as typed data: definitions, legal anchors, cohorts and formulas.

Each indicator is computed from the exchange tables of accepted submissions
(``docs/exchange-tables.md``) for one cohort: the persons a member registered
in the year. Outcomes still pending are left out of decided-outcome
denominators and counted separately (``pending``), so they are never read as
failures. Identifiers follow ``rights-indicators.md`` (R2.1 and so on).
"""

from __future__ import annotations

from dataclasses import replace

from crossroads.monitoring.indicators.base import (
    MIN_DENOMINATOR,
    RIGHT_TITLES,
    Indicator,
    Right,
)
from crossroads.monitoring.indicators.catalogue import CATALOGUE_ADDITIONS
from crossroads.monitoring.indicators.not_computed import LIMITS, NOT_COMPUTED, NotComputed
from crossroads.monitoring.indicators.original import ORIGINAL
from crossroads.monitoring.indicators.protection import PROTECTION
from crossroads.monitoring.indicators.reporting import REPORTING

__all__ = [
    "BY_CODE",
    "INDICATORS",
    "LIMITS",
    "MIN_DENOMINATOR",
    "NOT_COMPUTED",
    "RIGHT_TITLES",
    "Indicator",
    "NotComputed",
    "Right",
    "indicator",
]

_ORDER = [r.value for r in Right]


def _place(spec: Indicator) -> tuple[int, str]:
    return _ORDER.index(spec.right.value), spec.code


INDICATORS: tuple[Indicator, ...] = tuple(
    replace(spec, limits=LIMITS.get(spec.code))
    for spec in sorted(ORIGINAL + CATALOGUE_ADDITIONS + PROTECTION + REPORTING, key=_place)
)

BY_CODE = {i.code: i for i in INDICATORS}


def indicator(code: str) -> Indicator:
    """The indicator ``code``; KeyError if there is none."""
    return BY_CODE[code]
