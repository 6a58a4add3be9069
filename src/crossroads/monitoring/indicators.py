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
from crossroads.monitoring.formulas import Count, Formula, Term, cells, count

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

_FORMS = "rights_identification_forms"
_NP = "rights_non_punishment"
_GROUPS: tuple[tuple[str, Text], ...] = (
    ("sexual", t("sexual exploitation", "exploitation sexuelle", "сексуальная эксплуатация")),
    ("labour", t("labour exploitation", "exploitation par le travail", "трудовая эксплуатация")),
    ("other", t("other forms", "autres formes", "другие формы")),
)
_CITIZENS: tuple[tuple[str, Text], ...] = (
    ("own_country", t("nationals", "ressortissants", "граждане страны")),
    ("other_eu", t("other EU citizens", "autres citoyens de l'UE", "граждане других стран ЕС")),
    ("non_eu", t("non-EU citizens", "citoyens hors UE", "граждане стран вне ЕС")),
)


def _identification_by(letter: str, table: str, index: int, code: str, name: Text) -> Indicator:
    """R2.5 for one Eurostat group of forms or one citizenship group."""

    def at(outcome: str) -> tuple[str, str]:
        return (code, outcome) if index == 0 else (outcome, code)

    return Indicator(
        f"R2.5{letter}", Right.IDENTIFICATION,
        Text({lang: f"{title}: {name.get(lang)}" for lang, title in (("en", "Formal identification"), ("fr", "Identification formelle"), ("ru", "Официальное признание жертвой"))}),
        Text({lang: f"{text} ({name.get(lang)})." for lang, text in (("en", "R2.1 for the persons of one group only"), ("fr", "R2.1 pour les seules personnes d'un groupe"), ("ru", "R2.1 только для лиц одной группы"))}),
        t("Persons of the group with a positive identification decision", "Personnes du groupe ayant une décision d'identification positive", "Лица группы с положительным решением о признании"),
        t("Persons of the group, less decisions pending or not recorded", "Personnes du groupe, moins les décisions en attente ou non enregistrées", "Лица группы за вычетом ожидаемых или не записанных решений"),
        "CoE Art. 10; Directive 2011/36/EU Art. 11(4)", COHORT,
        numerator=count(cells(table, at("positive"))),
        denominator=count(cells(table, at(T), minus=[at("pending"), at("not_recorded")])),
        pending=count(cells(table, at("pending"))),
        pending_text=t("Identification decision pending", "Décision d'identification en attente", "Решение о признании ожидается"),
    )  # fmt: skip


_ID_TIME = "rights_identification_time"
_RRP_LEN = "rights_reflection_length"
_COMP_TIME = "rights_compensation_time"
_AGE = "rights_age"
_MET, _UNMET = "persons_needs_met", "persons_unmet_needs"
_NEEDS: tuple[tuple[str, str, Text, str], ...] = (
    (
        "shelter",
        "R1.4a",
        t("safe accommodation", "hébergement sûr", "безопасное жильё"),
        "CoE Art. 12(1)(a); Directive 2011/36/EU Art. 11(5)",
    ),
    (
        "health",
        "R1.4b",
        t("medical care", "soins médicaux", "медицинская помощь"),
        "CoE Art. 12(1)(b); Directive 2011/36/EU Art. 11(5)",
    ),
    (
        "psychosocial",
        "R1.4c",
        t("psychological support", "soutien psychologique", "психологическая поддержка"),
        "CoE Art. 12(1)(a); Directive 2011/36/EU Art. 11(5)",
    ),
    (
        "legal_counselling",
        "R1.4d",
        t("legal counselling", "conseil juridique", "юридическая консультация"),
        "CoE Art. 12(1)(d); Directive 2011/36/EU Art. 11(5)",
    ),
    ("education", "R1.4e", t("education", "éducation", "образование"), "CoE Art. 12(1)(f)"),
    (
        "interpretation",
        "R5.2",
        t("interpretation", "interprétation", "устный перевод"),
        "CoE Art. 12(1)(c); Victims' Rights Directive Art. 7",
    ),
    (
        "legal_representation",
        "R5.3",
        t("legal representation", "représentation juridique", "юридическое представительство"),
        "CoE Art. 15(2); Directive 2011/36/EU Art. 12(2)",
    ),
)


