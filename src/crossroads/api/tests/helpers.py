"""Tokens and clients for the API's tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from crossroads.accounts import tokens
from crossroads.accounts.models import TokenScope, User

EVERY_SCOPE = tuple(TokenScope.values)


def token_for(user: User, scopes: tuple[str, ...] = EVERY_SCOPE, days: int = 30) -> str:
    """A new token's secret for ``user`` (made as if in a session without a second factor)."""
    return tokens.create_token(user, "test", scopes, days, verified_by="password")[1]


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def call(client: Client, method: str, url: str, secret: str | None = None, **kwargs: Any) -> Any:
    """One request with a JSON body (``json=``) and the token, if any."""
    body = kwargs.pop("json", None)
    headers = bearer(secret) if secret else {}
    headers.update(kwargs.pop("headers", {}))
    if body is not None:
        return getattr(client, method)(
            url, data=body, content_type="application/json", **headers, **kwargs
        )
    return getattr(client, method)(url, **headers, **kwargs)
