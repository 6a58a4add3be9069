"""The indicators added to complete the catalogue: groups, time bands, needs met, proceedings."""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from crossroads.codebook.definitions import Text
from crossroads.exchange.released import TOTAL as T
from crossroads.monitoring.formulas import Formula, Term, cells, count
from crossroads.monitoring.indicators.base import (
    AWARDED,
    COHORT,
    COMPENSATION,
    IDENT,
    NON_NATIONALS,
    PERMITS,
    Indicator,
    Right,
    non_nationals,
)
from crossroads.monitoring.texts import t, t_with

_FORMS = "rights_identification_forms"
_NP = "rights_non_punishment"
_GROUPS: tuple[tuple[str, Text], ...] = (
    ("sexual", t(_("sexual exploitation"))),
    ("labour", t(_("labour exploitation"))),
    ("other", t(_("other forms"))),
)
_CITIZENS: tuple[tuple[str, Text], ...] = (
    ("own_country", t(_("nationals"))),
    ("other_eu", t(_("other EU citizens"))),
    ("non_eu", t(_("non-EU citizens"))),
)


def _identification_by(letter: str, table: str, index: int, code: str, name: Text) -> Indicator:
    """R2.5 for one Eurostat group of forms or one citizenship group."""

    def at(outcome: str) -> tuple[str, str]:
        return (code, outcome) if index == 0 else (outcome, code)

    return Indicator(
        f"R2.5{letter}", Right.IDENTIFICATION,
        t_with(_("Formal identification: {group}"), group=name),
        t_with(_("R2.1 for the persons of one group only ({group})."), group=name),
        t(_("Persons of the group with a positive identification decision")),
        t(_("Persons of the group, less decisions pending or not recorded")),
        "CoE Art. 10; Directive 2011/36/EU Art. 11(4)", COHORT,
        numerator=count(cells(table, at("positive"))),
        denominator=count(cells(table, at(T), minus=[at("pending"), at("not_recorded")])),
        pending=count(cells(table, at("pending"))),
        pending_text=t(_("Identification decision pending")),
    )  # fmt: skip


_ID_TIME = "rights_identification_time"
_RRP_LEN = "rights_reflection_length"
_COMP_TIME = "rights_compensation_time"
_AGE = "rights_age"
_MET, _UNMET = "persons_needs_met", "persons_unmet_needs"
_NEEDS: tuple[tuple[str, str, Text, str], ...] = (
    (
        "shelter",
        "R1.4a",
        t(_("safe accommodation")),
        "CoE Art. 12(1)(a); Directive 2011/36/EU Art. 11(5)",
    ),
    (
        "health",
        "R1.4b",
        t(_("medical care")),
        "CoE Art. 12(1)(b); Directive 2011/36/EU Art. 11(5)",
    ),
    (
        "psychosocial",
        "R1.4c",
        t(_("psychological support")),
        "CoE Art. 12(1)(a); Directive 2011/36/EU Art. 11(5)",
    ),
    (
        "legal_counselling",
        "R1.4d",
        t(_("legal counselling")),
        "CoE Art. 12(1)(d); Directive 2011/36/EU Art. 11(5)",
    ),
    ("education", "R1.4e", t(_("education")), "CoE Art. 12(1)(f)"),
    (
        "interpretation",
        "R5.2",
        t(_("interpretation")),
        "CoE Art. 12(1)(c); Victims' Rights Directive Art. 7",
    ),
    (
        "legal_representation",
        "R5.3",
        t(_("legal representation")),
        "CoE Art. 15(2); Directive 2011/36/EU Art. 12(2)",
    ),
)


def _need_met(code: str, indicator_code: str, name: Text, anchor: str) -> Indicator:
    """R1.4 (and R5.2, R5.3): persons who received a type of assistance among those who needed it."""
    return Indicator(
        indicator_code, Right.JUSTICE if indicator_code.startswith("R5") else Right.ASSISTANCE,
        t_with(_("Assessed need met: {need}"), need=name),
        t_with(_("Share of persons with an assessed need for {need} who received it."), need=name),
        t(_("Persons who needed and received it")),
        t(_("Persons who needed it (received or not)")),
        anchor, COHORT,
        numerator=count(cells(_MET, (code,))),
        denominator=count(Formula((Term(_MET, (code,)), Term(_UNMET, (code,))))),
    )  # fmt: skip


_PROSECUTION: tuple[tuple[str, tuple[str, ...], Text, Text], ...] = (
    ("R5.4a", ("investigation", "charged", "convicted", "acquitted", "discontinued", "not_recorded"),
     t(_("Investigation opened")),
     t(_("Persons whose traffickers were investigated"))),
    ("R5.4b", ("charged", "convicted", "acquitted"),
     t(_("Traffickers charged")),
     t(_("Persons whose traffickers were charged"))),
    ("R5.4c", ("convicted",),
     t(_("Traffickers convicted")),
     t(_("Persons whose traffickers were convicted"))),
)  # fmt: skip


