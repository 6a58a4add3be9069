"""Invented legal-framework answers for the demo network's countries.

These answers are made up to match the contrasts of the demo's case
profiles (``crossroads.cases.demo_profiles``): they describe no real
country's law, and every profile they fill is marked as demo content.
"""

from __future__ import annotations

from typing import Any

EU_TRANSPOSED = {"atd_transposition": "full", "atd_2024_transposition": "partial"}
DEFAULTS: dict[str, Any] = {
    "coe_convention": "ratified", "palermo_protocol": "ratified", **EU_TRANSPOSED,
    "nrm": "regulation", "nrm_referrers": ["police", "ngo", "labour_inspectorate", "social_services"],
    "rrp_in_law": "yes", "rrp_days": 30, "permit_cooperation": "yes", "permit_personal": "no",
    "compensation_fund": "yes", "compensation_conditions": ["police_report", "time_limit"],
    "non_punishment": "guidance", "firewall": "none", "guardianship": "no_time_limit",
    "national_rapporteur": "governmental", "greta_round": 3,
}  # fmt: skip

# Per country: what differs from DEFAULTS, and invented dates (ratification year, GRETA report year).
COUNTRIES: dict[str, tuple[dict[str, Any], int, int]] = {
    "NLD": ({"firewall": "policy", "rrp_days": 90, "permit_personal": "yes", "national_rapporteur": "independent", "nrm": "law", "non_punishment": "statutory", "guardianship": "time_limit", "guardian_days": 2, "compensation_conditions": ["advance", "confiscated_assets"]}, 2010, 2023),
    "DEU": ({"rrp_days": 90, "compensation_conditions": ["conviction", "lawful_residence"], "nrm": "administrative"}, 2012, 2024),
    "FRA": ({"rrp_days": 30, "permit_personal": "no", "compensation_conditions": ["police_report"], "nrm": "administrative"}, 2008, 2022),
    "BEL": ({"rrp_days": 45, "permit_personal": "no", "nrm": "law", "national_rapporteur": "independent", "compensation_conditions": ["conviction", "police_report"]}, 2009, 2022),
    "ITA": ({"permit_personal": "yes", "rrp_days": 30, "non_punishment": "general", "compensation_conditions": ["conviction", "time_limit"]}, 2010, 2023),
    "ESP": ({"rrp_days": 90, "permit_personal": "yes", "nrm": "regulation"}, 2009, 2023),
    "PRT": ({"rrp_days": 60, "permit_personal": "yes", "national_rapporteur": "independent"}, 2008, 2022),
    "AUT": ({"rrp_days": 30, "compensation_conditions": ["conviction", "lawful_residence", "time_limit"]}, 2008, 2023),
    "CZE": ({"rrp_days": 60, "firewall": "none"}, 2014, 2024),
    "POL": ({"rrp_days": 90, "non_punishment": "general"}, 2008, 2023),
    "ROU": ({"rrp_days": 90, "guardianship": "time_limit", "guardian_days": 3}, 2006, 2021),
    "BGR": ({"rrp_days": 40, "compensation_conditions": ["conviction", "police_report", "time_limit"]}, 2007, 2021),
    "GRC": ({"rrp_days": 90, "compensation_fund": "no", "compensation_conditions": [], "permit_personal": "no", "nrm": "law", "firewall": "none"}, 2014, 2022),
    "HUN": ({"rrp_days": 30, "non_punishment": "none", "guardianship": "no_time_limit", "compensation_conditions": ["conviction", "lawful_residence", "sex_industry"]}, 2013, 2024),
    "SVK": ({"rrp_days": 40, "non_punishment": "general"}, 2007, 2023),
    "SWE": ({"rrp_days": 30, "national_rapporteur": "governmental", "non_punishment": "guidance", "compensation_conditions": ["police_report", "advance"]}, 2010, 2023),
    "IRL": ({"rrp_days": 60, "nrm": "administrative", "nrm_referrers": ["police"], "atd_2024_transposition": "none", "national_rapporteur": "independent"}, 2010, 2022),
    "LTU": ({"rrp_days": 30, "firewall": "none"}, 2012, 2024),
    "HRV": ({"rrp_days": 30, "guardianship": "time_limit", "guardian_days": 8}, 2007, 2024),
    "MDA": ({"atd_transposition": "not_eu", "atd_2024_transposition": "not_eu", "rrp_days": 30, "compensation_fund": "no", "compensation_conditions": [], "firewall": "none"}, 2006, 2020),
}  # fmt: skip


def answers(country: str) -> dict[str, Any]:
    """The invented answers of ``country``, with ratification and GRETA dates."""
    overrides, ratified, greta = COUNTRIES[country]
    result = {**DEFAULTS, **overrides}
    result["coe_convention_date"] = f"{ratified}-03-{10 + len(country)}"
    result["palermo_protocol_date"] = f"{min(ratified, 2006) - 2}-09-2{len(country) % 9}"
    result["greta_date"] = f"{greta}-06-1{len(country) % 9}"
    if result["compensation_fund"] == "no":
        result.pop("compensation_conditions", None)
    if result.get("guardianship") != "time_limit":
        result.pop("guardian_days", None)
    return result
