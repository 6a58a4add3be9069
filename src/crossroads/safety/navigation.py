"""Menu entries of the safety pages."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_work_with_cases, is_analyst
from crossroads.core.navigation import NavItem, register

register(NavItem("safety", _("Safety"), "safety:protocol", can_work_with_cases, order=88))
register(NavItem("safety_network", _("Members' safety"), "safety:network", is_analyst, order=88))
