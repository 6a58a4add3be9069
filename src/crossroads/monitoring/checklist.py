"""The legal-framework checklist of a country profile, as typed data.

Each item is a question an analyst answers for a country, with the source
and date of the answer. Items follow the country checklist of the research
note on rights indicators (treaties, identification, residence, remedies,
safe reporting, children, institutions). Labels are translated in the
monitoring app's catalogues, like every interface string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_noop as _

from crossroads.codebook.definitions import Text
from crossroads.monitoring.texts import t


class Kind(StrEnum):
    """What an answer holds."""

    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    INTEGER = "integer"
    DATE = "date"


@dataclass(frozen=True)
class Option:
    code: str
    label: Text
    favourable: bool | None = None  # True/False colours the answer in summaries; None is neutral


@dataclass(frozen=True)
class Group:
    code: str
    label: Text


@dataclass(frozen=True)
class Item:
    """One question of the checklist."""

    code: str
    group: str
    kind: Kind
    label: Text
    anchor: str
    options: tuple[Option, ...] = ()
    unit: Text | None = None
    minimum: int = 0
    maximum: int = 3650

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


YES = Option("yes", t(_("Yes")), True)
NO = Option("no", t(_("No")), False)
TREATY = (
    Option("ratified", t(_("Ratified")), True),
    Option("signed", t(_("Signed, not ratified"))),
    Option("not_signed", t(_("Not signed")), False),
)
TRANSPOSITION = (
    Option("full", t(_("Fully transposed")), True),
    Option("partial", t(_("Partly transposed"))),
    Option("none", t(_("Not transposed")), False),
    Option(
        "not_eu",
        t(_("Not an EU member state")),
    ),
)
DAYS = t(_("days"))

GROUPS: tuple[Group, ...] = (
    Group("treaties", t(_("Treaties and EU law"))),
    Group("identification", t(_("Identification and referral"))),
    Group("residence", t(_("Reflection period and residence"))),
    Group("remedies", t(_("Compensation and non-punishment"))),
    Group("safe_reporting", t(_("Safe reporting"))),
    Group("children", t(_("Children"))),
    Group("institutions", t(_("Institutions and monitoring"))),
)  # fmt: skip

ITEMS: tuple[Item, ...] = (
    Item("coe_convention", "treaties", Kind.CHOICE,
         t(_("Council of Europe Convention on Action against Trafficking (CETS 197)")),
         "CoE CETS 197", TREATY),
    Item("coe_convention_date", "treaties", Kind.DATE,
         t(_("Date of ratification of the CoE Convention")),
         "CoE CETS 197"),
    Item("palermo_protocol", "treaties", Kind.CHOICE,
         t(_("Palermo Protocol (UN, 2000)")),
         "UNTOC Protocol on trafficking in persons", TREATY),
    Item("palermo_protocol_date", "treaties", Kind.DATE,
         t(_("Date of ratification of the Palermo Protocol")),
         "UNTOC Protocol on trafficking in persons"),
    Item("atd_transposition", "treaties", Kind.CHOICE,
         t(_("Transposition of Directive 2011/36/EU")),
         "Directive 2011/36/EU", TRANSPOSITION),
    Item("atd_2024_transposition", "treaties", Kind.CHOICE,
         t(_("Transposition of the 2024 amendments (Directive (EU) 2024/1712)")),
         "Directive (EU) 2024/1712", TRANSPOSITION),
    Item("nrm", "identification", Kind.CHOICE,
         t(_("National referral mechanism and its basis")),
         "Directive 2011/36/EU Art. 11(4); CoE Art. 10",
         (Option("law", t(_("Set by law")), True),
          Option("regulation", t(_("Set by regulation")), True),
          Option("administrative", t(_("Administrative practice only"))),
          Option("none", t(_("No mechanism")), False))),
    Item("nrm_referrers", "identification", Kind.MULTICHOICE,
         t(_("Who may refer presumed victims for identification")),
         "CoE Art. 10(1); OSCE/ODIHR NRM Handbook",
         (Option("police", t(_("Police"))),
          Option("labour_inspectorate", t(_("Labour inspectorate"))),
          Option("immigration", t(_("Immigration authorities"))),
          Option("ngo", t(_("Specialised NGOs"))),
          Option("social_services", t(_("Social services"))),
          Option("health", t(_("Health services"))),
          Option("self", t(_("The person themselves"))))),
    Item("rrp_in_law", "residence", Kind.CHOICE,
         t(_("Recovery and reflection period in law")),
         "CoE Art. 13; Directive 2004/81/EC Art. 6", (YES, NO)),
    Item("rrp_days", "residence", Kind.INTEGER,
         t(_("Length of the reflection period")),
         "CoE Art. 13 (at least 30 days)", unit=DAYS, maximum=365),
    Item("permit_cooperation", "residence", Kind.CHOICE,
         t(_("Residence permit on the ground of cooperation")),
         "CoE Art. 14(1)(b); Directive 2004/81/EC Art. 8", (YES, NO)),
    Item("permit_personal", "residence", Kind.CHOICE,
         t(_("Residence permit on the ground of personal situation")),
         "CoE Art. 14(1)(a)", (YES, NO)),
    Item("compensation_fund", "remedies", Kind.CHOICE,
         t(_("State compensation fund open to victims of trafficking")),
         "CoE Art. 15(4); Directive 2011/36/EU Art. 17", (YES, NO)),
    Item("compensation_conditions", "remedies", Kind.MULTICHOICE,
         t(_("Conditions of the state compensation fund")),
         "CoE Art. 15(4); Directive 2004/80/EC Art. 12(2)",
         (Option("conviction", t(_("Requires a conviction")), False),
          Option("police_report", t(_("Requires a police report")), False),
          Option("lawful_residence", t(_("Excludes persons without lawful residence")), False),
          Option("time_limit", t(_("Short time limit to apply")), False),
          Option("sex_industry", t(_("Excludes persons involved in the sex industry")), False),
          Option("advance", t(_("Advance payments possible")), True),
          Option("confiscated_assets", t(_("Funded from confiscated assets")), True))),
    Item("non_punishment", "remedies", Kind.CHOICE,
         t(_("Non-punishment provision")),
         "Directive 2011/36/EU Art. 8; CoE Art. 26",
         (Option("statutory", t(_("Explicit statutory provision")), True),
          Option("guidance", t(_("Prosecutorial guidance only"))),
          Option("general", t(_("General defences only")), False),
          Option("none", t(_("No provision")), False))),
    Item("firewall", "safe_reporting", Kind.CHOICE,
         t(_("Firewall between reporting and immigration enforcement")),
         "ECRI General Policy Recommendation No. 16",
         (Option("law", t(_("Set in law")), True),
          Option("policy", t(_("Policy or practice"))),
          Option("none", t(_("None")), False))),
    Item("guardianship", "children", Kind.CHOICE,
         t(_("Guardianship for unaccompanied child victims")),
         "CoE Art. 10(4); Directive 2011/36/EU Art. 14, 16",
         (Option("time_limit", t(_("Yes, with a legal time limit to appoint")), True),
          Option("no_time_limit", t(_("Yes, without a time limit"))),
          Option("none", t(_("No guardianship system")), False))),
    Item("guardian_days", "children", Kind.INTEGER,
         t(_("Legal time limit to appoint a guardian")),
         "Directive 2011/36/EU Art. 16(3)", unit=DAYS, maximum=365),
    Item("national_rapporteur", "institutions", Kind.CHOICE,
         t(_("National rapporteur or equivalent mechanism")),
         "Directive 2011/36/EU Art. 19; CoE Art. 29(4)",
         (Option("independent", t(_("Independent rapporteur")), True),
          Option("governmental", t(_("Within government"))),
          Option("none", t(_("None")), False))),
    Item("greta_round", "institutions", Kind.INTEGER,
         t(_("Latest GRETA evaluation round")),
         "CoE Art. 36-38", minimum=1, maximum=9),
    Item("greta_date", "institutions", Kind.DATE,
         t(_("Date of the latest GRETA report")),
         "CoE Art. 38"),
)  # fmt: skip

BY_CODE = {item.code: item for item in ITEMS}


def item(code: str) -> Item:
    """The checklist item ``code``; KeyError if there is none."""
    return BY_CODE[code]


def items_in(group: str) -> tuple[Item, ...]:
    return tuple(i for i in ITEMS if i.group == group)
