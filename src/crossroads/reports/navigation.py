"""Menu entries of reports and publishing."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import is_analyst
from crossroads.core.navigation import NavItem, register

register(NavItem("reports", _("Reports"), "reports:index", is_analyst, order=45))
