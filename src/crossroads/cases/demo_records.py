"""Drawing one synthetic case record from a country profile.

Everything a record holds is drawn here in canonical form; the demo step
validates each record through the standard before saving it, so the demo
can never hold a value the standard would refuse.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from crossroads.cases.demo_profiles import Profile

DEMO_TODAY = date(2026, 6, 30)  # outcomes after this day are still pending in the demo
EU = ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"]  # fmt: skip
ADULT_BANDS = {"18_20": 0.14, "21_23": 0.17, "24_26": 0.15, "27_29": 0.13, "30_38": 0.22, "39_47": 0.12, "48_plus": 0.07}  # fmt: skip
SECTORS = {"A": 0.28, "F": 0.16, "I": 0.14, "C": 0.12, "T": 0.1, "G": 0.06, "H": 0.05, "N": 0.04, "S": 0.03, "illicit": 0.02}  # fmt: skip
MEANS = ["physical_threats", "threat_law_enforcement", "threats_family", "debt_bondage", "false_promises", "physical_abuse", "sexual_abuse", "psychological_abuse", "takes_earnings", "restricts_financial_access", "withholds_necessities", "psychoactive_substances", "excessive_working_hours", "withholds_documents", "restricts_movement"]  # fmt: skip
ASSISTANCE = ["shelter", "health", "psychosocial", "legal_counselling", "legal_representation", "interpretation", "financial", "education", "livelihood", "social_care", "return_support"]  # fmt: skip
REFERRERS = {"ngo": 0.22, "law_enforcement": 0.24, "labour_inspectorate": 0.06, "self": 0.1, "hotline": 0.08, "health": 0.05, "local_gov": 0.07, "immigration": 0.06, "embassy_io": 0.04, "legal_service": 0.03, "family_friends": 0.04, "other": 0.01}  # fmt: skip


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    """One key drawn with probability proportional to its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def chance(rng: random.Random, p: float) -> bool:
    """True with probability ``p``."""
    return rng.random() < p


def _day(rng: random.Random, start: date, low: int, high: int) -> date:
    return start + timedelta(days=rng.randint(low, high))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day and day <= DEMO_TODAY else None


def draw_person(rng: random.Random, profile: Profile, country: str) -> dict[str, Any]:
    """Sex, age band, citizenship and main form of exploitation of one person."""
    form = pick(rng, profile.forms)
    female_share = {"sexual": 0.9, "domestic_servitude": 0.8, "forced_marriage": 0.95, "surrogacy": 1.0, "labour": 0.3, "forced_criminality": 0.35, "forced_begging": 0.45, "child_labour": 0.4}.get(form, 0.5)  # fmt: skip
    gender = "female" if chance(rng, female_share) else "male"
    if chance(rng, 0.015):
        gender = "trans_nonbinary"
    child = chance(
        rng, 0.2 if form in {"forced_begging", "child_labour", "forced_criminality"} else 0.09
    )
    if form == "child_labour":
        child = True
    band = ("9_17" if chance(rng, 0.88) else "0_8") if child else pick(rng, ADULT_BANDS)
    roll = rng.random()
    if roll < profile.national:
        citizenship = [country]
    elif roll < profile.national + profile.other_eu:
        citizenship = [
            pick(rng, {k: v for k, v in profile.eu_origins.items() if k != country} or {"ROU": 1.0})
        ]
    else:
        citizenship = [pick(rng, profile.non_eu_origins)]
    if chance(rng, 0.02) and citizenship[0] != country:
        citizenship.append(pick(rng, profile.non_eu_origins))
    return {"form": form, "gender": gender, "band": band, "citizenship": sorted(set(citizenship))}


