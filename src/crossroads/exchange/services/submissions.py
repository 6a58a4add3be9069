"""The lifecycle of a submission: build a draft, submit it, accept or return it.

Draft -> submitted -> accepted (an earlier accepted version becomes
superseded) or returned -> a new version is built, submitted... Every
version is kept. A submitted version never changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts import mail
from crossroads.accounts.models import Organisation, User
from crossroads.accounts.permissions import can_manage_data, is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.cases.models import Case
from crossroads.codebook.loader import load_standard
from crossroads.core import signing
from crossroads.exchange import catalogue
from crossroads.exchange.building.tables import build
from crossroads.exchange.models import Status, Submission, SubmissionEvent
from crossroads.exchange.protection import protect_tables, rule_for
from crossroads.exchange.services import narratives
from crossroads.exchange.services.agreements import current_agreement
from crossroads.exchange.tasks import recompute
from crossroads.exchange.validation import warnings_for

FIRST_YEAR = 2000
Progress = Callable[[str], None]


class SubmissionError(ValueError):
    """The step cannot be taken; the message says why and what to do."""


def leaving_payload(submission: Submission) -> dict[str, Any]:
    """Everything that leaves the organisation, as the checksum and the signature cover it.

    The original counts are part of it only when the agreement lets the
    secretariat keep them for aggregation.
    """
    shares_originals = bool(submission.terms.get("originals_to_secretariat"))
    return covered_payload(
        {
            "metadata": submission.metadata,
            "terms": submission.terms,
            "released": submission.released,
            "original": submission.original if shares_originals else None,
            "narrative": submission.narrative,
        }
    )


def covered_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """The part of a payload the checksum covers.

    The narrative is covered when there is one; a version without narrative
    keeps the checksum it had before narratives existed.
    """
    covered = {k: payload.get(k) for k in ("metadata", "terms", "released", "original")}
    if payload.get("narrative"):
        covered["narrative"] = payload["narrative"]
    return covered


def _attach_narrative(submission: Submission) -> None:
    """Copy the member's working narrative into ``submission`` and checksum what leaves."""
    submission.narrative = narratives.leaving_copy(submission.organisation, submission.year)
    submission.checksum = signing.checksum(leaving_payload(submission))


def _event(
    submission: Submission, kind: SubmissionEvent.Kind, user: User | None, comment: str = ""
) -> None:
    SubmissionEvent.objects.create(
        submission=submission,
        kind=kind,
        actor=user,
        actor_name=user.get_full_name() or user.username if user else "",
        comment=comment,
    )


CONTENT_FIELDS = (
    "terms",
    "standard_version",
    "catalogue_version",
    "built_at",
    "built_by",
    "original",
    "released",
    "preview",
    "metadata",
)


