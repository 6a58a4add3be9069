"""Demo step: three members run a reporting point, with keys and a few reports.

Stichting Overweg (Netherlands, also the network's fallback), Beratungsstelle Wegweiser
Berlin and Fundația Punte București take reports. Their staff open them with the
published passphrase :data:`DEMO_REPORTING_PASSPHRASE`; one report can be opened as its
reporter with :data:`DEMO_RECEIPT` and :data:`DEMO_REPORTER_PASSPHRASE`. Every report is
invented.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from crossroads.accounts.models import Organisation, Role, User
from crossroads.core.demo import DemoContext
from crossroads.reporting.models import Report
from crossroads.reporting.services import keys, reporter, triage

#: The published reporting passphrase of the three demo reporting points.
DEMO_REPORTING_PASSPHRASE = "crossroads-reporting-demo"  # noqa: S105 - published demo secret
#: A published receipt code and passphrase, to come back to one report as its reporter.
DEMO_RECEIPT = "2024 1107 3316 5508"
DEMO_REPORTER_PASSPHRASE = "greenhouse-demo"  # noqa: S105 - published demo secret

POINTS = [
    # organisation, countries, kinds, languages, network fallback
    ("nl-overweg", ["NLD"], [], ["en", "fr", "ru"], True),
    ("de-wegweiser", ["DEU"], ["labour", "domestic_servitude", "forced_criminality"],
     ["en", "ru"], False),
    ("ro-punte", ["ROU", "MDA"], [], ["en", "fr"], False),
]  # fmt: skip

# (organisation, days ago, status, answers, reply from the organisation or "")
REPORTS: list[tuple[str, int, str, dict[str, Any], str]] = [
    (
        "nl-overweg",
        3,
        "new",
        {
            "in_danger": "no",
            "kinds": ["labour"],
            "sector": "A",
            "controls": ["withholds_documents", "takes_earnings", "debt_bondage"],
            "country": "NLD",
            "region": "Westland",
            "when": "ongoing",
            "who": "self",
            "child": "no",
            "text": "We are eight workers in a tomato greenhouse. The agency keeps our passports "
            "and takes 400 euro a month for a room we share with five people. They say "
            "we owe them for the bus from Romania.",
            "contact": "here",
            "channel": "",
            "statistics": "yes",
            "case_record": "yes",
            "authorities": "no",
        },
        "",
    ),
    (
        "nl-overweg",
        12,
        "in_progress",
        {
            "in_danger": "no",
            "kinds": ["domestic_servitude"],
            "sector": "T",
            "controls": ["restricts_movement", "excessive_working_hours"],
            "country": "NLD",
            "region": "Amstelveen",
            "when": "ongoing",
            "who": "other",
            "child": "no",
            "text": "My neighbour's nanny never leaves the house and works from six in the "
            "morning until late. She told me she has not been paid since summer.",
            "contact": "channel",
            "channel": "Signal, evenings after 20:00",
            "statistics": "yes",
            "case_record": "no",
            "authorities": "no",
        },
        "Thank you for telling us. Could you ask her whether she would like to speak to one "
        "of our counsellors? We can meet her somewhere she feels safe, and we speak Tagalog.",
    ),
    (
        "nl-overweg",
        40,
        "referred",
        {
            "in_danger": "yes",
            "kinds": ["sexual"],
            "sector": "",
            "controls": ["physical_threats"],
            "country": "NLD",
            "region": "",
            "when": "last_month",
            "who": "self",
            "child": "unknown",
            "text": "They took my phone and say my family will pay if I leave.",
            "contact": "here",
            "channel": "",
            "statistics": "no",
            "case_record": "yes",
            "authorities": "police",
        },
        "We have passed your report to the specialised police team, as you agreed. A woman "
        "from our team will be with you at every meeting.",
    ),
    (
        "de-wegweiser",
        5,
        "new",
        {
            "in_danger": "no",
            "kinds": ["labour"],
            "sector": "F",
            "controls": ["takes_earnings", "threat_law_enforcement"],
            "country": "DEU",
            "region": "Brandenburg",
            "when": "last_month",
            "who": "self",
            "child": "no",
            "text": "Building site near Potsdam. Subcontractor pays 3 euro an hour cash and "
            "says he will call immigration if we complain.",
            "contact": "here",
            "channel": "",
            "statistics": "yes",
            "case_record": "yes",
            "authorities": "no",
        },
        "",
    ),
    (
        "de-wegweiser",
        30,
        "closed",
        {
            "in_danger": "no",
            "kinds": ["forced_criminality"],
            "sector": "",
            "controls": ["debt_bondage"],
            "country": "DEU",
            "region": "Hamburg",
            "when": "last_year",
            "who": "other",
            "child": "yes",
            "text": "Two boys, maybe 15, are made to sell drugs at the station to pay a debt.",
            "contact": "none",
            "channel": "",
            "statistics": "yes",
            "case_record": "no",
            "authorities": "no",
        },
        "",
    ),
    (
        "ro-punte",
        8,
        "in_progress",
        {
            "in_danger": "no",
            "kinds": ["labour", "other"],
            "sector": "I",
            "controls": ["false_promises", "withholds_necessities"],
            "country": "ROU",
            "region": "Constanța",
            "when": "ongoing",
            "who": "self",
            "child": "no",
            "text": "Seasonal work in a hotel kitchen. We sleep in the storeroom and get one meal "
            "a day. The contract said 2,500 lei, we got 600.",
            "contact": "here",
            "channel": "",
            "statistics": "yes",
            "case_record": "yes",
            "authorities": "labour_inspection",
        },
        "We can go with you to the labour inspection in Constanța. Would Tuesday or Thursday "
        "morning be possible?",
    ),
]


def build(context: DemoContext) -> str:
    """Reporting points with keys for three members, and their reports."""
    organisations = {org.code: org for org in Organisation.objects.all()}
    for code, countries, kinds, languages, fallback in POINTS:
        organisation = organisations[code]
        admin = _admin(organisation)
        keys.set_up_key(admin, organisation, DEMO_REPORTING_PASSPHRASE)
        keys.update_point(
            admin,
            keys.point_for(organisation),
            is_open=True,
            countries=countries,
            kinds=kinds,
            languages=languages,
            network_fallback=fallback,
            retention_days=90,
        )
    today = timezone.localdate()
    for number, (code, days_ago, status, answers, reply) in enumerate(REPORTS):
        point = keys.point_for(organisations[code])
        staff = _admin(point.organisation)
        report, _receipt = reporter.submit(
            point,
            reporter.Submission(
                country=answers["country"],
                kinds=answers["kinds"],
                language="en",
                answers=answers,
                passphrase=DEMO_REPORTER_PASSPHRASE,
                consent_statistics=answers["statistics"] == "yes",
                consent_case_record=answers["case_record"] == "yes",
            ),
            receipt=DEMO_RECEIPT if number == 0 else "",
        )
        Report.objects.filter(pk=report.pk).update(received_on=today - timedelta(days=days_ago))
        if reply:
            triage.reply(staff, report, reply)
        if status != "new":
            triage.set_status(staff, report, status)
    return f"{len(POINTS)} reporting points, {len(REPORTS)} reports"


def _admin(organisation: Organisation) -> User:
    """The organisation's administrator, or any of its people (the demo names only some)."""
    people = User.objects.filter(organisation=organisation)
    return (
        people.filter(role=Role.ORG_ADMIN).first()
        or people.order_by("pk").first()
        or _missing(organisation)
    )


def _missing(organisation: Organisation) -> User:
    raise LookupError(f"the demo has nobody at {organisation.code}")
