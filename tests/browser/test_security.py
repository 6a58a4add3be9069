"""Security pages in the browser: two-factor enrolment and sign-in, an invitation, a password
reset, and the safety protocol with an incident."""

from __future__ import annotations

import base64
import re
import time
from typing import Any

from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP

from crossroads.accounts.models import User
from crossroads.safety.models import Incident, Protocol
from crossroads.testing import PASSWORD, Personas
from tests.browser.conftest import click_and_load, sign_in


def _code(manual_key: str, *, later: int = 0) -> str:
    key = base64.b32decode(manual_key.replace(" ", ""))
    totp = TOTP(key, 30, 0, 6, 0)
    totp.time = time.time() + 30 * later
    return str(totp.token()).zfill(6)


def _password_step(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{page.base_url}/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    click_and_load(page, "main button[type=submit]")


def test_a_required_second_factor_is_set_up_then_asked_at_each_sign_in(
    page: Any, personas: Personas, settings: Any
) -> None:
    settings.CROSSROADS_SECOND_FACTOR = "required"
    _password_step(page, personas.caseworker_a.username)
    page.wait_for_selector("h1:has-text('Set up two-factor sign-in')")
    assert page.is_visible("img[alt='QR code to set up the authenticator app']")
    key = page.inner_text("[data-testid=manual-key]")
    page.fill("#id_code", _code(key))
    click_and_load(page, "main button[type=submit]")
    page.wait_for_selector("[data-testid=recovery-codes]")
    codes = page.locator("[data-testid=recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    page.click("text=I have kept them: continue")
    page.wait_for_url(f"{page.base_url}/")
    # Signed out for sure before the sign-in page is asked for.
    click_and_load(page, "header button:has-text('Sign out')")
    _password_step(page, personas.caseworker_a.username)
    page.wait_for_selector("h1:has-text('Two-factor sign-in')")
    page.fill("#id_code", _code(key, later=1))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}{reverse('accounts:security')}")
    assert page.is_visible("text=10 recovery codes left")


def test_an_administrator_invites_someone_who_creates_their_account(
    page: Any, browser: Any, personas: Personas
) -> None:
    sign_in(page, personas.org_admin_a.username)
    click_and_load(page, "nav.mainnav >> text=People")
    page.click("text=Invite someone")
    page.fill("#id_email", "noor@org-a.example")
    page.fill("#id_first_name", "Noor")
    page.select_option("#id_role", "data_officer")
    click_and_load(page, "main button[type=submit]")
    page.wait_for_selector("text=Invitation sent to noor@org-a.example")
    assert page.is_visible("td:has-text('noor@org-a.example')")
    link = re.search(r"http://\S+(/accounts/invitation/\S+/)", str(mail.outbox[-1].body))
    assert link is not None
    newcomer = browser.new_context(locale="en-GB").new_page()
    newcomer.goto(f"{page.base_url}{link.group(1)}")
    newcomer.fill("#id_username", "noor")
    newcomer.fill("#id_password1", "four unrelated words here")
    newcomer.fill("#id_password2", "four unrelated words here")
    newcomer.click("main button[type=submit]")
    newcomer.wait_for_selector("text=Welcome to Crossroads.")
    assert User.objects.get(username="noor").role == "data_officer"
    newcomer.context.close()


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    page: Any, personas: Personas
) -> None:
    User.objects.filter(pk=personas.caseworker_a.pk).update(email="lena@org-a.example")
    page.goto(f"{page.base_url}/accounts/sign-in/")
    page.click("text=Forgot your password?")
    page.fill("#id_email", "lena@org-a.example")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Check your e-mail')")
    link = re.search(r"http://\S+(/accounts/password-reset/\S+/)", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(f"{page.base_url}{link.group(1)}")
    page.fill("#id_new_password1", "a brand new passphrase")
    page.fill("#id_new_password2", "a brand new passphrase")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Your password is changed')")
    _password_step(page, personas.caseworker_a.username, "a brand new passphrase")
    page.wait_for_url(f"{page.base_url}/")


def test_the_administrator_writes_and_signs_off_the_protocol_and_staff_record_an_incident(
    page: Any, browser: Any, personas: Personas
) -> None:
    sign_in(page, personas.org_admin_a.username)
    click_and_load(page, "nav.mainnav >> text=Safety")
    page.wait_for_selector("h1:has-text('Safety protocol')")
    assert page.is_visible("text=Accounts with a second factor")
    page.click("text=Write the protocol")
    page.select_option("#id_second_factor-status", "partly")
    page.fill("#id_second_factor-practice", "Authenticator apps on work phones.")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Version 1 saved as a draft")
    page.on("dialog", lambda dialog: dialog.accept())
    click_and_load(page, "main button:has-text('Sign off')")
    page.wait_for_selector("text=Signed off for a year.")
    assert page.is_visible("text=Authenticator apps on work phones.")
    assert Protocol.objects.get().signed
    staff = browser.new_context(locale="en-GB").new_page()
    staff.base_url = page.base_url
    sign_in(staff, personas.caseworker_a.username)
    staff.goto(f"{page.base_url}{reverse('safety:incident_new')}")
    staff.select_option("#id_kind", "wrong_recipient")
    staff.select_option("#id_personal_data", "yes")
    staff.click("main button[type=submit]")
    staff.wait_for_selector("text=Incident recorded.")
    assert Incident.objects.get().recorded_by == personas.caseworker_a
    staff.goto(f"{page.base_url}{reverse('safety:incidents')}")
    assert staff.is_visible("[data-testid=clock]")
    staff.context.close()


def test_a_passkey_is_added_on_the_security_page_then_signs_in(
    page: Any, personas: Personas
) -> None:
    # Chromium's virtual authenticator plays a phone that always confirms (fingerprint).
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    assert page.base_url.startswith("http://localhost:")  # passkeys need a host name
    sign_in(page, personas.caseworker_a.username)
    page.goto(f"{page.base_url}{reverse('accounts:security')}")
    assert not page.is_visible("text=Adding a passkey needs JavaScript")
    page.fill("#id_passkey_name", "Office laptop")
    page.click("button:has-text('Add a passkey')")
    page.wait_for_selector("[data-testid=recovery-codes]")
    click_and_load(page, "text=I have kept them: continue")
    page.wait_for_selector("td:has-text('Office laptop')")
    assert page.is_visible("text=You sign in with your password and one of your passkeys.")
    click_and_load(page, "header button:has-text('Sign out')")
    _password_step(page, personas.caseworker_a.username)
    page.wait_for_selector("h1:has-text('Two-factor sign-in')")
    page.click("button:has-text('Use a passkey')")
    page.wait_for_url(f"{page.base_url}/")
