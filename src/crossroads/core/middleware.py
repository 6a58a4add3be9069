"""Cross-cutting HTTP behaviour: a strict content security policy and per-user language."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
