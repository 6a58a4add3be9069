"""Rate limits that hold under concurrency, keyed by a hash that expires.

One small interface for every limit of the product: sign-in attempts per
account and per client address, second-factor codes, password-reset e-mails,
and later the public reporting form and the API::

    SIGN_IN = Limit("sign-in:address", attempts=20, window=timedelta(minutes=15))

    verdict = throttle.hit(SIGN_IN, throttle.client_address(request))
    if not verdict.allowed:
        ...  # refuse; verdict.retry_after says for how many seconds

:func:`hit` counts an attempt and answers whether it is within the limit in
one atomic statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``, on
SQLite and PostgreSQL alike), so concurrent attempts can never slip more
than ``attempts`` through: count first, then do the expensive or sensitive
work only when allowed. The window is fixed: it starts at the first attempt,
and restarts from the attempt that reaches the limit, so that a blocked
identity waits a whole window.

Nothing identifying is stored: a row's key is an HMAC of the scope and the
identity under a key derived from the instance's secret key, and the row
disappears when its window ends (:func:`purge_expired`, run periodically).
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from crossroads.core.models import ThrottleCounter


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` per ``window`` for each identity of ``scope``."""

    scope: str
    attempts: int
    window: timedelta

    @property
    def seconds(self) -> int:
        return max(1, int(self.window.total_seconds()))


@dataclass(frozen=True)
class Verdict:
    """The answer for one attempt."""

    allowed: bool
    count: int  # attempts in the current window, this one included
    retry_after: int  # seconds until the window ends (0 when nothing is counted)


def key_for(limit: Limit, identity: str) -> str:
    """The stored key: an HMAC of the scope and identity (the identity is never stored)."""
    return salted_hmac(
        "crossroads.core.throttle", f"{limit.scope}\x00{identity}", algorithm="sha256"
    ).hexdigest()[:64]


_TABLE = ThrottleCounter._meta.db_table


def upsert_statement(quote_name: Callable[[str], str]) -> str:
    """The one statement that counts an attempt and returns the count (SQLite and
    PostgreSQL). Parameters: :func:`upsert_parameters`. Every reference to the row's
    columns in SET reads the values before the update."""
    table, key, count, expires = (quote_name(n) for n in (_TABLE, "key", "count", "expires_at"))
    return (
        f"INSERT INTO {table} ({key}, {count}, {expires}) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"{count} = CASE WHEN {table}.{expires} <= %s THEN 1 ELSE {table}.{count} + 1 END, "
        f"{expires} = CASE WHEN {table}.{expires} <= %s THEN %s "
        f"WHEN {table}.{count} + 1 = %s THEN %s ELSE {table}.{expires} END "
        f"RETURNING {count}, {expires}"
    )


def upsert_parameters(limit: Limit, identity: str, moment: int) -> list[str | int]:
    ends = moment + limit.seconds
    return [key_for(limit, identity), ends, moment, moment, ends, limit.attempts, ends]


def hit(limit: Limit, identity: str, *, now: float | None = None) -> Verdict:
    """Count one attempt of ``identity`` and say whether it is within ``limit``."""
    moment = int(time.time() if now is None else now)
    with connection.cursor() as cursor:
        cursor.execute(
            upsert_statement(connection.ops.quote_name),
            upsert_parameters(limit, identity, moment),
        )
        count, expires_at = cursor.fetchone()
    return Verdict(count <= limit.attempts, int(count), max(0, int(expires_at) - moment))


def peek(limit: Limit, identity: str, *, now: float | None = None) -> Verdict:
    """Whether one more attempt would be allowed, without counting one."""
    moment = int(time.time() if now is None else now)
    row = ThrottleCounter.objects.filter(
        key=key_for(limit, identity), expires_at__gt=moment
    ).first()
    if row is None:
        return Verdict(True, 0, 0)
    return Verdict(row.count < limit.attempts, row.count, row.expires_at - moment)


def reset(limit: Limit, identity: str) -> None:
    """Forget the attempts of ``identity`` (a successful sign-in, an administrator's unlock)."""
    ThrottleCounter.objects.filter(key=key_for(limit, identity)).delete()


def refund(limit: Limit, identity: str) -> None:
    """Take back one counted attempt (an attempt that turned out legitimate)."""
    ThrottleCounter.objects.filter(key=key_for(limit, identity), count__gt=0).update(
        count=F("count") - 1
    )


def purge_expired(*, now: float | None = None) -> int:
    """Delete every counter whose window has ended; return how many."""
    moment = int(time.time() if now is None else now)
    deleted, _ = ThrottleCounter.objects.filter(expires_at__lte=moment).delete()
    return deleted


def client_address(request: HttpRequest) -> str:
    """The client's address, as the limits know it.

    Behind ``CROSSROADS_TRUSTED_PROXIES`` reverse proxies (which each append the
    address they received from to ``X-Forwarded-For``), the address that the
    outermost trusted proxy saw; otherwise the connection's own address. An
    IPv6 address stands for its /64 network, which one household or host holds.
    """
    hops = settings.CROSSROADS_TRUSTED_PROXIES
    address = request.META.get("REMOTE_ADDR", "")
    if hops:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
