"""Demo step: rounds of the monitoring bodies for several countries, with contributions.

Invented: the dates are set around the day the demo is built, so that the
calendar always has deadlines ahead, and every round and contribution is
marked ``demo`` (the pages say so). The register of bodies is real.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from crossroads.accounts.models import Organisation, Role, User
from crossroads.bodies.models import Stage
from crossroads.bodies.services import ContributionInput, add_contribution, create_round
from crossroads.core.demo import DemoContext
from crossroads.library.models import Document

# (body, country, title, deadline in days from today, event, event in days, stage, lead)
ROUNDS: list[tuple[str, str, str, int, str, int | None, Stage, str]] = [
    ("greta", "NLD", "Fourth evaluation round", 21, "Country visit", 80, Stage.OPEN, "nl-overweg"),
    (
        "greta",
        "DEU",
        "Fourth evaluation round",
        96,
        "Country visit",
        170,
        Stage.PLANNED,
        "de-wegweiser",
    ),
    (
        "greta",
        "DEU",
        "Third evaluation round",
        -900,
        "Country visit",
        -820,
        Stage.CLOSED,
        "de-wegweiser",
    ),
    (
        "greta",
        "ROU",
        "Fourth evaluation round",
        -35,
        "Country visit",
        24,
        Stage.SUBMITTED,
        "ro-punte",
    ),
    (
        "cop",
        "POL",
        "Report on the implementation of the recommendations",
        44,
        "",
        None,
        Stage.OPEN,
        "pl-rozdroze",
    ),
    (
        "cedaw",
        "FRA",
        "Tenth periodic report: list of issues",
        12,
        "Pre-sessional working group",
        58,
        Stage.OPEN,
        "fr-carrefour",
    ),
    (
        "crc",
        "BGR",
        "Combined seventh and eighth reports",
        83,
        "Pre-session",
        140,
        Stage.PLANNED,
        "bg-krastopat",
    ),
    (
        "upr",
        "HUN",
        "Fifth cycle",
        6,
        "Review in the working group",
        190,
        Stage.OPEN,
        "hu-keresztut",
    ),
    (
        "upr",
        "ITA",
        "Fifth cycle",
        131,
        "Review in the working group",
        300,
        Stage.PLANNED,
        "it-crocevia",
    ),
    ("national", "NLD", "Annual monitor on trafficking", 50, "", None, Stage.OPEN, "nl-kompas"),
    ("eu-atc", "", "Sixth progress report under the Directive", 63, "", None, Stage.PLANNED, ""),
    (
        "unsr",
        "",
        "Call for input: trafficking in supply chains of the care sector",
        33,
        "Report to the Human Rights Council",
        150,
        Stage.OPEN,
        "",
    ),
]
NOTES = {
    ("greta", "NLD"): "GRETA's questionnaire for NGOs focuses on vulnerabilities, online "
    "recruitment and the follow-up of the third round's recommendations on compensation.",
    ("upr", "HUN"): "Joint submission with two other national NGOs; the network adds its "
    "figures on identification and residence permits.",
}
# (body, country, title, organisation, kind, summary, days before today, library title)
CONTRIBUTIONS: list[tuple[str, str, str, str, str, str, int, str]] = [
    (
        "greta",
        "ROU",
        "Fourth evaluation round",
        "ro-punte",
        "written",
        "Answers to GRETA's questionnaire on identification of children and labour exploitation.",
        36,
        "",
    ),
    (
        "greta",
        "ROU",
        "Fourth evaluation round",
        "ro-rascruce",
        "data",
        "Protected figures on referrals and assistance from the network's annual exchange.",
        37,
        "",
    ),
    (
        "greta",
        "DEU",
        "Third evaluation round",
        "de-wegweiser",
        "written",
        "Shadow report on access to justice and compensation.",
        905,
        "Schattenbericht an GRETA",
    ),
    (
        "greta",
        "DEU",
        "Third evaluation round",
        "de-fairarbeit",
        "meeting",
        "Meeting with the GRETA delegation on labour exploitation in meat processing.",
        822,
        "",
    ),
    (
        "upr",
        "HUN",
        "Fifth cycle",
        "hu-keresztut",
        "written",
        "First draft of the joint submission shared with partners.",
        2,
        "",
    ),
]


def _officer(organisation: Organisation) -> User:
    return User.objects.filter(organisation=organisation, role=Role.DATA_OFFICER).first() or (
        User.objects.filter(organisation=organisation, role=Role.ORG_ADMIN).get()
    )


def build(context: DemoContext) -> str:
    today = timezone.localdate()
    analyst = User.objects.filter(role=Role.ANALYST).order_by("pk").first()
    assert analyst is not None, "the accounts step creates the secretariat's analyst"
    orgs = {o.code: o for o in Organisation.objects.all()}
    made: dict[tuple[str, str, str], Any] = {}
    for body, country, title, deadline, event, event_in, stage, lead in ROUNDS:
        values: dict[str, Any] = {
            "body": body,
            "country": country,
            "title": title,
            "opens_on": _day(today, deadline - 90),
            "deadline": _day(today, deadline),
            "event_on": _day(today, event_in) if event_in is not None else None,
            "event": event,
            "stage": stage,
            "lead": orgs.get(lead),
            "notes": NOTES.get((body, country), ""),
            "source_url": "",
        }
        made[(body, country, title)] = create_round(analyst, values, demo=True)
    contributions = 0
    for body, country, title, code, kind, summary, ago, document in CONTRIBUTIONS:
        organisation = orgs[code]
        found = Document.objects.filter(organisation=organisation, title=document).first()
        add_contribution(
            _officer(organisation),
            made[(body, country, title)],
            ContributionInput(kind, summary, _day(today, -ago), found if document else None),
            demo=True,
        )
        contributions += 1
    return f"{len(made)} rounds of monitoring bodies, {contributions} contributions"


def _day(today: date, days: int) -> date:
    return today + timedelta(days=days)
