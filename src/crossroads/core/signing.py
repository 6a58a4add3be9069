"""Ed25519 signatures (submission files, audit checkpoints) and the canonical JSON they cover.

Each instance has one signing key (``CROSSROADS_SIGNING_KEY``, generated
in the data directory on a laptop). A member running its own instance
gives the secretariat its public key once; the secretariat registers it
(:class:`~crossroads.exchange.models.SigningKey`) and from then on accepts
only files signed with it. The key id is derived from the public key, so
it cannot be claimed by another key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that checksums and signatures cover.

    Keys sorted, no insignificant whitespace, UTF-8: the same value always
    gives the same bytes, wherever it was serialised.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def checksum(value: Any) -> str:
    """SHA-256 of the canonical form of ``value``, in hex."""
    return hashlib.sha256(canonical(value)).hexdigest()


def key_id_of(public_key: bytes) -> str:
    """A short, stable id of a public key: ``ed25519:`` and 16 hex digits of its SHA-256."""
    return "ed25519:" + hashlib.sha256(public_key).hexdigest()[:16]


@cache
def _instance_key(secret: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(secret, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(
            "CROSSROADS_SIGNING_KEY must be 32 bytes in base64 (an Ed25519 private key); "
            'generate one with: python -c "import base64,secrets;'
            'print(base64.b64encode(secrets.token_bytes(32)).decode())"'
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def instance_key() -> Ed25519PrivateKey:
    """This instance's signing key (from settings; never stored in the database)."""
    return _instance_key(settings.SIGNING_KEY)


def public_key_bytes(key: Ed25519PrivateKey | None = None) -> bytes:
    """The raw 32-byte public key of ``key`` (this instance's by default)."""

    return (key or instance_key()).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def instance_public_key() -> tuple[str, str]:
    """(key id, base64 public key) of this instance, to give to the secretariat."""
    raw = public_key_bytes()
    return key_id_of(raw), base64.b64encode(raw).decode()


def sign(message: bytes, key: Ed25519PrivateKey | None = None) -> str:
    """Base64 Ed25519 signature of ``message``."""
    return base64.b64encode((key or instance_key()).sign(message)).decode()


class BadPublicKey(ValueError):
    """A public key that is not 32 bytes of base64."""


def parse_public_key(text: str) -> bytes:
    """The raw bytes of a base64 Ed25519 public key; raises :class:`BadPublicKey`."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise BadPublicKey("the public key is not valid base64") from None
    if len(raw) != 32:
        raise BadPublicKey(f"an Ed25519 public key has 32 bytes; this one has {len(raw)}")
    return raw


def verify(message: bytes, signature: str, public_key: bytes) -> bool:
    """Whether ``signature`` (base64) is ``public_key``'s signature of ``message``."""
    try:
        raw = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(raw, message)
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True
