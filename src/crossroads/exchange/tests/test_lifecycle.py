"""Draft, preview, submit, accept or return, correct as a new version: the history is kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crossroads.accounts.models import Role
from crossroads.audit.models import AuditEntry
from crossroads.exchange.models import Status, Submission, SubmissionEvent
from crossroads.exchange.services import drafts
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.conftest import add_records
from crossroads.testing import Personas, agree, make_user


@pytest.fixture
def draft(agreed: Personas) -> Submission:
    add_records(agreed.data_officer_a, 12)
    return drafts.build_draft(agreed.data_officer_a, 2024)


def test_a_data_officer_builds_a_draft_that_holds_what_will_leave(
    agreed: Personas, draft: Submission
) -> None:
    assert draft.status == Status.DRAFT
    assert draft.version == 1
    names = {t["name"] for t in draft.released["tables"]}
    assert {"persons_sex_age", "rights_permits", "referral_pairs"} <= names
    statuses = {c["status"] for t in draft.released["tables"] for c in t["cells"]}
    assert statuses <= {"released", "zero", "suppressed"}  # the reason never leaves
    assert draft.preview["member"]["counted"] == 12
    assert AuditEntry.objects.filter(action="create", object_type="submission").exists()


def test_a_caseworker_cannot_build_a_submission(agreed: Personas) -> None:
    with pytest.raises(services.SubmissionError):
        drafts.build_draft(agreed.caseworker_a, 2024)


def test_no_draft_without_an_agreement_in_force(personas: Personas) -> None:
    with pytest.raises(services.SubmissionError, match="no data exchange agreement"):
        drafts.build_draft(personas.data_officer_a, 2024)


def test_rebuilding_a_draft_keeps_its_version(agreed: Personas, draft: Submission) -> None:
    again = drafts.build_draft(agreed.data_officer_a, 2024)
    assert again.pk == draft.pk
    assert again.version == 1
    kinds = list(again.events.values_list("kind", flat=True))
    assert kinds == [SubmissionEvent.Kind.BUILT, SubmissionEvent.Kind.REBUILT]


def test_a_submitted_version_can_never_change(agreed: Personas, draft: Submission) -> None:
    services.submit(agreed.data_officer_a, draft)
    draft.released = {"tables": []}
    with pytest.raises(ValidationError, match="cannot change"):
        draft.save()
    stored = Submission.objects.get(pk=draft.pk)
    assert stored.released["tables"]
    stored.status = Status.DRAFT
    with pytest.raises(ValidationError):
        stored.save()


def test_a_returned_submission_is_corrected_as_a_new_version_and_history_is_kept(
    agreed: Personas, draft: Submission
) -> None:
    officer, analyst = agreed.data_officer_a, agreed.analyst
    services.submit(officer, draft)
    services.return_submission(analyst, draft, "Please complete the referring organisations.")
    second = drafts.build_draft(officer, 2024)
    assert second.version == 2
    services.submit(officer, second)
    services.accept(analyst, second)
    versions = Submission.objects.filter(organisation=agreed.org_a, year=2024).order_by("version")
    assert [(s.version, s.status) for s in versions] == [
        (1, Status.RETURNED),
        (2, Status.ACCEPTED),
    ]
    comment = draft.events.get(kind=SubmissionEvent.Kind.RETURNED).comment
    assert comment == "Please complete the referring organisations."


def test_returning_needs_a_comment(agreed: Personas, draft: Submission) -> None:
    services.submit(agreed.data_officer_a, draft)
    with pytest.raises(services.SubmissionError, match="comment is required"):
        services.return_submission(agreed.analyst, draft, "  ")


def test_accepting_a_correction_supersedes_the_earlier_accepted_version(
    agreed: Personas, draft: Submission
) -> None:
    officer, analyst = agreed.data_officer_a, agreed.analyst
    services.accept(analyst, services.submit(officer, draft))
    second = services.submit(officer, drafts.build_draft(officer, 2024))
    services.accept(analyst, second)
    draft.refresh_from_db()
    assert draft.status == Status.SUPERSEDED


def test_no_new_draft_while_a_version_awaits_review(agreed: Personas, draft: Submission) -> None:
    services.submit(agreed.data_officer_a, draft)
    with pytest.raises(services.SubmissionError, match="awaiting"):
        drafts.build_draft(agreed.data_officer_a, 2024)


def test_a_draft_built_under_an_older_agreement_must_be_rebuilt(
    agreed: Personas, draft: Submission
) -> None:
    agree(agreed.analyst, agreed.org_a, threshold=20)
    with pytest.raises(services.SubmissionError, match="agreement changed"):
        services.submit(agreed.data_officer_a, draft)


def test_an_analyst_cannot_review_a_draft(agreed: Personas, draft: Submission) -> None:
    with pytest.raises(services.SubmissionError):
        services.accept(agreed.analyst, draft)


def test_a_discarded_draft_is_gone_but_audited(agreed: Personas, draft: Submission) -> None:
    services.discard_draft(agreed.data_officer_a, draft)
    assert not Submission.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_type="submission").exists()


def test_the_inbox_lists_what_awaits_review_before_the_members_who_sent_nothing(
    agreed: Personas,
) -> None:
    add_records(agreed.caseworker_b, 12)
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    services.submit(officer_b, drafts.build_draft(officer_b, 2024))
    client = agreed.client_for(agreed.analyst)
    page = client.get(reverse("exchange:inbox"), {"year": 2024}).content.decode()
    assert page.index("Organisation B") < page.index("Organisation A")
    assert page.index("Submitted, awaiting review") < page.index("Nothing submitted")
