"""Menu entry of the library."""

from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import AnyUser, is_analyst, is_member_user
from crossroads.core.navigation import NavItem, register


def _reader(user: AnyUser) -> bool:
    return is_member_user(user) or is_analyst(user)


register(NavItem("library", _("Library"), "library:index", _reader, order=80))
