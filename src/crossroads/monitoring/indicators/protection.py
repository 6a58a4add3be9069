"""The indicators computed from the fields of standard 1.1 (the tables of exchange catalogue 1.2).

Records saved under standard 1.0 count as "not recorded" in these tables
and are left out of every denominator, so a member that has not upgraded
its records lowers the number of persons a rate rests on, never the rate.
"""

from __future__ import annotations

from crossroads.exchange.released import TOTAL as T
from crossroads.monitoring.formulas import cells, count
from crossroads.monitoring.indicators.base import (
    COHORT,
    Indicator,
    Right,
    non_nationals,
    t,
)

_NR = "not_recorded"
_DU = "dates_unknown"
_ENF_ID = "rights_enforcement_identification"
_ENF_RRP = "rights_enforcement_reflection"
_CLOSURE = "rights_closure_status"
_LAWFUL = ("trafficking_permit", "international_protection", "other_permit", "eu_citizen")
CHILDREN = t(
    "Children of the cohort (under 18 at identification).",
    "Enfants de la cohorte (moins de 18 ans lors de l'identification).",
    "Дети когорты (до 18 лет на момент выявления).",
)


PROTECTION: tuple[Indicator, ...] = (
    Indicator(
        "R1.2", Right.ASSISTANCE,
        t("Assistance refused or ended for not cooperating", "Assistance refusée ou interrompue faute de coopération", "Отказ в помощи или её прекращение из-за отказа сотрудничать"),
        t("Share of persons who sought state-funded assistance whose assistance was refused or ended because they did not cooperate with the authorities.",
          "Part des personnes ayant demandé une assistance financée par l'État dont l'assistance a été refusée ou interrompue faute de coopération avec les autorités.",
          "Доля лиц, обращавшихся за помощью за счёт государства, которым в ней отказали или прекратили её из-за отказа сотрудничать с властями."),
        t("Assistance refused or ended for non-cooperation", "Assistance refusée ou interrompue faute de coopération", "Отказ или прекращение из-за отказа сотрудничать"),
        t("Persons who sought state-funded assistance, outcome known", "Personnes ayant demandé une assistance financée par l'État, issue connue", "Лица, обращавшиеся за помощью за счёт государства, с известным исходом"),
        "CoE Art. 12(6); Directive 2011/36/EU Art. 11(3)", COHORT,
        numerator=count(cells("rights_state_assistance", ("refused_non_cooperation",), ("ended_non_cooperation",))),
        denominator=count(cells("rights_state_assistance", (T,), minus=[("not_sought",), ("unknown",), (_NR,)])),
        higher_is_better=False,
    ),
    Indicator(
        "R1.3", Right.ASSISTANCE,
        t("Assistance within a week", "Assistance dans la semaine", "Помощь в течение недели"),
        t("Share of persons whose assistance started within 7 days of their first contact (the tables hold time bands, so the median is not computed).",
          "Part des personnes dont l'assistance a commencé dans les 7 jours suivant le premier contact (les tableaux donnent des tranches de durée : la médiane n'est pas calculée).",
          "Доля лиц, помощь которым началась в течение 7 дней после первого контакта (таблицы содержат интервалы, поэтому медиана не вычисляется)."),
        t("Assistance started within 7 days", "Assistance commencée dans les 7 jours", "Помощь начата в течение 7 дней"),
        t("Persons with both dates recorded", "Personnes dont les deux dates sont enregistrées", "Лица с обеими записанными датами"),
        "Directive 2011/36/EU Art. 11(2); CoE Art. 12", COHORT,
        numerator=count(cells("rights_assistance_time", ("within_7_days",))),
        denominator=count(cells("rights_assistance_time", ("within_7_days",), ("days_8_30",), ("over_30_days",))),
    ),
    Indicator(
        "R2.4", Right.IDENTIFICATION,
        t("Removal before identification was completed", "Éloignement avant la fin de l'identification", "Высылка до завершения процедуры признания"),
        t("Share of non-nationals referred for identification who were detained for removal, removed or transferred while the decision was pending.",
          "Part des personnes étrangères orientées vers l'identification qui ont été placées en rétention, éloignées ou transférées avant la décision.",
          "Доля иностранцев, направленных на процедуру признания, которые были задержаны для высылки, высланы или переданы до принятия решения."),
        t("Referred non-nationals subject to enforcement before the decision", "Personnes étrangères orientées visées par une mesure avant la décision", "Направленные иностранцы, к которым применены меры до решения"),
        t("Non-nationals referred, enforcement known", "Personnes étrangères orientées, mesure connue", "Направленные иностранцы с известными сведениями о мерах"),
        "CoE Art. 10(2)", COHORT,
        numerator=count(cells(_ENF_ID, *non_nationals("while_pending"))),
        denominator=count(cells(_ENF_ID, *non_nationals(T), minus=non_nationals("not_referred") + non_nationals(_NR))),
        higher_is_better=False,
    ),
    Indicator(
        "R3.4", Right.REFLECTION,
        t("Enforcement during the reflection period", "Mesures d'éloignement pendant le délai de réflexion", "Принудительные меры во время периода размышления"),
        t("Share of non-nationals granted a reflection period who were subject to expulsion, removal or transfer during it.",
          "Part des personnes étrangères ayant obtenu un délai de réflexion qui ont fait l'objet d'une expulsion, d'un éloignement ou d'un transfert pendant ce délai.",
          "Доля иностранцев, получивших период размышления, к которым во время него применялись высылка, выдворение или передача."),
        t("Enforcement during the period", "Mesure pendant le délai", "Меры во время периода"),
        t("Non-nationals granted a reflection period, enforcement known", "Personnes étrangères ayant obtenu un délai, mesure connue", "Иностранцы, получившие период, с известными сведениями о мерах"),
        "CoE Art. 13(1), (3); Directive 2004/81/EC Art. 6", COHORT,
        numerator=count(cells(_ENF_RRP, *non_nationals("during_period"))),
        denominator=count(cells(_ENF_RRP, *non_nationals(T), minus=non_nationals("no_record") + non_nationals(_NR))),
        higher_is_better=False,
    ),
    Indicator(
        "R4.4", Right.RESIDENCE,
        t("Lawful residence at case closure", "Séjour régulier à la clôture du dossier", "Законное пребывание при закрытии дела"),
        t("Share of non-nationals whose case was closed who then held a residence permit, international protection or an EU citizen's right of residence.",
          "Part des personnes étrangères dont le dossier a été clos qui disposaient alors d'un titre de séjour, d'une protection internationale ou du droit de séjour d'un citoyen de l'UE.",
          "Доля иностранцев с закрытым делом, имевших на тот момент вид на жительство, международную защиту или право пребывания гражданина ЕС."),
        t("Closed with lawful residence", "Clos avec un séjour régulier", "Закрыто при законном пребывании"),
        t("Non-nationals whose case closed, status known and decided", "Personnes étrangères dont le dossier est clos, statut connu et tranché", "Иностранцы с закрытым делом, статус известен и определён"),
        "CoE Art. 14; Directive 2004/81/EC Arts 8, 13-14", COHORT,
        numerator=count(cells(_CLOSURE, *(key for status in _LAWFUL for key in non_nationals(status)))),
        denominator=count(cells(_CLOSURE, *non_nationals(T), minus=non_nationals("not_closed") + non_nationals("application_pending") + non_nationals("unknown") + non_nationals(_NR))),
        pending=count(cells(_CLOSURE, *non_nationals("application_pending"))),
        pending_text=t("Closed with an application pending", "Clos avec une demande en attente", "Закрыто при заявлении на рассмотрении"),
    ),
    Indicator(
        "R5.1", Right.JUSTICE,
        t("Rights information in an understood language", "Information sur les droits dans une langue comprise", "Информирование о правах на понятном языке"),
        t("Share of persons documented as informed of their rights in a language they understand.",
          "Part des personnes dont il est documenté qu'elles ont été informées de leurs droits dans une langue qu'elles comprennent.",
          "Доля лиц, о которых записано, что они были проинформированы о своих правах на понятном им языке."),
        t("Informed in a language understood", "Informées dans une langue comprise", "Проинформированы на понятном языке"),
        t("Persons of the cohort for whom this is known", "Personnes de la cohorte pour lesquelles c'est connu", "Лица когорты, по которым это известно"),
        "CoE Art. 15(1); Victims' Rights Directive Art. 4", COHORT,
        numerator=count(cells("rights_information", ("understood_language",))),
        denominator=count(cells("rights_information", (T,), minus=[("unknown",), (_NR,)])),
    ),
    Indicator(
        "R7.4", Right.NON_PUNISHMENT,
        t("Detention of presumed victims", "Détention de victimes présumées", "Задержание предполагаемых жертв"),
        t("Share of persons held in criminal or immigration detention after first contact, while presumed or identified victims.",
          "Part des personnes placées en détention pénale ou administrative après le premier contact, alors qu'elles étaient victimes présumées ou identifiées.",
          "Доля лиц, содержавшихся под уголовной или миграционной стражей после первого контакта, будучи предполагаемыми или признанными жертвами."),
        t("Persons detained", "Personnes détenues", "Задержанные лица"),
        t("Persons of the cohort for whom this is known", "Personnes de la cohorte pour lesquelles c'est connu", "Лица когорты, по которым это известно"),
        "Directive 2011/36/EU Art. 8; CoE Art. 26", COHORT,
        numerator=count(cells("rights_detention", ("criminal",), ("immigration",), ("both",))),
        denominator=count(cells("rights_detention", (T,), minus=[("unknown",), (_NR,)])),
        higher_is_better=False,
    ),
    Indicator(
        "R8.3", Right.SAFE_REPORTING,
        t("Deterrence from reporting", "Dissuasion du signalement", "Отказ от обращения из страха"),
        t("Share of persons who gave reasons for not reporting who cited fear of deportation or of immigration control.",
          "Part des personnes ayant donné les raisons de ne pas signaler qui citent la peur de l'expulsion ou du contrôle migratoire.",
          "Доля лиц, назвавших причины не обращаться к властям, которые указали страх депортации или миграционного контроля."),
        t("Citing fear of immigration consequences", "Citant la peur des conséquences migratoires", "Указали страх миграционных последствий"),
        t("Persons who gave their reasons for not reporting", "Personnes ayant donné leurs raisons de ne pas signaler", "Лица, назвавшие причины не обращаться"),
        "ECRI General Policy Recommendation No. 16", COHORT,
        numerator=count(cells("rights_deterrence", ("fear_of_deportation",))),
        denominator=count(cells("rights_deterrence", (T,), minus=[("unknown",), (_NR,)])),
        higher_is_better=False,
    ),
    Indicator(
        "R10.2a", Right.CHILDREN,
        t("Treated as a child until assessed", "Traitée comme un enfant jusqu'à l'évaluation", "Считался ребёнком до определения возраста"),
        t("Share of persons whose age was disputed who received the protection due to a child until the assessment ended (presumption of minority).",
          "Part des personnes dont l'âge était contesté qui ont bénéficié de la protection due à un enfant jusqu'à la fin de l'évaluation (présomption de minorité).",
          "Доля лиц с оспоренным возрастом, получавших защиту, положенную ребёнку, до завершения определения возраста (презумпция несовершеннолетия)."),
        t("Treated as a child", "Traitées comme un enfant", "Считались ребёнком"),
        t("Age-disputed persons for whom this is known", "Personnes à l'âge contesté pour lesquelles c'est connu", "Лица с оспоренным возрастом, по которым это известно"),
        "CoE Art. 10(3); Directive 2011/36/EU Art. 13(2)", COHORT,
        numerator=count(cells("rights_age_presumption", ("yes", "yes"))),
        denominator=count(cells("rights_age_presumption", ("yes", "yes"), ("yes", "no"))),
    ),
    Indicator(
        "R10.3", Right.CHILDREN,
        t("Children missing from care", "Enfants disparus de leur lieu d'accueil", "Дети, пропавшие из мест размещения"),
        t("Share of children who went missing from the accommodation or care they were placed in.",
          "Part des enfants qui ont disparu du lieu d'hébergement ou d'accueil où ils étaient placés.",
          "Доля детей, пропавших из места размещения или опеки, куда они были помещены."),
        t("Children who went missing", "Enfants disparus", "Пропавшие дети"),
        t("Children for whom this is known", "Enfants pour lesquels c'est connu", "Дети, по которым это известно"),
        "CoE Art. 10(4); Directive 2011/36/EU Art. 16", CHILDREN,
        numerator=count(cells("rights_children_care", ("yes",))),
        denominator=count(cells("rights_children_care", ("yes",), ("no",))),
        higher_is_better=False,
    ),
    Indicator(
        "R10.4", Right.CHILDREN,
        t("Best interests determined before return", "Intérêt supérieur déterminé avant le retour", "Определение наилучших интересов до возвращения"),
        t("Share of children returned or transferred whose return was preceded by a formal best-interests determination.",
          "Part des enfants renvoyés ou transférés dont le retour a été précédé d'une détermination formelle de l'intérêt supérieur.",
          "Доля возвращённых или переданных детей, возвращению которых предшествовало официальное определение наилучших интересов."),
        t("Returns preceded by a determination", "Retours précédés d'une détermination", "Возвращения, которым предшествовало определение"),
        t("Children returned or transferred, this known", "Enfants renvoyés ou transférés, c'est connu", "Возвращённые или переданные дети, по которым это известно"),
        "CoE Art. 16(7); Directive 2011/36/EU Art. 14", CHILDREN,
        numerator=count(cells("rights_children_return", ("yes", "yes"))),
        denominator=count(cells("rights_children_return", ("yes", "yes"), ("yes", "no"))),
    ),
)  # fmt: skip
