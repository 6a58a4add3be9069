"""Cards on the analyst's home page: rights monitoring and the annual report."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.core.home import Panel, register_panel
from crossroads.exchange import public
from crossroads.monitoring.models import CountryProfile


@register_panel
def monitoring_panel(user: User) -> Panel:
    """The latest cohort year with accepted data, and how many profiles are documented.

    Reads only which years have accepted submissions: aggregating them is
    left to the data exchange."""
    years = list(public.states())
    profiles = CountryProfile.objects.count()
    if years:
        text = _(
            "Rights indicators from accepted submissions, latest cohort %(year)s; "
            "%(profiles)s country profiles documented."
        ) % {"year": years[-1], "profiles": profiles}
    else:
        text = _("No accepted submissions yet; %(profiles)s country profiles documented.") % {
            "profiles": profiles
        }
    return Panel(
        title=_("Rights monitoring"),
        text=text,
        url=reverse("monitoring:overview"),
        link_label=_("Open the dashboards"),
        order=30,
    )


@register_panel
def report_panel(user: User) -> Panel:
    """Where to build and publish the annual joint monitoring report."""
    return Panel(
        title=_("Annual monitoring report"),
        text=_("Build the year's report as HTML and PDF, check it, and publish the figures."),
        url=reverse("reports:index"),
        link_label=_("Open the reports"),
        order=35,
    )
