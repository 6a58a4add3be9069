"""Indicators of the catalogue that the network does not compute, each with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

from crossroads.codebook.definitions import Text
from crossroads.monitoring.indicators.base import Right
from crossroads.monitoring.texts import t


@dataclass(frozen=True)
class NotComputed:
    """An indicator of the catalogue that the network does not compute, and why.

    ``by_design`` is True when case records cannot give it at all (not
    persons, or not facts a caseworker records); False when the standard or
    the exchange tables do not hold the data yet."""

    code: str
    right: Right
    title: Text
    why: Text
    by_design: bool = False


NOT_COMPUTED: tuple[NotComputed, ...] = (
    NotComputed(
        "R8.4", Right.SAFE_REPORTING,
        t(_("Data-sharing incidents")),
        t(_("Not computed from case data by design: an incident (health, labour-inspection, shelter or police data reaching the immigration authorities) is an event about institutions, not an outcome of a person, and one incident may concern many persons or none registered. It belongs in an incident log kept by the network, counted as incidents, not as a share of persons.")),
        by_design=True,
    ),
)  # fmt: skip
"""Indicators of the catalogue not computed, with the reason shown on the pages and in the report."""


LIMITS: dict[str, Text] = {
    "R1.3": t(_("Not computed: the median number of days and the time to accommodation. The exchange tables hold bands of days, so that no date leaves a member; the figure is the share within 7 days.")),
    "R2.2": t(_("Not computed: the reasons for not being referred (fear, no benefit, wish to leave, no referral route, member not entitled to refer). The standard has no field for them.")),
    "R3.3": t(_("Not computed: the reasons for ending a period early, and its median length. The standard records no reason for termination, and the tables hold bands of days.")),
    "R4.1": t(_("Not computed: the rate over identified non-nationals. The permits table has no identification dimension, so the rate is over all non-nationals of the cohort.")),
    "R4.2": t(_("Not computed: permits lost through non-renewal or withdrawal. The standard records the decision on the application, not what happened to the permit later.")),
    "R5.3": t(_("Not computed: the rate among witnesses and injured parties in proceedings, and the median days from identification to a lawyer. The standard records the need for legal representation, not the role in proceedings or the date a lawyer was assigned.")),
    "R6.1": t(_("Not computed: the rate over persons with an open route (for instance a concluded criminal case for a claim within it). The exchange does not say whether a route was open, so the cohort is the denominator.")),
    "R6.4": t(_("Not computed: the reasons for refusal (residence status, no conviction or police report, time limit, sex-industry involvement). The standard has no field for them.")),
    "R8.2": t(_("Not computed: enforcement within 90 days of the report. The exchange records any enforcement after a report, without the window.")),
    "R10.2b": t(_("Not computed: the assessment method and appeals. The standard records the outcome of the age assessment only.")),
}  # fmt: skip
"""What the catalogue asks of a computed indicator that its figure leaves out, and why,
shown beside the indicator wherever it is listed."""

_FORMS_NOT_CRIMINALISED = t(_("Not computed: the share of persons whose form of exploitation is not criminalised in the country. It needs the forms listed in the country profiles as data, which the figures do not read."))  # fmt: skip
LIMITS.update({f"R9.2{letter}": _FORMS_NOT_CRIMINALISED for letter in "abc"})
