"""Classifying persons by their rights outcomes, from the dated events of their records.

Every rule reads the standard's value flags (``positive``, ``pending``,
``enforcement``, ``punished``, ``paid``) rather than value codes, so the
tables follow the standard when it changes. Where a person has several
events of one kind, one is counted, by the rule given in the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from crossroads.codebook.definitions import Standard
from crossroads.exchange.building.classify import Classified, positions, positions_in
from crossroads.exchange.building.extract import Cohort
from crossroads.exchange.catalogue import NOT_RECORDED, UNKNOWN, dimension
from crossroads.exchange.catalogue.rights_dimensions import (
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
        paid = standard.vocabularies["payment_status"]
        # Furthest along first: paid in full, partly paid, awarded (payment unknown or none).
        self.payment_rank = {
            code: rank
            for rank, code in enumerate(
                sorted(paid.codes, key=lambda c: (not paid.get(c).flag("paid"), c != "full"))  # type: ignore[union-attr]
            )
        }

    def identification(self, events: Sequence[Event] | None) -> str:
        if not events:
            return NEVER_REFERRED
        pending = None
        for event in events:
            outcome = event.get("outcome")
            if outcome in self.positive_decision:
                return str(outcome)
            if outcome in self.pending_decision:
                pending = outcome
        if pending:
            return str(pending)
        if len(events) == 1:
            return str(events[0].get("outcome") or NOT_RECORDED)
        return str(_latest(events, "decision_date").get("outcome") or NOT_RECORDED)

    def reflection(self, events: Sequence[Event] | None) -> tuple[str, str]:
        if not events:
            return NO_RECORD, NO_RECORD
        event = events[0]
        return str(event.get("informed") or UNKNOWN), str(event.get("decision") or NOT_RECORDED)

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

    def compensation(self, events: Sequence[Event] | None) -> tuple[str, str]:
        if not events:
            return NO_CLAIM, NO_CLAIM

        def rank(event: Event) -> tuple[int, int, str]:
            outcome = event.get("outcome")
            if outcome in self.awarded:
                return (0, self.payment_rank.get(event.get("payment") or UNKNOWN, 9), "")
            if outcome in self.pending_claim:
                return (1, 0, "")
            return (2, 0, str(event.get("claim_date") or ""))

        chosen = min(events, key=rank)
        outcome = chosen.get("outcome")
        if outcome in self.awarded:
            stage = f"{outcome}_{chosen.get('payment') or UNKNOWN}"
        else:
            stage = str(outcome or NOT_RECORDED)
        return str(chosen.get("route") or NOT_RECORDED), stage


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
    ):
        codes = dimension(name).codes
        out[name] = Classified(codes, positions(cohort, field_code, codes, UNKNOWN))
    return out


def _fallback(name: str) -> str:
    """Where a value the catalogue does not know is counted (a code from a newer standard)."""
    codes = dimension(name).codes
    for candidate in (NOT_RECORDED, UNKNOWN, "reported_consequence_unknown"):
        if candidate in codes:
            return candidate
    return codes[-1]
