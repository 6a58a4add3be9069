"""``/api/v1/`` and a problem-details 404 for every other address under ``/api/``."""

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from crossroads.api.problems import problem
from crossroads.api.site import api


def not_found(request: HttpRequest) -> HttpResponse:
    """Any address under /api/ that is not an endpoint."""
    return problem(404, _("There is nothing here, or not for you."), instance=request.path)


urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^.*$", not_found, name="api_not_found"),
]
