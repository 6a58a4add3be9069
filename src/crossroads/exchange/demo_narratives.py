"""Invented narratives of the demo members: the national situation, practices, projects,
obstacles and recommendations they write beside their tables. Every organisation, law
reference and figure here is invented for the demo."""

from __future__ import annotations

from typing import Any

Answers = dict[str, list[dict[str, Any]]]

NARRATIVES: dict[str, Answers] = {
    "nl-overweg": {
        "situation": [
            {
                "right": "R4",
                "kind": "policy",
                "direction": "better",
                "description": "The residence scheme for victims was changed on 1 July: a "
                "person who does not report to the police can now obtain a temporary permit "
                "after a multidisciplinary assessment. In the first six months, 41 of our "
                "clients applied; 17 decisions were taken, 12 of them positive.",
                "sources": "Aliens Circular, chapter B8/3, amended 1 July\n"
                "Ministry of Justice letter to Parliament on the multidisciplinary assessment",
            },
            {
                "right": "R1",
                "kind": "funding",
                "direction": "worse",
                "description": "Shelter places for male victims remained at 20 nationally "
                "while referrals of men exploited in logistics and meat processing grew; "
                "waiting times reached six weeks and several men stayed in homeless shelters.",
                "sources": "Annual monitor of the categorical shelters\n"
                "Our own register of referrals refused for lack of places",
            },
        ],
        "practices": [
            {
                "title": "Joint intake with the labour inspectorate",
                "rights": ["R2", "R1"],
                "what": "When inspectors find signs of labour exploitation, one of our "
                "caseworkers joins the interview on site, explains the rights of the worker "
                "in their language and offers shelter the same day.",
                "who": "Labour Inspectorate, regional teams South and East; our outreach team",
                "evidence": "34 workers accepted assistance after a joint intake, against 6 "
                "in the year before the arrangement.",
                "contact_role": "Coordinator of the outreach team",
            }
        ],
        "projects": [
            {
                "title": "Safe at Work",
                "topic": "Prevention of labour exploitation among seasonal workers",
                "start": 2024,
                "end": 2026,
                "partners": "Two trade unions, the regional public health service",
                "funding": "national_public",
                "outputs": "Information cards in eight languages, 14 information sessions "
                "at agencies' housing sites.",
            }
        ],
        "obstacles": [
            {
                "kind": "access",
                "rights": ["R2"],
                "description": "Border police do not call us when they stop minors travelling "
                "alone at the airport, so identification depends on officers who had no "
                "training in the indicators of trafficking.",
            }
        ],
        "recommendations": [
            {
                "addressee": "government",
                "right": "R1",
                "text": "Fund at least 40 shelter places for men and set a maximum waiting "
                "time of one week.",
            },
            {
                "addressee": "law_enforcement",
                "right": "R2",
                "text": "Make it a standing instruction for border police to inform a "
                "specialised NGO whenever a child travelling alone is stopped.",
            },
        ],
    },
    "de-wegweiser": {
        "situation": [
            {
                "right": "R6",
                "kind": "law",
                "direction": "better",
                "description": "Since the reform of the victims' compensation law, trafficked "
                "persons can receive benefits without proving a physical assault. Processing "
                "still takes more than a year, and none of our clients' claims filed in the "
                "first half of the year was decided by December.",
                "sources": "Social Code, Book XIV, in force since 1 January\n"
                "Federal association of counselling centres, annual data report",
            },
            {
                "right": "R7",
                "kind": "practice",
                "direction": "worse",
                "description": "Prosecutors in two districts charged women exploited in "
                "prostitution with tax offences for the income their exploiters took. The "
                "non-punishment provision was not raised by the defence in either case.",
                "sources": "Court files followed by our counsellors (anonymised summaries)",
            },
        ],
        "practices": [
            {
                "title": "Counselling in the reception centre for refugees",
                "rights": ["R2", "R8"],
                "what": "A counsellor holds a weekly consultation hour in the arrival centre, "
                "so that refugees from Ukraine approached with job offers can check them "
                "safely before travelling on.",
                "who": "Berlin State Office for Refugees; our counselling team",
                "evidence": "212 consultations; 19 offers identified as likely exploitation "
                "and reported with the person's consent.",
                "contact_role": "Head of counselling",
            }
        ],
        "obstacles": [
            {
                "kind": "implementation",
                "rights": ["R3"],
                "description": "The foreigners' authorities refuse the reflection period to "
                "EU citizens, considering that freedom of movement makes it unnecessary, so "
                "exploited EU workers get no protection from expulsion by their employer's "
                "housing.",
            }
        ],
        "recommendations": [
            {
                "addressee": "government",
                "right": "R3",
                "text": "Clarify by decree that the recovery and reflection period applies "
                "to EU citizens too.",
            }
        ],
    },
    "fr-carrefour": {
        "situation": [
            {
                "right": "R4",
                "kind": "practice",
                "direction": "mixed",
                "description": "Les préfectures appliquent de façon inégale la délivrance de "
                "la carte de séjour aux victimes qui ne portent pas plainte : dans le Rhône, "
                "9 demandes sur 14 ont abouti, contre 1 sur 8 dans le département voisin.",
                "sources": "Code de l'entrée et du séjour des étrangers, article L. 425-1\n"
                "Suivi des demandes par notre service juridique",
            }
        ],
        "practices": [
            {
                "title": "Permanence juridique au tribunal judiciaire",
                "rights": ["R6", "R7"],
                "what": "Une juriste de l'association tient une permanence hebdomadaire au "
                "tribunal pour informer les victimes de leurs droits à indemnisation et au "
                "principe de non-sanction.",
                "who": "Barreau de Lyon, service d'aide aux victimes du tribunal",
                "evidence": "23 victimes accompagnées devant la CIVI, 11 indemnisations accordées.",
                "contact_role": "Responsable du service juridique",
            }
        ],
        "recommendations": [
            {
                "addressee": "government",
                "right": "R4",
                "text": "Publier une circulaire fixant des critères communs de délivrance de "
                "la carte de séjour aux victimes de la traite.",
            }
        ],
    },
    "it-approdo": {
        "situation": [
            {
                "right": "R9",
                "kind": "practice",
                "direction": "worse",
                "description": "Labour exploitation in greenhouse agriculture rose again: 61% "
                "of the persons we assisted were exploited in farming, most recruited by "
                "intermediaries charging for transport and housing.",
                "sources": "Our case register; regional labour inspectorate activity report",
            }
        ],
        "projects": [
            {
                "title": "Terra Libera",
                "topic": "Outreach to farm workers and legal counselling",
                "start": 2023,
                "end": 2025,
                "partners": "Two agricultural trade unions, a mobile medical unit",
                "funding": "eu",
                "outputs": "Weekly outreach in 12 rural settlements; 318 legal consultations.",
            }
        ],
        "obstacles": [
            {
                "kind": "resources",
                "rights": ["R1"],
                "description": "The regional anti-trafficking programme was funded for nine "
                "months instead of twelve, leaving a gap of three months without shelter "
                "places for new referrals.",
            }
        ],
        "recommendations": [
            {
                "addressee": "government",
                "right": "R1",
                "text": "Fund the regional anti-trafficking programmes for several years at "
                "a time, so that assistance does not stop between calls for proposals.",
            },
            {
                "addressee": "labour_inspection",
                "right": "R2",
                "text": "Train labour inspectors in the indicators of trafficking and refer "
                "presumed victims to specialised NGOs before any check of residence status.",
            },
        ],
    },
    "es-encrucijada": {
        "situation": [
            {
                "right": "R1",
                "kind": "law",
                "direction": "better",
                "description": "The new law on sexual freedom recognises unconditional "
                "assistance for victims of trafficking for sexual exploitation; victims of "
                "labour exploitation are still waiting for the comprehensive trafficking law, "
                "stalled in Parliament.",
                "sources": "Organic Law 10/2022\nParliamentary record of the draft "
                "comprehensive law on trafficking",
            }
        ],
        "obstacles": [
            {
                "kind": "data",
                "rights": ["R6"],
                "description": "Courts do not publish data on compensation awarded to victims "
                "of trafficking, so whether compensation is paid can only be followed case by "
                "case.",
            }
        ],
        "recommendations": [
            {
                "addressee": "judiciary",
                "right": "R6",
                "text": "Record and publish every year the compensation awarded and paid to "
                "victims of trafficking.",
            }
        ],
    },
    "ro-punte": {
        "situation": [
            {
                "right": "R10",
                "kind": "policy",
                "direction": "better",
                "description": "The national strategy adopted this year requires child "
                "protection services to appoint a case manager within 24 hours for every child "
                "identified as a presumed victim.",
                "sources": "National strategy against trafficking, objective 3\n"
                "Government decision approving the strategy",
            }
        ],
        "practices": [
            {
                "title": "Return with a receiving caseworker",
                "rights": ["R1", "R10"],
                "what": "Persons returning from abroad are met at the airport by a caseworker "
                "who already knows their file from the referring NGO, and accompanied to "
                "safe housing.",
                "who": "Partner NGOs in Italy, Spain and Germany; our reintegration team",
                "evidence": "All 38 persons returned this way were still in assistance after "
                "three months.",
                "contact_role": "Coordinator of transnational referrals",
            }
        ],
        "recommendations": [
            {
                "addressee": "rapporteur",
                "right": "R10",
                "text": "Report every year how many children received a case manager within "
                "24 hours.",
            }
        ],
    },
}

# The demo data officer's draft of the latest year: a contact slipped into a practice,
# which the personal-data check stops before submission.
SLIP = "Our coordinator Anna de Vries, 06 12345678"

# The first version of a returned submission said less; the corrected version adds this.
FIRST_VERSION_WITHOUT = {"it-approdo": "recommendations"}


def with_slip(answers: Answers) -> Answers:
    """``answers`` with the contact of the first practice written as a person, not a role."""
    practices = [dict(p) for p in answers.get("practices", [])]
    if practices:
        practices[0]["contact_role"] = SLIP
    return {**answers, "practices": practices}