def _prosecution(
    code: str, stages: tuple[str, ...], title: Text, numerator_text: Text
) -> Indicator:
    """R5.4: how far criminal proceedings against the person's traffickers went."""
    return Indicator(
        code, Right.JUSTICE, title,
        t_with(_("Share of the cohort whose case led to criminal proceedings against the "
                 "traffickers at least this far ({stage})."), stage=title),
        numerator_text,
        t(_("Persons of the cohort")),
        "CoE Arts 27, 29; Directive 2011/36/EU Arts 9, 12", COHORT,
        numerator=count(cells("rights_prosecution", *((s,) for s in stages))),
        denominator=count(cells("rights_prosecution", (T,))),
    )  # fmt: skip


def _permits_by_form(letter: str, form: str, name: Text) -> Indicator:
    """R9.2: R4.1 for the non-nationals of one Eurostat group of forms."""
    table = "rights_permits_forms"
    return Indicator(
        f"R9.2{letter}", Right.FORMS,
        t_with(_("Residence permit granted: {group}"), group=name),
        t_with(_("R4.1 for the non-nationals of one group of forms only, to see whether some "
                 "forms are recognised less ({group})."), group=name),
        t(_("Non-nationals of the group granted a permit")),
        t(_("Non-nationals of the group, less applications pending")),
        "CoE Arts 4(a), 14(1); Directive 2011/36/EU Art. 2(3)", COHORT,
        numerator=count(cells(table, *((g, form, "granted") for (g,) in NON_NATIONALS))),
        denominator=count(cells(table, *((g, form, T) for (g,) in NON_NATIONALS), minus=[(g, form, "pending") for (g,) in NON_NATIONALS])),
        pending=count(cells(table, *((g, form, "pending") for (g,) in NON_NATIONALS))),
        pending_text=t(_("Permit application pending")),
    )  # fmt: skip


