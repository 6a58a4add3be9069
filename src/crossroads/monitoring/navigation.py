"""Menu entry of rights monitoring."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_read_network_monitoring
from crossroads.core.navigation import NavItem, register

register(
    NavItem(
        "monitoring", _("Monitoring"), "monitoring:overview", can_read_network_monitoring, order=40
    )
)


def _offers_checkin(user: object) -> bool:
    from crossroads.monitoring.checkin import can_offer_checkin

    return can_offer_checkin(user)


register(NavItem("checkin", _("Check-in"), "monitoring:checkin", _offers_checkin, order=41))