def _need_met(code: str, indicator_code: str, name: Text, anchor: str) -> Indicator:
    """R1.4 (and R5.2, R5.3): persons who received a type of assistance among those who needed it."""
    return Indicator(
        indicator_code, Right.JUSTICE if indicator_code.startswith("R5") else Right.ASSISTANCE,
        Text({lang: f"{head}: {name.get(lang)}" for lang, head in (("en", "Assessed need met"), ("fr", "Besoin évalué satisfait"), ("ru", "Выявленная потребность удовлетворена"))}),
        Text({lang: text.format(name.get(lang)) for lang, text in (("en", "Share of persons with an assessed need for {} who received it."), ("fr", "Part des personnes ayant un besoin évalué de {} qui l'ont reçu."), ("ru", "Доля лиц с выявленной потребностью ({}), которые её получили."))}),
        t("Persons who needed and received it", "Personnes qui en avaient besoin et l'ont reçu", "Лица, нуждавшиеся и получившие"),
        t("Persons who needed it (received or not)", "Personnes qui en avaient besoin (reçu ou non)", "Лица, нуждавшиеся в этом (получившие или нет)"),
        anchor, COHORT,
        numerator=count(cells(_MET, (code,))),
        denominator=count(Formula((Term(_MET, (code,)), Term(_UNMET, (code,))))),
    )  # fmt: skip


_PROSECUTION: tuple[tuple[str, tuple[str, ...], Text, Text], ...] = (
    ("R5.4a", ("investigation", "charged", "convicted", "acquitted", "discontinued", "not_recorded"),
     t("Investigation opened", "Enquête ouverte", "Возбуждено расследование"),
     t("Persons whose traffickers were investigated", "Personnes dont les trafiquants ont fait l'objet d'une enquête", "Лица, по делу которых велось расследование")),
    ("R5.4b", ("charged", "convicted", "acquitted"),
     t("Traffickers charged", "Trafiquants mis en accusation", "Торговцам людьми предъявлено обвинение"),
     t("Persons whose traffickers were charged", "Personnes dont les trafiquants ont été mis en accusation", "Лица, по делу которых предъявлено обвинение")),
    ("R5.4c", ("convicted",),
     t("Traffickers convicted", "Trafiquants condamnés", "Торговцы людьми осуждены"),
     t("Persons whose traffickers were convicted", "Personnes dont les trafiquants ont été condamnés", "Лица, по делу которых вынесен обвинительный приговор")),
)  # fmt: skip


def _prosecution(
    code: str, stages: tuple[str, ...], title: Text, numerator_text: Text
) -> Indicator:
    """R5.4: how far criminal proceedings against the person's traffickers went."""
    return Indicator(
        code, Right.JUSTICE, title,
        Text({lang: f"{text} ({title.get(lang).lower()})." for lang, text in (("en", "Share of the cohort whose case led to criminal proceedings against the traffickers at least this far"), ("fr", "Part de la cohorte dont l'affaire a mené à des poursuites contre les trafiquants au moins jusqu'à ce stade"), ("ru", "Доля когорты, чьё дело привело к уголовному преследованию торговцев людьми как минимум до этой стадии"))}),
        numerator_text,
        t("Persons of the cohort", "Personnes de la cohorte", "Лица когорты"),
        "CoE Arts 27, 29; Directive 2011/36/EU Arts 9, 12", COHORT,
        numerator=count(cells("rights_prosecution", *((s,) for s in stages))),
        denominator=count(cells("rights_prosecution", (T,))),
    )  # fmt: skip


