"""Dimensions of the rights-outcome tables, derived from the standard's dated events.

Outcomes are read as known when the submission is built: an outcome still
open is its own category (``pending``), never folded into a refusal, so
that indicators can leave pending cases out of their denominators. Each
rights table counts a person once; where a person has several events of a
kind, the rule that picks the one counted is stated with the dimension.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crossroads.codebook.loader import CURRENT_VERSION, load_standard
from crossroads.exchange.catalogue._types import Category, DimensionSpec
from crossroads.exchange.catalogue.dimensions import NOT_RECORDED, UNKNOWN

NO_RECORD = "no_record"
NEVER_REFERRED = "never_referred"
NO_APPLICATION = "no_application"
NO_PROCEEDINGS = "no_proceedings"
NO_CLAIM = "no_claim"
DATES_UNKNOWN = "dates_unknown"


def _vocabulary(code: str) -> tuple[Category, ...]:
    vocabulary = load_standard(CURRENT_VERSION).vocabularies[code]
    return tuple(Category(v.code, v.label) for v in vocabulary.values)


def _award_label(payment: str) -> object:
    return {
        "none": _("Awarded, not paid"),
        "partial": _("Awarded, partly paid"),
        "full": _("Awarded, paid in full"),
        UNKNOWN: _("Awarded, payment unknown"),
    }.get(payment, _("Awarded"))


def compensation_stages() -> tuple[Category, ...]:
    """No claim, then each outcome; a positive outcome split by payment status."""
    standard = load_standard(CURRENT_VERSION)
    payments = standard.vocabularies["payment_status"]
    stages: list[Category] = [Category(NO_CLAIM, _("No claim"))]
    for outcome in standard.vocabularies["compensation_outcome"].values:
        if outcome.flag("positive"):
            stages.extend(
                Category(f"{outcome.code}_{payment.code}", _award_label(payment.code))  # type: ignore[arg-type]
                for payment in payments.values
            )
        else:
            stages.append(Category(outcome.code, outcome.label))
    stages.append(Category(NOT_RECORDED, _("Outcome not recorded")))
    return tuple(stages)


_not_recorded = Category(NOT_RECORDED, _("Not recorded"))

RIGHTS_DIMENSIONS: tuple[DimensionSpec, ...] = (
    DimensionSpec(
        "identification",
        _("Formal identification"),
        additive=True,
        categories=(
            Category(NEVER_REFERRED, _("Never referred")),
            *_vocabulary("decision_outcome"),
            Category(NOT_RECORDED, _("Referred, outcome not recorded")),
        ),
        derivation="`identification_decision` events: none means never referred; "
        "otherwise a decision flagged `positive` if any, else one flagged `pending` if "
        "any, else the latest decision's outcome.",
    ),
    DimensionSpec(
        "assistance_conditional",
        _("Assistance conditional on cooperation"),
        additive=True,
        categories=_vocabulary("yes_no_unknown"),
        derivation="`assistance_conditional_on_cooperation`; missing counts as `unknown`.",
    ),
    DimensionSpec(
        "cooperation",
        _("Cooperation with the authorities"),
        additive=True,
        categories=_vocabulary("cooperation_status"),
        derivation="`cooperation_status`; missing counts as `unknown`.",
    ),
    DimensionSpec(
        "rrp_informed",
        _("Informed of the reflection period"),
        additive=True,
        categories=(
            *_vocabulary("yes_no_unknown"),
            Category(NO_RECORD, _("No reflection-period entry")),
        ),
        derivation="`reflection_period.informed`; an entry without it counts as "
        "`unknown`; persons without an entry are `no_record` (kept, so that the "
        "denominator is every non-national of the cohort).",
        none_code=NO_RECORD,
    ),
    DimensionSpec(
        "rrp_decision",
        _("Reflection period"),
        additive=True,
        categories=(
            *_vocabulary("grant_decision"),
            _not_recorded,
            Category(NO_RECORD, _("No reflection-period entry")),
        ),
        derivation="`reflection_period.decision`.",
        none_code=NO_RECORD,
    ),
    DimensionSpec(
        "permit_ground",
        _("Residence permit ground"),
        additive=True,
        categories=(
            Category(NO_APPLICATION, _("No application")),
            *_vocabulary("permit_ground"),
            _not_recorded,
        ),
        derivation="The ground of the person's counted application: one application "
        "per person, the granted one if any, else a pending one, else the latest.",
        none_code=NO_APPLICATION,
    ),
    DimensionSpec(
        "permit_outcome",
        _("Residence permit decision"),
        additive=True,
        categories=(
            Category(NO_APPLICATION, _("No application")),
            *_vocabulary("grant_decision"),
            _not_recorded,
        ),
        derivation="The outcome of the counted application (see `permit_ground`).",
        none_code=NO_APPLICATION,
    ),
    DimensionSpec(
        "migration_status",
        _("Migration status at intake"),
        additive=True,
        categories=_vocabulary("migration_status"),
        derivation="`migration_status`; missing counts as `unknown`.",
    ),
    DimensionSpec(
        "reporting",
        _("Reporting to the authorities"),
        additive=True,
        categories=(
            Category("not_reported", _("Did not report")),
            Category("reported_no_consequence", _("Reported, no immigration consequence")),
            Category("reported_enforcement", _("Reported, then immigration enforcement")),
            Category("reported_consequence_unknown", _("Reported, consequence unknown")),
        ),
        derivation="`report_to_authorities` events: enforcement if any report's "
        "`immigration_consequence` is flagged `enforcement`; no consequence if a report "
        "records `none`; otherwise unknown.",
    ),
    DimensionSpec(
        "proceedings_kind",
        _("Proceedings against the person"),
        additive=True,
        categories=(
            Category(NO_PROCEEDINGS, _("No proceedings")),
            *_vocabulary("proceedings_kind"),
            _not_recorded,
        ),
        derivation="The kind of the person's counted proceedings: one per person, the "
        "first flagged `punished`, else a `pending` one, else the latest.",
        none_code=NO_PROCEEDINGS,
    ),
    DimensionSpec(
        "proceedings_outcome",
        _("Outcome of the proceedings"),
        additive=True,
        categories=(
            Category(NO_PROCEEDINGS, _("No proceedings")),
            *_vocabulary("non_punishment_outcome"),
            _not_recorded,
        ),
        derivation="The outcome of the counted proceedings (flags: `protected`, "
        "`punished`, `pending`).",
        none_code=NO_PROCEEDINGS,
    ),
    DimensionSpec(
        "non_punishment_invoked",
        _("Non-punishment invoked"),
        additive=True,
        categories=(
            Category(NO_PROCEEDINGS, _("No proceedings")),
            *_vocabulary("yes_no_unknown"),
        ),
        derivation="`non_punishment_invoked` of the counted proceedings; missing "
        "counts as `unknown`.",
        none_code=NO_PROCEEDINGS,
    ),
    DimensionSpec(
        "compensation_route",
        _("Compensation route"),
        additive=True,
        categories=(
            Category(NO_CLAIM, _("No claim")),
            *_vocabulary("compensation_route"),
            _not_recorded,
        ),
        derivation="The route of the person's counted claim: one claim per person, the "
        "furthest along (paid in full, partly paid, awarded, pending, refused, withdrawn).",
        none_code=NO_CLAIM,
    ),
    DimensionSpec(
        "compensation_stage",
        _("Compensation outcome"),
        additive=True,
        categories=compensation_stages(),
        derivation="The outcome of the counted claim; an award (flag `positive`) is "
        "split by `payment` (flag `paid` for partial and full payment).",
        none_code=NO_CLAIM,
    ),
    DimensionSpec(
        "unaccompanied",
        _("Unaccompanied"),
        additive=True,
        categories=_vocabulary("yes_no_unknown"),
        derivation="`unaccompanied`; missing counts as `unknown`.",
    ),
    DimensionSpec(
        "guardian",
        _("Guardian appointed"),
        additive=True,
        categories=_vocabulary("yes_no_unknown"),
        derivation="`guardian_appointed`; missing counts as `unknown`.",
    ),
    DimensionSpec(
        "identification_delay",
        _("Time from referral to identification decision"),
        additive=True,
        categories=(
            Category(NEVER_REFERRED, _("Never referred")),
            Category("within_90_days", _("Decided within 90 days")),
            Category("days_91_180", _("Decided in 91 to 180 days")),
            Category("over_180_days", _("Decided after more than 180 days")),
            Category("pending", _("Decision pending")),
            Category(DATES_UNKNOWN, _("Decided, dates not recorded")),
        ),
        derivation="The counted `identification_decision` (as for `identification`): days "
        "from the earliest `referral_date` of the person's decisions to its "
        "`decision_date`. Pending means the counted decision is flagged `pending`; "
        "decisions without both dates count as dates unknown.",
        none_code=NEVER_REFERRED,
    ),
    DimensionSpec(
        "rrp_length",
        _("Length of the reflection period"),
        additive=True,
        categories=(
            Category(NO_RECORD, _("No reflection period granted")),
            Category("under_30_days", _("Under 30 days")),
            Category("days_30_or_more", _("30 days or more")),
            Category("ongoing", _("Granted, not yet ended")),
            Category(DATES_UNKNOWN, _("Granted, dates not recorded")),
        ),
        derivation="A `reflection_period` whose decision is flagged `positive`: days from "
        "`start_date` to `end_date`, both counted (a period ending on its 30th day has 30 "
        "days). Granted with a start and no end is ongoing; without a start, dates unknown. "
        "Everyone else (no entry, refused, pending) is `no_record`.",
        none_code=NO_RECORD,
    ),
    DimensionSpec(
        "prosecution",
        _("Criminal proceedings against the traffickers"),
        additive=True,
        categories=(
            Category(NO_PROCEEDINGS, _("No proceedings")),
            Category("investigation", _("Investigation only")),
            Category("charged", _("Charges brought, no verdict yet")),
            Category("convicted", _("Traffickers convicted")),
            Category("acquitted", _("Traffickers acquitted")),
            Category("discontinued", _("Discontinued")),
            _not_recorded,
        ),
        derivation="`proceedings_against_traffickers` events: the furthest any went. A "
        "verdict whose code is a conviction (`conviction_*`) is convicted, `acquittal` "
        "acquitted; a verdict stage without a decided verdict counts as charged; "
        "discontinued only when no proceedings went further.",
        none_code=NO_PROCEEDINGS,
    ),
    DimensionSpec(
        "compensation_delay",
        _("Time from claim to first payment"),
        additive=True,
        categories=(
            Category("not_paid", _("No payment (or no claim)")),
            Category("within_1_year", _("Paid within a year of the claim")),
            Category("years_1_2", _("Paid after one to two years")),
            Category("over_2_years", _("Paid after more than two years")),
            Category(DATES_UNKNOWN, _("Paid, dates not recorded")),
        ),
        derivation="The counted claim (as for `compensation_stage`) when its payment is "
        "flagged `paid`: days from `claim_date` to `payment_date` (a year is 365 days).",
        none_code="not_paid",
    ),
    DimensionSpec(
        "age_disputed",
        _("Age disputed"),
        additive=True,
        categories=_vocabulary("yes_no_unknown"),
        derivation="`age_disputed`; missing counts as `unknown`.",
    ),
    DimensionSpec(
        "age_assessment",
        _("Outcome of the age assessment"),
        additive=True,
        categories=(
            *_vocabulary("age_assessment_outcome"),
            Category("not_assessed", _("Not assessed or not recorded")),
        ),
        derivation="`age_assessment_outcome`; missing counts as `not_assessed`.",
    ),
)
