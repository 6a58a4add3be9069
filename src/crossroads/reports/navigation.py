"""Menu entries of reports and publishing."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import is_analyst
from crossroads.core.navigation import NavItem, register

register(NavItem("reports", _("Reports"), "reports:index", is_analyst, order=45))


def _signed_in(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False))


register(NavItem("public", _("Published figures"), "public:home", _signed_in, order=95))
