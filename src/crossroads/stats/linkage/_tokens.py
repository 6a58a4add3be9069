"""The cascade of keyed linkage tokens.

Each level hashes a different combination of normalised fields with its own
subkey, derived from the network's linkage key by HMAC-SHA256 with the level
name as the message. Strict levels come first; looser ones exist so that a
typo in one field, a swapped day and month, or names written in another
order still link, and a linker uses a looser level only where its token is
unique within each list (see ``crossroads.stats.linkage`` docs).

Tokens are the first 128 bits of HMAC-SHA256 in hex: collisions between
different inputs are negligible at any realistic list size, and a token
cannot be inverted or recomputed without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from crossroads.stats.linkage._normalise import Identity

_SEP = "\x1f"
_DOMAIN = b"crossroads-linkage/v1/"
TOKEN_HEX_LENGTH = 32


def _names(parts: tuple[str, ...]) -> str:
    return " ".join(parts)


def _exact(i: Identity) -> str | None:
    if not i.given or not i.family or i.full_date is None:
        return None
    return _SEP.join((_names(i.given), _names(i.family), i.full_date, i.sex))


def _any_order(i: Identity) -> str | None:
    if i.is_empty or i.full_date is None:
        return None
    return _SEP.join((i.all_names, i.full_date, i.sex))


def _family_date(i: Identity) -> str | None:
    if not i.family or i.full_date is None:
        return None
    return _SEP.join((_names(i.family), i.full_date, i.sex))


def _given_date(i: Identity) -> str | None:
    if not i.given or i.full_date is None:
        return None
    return _SEP.join((_names(i.given), i.full_date, i.sex))


def _prefixes(i: Identity) -> str | None:
    if not i.given or not i.family or i.full_date is None:
        return None
    # In either order, so that names swapped on one list and mistyped on the
    # other (a common pair of errors) still link here.
    first, second = sorted((i.given[0][:2], i.family[0][:2]))
    return _SEP.join((first, second, i.full_date, i.sex))


def _day_month_unordered(i: Identity) -> str | None:
    if i.is_empty or i.birth_day is None or i.birth_month is None:
        return None
    low, high = sorted((i.birth_day, i.birth_month))
    return _SEP.join((i.all_names, f"{i.birth_year:04d}", f"{low}-{high}", i.sex))


def _birth_year(i: Identity) -> str | None:
    if i.is_empty or i.birth_year is None:
        return None
    return _SEP.join((i.all_names, f"{i.birth_year:04d}", i.sex))


@dataclass(frozen=True)
class TokenLevel:
    """One level of the cascade: its name, what it tolerates, and its input."""

    name: str
    tolerates: str
    material: Callable[[Identity], str | None]


TOKEN_LEVELS: tuple[TokenLevel, ...] = (
    TokenLevel("exact", "nothing: all fields agree after normalisation", _exact),
    TokenLevel("any_order", "names in another order or split differently", _any_order),
    TokenLevel("family_date", "a typo or variant in the given names", _family_date),
    TokenLevel("given_date", "a typo or change in the family names", _given_date),
    TokenLevel(
        "prefixes", "typos after the first two letters of each name, in either order", _prefixes
    ),
    TokenLevel("day_month", "day and month of birth exchanged", _day_month_unordered),
    TokenLevel("birth_year", "a wrong day or month of birth, or only the year known", _birth_year),
)
LEVEL_NAMES: tuple[str, ...] = tuple(level.name for level in TOKEN_LEVELS)


def _keyed_states(subkey: bytes) -> tuple[Any, Any]:
    """The two SHA-256 states of HMAC (RFC 2104) for a key shorter than the block.

    A token is then ``outer.copy() + sha256(inner.copy() + material)``: the
    standard HMAC-SHA256 (tests check it against :mod:`hmac`), computed with
    the C-level hash objects only. :mod:`hmac` wraps each call in Python,
    which made hashing a third slower when a list holder tokenises a
    million people.
    """
    block = hashlib.sha256().block_size
    if len(subkey) > block:
        raise ValueError("a subkey must not be longer than the hash block")
    padded = subkey.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))
    return inner, outer


class LinkageKey:
    """The network's secret linkage key, with one derived subkey per token level.

    ``secret`` is the key material shared by the organisations that link lists
    (at least 16 characters). The key object never reveals it; ``fingerprint``
    is a short public value that tells whether two token files were made with
    the same key.
    """

    __slots__ = ("_fingerprint", "_ordered", "_states", "_subkeys")

    def __init__(self, secret: str | bytes) -> None:
        raw = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        if len(raw) < 16:
            raise ValueError("a linkage key must be at least 16 characters long")
        subkeys = {
            name: hmac.digest(raw, _DOMAIN + name.encode("ascii"), hashlib.sha256)
            for name in LEVEL_NAMES
        }
        fingerprint = hmac.digest(raw, _DOMAIN + b"fingerprint", hashlib.sha256).hex()[:16]
        self._set(fingerprint, subkeys)

    def _set(self, fingerprint: str, subkeys: dict[str, bytes]) -> None:
        self._fingerprint = fingerprint
        self._subkeys = subkeys
        self._states = {name: _keyed_states(subkey) for name, subkey in subkeys.items()}
        # The states in cascade order, for token_cascade's inner loop.
        self._ordered = tuple(self._states[name] for name in LEVEL_NAMES)

    @property
    def fingerprint(self) -> str:
        """A non-secret 16-hex-digit identifier of the key."""
        return self._fingerprint

    def token(self, level: str, material: str) -> str:
        """HMAC-SHA256 of ``material`` under the subkey of ``level``, first 128 bits in hex."""
        inner_state, outer_state = self._states[level]
        inner = inner_state.copy()
        inner.update(material.encode("utf-8"))
        outer = outer_state.copy()
        outer.update(inner.digest())
        digest: bytes = outer.digest()
        return digest[: TOKEN_HEX_LENGTH // 2].hex()

    def worker_state(self) -> tuple[str, dict[str, bytes]]:
        """What a worker process needs to rebuild this key (:meth:`from_worker_state`).

        The derived subkeys are as sensitive as the key: pass them only to
        worker processes on the same machine, never store or log them.
        """
        return self._fingerprint, dict(self._subkeys)

    @classmethod
    def from_worker_state(cls, state: tuple[str, dict[str, bytes]]) -> LinkageKey:
        """Rebuild a key in a worker process from :meth:`worker_state`."""
        fingerprint, subkeys = state
        if set(subkeys) != set(LEVEL_NAMES):
            raise ValueError("the worker state does not hold one subkey per token level")
        key = cls.__new__(cls)
        key._set(fingerprint, dict(subkeys))
        return key

    def __repr__(self) -> str:
        return f"LinkageKey(fingerprint={self._fingerprint!r})"


@dataclass(frozen=True)
class TokenSet(Mapping[str, str | None]):
    """The tokens of one identity, by level name; a level is None when its fields are missing."""

    tokens: tuple[str | None, ...]

    def __getitem__(self, level: str) -> str | None:
        return self.tokens[LEVEL_NAMES.index(level)]

    def __iter__(self) -> Iterator[str]:
        return iter(LEVEL_NAMES)

    def __len__(self) -> int:
        return len(LEVEL_NAMES)

    @property
    def is_empty(self) -> bool:
        """True when no level could be computed (no usable identity)."""
        return all(token is None for token in self.tokens)

    def as_list(self) -> list[str]:
        """Tokens in level order, with missing levels as empty strings (for storage and files)."""
        return [token or "" for token in self.tokens]

    @classmethod
    def from_list(cls, values: list[str]) -> TokenSet:
        """Inverse of :meth:`as_list`."""
        if len(values) != len(LEVEL_NAMES):
            raise ValueError(f"expected {len(LEVEL_NAMES)} tokens, got {len(values)}")
        return cls(tuple(value or None for value in values))


def token_cascade(identity: Identity, key: LinkageKey) -> TokenSet:
    """Compute every level's token for one normalised identity.

    The same HMAC as :meth:`LinkageKey.token`, written out in the loop: this
    runs a million times when a list holder tokenises a large list, and the
    method calls cost a fifth of the time.
    """
    tokens: list[str | None] = []
    for level, (inner_state, outer_state) in zip(TOKEN_LEVELS, key._ordered, strict=True):
        material = level.material(identity)
        if material is None:
            tokens.append(None)
            continue
        inner = inner_state.copy()
        inner.update(material.encode("utf-8"))
        outer = outer_state.copy()
        outer.update(inner.digest())
        tokens.append(outer.digest()[: TOKEN_HEX_LENGTH // 2].hex())
    return TokenSet(tuple(tokens))
