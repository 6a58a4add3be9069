"""Passkeys (WebAuthn) as a second factor: adding, signing in, refusals, removal.

A small software authenticator below plays the device: it makes a P-256 key
pair, answers registration with "none" attestation and signs assertions, as
the WebAuthn specification lays them out, so the server's checks (done by the
``webauthn`` package) run on real signatures.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.urls import reverse

from crossroads.accounts import second_factor
from crossroads.accounts.models import Passkey, User
from crossroads.audit.models import Action, AuditEntry
from crossroads.testing import PASSWORD, Personas

ORIGIN = "https://testserver"
RP_ID = "testserver"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    """One passkey on a pretend device (ES256, a signature counter that grows)."""

    def __init__(self, *, counter: bool = True) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(16)
        self.count = 0
        self.counter = counter

    def _auth_data(self, *, attested: bool) -> bytes:
        if self.counter:
            self.count += 1
        data = hashlib.sha256(RP_ID.encode()).digest()
        data += bytes([0x01 | 0x04 | (0x40 if attested else 0)]) + struct.pack(">I", self.count)
        if attested:
            numbers = self.key.public_key().public_numbers()
            cose = {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
            data += bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
            data += cbor2.dumps(cose)
        return data

    @staticmethod
    def _client_data(kind: str, options: dict[str, object], origin: str) -> bytes:
        body = {"type": kind, "challenge": options["challenge"], "origin": origin}
        return json.dumps(body).encode()

    def create(self, options: dict[str, object], origin: str = ORIGIN) -> str:
        client_data = self._client_data("webauthn.create", options, origin)
        attestation = {"fmt": "none", "attStmt": {}, "authData": self._auth_data(attested=True)}
        return json.dumps(
            {
                "id": b64(self.credential_id),
                "rawId": b64(self.credential_id),
                "type": "public-key",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": b64(client_data),
                    "attestationObject": b64(cbor2.dumps(attestation)),
                },
            }
        )

    def get(self, options: dict[str, object], origin: str = ORIGIN) -> str:
        client_data = self._client_data("webauthn.get", options, origin)
        auth_data = self._auth_data(attested=False)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return json.dumps(
            {
                "id": b64(self.credential_id),
                "rawId": b64(self.credential_id),
                "type": "public-key",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": b64(client_data),
                    "authenticatorData": b64(auth_data),
                    "signature": b64(signature),
                },
            }
        )


def signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_passkey(client: Client, device: SoftAuthenticator, name: str = "Work laptop") -> str:
    options = client.post(reverse("accounts:passkey_options"), secure=True).json()
    response = client.post(
        reverse("accounts:add_passkey"),
        {"credential": device.create(options), "name": name},
        secure=True,
    )
    return response.text if response.status_code == 200 else str(response["Location"])


def password_step(client: Client, user: User) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}, secure=True
    )
    assert response["Location"] == reverse("accounts:second_factor")


def sign_in_with(client: Client, device: SoftAuthenticator) -> int:
    options = client.post(reverse("accounts:passkey_sign_in_options"), secure=True).json()
    assert [unb64(c["id"]) for c in options["allowCredentials"]]
    response = client.post(
        reverse("accounts:passkey_sign_in"), {"credential": device.get(options)}, secure=True
    )
    return response.status_code


def is_signed_in(client: Client) -> bool:
    return client.get("/", secure=True).status_code == 200


def test_a_first_passkey_turns_two_factor_sign_in_on_and_shows_recovery_codes(
    personas: Personas,
) -> None:
    user = personas.caseworker_a
    page = add_passkey(signed_in_client(user), SoftAuthenticator())
    assert "Your recovery codes" in page
    assert second_factor.has_second_factor(user) and not second_factor.has_app(user)
    assert second_factor.recovery_codes_left(user) == second_factor.RECOVERY_CODES
    assert AuditEntry.objects.filter(
        action=Action.SECURITY, summary="Added a passkey (Work laptop)", object_id=str(user.pk)
    ).exists()


def test_a_second_passkey_keeps_the_recovery_codes(personas: Personas) -> None:
    user = personas.caseworker_a
    client = signed_in_client(user)
    add_passkey(client, SoftAuthenticator())
    codes_before = set(user.recovery_codes.values_list("code_hash", flat=True))
    assert add_passkey(client, SoftAuthenticator(), "Phone") == reverse("accounts:security")
    assert set(user.recovery_codes.values_list("code_hash", flat=True)) == codes_before
    assert Passkey.objects.filter(user=user).count() == 2


def test_signing_in_with_a_passkey_opens_the_session(personas: Personas) -> None:
    user = personas.caseworker_a
    device = SoftAuthenticator()
    add_passkey(signed_in_client(user), device)
    client = Client()
    password_step(client, user)
    assert not is_signed_in(client)
    assert sign_in_with(client, device) == 302
    assert is_signed_in(client)
    assert Passkey.objects.get(user=user).last_used_at is not None
    assert AuditEntry.objects.filter(action=Action.SIGN_IN, object_id=str(user.pk)).exists()


def test_a_passkey_of_another_person_does_not_sign_in(personas: Personas) -> None:
    mine, theirs = SoftAuthenticator(), SoftAuthenticator()
    add_passkey(signed_in_client(personas.caseworker_a), mine)
    add_passkey(signed_in_client(personas.caseworker_b), theirs)
    client = Client()
    password_step(client, personas.caseworker_a)
    assert sign_in_with(client, theirs) == 401
    assert not is_signed_in(client)
    assert AuditEntry.objects.filter(
        action=Action.SIGN_IN_FAILED,
        summary="Passkey not accepted",
        object_id=str(personas.caseworker_a.pk),
    ).exists()


def test_an_answer_signed_by_a_different_key_is_refused(personas: Personas) -> None:
    device = SoftAuthenticator()
    add_passkey(signed_in_client(personas.caseworker_a), device)
    device.key = ec.generate_private_key(ec.SECP256R1())  # same id, another key
    client = Client()
    password_step(client, personas.caseworker_a)
    assert sign_in_with(client, device) == 401 and not is_signed_in(client)


def test_a_replayed_answer_is_refused(personas: Personas) -> None:
    device = SoftAuthenticator()
    add_passkey(signed_in_client(personas.caseworker_a), device)
    client = Client()
    password_step(client, personas.caseworker_a)
    options = client.post(reverse("accounts:passkey_sign_in_options"), secure=True).json()
    answer = device.get(options)
    url = reverse("accounts:passkey_sign_in")
    assert client.post(url, {"credential": answer}, secure=True).status_code == 302
    client.post(reverse("accounts:logout"), secure=True)
    password_step(client, personas.caseworker_a)
    assert client.post(url, {"credential": answer}, secure=True).status_code == 401
    assert not is_signed_in(client)


def test_a_counter_that_does_not_grow_reveals_a_copied_passkey(personas: Personas) -> None:
    device = SoftAuthenticator()
    add_passkey(signed_in_client(personas.caseworker_a), device)
    client = Client()
    password_step(client, personas.caseworker_a)
    assert sign_in_with(client, device) == 302
    device.count -= 2  # a copy of the key, behind the original's counter
    client.post(reverse("accounts:logout"), secure=True)
    password_step(client, personas.caseworker_a)
    assert sign_in_with(client, device) == 401


def test_an_answer_for_another_site_is_refused(personas: Personas) -> None:
    device = SoftAuthenticator()
    client = signed_in_client(personas.caseworker_a)
    options = client.post(reverse("accounts:passkey_options"), secure=True).json()
    response = client.post(
        reverse("accounts:add_passkey"),
        {"credential": device.create(options, origin="https://phishing.example")},
        secure=True,
        follow=True,
    )
    assert "your device&#x27;s answer was not accepted" in response.text
    assert not Passkey.objects.exists()


def test_the_last_required_factor_cannot_be_removed_but_others_can(personas: Personas) -> None:
    user = personas.caseworker_a
    client = signed_in_client(user)
    add_passkey(client, SoftAuthenticator())
    only = Passkey.objects.get(user=user)
    personas.org_a.requires_second_factor = True
    personas.org_a.save()
    url = reverse("accounts:remove_passkey", args=[only.pk])
    refused = client.post(url, secure=True, follow=True)
    assert "This is your only second factor" in refused.text and Passkey.objects.exists()
    add_passkey(client, SoftAuthenticator(), "Phone")
    client.post(url, secure=True)
    assert list(Passkey.objects.values_list("name", flat=True)) == ["Phone"]


def test_a_person_cannot_remove_someone_elses_passkey(personas: Personas) -> None:
    add_passkey(signed_in_client(personas.caseworker_b), SoftAuthenticator())
    theirs = Passkey.objects.get()
    client = signed_in_client(personas.caseworker_a)
    response = client.post(
        reverse("accounts:remove_passkey", args=[theirs.pk]), secure=True, follow=True
    )
    assert "This passkey is not on your account" in response.text
    assert Passkey.objects.filter(pk=theirs.pk).exists()


def test_an_administrator_reset_removes_passkeys_too(personas: Personas) -> None:
    user = personas.caseworker_a
    add_passkey(signed_in_client(user), SoftAuthenticator())
    second_factor.remove(user, by=personas.org_admin_a)
    assert not Passkey.objects.filter(user=user).exists()
    assert not second_factor.has_second_factor(user)


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.7"])
def test_passkeys_are_explained_not_offered_at_a_numeric_address(
    personas: Personas, host: str, settings: object
) -> None:
    setattr(settings, "ALLOWED_HOSTS", [host])  # noqa: B010 - pytest-django's settings fixture
    client = signed_in_client(personas.caseworker_a)
    page = client.get(reverse("accounts:security"), HTTP_HOST=host)
    assert "not by a numeric address" in page.text and "data-passkey" not in page.text
    options = client.post(reverse("accounts:passkey_options"), HTTP_HOST=host)
    assert options.status_code == 409