def draw_record(
    rng: random.Random, profile: Profile, country: str, year: int, person: dict[str, Any]
) -> dict[str, Any]:
    """A full record (fields and events) for ``person`` registered in ``year``."""
    contact = _day(rng, date(year, 1, 1), 0, 364)
    national = country in person["citizenship"]
    eu_citizen = not national and any(c in EU for c in person["citizenship"])
    child = person["band"] in {"0_8", "9_17"}
    forms = [person["form"]]
    if chance(rng, 0.14):
        second = pick(rng, profile.forms)
        if second != person["form"]:
            forms.append(second)
    doc: dict[str, Any] = {
        "year_of_registration": year,
        "first_contact_date": contact.isoformat(),
        "gender": person["gender"],
        "age_band": person["band"],
        "citizenship": person["citizenship"],
        "exploitation_forms": forms,
        "consent_data_use": pick(rng, {"aggregate_and_research": 0.68, "aggregate_only": 0.2, "refused": 0.05, "not_asked": 0.07}),
    }  # fmt: skip
    if chance(rng, 0.55):
        low, high = {"0_8": (3, 8), "9_17": (12, 17), "18_20": (18, 20), "21_23": (21, 23), "24_26": (24, 26), "27_29": (27, 29), "30_38": (30, 38), "39_47": (39, 47), "48_plus": (48, 64)}[person["band"]]  # fmt: skip
        doc["age_at_identification"] = rng.randint(low, high)
    doc["minor_at_exploitation"] = (
        "yes" if child else pick(rng, {"no": 0.75, "yes": 0.08, "unknown": 0.17})
    )
    abroad = profile.international_in and chance(rng, 0.45)
    exploitation_country = pick(rng, profile.international_in) if abroad else country
    doc["countries_of_exploitation"] = [exploitation_country]
    if national:
        doc["migration_status"] = "national"
    elif eu_citizen:
        doc["migration_status"] = "eu_citizen"
    else:
        doc["migration_status"] = pick(rng, {"irregular": 0.45, "asylum_seeker": 0.22, "regular_work": 0.13, "regular_other": 0.08, "refugee": 0.04, "subsidiary_protection": 0.03, "unknown": 0.05})  # fmt: skip
    if any(f in forms for f in ("labour", "domestic_servitude", "child_labour")):
        sectors = ["T"] if "domestic_servitude" in forms else [pick(rng, SECTORS)]
        doc["labour_sectors"] = sectors
    if "sexual" in forms:
        doc["sexual_exploitation_types"] = [pick(rng, {"prostitution": 0.78, "private_sexual_services": 0.1, "remote_interactive": 0.07, "pornography": 0.05})]  # fmt: skip
    doc["means_of_control"] = sorted(set(rng.sample(MEANS, rng.randint(1, 4))), key=MEANS.index)
    doc["recruiter_relationship"] = [pick(rng, {"intimate_partner": 0.14, "family": 0.1, "friend_acquaintance": 0.3, "employer_agent": 0.24, "stranger": 0.14, "unknown": 0.08})]  # fmt: skip
    doc["recruitment_methods"] = [pick(rng, {"online_social_network": 0.26, "online_advert": 0.16, "friends": 0.2, "family": 0.08, "recruitment_agency": 0.14, "workplace": 0.06, "print_broadcast_advert": 0.03, "unknown": 0.07})]  # fmt: skip
    doc["duration_band"] = pick(rng, {"lt_1m": 0.08, "1_6m": 0.3, "6_12m": 0.24, "12_24m": 0.2, "24m_plus": 0.12, "unknown": 0.06})  # fmt: skip
    doc["referred_by"] = "embassy_io" if abroad and chance(rng, 0.3) else ("ngo" if abroad else pick(rng, REFERRERS))  # fmt: skip
    if abroad:
        doc["referral_in_country"] = exploitation_country
    needed = sorted(set(rng.sample(ASSISTANCE, rng.randint(2, 6))), key=ASSISTANCE.index)
    received = [a for a in needed if chance(rng, 0.82)]
    doc["assistance_needed"] = needed
    if received:
        doc["assistance_received"] = received
    if chance(rng, 0.12):
        doc["referred_out_to"] = [pick(rng, {"ngo": 0.5, "health": 0.2, "legal_service": 0.2, "embassy_io": 0.1})]  # fmt: skip
        if not national and chance(rng, 0.4):
            doc["referral_out_countries"] = [person["citizenship"][0]]
    age_years = DEMO_TODAY.year - year
    doc["case_status"] = pick(rng, {"closed": 0.7, "closed_referred": 0.12, "follow_up": 0.12, "active": 0.06} if age_years >= 3 else {"active": 0.45, "follow_up": 0.3, "closed": 0.2, "closed_referred": 0.05})  # fmt: skip
    cooperating = chance(rng, profile.cooperating)
    doc["cooperation_status"] = "cooperating" if cooperating else pick(rng, {"none": 0.5, "considering": 0.2, "declined": 0.2, "unknown": 0.1})  # fmt: skip
    doc["assistance_conditional_on_cooperation"] = "yes" if chance(rng, profile.conditional) else pick(rng, {"no": 0.85, "unknown": 0.15})  # fmt: skip
    events: dict[str, list[dict[str, Any]]] = {}
    identified = _identification(rng, profile, contact, doc, events)
    if not national:
        _reflection_and_permits(
            rng, profile, contact, doc, events, eu_citizen, identified, cooperating
        )
    _reporting_and_justice(rng, profile, contact, doc, events, national, cooperating)
    _compensation(rng, profile, contact, events, identified)
    if child:
        doc["unaccompanied"] = "yes" if not national and chance(rng, 0.6) else pick(rng, {"no": 0.85, "unknown": 0.15})  # fmt: skip
        appointed = chance(rng, profile.guardian)
        doc["guardian_appointed"] = "yes" if appointed else "no"
        if appointed and (day := _iso(_day(rng, contact, 1, 90))):
            doc["guardian_appointed_date"] = day
    if not national and chance(rng, 0.05 if not child else 0.3):
        doc["age_disputed"] = "yes"
        doc["age_assessment_method"] = pick(rng, {"interview": 0.4, "medical": 0.3, "documents": 0.15, "multidisciplinary": 0.15})  # fmt: skip
        doc["age_assessment_outcome"] = pick(
            rng, {"child": 0.55, "adult": 0.35, "undetermined": 0.1}
        )
    if chance(rng, 0.04):
        for code in ("referred_by", "case_status", "trafficking_status"):
            doc.pop(code, None)
    doc["events"] = events
    from crossroads.cases.demo_protection import add_protection  # it reuses this module's draws

    add_protection(doc, national=national, child=child)
    return doc


