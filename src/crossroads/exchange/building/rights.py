"""Classifying persons by their rights outcomes, from the dated events of their records.

Every rule reads the standard's value flags (``positive``, ``pending``,
``enforcement``, ``punished``, ``paid``) rather than value codes, so the
tables follow the standard when it changes. Where a person has several
events of one kind, one is counted, by the rule given in the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from crossroads.codebook.definitions import Standard
from crossroads.exchange.building.classify import Classified, positions, positions_in
from crossroads.exchange.building.extract import Cohort
from crossroads.exchange.catalogue import NOT_RECORDED, UNKNOWN, dimension
from crossroads.exchange.catalogue.rights_dimensions import (
    DATES_UNKNOWN,
    NEVER_REFERRED,
    NO_APPLICATION,
    NO_CLAIM,
    NO_PROCEEDINGS,
    NO_RECORD,
)

Event = Mapping[str, Any]


def _flagged(standard: Standard, vocabulary: str, flag: str) -> frozenset[str]:
    return standard.vocabularies[vocabulary].codes_with_flag(flag)


def _latest(events: Sequence[Event], date_field: str) -> Event:
    """The event with the latest date (undated last in entry order)."""
    return max(enumerate(events), key=lambda pair: (pair[1].get(date_field) or "", pair[0]))[1]


def _days(start: Any, end: Any) -> int | None:
    """Days from ``start`` to ``end`` (ISO dates), or None when either is missing or invalid."""
    try:
        return (date.fromisoformat(str(end)) - date.fromisoformat(str(start))).days
    except ValueError:
        return None


def _band(days: int | None, bands: Sequence[tuple[int, str]], beyond: str) -> str:
    """The first band whose upper bound (in days) holds ``days``; dates unknown if None."""
    if days is None or days < 0:
        return DATES_UNKNOWN
    return next((code for bound, code in bands if days <= bound), beyond)


class _Rules:
    """The per-person rules, with the flagged code sets looked up once."""

    def __init__(self, standard: Standard) -> None:
        self.positive_decision = _flagged(standard, "decision_outcome", "positive")
        self.pending_decision = _flagged(standard, "decision_outcome", "pending")
        self.granted = _flagged(standard, "grant_decision", "positive")
        self.pending_grant = _flagged(standard, "grant_decision", "pending")
        self.enforcement = _flagged(standard, "immigration_consequence", "enforcement")
        self.punished = _flagged(standard, "non_punishment_outcome", "punished")
        self.pending_outcome = _flagged(standard, "non_punishment_outcome", "pending")
        self.awarded = _flagged(standard, "compensation_outcome", "positive")
        self.pending_claim = _flagged(standard, "compensation_outcome", "pending")
        self.paid = _flagged(standard, "payment_status", "paid")
        paid = standard.vocabularies["payment_status"]
        # Furthest along first: paid in full, partly paid, awarded (payment unknown or none).
        self.payment_rank = {
            code: rank
            for rank, code in enumerate(
                sorted(paid.codes, key=lambda c: (not paid.get(c).flag("paid"), c != "full"))  # type: ignore[union-attr]
            )
        }

    def _counted_decision(self, events: Sequence[Event]) -> Event:
        """A decision flagged positive if any, else a pending one, else the latest."""
        pending = None
        for event in events:
            outcome = event.get("outcome")
            if outcome in self.positive_decision:
                return event
            if outcome in self.pending_decision and pending is None:
                pending = event
        if pending is not None:
            return pending
        return events[0] if len(events) == 1 else _latest(events, "decision_date")

    def identification(self, events: Sequence[Event] | None) -> str:
        if not events:
            return NEVER_REFERRED
        return str(self._counted_decision(events).get("outcome") or NOT_RECORDED)

    def identification_delay(self, events: Sequence[Event] | None) -> str:
        if not events:
            return NEVER_REFERRED
        chosen = self._counted_decision(events)
        if chosen.get("outcome") in self.pending_decision:
            return "pending"
        referred = min(
            (str(e["referral_date"]) for e in events if e.get("referral_date")), default=None
        )
        days = _days(referred, chosen.get("decision_date")) if referred else None
        return _band(days, ((90, "within_90_days"), (180, "days_91_180")), "over_180_days")

    def reflection(self, events: Sequence[Event] | None) -> tuple[str, str]:
        if not events:
            return NO_RECORD, NO_RECORD
        event = events[0]
        return str(event.get("informed") or UNKNOWN), str(event.get("decision") or NOT_RECORDED)

    def rrp_length(self, events: Sequence[Event] | None) -> str:
        if not events or events[0].get("decision") not in self.granted:
            return NO_RECORD
        start, end = events[0].get("start_date"), events[0].get("end_date")
        if start and not end:
            return "ongoing"
        days = _days(start, end) if start else None
        # Both days count: a period from the 1st to the 30th lasts 30 days.
        return _band(
            None if days is None else days + 1, ((29, "under_30_days"),), "days_30_or_more"
        )

    def prosecution(self, events: Sequence[Event] | None) -> str:
        if not events:
            return NO_PROCEEDINGS

        def reached(event: Event) -> str:
            verdict, stage = str(event.get("verdict") or ""), event.get("stage")
            if verdict.startswith("conviction"):
                return "convicted"
            if verdict == "acquittal":
                return "acquitted"
            if stage in ("charged", "verdict"):
                return "charged"
            if stage == "investigation":
                return "investigation"
            if stage == "discontinued":
                return "discontinued"
            return NOT_RECORDED

        order = ("convicted", "acquitted", "charged", "investigation", "discontinued")
        found = {reached(e) for e in events}
        return next((code for code in order if code in found), NOT_RECORDED)

    def permit(self, events: Sequence[Event] | None) -> tuple[str, str]:
        if not events:
            return NO_APPLICATION, NO_APPLICATION
        chosen = (
            next((e for e in events if e.get("outcome") in self.granted), None)
            or next((e for e in events if e.get("outcome") in self.pending_grant), None)
            or _latest(events, "application_date")
        )
        return str(chosen.get("ground") or NOT_RECORDED), str(chosen.get("outcome") or NOT_RECORDED)

    def reporting(self, events: Sequence[Event] | None) -> str:
        if not events:
            return "not_reported"
        consequences = {e.get("immigration_consequence") for e in events}
        if consequences & self.enforcement:
            return "reported_enforcement"
        if "none" in consequences:
            return "reported_no_consequence"
        return "reported_consequence_unknown"

    def proceedings(self, events: Sequence[Event] | None) -> tuple[str, str, str]:
        if not events:
            return NO_PROCEEDINGS, NO_PROCEEDINGS, NO_PROCEEDINGS
        chosen = (
            next((e for e in events if e.get("outcome") in self.punished), None)
            or next((e for e in events if e.get("outcome") in self.pending_outcome), None)
            or _latest(events, "start_date")
        )
        return (
            str(chosen.get("kind") or NOT_RECORDED),
            str(chosen.get("outcome") or NOT_RECORDED),
            str(chosen.get("non_punishment_invoked") or UNKNOWN),
        )

    def _counted_claim(self, events: Sequence[Event]) -> Event:
        """One claim per person, the furthest along."""

        def rank(event: Event) -> tuple[int, int, str]:
            outcome = event.get("outcome")
            if outcome in self.awarded:
                return (0, self.payment_rank.get(event.get("payment") or UNKNOWN, 9), "")
            if outcome in self.pending_claim:
                return (1, 0, "")
            return (2, 0, str(event.get("claim_date") or ""))

        return min(events, key=rank)

    def compensation(self, events: Sequence[Event] | None) -> tuple[str, str]:
        if not events:
            return NO_CLAIM, NO_CLAIM
        chosen = self._counted_claim(events)
        outcome = chosen.get("outcome")
        if outcome in self.awarded:
            stage = f"{outcome}_{chosen.get('payment') or UNKNOWN}"
        else:
            stage = str(outcome or NOT_RECORDED)
        return str(chosen.get("route") or NOT_RECORDED), stage

    def compensation_delay(self, events: Sequence[Event] | None) -> str:
        if not events:
            return "not_paid"
        chosen = self._counted_claim(events)
        if chosen.get("outcome") not in self.awarded or chosen.get("payment") not in self.paid:
            return "not_paid"
        days = _days(chosen.get("claim_date"), chosen.get("payment_date"))
        return _band(days, ((365, "within_1_year"), (730, "years_1_2")), "over_2_years")


def rights(cohort: Cohort, standard: Standard) -> dict[str, Classified]:
    """Classifications of the rights dimensions for every counted person."""
    rules = _Rules(standard)

    by_events: tuple[tuple[tuple[str, ...], Callable[[Sequence[Event] | None], Any], str], ...]
    by_events = (
        (("identification",), rules.identification, "identification_decision"),
        (("rrp_informed", "rrp_decision"), rules.reflection, "reflection_period"),
        (("permit_ground", "permit_outcome"), rules.permit, "residence_permit"),
        (("reporting",), rules.reporting, "report_to_authorities"),
        (
            ("proceedings_kind", "proceedings_outcome", "non_punishment_invoked"),
            rules.proceedings,
            "proceedings_against_person",
        ),
        (("compensation_route", "compensation_stage"), rules.compensation, "compensation"),
        (("identification_delay",), rules.identification_delay, "identification_decision"),
        (("rrp_length",), rules.rrp_length, "reflection_period"),
        (("prosecution",), rules.prosecution, "proceedings_against_traffickers"),
        (("compensation_delay",), rules.compensation_delay, "compensation"),
    )
    out: dict[str, Classified] = {}
    for names, rule, kind in by_events:
        # Each rule runs once per distinct list of events of its kind (and once for none).
        index, (answers,) = cohort.answers(f"events.{kind}")
        results = list(map(rule, answers))
        # A rule with several outcomes gives a tuple: one column of outcomes per dimension.
        outcomes: list[Sequence[Any]] = [results]
        if len(names) > 1:
            outcomes = list(zip(*results, strict=True)) or [() for _ in names]
        for name, column in zip(names, outcomes, strict=True):
            codes = dimension(name).codes
            out[name] = Classified(codes, positions_in(codes, column, _fallback(name))[index])
    for name, field_code in (
        ("assistance_conditional", "assistance_conditional_on_cooperation"),
        ("cooperation", "cooperation_status"),
        ("migration_status", "migration_status"),
        ("unaccompanied", "unaccompanied"),
        ("guardian", "guardian_appointed"),
        ("age_disputed", "age_disputed"),
        ("age_assessment", "age_assessment_outcome"),
    ):
        codes = dimension(name).codes
        default = "not_assessed" if name == "age_assessment" else UNKNOWN
        out[name] = Classified(codes, positions(cohort, field_code, codes, default))
    return out


def _fallback(name: str) -> str:
    """Where a value the catalogue does not know is counted (a code from a newer standard)."""
    codes = dimension(name).codes
    for candidate in (NOT_RECORDED, UNKNOWN, "reported_consequence_unknown"):
        if candidate in codes:
            return candidate
    return codes[-1]
