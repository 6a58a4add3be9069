"""Sessions that should have passed a second factor, and have not, end at once."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from crossroads.accounts import second_factor
from crossroads.accounts.models import User
from crossroads.accounts.views import VERIFIED


class SecondFactorMiddleware:
    """End a signed-in session whose person must use a second factor but did not.

    Sign-in sets how the session was verified; a session opened another way (an
    old session from before the requirement, a test client) is checked once and
    ended if a second factor is needed, so nothing is reachable without it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and user.is_authenticated and VERIFIED not in request.session:
            if second_factor.must_verify(user):
                logout(request)
                return redirect_to_login(request.get_full_path())
            request.session[VERIFIED] = "password"
        return self.get_response(request)