def _identification(
    rng: random.Random,
    profile: Profile,
    contact: date,
    doc: dict[str, Any],
    events: dict[str, list[dict[str, Any]]],
) -> bool:
    if chance(rng, 0.04):
        doc["trafficking_status"], doc["status_decided_by"] = "not_victim", "ngo"
        return False
    doc["trafficking_status"], doc["status_decided_by"] = "presumed", "ngo"
    if not chance(rng, profile.referred):
        return False
    referral = _day(rng, contact, 0, 45)
    decided = _day(rng, referral, 20, 320)
    positive = chance(rng, profile.identified)
    event = {"authority": pick(rng, {"police": 0.55, "nrm_body": 0.3, "immigration_authority": 0.1, "court_prosecution": 0.05}), "stage": pick(rng, {"conclusive": 0.6, "reasonable_grounds": 0.2, "single_stage": 0.2}), "referral_date": _iso(referral)}  # fmt: skip
    if decided > DEMO_TODAY:
        event["outcome"] = "pending"
    else:
        event["outcome"] = "positive" if positive else "negative"
        event["decision_date"] = decided.isoformat()
    events["identification_decision"] = [{k: v for k, v in event.items() if v}]
    if event["outcome"] == "positive":
        doc["trafficking_status"], doc["status_decided_by"] = "identified", event["authority"]
        return True
    return False


