"""Demo step: agreements, five years of submissions in every state, and the network tables
(the latest year's, then, once the demo is committed, every year's with every country's).

Every member has an agreement; most years are accepted, a few versions were
returned with a comment and corrected, some await review, one member's
version was imported from a signed file, and the demo data officer has a
draft of the latest year. Everything goes through the services, as in real
use; only the dates are moved back to when each step would have happened.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from crossroads.accounts.models import Organisation, Role, User
from crossroads.core import signing
from crossroads.core.demo import DemoContext
from crossroads.exchange.building.tables import build as count_tables
from crossroads.exchange.demo_narratives import FIRST_VERSION_WITHOUT, NARRATIVES, with_slip
from crossroads.exchange.models import Agreement, Submission, SubmissionEvent
from crossroads.exchange.protection import protect_ahead, rule_for
from crossroads.exchange.services import files
from crossroads.exchange.services.aggregation import compute_release, years_with_accepted
from crossroads.exchange.services.agreements import Terms, current_agreement, record_agreement
from crossroads.exchange.services.drafts import build_draft, prepare
from crossroads.exchange.services.narratives import save_narrative, working_copy
from crossroads.exchange.services.submissions import (
    accept,
    leaving_payload,
    return_submission,
    submit,
)
from crossroads.exchange.tasks import recompute
from crossroads.tasks.models import TaskRun

ALL_MODULES = ("profile", "referrals", "rights")
# Invented circumstances that make the demo show every state of the lifecycle.
RETURNED_AND_CORRECTED = {
    ("nl-overweg", 2023): "The reflection-period table shows no non-national as informed, "
    "although your annual report mentions routine information sessions. Please check "
    "whether the 'informed' field was filled in for 2023 and resubmit.",
    ("fr-carrefour", 2022): "The referral pairs list no incoming referral from Romania, "
    "while the Romanian partner reports 14 referrals to you. Please check the "
    "'referred in from' field and resubmit.",
    ("it-approdo", 2024): "Almost every person is counted as 'status decided by: unknown'. "
    "Please complete who decided the trafficking status and resubmit.",
}
RETURNED_OPEN = {
    ("es-encrucijada", 2024): "Compensation claims look too few compared with 2023. "
    "Please confirm that the compensation events of 2024 were recorded before resubmitting."
}
AWAITING_REVIEW = {2024: ("pl-rozdroze", "ro-punte"), 2025: ("de-wegweiser", "be-passage")}
SUBMITTED_2025 = ("at-kreuzweg", "cz-rozcesti", "pt-farol")
ACCEPTED_2025 = ("se-vagskal", "hr-raskrizje", "lt-kryzkele")
OWN_INSTANCE = "ie-lantern"  # runs its own Crossroads: its 2024 version came as a signed file
NO_REFERRALS = "md-raspantie"  # shares the profile and rights outcomes, not referrals
STRICTER = "de-fairarbeit"  # a higher threshold and rounding from 2024
LATER = "every year's network and country tables (the latest year's network tables are ready)"


def build(context: DemoContext) -> str:
    """Create agreements and submissions for every member, then the network tables."""
    organisations: dict[str, Organisation] = context.shared["organisations"]
    users = User.objects.select_related("organisation")
    analyst = users.get(username="analyst")
    officers = {
        u.organisation.code: u for u in users.filter(role=Role.DATA_OFFICER) if u.organisation
    }
    members = [o for o in organisations.values() if o.holds_case_records]
    years = context.years
    if context.scale < 1:
        # A scaled-down demo (tests) shows the flow with a few members and years.
        members = [o for o in members if o.code in {"nl-overweg", "de-wegweiser", OWN_INSTANCE}]
        years = context.years[-2:]
    rng = random.Random(f"{context.seed}-exchange")
    for org in members:
        _agreements(analyst, org)
    counts = {"accepted": 0, "returned": 0, "submitted": 0, "draft": 0, "imported": 0}
    # Protecting a hundred members' tables one after another is most of the demo's
    # build time: protect them all at once on every core first (below full scale, in
    # tests, there are a handful and no processes are started).
    jobs = []
    for org in members:
        terms = _terms(org)
        for year in years:
            if _builds(org, officers[org.code], year, years[-1]):
                jobs.append((count_tables(org, year, terms["modules"]).tables, rule_for(terms)))
    with protect_ahead(jobs, workers=None if context.scale == 1 else 1):
        _submissions(analyst, officers, members, years, rng, counts)
    _backdate(rng)
    latest = max(set(years) & set(years_with_accepted()))
    compute_release(analyst, latest, by_country=False)
    return (
        f"{Agreement.objects.count()} agreements; submissions: {counts['accepted']} accepted, "
        f"{counts['returned']} returned, {counts['submitted']} awaiting review, "
        f"{counts['imported']} imported from a signed file, {counts['draft']} draft; "
        f"network tables for {latest}"
    )


def _submissions(
    analyst: User,
    officers: dict[str, User],
    members: Sequence[Organisation],
    years: Sequence[int],
    rng: random.Random,
    counts: dict[str, int],
) -> None:
    """Every member's submissions of every year, in the states the demo shows."""
    for year in years:
        for org in members:
            officer = officers[org.code]
            key = (org.code, year)
            _narrative(officer, org, year, years, first_version=key in RETURNED_AND_CORRECTED)
            if year == years[-1]:
                _latest_year(officer, analyst, org, year, counts)
            elif org.code == OWN_INSTANCE and year == 2024:
                _import(analyst, org, year, rng)
                counts["imported"] += 1
            elif key in RETURNED_OPEN:
                _returned(officer, analyst, year, RETURNED_OPEN[key])
                counts["returned"] += 1
            elif year in AWAITING_REVIEW and org.code in AWAITING_REVIEW[year]:
                submit(officer, build_draft(officer, year))
                counts["submitted"] += 1
            else:
                if key in RETURNED_AND_CORRECTED:
                    _returned(officer, analyst, year, RETURNED_AND_CORRECTED[key])
                    counts["returned"] += 1
                    _narrative(officer, org, year, years, first_version=False)
                accept(analyst, submit(officer, build_draft(officer, year)))
                counts["accepted"] += 1


