"""E-mail notices where people expect them, never with data about a client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import mail

from crossroads.accounts.models import User
from crossroads.exchange.services import drafts
from crossroads.exchange.services import submissions as services
from crossroads.testing import Personas, agree, make_case


def test_returning_a_submission_emails_the_members_data_managers(
    personas: Personas, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    agree(personas.analyst, personas.org_a)
    User.objects.filter(pk=personas.data_officer_a.pk).update(email="officer@org-a.example")
    User.objects.filter(pk=personas.org_admin_a.pk).update(
        email="admin@org-a.example", language="fr"
    )
    User.objects.filter(pk=personas.caseworker_a.pk).update(email="cw@org-a.example")
    personas.data_officer_a.refresh_from_db()
    make_case(personas.caseworker_a, "A-1")
    draft = drafts.build_draft(personas.data_officer_a, 2024)
    submitted = services.submit(personas.data_officer_a, draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_submission(personas.analyst, submitted, "Table 3 disagrees with table 1.")
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"officer@org-a.example", "admin@org-a.example"}
    english = by_address["officer@org-a.example"]
    assert english.subject == "Your submission for 2024 was returned"
    assert f"/exchange/submissions/{submitted.pk}/" in english.body
    assert "Table 3" not in english.body and "A-1" not in english.body
    assert "2024" in by_address["admin@org-a.example"].subject
    assert by_address["admin@org-a.example"].subject != english.subject  # in French
