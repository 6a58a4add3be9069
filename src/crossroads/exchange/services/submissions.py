"""The lifecycle of a submission: build a draft, submit it, accept or return it.

Draft -> submitted -> accepted (an earlier accepted version becomes
superseded) or returned -> a new version is built, submitted... Every
version is kept. A submitted version never changes. Drafts are built by
:mod:`crossroads.exchange.services.drafts`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts import mail
from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data, is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.core import signing
from crossroads.exchange.models import Status, Submission, SubmissionEvent
from crossroads.exchange.services import narratives
from crossroads.exchange.services.agreements import current_agreement
from crossroads.exchange.tasks import recompute
from crossroads.exchange.validation import warnings_for


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


def attach_narrative(submission: Submission) -> None:
    """Copy the member's working narrative into ``submission`` and checksum what leaves."""
    submission.narrative = narratives.leaving_copy(submission.organisation, submission.year)
    submission.checksum = signing.checksum(leaving_payload(submission))


def add_event(
    submission: Submission, kind: SubmissionEvent.Kind, user: User | None, comment: str = ""
) -> None:
    """Add ``kind`` to the submission's history, with who took the step and any comment."""
    SubmissionEvent.objects.create(
        submission=submission,
        kind=kind,
        actor=user,
        actor_name=user.get_full_name() or user.username if user else "",
        comment=comment,
    )


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
        attach_narrative(submission)
        submission.warnings = warnings_for(submission)
        submission.status = Status.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.submitted_by = user
        submission.save()
        add_event(submission, SubmissionEvent.Kind.SUBMITTED, user)
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
            add_event(older, SubmissionEvent.Kind.SUPERSEDED, user, f"v{submission.version}")
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
    add_event(submission, kind, user, comment.strip())
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
