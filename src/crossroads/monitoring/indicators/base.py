"""What an indicator is: rights, the indicator record, the cohort and the tables' names.

Shared by the modules that define the indicators (``original``, ``catalogue``)
and by those that list what is not computed (``not_computed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crossroads.codebook.definitions import Text
from crossroads.monitoring.formulas import Count

MIN_DENOMINATOR = 20
"""Below this many persons a rate is not shown ("not enough data"): its 95% interval
would be wider than about ±20 points, too wide to compare countries."""


def t(en: str, fr: str, ru: str) -> Text:
    """A text in the languages the indicator definitions are written in."""
    return Text({"en": en, "fr": fr, "ru": ru})


class Right(StrEnum):
    ASSISTANCE = "R1"
    IDENTIFICATION = "R2"
    REFLECTION = "R3"
    RESIDENCE = "R4"
    JUSTICE = "R5"
    COMPENSATION = "R6"
    NON_PUNISHMENT = "R7"
    SAFE_REPORTING = "R8"
    FORMS = "R9"
    CHILDREN = "R10"


RIGHT_TITLES: dict[Right, Text] = {
    Right.ASSISTANCE: t(
        "Unconditional assistance", "Assistance inconditionnelle", "Безусловная помощь"
    ),
    Right.IDENTIFICATION: t("Identification", "Identification", "Признание жертвой"),
    Right.REFLECTION: t(
        "Recovery and reflection period",
        "Délai de rétablissement et de réflexion",
        "Период восстановления и размышления",
    ),
    Right.RESIDENCE: t("Residence permits", "Titres de séjour", "Виды на жительство"),
    Right.JUSTICE: t(
        "Access to justice: information, interpretation, legal aid",
        "Accès à la justice : information, interprétation, aide juridique",
        "Доступ к правосудию: информация, перевод, юридическая помощь",
    ),
    Right.COMPENSATION: t("Compensation", "Indemnisation", "Компенсация"),
    Right.NON_PUNISHMENT: t("Non-punishment", "Non-sanction", "Ненаказание"),
    Right.SAFE_REPORTING: t("Safe reporting", "Signalement sans risque", "Безопасное обращение"),
    Right.FORMS: t("Forms of exploitation", "Formes d'exploitation", "Формы эксплуатации"),
    Right.CHILDREN: t("Children", "Enfants", "Дети"),
}


@dataclass(frozen=True)
class Indicator:
    """One rights indicator: what it measures, where the duty comes from, how it is counted.

    ``higher_is_better`` orders country comparisons and colours trends; None
    when the figure describes rather than judges (forms of exploitation).
    """

    code: str
    right: Right
    title: Text
    definition: Text
    numerator_text: Text
    denominator_text: Text
    anchor: str
    cohort: Text
    numerator: Count
    denominator: Count
    pending: Count | None = None
    pending_text: Text | None = None
    higher_is_better: bool | None = True
    min_denominator: int = MIN_DENOMINATOR
    limits: Text | None = None
    """What the catalogue asks that this figure leaves out, and why (None: nothing)."""

    @property
    def table_codes(self) -> frozenset[str]:
        parts = [self.numerator.table_codes, self.denominator.table_codes]
        if self.pending is not None:
            parts.append(self.pending.table_codes)
        return frozenset().union(*parts)


COHORT = t(
    "Persons registered by members in the year (year of registration), whose consent allows counting; outcomes as known when the submission was built.",
    "Personnes enregistrées par les membres dans l'année (année d'enregistrement) dont le consentement permet le comptage ; résultats connus au moment de la constitution de la soumission.",
    "Лица, зарегистрированные членами сети в течение года (год регистрации), согласие которых позволяет их учитывать; результаты — известные на момент подготовки отчёта.",
)
NON_NATIONALS = (("other_eu",), ("non_eu",))
IDENT = "rights_identification"
REFLECTION = "rights_reflection"
PERMITS = "rights_permits"
COMPENSATION = "rights_compensation"
PROCEEDINGS = "rights_proceedings"
REPORTING = "rights_reporting"
AWARDED = ("awarded_none", "awarded_partial", "awarded_full", "awarded_unknown")


def non_nationals(*rest: str) -> tuple[tuple[str, ...], ...]:
    """Cell keys for other-EU and non-EU citizens, followed by ``rest``."""
    return tuple((group, *rest) for (group,) in NON_NATIONALS)
