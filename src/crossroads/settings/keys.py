"""Secrets: the keys that sign, encrypt and link, from the environment or generated locally.

In local mode a missing secret is generated once and kept, owner-only, in the data
directory; in production every secret must be given and start-up stops otherwise.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable

from crossroads.env import (
    ConfigurationError,
    env_secret,
    require_base64_key,
    require_key_length,
    write_private_file,
)
from crossroads.settings.mode import DATA_DIR, PRODUCTION


def _new_token() -> str:
    return secrets.token_urlsafe(48)


def _local_secret(name: str, filename: str, generate: Callable[[], str] = _new_token) -> str:
    """Read a secret from the environment, or in local mode from a generated file."""
    value = env_secret(name)
    if value:
        return value
    if PRODUCTION:
        raise ConfigurationError(
            f"{name} (or {name}_FILE) must be set when CROSSROADS_ENV=production."
        )
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = DATA_DIR / filename
    if not path.exists():
        write_private_file(path, generate())
    return path.read_text(encoding="utf-8").strip()


def _new_key_base64() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


SECRET_KEY = require_key_length(
    "CROSSROADS_SECRET_KEY", _local_secret("CROSSROADS_SECRET_KEY", "secret_key")
)
LINKAGE_KEY = require_key_length(
    "CROSSROADS_LINKAGE_KEY", _local_secret("CROSSROADS_LINKAGE_KEY", "linkage_key")
)
# Signs submission files exchanged between instances (docs/exchange.md) and the audit
# log's checkpoints: an Ed25519 private key as 32 bytes in base64 (any 32 random bytes
# are a valid key).
SIGNING_KEY = require_base64_key(
    "CROSSROADS_SIGNING_KEY",
    _local_secret("CROSSROADS_SIGNING_KEY", "signing_key", _new_key_base64),
)
# Encrypts the archives of ``crossroads backup`` (AES-256-GCM): 32 bytes in base64, kept
# apart from the backups themselves (docs/security.md). In production it is needed only by
# an instance that makes its backups with ``crossroads backup``.
_backup_key = (
    env_secret("CROSSROADS_BACKUP_KEY")
    if PRODUCTION
    else _local_secret("CROSSROADS_BACKUP_KEY", "backup_key", _new_key_base64)
)
BACKUP_KEY = require_base64_key("CROSSROADS_BACKUP_KEY", _backup_key) if _backup_key else ""