def prepare(
    organisation: Organisation,
    year: int,
    terms: dict[str, Any],
    user: User | None,
    *,
    progress: Progress | None = None,
) -> Submission:
    """An unsaved submission of ``organisation``'s tables for ``year`` under ``terms``.

    Counts the year's cohort, applies the disclosure rule the terms ask for,
    and fills original counts, released tables, the data officer's preview
    and the metadata. Nothing is written.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    built = build(organisation, year, terms["modules"])
    say(
        _("%(persons)s persons counted, %(left)s records left out; protecting the tables…")
        % {"persons": built.cohort_size, "left": sum(built.excluded.values())}
    )
    protected = protect_tables(built.tables, rule_for(terms))
    now = timezone.now()
    submission = Submission(
        organisation=organisation,
        year=year,
        version=1,
        terms=terms,
        standard_version=load_standard().version,
        catalogue_version=catalogue.CATALOGUE_VERSION,
        built_at=now,
        built_by=user,
        original=built.tables.to_dict(),
        released=protected.released,
        preview=protected.preview
        | {
            "member": {
                "records": built.records,
                "counted": built.cohort_size,
                "excluded": dict(built.excluded),
                "seconds": {
                    **built.timings,
                    "protect": protected.seconds,
                    "total": time.perf_counter() - started,
                },
            }
        },
        metadata={
            "organisation": {
                "code": organisation.code,
                "name": organisation.name,
                "country": organisation.country,
            },
            "year": year,
            "version": 1,
            "standard_version": load_standard().version,
            "record_versions": record_versions(organisation, year),
            "catalogue_version": catalogue.CATALOGUE_VERSION,
            "built_at": now.isoformat(),
            "structure": built.structure,
        },
    )
    submission.checksum = signing.checksum(leaving_payload(submission))
    return submission


def record_versions(organisation: Organisation, year: int) -> dict[str, int]:
    """How many of the year's records were last saved under each version of the standard.

    A field that a record's version lacks counts as not recorded in the
    tables; the submission says how many records that may concern.
    """
    rows = (
        Case.objects.filter(organisation=organisation, year=year)
        .values("standard_version")
        .annotate(n=Count("pk"))
        .order_by("standard_version")
    )
    return {row["standard_version"]: row["n"] for row in rows}


def build_draft(user: User, year: int, *, progress: Progress | None = None) -> Submission:
    """Build (or rebuild) the draft of ``user``'s organisation for ``year``.

    Counts the year's cohort, applies the agreement's disclosure rule, and
    keeps original counts, released tables, the data officer's preview and
    the validation warnings. Raises :class:`SubmissionError` when there is
    no agreement in force, the year is out of range, or a version is
    awaiting review.
    """
    say = progress or (lambda _message: None)
    if not can_manage_data(user):
        raise SubmissionError(_("Only data officers and administrators build submissions."))
    organisation = user.organisation
    assert organisation is not None
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise SubmissionError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year}
        )
    agreement = current_agreement(organisation)
    if agreement is None:
        raise SubmissionError(
            _("%(org)s has no data exchange agreement in force; the secretariat records it.")
            % {"org": organisation.name}
        )
    if Submission.objects.filter(
        organisation=organisation, year=year, status=Status.SUBMITTED
    ).exists():
        raise SubmissionError(
            _("A version of %(year)s is awaiting the secretariat's review; wait for it.")
            % {"year": year}
        )
    say(_("Counting the records of %(year)s…") % {"year": year})
    prepared = prepare(organisation, year, agreement.terms(), user, progress=say)
    with transaction.atomic():
        versions = Submission.objects.select_for_update().filter(
            organisation=organisation, year=year
        )
        draft = versions.filter(status=Status.DRAFT).first()
        if versions.filter(status=Status.SUBMITTED).exists():
            raise SubmissionError(
                _("A version of %(year)s is awaiting the secretariat's review; wait for it.")
                % {"year": year}
            )
        submission = draft or Submission(
            organisation=organisation,
            year=year,
            version=(versions.aggregate(last=Max("version"))["last"] or 0) + 1,
        )
        for name in CONTENT_FIELDS:
            setattr(submission, name, getattr(prepared, name))
        submission.agreement = agreement
        submission.metadata = {**prepared.metadata, "version": submission.version}
        _attach_narrative(submission)
        submission.warnings = warnings_for(submission)
        submission.save()
        _event(
            submission,
            SubmissionEvent.Kind.REBUILT if draft else SubmissionEvent.Kind.BUILT,
            user,
        )
        record(
            user,
            Action.UPDATE if draft else Action.CREATE,
            object_type="submission",
            object_id=submission.pk,
            summary=f"{'Rebuilt' if draft else 'Built'} draft submission {year} "
            f"v{submission.version}",
            detail={"year": year, "version": submission.version, "agreement": agreement.version},
        )
    return submission


def record_view(user: User, submission: Submission) -> None:
    """Audit that ``user`` read a submission (its tables, history and narrative)."""
    record(
        user,
        Action.READ,
        object_type="submission",
        object_id=submission.pk,
        summary=f"Viewed submission {submission}",
    )


def submit(user: User, submission: Submission) -> Submission:
    """Send a draft to the secretariat: from now on it never changes."""
    _check_member(user, submission)
    if submission.status != Status.DRAFT:
        raise SubmissionError(_("Only a draft can be submitted."))
    agreement = current_agreement(submission.organisation)
    if agreement is None or agreement.terms() != submission.terms:
        raise SubmissionError(
            _("The agreement changed after this draft was built; rebuild the draft first.")
        )
    if signing.checksum(leaving_payload(submission)) != submission.checksum:
        raise SubmissionError(_("The draft's tables do not match their checksum; rebuild it."))
    places = narratives.problems_of(
        narratives.leaving_copy(submission.organisation, submission.year)
    )
    if places:
        raise SubmissionError(
            _(
                "The narrative cannot leave as it is (%(count)s problems; the first: %(where)s: "
                "%(message)s). Correct it on the narrative page, then submit."
            )
            % {"count": len(places), "where": places[0].where, "message": places[0].message}
        )
    with transaction.atomic():
        _attach_narrative(submission)
        submission.warnings = warnings_for(submission)
        submission.status = Status.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.submitted_by = user
        submission.save()
        _event(submission, SubmissionEvent.Kind.SUBMITTED, user)
        record(
            user,
            Action.SUBMIT,
            object_type="submission",
            object_id=submission.pk,
            summary=f"Submitted {submission.year} v{submission.version}",
            detail={"checksum": submission.checksum},
        )
    return submission


def discard_draft(user: User, submission: Submission) -> None:
    """Delete a draft that will not be submitted (the audit log keeps that it existed)."""
    _check_member(user, submission)
    if submission.status != Status.DRAFT:
        raise SubmissionError(_("Only a draft can be discarded; submitted versions are kept."))
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="submission",
            object_id=submission.pk,
            summary=f"Discarded draft {submission.year} v{submission.version}",
        )
        submission.delete()


def accept(user: User, submission: Submission, comment: str = "") -> Submission:
    """Accept a submitted version; an earlier accepted version of the year is superseded."""
    _check_reviewer(user, submission)
    with transaction.atomic():
        for older in Submission.objects.select_for_update().filter(
            organisation=submission.organisation, year=submission.year, status=Status.ACCEPTED
        ):
            older.status = Status.SUPERSEDED
            older.save()
            _event(older, SubmissionEvent.Kind.SUPERSEDED, user, f"v{submission.version}")
        _review(user, submission, Status.ACCEPTED, SubmissionEvent.Kind.ACCEPTED, comment)
        recompute(user, submission.year)
    return submission


def return_submission(user: User, submission: Submission, comment: str) -> Submission:
    """Return a version to the member with the analyst's comments (required).

    A submitted version awaiting review, or an accepted one found wrong
    afterwards: the latter stops counting at once (the year's tables are
    computed again without it) until the member submits a correction.
    """
    if not comment.strip():
        raise SubmissionError(_("Say what the member should correct: a comment is required."))
    _check_reviewer(user, submission, also=Status.ACCEPTED)
    counted = submission.status == Status.ACCEPTED
    with transaction.atomic():
        _review(user, submission, Status.RETURNED, SubmissionEvent.Kind.RETURNED, comment)
        if counted:
            recompute(user, submission.year)
        transaction.on_commit(lambda: _notify_returned(submission))
    return submission


def _notify_returned(submission: Submission) -> None:
    """E-mail the member's data officers and administrators (no comment text, no figures)."""
    link = mail.absolute(reverse("exchange:submission", args=[submission.pk]))
    mail.notify(
        mail.data_managers(submission.organisation),
        "submission_returned",
        {"year": submission.year, "link": link},
    )


