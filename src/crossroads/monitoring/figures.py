"""Computing an indicator for one scope (a country or the network) and one cohort year.

The "not enough data" rule: a rate is shown only when its denominator is
known (its table was submitted and the cells it needs are released) and
counts at least the indicator's minimum (20 persons by default), and its
numerator is known too. Otherwise the figure says "not enough data" and
why, and shows no percentage. Every shown rate carries its numerator,
denominator and 95% Wilson interval.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from crossroads.monitoring.formulas import Missing, Tables
from crossroads.monitoring.indicators import Indicator
from crossroads.stats.intervals import wilson_interval


class Reason(StrEnum):
    """Why a figure is not shown."""

    TABLE_MISSING = "table_missing"
    SUPPRESSED = "suppressed"
    SMALL = "small_denominator"
    NUMERATOR = "numerator_suppressed"


@dataclass(frozen=True)
class Figure:
    """One indicator for one scope and year; ``rate`` and its interval only when shown."""

    indicator: str
    scope: str
    year: int
    numerator: int | None
    denominator: int | None
    pending: int | None
    rate: float | None
    low: float | None
    high: float | None
    reason: str = ""
    minimum: int = 0

    @property
    def shown(self) -> bool:
        return self.rate is not None

    def reason_text(self) -> str:
        """Why there is no figure, in the active language."""
        if self.reason == Reason.TABLE_MISSING:
            return _("no member submitted the table it needs")
        if self.reason == Reason.SUPPRESSED:
            return _("the count it needs is suppressed to protect small groups")
        if self.reason == Reason.SMALL:
            return _("%(n)s persons, fewer than %(minimum)s") % {
                "n": self.denominator,
                "minimum": self.minimum,
            }
        if self.reason == Reason.NUMERATOR:
            return _("the numerator is suppressed to protect small groups")
        return ""

    def counts_text(self) -> str:
        if self.numerator is None or self.denominator is None:
            return ""
        return f"{self.numerator} / {self.denominator}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        return cls(**data)


def compute(spec: Indicator, tables: Tables, scope: str, year: int) -> Figure:
    """The figure of ``spec`` from the released ``tables`` of one scope and cohort year."""
    denominator = spec.denominator.evaluate(tables)
    numerator = spec.numerator.evaluate(tables)
    pending_value = spec.pending.evaluate(tables) if spec.pending is not None else None
    pending = pending_value if isinstance(pending_value, int) else None

    def missing(reason: Reason, denominator_shown: int | None = None) -> Figure:
        return Figure(
            spec.code, scope, year, None, denominator_shown, pending, None, None, None,
            reason=reason.value, minimum=spec.min_denominator,
        )  # fmt: skip

    if isinstance(denominator, Missing):
        return missing(Reason(denominator.value))
    if denominator < spec.min_denominator:
        return missing(Reason.SMALL, denominator)
    if isinstance(numerator, Missing):
        suppressed = numerator is Missing.SUPPRESSED
        return missing(Reason.NUMERATOR if suppressed else Reason.TABLE_MISSING, denominator)
    # A numerator above its denominator means the tables disagree (e.g. rounding);
    # it is capped rather than shown as a rate above 100%.
    shown = min(numerator, denominator)
    interval = wilson_interval(shown, denominator)
    return Figure(
        spec.code, scope, year, shown, denominator, pending, interval.rate, interval.low,
        interval.high, minimum=spec.min_denominator,
    )  # fmt: skip
