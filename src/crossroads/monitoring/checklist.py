"""The legal-framework checklist of a country profile, as typed data.

Each item is a question an analyst answers for a country, with the source
and date of the answer. Items follow the country checklist of the research
note on rights indicators (treaties, identification, residence, remedies,
safe reporting, children, institutions). Labels are given in every
language of the interface, like the data standard's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crossroads.codebook.definitions import Text


def t(en: str, fr: str, ru: str) -> Text:
    """A text in English, French and Russian."""
    return Text({"en": en, "fr": fr, "ru": ru})


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


YES = Option("yes", t("Yes", "Oui", "Да"), True)
NO = Option("no", t("No", "Non", "Нет"), False)
TREATY = (
    Option("ratified", t("Ratified", "Ratifié", "Ратифицирован"), True),
    Option("signed", t("Signed, not ratified", "Signé, non ratifié", "Подписан, не ратифицирован")),
    Option("not_signed", t("Not signed", "Non signé", "Не подписан"), False),
)
TRANSPOSITION = (
    Option(
        "full", t("Fully transposed", "Entièrement transposée", "Полностью транспонирована"), True
    ),
    Option(
        "partial", t("Partly transposed", "Partiellement transposée", "Частично транспонирована")
    ),
    Option("none", t("Not transposed", "Non transposée", "Не транспонирована"), False),
    Option(
        "not_eu",
        t("Not an EU member state", "Pas un État membre de l'UE", "Не государство — член ЕС"),
    ),
)
DAYS = t("days", "jours", "дней")

GROUPS: tuple[Group, ...] = (
    Group("treaties", t("Treaties and EU law", "Traités et droit de l'UE", "Договоры и право ЕС")),
    Group("identification", t("Identification and referral", "Identification et orientation", "Выявление и направление")),
    Group("residence", t("Reflection period and residence", "Délai de réflexion et séjour", "Период размышления и пребывание")),
    Group("remedies", t("Compensation and non-punishment", "Indemnisation et non-sanction", "Компенсация и ненаказание")),
    Group("safe_reporting", t("Safe reporting", "Signalement sans risque", "Безопасное обращение")),
    Group("children", t("Children", "Enfants", "Дети")),
    Group("institutions", t("Institutions and monitoring", "Institutions et suivi", "Институты и мониторинг")),
)  # fmt: skip

ITEMS: tuple[Item, ...] = (
    Item("coe_convention", "treaties", Kind.CHOICE,
         t("Council of Europe Convention on Action against Trafficking (CETS 197)", "Convention du Conseil de l'Europe sur la lutte contre la traite (STCE 197)", "Конвенция Совета Европы о противодействии торговле людьми (CETS 197)"),
         "CoE CETS 197", TREATY),
    Item("coe_convention_date", "treaties", Kind.DATE,
         t("Date of ratification of the CoE Convention", "Date de ratification de la Convention du Conseil de l'Europe", "Дата ратификации Конвенции Совета Европы"),
         "CoE CETS 197"),
    Item("palermo_protocol", "treaties", Kind.CHOICE,
         t("Palermo Protocol (UN, 2000)", "Protocole de Palerme (ONU, 2000)", "Палермский протокол (ООН, 2000)"),
         "UNTOC Protocol on trafficking in persons", TREATY),
    Item("palermo_protocol_date", "treaties", Kind.DATE,
         t("Date of ratification of the Palermo Protocol", "Date de ratification du Protocole de Palerme", "Дата ратификации Палермского протокола"),
         "UNTOC Protocol on trafficking in persons"),
    Item("atd_transposition", "treaties", Kind.CHOICE,
         t("Transposition of Directive 2011/36/EU", "Transposition de la directive 2011/36/UE", "Транспонирование Директивы 2011/36/ЕС"),
         "Directive 2011/36/EU", TRANSPOSITION),
    Item("atd_2024_transposition", "treaties", Kind.CHOICE,
         t("Transposition of the 2024 amendments (Directive (EU) 2024/1712)", "Transposition des modifications de 2024 (directive (UE) 2024/1712)", "Транспонирование поправок 2024 года (Директива (ЕС) 2024/1712)"),
         "Directive (EU) 2024/1712", TRANSPOSITION),
    Item("nrm", "identification", Kind.CHOICE,
         t("National referral mechanism and its basis", "Mécanisme national d'orientation et son fondement", "Национальный механизм перенаправления и его основа"),
         "Directive 2011/36/EU Art. 11(4); CoE Art. 10",
         (Option("law", t("Set by law", "Prévu par la loi", "Установлен законом"), True),
          Option("regulation", t("Set by regulation", "Prévu par règlement", "Установлен подзаконным актом"), True),
          Option("administrative", t("Administrative practice only", "Pratique administrative seulement", "Только административная практика")),
          Option("none", t("No mechanism", "Aucun mécanisme", "Механизма нет"), False))),
    Item("nrm_referrers", "identification", Kind.MULTICHOICE,
         t("Who may refer presumed victims for identification", "Qui peut orienter les victimes présumées vers l'identification", "Кто может направлять предполагаемых жертв на процедуру признания"),
         "CoE Art. 10(1); OSCE/ODIHR NRM Handbook",
         (Option("police", t("Police", "Police", "Полиция")),
          Option("labour_inspectorate", t("Labour inspectorate", "Inspection du travail", "Трудовая инспекция")),
          Option("immigration", t("Immigration authorities", "Autorités d'immigration", "Миграционные органы")),
          Option("ngo", t("Specialised NGOs", "ONG spécialisées", "Специализированные НКО")),
          Option("social_services", t("Social services", "Services sociaux", "Социальные службы")),
          Option("health", t("Health services", "Services de santé", "Службы здравоохранения")),
          Option("self", t("The person themselves", "La personne elle-même", "Сам человек")))),
    Item("rrp_in_law", "residence", Kind.CHOICE,
         t("Recovery and reflection period in law", "Délai de rétablissement et de réflexion prévu par la loi", "Период восстановления и размышления закреплён в законе"),
         "CoE Art. 13; Directive 2004/81/EC Art. 6", (YES, NO)),
    Item("rrp_days", "residence", Kind.INTEGER,
         t("Length of the reflection period", "Durée du délai de réflexion", "Продолжительность периода размышления"),
         "CoE Art. 13 (at least 30 days)", unit=DAYS, maximum=365),
    Item("permit_cooperation", "residence", Kind.CHOICE,
         t("Residence permit on the ground of cooperation", "Titre de séjour au motif de la coopération", "Вид на жительство на основании сотрудничества"),
         "CoE Art. 14(1)(b); Directive 2004/81/EC Art. 8", (YES, NO)),
    Item("permit_personal", "residence", Kind.CHOICE,
         t("Residence permit on the ground of personal situation", "Titre de séjour au motif de la situation personnelle", "Вид на жительство на основании личной ситуации"),
         "CoE Art. 14(1)(a)", (YES, NO)),
    Item("compensation_fund", "remedies", Kind.CHOICE,
         t("State compensation fund open to victims of trafficking", "Fonds public d'indemnisation ouvert aux victimes de la traite", "Государственный фонд компенсации, доступный жертвам торговли людьми"),
         "CoE Art. 15(4); Directive 2011/36/EU Art. 17", (YES, NO)),
    Item("compensation_conditions", "remedies", Kind.MULTICHOICE,
         t("Conditions of the state compensation fund", "Conditions du fonds public d'indemnisation", "Условия государственного фонда компенсации"),
         "CoE Art. 15(4); Directive 2004/80/EC Art. 12(2)",
         (Option("conviction", t("Requires a conviction", "Exige une condamnation", "Требуется обвинительный приговор"), False),
          Option("police_report", t("Requires a police report", "Exige une plainte à la police", "Требуется заявление в полицию"), False),
          Option("lawful_residence", t("Excludes persons without lawful residence", "Exclut les personnes sans séjour régulier", "Исключает лиц без законного пребывания"), False),
          Option("time_limit", t("Short time limit to apply", "Délai court pour déposer la demande", "Короткий срок подачи заявления"), False),
          Option("sex_industry", t("Excludes persons involved in the sex industry", "Exclut les personnes ayant travaillé dans l'industrie du sexe", "Исключает лиц, связанных с секс-индустрией"), False),
          Option("advance", t("Advance payments possible", "Avances possibles", "Возможны авансовые выплаты"), True),
          Option("confiscated_assets", t("Funded from confiscated assets", "Financé par les avoirs confisqués", "Финансируется из конфискованных активов"), True))),
    Item("non_punishment", "remedies", Kind.CHOICE,
         t("Non-punishment provision", "Disposition de non-sanction", "Положение о ненаказании"),
         "Directive 2011/36/EU Art. 8; CoE Art. 26",
         (Option("statutory", t("Explicit statutory provision", "Disposition légale explicite", "Прямое положение закона"), True),
          Option("guidance", t("Prosecutorial guidance only", "Instructions au parquet seulement", "Только указания прокуратуры")),
          Option("general", t("General defences only", "Moyens de défense généraux seulement", "Только общие основания защиты"), False),
          Option("none", t("None", "Aucune", "Нет"), False))),
    Item("firewall", "safe_reporting", Kind.CHOICE,
         t("Firewall between reporting and immigration enforcement", "Pare-feu entre signalement et contrôle de l'immigration", "Разделение обращения в полицию и миграционного контроля"),
         "ECRI General Policy Recommendation No. 16",
         (Option("law", t("Set in law", "Prévu par la loi", "Закреплено законом"), True),
          Option("policy", t("Policy or practice", "Politique ou pratique", "Политика или практика")),
          Option("none", t("None", "Aucun", "Нет"), False))),
    Item("guardianship", "children", Kind.CHOICE,
         t("Guardianship for unaccompanied child victims", "Tutelle des enfants victimes non accompagnés", "Опека над несопровождаемыми детьми-жертвами"),
         "CoE Art. 10(4); Directive 2011/36/EU Art. 14, 16",
         (Option("time_limit", t("Yes, with a legal time limit to appoint", "Oui, avec un délai légal de désignation", "Да, с установленным законом сроком назначения"), True),
          Option("no_time_limit", t("Yes, without a time limit", "Oui, sans délai", "Да, без срока")),
          Option("none", t("No guardianship system", "Pas de système de tutelle", "Системы опеки нет"), False))),
    Item("guardian_days", "children", Kind.INTEGER,
         t("Legal time limit to appoint a guardian", "Délai légal de désignation d'un tuteur", "Установленный законом срок назначения опекуна"),
         "Directive 2011/36/EU Art. 16(3)", unit=DAYS, maximum=365),
    Item("national_rapporteur", "institutions", Kind.CHOICE,
         t("National rapporteur or equivalent mechanism", "Rapporteur national ou mécanisme équivalent", "Национальный докладчик или аналогичный механизм"),
         "Directive 2011/36/EU Art. 19; CoE Art. 29(4)",
         (Option("independent", t("Independent rapporteur", "Rapporteur indépendant", "Независимый докладчик"), True),
          Option("governmental", t("Within government", "Au sein du gouvernement", "В составе правительства")),
          Option("none", t("None", "Aucun", "Нет"), False))),
    Item("greta_round", "institutions", Kind.INTEGER,
         t("Latest GRETA evaluation round", "Dernier cycle d'évaluation du GRETA", "Последний раунд оценки ГРЕТА"),
         "CoE Art. 36-38", minimum=1, maximum=9),
    Item("greta_date", "institutions", Kind.DATE,
         t("Date of the latest GRETA report", "Date du dernier rapport du GRETA", "Дата последнего доклада ГРЕТА"),
         "CoE Art. 38"),
)  # fmt: skip

BY_CODE = {item.code: item for item in ITEMS}


def item(code: str) -> Item:
    """The checklist item ``code``; KeyError if there is none."""
    return BY_CODE[code]


def items_in(group: str) -> tuple[Item, ...]:
    return tuple(i for i in ITEMS if i.group == group)