def _permits_by_form(letter: str, form: str, name: Text) -> Indicator:
    """R9.2: R4.1 for the non-nationals of one Eurostat group of forms."""
    table = "rights_permits_forms"
    return Indicator(
        f"R9.2{letter}", Right.FORMS,
        Text({lang: f"{head}: {name.get(lang)}" for lang, head in (("en", "Residence permit granted"), ("fr", "Titre de séjour accordé"), ("ru", "Выдача вида на жительство"))}),
        Text({lang: f"{text} ({name.get(lang)})." for lang, text in (("en", "R4.1 for the non-nationals of one group of forms only, to see whether some forms are recognised less"), ("fr", "R4.1 pour les seules personnes étrangères d'un groupe de formes, pour voir si certaines formes sont moins reconnues"), ("ru", "R4.1 только для иностранцев с одной группой форм — чтобы увидеть, признаются ли некоторые формы реже"))}),
        t("Non-nationals of the group granted a permit", "Personnes étrangères du groupe ayant obtenu un titre", "Иностранцы группы, получившие вид на жительство"),
        t("Non-nationals of the group, less applications pending", "Personnes étrangères du groupe, moins les demandes en attente", "Иностранцы группы за вычетом ожидающих решения заявлений"),
        "CoE Arts 4(a), 14(1); Directive 2011/36/EU Art. 2(3)", COHORT,
        numerator=count(cells(table, *((g, form, "granted") for (g,) in NON_NATIONALS))),
        denominator=count(cells(table, *((g, form, T) for (g,) in NON_NATIONALS), minus=[(g, form, "pending") for (g,) in NON_NATIONALS])),
        pending=count(cells(table, *((g, form, "pending") for (g,) in NON_NATIONALS))),
        pending_text=t("Permit application pending", "Demande de titre en attente", "Заявление на вид на жительство ожидает решения"),
    )  # fmt: skip


