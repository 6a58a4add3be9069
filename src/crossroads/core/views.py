"""The home page: what each role needs first when signing in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from crossroads.accounts.permissions import can_work_with_cases, is_analyst
from crossroads.cases.models import Case
from crossroads.core.home import analyst_panels


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Member staff see their organisation's records; analysts see the network."""
    user = request.user
    if can_work_with_cases(user):
        this_year = timezone.localdate().year
        cases = Case.objects.visible_to(user)
        context = {
            "this_year": this_year,
            "count_this_year": cases.filter(year=this_year).count(),
            "count_last_year": cases.filter(year=this_year - 1).count(),
            "count_total": cases.count(),
            "incomplete_count": cases.filter(missing_count__gt=0).count(),
            "recent": cases.select_related("updated_by").order_by("-updated_at")[:8],
            "incomplete": cases.filter(missing_count__gt=0).order_by("-updated_at")[:8],
        }
        return render(request, "core/home_member.html", context)
    if is_analyst(user):
        return render(request, "core/home_analyst.html", {"panels": analyst_panels(user)})
    return render(request, "core/home_other.html")
