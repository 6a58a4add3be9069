"""Dimensions added in catalogue 1.2, from the fields of standard 1.1.

They serve the indicators R1.2, R1.3, R2.4, R3.4, R4.4, R5.1, R7.4, R8.3,
R10.2, R10.3 and R10.4. A record saved under standard 1.0 lacks these fields
and is counted as ``not_recorded``, so that it never passes for a negative
answer. Times are bands, so that no date leaves a member.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crossroads.codebook.loader import CURRENT_VERSION, load_standard
from crossroads.exchange.catalogue._types import Category, DimensionSpec
from crossroads.exchange.catalogue.dimensions import NOT_RECORDED
from crossroads.exchange.catalogue.rights_dimensions import DATES_UNKNOWN, NO_RECORD

NOT_REFERRED = "not_referred"
NO_ENFORCEMENT = "no_enforcement"
NOT_CLOSED = "not_closed"


def _vocabulary(code: str) -> tuple[Category, ...]:
    vocabulary = load_standard(CURRENT_VERSION).vocabularies[code]
    return tuple(Category(v.code, v.label) for v in vocabulary.values)


_not_recorded = Category(NOT_RECORDED, _("Not recorded"))
_dates_unknown = Category(DATES_UNKNOWN, _("Dates not recorded"))

PROTECTION_DIMENSIONS: tuple[DimensionSpec, ...] = (
    DimensionSpec(
        "state_assistance",
        _("State-funded assistance"),
        additive=True,
        categories=(*_vocabulary("state_assistance_outcome"), _not_recorded),
        derivation="`state_assistance_outcome`; missing counts as `not_recorded`.",
    ),
    DimensionSpec(
        "assistance_delay",
        _("Time from first contact to assistance"),
        additive=True,
        categories=(
            Category("within_7_days", _("Within 7 days")),
            Category("days_8_30", _("8 to 30 days")),
            Category("over_30_days", _("More than 30 days")),
            _dates_unknown,
            Category(NOT_RECORDED, _("Start of assistance not recorded")),
        ),
        derivation="Days from `first_contact_date` to `assistance_start_date` (the same day "
        "is 0). No start date: `not_recorded`; no first contact, or a start before it: "
        "dates unknown.",
        none_code=NOT_RECORDED,
    ),
    DimensionSpec(
        "enforcement_identification",
        _("Immigration enforcement and identification"),
        additive=True,
        categories=(
            Category(NOT_REFERRED, _("Not referred for identification")),
            Category(NO_ENFORCEMENT, _("Referred, no enforcement")),
            Category("while_pending", _("Enforcement before the identification decision")),
            Category("other_time", _("Enforcement at another time")),
            _dates_unknown,
            _not_recorded,
        ),
        derivation="Persons with `identification_decision` events: an `enforcement_measure` "
        "other than `none` dated on or after the earliest referral and before the counted "
        "decision (or with the decision still pending) is `while_pending`; at another "
        "time, `other_time`. A measure without dates is dates unknown; a missing or `unknown` "
        "measure, `not_recorded`.",
        none_code=NOT_REFERRED,
    ),
    DimensionSpec(
        "enforcement_reflection",
        _("Immigration enforcement and the reflection period"),
        additive=True,
        categories=(
            Category(NO_RECORD, _("No reflection period granted")),
            Category(NO_ENFORCEMENT, _("Granted, no enforcement")),
            Category("during_period", _("Enforcement during the reflection period")),
            Category("other_time", _("Enforcement at another time")),
            _dates_unknown,
            _not_recorded,
        ),
        derivation="Persons granted a reflection period (decision flagged `positive`): an "
        "`enforcement_measure` other than `none` dated from the period's start to its end "
        "(or after its start while it has no end) is `during_period`.",
        none_code=NO_RECORD,
    ),
    DimensionSpec(
        "closure_status",
        _("Residence status at case closure"),
        additive=True,
        categories=(
            Category(NOT_CLOSED, _("Case not closed")),
            *_vocabulary("residence_status"),
            _not_recorded,
        ),
        derivation="`residence_status_at_closure` of records whose `case_status` is a closed "
        "one; open cases are `not_closed`.",
        none_code=NOT_CLOSED,
    ),
    DimensionSpec(
        "rights_information",
        _("Informed of rights"),
        additive=True,
        categories=(*_vocabulary("rights_information"), _not_recorded),
        derivation="`rights_information`; missing counts as `not_recorded`.",
    ),
    DimensionSpec(
        "detention",
        _("Detained while a presumed victim"),
        additive=True,
        categories=(*_vocabulary("detention"), _not_recorded),
        derivation="`detention`; missing counts as `not_recorded`.",
    ),
    DimensionSpec(
        "reason_not_reported",
        _("Reasons for not reporting"),
        additive=False,
        categories=(*_vocabulary("reason_not_reported"), _not_recorded),
        derivation="`reasons_not_reported` (multi-response); none given counts as `not_recorded`.",
    ),
    DimensionSpec(
        "treated_as_child",
        _("Treated as a child until assessed"),
        additive=True,
        categories=(*_vocabulary("yes_no_unknown"), _not_recorded),
        derivation="`treated_as_child_pending_assessment`; missing counts as `not_recorded`.",
    ),
    DimensionSpec(
        "missing_from_care",
        _("Went missing from care"),
        additive=True,
        categories=(*_vocabulary("yes_no_unknown"), _not_recorded),
        derivation="`missing_from_care`; missing counts as `not_recorded`.",
    ),
    DimensionSpec(
        "child_returned",
        _("Child returned or transferred"),
        additive=True,
        categories=(*_vocabulary("yes_no_unknown"), _not_recorded),
        derivation="`child_returned`; missing counts as `not_recorded`.",
    ),
    DimensionSpec(
        "best_interests",
        _("Best interests determined before return"),
        additive=True,
        categories=(*_vocabulary("yes_no_unknown"), _not_recorded),
        derivation="`best_interests_before_return`; missing counts as `not_recorded`.",
    ),
)
