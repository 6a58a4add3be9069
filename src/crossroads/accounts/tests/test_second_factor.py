"""Two-factor sign-in: the second step, recovery codes, enrolment, policy and limits."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from crossroads.accounts import second_factor
from crossroads.accounts.models import User
from crossroads.audit.models import Action, AuditEntry
from crossroads.testing import PASSWORD, Personas


def code_for(device: TOTPDevice, *, later: int = 0) -> str:
    """The code the person's app shows now (or ``later`` steps from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later * device.step
    return str(totp.token()).zfill(device.digits)


def enrolled(user: User) -> TOTPDevice:
    device = second_factor.start_enrolment(user)
    second_factor.confirm_enrolment(user, code_for(device))
    device.refresh_from_db()
    return device


def password_step(client: Client, user: User) -> str:
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return str(response["Location"])


def signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_a_person_with_an_app_gives_a_code_after_the_password(personas: Personas) -> None:
    device = enrolled(personas.caseworker_a)
    client = Client()
    assert password_step(client, personas.caseworker_a) == reverse("accounts:second_factor")
    assert not signed_in(client)  # the password alone opens nothing
    wrong = client.post(reverse("accounts:second_factor"), {"code": "000000"})
    assert wrong.status_code == 401 and "This code is not right" in wrong.text
    right = client.post(reverse("accounts:second_factor"), {"code": code_for(device, later=1)})
    assert right.status_code == 302 and signed_in(client)
    assert AuditEntry.objects.filter(
        action=Action.SIGN_IN, summary="Signed in with an authenticator app"
    ).exists()
    assert AuditEntry.objects.filter(
        action=Action.SIGN_IN_FAILED, summary="Wrong second-factor code"
    ).exists()


def test_a_code_is_never_accepted_twice(personas: Personas) -> None:
    device = enrolled(personas.caseworker_a)
    code = code_for(device, later=1)
    first, second = Client(), Client()
    password_step(first, personas.caseworker_a)
    password_step(second, personas.caseworker_a)
    assert first.post(reverse("accounts:second_factor"), {"code": code}).status_code == 302
    assert second.post(reverse("accounts:second_factor"), {"code": code}).status_code == 401


def test_a_recovery_code_signs_in_once(personas: Personas) -> None:
    second_factor.start_enrolment(personas.caseworker_a)
    device = second_factor.pending_enrolment(personas.caseworker_a)
    assert device is not None
    codes = second_factor.confirm_enrolment(personas.caseworker_a, code_for(device))
    assert len(codes) == 10 and len(set(codes)) == 10
    client = Client()
    password_step(client, personas.caseworker_a)
    used = client.post(reverse("accounts:second_factor"), {"code": codes[0].upper()})
    assert used.status_code == 200 and "You have 9 recovery codes left" in used.text
    assert signed_in(client)
    again = Client()
    password_step(again, personas.caseworker_a)
    assert again.post(reverse("accounts:second_factor"), {"code": codes[0]}).status_code == 401


def test_recovery_codes_are_kept_only_as_keyed_hashes(personas: Personas) -> None:
    device = second_factor.start_enrolment(personas.caseworker_a)
    codes = second_factor.confirm_enrolment(personas.caseworker_a, code_for(device))
    stored = list(personas.caseworker_a.recovery_codes.values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(code.replace("-", "") in "".join(stored) for code in codes)


def test_five_wrong_codes_pause_the_second_step_even_for_the_right_code(
    personas: Personas,
) -> None:
    device = enrolled(personas.caseworker_a)
    client = Client()
    password_step(client, personas.caseworker_a)
    for _ in range(5):
        client.post(reverse("accounts:second_factor"), {"code": "123456"})
    paused = client.post(reverse("accounts:second_factor"), {"code": code_for(device, later=1)})
    assert paused.status_code == 401 and "Too many wrong codes" in paused.text
    assert not signed_in(client)


def test_the_waiting_second_step_expires(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = enrolled(personas.caseworker_a)
    client = Client()
    password_step(client, personas.caseworker_a)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 301)
    response = client.post(reverse("accounts:second_factor"), {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_where_the_network_requires_it_a_person_without_an_app_sets_one_up_to_sign_in(
    personas: Personas, settings: object
) -> None:
    settings.CROSSROADS_SECOND_FACTOR = "required"  # type: ignore[attr-defined]
    client = Client()
    assert password_step(client, personas.data_officer_a) == reverse("accounts:second_factor")
    page = client.get(reverse("accounts:second_factor"))
    assert "Set up two-factor sign-in" in page.text and 'src="data:image/svg+xml' in page.text
    assert not signed_in(client)
    device = second_factor.pending_enrolment(personas.data_officer_a)
    assert device is not None
    key = re.search(r'data-testid="manual-key">([A-Z2-7 ]+)<', page.text)
    assert key is not None and len(key.group(1).replace(" ", "")) == 32
    done = client.post(reverse("accounts:second_factor"), {"code": code_for(device)})
    assert done.status_code == 200 and 'data-testid="recovery-codes"' in done.text
    assert signed_in(client) and second_factor.has_second_factor(personas.data_officer_a)


def test_an_organisation_can_require_it_for_its_own_people_only(personas: Personas) -> None:
    personas.org_a.requires_second_factor = True
    personas.org_a.save()
    personas.caseworker_a.refresh_from_db()
    assert password_step(Client(), personas.caseworker_a) == reverse("accounts:second_factor")
    assert password_step(Client(), personas.caseworker_b) == "/"


def test_a_session_opened_without_the_required_factor_is_ended(
    personas: Personas, settings: object
) -> None:
    client = personas.client_for(personas.caseworker_a)  # a session opened by other means
    settings.CROSSROADS_SECOND_FACTOR = "required"  # type: ignore[attr-defined]
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert "_auth_user_id" not in client.session


def test_a_person_sets_up_the_app_from_their_security_page_and_may_turn_it_off(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.caseworker_a)
    assert "Set up two-factor sign-in" in client.get(reverse("accounts:security")).text
    client.get(reverse("accounts:enrol"))
    device = second_factor.pending_enrolment(personas.caseworker_a)
    assert device is not None
    done = client.post(reverse("accounts:enrol"), {"code": code_for(device)})
    assert 'data-testid="recovery-codes"' in done.text
    page = client.get(reverse("accounts:security")).text
    assert "10 recovery codes left" in page
    client.post(reverse("accounts:remove_second_factor"))
    assert not second_factor.has_second_factor(personas.caseworker_a)
    assert AuditEntry.objects.filter(summary="Removed their two-factor sign-in").exists()


def test_a_required_second_factor_cannot_be_turned_off(
    personas: Personas, settings: object
) -> None:
    enrolled(personas.caseworker_a)
    client = Client()
    password_step(client, personas.caseworker_a)
    settings.CROSSROADS_SECOND_FACTOR = "required"  # type: ignore[attr-defined]
    device = second_factor.device_of(personas.caseworker_a)
    assert device is not None
    client.post(reverse("accounts:second_factor"), {"code": code_for(device, later=1)})
    client.post(reverse("accounts:remove_second_factor"))
    assert second_factor.has_second_factor(personas.caseworker_a)


def test_changing_ones_password_is_audited_and_keeps_the_session(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    response = client.post(
        reverse("accounts:change_password"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302 and signed_in(client)
    assert AuditEntry.objects.filter(summary="Password changed by its owner").exists()
