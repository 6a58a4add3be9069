"""Menu entry of the organisation's people, for its administrators."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_manage_people
from crossroads.core.navigation import NavItem, register

register(NavItem("people", _("People"), "accounts:people", can_manage_people, order=85))