def _reflection_and_permits(
    rng: random.Random,
    profile: Profile,
    contact: date,
    doc: dict[str, Any],
    events: dict[str, list[dict[str, Any]]],
    eu_citizen: bool,
    identified: bool,
    cooperating: bool,
) -> None:
    if not eu_citizen or chance(rng, 0.25):
        informed = chance(rng, profile.rrp_informed)
        reflection: dict[str, Any] = {"informed": "yes" if informed else pick(rng, {"no": 0.7, "unknown": 0.3})}  # fmt: skip
        if informed:
            reflection["informed_date"] = _iso(_day(rng, contact, 0, 20))
            start = _day(rng, contact, 1, 30)
            if chance(rng, profile.rrp_granted):
                reflection["decision"], reflection["start_date"] = "granted", _iso(start)
                end = _day(rng, start, 28, 95)
                if _iso(end):
                    reflection["end_date"] = end.isoformat()
            else:
                reflection["decision"] = pick(rng, {"refused": 0.6, "not_requested": 0.4})
        else:
            reflection["decision"] = "not_requested"
        events["reflection_period"] = [{k: v for k, v in reflection.items() if v}]
    if eu_citizen or not chance(rng, profile.permit_applied * (1.0 if identified else 0.6)):
        return
    personal = chance(rng, profile.personal_ground) or not cooperating
    ground = "personal_situation" if personal else "cooperation"
    if chance(rng, 0.1):
        ground = "international_protection"
    applied = _day(rng, contact, 10, 200)
    decided = _day(rng, applied, 30, 300)
    grant_p = profile.permit_granted * (1.1 if identified else 0.7) * (0.8 if personal and ground != "international_protection" else 1.0)  # fmt: skip
    permit = {"ground": ground, "application_date": _iso(applied)}
    if permit["application_date"] is None:
        return
    if decided > DEMO_TODAY:
        permit["outcome"] = "pending"
    else:
        permit["outcome"] = "granted" if chance(rng, min(grant_p, 0.97)) else "refused"
        permit["decision_date"] = decided.isoformat()
        if permit["outcome"] == "granted" and (until := _day(rng, decided, 180, 730)):
            permit["valid_until"] = until.isoformat() if until <= DEMO_TODAY else None
    events["residence_permit"] = [{k: v for k, v in permit.items() if v}]


