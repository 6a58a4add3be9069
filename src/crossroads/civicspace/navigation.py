"""Menu entries of the civic space pages."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_manage_data, is_analyst
from crossroads.core.navigation import NavItem, register

register(NavItem("civicspace", _("Civic space"), "civicspace:incidents", can_manage_data, order=86))
register(
    NavItem("civicspace_network", _("Civic space"), "civicspace:network", is_analyst, order=86)
)