def _terms(org: Organisation) -> dict[str, Any]:
    agreement = current_agreement(org)
    assert agreement is not None  # the demo recorded one for every member
    return agreement.terms()


def _builds(org: Organisation, officer: User, year: int, latest: int) -> bool:
    """Whether the demo builds ``org``'s tables of ``year`` (see :func:`_latest_year`)."""
    if year != latest:
        return True
    return (
        officer.username == "dataofficer"
        or org.code in AWAITING_REVIEW.get(year, ())
        or org.code in SUBMITTED_2025
        or org.code in ACCEPTED_2025
    )


def later(context: DemoContext) -> list[TaskRun]:
    """Every year's network and country tables, so that the dashboards can compare
    countries and draw trends.

    The build computes only the latest year's network tables (what the first
    pages need); protecting twenty countries' tables together takes half a
    minute or more per year: the task workers do it while the demo is
    already served.
    """
    analyst = User.objects.get(username="analyst")
    # Each acceptance queued its year's tables already (the latest run of a year
    # replaced the earlier ones): this finds those runs, or queues what is missing.
    return [recompute(analyst, year, by_country=True) for year in years_with_accepted()]


def _agreements(analyst: User, org: Organisation) -> None:
    modules = tuple(m for m in ALL_MODULES if not (org.code == NO_REFERRALS and m == "referrals"))
    signed = date(2020, 11, 16)
    record_agreement(
        analyst,
        org,
        Terms(
            modules=modules,
            contributes_tokens=org.code != NO_REFERRALS,
            threshold=10,
            rounding_base=None,
            originals_to_secretariat=True,
            effective_from=date(2021, 1, 1),
            member_signatory=f"Director, {org.name}",
            member_signed_on=signed,
            secretariat_signatory="Sofia Marin, Network Secretariat",
            secretariat_signed_on=signed + timedelta(days=9),
        ),
    )
    if org.code == STRICTER:
        record_agreement(
            analyst,
            org,
            Terms(
                modules=modules,
                contributes_tokens=True,
                threshold=15,
                rounding_base=5,
                originals_to_secretariat=True,
                effective_from=date(2024, 1, 1),
                member_signatory=f"Director, {org.name}",
                member_signed_on=date(2023, 11, 2),
                secretariat_signatory="Sofia Marin, Network Secretariat",
                secretariat_signed_on=date(2023, 11, 20),
                notes="Threshold raised to 15 and rounding to 5 after the board's review "
                "of small-town cases.",
            ),
        )