CATALOGUE_ADDITIONS: tuple[Indicator, ...] = (
    Indicator(
        "R2.2", Right.IDENTIFICATION,
        t("Never referred for identification", "Jamais orientées vers l'identification", "Не направлены на процедуру признания"),
        t("Share of registered persons never referred to the competent authority for formal identification (the \"assisted but not identified\" gap).",
          "Part des personnes enregistrées jamais orientées vers l'autorité compétente pour une identification formelle (l'écart entre personnes accompagnées et identifiées).",
          "Доля зарегистрированных лиц, которые ни разу не направлялись в компетентный орган для официального признания (разрыв между получившими помощь и признанными)."),
        t("Persons never referred", "Personnes jamais orientées", "Лица, не направленные на признание"),
        t("Persons of the cohort", "Personnes de la cohorte", "Лица когорты"),
        "CoE Art. 10(1)-(2); Directive 2011/36/EU Art. 11(4)", COHORT,
        numerator=count(cells(_ID, ("never_referred", T))),
        denominator=count(cells(_ID, (T, T))),
        higher_is_better=False,
    ),
    *(_identification_by(letter, _FORMS, 0, code, name) for letter, (code, name) in zip("abc", _GROUPS, strict=True)),
    *(_identification_by(letter, _ID, 1, code, name) for letter, (code, name) in zip("def", _CITIZENS, strict=True)),
    Indicator(
        "R4.2", Right.RESIDENCE,
        t("Residence permit refused", "Titre de séjour refusé", "Отказ в виде на жительство"),
        t("Share of decided residence-permit applications of non-nationals that were refused.",
          "Part des demandes de titre de séjour de personnes étrangères, tranchées, qui ont été refusées.",
          "Доля рассмотренных заявлений иностранцев на вид на жительство, по которым было отказано."),
        t("Applications refused", "Demandes refusées", "Заявления, по которым отказано"),
        t("Applications decided (granted or refused)", "Demandes tranchées (accordées ou refusées)", "Рассмотренные заявления (удовлетворённые или отклонённые)"),
        "CoE Art. 14(1); Directive 2004/81/EC Arts 8, 13-14", COHORT,
        numerator=count(cells(_PERMITS, *_non_nationals(T, "refused"))),
        denominator=count(cells(_PERMITS, *_non_nationals(T, "granted"), *_non_nationals(T, "refused"))),
        pending=count(cells(_PERMITS, *_non_nationals(T, "pending"))),
        pending_text=t("Permit application pending", "Demande de titre en attente", "Заявление на вид на жительство ожидает решения"),
        higher_is_better=False,
    ),
    Indicator(
        "R4.3", Right.RESIDENCE,
        t("Asylum route", "Voie de l'asile", "Путь через убежище"),
        t("Share of non-nationals whose counted permit application is one for international protection.",
          "Part des personnes étrangères dont la demande de titre comptée est une demande de protection internationale.",
          "Доля иностранцев, у которых учтённое заявление — это заявление о международной защите."),
        t("Non-nationals applying for international protection", "Personnes étrangères demandant une protection internationale", "Иностранцы, подавшие заявление о международной защите"),
        t("Non-nationals of the cohort", "Personnes étrangères de la cohorte", "Иностранцы когорты"),
        "CoE Arts 14(5), 40(4); Palermo Protocol Art. 14", COHORT,
        numerator=count(cells(_PERMITS, *_non_nationals("international_protection", T))),
        denominator=count(cells(_PERMITS, *_non_nationals(T, T))),
        higher_is_better=None,
    ),
    Indicator(
        "R4.3b", Right.RESIDENCE,
        t("International protection granted", "Protection internationale accordée", "Предоставление международной защиты"),
        t("Share of decided applications for international protection that were granted.",
          "Part des demandes de protection internationale tranchées qui ont été accordées.",
          "Доля рассмотренных заявлений о международной защите, которые были удовлетворены."),
        t("Applications for protection granted", "Demandes de protection accordées", "Удовлетворённые заявления о защите"),
        t("Applications for protection decided", "Demandes de protection tranchées", "Рассмотренные заявления о защите"),
        "CoE Art. 14(5); Directive 2011/95/EU", COHORT,
        numerator=count(cells(_PERMITS, *_non_nationals("international_protection", "granted"))),
        denominator=count(cells(_PERMITS, *_non_nationals("international_protection", "granted"), *_non_nationals("international_protection", "refused"))),
        pending=count(cells(_PERMITS, *_non_nationals("international_protection", "pending"))),
        pending_text=t("Application pending", "Demande en attente", "Заявление ожидает решения"),
    ),
    Indicator(
        "R6.4", Right.COMPENSATION,
        t("State compensation refused", "Indemnisation publique refusée", "Отказ в государственной компенсации"),
        t("Share of decided claims to a state compensation scheme that were refused.",
          "Part des demandes tranchées auprès d'un fonds public d'indemnisation qui ont été refusées.",
          "Доля рассмотренных требований к государственной схеме компенсации, по которым было отказано."),
        t("State-scheme claims refused", "Demandes au fonds public refusées", "Отклонённые требования к государственной схеме"),
        t("State-scheme claims decided (awarded or refused)", "Demandes au fonds public tranchées (accordées ou refusées)", "Рассмотренные требования к государственной схеме (удовлетворённые или отклонённые)"),
        "CoE Art. 15(4); Directive 2004/80/EC Art. 12(2); Directive 2011/36/EU Art. 17", COHORT,
        numerator=count(cells(_COMP, ("state_fund", "refused"))),
        denominator=count(cells(_COMP, ("state_fund", "refused"), *(("state_fund", s) for s in _AWARDED))),
        pending=count(cells(_COMP, ("state_fund", "pending"))),
        pending_text=t("Claims pending", "Demandes en attente", "Требования на рассмотрении"),
        higher_is_better=False,
    ),
    Indicator(
        "R7.2", Right.NON_PUNISHMENT,
        t("Non-punishment invoked", "Non-sanction invoquée", "Принцип ненаказания заявлен"),
        t("Share of proceedings against victims in which their victim status or the non-punishment principle was raised.",
          "Part des poursuites contre des victimes dans lesquelles la qualité de victime ou le principe de non-sanction a été soulevé.",
          "Доля производств против жертв, в которых поднимался вопрос о статусе жертвы или принципе ненаказания."),
        t("Proceedings where it was raised", "Poursuites où elle a été soulevée", "Производства, где он был заявлен"),
        t("Proceedings where it is known whether it was raised", "Poursuites pour lesquelles on sait si elle a été soulevée", "Производства, по которым известно, заявлялся ли он"),
        "Directive 2011/36/EU Art. 8; CoE Art. 26", COHORT,
        numerator=count(cells(_NP, (T, "yes"))),
        denominator=count(cells(_NP, (T, "yes"), (T, "no"))),
    ),
    *(_need_met(code, letter_code, title, anchor) for code, letter_code, title, anchor in _NEEDS),
    Indicator(
        "R2.3", Right.IDENTIFICATION,
        t("Identification decided within 90 days", "Identification tranchée en 90 jours", "Решение о признании в течение 90 дней"),
        t("Share of identification decisions taken within 90 days of the referral (the tables hold time bands, so the median is not computed).",
          "Part des décisions d'identification prises dans les 90 jours suivant l'orientation (les tableaux donnent des tranches de durée : la médiane n'est pas calculée).",
          "Доля решений о признании, принятых в течение 90 дней после направления (таблицы содержат интервалы, поэтому медиана не вычисляется)."),
        t("Decisions within 90 days of referral", "Décisions dans les 90 jours", "Решения в течение 90 дней"),
        t("Decisions with both dates recorded", "Décisions dont les deux dates sont enregistrées", "Решения с обеими записанными датами"),
        "CoE Art. 10(2); Directive 2011/36/EU Art. 11(2), (4)", COHORT,
        numerator=count(cells(_ID_TIME, (T, "within_90_days"))),
        denominator=count(cells(_ID_TIME, (T, "within_90_days"), (T, "days_91_180"), (T, "over_180_days"))),
        pending=count(cells(_ID_TIME, (T, "pending"))),
        pending_text=t("Identification decision pending", "Décision d'identification en attente", "Решение о признании ожидается"),
    ),
    Indicator(
        "R3.3", Right.REFLECTION,
        t("Reflection period of at least 30 days", "Délai de réflexion d'au moins 30 jours", "Период размышления не менее 30 дней"),
        t("Share of ended reflection periods that lasted at least the 30 days the Convention requires.",
          "Part des délais de réflexion terminés qui ont duré au moins les 30 jours exigés par la Convention.",
          "Доля завершённых периодов размышления продолжительностью не менее 30 дней, требуемых Конвенцией."),
        t("Periods of 30 days or more", "Délais de 30 jours ou plus", "Периоды от 30 дней"),
        t("Periods granted and ended, with both dates recorded", "Délais accordés et terminés, les deux dates enregistrées", "Предоставленные и завершённые периоды с обеими датами"),
        "CoE Art. 13(1); Directive 2004/81/EC Art. 6", COHORT,
        numerator=count(cells(_RRP_LEN, (T, "days_30_or_more"))),
        denominator=count(cells(_RRP_LEN, (T, "days_30_or_more"), (T, "under_30_days"))),
        pending=count(cells(_RRP_LEN, (T, "ongoing"))),
        pending_text=t("Reflection period not yet ended", "Délai de réflexion en cours", "Период размышления продолжается"),
    ),
    *(_prosecution(code, stages, title, numerator_text) for code, stages, title, numerator_text in _PROSECUTION),
    Indicator(
        "R6.5", Right.COMPENSATION,
        t("Compensation paid within a year", "Indemnisation versée en moins d'un an", "Компенсация выплачена в течение года"),
        t("Share of paid awards whose first payment came within a year of the claim (the tables hold time bands, so the median is not computed).",
          "Part des indemnités versées dont le premier paiement est intervenu dans l'année suivant la demande (les tableaux donnent des tranches de durée : la médiane n'est pas calculée).",
          "Доля выплаченных компенсаций, первая выплата по которым поступила в течение года после подачи требования (таблицы содержат интервалы, поэтому медиана не вычисляется)."),
        t("Paid awards, first payment within a year", "Indemnités versées, premier paiement dans l'année", "Выплаты, первая из которых — в течение года"),
        t("Paid awards with both dates recorded", "Indemnités versées dont les deux dates sont enregistrées", "Выплаченные компенсации с обеими датами"),
        "CoE Art. 15(3)-(4); Victims' Rights Directive Art. 16", COHORT,
        numerator=count(cells(_COMP_TIME, (T, "within_1_year"))),
        denominator=count(cells(_COMP_TIME, (T, "within_1_year"), (T, "years_1_2"), (T, "over_2_years"))),
    ),
    *(_permits_by_form(letter, code, name) for letter, (code, name) in zip("abc", _GROUPS, strict=True)),
    Indicator(
        "R10.2b", Right.CHILDREN,
        t("Disputed age assessed as adult", "Âge contesté, évalué adulte", "Оспоренный возраст: признан взрослым"),
        t("Share of completed age assessments of persons whose age was disputed that found them adults.",
          "Part des évaluations de l'âge terminées, de personnes dont l'âge était contesté, qui les ont jugées adultes.",
          "Доля завершённых определений возраста лиц с оспоренным возрастом, признавших их взрослыми."),
        t("Assessed as adults", "Évaluées adultes", "Признаны взрослыми"),
        t("Age-disputed persons assessed as a child or an adult", "Personnes à l'âge contesté évaluées enfant ou adulte", "Лица с оспоренным возрастом, признанные ребёнком или взрослым"),
        "CoE Art. 10(3); Directive 2011/36/EU Art. 13(2)", COHORT,
        numerator=count(cells(_AGE, ("yes", "adult"))),
        denominator=count(cells(_AGE, ("yes", "adult"), ("yes", "child"))),
        pending=count(cells(_AGE, ("yes", "pending"))),
        pending_text=t("Age assessment pending", "Évaluation de l'âge en attente", "Определение возраста ожидается"),
        higher_is_better=None,
    ),
)  # fmt: skip

