"""Indicators of the catalogue that the network does not compute, each with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from crossroads.codebook.definitions import Text
from crossroads.monitoring.indicators.base import Right, t


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
