"""The indicators computed from the fields of standard 1.1 (the tables of exchange catalogue 1.2).

Records saved under standard 1.0 count as "not recorded" in these tables
and are left out of every denominator, so a member that has not upgraded
its records lowers the number of persons a rate rests on, never the rate.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from crossroads.exchange.released import TOTAL as T
from crossroads.monitoring.formulas import cells, count
from crossroads.monitoring.indicators.base import (
    COHORT,
    Indicator,
    Right,
    non_nationals,
)
from crossroads.monitoring.texts import t

_NR = "not_recorded"
_DU = "dates_unknown"
_ENF_ID = "rights_enforcement_identification"
_ENF_RRP = "rights_enforcement_reflection"
_CLOSURE = "rights_closure_status"
_LAWFUL = ("trafficking_permit", "international_protection", "other_permit", "eu_citizen")
CHILDREN = t(_("Children of the cohort (under 18 at identification)."))


PROTECTION: tuple[Indicator, ...] = (
    Indicator(
        "R1.2", Right.ASSISTANCE,
        t(_("Assistance refused or ended for not cooperating")),
        t(_("Share of persons who sought state-funded assistance whose assistance was refused or ended because they did not cooperate with the authorities.")),
        t(_("Assistance refused or ended for non-cooperation")),
        t(_("Persons who sought state-funded assistance, outcome known")),
        "CoE Art. 12(6); Directive 2011/36/EU Art. 11(3)", COHORT,
        numerator=count(cells("rights_state_assistance", ("refused_non_cooperation",), ("ended_non_cooperation",))),
        denominator=count(cells("rights_state_assistance", (T,), minus=[("not_sought",), ("unknown",), (_NR,)])),
        higher_is_better=False,
    ),
    Indicator(
        "R1.3", Right.ASSISTANCE,
        t(_("Assistance within a week")),
        t(_("Share of persons whose assistance started within 7 days of their first contact (the tables hold time bands, so the median is not computed).")),
        t(_("Assistance started within 7 days")),
        t(_("Persons with both dates recorded")),
        "Directive 2011/36/EU Art. 11(2); CoE Art. 12", COHORT,
        numerator=count(cells("rights_assistance_time", ("within_7_days",))),
        denominator=count(cells("rights_assistance_time", ("within_7_days",), ("days_8_30",), ("over_30_days",))),
    ),
    Indicator(
        "R2.4", Right.IDENTIFICATION,
        t(_("Removal before identification was completed")),
        t(_("Share of non-nationals referred for identification who were detained for removal, removed or transferred while the decision was pending.")),
        t(_("Referred non-nationals subject to enforcement before the decision")),
        t(_("Non-nationals referred, enforcement known")),
        "CoE Art. 10(2)", COHORT,
        numerator=count(cells(_ENF_ID, *non_nationals("while_pending"))),
        denominator=count(cells(_ENF_ID, *non_nationals(T), minus=non_nationals("not_referred") + non_nationals(_NR))),
        higher_is_better=False,
    ),
    Indicator(
        "R3.4", Right.REFLECTION,
        t(_("Enforcement during the reflection period")),
        t(_("Share of non-nationals granted a reflection period who were subject to expulsion, removal or transfer during it.")),
        t(_("Enforcement during the period")),
        t(_("Non-nationals granted a reflection period, enforcement known")),
        "CoE Art. 13(1), (3); Directive 2004/81/EC Art. 6", COHORT,
        numerator=count(cells(_ENF_RRP, *non_nationals("during_period"))),
        denominator=count(cells(_ENF_RRP, *non_nationals(T), minus=non_nationals("no_record") + non_nationals(_NR))),
        higher_is_better=False,
    ),
    Indicator(
        "R4.4", Right.RESIDENCE,
        t(_("Lawful residence at case closure")),
        t(_("Share of non-nationals whose case was closed who then held a residence permit, international protection or an EU citizen's right of residence.")),
        t(_("Closed with lawful residence")),
        t(_("Non-nationals whose case closed, status known and decided")),
        "CoE Art. 14; Directive 2004/81/EC Arts 8, 13-14", COHORT,
        numerator=count(cells(_CLOSURE, *(key for status in _LAWFUL for key in non_nationals(status)))),
        denominator=count(cells(_CLOSURE, *non_nationals(T), minus=non_nationals("not_closed") + non_nationals("application_pending") + non_nationals("unknown") + non_nationals(_NR))),
        pending=count(cells(_CLOSURE, *non_nationals("application_pending"))),
        pending_text=t(_("Closed with an application pending")),
    ),
    Indicator(
        "R5.1", Right.JUSTICE,
        t(_("Rights information in an understood language")),
        t(_("Share of persons documented as informed of their rights in a language they understand.")),
        t(_("Informed in a language understood")),
        t(_("Persons of the cohort for whom this is known")),
        "CoE Art. 15(1); Victims' Rights Directive Art. 4", COHORT,
        numerator=count(cells("rights_information", ("understood_language",))),
        denominator=count(cells("rights_information", (T,), minus=[("unknown",), (_NR,)])),
    ),
    Indicator(
        "R7.4", Right.NON_PUNISHMENT,
        t(_("Detention of presumed victims")),
        t(_("Share of persons held in criminal or immigration detention after first contact, while presumed or identified victims.")),
        t(_("Persons detained")),
        t(_("Persons of the cohort for whom this is known")),
        "Directive 2011/36/EU Art. 8; CoE Art. 26", COHORT,
        numerator=count(cells("rights_detention", ("criminal",), ("immigration",), ("both",))),
        denominator=count(cells("rights_detention", (T,), minus=[("unknown",), (_NR,)])),
        higher_is_better=False,
    ),
    Indicator(
        "R8.3", Right.SAFE_REPORTING,
        t(_("Deterrence from reporting")),
        t(_("Share of persons who gave reasons for not reporting who cited fear of deportation or of immigration control.")),
        t(_("Citing fear of immigration consequences")),
        t(_("Persons who gave their reasons for not reporting")),
        "ECRI General Policy Recommendation No. 16", COHORT,
        numerator=count(cells("rights_deterrence", ("fear_of_deportation",))),
        denominator=count(cells("rights_deterrence", (T,), minus=[("unknown",), (_NR,)])),
        higher_is_better=False,
    ),
    Indicator(
        "R10.2a", Right.CHILDREN,
        t(_("Treated as a child until assessed")),
        t(_("Share of persons whose age was disputed who received the protection due to a child until the assessment ended (presumption of minority).")),
        t(_("Treated as a child")),
        t(_("Age-disputed persons for whom this is known")),
        "CoE Art. 10(3); Directive 2011/36/EU Art. 13(2)", COHORT,
        numerator=count(cells("rights_age_presumption", ("yes", "yes"))),
        denominator=count(cells("rights_age_presumption", ("yes", "yes"), ("yes", "no"))),
    ),
    Indicator(
        "R10.3", Right.CHILDREN,
        t(_("Children missing from care")),
        t(_("Share of children who went missing from the accommodation or care they were placed in.")),
        t(_("Children who went missing")),
        t(_("Children for whom this is known")),
        "CoE Art. 10(4); Directive 2011/36/EU Art. 16", CHILDREN,
        numerator=count(cells("rights_children_care", ("yes",))),
        denominator=count(cells("rights_children_care", ("yes",), ("no",))),
        higher_is_better=False,
    ),
    Indicator(
        "R10.4", Right.CHILDREN,
        t(_("Best interests determined before return")),
        t(_("Share of children returned or transferred whose return was preceded by a formal best-interests determination.")),
        t(_("Returns preceded by a determination")),
        t(_("Children returned or transferred, this known")),
        "CoE Art. 16(7); Directive 2011/36/EU Art. 14", CHILDREN,
        numerator=count(cells("rights_children_return", ("yes", "yes"))),
        denominator=count(cells("rights_children_return", ("yes", "yes"), ("yes", "no"))),
    ),
)  # fmt: skip