def _narrative(
    officer: User, org: Organisation, year: int, years: Sequence[int], *, first_version: bool
) -> None:
    """Write the member's narrative of the last two years (as it stood for that version)."""
    answers = NARRATIVES.get(org.code)
    if answers is None or year not in years[-2:]:
        return
    if officer.username == "dataofficer" and year == years[-1]:
        answers = with_slip(answers)
    if first_version and org.code in FIRST_VERSION_WITHOUT:
        answers = {k: v for k, v in answers.items() if k != FIRST_VERSION_WITHOUT[org.code]}
    current = working_copy(org, year)
    save_narrative(
        officer, year, {"sections": answers}, based_on=current.revision if current else 0
    )


def _returned(officer: User, analyst: User, year: int, comment: str) -> None:
    return_submission(analyst, submit(officer, build_draft(officer, year)), comment)


def _latest_year(
    officer: User, analyst: User, org: Organisation, year: int, counts: dict[str, int]
) -> None:
    if officer.username == "dataofficer":
        build_draft(officer, year)
        counts["draft"] += 1
    elif org.code in AWAITING_REVIEW.get(year, ()) or org.code in SUBMITTED_2025:
        submit(officer, build_draft(officer, year))
        counts["submitted"] += 1
    elif org.code in ACCEPTED_2025:
        accept(analyst, submit(officer, build_draft(officer, year)))
        counts["accepted"] += 1


def _import(analyst: User, org: Organisation, year: int, rng: random.Random) -> None:
    """The member's own instance builds and signs the file; the secretariat imports it."""

    key = Ed25519PrivateKey.from_private_bytes(bytes(rng.randrange(256) for _ in range(32)))
    files.register_key(analyst, org, _b64(signing.public_key_bytes(key)))
    agreement = current_agreement(org)
    assert agreement is not None
    prepared = prepare(org, year, agreement.terms(), None)
    prepared.submitted_at = timezone.now()
    files.import_signed(analyst, files.signed_document(prepared, key))
    accept(analyst, Submission.objects.get(organisation=org, year=year))


def _b64(raw: bytes) -> str:

    return base64.b64encode(raw).decode()


def _backdate(rng: random.Random) -> None:
    """Move each step to when it would have happened: the spring after the year counted."""
    for submission in Submission.objects.all():
        start = timezone.make_aware(
            datetime.combine(date(submission.year + 1, 2, 1), time(9))
        ) + timedelta(
            days=rng.randint(0, 40) + 45 * (submission.version - 1), hours=rng.randint(0, 8)
        )
        step = start
        for event in SubmissionEvent.objects.filter(submission=submission).order_by("pk"):
            SubmissionEvent.objects.filter(pk=event.pk).update(at=step)
            if event.kind in {SubmissionEvent.Kind.SUBMITTED, SubmissionEvent.Kind.IMPORTED}:
                Submission.objects.filter(pk=submission.pk).update(submitted_at=step)
            if event.kind in {SubmissionEvent.Kind.ACCEPTED, SubmissionEvent.Kind.RETURNED}:
                Submission.objects.filter(pk=submission.pk).update(reviewed_at=step)
            step += timedelta(days=rng.randint(1, 12), hours=rng.randint(1, 6))
        submission.built_at = start
        submission.metadata = {**submission.metadata, "built_at": start.isoformat()}
        Submission.objects.filter(pk=submission.pk).update(
            built_at=start,
            metadata=submission.metadata,
            checksum=signing.checksum(leaving_payload(submission)),
        )
