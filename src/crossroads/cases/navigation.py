"""Menu entries of the case records app."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_manage_data, can_work_with_cases
from crossroads.core.navigation import NavItem, register

register(NavItem("cases", _("Records"), "cases:list", can_work_with_cases, order=10))
register(NavItem("imports", _("Import"), "cases:import", can_manage_data, order=12))
