"""Organisation administrators manage their people: invitations, roles, leavers, factors."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crossroads.accounts import second_factor, services
from crossroads.accounts.models import Invitation, Role, User
from crossroads.accounts.tests.test_second_factor import code_for, enrolled
from crossroads.audit.models import AuditEntry
from crossroads.testing import PASSWORD, Personas


def invite(
    client: Client, email: str = "new.person@org-a.example", role: str = "caseworker"
) -> str:
    """Invite through the page; return the link from the e-mail."""
    response = client.post(
        reverse("accounts:invite"), {"email": email, "role": role, "first_name": "Noor"}
    )
    assert response.status_code == 302, response.content.decode()[:800]
    found = re.search(r"http://\S+/accounts/invitation/\S+/", str(mail.outbox[-1].body))
    assert found is not None
    return found.group(0).split("127.0.0.1:8000")[1]


def test_only_organisation_administrators_reach_the_people_pages(personas: Personas) -> None:
    for persona in (personas.caseworker_a, personas.data_officer_a, personas.analyst):
        client = personas.client_for(persona)
        assert client.get(reverse("accounts:people")).status_code == 404
        assert client.get(reverse("accounts:invite")).status_code == 404
        assert (
            client.post(
                reverse("accounts:person_change", args=[personas.caseworker_a.pk]),
                {"action": "deactivate"},
            ).status_code
            == 404
        )
    page = personas.client_for(personas.org_admin_a).get(reverse("accounts:people"))
    assert page.status_code == 200
    assert "caseworker-a" in page.text and "caseworker-b" not in page.text


def test_the_navigation_links_the_people_pages_for_organisation_administrators_only(
    personas: Personas,
) -> None:
    link = f'href="{reverse("accounts:people")}"'
    assert link in personas.client_for(personas.org_admin_a).get("/").text
    assert link not in personas.client_for(personas.caseworker_a).get("/").text


def test_an_administrator_cannot_touch_another_organisations_account(personas: Personas) -> None:
    client = personas.client_for(personas.org_admin_a)
    url = reverse("accounts:person_change", args=[personas.caseworker_b.pk])
    assert client.post(url, {"action": "deactivate"}).status_code == 404
    personas.caseworker_b.refresh_from_db()
    assert personas.caseworker_b.is_active


def test_an_invitation_link_creates_the_account_once(personas: Personas) -> None:
    link = invite(personas.client_for(personas.org_admin_a))
    message = mail.outbox[-1]
    assert "Organisation A" in message.subject and "caseworker" in message.body.lower()
    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200 and "Organisation A" in page.text
    done = newcomer.post(
        link,
        {
            "username": "noor",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
        },
    )
    assert done.status_code == 302 and newcomer.get("/").status_code == 200
    user = User.objects.get(username="noor")
    assert user.organisation == personas.org_a and user.role == Role.CASEWORKER
    assert user.email == "new.person@org-a.example" and user.first_name == "Noor"
    assert Client().get(link).status_code == 404  # used
    assert not Invitation.objects.filter(token_hash__contains=link.split("/")[-2]).exists()
    assert AuditEntry.objects.filter(summary="Invited a new caseworker by e-mail").exists()


def test_a_newcomer_keeps_the_language_their_browser_asked_for(personas: Personas) -> None:
    link = invite(personas.client_for(personas.org_admin_a))
    newcomer = Client(HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")
    assert 'lang="ru"' in newcomer.get(link).text  # the first visit, before any choice
    newcomer.post(
        link,
        {"username": "olga", "password1": "a-long-new-passphrase",
         "password2": "a-long-new-passphrase"},
    )  # fmt: skip
    assert User.objects.get(username="olga").language == "ru"
    later = Client(HTTP_ACCEPT_LANGUAGE="en")  # another browser: the choice is remembered
    later.post(reverse("accounts:login"), {"username": "olga", "password": "a-long-new-passphrase"})
    assert 'lang="ru"' in later.get("/").text


def test_an_invitation_refuses_a_weak_password_and_expires(personas: Personas) -> None:
    link = invite(personas.client_for(personas.org_admin_a))
    weak = Client().post(link, {"username": "noor", "password1": "short", "password2": "short"})
    assert weak.status_code == 422 and not User.objects.filter(username="noor").exists()
    Invitation.objects.update(expires_at=timezone.now())
    assert Client().get(link).status_code == 404


def test_where_required_the_invited_person_sets_up_two_factor_before_anything(
    personas: Personas, settings: object
) -> None:
    settings.CROSSROADS_SECOND_FACTOR = "required"  # type: ignore[attr-defined]
    admin = Client()
    admin.post(reverse("accounts:login"), {"username": "admin-a", "password": PASSWORD})
    admin.get(reverse("accounts:second_factor"))  # shows the app's set-up
    device = second_factor.pending_enrolment(personas.org_admin_a)
    assert device is not None
    admin.post(reverse("accounts:second_factor"), {"code": code_for(device)})
    link = invite(admin)
    newcomer = Client()
    done = newcomer.post(
        link,
        {
            "username": "noor",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
        },
    )
    assert done["Location"] == reverse("accounts:second_factor")
    assert newcomer.get("/").status_code == 302


def test_roles_are_changed_and_leavers_deactivated(personas: Personas) -> None:
    client = personas.client_for(personas.org_admin_a)
    url = reverse("accounts:person_change", args=[personas.caseworker_a.pk])
    leaver = personas.client_for(personas.caseworker_a)
    client.post(url, {"action": "role", "role": "data_officer"})
    personas.caseworker_a.refresh_from_db()
    assert personas.caseworker_a.role == Role.DATA_OFFICER
    assert client.post(url, {"action": "role", "role": "analyst"}).status_code == 302
    personas.caseworker_a.refresh_from_db()
    assert personas.caseworker_a.role == Role.DATA_OFFICER  # not a role of a member
    client.post(url, {"action": "deactivate"})
    assert leaver.get("/").status_code == 302  # the open session ends at once
    credentials = {"username": "caseworker-a", "password": PASSWORD}
    assert Client().post(reverse("accounts:login"), credentials).status_code == 401
    client.post(url, {"action": "reactivate"})
    assert AuditEntry.objects.filter(summary__startswith="Deactivated the account of").exists()


def test_an_administrator_cannot_demote_or_deactivate_themself(personas: Personas) -> None:
    client = personas.client_for(personas.org_admin_a)
    url = reverse("accounts:person_change", args=[personas.org_admin_a.pk])
    client.post(url, {"action": "deactivate"})
    personas.org_admin_a.refresh_from_db()
    assert personas.org_admin_a.is_active


def test_resetting_a_members_second_factor_is_audited(personas: Personas) -> None:
    enrolled(personas.caseworker_a)
    client = personas.client_for(personas.org_admin_a)
    page = client.get(reverse("accounts:people")).text
    assert "Reset two-factor" in page
    client.post(
        reverse("accounts:person_change", args=[personas.caseworker_a.pk]),
        {"action": "reset_second_factor"},
    )
    assert not second_factor.has_second_factor(personas.caseworker_a)
    entry = AuditEntry.objects.get(summary="Reset the two-factor sign-in of caseworker-a")
    assert entry.actor_name == "admin-a" and entry.object_id == str(personas.caseworker_a.pk)


def test_a_paused_account_can_be_let_in_again(personas: Personas, settings: object) -> None:
    settings.CROSSROADS_LOCKOUT_ATTEMPTS = 2  # type: ignore[attr-defined]
    for _ in range(2):
        Client().post(reverse("accounts:login"), {"username": "caseworker-a", "password": "x"})
    assert services.is_paused(personas.caseworker_a)
    client = personas.client_for(personas.org_admin_a)
    assert "Sign-in paused after failures" in client.get(reverse("accounts:people")).text
    client.post(
        reverse("accounts:person_change", args=[personas.caseworker_a.pk]), {"action": "resume"}
    )
    assert not services.is_paused(personas.caseworker_a)


def test_an_open_invitation_can_be_withdrawn(personas: Personas) -> None:
    client = personas.client_for(personas.org_admin_a)
    link = invite(client)
    invitation = Invitation.objects.get()
    client.post(reverse("accounts:withdraw_invitation", args=[invitation.pk]))
    assert Client().get(link).status_code == 404
