"""Emergency numbers shown first to someone who is in danger now.

112 reaches the emergency services free of charge in every member state of the
European Union and in many other countries of Europe; the national numbers listed
beside it are those of the police where the country keeps its own. 116 111 is the
harmonised European number of the child helplines.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EUROPEAN_EMERGENCY = "112"
CHILD_HELPLINE = "116 111"


@dataclass(frozen=True)
class Number:
    label: str | Promise
    number: str


# National police numbers beside 112 (ISO alpha-3).
_POLICE = {
    "BEL": "101",
    "DEU": "110",
    "AUT": "133",
    "FRA": "17",
    "ITA": "113",
    "ESP": "091",
    "GBR": "999",
    "IRL": "999",
    "CHE": "117",
    "UKR": "102",
    "RUS": "102",
    "GRC": "100",
    "POL": "997",
}


def numbers_for(country: str) -> list[Number]:
    """The numbers to show for ``country`` (ISO alpha-3; any country gets 112)."""
    numbers = [Number(_("Emergency (police, ambulance, fire)"), EUROPEAN_EMERGENCY)]
    if country in _POLICE:
        numbers.append(Number(_("Police"), _POLICE[country]))
    numbers.append(Number(_("Help for children (child helpline)"), CHILD_HELPLINE))
    return numbers
