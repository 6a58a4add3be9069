"""The API's site: version 1, its routers, its OpenAPI schema and documentation page,
and the one translation of every exception into problem details."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError, ValidationError

from crossroads.api import estimates, exchange, exports, figures, imports, records, standard
from crossroads.api.auth import CsrfRefused, NotAuthenticated, ScopeMissing, Throttled
from crossroads.api.problems import CONTENT_TYPE as PROBLEM_TYPE
from crossroads.api.problems import ApiError, problem
from crossroads.codebook.validation import RecordInvalid

log = logging.getLogger("crossroads.api")


class CrossroadsAPI(NinjaAPI):
    """Ninja's API whose schema says that errors are problem details."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_TYPE] = content.pop("application/json")
        return schema


api = CrossroadsAPI(
    title="Crossroads API",
    version="1",
    description=(
        "The case records of your organisation (and their imports and exports), the annual "
        "exchange, the network's and the published figures, estimates and the common "
        "standard of a Crossroads instance. Authenticate with a personal access token "
        "(`Authorization: Bearer …`, made under Security → Access tokens) or the browser "
        "session. Errors are problem details (RFC 9457). See docs/api.md."
    ),
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", standard.router)
api.add_router("/", records.router)
api.add_router("/", imports.router)
api.add_router("/", exports.router)
api.add_router("/", exchange.router)
api.add_router("/", figures.router)
api.add_router("/", estimates.router)


def _instance(request: HttpRequest) -> str:
    return request.path


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return problem(
        exc.status,
        exc.detail,
        kind=exc.kind,
        instance=_instance(request),
        headers=exc.headers,
        **exc.extensions,
    )


@api.exception_handler(RecordInvalid)
def _record_invalid(request: HttpRequest, exc: RecordInvalid) -> HttpResponse:
    errors = [
        {"field": p.path, "label": p.label, "value": p.value, "allowed": p.message}
        for p in exc.problems
    ]
    return problem(
        422,
        ngettext(
            "The record was not saved: %(count)d problem to correct.",
            "The record was not saved: %(count)d problems to correct.",
            len(errors),
        )
        % {"count": len(errors)},
        kind="invalid-record",
        instance=_instance(request),
        errors=errors,
    )


def _where(location: Any) -> str:
    parts = [str(part) for part in location if part not in {"body", "payload"}]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        kind = str(error.get("type", ""))
        if kind == "missing":
            allowed = _("this is required")
        elif kind.startswith(("string_too", "too_", "greater", "less")):
            allowed = _("outside the allowed length or range")
        elif kind in {"literal_error", "enum"}:
            allowed = _("not one of the values allowed")
        elif kind == "json_invalid":
            allowed = _("the body is not valid JSON")
        else:
            allowed = _("not of the expected type or form")
        field = _where(error.get("loc", ()))
        errors.append({"field": field, "label": field, "value": None, "allowed": allowed})
    return problem(
        422,
        _("The request has problems: see errors."),
        kind="invalid-request",
        instance=_instance(request),
        errors=errors,
    )


@api.exception_handler(NotAuthenticated)
def _not_authenticated(request: HttpRequest, exc: NotAuthenticated) -> HttpResponse:
    return problem(
        401,
        exc.detail,
        kind="auth",
        instance=_instance(request),
        headers={"WWW-Authenticate": 'Bearer realm="crossroads"'},
    )


@api.exception_handler(CsrfRefused)
def _csrf(request: HttpRequest, exc: CsrfRefused) -> HttpResponse:
    return problem(
        403,
        _("A change made with the browser's session needs the CSRF token (X-CSRFToken)."),
        kind="csrf",
        instance=_instance(request),
    )


@api.exception_handler(ScopeMissing)
def _scope(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
    return problem(
        403,
        _("This access token does not have the scope “%(scope)s”.") % {"scope": exc.scope.value},
        kind="scope",
        instance=_instance(request),
        scope=exc.scope.value,
    )


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return problem(
        429,
        _("Too many requests: wait %(seconds)d seconds.") % {"seconds": exc.retry_after},
        kind="throttled",
        instance=_instance(request),
        headers={"Retry-After": str(exc.retry_after)},
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same answer for another organisation's record and a missing one.
    return problem(404, _("There is nothing here, or not for you."), instance=_instance(request))


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(403, _("Your role does not allow this."), instance=_instance(request))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 401:
        return _not_authenticated(request, NotAuthenticated(_("Send an access token, or sign in.")))
    if exc.status_code == 400:
        detail = _("The request could not be read: send a valid JSON body.")
        return problem(400, detail, instance=_instance(request))
    return problem(exc.status_code, instance=_instance(request))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged here with its traceback; the caller learns only that it failed.
    log.exception("API error on %s %s", request.method, request.path)
    return problem(500, _("Something went wrong on the server; nothing was changed."))