_ORDER = [r.value for r in Right]


def _place(spec: Indicator) -> tuple[int, str]:
    return _ORDER.index(spec.right.value), spec.code


INDICATORS = tuple(sorted(INDICATORS + CATALOGUE_ADDITIONS, key=_place))

BY_CODE = {i.code: i for i in INDICATORS}


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
        t("Data-sharing incidents", "Incidents de transmission de données", "Случаи передачи данных"),
        t("Not computed from case data by design: an incident (health, labour-inspection, shelter or police data reaching the immigration authorities) is an event about institutions, not an outcome of a person, and one incident may concern many persons or none registered. It belongs in an incident log kept by the network, counted as incidents, not as a share of persons.",
          "Non calculé à partir des dossiers, par principe : un incident (des données de santé, de l'inspection du travail, d'un foyer ou de la police parvenues aux autorités de l'immigration) concerne des institutions, non le parcours d'une personne, et un incident peut toucher de nombreuses personnes ou aucune personne enregistrée. Il relève d'un registre d'incidents tenu par le réseau, compté en incidents et non en part de personnes.",
          "Не вычисляется по данным дел — намеренно: инцидент (данные медицинских служб, трудовой инспекции, приюта или полиции, попавшие в миграционные органы) касается учреждений, а не результата для конкретного человека, и один инцидент может затронуть многих людей или ни одного зарегистрированного. Такие случаи ведутся в журнале инцидентов сети и считаются в инцидентах, а не в доле лиц."),
        by_design=True,
    ),
    NotComputed(
        "R1.2", Right.ASSISTANCE,
        t('Cooperation-linked denial or termination of assistance', "Refus ou fin de l'assistance liés à la coopération", 'Отказ в помощи или её прекращение из-за отказа сотрудничать'),
        t('Not computed yet: the standard does not record state-funded assistance episodes and the reason each was refused or ended.', "Pas encore calculé : la norme n'enregistre pas encore les périodes d'assistance financées par l'État et le motif de chaque refus ou fin.", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — периоды помощи за счёт государства и причина каждого отказа или прекращения.'),
    ),
    NotComputed(
        "R1.3", Right.ASSISTANCE,
        t('Time to assistance', "Délai avant l'assistance", 'Срок до начала помощи'),
        t('Not computed yet: the standard does not record the date assistance started.', "Pas encore calculé : la norme n'enregistre pas encore la date de début de l'assistance.", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — дата начала помощи.'),
    ),
    NotComputed(
        "R2.4", Right.IDENTIFICATION,
        t('Removal before identification was completed', "Éloignement avant la fin de l'identification", 'Высылка до завершения процедуры признания'),
        t('Not computed yet: the standard does not record dated immigration-enforcement measures (detention for removal, removal, transfer).', "Pas encore calculé : la norme n'enregistre pas encore les mesures d'éloignement datées (rétention, éloignement, transfert).", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — датированные меры миграционного принуждения (задержание для высылки, высылка, передача).'),
    ),
    NotComputed(
        "R3.4", Right.REFLECTION,
        t('Enforcement during the reflection period', "Mesures d'éloignement pendant le délai de réflexion", 'Принудительные меры во время периода размышления'),
        t('Not computed yet: the standard does not record dated immigration-enforcement measures.', "Pas encore calculé : la norme n'enregistre pas encore les mesures d'éloignement datées.", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — датированные меры миграционного принуждения.'),
    ),
    NotComputed(
        "R4.4", Right.RESIDENCE,
        t('Status at case closure', 'Statut à la clôture du dossier', 'Статус при закрытии дела'),
        t('Not computed yet: the standard does not record the residence status of non-nationals when their case is closed.', "Pas encore calculé : la norme n'enregistre pas encore le statut de séjour des personnes étrangères à la clôture de leur dossier.", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — статус пребывания иностранцев при закрытии их дела.'),
    ),
    NotComputed(
        "R5.1", Right.JUSTICE,
        t('Rights information in an understood language', 'Information sur les droits dans une langue comprise', 'Информирование о правах на понятном языке'),
        t('Not computed yet: the standard does not record whether the person was informed of their rights, and in a language they understand (R3.2 covers the reflection period only).', "Pas encore calculé : la norme n'enregistre pas encore si la personne a été informée de ses droits, et dans une langue qu'elle comprend (R3.2 ne couvre que le délai de réflexion).", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — был ли человек проинформирован о своих правах на понятном ему языке (R3.2 касается только периода размышления).'),
    ),
    NotComputed(
        "R7.4", Right.NON_PUNISHMENT,
        t('Detention of presumed victims', 'Détention de victimes présumées', 'Задержание предполагаемых жертв'),
        t('Not computed yet: the standard does not record dated criminal or immigration detention.', "Pas encore calculé : la norme n'enregistre pas encore les détentions pénales ou administratives datées.", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — датированные уголовные или миграционные задержания.'),
    ),
    NotComputed(
        "R8.3", Right.SAFE_REPORTING,
        t('Deterrence from reporting', 'Dissuasion du signalement', 'Отказ от обращения из страха'),
        t('Not computed yet: the standard does not record the reasons a person did not report.', "Pas encore calculé : la norme n'enregistre pas encore les raisons pour lesquelles une personne n'a pas signalé les faits.", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — причины, по которым человек не обратился к властям.'),
    ),
    NotComputed(
        "R10.2", Right.CHILDREN,
        t('Age presumption respected', 'Présomption de minorité respectée', 'Соблюдение презумпции несовершеннолетия'),
        t('Not computed yet: the standard does not record whether a person whose age was disputed was treated as a child until assessed (R10.2b, the share later assessed adult, is computed).', "Pas encore calculé : la norme n'enregistre pas encore si une personne dont l'âge était contesté a été traitée comme un enfant jusqu'à l'évaluation (R10.2b, la part jugée adulte ensuite, est calculé).", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — обращались ли с человеком с оспоренным возрастом как с ребёнком до определения возраста (R10.2b — доля позднее признанных взрослыми — вычисляется).'),
    ),
    NotComputed(
        "R10.3", Right.CHILDREN,
        t('Children missing from care', "Enfants disparus de leur lieu d'accueil", 'Дети, пропавшие из мест размещения'),
        t('Not computed yet: the standard does not record whether an accommodated child went missing.', "Pas encore calculé : la norme n'enregistre pas encore si un enfant accueilli a disparu.", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — пропадал ли размещённый ребёнок.'),
    ),
    NotComputed(
        "R10.4", Right.CHILDREN,
        t('Best interests determined before return', 'Intérêt supérieur déterminé avant le retour', 'Определение наилучших интересов до возвращения'),
        t('Not computed yet: the standard does not record child returns or transfers and whether a best-interests determination preceded them.', "Pas encore calculé : la norme n'enregistre pas encore les retours ou transferts d'enfants et si une détermination de l'intérêt supérieur les a précédés.", 'Пока не вычисляется: в стандарте ещё нет полей для этих сведений — возвращения или передачи детей и предшествовало ли им определение наилучших интересов.'),
    ),
)  # fmt: skip
"""Indicators of the catalogue not computed, with the reason shown on the pages and in the report."""


def indicator(code: str) -> Indicator:
    """The indicator ``code``; KeyError if there is none."""
    return BY_CODE[code]
