"""Indicators of the catalogue that the network does not compute, each with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

from crossroads.codebook.definitions import Text
from crossroads.monitoring.indicators.base import Right
from crossroads.monitoring.texts import t


@dataclass(frozen=True)
class NotComputed:
    """An indicator of the catalogue that the network does not compute, and why.

    ``by_design`` is True when case records cannot give it at all (not
    persons, or not facts a caseworker records); False when the standard or
    the exchange tables do not hold the data yet."""

    code: str
    right: Right
    title: Text
    why: Text
    by_design: bool = False


NOT_COMPUTED: tuple[NotComputed, ...] = (
    NotComputed(
        "R8.4", Right.SAFE_REPORTING,
        t(_("Data-sharing incidents")),
        t(_("Not computed from case data by design: an incident (health, labour-inspection, shelter or police data reaching the immigration authorities) is an event about institutions, not an outcome of a person, and one incident may concern many persons or none registered. It belongs in an incident log kept by the network, counted as incidents, not as a share of persons.")),
        by_design=True,
    ),
)  # fmt: skip
"""Indicators of the catalogue not computed, with the reason shown on the pages and in the report."""


LIMITS: dict[str, Text] = {
    "R1.3": t("Not computed: the median number of days and the time to accommodation. The exchange tables hold bands of days, so that no date leaves a member; the figure is the share within 7 days.",
              "Non calculé : la médiane en jours et le délai jusqu'à l'hébergement. Les tableaux échangés contiennent des tranches de jours, pour qu'aucune date ne quitte un membre ; le chiffre est la part dans les 7 jours.",
              "Не вычисляется: медиана в днях и срок до предоставления жилья. Таблицы обмена содержат интервалы дней, чтобы ни одна дата не покидала организацию; показатель — доля в пределах 7 дней."),
    "R2.2": t("Not computed: the reasons for not being referred (fear, no benefit, wish to leave, no referral route, member not entitled to refer). The standard has no field for them.",
              "Non calculé : les raisons de l'absence d'orientation (peur, aucun avantage, souhait de partir, aucune voie d'orientation, membre non habilité à orienter). Le standard n'a pas de champ pour elles.",
              "Не вычисляется: причины, по которым человек не был направлен (страх, отсутствие пользы, желание уехать, нет механизма направления, организация не вправе направлять). В стандарте для них нет поля."),
    "R3.3": t("Not computed: the reasons for ending a period early, and its median length. The standard records no reason for termination, and the tables hold bands of days.",
              "Non calculé : les raisons d'une fin anticipée du délai, et sa durée médiane. Le standard n'enregistre pas de motif de fin, et les tableaux contiennent des tranches de jours.",
              "Не вычисляется: причины досрочного прекращения периода и его медианная длительность. Стандарт не записывает причину прекращения, а таблицы содержат интервалы дней."),
    "R4.1": t("Not computed: the rate over identified non-nationals. The permits table has no identification dimension, so the rate is over all non-nationals of the cohort.",
              "Non calculé : le taux parmi les personnes étrangères identifiées. Le tableau des titres n'a pas de dimension d'identification ; le taux porte sur toutes les personnes étrangères de la cohorte.",
              "Не вычисляется: доля среди признанных жертвами иностранцев. В таблице разрешений нет измерения признания, поэтому доля рассчитана по всем иностранцам когорты."),
    "R4.2": t("Not computed: permits lost through non-renewal or withdrawal. The standard records the decision on the application, not what happened to the permit later.",
              "Non calculé : les titres perdus faute de renouvellement ou par retrait. Le standard enregistre la décision sur la demande, non le sort ultérieur du titre.",
              "Не вычисляется: разрешения, утраченные из-за непродления или отзыва. Стандарт записывает решение по заявлению, а не дальнейшую судьбу разрешения."),
    "R5.3": t("Not computed: the rate among witnesses and injured parties in proceedings, and the median days from identification to a lawyer. The standard records the need for legal representation, not the role in proceedings or the date a lawyer was assigned.",
              "Non calculé : le taux parmi les témoins et parties lésées dans une procédure, et la médiane en jours entre l'identification et l'avocat. Le standard enregistre le besoin de représentation, non le rôle dans la procédure ni la date d'attribution de l'avocat.",
              "Не вычисляется: доля среди свидетелей и потерпевших в разбирательствах и медиана дней от признания до назначения адвоката. Стандарт записывает потребность в представительстве, а не роль в разбирательстве или дату назначения адвоката."),
    "R6.1": t("Not computed: the rate over persons with an open route (for instance a concluded criminal case for a claim within it). The exchange does not say whether a route was open, so the cohort is the denominator.",
              "Non calculé : le taux parmi les personnes disposant d'une voie ouverte (par exemple une affaire pénale close pour une demande en son sein). L'échange ne dit pas si une voie était ouverte ; le dénominateur est la cohorte.",
              "Не вычисляется: доля среди лиц, для которых путь был открыт (например, завершённое уголовное дело для иска в нём). Обмен не сообщает, был ли путь открыт, поэтому знаменатель — когорта."),
    "R6.4": t("Not computed: the reasons for refusal (residence status, no conviction or police report, time limit, sex-industry involvement). The standard has no field for them.",
              "Non calculé : les motifs de refus (statut de séjour, absence de condamnation ou de plainte, délai, lien avec l'industrie du sexe). Le standard n'a pas de champ pour eux.",
              "Не вычисляется: причины отказа (статус пребывания, нет приговора или заявления в полицию, пропуск срока, связь с секс-индустрией). В стандарте для них нет поля."),
    "R8.2": t("Not computed: enforcement within 90 days of the report. The exchange records any enforcement after a report, without the window.",
              "Non calculé : les mesures d'éloignement dans les 90 jours suivant le signalement. L'échange enregistre toute mesure après un signalement, sans ce délai.",
              "Не вычисляется: принудительные меры в течение 90 дней после обращения. Обмен записывает любые меры после обращения, без этого срока."),
    "R10.2b": t("Not computed: the assessment method and appeals. The standard records the outcome of the age assessment only.",
                "Non calculé : la méthode d'évaluation et les recours. Le standard n'enregistre que le résultat de l'évaluation de l'âge.",
                "Не вычисляется: метод оценки и обжалование. Стандарт записывает только результат оценки возраста."),
}  # fmt: skip
"""What the catalogue asks of a computed indicator that its figure leaves out, and why,
shown beside the indicator wherever it is listed."""

_FORMS_NOT_CRIMINALISED = t(
    "Not computed: the share of persons whose form of exploitation is not criminalised in the country. It needs the forms listed in the country profiles as data, which the figures do not read.",
    "Non calculé : la part des personnes dont la forme d'exploitation n'est pas incriminée dans le pays. Il faudrait lire comme données les formes listées dans les profils de pays, ce que les chiffres ne font pas.",
    "Не вычисляется: доля лиц, форма эксплуатации которых не криминализирована в стране. Для этого нужны формы из профилей стран как данные, а показатели их не читают.",
)  # fmt: skip
LIMITS.update({f"R9.2{letter}": _FORMS_NOT_CRIMINALISED for letter in "abc"})
