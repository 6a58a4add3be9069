"""Menu entries and the analyst's home panel of the data exchange."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_work_with_cases, is_analyst
from crossroads.core.home import Panel, register_panel
from crossroads.core.navigation import NavItem, register
from crossroads.exchange.models import Status, Submission

register(
    NavItem("exchange", gettext_lazy("Data exchange"), "exchange:overview", can_work_with_cases, 40)
)
register(NavItem("inbox", gettext_lazy("Submissions"), "exchange:inbox", is_analyst, 20))
register(NavItem("network", gettext_lazy("Network tables"), "exchange:network", is_analyst, 25))


@register_panel
def submissions_panel(user: User) -> Panel | None:
    """How many submissions await review."""
    if not is_analyst(user):
        return None
    waiting = Submission.objects.filter(status=Status.SUBMITTED).count()
    return Panel(
        title=_("Submissions"),
        text=(
            _("%(n)s submissions await your review.") % {"n": waiting}
            if waiting
            else _("No submission awaits review.")
        ),
        url=reverse("exchange:inbox"),
        link_label=_("Open the inbox"),
        order=10,
    )
