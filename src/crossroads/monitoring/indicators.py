"""The rights indicators, as typed data: definitions, legal anchors, cohorts and formulas.

Each indicator is computed from the exchange tables of accepted submissions
(``docs/exchange-tables.md``) for one cohort: the persons a member registered
in the year. Outcomes still pending are left out of decided-outcome
denominators and counted separately (``pending``), so they are never read as
failures. Identifiers follow ``rights-indicators.md`` (R2.1 and so on).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crossroads.codebook.definitions import Text
from crossroads.exchange.released import TOTAL as T
from crossroads.monitoring.formulas import Count, cells, count

MIN_DENOMINATOR = 20
"""Below this many persons a rate is not shown ("not enough data"): its 95% interval
would be wider than about ±20 points, too wide to compare countries."""


def t(en: str, fr: str, ru: str) -> Text:
    return Text({"en": en, "fr": fr, "ru": ru})


class Right(StrEnum):
    ASSISTANCE = "R1"
    IDENTIFICATION = "R2"
    REFLECTION = "R3"
    RESIDENCE = "R4"
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
_ID = "rights_identification"
_RRP = "rights_reflection"
_PERMITS = "rights_permits"
_COMP = "rights_compensation"
_PROC = "rights_proceedings"
_REP = "rights_reporting"
_AWARDED = ("awarded_none", "awarded_partial", "awarded_full", "awarded_unknown")


def _non_nationals(*rest: str) -> tuple[tuple[str, ...], ...]:
    return tuple((group, *rest) for (group,) in NON_NATIONALS)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "R2.1", Right.IDENTIFICATION,
        t("Formal identification", "Identification formelle", "Официальное признание жертвой"),
        t("Share of registered persons whose identification was decided who were formally identified as victims by a competent authority.",
          "Part des personnes enregistrées dont l'identification a été tranchée qui ont été formellement identifiées comme victimes par une autorité compétente.",
          "Доля зарегистрированных лиц, по которым принято решение, официально признанных жертвами компетентным органом."),
        t("Persons with a positive identification decision", "Personnes ayant une décision d'identification positive", "Лица с положительным решением о признании"),
        t("Persons of the cohort, less those whose decision is pending or not recorded", "Personnes de la cohorte, moins celles dont la décision est en attente ou non enregistrée", "Лица когорты за вычетом тех, решение по которым ожидается или не записано"),
        "CoE Art. 10; Directive 2011/36/EU Art. 11(4)", COHORT,
        numerator=count(cells(_ID, ("positive", T))),
        denominator=count(cells(_ID, (T, T), minus=[("pending", T), ("not_recorded", T)])),
        pending=count(cells(_ID, ("pending", T))),
        pending_text=t("Identification decision pending", "Décision d'identification en attente", "Решение о признании ожидается"),
    ),
    Indicator(
        "R1.1", Right.ASSISTANCE,
        t("Assistance without cooperation", "Assistance sans condition de coopération", "Помощь без условия сотрудничества"),
        t("Share of persons whose assistance was not made conditional on cooperating with the authorities.",
          "Part des personnes dont l'assistance n'a pas été subordonnée à leur coopération avec les autorités.",
          "Доля лиц, помощь которым не была поставлена в зависимость от сотрудничества с властями."),
        t("Persons whose assistance was not conditional on cooperation", "Personnes dont l'assistance n'était pas conditionnelle", "Лица, помощь которым не зависела от сотрудничества"),
        t("Persons of the cohort for whom this is known", "Personnes de la cohorte pour lesquelles c'est connu", "Лица когорты, по которым это известно"),
        "CoE Art. 12(6); Directive 2011/36/EU Art. 11(3)", COHORT,
        numerator=count(cells("rights_cooperation", ("no", T))),
        denominator=count(cells("rights_cooperation", ("yes", T), ("no", T)), cells("rights_cooperation", (T, T), minus=[("unknown", T)])),
    ),
    Indicator(
        "R3.2", Right.REFLECTION,
        t("Informed of the reflection period", "Information sur le délai de réflexion", "Информирование о периоде размышления"),
        t("Share of non-nationals documented as informed of their right to a recovery and reflection period.",
          "Part des personnes étrangères dont il est documenté qu'elles ont été informées de leur droit à un délai de rétablissement et de réflexion.",
          "Доля иностранцев, о которых записано, что они были проинформированы о праве на период восстановления и размышления."),
        t("Non-nationals informed", "Personnes étrangères informées", "Проинформированные иностранцы"),
        t("Non-nationals of the cohort (other EU and non-EU citizens), less those for whom it is unknown", "Personnes étrangères de la cohorte (autres citoyens de l'UE et hors UE), moins celles pour lesquelles c'est inconnu", "Иностранцы когорты (граждане других стран ЕС и не ЕС), за вычетом тех, по кому это неизвестно"),
        "CoE Art. 13; Directive 2011/36/EU Art. 11(6)", COHORT,
        numerator=count(cells(_RRP, *_non_nationals("yes", T))),
        denominator=count(cells(_RRP, *_non_nationals(T, T), minus=_non_nationals("unknown", T))),
    ),
    Indicator(
        "R3.1", Right.REFLECTION,
        t("Reflection period granted", "Délai de réflexion accordé", "Предоставление периода размышления"),
        t("Share of non-nationals granted a recovery and reflection period, among those whose period was decided or never recorded.",
          "Part des personnes étrangères ayant obtenu un délai de rétablissement et de réflexion, parmi celles dont le délai a été tranché ou jamais enregistré.",
          "Доля иностранцев, получивших период восстановления и размышления, среди тех, по кому решение принято или запись отсутствует."),
        t("Non-nationals granted a reflection period", "Personnes étrangères ayant obtenu un délai de réflexion", "Иностранцы, получившие период размышления"),
        t("Non-nationals of the cohort, less decisions pending or not recorded", "Personnes étrangères de la cohorte, moins les décisions en attente ou non enregistrées", "Иностранцы когорты за вычетом ожидаемых или не записанных решений"),
        "CoE Art. 13; Directive 2004/81/EC Art. 6", COHORT,
        numerator=count(cells(_RRP, *_non_nationals(T, "granted"))),
        denominator=count(cells(_RRP, *_non_nationals(T, T), minus=_non_nationals(T, "pending") + _non_nationals(T, "not_recorded"))),
        pending=count(cells(_RRP, *_non_nationals(T, "pending"))),
        pending_text=t("Reflection period decision pending", "Décision sur le délai de réflexion en attente", "Решение о периоде размышления ожидается"),
    ),
    Indicator(
        "R4.1", Right.RESIDENCE,
        t("Residence permit granted", "Titre de séjour accordé", "Выдача вида на жительство"),
        t("Share of non-nationals granted a residence permit on any ground (cooperation, personal situation, international protection, other).",
          "Part des personnes étrangères ayant obtenu un titre de séjour, quel qu'en soit le motif (coopération, situation personnelle, protection internationale, autre).",
          "Доля иностранцев, получивших вид на жительство по любому основанию (сотрудничество, личная ситуация, международная защита, иное)."),
        t("Non-nationals granted a permit", "Personnes étrangères ayant obtenu un titre", "Иностранцы, получившие вид на жительство"),
        t("Non-nationals of the cohort, less applications pending", "Personnes étrangères de la cohorte, moins les demandes en attente", "Иностранцы когорты за вычетом ожидающих решения заявлений"),
        "CoE Art. 14(1); Directive 2004/81/EC Art. 8", COHORT,
        numerator=count(cells(_PERMITS, *_non_nationals(T, "granted"))),
        denominator=count(cells(_PERMITS, *_non_nationals(T, T), minus=_non_nationals(T, "pending"))),
        pending=count(cells(_PERMITS, *_non_nationals(T, "pending"))),
        pending_text=t("Permit application pending", "Demande de titre en attente", "Заявление на вид на жительство ожидает решения"),
    ),
    Indicator(
        "R4.1b", Right.RESIDENCE,
        t("Permit on personal situation", "Titre au motif de la situation personnelle", "Вид на жительство по личной ситуации"),
        t("Share of non-nationals granted a residence permit because of their personal situation, without a condition of cooperation.",
          "Part des personnes étrangères ayant obtenu un titre de séjour en raison de leur situation personnelle, sans condition de coopération.",
          "Доля иностранцев, получивших вид на жительство в силу личной ситуации, без условия сотрудничества."),
        t("Non-nationals granted a permit on personal situation", "Personnes étrangères ayant obtenu un titre pour situation personnelle", "Иностранцы с видом на жительство по личной ситуации"),
        t("Non-nationals of the cohort, less applications pending", "Personnes étrangères de la cohorte, moins les demandes en attente", "Иностранцы когорты за вычетом ожидающих решения заявлений"),
        "CoE Art. 14(1)(a)", COHORT,
        numerator=count(cells(_PERMITS, *_non_nationals("personal_situation", "granted"))),
        denominator=count(cells(_PERMITS, *_non_nationals(T, T), minus=_non_nationals(T, "pending"))),
        pending=count(cells(_PERMITS, *_non_nationals(T, "pending"))),
        pending_text=t("Permit application pending", "Demande de titre en attente", "Заявление на вид на жительство ожидает решения"),
    ),
    Indicator(
        "R6.1", Right.COMPENSATION,
        t("Compensation claimed", "Indemnisation demandée", "Подача требований о компенсации"),
        t("Share of persons who claimed compensation by any route (state fund, criminal, civil or labour court).",
          "Part des personnes ayant demandé une indemnisation par une voie quelconque (fonds public, procédure pénale, civile ou prud'homale).",
          "Доля лиц, подавших требование о компенсации любым путём (государственный фонд, уголовный, гражданский или трудовой суд)."),
        t("Persons who claimed", "Personnes ayant demandé", "Лица, подавшие требование"),
        t("Persons of the cohort", "Personnes de la cohorte", "Лица когорты"),
        "CoE Art. 15(3)-(4); Directive 2011/36/EU Art. 17", COHORT,
        numerator=count(cells(_COMP, (T, T), minus=[(T, "no_claim")])),
        denominator=count(cells(_COMP, (T, T))),
    ),
    Indicator(
        "R6.2", Right.COMPENSATION,
        t("Compensation awarded", "Indemnisation accordée", "Присуждение компенсации"),
        t("Share of decided compensation claims that ended in an award.",
          "Part des demandes d'indemnisation tranchées qui ont abouti à une indemnité.",
          "Доля рассмотренных требований о компенсации, по которым она была присуждена."),
        t("Claims awarded", "Demandes accordées", "Удовлетворённые требования"),
        t("Claims decided (claims less pending and not recorded)", "Demandes tranchées (demandes moins celles en attente et non enregistrées)", "Рассмотренные требования (за вычетом ожидающих и не записанных)"),
        "CoE Art. 15(3)-(4); Victims' Rights Directive Art. 16", COHORT,
        numerator=count(cells(_COMP, *((T, s) for s in _AWARDED)), cells(_COMP, (T, T), minus=[(T, "no_claim"), (T, "refused"), (T, "pending"), (T, "withdrawn"), (T, "not_recorded")])),
        denominator=count(cells(_COMP, (T, T), minus=[(T, "no_claim"), (T, "pending"), (T, "not_recorded")])),
        pending=count(cells(_COMP, (T, "pending"))),
        pending_text=t("Claims pending", "Demandes en attente", "Требования на рассмотрении"),
    ),
    Indicator(
        "R6.3", Right.COMPENSATION,
        t("Compensation paid", "Indemnisation versée", "Выплата компенсации"),
        t("Share of awards of which any part was actually paid.",
          "Part des indemnités accordées dont au moins une partie a effectivement été versée.",
          "Доля присуждённых компенсаций, хотя бы частично фактически выплаченных."),
        t("Awards partly or fully paid", "Indemnités versées en partie ou en totalité", "Частично или полностью выплаченные компенсации"),
        t("Awards whose payment status is known", "Indemnités dont l'état du paiement est connu", "Присуждённые компенсации с известным статусом выплаты"),
        "CoE Art. 15(4); Directive 2004/80/EC Art. 12(2)", COHORT,
        numerator=count(cells(_COMP, (T, "awarded_partial"), (T, "awarded_full"))),
        denominator=count(cells(_COMP, (T, "awarded_none"), (T, "awarded_partial"), (T, "awarded_full"))),
    ),
    Indicator(
        "R7.1", Right.NON_PUNISHMENT,
        t("Proceedings against victims", "Poursuites contre les victimes", "Преследование жертв"),
        t("Share of persons against whom criminal, administrative or immigration proceedings were brought for acts they were compelled to commit.",
          "Part des personnes visées par des poursuites pénales, administratives ou migratoires pour des actes qu'elles ont été contraintes de commettre.",
          "Доля лиц, против которых возбуждалось уголовное, административное или миграционное производство за действия, совершённые по принуждению."),
        t("Persons with proceedings against them", "Personnes visées par des poursuites", "Лица, против которых велось производство"),
        t("Persons of the cohort", "Personnes de la cohorte", "Лица когорты"),
        "Directive 2011/36/EU Art. 8; CoE Art. 26", COHORT,
        numerator=count(cells(_PROC, (T, T), minus=[("no_proceedings", T)])),
        denominator=count(cells(_PROC, (T, T))),
        higher_is_better=False,
    ),
    Indicator(
        "R7.3", Right.NON_PUNISHMENT,
        t("Punished for compelled acts", "Sanctionnées pour des actes contraints", "Наказание за вынужденные действия"),
        t("Share of decided proceedings against victims that ended in a penalty rather than non-punishment, discontinuance or acquittal.",
          "Part des poursuites tranchées contre des victimes qui ont abouti à une sanction plutôt qu'à la non-sanction, à l'abandon ou à la relaxe.",
          "Доля завершённых производств против жертв, закончившихся наказанием, а не ненаказанием, прекращением дела или оправданием."),
        t("Proceedings ending in a penalty", "Poursuites aboutissant à une sanction", "Производства, закончившиеся наказанием"),
        t("Proceedings decided (less pending and not recorded)", "Poursuites tranchées (moins celles en attente et non enregistrées)", "Завершённые производства (за вычетом ожидающих и не записанных)"),
        "Directive 2011/36/EU Art. 8; CoE Art. 26", COHORT,
        numerator=count(cells(_PROC, (T, "punished"))),
        denominator=count(cells(_PROC, (T, T), minus=[(T, "no_proceedings"), (T, "pending"), (T, "not_recorded")])),
        pending=count(cells(_PROC, (T, "pending"))),
        pending_text=t("Proceedings pending", "Poursuites en cours", "Производства продолжаются"),
        higher_is_better=False,
    ),
    Indicator(
        "R8.1", Right.SAFE_REPORTING,
        t("Reporting by persons with irregular status", "Signalement par les personnes en situation irrégulière", "Обращения лиц с неурегулированным статусом"),
        t("Share of persons with irregular migration status at intake who reported to the police or the labour inspectorate.",
          "Part des personnes en situation migratoire irrégulière à l'accueil qui ont signalé les faits à la police ou à l'inspection du travail.",
          "Доля лиц с неурегулированным миграционным статусом при обращении, сообщивших в полицию или трудовую инспекцию."),
        t("Persons with irregular status who reported", "Personnes en situation irrégulière ayant signalé", "Лица с неурегулированным статусом, сообщившие властям"),
        t("Persons of the cohort with irregular status at intake", "Personnes de la cohorte en situation irrégulière à l'accueil", "Лица когорты с неурегулированным статусом при обращении"),
        "ECRI General Policy Recommendation No. 16; Victims' Rights Directive", COHORT,
        numerator=count(cells(_REP, ("irregular", T), minus=[("irregular", "not_reported")])),
        denominator=count(cells(_REP, ("irregular", T))),
    ),
    Indicator(
        "R8.2", Right.SAFE_REPORTING,
        t("Immigration enforcement after reporting", "Mesures migratoires après un signalement", "Миграционные меры после обращения"),
        t("Share of persons with irregular status who reported and then faced immigration enforcement (a proxy for the absence of a firewall).",
          "Part des personnes en situation irrégulière ayant signalé les faits qui ont ensuite fait l'objet de mesures migratoires (indicateur indirect de l'absence de pare-feu).",
          "Доля лиц с неурегулированным статусом, которые сообщили властям и затем подверглись миграционным мерам (косвенный показатель отсутствия разделения)."),
        t("Reporters then subject to enforcement", "Personnes ayant signalé puis visées par une mesure", "Сообщившие, к которым затем применены меры"),
        t("Persons with irregular status who reported, consequence known", "Personnes en situation irrégulière ayant signalé, conséquence connue", "Сообщившие лица с неурегулированным статусом, последствия известны"),
        "ECRI General Policy Recommendation No. 16", COHORT,
        numerator=count(cells(_REP, ("irregular", "reported_enforcement"))),
        denominator=count(cells(_REP, ("irregular", "reported_enforcement"), ("irregular", "reported_no_consequence"))),
        higher_is_better=False,
    ),
    Indicator(
        "R10.1", Right.CHILDREN,
        t("Guardian for unaccompanied children", "Tuteur pour les enfants non accompagnés", "Опекун для несопровождаемых детей"),
        t("Share of unaccompanied children for whom a guardian was appointed.",
          "Part des enfants non accompagnés pour lesquels un tuteur a été désigné.",
          "Доля несопровождаемых детей, которым был назначен опекун."),
        t("Unaccompanied children with a guardian", "Enfants non accompagnés ayant un tuteur", "Несопровождаемые дети с опекуном"),
        t("Unaccompanied children, less those for whom it is unknown", "Enfants non accompagnés, moins ceux pour lesquels c'est inconnu", "Несопровождаемые дети за вычетом тех, по кому это неизвестно"),
        "CoE Art. 10(4); Directive 2011/36/EU Art. 16(3)", COHORT,
        numerator=count(cells("rights_children", ("yes", "yes"))),
        denominator=count(cells("rights_children", ("yes", "yes"), ("yes", "no")), cells("rights_children", ("yes", T), minus=[("yes", "unknown")])),
    ),
)  # fmt: skip

BY_CODE = {i.code: i for i in INDICATORS}


def indicator(code: str) -> Indicator:
    """The indicator ``code``; KeyError if there is none."""
    return BY_CODE[code]
