"""Cross-cutting HTTP behaviour: a request log, a strict content security policy, session
limits, request size and per-user language."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from crossroads.accounts import services as accounts
from crossroads.accounts.models import User

# Every asset is served by the application itself; nothing may load from elsewhere,
# and no inline script runs (all behaviour lives in static files).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


request_log = logging.getLogger("crossroads.requests")


class RequestLogMiddleware:
    """Log each request at INFO: method, path, status and server time.

    No client address and no query value is ever logged (a search for a
    client code, a receipt code): only the names of the query's parameters.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if request_log.isEnabledFor(logging.INFO):
            names = "&".join(f"{name}=…" for name in request.GET)
            request_log.info(
                "%s %s%s %s %.0fms",
                request.method,
                request.path,
                f"?{names}" if names else "",
                response.status_code,
                1000 * (time.perf_counter() - started),
            )
        return response


class ContentSecurityPolicyMiddleware:
    """Add the Content-Security-Policy and Permissions-Policy headers to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response


class RequestSizeMiddleware:
    """Refuse a request whose declared body is larger than any upload may be, unread.

    Each form checks its own limit (imports, signed files, token files), but
    only once the whole body has arrived; this refuses a larger body before
    any of it is read. ``CROSSROADS_REQUEST_MAX_MEGABYTES`` is the ceiling.
    Under ``crossroads serve`` waitress enforces the same ceiling itself
    (also for bodies sent without a declared length) and answers with its
    own short message; this page answers under any other WSGI server.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.CROSSROADS_REQUEST_MAX_MEGABYTES
        if length > limit * 1024 * 1024:
            context = {"size": length / 1024 / 1024, "limit": limit}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


class SessionLimitsMiddleware:
    """End a signed-in session after a period without requests, or too long after sign-in.

    Django's own expiry counts from the session's last save, so a session that is
    written to now and then would never end. Two timestamps (seconds since the
    epoch) are kept in the session instead: when it started, and when it was last
    used, the latter written at most once a minute to spare the database.
    Limits: ``CROSSROADS_IDLE_MINUTES`` idle, ``SESSION_COOKIE_AGE`` seconds in all.
    """

    started_key = "crossroads_session_started"
    seen_key = "crossroads_session_seen"
    write_every = 60  # seconds

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(self.started_key)
            seen = request.session.get(self.seen_key)
            idle = settings.CROSSROADS_IDLE_MINUTES * 60
            if (isinstance(seen, int) and now - seen > idle) or (
                isinstance(started, int) and now - started > settings.SESSION_COOKIE_AGE
            ):
                reason = "inactivity" if isinstance(seen, int) and now - seen > idle else "age"
                accounts.session_expired(user, reason)
                logout(request)
                return redirect_to_login(request.get_full_path())
            if not isinstance(started, int):
                request.session[self.started_key] = now
            if not isinstance(seen, int) or now - seen >= self.write_every:
                request.session[self.seen_key] = now
        return self.get_response(request)


class UserLanguageMiddleware:
    """Use the signed-in user's chosen language, before Django's own negotiation.

    The session is not yet authenticated at this point, so the language stored
    in the session at sign-in (and when the user switches) is what is applied.
    """

    session_key = "crossroads_language"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.session.get(self.session_key)
        if isinstance(language, str) and translation.check_for_language(language):
            translation.activate(language)
            request.COOKIES.setdefault("django_language", language)
        return self.get_response(request)
