"""Who is calling: an access token (``Authorization: Bearer …``) or the browser's session.

A token acts with its owner's role, narrowed to its scopes; a session has
every scope its role allows, and its unsafe requests must carry the CSRF
token, as the pages' forms do. Each caller is counted against the request
limit (per token, or per person for sessions) and each use of a token is
audited. Answers are in the caller's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from crossroads.accounts import tokens
from crossroads.accounts.models import AccessToken, TokenScope, User
from crossroads.core import throttle
from crossroads.core.throttle import Limit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Caller:
    """The person behind a request, how they came, and what their token allows."""

    user: User | None
    token: AccessToken | None
    scopes: frozenset[str]

    def has(self, scope: TokenScope) -> bool:
        return scope.value in self.scopes


ANONYMOUS = Caller(None, None, frozenset({TokenScope.PUBLIC.value}))


class NotAuthenticated(Exception):
    """No valid credentials: unknown, revoked or expired token, or no session."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class CsrfRefused(Exception):
    """A session's unsafe request without a valid CSRF token."""


class Throttled(Exception):
    """Over the request limit; ``retry_after`` in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class ScopeMissing(Exception):
    """The token lacks the scope this request needs."""

    def __init__(self, scope: TokenScope) -> None:
        super().__init__(scope.value)
        self.scope = scope


def request_limit() -> Limit:
    """Requests per token (or per signed-in person) and minute."""
    return Limit("api:requests", settings.CROSSROADS_API_REQUESTS_PER_MINUTE, timedelta(minutes=1))


def _count(identity: str) -> None:
    verdict = throttle.hit(request_limit(), identity)
    if not verdict.allowed:
        raise Throttled(verdict.retry_after)


def _csrf_ok(request: HttpRequest) -> bool:
    if request.method in SAFE_METHODS:
        return True
    check = CsrfViewMiddleware(_no_response)
    check.process_request(request)
    return check.process_view(request, _no_response, (), {}) is None


def _no_response(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the CSRF check never calls the view")  # pragma: no cover


def identify(request: HttpRequest, *, anonymous_allowed: bool) -> Caller | None:
    """The caller of ``request``, counted and audited; raises when credentials are wrong.

    A request that sends a token is judged by the token alone: a revoked or
    expired token is refused even on a public endpoint, so a program learns
    at once that its token no longer works.
    """
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, secret = header.partition(" ")
        token = tokens.token_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise NotAuthenticated(_("This access token is unknown, revoked or expired."))
        _count(f"token:{token.pk}")
        tokens.token_used(token, request.method or "", request.path)
        caller = Caller(token.user, token, frozenset(token.scopes))
    elif isinstance(request.user, User) and request.user.is_active:
        if not _csrf_ok(request):
            raise CsrfRefused
        _count(f"user:{request.user.pk}")
        caller = Caller(request.user, None, frozenset(TokenScope.values))
    elif anonymous_allowed:
        caller = ANONYMOUS
    else:
        raise NotAuthenticated(_("Send an access token, or sign in."))
    if caller.user is not None:
        translation.activate(caller.user.language)
        request.LANGUAGE_CODE = caller.user.language
    request.caller = caller  # type: ignore[attr-defined]
    return caller


class TokenOrSession(HttpBearer):
    """Bearer token, or the signed-in session (with CSRF); documented as a bearer token."""

    openapi_description = "A personal access token (Security → Access tokens), or the session."

    def __init__(self, *, anonymous_allowed: bool = False) -> None:
        super().__init__()
        self.anonymous_allowed = anonymous_allowed

    def __call__(self, request: HttpRequest) -> Caller | None:
        return identify(request, anonymous_allowed=self.anonymous_allowed)

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        return None  # never called: __call__ reads both kinds of credentials


signed_in = TokenOrSession()
anyone = TokenOrSession(anonymous_allowed=True)


def caller_of(request: HttpRequest) -> Caller:
    """The caller :func:`identify` attached to the request."""
    caller = getattr(request, "caller", None)
    assert isinstance(caller, Caller)  # every endpoint declares signed_in or anyone
    return caller


def require(request: HttpRequest, scope: TokenScope) -> Caller:
    """The caller, if their token carries ``scope`` (sessions carry every scope)."""
    caller = caller_of(request)
    if not caller.has(scope):
        raise ScopeMissing(scope)
    return caller


def user_with(request: HttpRequest, scope: TokenScope) -> User:
    """The signed-in person behind the request, if their token carries ``scope``."""
    user = require(request, scope).user
    if user is None:  # only endpoints open to anyone let an anonymous caller through
        raise NotAuthenticated(_("Send an access token, or sign in."))
    return user
