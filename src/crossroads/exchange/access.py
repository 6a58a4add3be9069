"""The permission-checked fetch of a submission, used by every view, download and command.

Members see every version of their own organisation's submissions, drafts
included; analysts of the secretariat see every member's submitted,
accepted and returned versions, never a draft and never a record. Anyone
else, another organisation's submission and a missing id all get the same
404, so a response never reveals that a submission exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from crossroads.accounts.permissions import AnyUser, can_work_with_cases, is_analyst
from crossroads.exchange.models import Status, Submission


def get_submission_for_user(
    user: AnyUser, submission_id: int | str, *, for_review: bool = False
) -> Submission:
    """Return submission ``submission_id`` if ``user`` may see it, else raise Http404.

    ``for_review=True`` is for accepting or returning: analysts only
    (members get 403 for their own submissions, 404 for others').
    """
    if not is_analyst(user) and not can_work_with_cases(user):
        raise Http404
    try:
        pk = int(submission_id)
    except (TypeError, ValueError):
        raise Http404 from None
    submission = (
        Submission.objects.select_related("organisation", "agreement").filter(pk=pk).first()
    )
    if submission is None:
        raise Http404
    if is_analyst(user):
        if submission.status == Status.DRAFT:
            raise Http404
        return submission
    if not can_work_with_cases(user):
        raise Http404
    if submission.organisation_id != user.organisation_id:
        raise Http404
    if for_review:
        raise PermissionDenied
    return submission
