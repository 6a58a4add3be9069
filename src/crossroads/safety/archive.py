"""The encrypted, checksummed archive format of ``crossroads backup``.

An archive is a header, then the database dump in chunks::

    CROSSROADS-BACKUP 1\\n
    {"engine": "sqlite", "checksum": "<sha-256 of the dump>", "size": …, "key": "<key id>", …}\\n
    chunk*: 4-byte big-endian length, 12-byte nonce, AES-256-GCM ciphertext and tag

Each chunk is authenticated together with the header, its number and
whether it is the last one, so that a chunk cannot be changed, reordered,
dropped or appended, and a truncated archive is refused. The dump's own
SHA-256 is checked again after decryption. The key (``CROSSROADS_BACKUP_KEY``)
is never in the archive; the header names it by a short fingerprint.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"CROSSROADS-BACKUP 1\n"
CHUNK = 4 << 20


class ArchiveError(ValueError):
    """Not an archive, the wrong key, or a damaged or altered archive."""


def key_id(key: bytes) -> str:
    """A short fingerprint that names a backup key without revealing it."""
    return hashlib.sha256(b"crossroads-backup-key\x00" + key).hexdigest()[:16]


def decode_key(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _aad(header: bytes, number: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", number, last)


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def write(dump: Path, target: Path, key: bytes, meta: dict[str, Any]) -> dict[str, Any]:
    """Encrypt ``dump`` into ``target`` (created owner-only); return the header's fields."""
    header_fields = {
        **meta,
        "checksum": checksum(dump),
        "size": dump.stat().st_size,
        "key": key_id(key),
    }
    header = MAGIC + json.dumps(header_fields, sort_keys=True).encode() + b"\n"
    cipher = AESGCM(key)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out, dump.open("rb") as source:
        out.write(header)
        number, block = 0, source.read(CHUNK)
        while True:
            following = source.read(CHUNK)
            last = not following
            nonce = os.urandom(12)
            sealed = cipher.encrypt(nonce, block, _aad(header, number, last))
            out.write(struct.pack(">I", len(sealed)) + nonce + sealed)
            if last:
                break
            number, block = number + 1, following
    return header_fields


@dataclass(frozen=True)
class Header:
    fields: dict[str, Any]
    raw: bytes


def read_header(handle: BinaryIO) -> Header:
    if handle.read(len(MAGIC)) != MAGIC:
        raise ArchiveError("this file is not a Crossroads backup")
    line = handle.readline(1 << 16)
    try:
        fields = json.loads(line)
    except ValueError:
        raise ArchiveError("the backup's header is damaged") from None
    return Header(fields, MAGIC + line)


def _chunks(handle: BinaryIO, header: Header, key: bytes) -> Iterator[bytes]:
    cipher, number = AESGCM(key), 0
    while True:
        size_bytes = handle.read(4)
        if len(size_bytes) < 4:
            raise ArchiveError("the backup is truncated")
        size = struct.unpack(">I", size_bytes)[0]
        nonce, sealed = handle.read(12), handle.read(size)
        if len(sealed) < size:
            raise ArchiveError("the backup is truncated")
        for last in (False, True):
            try:
                block = cipher.decrypt(nonce, sealed, _aad(header.raw, number, last))
            except InvalidTag:
                continue
            yield block
            if last:
                if handle.read(1):
                    raise ArchiveError("the backup has data after its end")
                return
            break
        else:
            raise ArchiveError("the backup is damaged or was altered")
        number += 1


def read(source: Path, target: Path, key: bytes) -> dict[str, Any]:
    """Decrypt ``source`` into ``target`` (owner-only) and check the dump's checksum;
    return the header's fields. Raises :class:`ArchiveError`."""
    with source.open("rb") as handle:
        header = read_header(handle)
        if header.fields.get("key") != key_id(key):
            raise ArchiveError("the backup was made with another backup key")
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        digest = hashlib.sha256()
        with os.fdopen(descriptor, "wb") as out:
            for block in _chunks(handle, header, key):
                digest.update(block)
                out.write(block)
    if digest.hexdigest() != header.fields.get("checksum"):
        raise ArchiveError("the restored dump does not match the backup's checksum")
    return header.fields