def _review(
    user: User,
    submission: Submission,
    status: Status,
    kind: SubmissionEvent.Kind,
    comment: str,
) -> None:
    submission.status = status
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = user
    submission.save()
    _event(submission, kind, user, comment.strip())
    record(
        user,
        Action.REVIEW,
        object_type="submission",
        object_id=submission.pk,
        summary=f"{kind.label}: {submission.organisation.code} {submission.year} "
        f"v{submission.version}",
        detail={"status": str(status), "comment": bool(comment.strip())},
    )


def _check_member(user: User, submission: Submission) -> None:
    if not can_manage_data(user) or submission.organisation_id != user.organisation_id:
        raise SubmissionError(_("Only the organisation's data officers and administrators can."))


def _check_reviewer(user: User, submission: Submission, also: Status | None = None) -> None:
    if not is_analyst(user):
        raise SubmissionError(_("Only the secretariat's analysts review submissions."))
    if submission.status not in {Status.SUBMITTED, also}:
        raise SubmissionError(
            _("Only a submitted version awaiting review can be accepted or returned.")
        )


def year_choices(today: date | None = None) -> list[int]:
    """Years a draft may be built for, newest first."""
    last = (today or timezone.localdate()).year
    return list(range(last, FIRST_YEAR - 1, -1))