CATALOGUE_ADDITIONS: tuple[Indicator, ...] = (
    Indicator(
        "R2.2", Right.IDENTIFICATION,
        t(_("Never referred for identification")),
        t(_("Share of registered persons never referred to the competent authority for formal identification (the \"assisted but not identified\" gap).")),
        t(_("Persons never referred")),
        t(_("Persons of the cohort")),
        "CoE Art. 10(1)-(2); Directive 2011/36/EU Art. 11(4)", COHORT,
        numerator=count(cells(IDENT, ("never_referred", T))),
        denominator=count(cells(IDENT, (T, T))),
        higher_is_better=False,
    ),
    *(_identification_by(letter, _FORMS, 0, code, name) for letter, (code, name) in zip("abc", _GROUPS, strict=True)),
    *(_identification_by(letter, IDENT, 1, code, name) for letter, (code, name) in zip("def", _CITIZENS, strict=True)),
    Indicator(
        "R4.2", Right.RESIDENCE,
        t(_("Residence permit refused")),
        t(_("Share of decided residence-permit applications of non-nationals that were refused.")),
        t(_("Applications refused")),
        t(_("Applications decided (granted or refused)")),
        "CoE Art. 14(1); Directive 2004/81/EC Arts 8, 13-14", COHORT,
        numerator=count(cells(PERMITS, *non_nationals(T, "refused"))),
        denominator=count(cells(PERMITS, *non_nationals(T, "granted"), *non_nationals(T, "refused"))),
        pending=count(cells(PERMITS, *non_nationals(T, "pending"))),
        pending_text=t(_("Permit application pending")),
        higher_is_better=False,
    ),
    Indicator(
        "R4.3", Right.RESIDENCE,
        t(_("Asylum route")),
        t(_("Share of non-nationals whose counted permit application is one for international protection.")),
        t(_("Non-nationals applying for international protection")),
        t(_("Non-nationals of the cohort")),
        "CoE Arts 14(5), 40(4); Palermo Protocol Art. 14", COHORT,
        numerator=count(cells(PERMITS, *non_nationals("international_protection", T))),
        denominator=count(cells(PERMITS, *non_nationals(T, T))),
        higher_is_better=None,
    ),
    Indicator(
        "R4.3b", Right.RESIDENCE,
        t(_("International protection granted")),
        t(_("Share of decided applications for international protection that were granted.")),
        t(_("Applications for protection granted")),
        t(_("Applications for protection decided")),
        "CoE Art. 14(5); Directive 2011/95/EU", COHORT,
        numerator=count(cells(PERMITS, *non_nationals("international_protection", "granted"))),
        denominator=count(cells(PERMITS, *non_nationals("international_protection", "granted"), *non_nationals("international_protection", "refused"))),
        pending=count(cells(PERMITS, *non_nationals("international_protection", "pending"))),
        pending_text=t(_("Application pending")),
    ),
    Indicator(
        "R6.4", Right.COMPENSATION,
        t(_("State compensation refused")),
        t(_("Share of decided claims to a state compensation scheme that were refused.")),
        t(_("State-scheme claims refused")),
        t(_("State-scheme claims decided (awarded or refused)")),
        "CoE Art. 15(4); Directive 2004/80/EC Art. 12(2); Directive 2011/36/EU Art. 17", COHORT,
        numerator=count(cells(COMPENSATION, ("state_fund", "refused"))),
        denominator=count(cells(COMPENSATION, ("state_fund", "refused"), *(("state_fund", s) for s in AWARDED))),
        pending=count(cells(COMPENSATION, ("state_fund", "pending"))),
        pending_text=t(_("Claims pending")),
        higher_is_better=False,
    ),
    Indicator(
        "R7.2", Right.NON_PUNISHMENT,
        t(_("Non-punishment invoked")),
        t(_("Share of proceedings against victims in which their victim status or the non-punishment principle was raised.")),
        t(_("Proceedings where it was raised")),
        t(_("Proceedings where it is known whether it was raised")),
        "Directive 2011/36/EU Art. 8; CoE Art. 26", COHORT,
        numerator=count(cells(_NP, (T, "yes"))),
        denominator=count(cells(_NP, (T, "yes"), (T, "no"))),
    ),
    *(_need_met(code, letter_code, title, anchor) for code, letter_code, title, anchor in _NEEDS),
    Indicator(
        "R2.3", Right.IDENTIFICATION,
        t(_("Identification decided within 90 days")),
        t(_("Share of identification decisions taken within 90 days of the referral (the tables hold time bands, so the median is not computed).")),
        t(_("Decisions within 90 days of referral")),
        t(_("Decisions with both dates recorded")),
        "CoE Art. 10(2); Directive 2011/36/EU Art. 11(2), (4)", COHORT,
        numerator=count(cells(_ID_TIME, (T, "within_90_days"))),
        denominator=count(cells(_ID_TIME, (T, "within_90_days"), (T, "days_91_180"), (T, "over_180_days"))),
        pending=count(cells(_ID_TIME, (T, "pending"))),
        pending_text=t(_("Identification decision pending")),
    ),
    Indicator(
        "R3.3", Right.REFLECTION,
        t(_("Reflection period of at least 30 days")),
        t(_("Share of ended reflection periods that lasted at least the 30 days the Convention requires.")),
        t(_("Periods of 30 days or more")),
        t(_("Periods granted and ended, with both dates recorded")),
        "CoE Art. 13(1); Directive 2004/81/EC Art. 6", COHORT,
        numerator=count(cells(_RRP_LEN, (T, "days_30_or_more"))),
        denominator=count(cells(_RRP_LEN, (T, "days_30_or_more"), (T, "under_30_days"))),
        pending=count(cells(_RRP_LEN, (T, "ongoing"))),
        pending_text=t(_("Reflection period not yet ended")),
    ),
    *(_prosecution(code, stages, title, numerator_text) for code, stages, title, numerator_text in _PROSECUTION),
    Indicator(
        "R6.5", Right.COMPENSATION,
        t(_("Compensation paid within a year")),
        t(_("Share of paid awards whose first payment came within a year of the claim (the tables hold time bands, so the median is not computed).")),
        t(_("Paid awards, first payment within a year")),
        t(_("Paid awards with both dates recorded")),
        "CoE Art. 15(3)-(4); Victims' Rights Directive Art. 16", COHORT,
        numerator=count(cells(_COMP_TIME, (T, "within_1_year"))),
        denominator=count(cells(_COMP_TIME, (T, "within_1_year"), (T, "years_1_2"), (T, "over_2_years"))),
    ),
    *(_permits_by_form(letter, code, name) for letter, (code, name) in zip("abc", _GROUPS, strict=True)),
    Indicator(
        "R10.2b", Right.CHILDREN,
        t(_("Disputed age assessed as adult")),
        t(_("Share of completed age assessments of persons whose age was disputed that found them adults.")),
        t(_("Assessed as adults")),
        t(_("Age-disputed persons assessed as a child or an adult")),
        "CoE Art. 10(3); Directive 2011/36/EU Art. 13(2)", COHORT,
        numerator=count(cells(_AGE, ("yes", "adult"))),
        denominator=count(cells(_AGE, ("yes", "adult"), ("yes", "child"))),
        pending=count(cells(_AGE, ("yes", "pending"))),
        pending_text=t(_("Age assessment pending")),
        higher_is_better=None,
    ),
)  # fmt: skip
