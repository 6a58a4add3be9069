"""Menu entry of the audit log."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import AnyUser, can_administer_organisation, is_analyst
from crossroads.core.navigation import NavItem, register


def _may_read_log(user: AnyUser) -> bool:
    return can_administer_organisation(user) or is_analyst(user)


register(NavItem("audit", _("Audit log"), "audit:log", _may_read_log, order=90))
