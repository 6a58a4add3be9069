"""Classifying persons by the protection fields of standard 1.1 (catalogue 1.2's dimensions).

A record saved under standard 1.0 has none of these fields: it is counted
as ``not_recorded``, never as a negative answer. Rules read flags of the
standard's vocabularies where one exists (``positive`` and ``pending``
decisions), as :mod:`crossroads.exchange.building.rights` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crossroads.codebook.definitions import Standard
from crossroads.exchange.building.classify import Classified, masks, positions, positions_in
from crossroads.exchange.building.extract import Cohort
from crossroads.exchange.building.rights import Event, _band, _days, _flagged
from crossroads.exchange.catalogue import NOT_RECORDED, UNKNOWN, dimension
from crossroads.exchange.catalogue.protection_dimensions import (
    NO_ENFORCEMENT,
    NOT_CLOSED,
    NOT_REFERRED,
)
from crossroads.exchange.catalogue.rights_dimensions import DATES_UNKNOWN, NO_RECORD

CLOSED = frozenset({"closed", "closed_referred"})
"""``case_status`` codes of a closed case."""


def assistance_delay(first_contact: Any, started: Any) -> str:
    """The band of days from first contact to the start of assistance."""
    if not started:
        return NOT_RECORDED
    days = _days(first_contact, started) if first_contact else None
    return _band(days, ((7, "within_7_days"), (30, "days_8_30")), "over_30_days")


def _measure(measure: Any) -> str | None:
    """None when a measure was taken; else the category that says why there is none to date."""
    if not measure or measure == UNKNOWN:
        return NOT_RECORDED
    if measure == "none":
        return NO_ENFORCEMENT
    return None


class _Rules:
    def __init__(self, standard: Standard) -> None:
        self.positive = _flagged(standard, "decision_outcome", "positive")
        self.pending = _flagged(standard, "decision_outcome", "pending")
        self.granted = _flagged(standard, "grant_decision", "positive")

    def identification(self, measure: Any, when: Any, events: Sequence[Event] | None) -> str:
        """R2.4: was the measure taken while the identification decision was pending?"""
        if not events:
            return NOT_REFERRED
        none = _measure(measure)
        if none is not None:
            return none
        referred = min(
            (str(e["referral_date"]) for e in events if e.get("referral_date")), default=""
        )
        if not when or not referred:
            return DATES_UNKNOWN
        decided = [
            str(e["decision_date"])
            for e in events
            if e.get("decision_date") and e.get("outcome") not in self.pending
        ]
        if referred <= str(when) and (not decided or str(when) < min(decided)):
            return "while_pending"
        return "other_time"

    def reflection(self, measure: Any, when: Any, events: Sequence[Event] | None) -> str:
        """R3.4: was the measure taken during a granted reflection period?"""
        granted = [e for e in events or () if e.get("decision") in self.granted]
        if not granted:
            return NO_RECORD
        none = _measure(measure)
        if none is not None:
            return none
        period = granted[0]
        start, end = period.get("start_date"), period.get("end_date")
        if not when or not start:
            return DATES_UNKNOWN
        if str(start) <= str(when) and (not end or str(when) <= str(end)):
            return "during_period"
        return "other_time"


def protection(cohort: Cohort, standard: Standard) -> dict[str, Classified]:
    """Classifications of the protection dimensions for every counted person."""
    rules = _Rules(standard)
    out: dict[str, Classified] = {}
    for name, field_code in (
        ("state_assistance", "state_assistance_outcome"),
        ("rights_information", "rights_information"),
        ("detention", "detention"),
        ("treated_as_child", "treated_as_child_pending_assessment"),
        ("missing_from_care", "missing_from_care"),
        ("child_returned", "child_returned"),
        ("best_interests", "best_interests_before_return"),
    ):
        codes = dimension(name).codes
        out[name] = Classified(codes, positions(cohort, field_code, codes, NOT_RECORDED))
    codes = dimension("reason_not_reported").codes
    out["reason_not_reported"] = Classified(
        codes, masks(cohort, "reasons_not_reported", codes, NOT_RECORDED), multi=True
    )
    index, (status, closure) = cohort.answers("case_status", "residence_status_at_closure")
    codes = dimension("closure_status").codes
    at_closure = [
        (str(c or NOT_RECORDED) if s in CLOSED else NOT_CLOSED)
        for s, c in zip(status, closure, strict=True)
    ]
    out["closure_status"] = Classified(codes, positions_in(codes, at_closure, NOT_RECORDED)[index])
    index, (first, started) = cohort.answers("first_contact_date", "assistance_start_date")
    codes = dimension("assistance_delay").codes
    delays = list(map(assistance_delay, first, started))
    out["assistance_delay"] = Classified(codes, positions_in(codes, delays, NOT_RECORDED)[index])
    for name, kind, rule in (
        ("enforcement_identification", "identification_decision", rules.identification),
        ("enforcement_reflection", "reflection_period", rules.reflection),
    ):
        index, (measure, when, events) = cohort.answers(
            "enforcement_measure", "enforcement_date", f"events.{kind}"
        )
        codes = dimension(name).codes
        found = list(map(rule, measure, when, events))
        out[name] = Classified(codes, positions_in(codes, found, NOT_RECORDED)[index])
    return out
