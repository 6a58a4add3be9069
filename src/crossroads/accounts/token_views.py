"""Access token pages in the Security area: list, make (the secret shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts import tokens
from crossroads.accounts.models import TokenScope, User
from crossroads.accounts.permissions import can_manage_people
from crossroads.accounts.views import VERIFIED


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required let only signed-in people through
    return user


def _page(request: HttpRequest, user: User, *, error: str = "", status: int = 200) -> HttpResponse:
    managed = tokens.tokens_managed_by(user)
    context = {
        "own": [t for t in managed if t.user_id == user.pk],
        "others": [t for t in managed if t.user_id != user.pk],
        "is_admin": can_manage_people(user),
        "scopes": TokenScope.choices,
        "lifetimes": tokens.LIFETIMES,
        "may_make": tokens.may_make_tokens(user, str(request.session.get(VERIFIED, ""))),
        "error": error,
        "posted": request.POST if request.method == "POST" else None,
    }
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """One's own tokens (and for an organisation administrator, the organisation's)."""
    return _page(request, _user(request))


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token and show its secret, once."""
    user = _user(request)
    try:
        days = int(request.POST.get("days", ""))
    except ValueError:
        days = 0
    try:
        token, secret = tokens.create_token(
            user,
            request.POST.get("name", ""),
            request.POST.getlist("scopes"),
            days,
            verified_by=str(request.session.get(VERIFIED, "")),
        )
    except tokens.TokenRefused as exc:
        return _page(request, user, error=str(exc), status=422)
    response = render(request, "accounts/token_made.html", {"token": token, "secret": secret})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one's own token, or (organisation administrators) a token of the organisation."""
    user = _user(request)
    token = tokens.get_token_for_user(user, token_id)
    if token is None:
        raise Http404
    tokens.revoke_token(user, token)
    messages.success(
        request, _("The token %(prefix)s… no longer works.") % {"prefix": token.prefix}
    )
    return redirect("accounts:tokens")
