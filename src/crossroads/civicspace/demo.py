"""Demo step: civic space incidents recorded by members, a few shared with the network.

Invented. Keresztút Budapest and Rozdroże Warsaw see incidents rise (funding cut,
exclusion from consultations, a smear campaign, a state-organised competitor);
Italian, Greek and Bulgarian members record a few each; most countries have too
few for their counts to show.
"""

from __future__ import annotations

from datetime import date

from crossroads.accounts.models import Role, User
from crossroads.civicspace.models import CivicIncident, Kind
from crossroads.civicspace.services import record_incident
from crossroads.core.demo import DemoContext

DESCRIPTIONS = {
    Kind.FUNDING_CUT: "The ministry ended the grant for our shelter three months before the "
    "end of the agreed period, without giving a reason.",
    Kind.FUNDING_BLOCKED: "Payment of the approved grant was frozen pending an audit that "
    "found nothing; staff worked unpaid for two months.",
    Kind.EXCLUDED_NRM: "We were no longer invited to the referral mechanism's case "
    "conferences after we criticised the police's identification practice.",
    Kind.EXCLUDED_CONSULTATION: "The draft national action plan was consulted with two "
    "government-friendly organisations only.",
    Kind.LEGAL_HARASSMENT: "Tax and labour inspections were carried out four times in one "
    "year, each time after a media statement of ours.",
    Kind.THREAT: "Staff at the drop-in centre received threatening messages after a report "
    "on exploitation in the construction sector.",
    Kind.ATTACK: "The windows of our counselling office were smashed at night; the police "
    "closed the investigation within a week.",
    Kind.SMEAR: "A pro-government news portal called us foreign agents working against the "
    "country's interests.",
    Kind.STATE_COMPETITOR: "A newly founded organisation close to the ministry received the "
    "national hotline contract we had held for ten years.",
}
# (organisation, year, kind, severity, shared)
INCIDENTS: list[tuple[str, int, Kind, int, bool]] = [
    *[("hu-keresztut", 2023, k, 2, False) for k in (Kind.FUNDING_CUT, Kind.SMEAR, Kind.SMEAR)],
    *[
        ("hu-keresztut", 2024, k, 3, False)
        for k in (Kind.EXCLUDED_CONSULTATION, Kind.SMEAR, Kind.LEGAL_HARASSMENT, Kind.SMEAR)
    ],
    *[
        ("hu-keresztut", 2025, k, s, sh)
        for k, s, sh in (
            (Kind.STATE_COMPETITOR, 4, True),
            (Kind.FUNDING_CUT, 4, True),
            (Kind.EXCLUDED_NRM, 3, False),
            (Kind.SMEAR, 2, False),
            (Kind.SMEAR, 2, False),
            (Kind.LEGAL_HARASSMENT, 3, True),
            (Kind.THREAT, 4, False),
            (Kind.EXCLUDED_CONSULTATION, 2, False),
        )
    ],
    *[("pl-rozdroze", 2024, k, 2, False) for k in (Kind.FUNDING_BLOCKED, Kind.EXCLUDED_NRM)],
    *[
        ("pl-rozdroze", 2025, k, 3, k == Kind.THREAT)
        for k in (Kind.FUNDING_CUT, Kind.THREAT, Kind.SMEAR, Kind.EXCLUDED_CONSULTATION)
    ],
    *[("it-approdo", 2024, k, 2, False) for k in (Kind.FUNDING_BLOCKED,) * 3],
    *[("it-crocevia", 2024, k, 2, False) for k in (Kind.FUNDING_BLOCKED, Kind.ATTACK)],
    *[("it-approdo", 2025, k, 2, False) for k in (Kind.FUNDING_BLOCKED, Kind.THREAT)],
    *[("it-crocevia", 2025, k, 3, True) for k in (Kind.ATTACK, Kind.FUNDING_CUT)],
    ("gr-stavrodromi", 2024, Kind.LEGAL_HARASSMENT, 3, False),
    ("gr-stavrodromi", 2025, Kind.LEGAL_HARASSMENT, 3, True),
    ("bg-krastopat", 2025, Kind.SMEAR, 2, False),
    ("nl-overweg", 2025, Kind.THREAT, 2, False),
]


def build(context: DemoContext) -> str:
    """Record the incidents through the service, as the members' data officers."""
    officers = {
        u.organisation.code: u
        for u in User.objects.filter(role=Role.DATA_OFFICER).select_related("organisation")
        if u.organisation
    }
    for number, (code, year, kind, severity, shared) in enumerate(INCIDENTS):
        if code not in officers or year not in context.years:
            continue
        record_incident(
            officers[code],
            {
                "kind": kind.value,
                "occurred_on": date(year, 1 + number * 5 % 12, 1 + number * 7 % 27),
                "severity": severity,
                "description": DESCRIPTIONS[kind],
                "shared": shared,
            },
        )
    told = CivicIncident.objects.filter(shared=True).count()
    return f"{CivicIncident.objects.count()} civic space incidents, {told} shared"
