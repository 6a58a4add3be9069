"""Indicators of the catalogue that the network does not compute, each with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

from crossroads.codebook.definitions import Text
from crossroads.monitoring.indicators.base import Right
from crossroads.monitoring.texts import t


@dataclass(frozen=True)
class NotComputed:
    """An indicator of the catalogue that the network does not compute, and why.

    ``by_design`` is True when case records cannot give it at all (not
    persons, or not facts a caseworker records); False when the standard or
    the exchange tables do not hold the data yet."""

    code: str
    right: Right
    title: Text
    why: Text
    by_design: bool = False


NOT_COMPUTED: tuple[NotComputed, ...] = (
    NotComputed(
        "R8.4", Right.SAFE_REPORTING,
        t(_("Data-sharing incidents")),
        t(_("Not computed from case data by design: an incident (health, labour-inspection, shelter or police data reaching the immigration authorities) is an event about institutions, not an outcome of a person, and one incident may concern many persons or none registered. It belongs in an incident log kept by the network, counted as incidents, not as a share of persons.")),
        by_design=True,
    ),
)  # fmt: skip
"""Indicators of the catalogue not computed, with the reason shown on the pages and in the report."""
