"""Menu entry of the reporting inbox."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_work_with_cases
from crossroads.core.navigation import NavItem, register

register(
    NavItem("reporting", _("Reporting point"), "reporting:inbox", can_work_with_cases, order=30)
)
