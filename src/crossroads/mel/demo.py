"""Demo step: the network's plan as a log frame, a year of activities and learning notes.

Invented, for the demonstration network: three objectives of the plan (the data
exchange, monitoring and advocacy, a network that learns), indicators computed
from what the demo holds, activities of the secretariat and of members in
several countries over the demo's years, and what the network learned.
"""

from __future__ import annotations

from datetime import date

from crossroads.accounts.models import Role, User
from crossroads.core.demo import DemoContext
from crossroads.mel import services
from crossroads.mel.models import (
    Activity,
    ActivityKind,
    FocusArea,
    Indicator,
    LearningNote,
    Objective,
)

# (code, title, description, [(area code, area title, [(measure, target, verification)])])
PLAN = [
    ("1", "Members exchange comparable data every year",
     "Every member shares its yearly tables under the common standard and the data "
     "exchange agreement, so the network can speak with figures.",
     [("1.1", "Timely and complete annual exchange",
       [("members_on_time", 80, "Submission dates against the exchange deadline"),
        ("returned_corrected", 90, "Submission history")]),
      ("1.2", "Enough data to show each country's situation",
       [("countries_with_data", 60, "The network's figures of the accepted data"),
        ("trainings", 2, "Training records")])]),
    ("2", "Members hold states to their obligations",
     "Members contribute to the monitoring bodies of the Council of Europe, the United "
     "Nations and the EU, and advocate for the rights of trafficked persons.",
     [("2.1", "Contributions to monitoring bodies",
       [("body_contributions", 3, "The monitoring-body calendar"),
        ("rounds_contributed", 75, "Rounds of the year and their contributions")]),
      ("2.2", "Joint advocacy and publications",
       [("advocacy", 3, "Activity records"), ("publications", 2, "The library")])]),
    ("3", "A network that learns and protects its members",
     "The network looks back at its work each year, helps members under pressure and "
     "strengthens the services members give.",
     [("3.1", "Capacity building and exchange between members",
       [("capacity", 2, "Activity records"), ("people_reached", 120, "Attendance lists"),
        ("meetings", 1, "Meeting minutes")]),
      ("3.2", "Reports from the reporting points are answered",
       [("reports_handled", 80, "Reporting-point inboxes (counts only)")])]),
]  # fmt: skip

# (organisation code or None for the secretariat, month, day, kind, area, title, countries,
#  participants, outputs); repeated for each demo year from the second on.
ACTIVITIES = [
    (None, 2, 10, ActivityKind.TRAINING, "1.2", "Training of data officers on the standard",
     ["NLD", "DEU", "FRA", "ITA", "POL"], 34,
     "Data officers of twelve members practised coding exploitation forms and events; the "
     "questions raised went into the codebook's guidance."),
    (None, 4, 22, ActivityKind.MEETING, "3.1", "Annual meeting of the network",
     ["BEL"], 58, "Members agreed the year's advocacy priorities and the exchange timetable."),
    (None, 6, 5, ActivityKind.PUBLICATION, "2.2", "The network's annual figures",
     [], None, "Published report with the protected indicators by country."),
    (None, 9, 30, ActivityKind.ADVOCACY, "2.2", "Joint statement to the EU Anti-Trafficking "
     "Coordinator on the revised directive", [], None,
     "Signed by nineteen members; two recommendations taken up in the Council's conclusions."),
    (None, 11, 14, ActivityKind.CAPACITY, "3.1", "Peer visits on shelter standards",
     ["ROU", "BGR", "MDA"], 21,
     "Staff of three members visited shelters in Iași and Sofia and compared house rules."),
    ("nl-overweg", 3, 18, ActivityKind.TRAINING, "1.2", "Identification training for labour "
     "inspectors", ["NLD"], 26, "Inspectors of two regions trained on indicators of labour "
     "exploitation in warehouses."),
    ("nl-overweg", 10, 2, ActivityKind.BODY_SUBMISSION, "2.1", "Contribution to GRETA's "
     "country visit", ["NLD"], None, "Written answers on access to compensation."),
    ("de-wegweiser", 5, 12, ActivityKind.ADVOCACY, "2.2", "Hearing in the federal parliament "
     "on residence permits", ["DEU"], None,
     "Evidence on permits tied to cooperation with criminal proceedings."),
    ("it-crocevia", 7, 8, ActivityKind.TRAINING, "1.2", "Training of cultural mediators",
     ["ITA"], 18, "Mediators of four reception centres trained on early identification."),
    ("pl-rozdroze", 3, 3, ActivityKind.ADVOCACY, "2.2", "Consultation on the national action "
     "plan", ["POL"], None, "Written comments; the ministry kept two of five proposals."),
    ("pl-rozdroze", 8, 20, ActivityKind.PUBLICATION, "2.2", "Shadow report on labour "
     "exploitation in agriculture", ["POL"], None, "Published in Polish and English."),
    ("ro-punte", 4, 9, ActivityKind.CAPACITY, "3.1", "Case management exchange with Moldovan "
     "partners", ["ROU", "MDA"], 12, "Agreed a referral checklist for returning persons."),
    ("hu-keresztut", 6, 15, ActivityKind.BODY_SUBMISSION, "2.1", "Submission to the Universal "
     "Periodic Review", ["HUN"], None, "Joint submission with two human rights organisations."),
    ("gr-stavrodromi", 9, 12, ActivityKind.TRAINING, "1.2", "Training of island reception "
     "staff", ["GRC"], 31, "Staff of two reception centres trained on referral to shelters."),
    ("es-encrucijada", 11, 6, ActivityKind.ADVOCACY, "2.2", "Campaign on domestic work",
     ["ESP"], None, "Regional media coverage; meeting with the labour ministry."),
]  # fmt: skip

