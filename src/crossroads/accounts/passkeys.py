"""Passkeys (WebAuthn) as a second factor, beside the authenticator app.

A passkey is a key pair kept by the person's phone, computer or security key:
the browser asks the device to sign a fresh challenge, and the server checks
the signature with the public key it stored when the passkey was added. The
ceremony's checks (origin, relying party, challenge, signature, counter) are
done by Duo Labs' ``webauthn`` package; this module keeps the challenge in the
session, the credentials in :class:`~crossroads.accounts.models.Passkey`, and
writes the audit entries.

The relying party is the site's own host name, taken from the request (Django
has already checked it against ``ALLOWED_HOSTS``). WebAuthn refuses IP
addresses as relying parties: on ``http://127.0.0.1:8000`` passkeys cannot be
used, on ``http://localhost:8000`` they can (:func:`available`).
"""

from __future__ import annotations

import ipaddress
import json
import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.exceptions import (
    InvalidAuthenticationResponse,
    InvalidJSONStructure,
    InvalidRegistrationResponse,
)
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from crossroads.accounts import second_factor
from crossroads.accounts.models import Passkey, User
from crossroads.audit.models import Action
from crossroads.audit.services import record

RP_NAME = "Crossroads"
_CHALLENGE = "crossroads_passkey_challenge"
MAX_PASSKEYS = 10


class PasskeyRefused(ValueError):
    """The device's answer was not accepted; the message is safe to show."""


def relying_party(request: HttpRequest) -> tuple[str, str]:
    """The relying party's id (host name without port) and the page's origin."""
    host = request.get_host()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.strip("[]"), f"{request.scheme}://{host}"


def available(request: HttpRequest) -> bool:
    """Whether passkeys can work at this address: WebAuthn needs a host name (not an IP
    address) and a secure page (HTTPS, or ``localhost``)."""
    rp_id, _origin = relying_party(request)
    try:
        ipaddress.ip_address(rp_id)
    except ValueError:
        return request.is_secure() or rp_id == "localhost" or rp_id.endswith(".localhost")
    return False


def passkeys_of(user: User) -> list[Passkey]:
    return list(Passkey.objects.filter(user=user))


def registration_options(request: HttpRequest, user: User) -> str:
    """The options (JSON) for the browser's ``navigator.credentials.create``; the challenge
    is kept in the session for :func:`register`."""
    rp_id, _origin = relying_party(request)
    challenge = secrets.token_bytes(32)
    request.session[_CHALLENGE] = challenge.hex()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_name=user.username,
        user_id=f"crossroads-user-{user.pk}".encode(),
        user_display_name=user.get_full_name() or user.username,
        challenge=challenge,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=bytes(p.credential_id)) for p in passkeys_of(user)
        ],
    )
    return str(options_to_json(options))


def _take_challenge(request: HttpRequest) -> bytes:
    stored = request.session.pop(_CHALLENGE, None)
    if not isinstance(stored, str):
        raise PasskeyRefused("no passkey request is open; start again")
    return bytes.fromhex(stored)


def register(request: HttpRequest, user: User, credential: str, name: str) -> list[str]:
    """Check the device's answer to :func:`registration_options` and keep the passkey.

    Returns new recovery codes when this is the person's first second factor (to be
    shown once), an empty list otherwise. Audited.
    """
    name = name.strip()[:60] or "Passkey"
    challenge = _take_challenge(request)
    if Passkey.objects.filter(user=user).count() >= MAX_PASSKEYS:
        raise PasskeyRefused("too many passkeys")
    rp_id, origin = relying_party(request)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (InvalidRegistrationResponse, InvalidJSONStructure, ValueError, KeyError) as exc:
        raise PasskeyRefused("the device's answer was not accepted") from exc
    with transaction.atomic():
        first = not second_factor.has_second_factor(user)
        if Passkey.objects.filter(credential_id=verified.credential_id).exists():
            raise PasskeyRefused("this passkey is already added")
        Passkey.objects.create(
            user=user,
            name=name,
            credential_id=verified.credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
        )
        codes = second_factor.replace_recovery_codes(user) if first else []
        record(
            user,
            Action.SECURITY,
            object_type="user",
            object_id=user.pk,
            summary=f"Added a passkey ({name})",
        )
    return codes


def authentication_options(request: HttpRequest, user: User) -> str:
    """The options (JSON) for ``navigator.credentials.get`` with the person's passkeys."""
    rp_id, _origin = relying_party(request)
    challenge = secrets.token_bytes(32)
    request.session[_CHALLENGE] = challenge.hex()
    options = generate_authentication_options(
        rp_id=rp_id,
        challenge=challenge,
        allow_credentials=[
            PublicKeyCredentialDescriptor(id=bytes(p.credential_id)) for p in passkeys_of(user)
        ],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return str(options_to_json(options))


def authenticate(request: HttpRequest, user: User, credential: str) -> Passkey:
    """Check a signed challenge from one of ``user``'s passkeys.

    Counts against the same per-account limit as codes; a refused answer is audited.
    """
    second_factor.check_limit(user)
    challenge = _take_challenge(request)
    rp_id, origin = relying_party(request)
    try:
        raw_id = base64url_to_bytes(str(json.loads(credential)["rawId"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise PasskeyRefused("the device's answer was not accepted") from exc
    passkey = Passkey.objects.filter(user=user, credential_id=raw_id).first()
    try:
        if passkey is None:
            raise InvalidAuthenticationResponse("not one of the person's passkeys")
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (InvalidAuthenticationResponse, InvalidJSONStructure, ValueError, KeyError) as exc:
        record(
            user,
            Action.SIGN_IN_FAILED,
            object_type="user",
            object_id=user.pk,
            summary="Passkey not accepted",
        )
        raise PasskeyRefused("the device's answer was not accepted") from exc
    # Conditional on the counter read, so that a replayed answer racing this one fails.
    Passkey.objects.filter(pk=passkey.pk, sign_count=passkey.sign_count).update(
        sign_count=verified.new_sign_count, last_used_at=timezone.now()
    )
    second_factor.reset_limit(user)
    return passkey


def remove(user: User, passkey_id: int) -> None:
    """Remove one of the person's own passkeys. Audited.

    The last second factor cannot go this way where one is required (the
    person turns two-factor sign-in off or adds another factor first).
    """
    with transaction.atomic():
        passkey = Passkey.objects.select_for_update().filter(user=user, pk=passkey_id).first()
        if passkey is None:
            raise PasskeyRefused("no such passkey")
        if second_factor.required_for(user) and second_factor.factor_count(user) <= 1:
            raise PasskeyRefused("last factor")
        passkey.delete()
        record(
            user,
            Action.SECURITY,
            object_type="user",
            object_id=user.pk,
            summary=f"Removed a passkey ({passkey.name})",
        )
