"""Password reset by e-mail link: one answer for every address, limited, audited."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from crossroads.accounts.models import User
from crossroads.audit.models import AuditEntry
from crossroads.testing import Personas


def ask(client: Client, email: str) -> str:
    response = client.post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 302
    return str(response["Location"])


def test_a_reset_link_sets_a_new_password_once(personas: Personas) -> None:
    User.objects.filter(pk=personas.caseworker_a.pk).update(email="cw@org-a.example")
    assert ask(Client(), "cw@org-a.example") == reverse("accounts:password_reset_sent")
    assert len(mail.outbox) == 1
    body = str(mail.outbox[0].body)
    assert "caseworker-a" in body
    link = re.search(r"http://\S+(/accounts/password-reset/\S+/)", body)
    assert link is not None
    client = Client()
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.text
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-fresh-long-passphrase", "new_password2": "a-fresh-long-passphrase"},
    )
    assert done.status_code == 302
    credentials = {"username": "caseworker-a", "password": "a-fresh-long-passphrase"}
    signed = Client().post(reverse("accounts:login"), credentials)
    assert signed.status_code == 302
    assert AuditEntry.objects.filter(summary="Password changed through a reset link").exists()
    reused = Client().get(link.group(1), follow=True)
    assert "does not work any more" in reused.text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(personas: Personas) -> None:
    assert ask(Client(), "nobody@nowhere.example") == reverse("accounts:password_reset_sent")
    assert mail.outbox == []


def test_reset_mails_to_one_address_are_limited(personas: Personas) -> None:
    User.objects.filter(pk=personas.caseworker_a.pk).update(email="cw@org-a.example")
    for number in range(5):
        ask(Client(REMOTE_ADDR=f"203.0.113.{number}"), "cw@org-a.example")
    assert len(mail.outbox) == 3


def test_a_mail_never_carries_anything_about_a_client(personas: Personas) -> None:
    User.objects.filter(pk=personas.caseworker_a.pk).update(email="cw@org-a.example")
    ask(Client(), "cw@org-a.example")
    assert "case" not in mail.outbox[0].body.lower().replace("caseworker-a", "")
