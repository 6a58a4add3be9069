"""Menu entry of rights monitoring."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_read_network_monitoring
from crossroads.core.navigation import NavItem, register

register(
    NavItem(
        "monitoring", _("Monitoring"), "monitoring:overview", can_read_network_monitoring, order=40
    )
)
