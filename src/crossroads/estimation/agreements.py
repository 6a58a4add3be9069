"""Which members contribute linkage tokens to hidden-victim estimates.

A member's records take part in an overlap table only if its data exchange
agreement says it contributes linkage tokens, and then only the records
whose consent allows it (``contributes_to_linkage``). The agreements are
kept by the data exchange app; until they are in place this module is the
one place that decides, and it lets every member and associate member
contribute (their records' consent still applies).
"""

from __future__ import annotations

from crossroads.accounts.models import Organisation


def member_contributes_tokens(organisation: Organisation) -> bool:
    """Whether ``organisation``'s data exchange agreement lets it contribute linkage tokens.

    To be switched to the agreement once data exchange agreements exist; until
    then every organisation that keeps case records contributes.
    """
    return organisation.holds_case_records