def _reporting_and_justice(
    rng: random.Random,
    profile: Profile,
    contact: date,
    doc: dict[str, Any],
    events: dict[str, list[dict[str, Any]]],
    national: bool,
    cooperating: bool,
) -> None:
    if cooperating or chance(rng, profile.reported * 0.5):
        reported = _day(rng, contact, 0, 120)
        report: dict[str, Any] = {"authority": pick(rng, {"police": 0.75, "labour_inspectorate": 0.15, "prosecutor": 0.1}), "report_date": _iso(reported)}  # fmt: skip
        irregular = doc.get("migration_status") == "irregular"
        if report["report_date"]:
            if irregular and chance(rng, profile.enforcement_after_report):
                report["immigration_consequence"] = pick(rng, {"removal_order": 0.4, "detention": 0.3, "status_check": 0.2, "removed": 0.1})  # fmt: skip
                report["consequence_date"] = _iso(_day(rng, reported, 1, 80))
            else:
                report["immigration_consequence"] = "none" if chance(rng, 0.9) else "unknown"
            events["report_to_authorities"] = [{k: v for k, v in report.items() if v}]
            if chance(rng, profile.traffickers_investigated):
                start = _day(rng, reported, 5, 90)
                stage = pick(
                    rng,
                    {"investigation": 0.45, "charged": 0.25, "verdict": 0.2, "discontinued": 0.1},
                )
                proceedings: dict[str, Any] = {"stage": stage, "start_date": _iso(start)}
                if stage == "verdict":
                    verdict_day = _day(rng, start, 120, 700)
                    if verdict_day <= DEMO_TODAY:
                        proceedings["verdict"] = pick(rng, {"conviction_thb": 0.55, "conviction_other": 0.2, "acquittal": 0.25})  # fmt: skip
                        proceedings["verdict_date"] = verdict_day.isoformat()
                    else:
                        proceedings["stage"], proceedings["verdict"] = "charged", "pending"
                if proceedings["start_date"]:
                    events["proceedings_against_traffickers"] = [{k: v for k, v in proceedings.items() if v}]  # fmt: skip
    compelled = {"forced_criminality", "forced_begging", "sexual", "labour"} & set(doc["exploitation_forms"])  # fmt: skip
    exposure = profile.prosecuted * (
        2.2 if {"forced_criminality", "forced_begging"} & compelled else 0.8
    )
    if compelled and chance(rng, min(exposure, 0.9)):
        kind = "immigration" if not national and chance(rng, 0.35) else pick(rng, {"criminal": 0.65, "administrative": 0.35})  # fmt: skip
        offence = {"forced_criminality": "theft_fraud", "forced_begging": "begging", "sexual": "prostitution_related"}.get(next(iter(sorted(compelled))), "irregular_entry_stay")  # fmt: skip
        if kind == "immigration":
            offence = pick(rng, {"irregular_entry_stay": 0.7, "false_documents": 0.3})
        start = max(_day(rng, contact, -120, 60), date(contact.year, 1, 1))
        case: dict[str, Any] = {"kind": kind, "offence": offence, "start_date": _iso(start), "non_punishment_invoked": "yes" if chance(rng, 0.6) else pick(rng, {"no": 0.7, "unknown": 0.3})}  # fmt: skip
        ends = _day(rng, start, 30, 400)
        if ends > DEMO_TODAY:
            case["outcome"] = "pending"
        else:
            case["outcome"] = "punished" if chance(rng, profile.punished) else pick(rng, {"non_punishment_applied": 0.45, "discontinued": 0.4, "acquitted": 0.15})  # fmt: skip
            case["outcome_date"] = ends.isoformat()
        events["proceedings_against_person"] = [{k: v for k, v in case.items() if v}]


def _compensation(
    rng: random.Random,
    profile: Profile,
    contact: date,
    events: dict[str, list[dict[str, Any]]],
    identified: bool,
) -> None:
    if not chance(rng, profile.comp_claimed * (1.3 if identified else 0.6)):
        return
    claimed = _day(rng, contact, 30, 500)
    if claimed > DEMO_TODAY:
        return
    claim: dict[str, Any] = {"route": pick(rng, {"offender_criminal": 0.45, "state_fund": 0.3, "labour_court": 0.15, "civil_court": 0.1}), "claim_date": claimed.isoformat()}  # fmt: skip
    decided = _day(rng, claimed, 60, 600)
    if decided > DEMO_TODAY:
        claim["outcome"] = "pending"
    elif chance(rng, profile.comp_awarded):
        claim["outcome"], claim["decision_date"] = "awarded", decided.isoformat()
        claim["amount_band"] = pick(rng, {"lt_1k": 0.15, "1k_5k": 0.3, "5k_20k": 0.3, "20k_50k": 0.15, "50k_plus": 0.05, "unknown": 0.05})  # fmt: skip
        paid_day = _day(rng, decided, 20, 400)
        if chance(rng, profile.comp_paid) and paid_day <= DEMO_TODAY:
            claim["payment"] = "full" if chance(rng, 0.6) else "partial"
            claim["payment_date"] = paid_day.isoformat()
        else:
            claim["payment"] = "none"
    else:
        claim["outcome"], claim["decision_date"] = "refused", decided.isoformat()
    events["compensation"] = [claim]
