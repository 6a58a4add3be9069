"""Menu entry of the monitoring-body calendar."""

from django.utils.translation import gettext_lazy as _

from crossroads.bodies.access import can_contribute
from crossroads.core.navigation import NavItem, register

register(NavItem("bodies", _("Monitoring bodies"), "bodies:calendar", can_contribute, order=75))
