"""Problem details (RFC 9457): every error of the API, in one shape and in the caller's language.

An answer never holds a traceback, an exception's name or a path of the code:
errors the API does not expect are logged on the server and answered with a
plain "internal error" problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"
#: Problem types, as URNs: stable names a program can test, documented in docs/api.md.
TYPE_PREFIX = "urn:crossroads:problem:"


def titles() -> dict[int, str]:
    """A short, translated title for each status the API answers with."""
    return {
        400: _("Bad request"),
        401: _("Not signed in"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        409: _("Conflict"),
        412: _("The record changed since you read it"),
        413: _("Request too large"),
        415: _("Unsupported media type"),
        422: _("The request has problems"),
        428: _("Say which version you change"),
        429: _("Too many requests"),
        500: _("Internal error"),
        503: _("Unavailable"),
    }


def problem(
    status: int,
    detail: str = "",
    *,
    kind: str = "",
    instance: str = "",
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> HttpResponse:
    """A problem-details answer: ``type``, ``title``, ``status``, ``detail`` and extensions."""
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + kind if kind else "about:blank",
        "title": titles().get(status, _("Error")),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update(extensions)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _body_limit() -> int:
    return int(settings.CROSSROADS_API_MAX_KILOBYTES) * 1024


class ApiProblemMiddleware:
    """Under ``/api/``: refuse oversized bodies unread, and answer every error as a problem.

    Errors raised before the API's own handlers run (a body over the request
    limit, a sign-in redirect, Django's 404 for an unknown address, a server
    error page) arrive here as HTML; they are replaced by problem details of
    the same status, so a program never has to parse a page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api(request):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        content_type = request.META.get("CONTENT_TYPE", "")
        if length > _body_limit() and not content_type.startswith("multipart/"):
            return problem(
                413,
                _("A request body may hold at most %(kb)d KB; send fewer records at once.")
                % {"kb": settings.CROSSROADS_API_MAX_KILOBYTES},
                kind="too-large",
                instance=request.path,
            )
        language = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # A token's owner's language was activated for this request only.
            translation.activate(language) if language else translation.deactivate()
        if response.status_code in {301, 302} and "/sign-in/" in response.get("Location", ""):
            return problem(401, _("Sign in again, or send a valid access token."), kind="auth")
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            CONTENT_TYPE
        ):
            replaced = problem(response.status_code, instance=request.path)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response


class ApiError(Exception):
    """An error the API answers as a problem; raised by endpoints, answered by the site."""

    def __init__(self, status: int, detail: str = "", *, kind: str = "", **extensions: Any):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.extensions = extensions
        self.headers: dict[str, str] = {}


def invalid(errors: list[dict[str, Any]]) -> ApiError:
    """A request refused for the problems listed (``field``, ``label``, ``value``, ``allowed``)."""
    return ApiError(
        422, _("The request has problems: see errors."), kind="invalid-request", errors=errors
    )


def invalid_field(field: str, value: Any, allowed: str) -> ApiError:
    """A request refused for one parameter: which, the value sent, and what is allowed."""
    return invalid([{"field": field, "label": field, "value": value, "allowed": allowed}])
