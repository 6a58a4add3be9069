"""Menu entry of the network's monitoring, evaluation and learning."""

from django.utils.translation import gettext_lazy as _

from crossroads.core.navigation import NavItem, register
from crossroads.mel.access import can_read_mel

register(NavItem("mel", _("Plan and learning"), "mel:report", can_read_mel, order=89))
