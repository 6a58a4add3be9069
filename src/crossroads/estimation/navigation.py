"""Menu entry and home-page panel of the estimation app (analysts only)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import User
from crossroads.accounts.permissions import is_analyst
from crossroads.core.home import Panel, register_panel
from crossroads.core.navigation import NavItem, register
from crossroads.estimation.forms import country_label
from crossroads.estimation.models import Estimate
from crossroads.estimation.presenters import Count, number

register(NavItem("estimation", gettext_lazy("Hidden victims"), "estimation:index", is_analyst, 40))


@register_panel
def latest_estimate(user: User) -> Panel | None:
    """The latest finished estimate, or an invitation to make one."""
    if not is_analyst(user):
        return None
    latest = Estimate.objects.filter(status=Estimate.Status.DONE).defer("result").first()
    if latest is None or latest.population_size is None:
        text = _(
            "Estimate how many victims no list saw, from how members' and others' lists overlap."
        )
    else:
        text = _("Latest: %(country)s %(year)s, about %(size)s people (%(observed)s seen).") % {
            "country": country_label(latest.country),
            "year": latest.year,
            "size": number(latest.population_size),
            "observed": str(Count(latest.observed)),
        }
    return Panel(
        title=_("Hidden-victim estimates"),
        text=text,
        url=reverse("estimation:index"),
        link_label=_("Open estimates"),
        order=40,
    )
