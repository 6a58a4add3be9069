"""Exporting and importing the instance's keys, apart from any backup of the database.

The keys (Django's secret key, the linkage key, the signing key and the
backup key) never go into a backup. ``crossroads keys export`` writes them to
a file encrypted with a passphrase (scrypt, then AES-256-GCM), for the key
custodians to keep offline; ``crossroads keys import`` writes them back as the
owner-only key files of a data directory, on the machine a backup is restored to.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings

from crossroads.env import write_private_file

MAGIC = "crossroads-keys-1"
#: Setting name -> file name in the data directory (as crossroads.settings.keys generates them).
KEYS = {
    "SECRET_KEY": "secret_key",
    "LINKAGE_KEY": "linkage_key",
    "SIGNING_KEY": "signing_key",
    "BACKUP_KEY": "backup_key",
}
MINIMUM_PASSPHRASE = 12


class KeysError(ValueError):
    """A wrong passphrase, a damaged file, or keys that would overwrite others."""


def _derive(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def export_keys(target: Path, passphrase: str) -> list[str]:
    """Write this instance's keys to ``target`` (owner-only), encrypted; return their names."""
    if len(passphrase) < MINIMUM_PASSPHRASE:
        raise KeysError(f"the passphrase must have at least {MINIMUM_PASSPHRASE} characters")
    keys = {name: getattr(settings, name) for name in KEYS if getattr(settings, name, "")}
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_derive(passphrase, salt)).encrypt(
        nonce, json.dumps(keys).encode(), MAGIC.encode()
    )
    document = {
        "format": MAGIC,
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "keys": base64.b64encode(sealed).decode(),
    }
    write_private_file(target, json.dumps(document) + "\n")
    return sorted(keys)


def read_keys(source: Path, passphrase: str) -> dict[str, str]:
    """The keys of an exported file; raises :class:`KeysError`."""
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
        if document.get("format") != MAGIC:
            raise KeysError("this is not an export of Crossroads keys")
        key = _derive(passphrase, base64.b64decode(document["salt"]))
        clear = AESGCM(key).decrypt(
            base64.b64decode(document["nonce"]), base64.b64decode(document["keys"]), MAGIC.encode()
        )
    except InvalidTag:
        raise KeysError("wrong passphrase, or the file was altered") from None
    except (ValueError, KeyError, TypeError):
        raise KeysError("this file is damaged or not an export of Crossroads keys") from None
    keys: dict[str, str] = json.loads(clear)
    return keys


def import_keys(source: Path, passphrase: str, data_dir: Path) -> list[str]:
    """Write the exported keys as the key files of ``data_dir`` (never over existing ones)."""
    keys = read_keys(source, passphrase)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    clashes = [KEYS[name] for name in keys if (data_dir / KEYS[name]).exists()]
    if clashes:
        raise KeysError(
            f"{data_dir} already has {', '.join(clashes)}; import into a new data directory"
        )
    for name, value in keys.items():
        write_private_file(data_dir / KEYS[name], value)
    return sorted(keys)