NOTES = [
    ("1.1", "Late submissions come from members without a data officer",
     "Most late tables came from small members where one person does casework and data.",
     "The exchange depends on a named person at each member; training alone does not help "
     "when there is nobody to train.",
     "The secretariat offers small members a data clinic in January, before the deadline."),
    ("2.1", "Joint submissions carry more weight than single ones",
     "GRETA's reports quoted joint submissions of several members more often than single "
     "ones, and rapporteurs asked for them during country visits.",
     "Drafting one country submission from the members' narratives saves each member work "
     "and gives the body one consistent picture.",
     "Every country round open for contributions gets a drafted joint submission."),
    ("3.1", "Peer visits change practice faster than guidelines",
     "Members that visited each other's shelters changed house rules within months.",
     "Seeing a practice at work convinces staff more than a written standard.",
     "Two peer visits a year are budgeted from now on."),
]  # fmt: skip


def build(context: DemoContext) -> str:
    """Set up the log frame and record activities and notes through the services."""
    analyst = User.objects.filter(role=Role.ANALYST, is_active=True).first()
    if analyst is None:
        return "no analyst: MEL skipped"
    areas: dict[str, FocusArea] = {}
    for code, title, description, area_rows in PLAN:
        objective = services.save_plan_item(
            analyst, Objective(), {"code": code, "title": title, "description": description}
        )
        assert isinstance(objective, Objective)
        for area_code, area_title, indicators in area_rows:
            area = services.save_plan_item(
                analyst,
                FocusArea(),
                {"objective": objective, "code": area_code, "title": area_title},
            )
            assert isinstance(area, FocusArea)
            areas[area_code] = area
            for measure, target, note in indicators:
                services.save_plan_item(
                    analyst,
                    Indicator(),
                    {"area": area, "measure": measure, "target": float(target), "note": note},
                )
    officers = {
        u.organisation.code: u
        for u in User.objects.filter(role=Role.DATA_OFFICER).select_related("organisation")
        if u.organisation
    }
    for number, year in enumerate(context.years[1:]):
        for row in ACTIVITIES:
            org_code, month, day, kind, area_code, title, countries, people, outputs = row
            who = analyst if org_code is None else officers.get(org_code)
            # Not every member repeats every activity every year.
            if who is None or (org_code is not None and (len(title) + number) % 3 == 0):
                continue
            services.record_activity(
                who,
                {
                    "kind": kind.value,
                    "title": title,
                    "started_on": date(year, month, day),
                    "ended_on": None,
                    "area": areas[area_code],
                    "countries": countries,
                    "participants": None if people is None else people + 3 * number,
                    "outputs": outputs,
                },
            )
    for number, (area_code, title, observed, learned, change) in enumerate(NOTES):
        services.save_note(
            analyst,
            LearningNote(),
            {
                "year": context.years[-1 - number % 2],
                "area": areas[area_code],
                "title": title,
                "observed": observed,
                "learned": learned,
                "change": change,
            },
        )
    return (
        f"MEL: {Objective.objects.count()} objectives, {Indicator.objects.count()} indicators, "
        f"{Activity.objects.count()} activities"
    )
