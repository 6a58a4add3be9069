"""The abuse brake of the public form: a challenge that needs no third party, no cookie and
no stored address, and that works without JavaScript.

Each form carries a signed challenge: a random nonce and the time the form was served.
A report is taken when either

- the browser has done a small **proof of work** (hashcash): found a ``solution`` such
  that SHA-256 of ``"<nonce>:<solution>"`` starts with :data:`WORK_BITS` zero bits, about
  65,000 hashes, well under a second on a laptop and a few seconds on an old phone,
  done while the person fills in the form (``reporting.js``); or
- without JavaScript, **time** stands in for work: the form must have been open for
  :data:`MIN_SECONDS` seconds, which a person filling in seven steps always has been.

Either way a challenge is used once (its nonce is counted in the expiring throttle
table, by keyed hash) and expires after :data:`MAX_AGE`. A flood then costs either
computing time or waiting time per report, on top of the per-connection limit.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
import time
from datetime import timedelta

from django.core import signing

from crossroads.core import throttle

WORK_BITS = 16
MIN_SECONDS = 30
MAX_AGE = 3 * 60 * 60
_SALT = "crossroads.reporting.challenge"
USED = throttle.Limit("reporting:challenge", attempts=1, window=timedelta(seconds=MAX_AGE))


class Outcome(enum.Enum):
    """What a submitted challenge is worth."""

    OK = "ok"
    EARLY = "early"  # no work and too soon after the form was served
    EXPIRED = "expired"
    INVALID = "invalid"  # missing or forged
    USED = "used"


def issue(now: float | None = None) -> str:
    """A new challenge for a form served at ``now``."""
    moment = int(time.time() if now is None else now)
    return signing.dumps({"n": secrets.token_hex(16), "t": moment}, salt=_SALT)


def nonce_of(token: str) -> str | None:
    """The challenge's nonce, or None if the token is not one of ours."""
    try:
        return str(signing.loads(token, salt=_SALT)["n"])
    except (signing.BadSignature, KeyError, TypeError):
        return None


def leading_zero_bits(digest: bytes) -> int:
    """How many zero bits ``digest`` starts with."""
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def worked(nonce: str, solution: str) -> bool:
    """Whether ``solution`` is a proof of work for ``nonce``."""
    if not solution or len(solution) > 32:
        return False
    digest = hashlib.sha256(f"{nonce}:{solution}".encode()).digest()
    return leading_zero_bits(digest) >= WORK_BITS


def solve(nonce: str) -> str:
    """A proof of work for ``nonce`` (what the browser computes; used by tests and tools)."""
    counter = 0
    while not worked(nonce, str(counter)):
        counter += 1
    return str(counter)


def check(token: str, solution: str, now: float | None = None) -> Outcome:
    """What the challenge ``token`` with ``solution`` is worth at ``now``, without using
    it up (see :func:`use`)."""
    moment = time.time() if now is None else now
    try:
        data = signing.loads(token, salt=_SALT)
        nonce, issued = str(data["n"]), int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Outcome.INVALID
    age = moment - issued
    if age > MAX_AGE or age < -60:
        return Outcome.EXPIRED
    if worked(nonce, solution) or age >= MIN_SECONDS:
        return Outcome.OK
    return Outcome.EARLY


def use(token: str) -> bool:
    """Use the challenge up; False if it was used before."""
    nonce = nonce_of(token)
    return nonce is not None and throttle.hit(USED, nonce).allowed
