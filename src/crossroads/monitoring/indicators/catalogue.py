"""The indicators added to complete the catalogue: groups, time bands, needs met, proceedings."""

from __future__ import annotations

from crossroads.codebook.definitions import Text
from crossroads.exchange.released import TOTAL as T
from crossroads.monitoring.formulas import Formula, Term, cells, count
from crossroads.monitoring.indicators.base import (
    AWARDED,
    COHORT,
    COMPENSATION,
    IDENT,
    NON_NATIONALS,
    PERMITS,
    Indicator,
    Right,
    non_nationals,
    t,
)

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
        numerator=count(cells(IDENT, ("never_referred", T))),
        denominator=count(cells(IDENT, (T, T))),
        higher_is_better=False,
    ),
    *(_identification_by(letter, _FORMS, 0, code, name) for letter, (code, name) in zip("abc", _GROUPS, strict=True)),
    *(_identification_by(letter, IDENT, 1, code, name) for letter, (code, name) in zip("def", _CITIZENS, strict=True)),
    Indicator(
        "R4.2", Right.RESIDENCE,
        t("Residence permit refused", "Titre de séjour refusé", "Отказ в виде на жительство"),
        t("Share of decided residence-permit applications of non-nationals that were refused.",
          "Part des demandes de titre de séjour de personnes étrangères, tranchées, qui ont été refusées.",
          "Доля рассмотренных заявлений иностранцев на вид на жительство, по которым было отказано."),
        t("Applications refused", "Demandes refusées", "Заявления, по которым отказано"),
        t("Applications decided (granted or refused)", "Demandes tranchées (accordées ou refusées)", "Рассмотренные заявления (удовлетворённые или отклонённые)"),
        "CoE Art. 14(1); Directive 2004/81/EC Arts 8, 13-14", COHORT,
        numerator=count(cells(PERMITS, *non_nationals(T, "refused"))),
        denominator=count(cells(PERMITS, *non_nationals(T, "granted"), *non_nationals(T, "refused"))),
        pending=count(cells(PERMITS, *non_nationals(T, "pending"))),
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
        numerator=count(cells(PERMITS, *non_nationals("international_protection", T))),
        denominator=count(cells(PERMITS, *non_nationals(T, T))),
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
        numerator=count(cells(PERMITS, *non_nationals("international_protection", "granted"))),
        denominator=count(cells(PERMITS, *non_nationals("international_protection", "granted"), *non_nationals("international_protection", "refused"))),
        pending=count(cells(PERMITS, *non_nationals("international_protection", "pending"))),
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
        numerator=count(cells(COMPENSATION, ("state_fund", "refused"))),
        denominator=count(cells(COMPENSATION, ("state_fund", "refused"), *(("state_fund", s) for s in AWARDED))),
        pending=count(cells(COMPENSATION, ("state_fund", "pending"))),
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
