"""Encryption of reports: sealed to a receiving organisation, readable with its passphrase.

Each organisation that receives reports has an X25519 key pair. A report is sealed on
arrival to the organisation's public key (an ephemeral X25519 key, HKDF-SHA256 and
ChaCha20-Poly1305: the construction of libsodium's sealed boxes, with pyca's primitives),
so the server can write a report it can no longer read. The private key is stored only
wrapped: ChaCha20-Poly1305 under a key derived from a passphrase that the organisation's
staff hold, with scrypt (memory-hard: each guess costs ``2**n_log2 * r * 128`` bytes of
memory). Neither the passphrase nor the unwrapped key is ever stored, so a copy of the
database together with the server's own secrets reveals no report's content.

The reporter's side uses the same sealing: the receipt code and the reporter's passphrase
derive (with scrypt and a random salt) an X25519 key whose public half is stored, and the
organisation's replies are sealed to it as well.

Nothing here imports Django: these are plain functions over bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

SEALED_VERSION = b"\x01"
_RAW = serialization.Encoding.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw
_RAW_PRIVATE = serialization.PrivateFormat.Raw
_NO_ENCRYPTION = serialization.NoEncryption()


class WrongSecret(Exception):
    """The passphrase (or receipt code) does not open this key."""


class Damaged(Exception):
    """A sealed message that does not open with the right key: altered or truncated."""


@dataclass(frozen=True)
class KdfParameters:
    """scrypt's cost: ``2**n_log2`` iterations over ``r``-block rows, ``p`` lanes.
    Memory per derivation is ``128 * r * 2**n_log2`` bytes (64 MiB for 16, 8)."""

    n_log2: int = 16
    r: int = 8
    p: int = 1


@dataclass(frozen=True)
class WrappedKey:
    """An organisation's key pair as stored: the public key in clear, the private key
    under a passphrase."""

    public_key: bytes  # 32 bytes
    wrapped_private_key: bytes  # nonce (12) + ciphertext (32) + tag (16)
    salt: bytes  # 16 bytes
    kdf: KdfParameters


def _derive(secret: str, salt: bytes, kdf: KdfParameters) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**kdf.n_log2, r=kdf.r, p=kdf.p).derive(
        secret.encode("utf-8")
    )


def public_bytes(private: X25519PrivateKey) -> bytes:
    """The 32 raw bytes of a private key's public half."""
    return private.public_key().public_bytes(_RAW, _RAW_PUBLIC)


def fingerprint(public_key: bytes) -> str:
    """A short, readable fingerprint of a public key (first 16 hex digits of SHA-256, grouped)."""
    digest = hashlib.sha256(public_key).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def new_wrapped_key(passphrase: str, kdf: KdfParameters) -> WrappedKey:
    """A fresh key pair whose private half is wrapped under ``passphrase``."""
    private = X25519PrivateKey.generate()
    return wrap(private, passphrase, kdf)


def wrap(private: X25519PrivateKey, passphrase: str, kdf: KdfParameters) -> WrappedKey:
    """Wrap ``private`` under ``passphrase`` (a new salt and nonce every time)."""
    salt = os.urandom(16)
    nonce = os.urandom(12)
    raw = private.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION)
    public = public_bytes(private)
    wrapped = nonce + ChaCha20Poly1305(_derive(passphrase, salt, kdf)).encrypt(nonce, raw, public)
    return WrappedKey(public, wrapped, salt, kdf)


def unwrap(key: WrappedKey, passphrase: str) -> X25519PrivateKey:
    """The private key, or :class:`WrongSecret` if ``passphrase`` does not open it."""
    nonce, body = key.wrapped_private_key[:12], key.wrapped_private_key[12:]
    try:
        raw = ChaCha20Poly1305(_derive(passphrase, key.salt, key.kdf)).decrypt(
            nonce, body, key.public_key
        )
    except InvalidTag as error:
        raise WrongSecret from error
    return X25519PrivateKey.from_private_bytes(raw)


def private_from_bytes(raw: bytes) -> X25519PrivateKey:
    """A private key from its 32 raw bytes."""
    return X25519PrivateKey.from_private_bytes(raw)


def private_bytes(private: X25519PrivateKey) -> bytes:
    """The 32 raw bytes of a private key (to hold it briefly, never to store it)."""
    return private.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION)


def _box_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=b"crossroads-seal"
    ).derive(shared)


def seal(recipient_public_key: bytes, plaintext: bytes) -> bytes:
    """``plaintext`` sealed to a public key: only its private key opens it, and the sender
    (this server) keeps nothing that could."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = public_bytes(ephemeral)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public_key))
    key = _box_key(shared, ephemeral_public, recipient_public_key)
    nonce = os.urandom(12)
    body = ChaCha20Poly1305(key).encrypt(nonce, plaintext, SEALED_VERSION)
    return SEALED_VERSION + ephemeral_public + nonce + body


def open_sealed(private: X25519PrivateKey, sealed: bytes) -> bytes:
    """The plaintext of a sealed message, or :class:`Damaged`."""
    if len(sealed) < 1 + 32 + 12 + 16 or sealed[:1] != SEALED_VERSION:
        raise Damaged
    ephemeral_public, nonce, body = sealed[1:33], sealed[33:45], sealed[45:]
    recipient = public_bytes(private)
    shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    try:
        return ChaCha20Poly1305(_box_key(shared, ephemeral_public, recipient)).decrypt(
            nonce, body, SEALED_VERSION
        )
    except InvalidTag as error:
        raise Damaged from error


def reporter_key(
    receipt: str, passphrase: str, salt: bytes, kdf: KdfParameters
) -> X25519PrivateKey:
    """The reporter's private key, derived from the receipt code and their passphrase."""
    seed = _derive(f"{receipt}\x00{passphrase}", salt, kdf)
    return X25519PrivateKey.from_private_bytes(seed)


def same(a: bytes, b: bytes) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a, b)


def symmetric_seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """``plaintext`` under a 32-byte symmetric key (nonce prepended)."""
    nonce = os.urandom(12)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, associated)


def symmetric_open(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    """The plaintext of :func:`symmetric_seal`, or :class:`Damaged`."""
    try:
        return ChaCha20Poly1305(key).decrypt(sealed[:12], sealed[12:], associated)
    except (InvalidTag, ValueError) as error:
        raise Damaged from error
