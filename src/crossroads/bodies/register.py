"""The register of the monitoring mechanisms the network reports to.

The mechanisms themselves change rarely and are the same for every network,
so they are data in code (names and descriptions translated like the rest of
the interface); their rounds, deadlines and contributions per country are
records (:class:`crossroads.bodies.models.Round`). ``cycle_years`` is the
usual length of a cycle, used to suggest the next round; ``structure`` names
the layout of the submission the builder drafts for the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Family(StrEnum):
    """Which system a mechanism belongs to."""

    COUNCIL_OF_EUROPE = "coe"
    UNITED_NATIONS = "un"
    EUROPEAN_UNION = "eu"
    OSCE = "osce"
    NATIONAL = "national"


FAMILY_LABELS: dict[Family, Promise] = {
    Family.COUNCIL_OF_EUROPE: _("Council of Europe"),
    Family.UNITED_NATIONS: _("United Nations"),
    Family.EUROPEAN_UNION: _("European Union"),
    Family.OSCE: _("OSCE"),
    Family.NATIONAL: _("National"),
}


@dataclass(frozen=True)
class Body:
    """One monitoring mechanism."""

    code: str
    name: Promise
    short: str | Promise
    family: Family
    description: Promise
    url: str
    cycle_years: int | None
    structure: str = "rights"

    @property
    def family_label(self) -> Promise:
        return FAMILY_LABELS[self.family]


BODIES: tuple[Body, ...] = (
    Body(
        "greta",
        _("Group of Experts on Action against Trafficking in Human Beings"),
        "GRETA",
        Family.COUNCIL_OF_EUROPE,
        _(
            "Evaluates each party to the Council of Europe Convention on Action against "
            "Trafficking in Human Beings in rounds; NGOs answer its questionnaire and meet it "
            "during the country visit."
        ),
        "https://www.coe.int/en/web/anti-human-trafficking/greta",
        5,
        "greta",
    ),
    Body(
        "cop",
        _("Committee of the Parties to the Anti-Trafficking Convention"),
        "CoP",
        Family.COUNCIL_OF_EUROPE,
        _(
            "Adopts recommendations to each party on the basis of GRETA's report and asks for "
            "a report on their implementation, usually two years later."
        ),
        "https://www.coe.int/en/web/anti-human-trafficking/committee-of-the-parties",
        5,
    ),
    Body(
        "cedaw",
        _("Committee on the Elimination of Discrimination against Women"),
        "CEDAW",
        Family.UNITED_NATIONS,
        _(
            "Reviews states' periodic reports under the Women's Convention (article 6: "
            "trafficking); NGOs send shadow reports before the session and the list of issues."
        ),
        "https://www.ohchr.org/en/treaty-bodies/cedaw",
        4,
    ),
    Body(
        "crc",
        _("Committee on the Rights of the Child"),
        "CRC",
        Family.UNITED_NATIONS,
        _(
            "Reviews states' reports under the Convention on the Rights of the Child and its "
            "Optional Protocol on the sale of children; NGOs report before the pre-session."
        ),
        "https://www.ohchr.org/en/treaty-bodies/crc",
        5,
    ),
    Body(
        "upr",
        _("Universal Periodic Review"),
        "UPR",
        Family.UNITED_NATIONS,
        _(
            "The Human Rights Council's peer review of every UN member state; stakeholders "
            "submit to the summary of stakeholders' information months before the review."
        ),
        "https://www.ohchr.org/en/hr-bodies/upr/upr-home",
        5,
    ),
    Body(
        "unsr",
        _("UN Special Rapporteur on trafficking in persons"),
        "UN SR",
        Family.UNITED_NATIONS,
        _(
            "Calls for input to thematic reports and visits countries; submissions answer a "
            "call with its own questions and deadline."
        ),
        "https://www.ohchr.org/en/special-procedures/sr-trafficking-in-persons",
        None,
    ),
    Body(
        "unhcr",
        _("UNHCR"),
        "UNHCR",
        Family.UNITED_NATIONS,
        _(
            "Collects information on trafficked persons in need of international protection, "
            "for its country guidance and its submissions to treaty bodies."
        ),
        "https://www.unhcr.org",
        None,
    ),
    Body(
        "eu-atc",
        _("EU Anti-Trafficking Coordinator"),
        "EU ATC",
        Family.EUROPEAN_UNION,
        _(
            "Prepares the Commission's progress report on the Anti-Trafficking Directive; "
            "the EU Civil Society Platform contributes before each report."
        ),
        "https://home-affairs.ec.europa.eu/policies/internal-security/organised-crime-and-human-trafficking/together-against-trafficking-human-beings_en",
        2,
    ),
    Body(
        "osce",
        _("OSCE Special Representative for Combating Trafficking in Human Beings"),
        "OSCE SR",
        Family.OSCE,
        _(
            "Country visits and thematic surveys of participating states; civil society is "
            "consulted before each visit."
        ),
        "https://www.osce.org/cthb",
        None,
    ),
    Body(
        "national",
        _("National rapporteur or equivalent mechanism"),
        _("National rapporteur"),
        Family.NATIONAL,
        _(
            "The national rapporteur or equivalent mechanism of article 19 of the Directive "
            "and article 29 of the Convention; most ask NGOs for data before their annual report."
        ),
        "",
        1,
    ),
)

BY_CODE: dict[str, Body] = {body.code: body for body in BODIES}


def body(code: str) -> Body:
    """The registered mechanism ``code`` (KeyError if unknown)."""
    return BY_CODE[code]


def choices() -> list[tuple[str, str]]:
    """(code, "short — name") for forms, in the active language."""
    return [(b.code, f"{b.short} — {b.name}") for b in BODIES]
