"""What an indicator is: rights, the indicator record, the cohort and the tables' names.

Shared by the modules that define the indicators (``original``, ``catalogue``)
and by those that list what is not computed (``not_computed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_noop as _

from crossroads.codebook.definitions import Text
from crossroads.monitoring.formulas import Count
from crossroads.monitoring.texts import t

MIN_DENOMINATOR = 20
"""Below this many persons a rate is not shown ("not enough data"): its 95% interval
would be wider than about ±20 points, too wide to compare countries."""


class Right(StrEnum):
    ASSISTANCE = "R1"
    IDENTIFICATION = "R2"
    REFLECTION = "R3"
    RESIDENCE = "R4"
    JUSTICE = "R5"
    COMPENSATION = "R6"
    NON_PUNISHMENT = "R7"
    SAFE_REPORTING = "R8"
    FORMS = "R9"
    CHILDREN = "R10"


RIGHT_TITLES: dict[Right, Text] = {
    Right.ASSISTANCE: t(_("Unconditional assistance")),
    Right.IDENTIFICATION: t(_("Identification")),
    Right.REFLECTION: t(_("Recovery and reflection period")),
    Right.RESIDENCE: t(_("Residence permits")),
    Right.JUSTICE: t(_("Access to justice: information, interpretation, legal aid")),
    Right.COMPENSATION: t(_("Compensation")),
    Right.NON_PUNISHMENT: t(_("Non-punishment")),
    Right.SAFE_REPORTING: t(_("Safe reporting")),
    Right.FORMS: t(_("Forms of exploitation")),
    Right.CHILDREN: t(_("Children")),
}


@dataclass(frozen=True)
class Indicator:
    """One rights indicator: what it measures, where the duty comes from, how it is counted.

    ``higher_is_better`` orders country comparisons and colours trends; None
    when the figure describes rather than judges (forms of exploitation).
    """

    code: str
    right: Right
    title: Text
    definition: Text
    numerator_text: Text
    denominator_text: Text
    anchor: str
    cohort: Text
    numerator: Count
    denominator: Count
    pending: Count | None = None
    pending_text: Text | None = None
    higher_is_better: bool | None = True
    min_denominator: int = MIN_DENOMINATOR
    limits: Text | None = None
    """What the catalogue asks that this figure leaves out, and why (None: nothing)."""

    @property
    def table_codes(self) -> frozenset[str]:
        parts = [self.numerator.table_codes, self.denominator.table_codes]
        if self.pending is not None:
            parts.append(self.pending.table_codes)
        return frozenset().union(*parts)


COHORT = t(
    _(
        "Persons registered by members in the year (year of registration), whose consent allows counting; outcomes as known when the submission was built."
    )
)
NON_NATIONALS = (("other_eu",), ("non_eu",))
IDENT = "rights_identification"
REFLECTION = "rights_reflection"
PERMITS = "rights_permits"
COMPENSATION = "rights_compensation"
PROCEEDINGS = "rights_proceedings"
REPORTING = "rights_reporting"
AWARDED = ("awarded_none", "awarded_partial", "awarded_full", "awarded_unknown")


def non_nationals(*rest: str) -> tuple[tuple[str, ...], ...]:
    """Cell keys for other-EU and non-EU citizens, followed by ``rest``."""
    return tuple((group, *rest) for (group,) in NON_NATIONALS)
